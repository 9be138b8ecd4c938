// The composition of concrete drivers: which class serves which device kind, built from a DeviceSpec. Media devices
// (A4 printer, scanner, cameras) register here as their drivers land.
#pragma once

namespace kiosk::drivers {
class DeviceManager;
}

namespace kiosk::app {

// Registers a factory for every device kind this build has a driver for, and opens what it creates.
void registerDeviceFactories(drivers::DeviceManager *manager);

} // namespace kiosk::app
