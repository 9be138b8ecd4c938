// `kioskctl audit ...`: verify the audit hash chain, show its head and its last records (which hold no personal data).
// Reads [kiosk] data_dir and [audit] of the configuration; never creates the log or its key.
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSettings>

#include "app/audit/audit_log.h"
#include "app/config/kiosk_config.h"
#include "app/kioskctl/command.h"
#include "offline_queue/storage/key_store.h"

namespace kiosk::ctl {

namespace {

app::AuditOptions auditOptions(const Invocation &inv)
{
    QString path = configPathOf(inv);
    const app::KioskConfig config = app::KioskConfig::load(path);
    QSettings ini(path.isEmpty() ? QStringLiteral("/dev/null") : path, QSettings::IniFormat);
    QStringList problems;
    app::AuditOptions o = app::loadAuditOptions(ini, config.effectiveDataDir(), &problems);
    for (const QString &p : std::as_const(problems))
        err(QStringLiteral("config: ") + p);
    o.recoverCorrupt = false;
    return o;
}

int fail(const Invocation &inv, const QString &message, int code)
{
    if (inv.json)
        printJson({{QStringLiteral("error"), message}});
    else
        err(QStringLiteral("kioskctl audit: ") + message);
    return code;
}

// The platform's export of this kiosk's anchors: a JSON array of {"seq", "head_hash"} (as POST /v1/audit/anchor
// carried them), or text lines "SEQ HEAD_HASH". Empty with `error` when the file cannot be used.
QList<app::AuditHead> readAnchors(const QString &path, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, f.errorString());
        return {};
    }
    const QByteArray bytes = f.read(16 * 1024 * 1024);
    static const QRegularExpression hex(QStringLiteral("^[0-9a-f]{64}$"));
    QList<app::AuditHead> anchors;
    auto add = [&](qint64 seq, const QString &hash, int where) {
        if (seq < 1 || !hex.match(hash).hasMatch()) {
            *error = QStringLiteral("%1: entry %2 is not a seq >= 1 with a lowercase hex SHA-256").arg(path).arg(where);
            return false;
        }
        anchors.append({seq, hash});
        return true;
    };
    const QJsonDocument doc = QJsonDocument::fromJson(bytes);
    if (doc.isArray()) {
        int i = 0;
        for (const QJsonValue v : doc.array()) {
            const QJsonObject o = v.toObject();
            if (!add(qint64(o.value(QLatin1String("seq")).toDouble()), o.value(QLatin1String("head_hash")).toString(),
                     ++i))
                return {};
        }
    } else {
        int lineNo = 0;
        for (const QByteArray &raw : bytes.split('\n')) {
            ++lineNo;
            const QByteArray line = raw.simplified();
            if (line.isEmpty() || line.startsWith('#'))
                continue;
            const QList<QByteArray> parts = line.split(' ');
            if (parts.size() != 2) {
                *error = QStringLiteral("%1: line %2 is not 'SEQ HEAD_HASH'").arg(path).arg(lineNo);
                return {};
            }
            if (!add(parts[0].toLongLong(), QString::fromLatin1(parts[1]), lineNo))
                return {};
        }
    }
    if (anchors.isEmpty())
        *error = QStringLiteral("%1 holds no anchor").arg(path);
    return anchors;
}

