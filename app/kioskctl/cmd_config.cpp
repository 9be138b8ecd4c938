// `kioskctl config check`: validates a configuration file and prints its problems.
#include <QFileInfo>
#include <QJsonArray>

#include "app/config/kiosk_config.h"
#include "app/devices/device_config.h"
#include "app/kioskctl/command.h"

namespace kiosk::ctl {

namespace {

int configCheck(const Invocation &inv)
{
    QString path = inv.configPath;
    if (path.isEmpty() && !inv.args.isEmpty())
        path = inv.args.first();
    if (path.isEmpty())
        path = QStringLiteral("/etc/kiosk/kiosk.conf");
    QList<app::ConfigProblem> problems;
    const app::KioskConfig cfg = app::KioskConfig::load(path, &problems);
    if (QFileInfo::exists(path))
        app::loadDeviceSpecs(path, &problems);
    int errors = 0;
    QJsonArray list;
    for (const app::ConfigProblem &p : problems) {
        const bool isError = p.severity == app::ConfigProblem::Severity::Error;
        errors += isError ? 1 : 0;
        list.append(
            QJsonObject{{QStringLiteral("severity"), isError ? QStringLiteral("error") : QStringLiteral("warning")},
                        {QStringLiteral("key"), p.key},
                        {QStringLiteral("message"), p.message}});
        if (!inv.json)
            out(QStringLiteral("%1: %2%3")
                    .arg(isError ? QStringLiteral("error") : QStringLiteral("warning"),
                         p.key.isEmpty() ? QString() : p.key + QStringLiteral(": "), p.message));
    }
    if (inv.json) {
        printJson({{QStringLiteral("file"), path},
                   {QStringLiteral("ok"), errors == 0},
                   {QStringLiteral("kiosk_id"), cfg.kioskId},
                   {QStringLiteral("problems"), list}});
    } else {
        out(errors == 0
                ? QStringLiteral("%1: ok (kiosk id %2, %3 warning(s))").arg(path, cfg.kioskId).arg(problems.size())
                : QStringLiteral("%1: %2 error(s)").arg(path).arg(errors));
    }
    return errors == 0 ? 0 : 1;
}

const bool registered = registerCommand({{QStringLiteral("config"), QStringLiteral("check")},
                                         QStringLiteral("config check [--config FILE | FILE]"),
                                         QStringLiteral("validate a configuration file and print its problems"),
                                         configCheck});

} // namespace

} // namespace kiosk::ctl
