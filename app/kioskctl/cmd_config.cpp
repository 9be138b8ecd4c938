// `kioskctl config check`: validates a configuration file, its drop-ins (<file>.d/*.conf) and its local override (the
// maintenance menu's settings), and prints their problems and the file every value comes from.
#include <QFileInfo>
#include <QJsonArray>

#include "app/config/config_layers.h"
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
    const app::LayeredConfig layered(path);
    if (QFileInfo::exists(path))
        app::loadDeviceSpecs(layered.path(), &problems);
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
    QJsonObject values;
    for (const QString &key : layered.keys()) {
        const QString value = layered.value(key).toStringList().join(QStringLiteral(", "));
        const QString file = cfg.overriddenKeys.contains(key) ? cfg.overridePath : layered.sourceOf(key);
        values.insert(key, QJsonObject{{QStringLiteral("value"), value}, {QStringLiteral("file"), file}});
        if (!inv.json && !cfg.overriddenKeys.contains(key))
            out(QStringLiteral("value: %1 = %2 (from %3)").arg(key, value, file));
    }
    QJsonObject local;
    for (const QString &key : cfg.overriddenKeys) {
        local.insert(key, cfg.overridableValue(key));
        if (!inv.json)
            out(QStringLiteral("local: %1 = %2 (from %3, set in the maintenance menu)")
                    .arg(key, cfg.overridableValue(key), cfg.overridePath));
    }
    if (inv.json) {
        printJson({{QStringLiteral("file"), path},
                   {QStringLiteral("drop_ins"), QJsonArray::fromStringList(app::configDropIns(path))},
                   {QStringLiteral("values"), values},
                   {QStringLiteral("local_file"), cfg.overridePath},
                   {QStringLiteral("local_values"), local},
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

const bool registered =
    registerCommand({{QStringLiteral("config"), QStringLiteral("check")},
                     QStringLiteral("config check [--config FILE | FILE]"),
                     QStringLiteral("validate a configuration file, its drop-ins (FILE.d/*.conf) and its local "
                                    "override (the maintenance menu's settings); print problems and the file of "
                                    "every value"),
                     configCheck});

} // namespace

} // namespace kiosk::ctl
