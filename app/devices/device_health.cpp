// Bridge from DeviceManager to ServiceAvailability, with a grace period before a loss counts.
#include "app/devices/device_health.h"

#include "app/session/service_availability.h"
#include "drivers/device_manager.h"

namespace kiosk::app {

DeviceHealth::DeviceHealth(drivers::DeviceManager *devices, ServiceAvailability *availability, int graceMs,
                           QObject *parent)
    : QObject(parent), devices_(devices), availability_(availability), graceMs_(graceMs)
{
    connect(devices, &drivers::DeviceManager::requiredAvailabilityChanged, this, &DeviceHealth::update);
    for (drivers::DeviceKind kind : devices->configuredKinds()) {
        if (devices->isRequired(kind) && !devices->status(kind).usable())
            update(kind, false, drivers::describeForStaff(kind, devices->status(kind)));
    }
}

void DeviceHealth::update(drivers::DeviceKind kind, bool usable, const QString &reason)
{
    const QString part = drivers::toString(kind);
    if (usable) {
        if (QTimer *t = pending_.take(kind))
            t->deleteLater();
        availability_->setPartAvailable(part, true);
        return;
    }
    if (graceMs_ <= 0) {
        availability_->setPartAvailable(part, false, reason);
        return;
    }
    if (pending_.contains(kind))
        return;
    auto *t = new QTimer(this);
    t->setSingleShot(true);
    connect(t, &QTimer::timeout, this, [this, kind, part] {
        if (QTimer *done = pending_.take(kind))
            done->deleteLater();
        // The reason as it is now, not as it was when the device first failed.
        if (!devices_->status(kind).usable())
            availability_->setPartAvailable(part, false, drivers::describeForStaff(kind, devices_->status(kind)));
    });
    pending_.insert(kind, t);
    t->start(graceMs_);
}

} // namespace kiosk::app
