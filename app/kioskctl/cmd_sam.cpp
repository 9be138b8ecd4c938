// `kioskctl idcard sam` and `idcard sam record`: the card reader's SAM id recorded at commissioning (issue 15;
// app/devices/sam_binding.h). The kiosk writes the id the reader gives at every open into <data_dir>/reader-sam.json;
// the technician records it (or the id printed on the reader, with --id) once the reader is installed. A reader whose
// SAM then differs takes the kiosk out of service until a supervisor accepts it in the menu, or this command records
// the new one and the kiosk is restarted.
#include <QDir>
#include <QFileInfo>

#include "app/config/kiosk_config.h"
#include "app/devices/sam_binding.h"
#include "app/kioskctl/command.h"

namespace kiosk::ctl {

namespace {

int fail(const Invocation &inv, const QString &message, int code)
{
    return failWith(inv, QStringLiteral("idcard sam"), message, code);
}

QString recordFile(const Invocation &inv)
{
    const app::KioskConfig config = app::KioskConfig::load(configPathOf(inv));
    return QDir(config.effectiveDataDir()).filePath(QStringLiteral("reader-sam.json"));
}

QJsonObject toJson(const app::SamRecord &r)
{
    auto time = [](const QDateTime &t) { return t.isValid() ? t.toUTC().toString(Qt::ISODate) : QString(); };
    return {{QStringLiteral("recorded_sam_id"), r.recordedId},
            {QStringLiteral("recorded_at"), time(r.recordedAt)},
            {QStringLiteral("recorded_by"), r.recordedBy},
            {QStringLiteral("seen_sam_id"), r.seenId},
            {QStringLiteral("seen_at"), time(r.seenAt)},
            {QStringLiteral("state"), r.recordedId.isEmpty()     ? QStringLiteral("not_recorded")
                                      : r.seenId.isEmpty()       ? QStringLiteral("not_seen")
                                      : r.seenId == r.recordedId ? QStringLiteral("matches")
                                                                 : QStringLiteral("changed")}};
}

int samShow(const Invocation &inv)
{
    if (!inv.args.isEmpty())
        return fail(inv, QStringLiteral("unknown option '%1'").arg(inv.args.first()), 2);
    QString error;
    const app::SamRecord r = app::readSamRecord(recordFile(inv), &error);
    if (!error.isEmpty())
        return fail(inv, error, 1);
    const QJsonObject o = toJson(r);
    if (inv.json) {
        printJson(o);
    } else {
        out(QStringLiteral("recorded: %1").arg(r.recordedId.isEmpty() ? QStringLiteral("(none)") : r.recordedId));
        out(QStringLiteral("seen:     %1").arg(r.seenId.isEmpty() ? QStringLiteral("(not yet)") : r.seenId));
        out(QStringLiteral("state:    %1").arg(o.value(QStringLiteral("state")).toString()));
    }
    return o.value(QStringLiteral("state")).toString() == QLatin1String("changed") ? 1 : 0;
}

int samRecord(const Invocation &inv)
{
    QString id;
    for (qsizetype i = 0; i < inv.args.size(); ++i) {
        if (inv.args.at(i) == QLatin1String("--id") && i + 1 < inv.args.size())
            id = inv.args.at(++i);
        else
            return fail(inv, QStringLiteral("unknown option '%1'").arg(inv.args.at(i)), 2);
    }
    const QString file = recordFile(inv);
    QString error;
    app::SamRecord r = app::readSamRecord(file, &error);
    if (!error.isEmpty())
        return fail(inv, error, 1);
    if (id.isEmpty())
        id = r.seenId;
    if (id.isEmpty())
        return fail(inv,
                    QStringLiteral("the reader has not given a SAM id yet: start the kiosk with the reader "
                                   "plugged in, or give the id printed on it with --id"),
                    1);
    if (!app::plausibleSamId(id))
        return fail(inv, QStringLiteral("'%1' is not a SAM id (like 05.01-20101209-0000123456-1234567890)").arg(id), 2);
    r.recordedId = id;
    r.recordedAt = QDateTime::currentDateTimeUtc();
    r.recordedBy = QStringLiteral("kioskctl");
    if (const QString e = app::writeSamRecord(file, r); !e.isEmpty())
        return fail(inv, e, 1);
    giveToDataDirOwner(QFileInfo(file).absolutePath(), {file});
    if (inv.json)
        printJson(toJson(r));
    else
        out(QStringLiteral(
                "recorded SAM %1 in %2; the kiosk checks it at the reader's next open (restart kiosk.service "
                "to apply now)")
                .arg(id, file));
    return 0;
}

const bool registered = [] {
    registerCommand({{QStringLiteral("idcard"), QStringLiteral("sam")},
                     QStringLiteral("idcard sam [--json] [--config F]"),
                     QStringLiteral("the card reader's SAM id: recorded at commissioning and last seen (exit 1 if they "
                                    "differ)"),
                     samShow});
    registerCommand({{QStringLiteral("idcard"), QStringLiteral("sam"), QStringLiteral("record")},
                     QStringLiteral("idcard sam record [--id ID] [--json] [--config F]"),
                     QStringLiteral("record the SAM id the reader gave last (or ID) as this kiosk's reader"),
                     samRecord});
    return true;
}();

} // namespace

} // namespace kiosk::ctl
