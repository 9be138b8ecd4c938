// Stable names for device kinds and states, as used in config, kioskctl JSON and heartbeats.
#include "drivers/device.h"

#include <array>
#include <utility>

namespace kiosk::drivers {

namespace {
constexpr std::array<std::pair<DeviceKind, const char *>, 7> kKindNames{{
    {DeviceKind::IdCardReader, "idcard_reader"},
    {DeviceKind::CodeScanner, "code_scanner"},
    {DeviceKind::ReceiptPrinter, "receipt_printer"},
    {DeviceKind::DocumentPrinter, "document_printer"},
    {DeviceKind::DocumentScanner, "document_scanner"},
    {DeviceKind::DocumentCamera, "document_camera"},
    {DeviceKind::FaceCamera, "face_camera"},
}};
} // namespace

QString toString(DeviceKind kind)
{
    for (const auto &[k, name] : kKindNames) {
        if (k == kind)
            return QString::fromLatin1(name);
    }
    return QStringLiteral("unknown");
}

bool deviceKindFromString(const QString &name, DeviceKind *kind)
{
    for (const auto &[k, n] : kKindNames) {
        if (name == QLatin1String(n)) {
            *kind = k;
            return true;
        }
    }
    return false;
}

QString toString(DeviceState state)
{
    switch (state) {
    case DeviceState::Online: return QStringLiteral("online");
    case DeviceState::Offline: return QStringLiteral("offline");
    case DeviceState::Busy: return QStringLiteral("busy");
    case DeviceState::NoDevice: return QStringLiteral("no_device");
    case DeviceState::HardwareError: return QStringLiteral("hardware_error");
    case DeviceState::UserError: return QStringLiteral("user_error");
    }
    return QStringLiteral("unknown");
}

} // namespace kiosk::drivers
