// Device creation and health tracking.
#include "drivers/device_manager.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcDeviceManager, "kiosk.drivers.devicemanager")

namespace kiosk::drivers {

DeviceManager::DeviceManager(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<DeviceStatus>();
    qRegisterMetaType<SelfTestResult>();
}

DeviceManager::~DeviceManager()
{
    // Devices are children; delete them in reverse creation order so dependants go first.
    for (auto it = order_.crbegin(); it != order_.crend(); ++it) {
        if (Device *d = entries_.value(*it).device)
            delete d;
    }
}

void DeviceManager::setFactory(DeviceKind kind, Factory factory)
{
    factories_.insert(kind, std::move(factory));
}

void DeviceManager::build(const QList<DeviceSpec> &specs)
{
    for (const DeviceSpec &spec : specs) {
        if (!spec.enabled || entries_.contains(spec.kind))
            continue;
        Entry e;
        e.spec = spec;
        auto f = factories_.constFind(spec.kind);
        if (f != factories_.constEnd() && spec.refusal.isEmpty())
            e.device = (*f)(spec, this);
        if (!spec.refusal.isEmpty()) {
            e.status = {DeviceState::NoDevice, spec.refusal, QStringLiteral("correct the [devices] section")};
        } else if (e.device) {
            e.status = e.device->status();
            const DeviceKind kind = spec.kind;
            connect(e.device, &Device::statusChanged, this, [this, kind](const DeviceStatus &s) { onStatus(kind, s); });
        } else {
            e.status = {DeviceState::NoDevice, QStringLiteral("no driver could be created for %1").arg(spec.port),
                        QStringLiteral("check the [devices] section of the configuration")};
        }
        e.lastUsable = e.status.usable();
        order_.append(spec.kind);
        entries_.insert(spec.kind, e);
        qCInfo(lcDeviceManager).noquote() << toString(spec.kind) << (spec.simulated ? "(simulated)" : "") << spec.port
                                          << "->" << toString(e.status.state);
        if (spec.required && !e.lastUsable)
            emit requiredAvailabilityChanged(spec.kind, false, describeForStaff(spec.kind, e.status));
    }
}

QList<Device *> DeviceManager::devices() const
{
    QList<Device *> out;
    for (DeviceKind k : order_) {
        if (Device *d = entries_.value(k).device)
            out << d;
    }
    return out;
}

Device *DeviceManager::device(DeviceKind kind) const
{
    return entries_.value(kind).device;
}

DeviceStatus DeviceManager::status(DeviceKind kind) const
{
    return entries_.value(kind).status;
}

bool DeviceManager::isRequired(DeviceKind kind) const
{
    return entries_.value(kind).spec.required;
}

QList<DeviceKind> DeviceManager::configuredKinds() const
{
    return order_;
}

QStringList DeviceManager::missingRequired() const
{
    QStringList out;
    for (DeviceKind k : order_) {
        const Entry &e = entries_[k];
        if (e.spec.required && !e.status.usable())
            out << describeForStaff(k, e.status);
    }
    return out;
}

void DeviceManager::onStatus(DeviceKind kind, const DeviceStatus &status)
{
    auto it = entries_.find(kind);
    if (it == entries_.end() || it->status == status)
        return;
    it->status = status;
    qCInfo(lcDeviceManager).noquote() << toString(kind) << "->" << toString(status.state) << status.detail;
    emit deviceStatusChanged(kind, status);
    const bool usable = status.usable();
    if (it->spec.required && usable != it->lastUsable)
        emit requiredAvailabilityChanged(kind, usable, usable ? QString() : describeForStaff(kind, status));
    it->lastUsable = usable;
}

QString describeForStaff(DeviceKind kind, const DeviceStatus &status)
{
    QString line = toString(kind) + QStringLiteral(": ") + toString(status.state);
    if (!status.detail.isEmpty())
        line += QStringLiteral(" (") + status.detail + QLatin1Char(')');
    if (!status.recoveryHint.isEmpty())
        line += QStringLiteral(" — ") + status.recoveryHint;
    return line;
}

} // namespace kiosk::drivers
