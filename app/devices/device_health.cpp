// Bridge from DeviceManager to ServiceAvailability.
#include "app/devices/device_health.h"

#include "app/session/service_availability.h"
#include "drivers/device_manager.h"

namespace kiosk::app {

DeviceHealth::DeviceHealth(drivers::DeviceManager *devices, ServiceAvailability *availability, QObject *parent)
    : QObject(parent)
{
    connect(devices, &drivers::DeviceManager::requiredAvailabilityChanged, availability,
            [availability](drivers::DeviceKind kind, bool usable, const QString &reason) {
                availability->setPartAvailable(drivers::toString(kind), usable, reason);
            });
    for (drivers::DeviceKind kind : devices->configuredKinds()) {
        if (devices->isRequired(kind) && !devices->status(kind).usable())
            availability->setPartAvailable(drivers::toString(kind), false,
                                           drivers::describeForStaff(kind, devices->status(kind)));
    }
}

} // namespace kiosk::app
