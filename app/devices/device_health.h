// Connects device health to the kiosk's service availability: a required device that is not usable takes the kiosk
// out of service (with the reason for staff); an optional one only hides its feature.
#pragma once

#include <QObject>

namespace kiosk::drivers {
class DeviceManager;
}

namespace kiosk::app {

class ServiceAvailability;

class DeviceHealth : public QObject
{
    Q_OBJECT
public:
    DeviceHealth(drivers::DeviceManager *devices, ServiceAvailability *availability, QObject *parent = nullptr);
};

} // namespace kiosk::app
