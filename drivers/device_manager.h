// DeviceManager: builds the configured devices (real or simulated) through factories, watches their status, and
// says which required devices are missing. It knows the Device interface only, never concrete classes.
#pragma once

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QVariantMap>

#include <functional>

#include "drivers/device.h"

namespace kiosk::drivers {

struct DeviceSpec {
    DeviceKind kind = DeviceKind::IdCardReader;
    bool enabled = true;
    bool required = false;  // a missing required device takes the kiosk out of service
    bool simulated = false; // talk to kiosk-devsim (same protocol, pty instead of a port)
    QString port;           // serial path, CUPS queue, SANE device name, camera id, file path...
    QVariantMap options;    // kind-specific settings (baud, poll interval, dpi...)
    // Not empty: the configuration may not use this device (e.g. a video file as a camera outside a demo); it is
    // not built, and its status is NoDevice with this reason for staff.
    QString refusal;
};

class DeviceManager : public QObject
{
    Q_OBJECT
public:
    using Factory = std::function<Device *(const DeviceSpec &spec, QObject *parent)>;

    explicit DeviceManager(QObject *parent = nullptr);
    ~DeviceManager() override;

    void setFactory(DeviceKind kind, Factory factory);
    // Creates every enabled device of `specs`; a kind without a factory, or a factory that fails, is reported as a
    // NoDevice status for that kind (never a crash).
    void build(const QList<DeviceSpec> &specs);

    QList<Device *> devices() const;
    Device *device(DeviceKind kind) const;
    DeviceStatus status(DeviceKind kind) const;
    bool isRequired(DeviceKind kind) const;
    QList<DeviceKind> configuredKinds() const;

    // Required devices that are not usable, each with a line for staff: "<kind>: <detail>".
    QStringList missingRequired() const;

signals:
    void deviceStatusChanged(kiosk::drivers::DeviceKind kind, const kiosk::drivers::DeviceStatus &status);
    void requiredAvailabilityChanged(kiosk::drivers::DeviceKind kind, bool usable, const QString &reason);

private:
    struct Entry {
        DeviceSpec spec;
        QPointer<Device> device;
        DeviceStatus status;
        bool lastUsable = true;
    };
    void onStatus(DeviceKind kind, const DeviceStatus &status);

    QHash<DeviceKind, Factory> factories_;
    QHash<DeviceKind, Entry> entries_;
    QList<DeviceKind> order_;
};

QString describeForStaff(DeviceKind kind, const DeviceStatus &status);

} // namespace kiosk::drivers
