// Heartbeat answer commands (see heartbeat_commands.h).
#include "app/fleet/heartbeat_commands.h"

#include <QJsonArray>

#include <algorithm>

#include "app/fleet/heartbeat_service.h"

namespace kiosk::app {

namespace {

// An id is logged and remembered (the last 1024, against repeats): a short printable string, so that a hostile
// platform can neither forge log lines with control characters nor make the kiosk keep megabytes of ids.
bool usableId(const QString &id)
{
    if (id.isEmpty() || id.size() > kMaxHeartbeatCommandIdLength)
        return false;
    return std::all_of(id.cbegin(), id.cend(), [](QChar c) { return c.isPrint(); });
}

} // namespace

QList<HeartbeatCommand> parseHeartbeatCommands(const QJsonObject &answer)
{
    QList<HeartbeatCommand> out;
    const QJsonArray commands = answer.value(QLatin1String("commands")).toArray();
    out.reserve(commands.size());
    for (const QJsonValue &v : commands) {
        const QJsonObject c = v.toObject();
        HeartbeatCommand cmd;
        const QString id = c.value(QLatin1String("id")).toString();
        const QString name = c.value(QLatin1String("name")).toString();
        if (!usableId(id) || name.isEmpty()) {
            out << cmd;
            continue;
        }
        cmd.id = id;
        cmd.name = name;
        if (name == QLatin1String(heartbeat_command::kRefreshCatalogue))
            cmd.kind = HeartbeatCommandKind::RefreshCatalogue;
        else if (name == QLatin1String(heartbeat_command::kSyncNow))
            cmd.kind = HeartbeatCommandKind::SyncNow;
        else if (name == QLatin1String(heartbeat_command::kSendSelftest))
            cmd.kind = HeartbeatCommandKind::SendSelftest;
        else
            cmd.kind = HeartbeatCommandKind::Unknown;
        out << cmd;
    }
    return out;
}

} // namespace kiosk::app
