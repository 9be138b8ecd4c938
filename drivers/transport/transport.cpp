// Stable names for transport error codes (logs, status details, kioskctl JSON).
#include "drivers/transport/transport.h"

namespace kiosk::drivers {

QString toString(TransportErrorCode code)
{
    switch (code) {
    case TransportErrorCode::None: return QStringLiteral("none");
    case TransportErrorCode::OpenFailed: return QStringLiteral("open_failed");
    case TransportErrorCode::Io: return QStringLiteral("io");
    case TransportErrorCode::Disconnected: return QStringLiteral("disconnected");
    case TransportErrorCode::Timeout: return QStringLiteral("timeout");
    case TransportErrorCode::NotOpen: return QStringLiteral("not_open");
    }
    return QStringLiteral("unknown");
}

} // namespace kiosk::drivers
