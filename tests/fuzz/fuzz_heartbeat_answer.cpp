// libFuzzer target: the commands of a POST /v1/heartbeat answer from an untrusted platform (parseHeartbeatCommands).
// Never a crash or a sanitizer report; one entry per element of "commands"; an entry is Malformed exactly when it
// has no usable id (below) or no name (then both are empty); a known kind carries exactly its contract name; every
// other name is Unknown; ids and names are the answer's strings, unchanged. An id the kiosk accepts is logged and
// remembered (the last 1024, against repeats), so it is short (at most 64 characters) and printable: no control
// character that could forge a log line.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdint>

#include "app/fleet/heartbeat_commands.h"
#include "app/fleet/heartbeat_service.h"
#include "tests/fuzz/fuzz_require.h"

using kiosk::fuzz::require;
using namespace kiosk::app;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const QJsonObject answer = QJsonDocument::fromJson(bytes).object();
    const QJsonArray array = answer.value(QLatin1String("commands")).toArray();
    const QList<HeartbeatCommand> commands = parseHeartbeatCommands(answer);
    require(commands.size() == array.size());
    for (int i = 0; i < commands.size(); ++i) {
        const HeartbeatCommand &c = commands[i];
        const QJsonObject o = array[i].toObject();
        const QString id = o.value(QLatin1String("id")).toString();
        const QString name = o.value(QLatin1String("name")).toString();
        bool usable = !id.isEmpty() && !name.isEmpty() && id.size() <= kMaxHeartbeatCommandIdLength;
        for (const QChar ch : id)
            usable = usable && ch.isPrint();
        if (!usable) {
            require(c.kind == HeartbeatCommandKind::Malformed && c.id.isEmpty() && c.name.isEmpty());
            continue;
        }
        require(c.kind != HeartbeatCommandKind::Malformed && c.id == id && c.name == name);
        switch (c.kind) {
        case HeartbeatCommandKind::RefreshCatalogue:
            require(name == QLatin1String(heartbeat_command::kRefreshCatalogue));
            break;
        case HeartbeatCommandKind::SyncNow: require(name == QLatin1String(heartbeat_command::kSyncNow)); break;
        case HeartbeatCommandKind::SendSelftest:
            require(name == QLatin1String(heartbeat_command::kSendSelftest));
            break;
        case HeartbeatCommandKind::Unknown:
            require(name != QLatin1String(heartbeat_command::kRefreshCatalogue) &&
                    name != QLatin1String(heartbeat_command::kSyncNow) &&
                    name != QLatin1String(heartbeat_command::kSendSelftest));
            break;
        case HeartbeatCommandKind::Malformed: require(false); break;
        }
    }
    return 0;
}
