// The commands of a heartbeat answer (platform-api.md POST /v1/heartbeat: {"commands":[{"id","name"}]}) read from
// the untrusted JSON, in order, before the service decides what to deliver. Pure: no logging, no state; fuzzed by
// tests/fuzz/fuzz_heartbeat_answer.
#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

namespace kiosk::app {

enum class HeartbeatCommandKind {
    Malformed, // not an object, without a name, or without a usable id (1 to 64 printable characters): ignored
    RefreshCatalogue,
    SyncNow,
    SendSelftest,
    Unknown, // a name the kiosk does not know: ignored (its id still counts as delivered)
};

inline constexpr int kMaxHeartbeatCommandIdLength = 64;

struct HeartbeatCommand {
    HeartbeatCommandKind kind = HeartbeatCommandKind::Malformed;
    QString id;   // empty when Malformed
    QString name; // empty when Malformed
};

// One entry per element of "commands" (none when it is missing or not an array).
QList<HeartbeatCommand> parseHeartbeatCommands(const QJsonObject &answer);

} // namespace kiosk::app
