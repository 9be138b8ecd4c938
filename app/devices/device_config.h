// The [devices] section of the kiosk configuration, turned into device specs for the DeviceManager.
#pragma once

#include <QList>
#include <QString>

#include "app/config/kiosk_config.h"
#include "drivers/device_manager.h"

namespace kiosk::app {

// Reads `devices/<kind>.<setting>` keys (enabled, required, simulated, port, and kind-specific options) from the INI
// file at `path`. Every kind has a safe default; invalid values keep it and add a problem.
QList<drivers::DeviceSpec> loadDeviceSpecs(const QString &path, QList<ConfigProblem> *problems = nullptr);
QList<drivers::DeviceSpec> defaultDeviceSpecs();
// Where kiosk-devsim makes its pty links when a device is simulated (devices/simulator_dir).
QString simulatorDir(const QString &path);

} // namespace kiosk::app
