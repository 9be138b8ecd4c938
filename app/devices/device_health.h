// Connects device health to the kiosk's service availability: a required device that stays unusable for a grace
// period takes the kiosk out of service (with the reason for staff); an optional one only hides its feature.
#pragma once

#include <QHash>
#include <QObject>
#include <QTimer>

#include "drivers/device.h"

namespace kiosk::drivers {
class DeviceManager;
}

namespace kiosk::app {

class ServiceAvailability;

class DeviceHealth : public QObject
{
    Q_OBJECT
public:
    // `graceMs`: how long a required device may be unusable before it counts (devices open in the background at
    // start-up, and a serial hiccup should not flash the out-of-service screen).
    DeviceHealth(drivers::DeviceManager *devices, ServiceAvailability *availability, int graceMs = 3000,
                 QObject *parent = nullptr);

private:
    void update(drivers::DeviceKind kind, bool usable, const QString &reason);

    drivers::DeviceManager *devices_;
    ServiceAvailability *availability_;
    int graceMs_;
    QHash<drivers::DeviceKind, QTimer *> pending_;
};

} // namespace kiosk::app
