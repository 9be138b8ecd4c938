// A device as the maintenance menu shows it, built generically from what the driver reports: identity, status with
// detail and hint, and one row per capability (label, typed value, unit), so a panel needs no code per device kind
// (the way sigrok's PulseView builds its panels from a driver's config keys). No personal data: drivers report none.
// This header names nothing of drivers/ (ui includes it); describeDevice() reads a drivers::Device.
#pragma once

#include <QList>
#include <QString>
#include <QVariant>

namespace kiosk::drivers {
class Device;
class DeviceManager;
} // namespace kiosk::drivers

namespace kiosk::app {

struct DeviceFact {
    enum class Type { Flag, Integer, Real, Text, List };
    QString key;                 // the capability's stable machine name, e.g. "paper_width_mm"
    const char *label = nullptr; // zh_CN source text in the context "kiosk::app::DeviceFact" (the screen translates it)
    Type type = Type::Text;
    QVariant value; // bool, qint64, double, QString or QStringList as `type` says
    QString unit;   // "mm", "ms", "B", "px", "dpi", "fps" or empty
};

struct DeviceDescription {
    QString kind;  // "idcard_reader", ... (drivers' stable name)
    QString model; // e.g. "SAM_V reader", "CUPS-PDF"
    QString port;  // e.g. "/dev/ttyUSB0", "cups:KIOSK_A4"
    QString state; // "online", "offline", "busy", "no_device", "hardware_error", "user_error"
    bool usable = false;
    QString detail; // what is wrong, for technicians
    QString hint;   // what to do about it
    QList<DeviceFact> facts;
};

DeviceDescription describeDevice(const drivers::Device &device);
// Every configured device of `devices`, in their configured order.
QList<DeviceDescription> describeDevices(drivers::DeviceManager &devices);
// The label of a capability by its machine name (nullptr for an unknown key): every capability has one
// (test_device_description checks it).
const char *deviceFactLabel(const QString &key);
// The label of a self-test detail by its key (the drivers' SelfTestResult::details and the maintenance checks' "size"),
// a zh_CN source text in the context "kiosk::app::DeviceFact"; nullptr for a key not in the table. Technicians read
// Chinese: the menu shows "画面宽度：640 像素", never "width: 640" (issue 18).
const char *selfTestDetailLabel(const QString &key);
// The unit of a self-test detail ("px" for sizes), empty when it has none.
QString selfTestDetailUnit(const QString &key);

} // namespace kiosk::app