int auditVerify(const Invocation &inv)
{
    QStringList args = inv.args;
    QString anchorsFile;
    const qsizetype a = args.indexOf(QStringLiteral("--anchors"));
    if (a >= 0) {
        if (a + 1 >= args.size())
            return fail(inv, QStringLiteral("--anchors needs a file"), 2);
        anchorsFile = args.at(a + 1);
        args.remove(a, 2);
    }
    if (!args.isEmpty())
        return fail(inv, QStringLiteral("usage: audit verify [--anchors FILE] [--config F] [--json]"), 2);
    QList<app::AuditHead> anchors;
    if (!anchorsFile.isEmpty()) {
        QString why;
        anchors = readAnchors(anchorsFile, &why);
        if (anchors.isEmpty())
            return fail(inv, why, 2);
    }
    const app::AuditOptions o = auditOptions(inv);
    app::AuditVerifyResult v;
    const bool dbThere = QFileInfo::exists(o.databasePath);
    const bool keyThere = QFileInfo::exists(o.keyPath) || QFileInfo::exists(queue::keys::sealedPathOf(o.keyPath));
    if (!dbThere && !keyThere) {
        // A kiosk that never wrote an event: nothing to prove, nothing broken.
        v.ok = true;
        v.detail = QStringLiteral("no audit log yet at %1").arg(o.databasePath);
    } else if (!dbThere) {
        v.firstBadSeq = 1;
        v.detail = QStringLiteral("the audit log %1 is missing but its key exists (deleted?)").arg(o.databasePath);
    } else {
        app::AuditOpenResult r = app::AuditLog::openExisting(o);
        if (!r.isOk()) {
            v.firstBadSeq = 0;
            v.detail = r.error.message;
        } else {
            v = anchors.isEmpty() ? r.log->verify() : r.log->verifyAgainst(anchors);
        }
    }
    if (inv.json) {
        printJson(v.toJson());
    } else if (v.ok) {
        out(QStringLiteral("audit chain ok: %1 record(s) after checkpoint %2, head seq %3 %4")
                .arg(v.records)
                .arg(v.checkpointSeq)
                .arg(v.head.seq)
                .arg(v.head.hash.isEmpty() ? QStringLiteral("(empty)") : v.head.hash));
        if (!anchors.isEmpty())
            out(QStringLiteral("passes through %1 of the platform's %2 anchor(s) (the others were pruned behind the "
                               "checkpoint)")
                    .arg(v.anchorsChecked)
                    .arg(anchors.size()));
        if (!v.detail.isEmpty())
            out(v.detail);
    } else {
        out(QStringLiteral("audit chain BROKEN at seq %1: %2").arg(v.firstBadSeq).arg(v.detail));
    }
    return v.ok ? 0 : 1;
}

int auditTail(const Invocation &inv)
{
    int count = 20;
    if (inv.args.size() > 1)
        return fail(inv, QStringLiteral("usage: audit tail [N]"), 2);
    if (inv.args.size() == 1) {
        bool ok = false;
        count = inv.args.first().toInt(&ok);
        if (!ok || count <= 0 || count > 100000)
            return fail(inv, QStringLiteral("N must be a number from 1 to 100000"), 2);
    }
    app::AuditOpenResult r = app::AuditLog::openExisting(auditOptions(inv));
    if (!r.isOk())
        return fail(inv, r.error.message, 1);
    const auto t = r.log->tail(count);
    if (!t.isOk())
        return fail(inv, t.error.message, 1);
    QJsonArray records;
    for (const app::AuditRecord &rec : t.value) {
        if (inv.json)
            records.append(rec.toJson());
        else
            out(QStringLiteral("%1  %2  %3  %4").arg(rec.seq, 6).arg(rec.at, rec.kind, QString::fromUtf8(rec.detail)));
    }
    if (inv.json)
        printJson({{QStringLiteral("records"), records}});
    else if (t.value.isEmpty())
        out(QStringLiteral("the audit log is empty"));
    return 0;
}

int auditHead(const Invocation &inv)
{
    app::AuditOpenResult r = app::AuditLog::openExisting(auditOptions(inv));
    if (!r.isOk())
        return fail(inv, r.error.message, 1);
    const app::AuditHead h = r.log->head();
    const std::optional<app::AuditHead> anchored = r.log->lastAnchored();
    if (inv.json) {
        printJson({{QStringLiteral("seq"), h.seq},
                   {QStringLiteral("head_hash"), h.hash.isEmpty() ? QJsonValue() : QJsonValue(h.hash)},
                   {QStringLiteral("anchored_seq"), anchored ? QJsonValue(anchored->seq) : QJsonValue()}});
    } else {
        out(QStringLiteral("head seq %1 %2; anchored at the platform: %3")
                .arg(h.seq)
                .arg(h.hash.isEmpty() ? QStringLiteral("(empty)") : h.hash)
                .arg(anchored ? QString::number(anchored->seq) : QStringLiteral("never")));
    }
    return 0;
}

const bool registered = [] {
    registerCommand({{QStringLiteral("audit"), QStringLiteral("verify")},
                     QStringLiteral("audit verify [--anchors FILE] [--config F] [--json]"),
                     QStringLiteral("verify the audit hash chain: exit 0 intact, 1 broken (names the first bad seq)"),
                     auditVerify});
    registerCommand({{QStringLiteral("audit"), QStringLiteral("tail")},
                     QStringLiteral("audit tail [N] [--json]"),
                     QStringLiteral("the last N (20) audit records; they hold no personal data"),
                     auditTail});
    registerCommand({{QStringLiteral("audit"), QStringLiteral("head")},
                     QStringLiteral("audit head [--json]"),
                     QStringLiteral("the chain's head (seq and hash) and the last seq anchored at the platform"),
                     auditHead});
    return true;
}();

} // namespace

} // namespace kiosk::ctl
