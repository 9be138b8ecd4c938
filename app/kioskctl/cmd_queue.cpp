// `kioskctl queue ...`: the outbox for technicians (status, list, one sync pass, export/import to removable media,
// dead letters back to pending). Reads [kiosk], [queue] and [platform] of the configuration; no personal data shown.
#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonArray>
#include <QSettings>

#include "app/config/kiosk_config.h"
#include "app/kioskctl/command.h"
#include "offline_queue/curl_platform_client.h"
#include "offline_queue/outbox.h"
#include "offline_queue/storage/store.h"
#include "offline_queue/sync_engine.h"

namespace kiosk::ctl {

namespace {

using namespace kiosk::queue;

struct QueueContext {
    app::KioskConfig config;
    SyncSettings settings;
    QStringList problems;
};

QueueContext loadContext(const Invocation &inv)
{
    QueueContext c;
    QString path = configPathOf(inv);
    c.config = app::KioskConfig::load(path);
    QSettings ini(path.isEmpty() ? QStringLiteral("/dev/null") : path, QSettings::IniFormat);
    c.settings = loadSyncSettings(ini, c.config.effectiveDataDir(), c.config.kioskId, &c.problems);
    return c;
}

int fail(const Invocation &inv, const QString &message, int code = 1)
{
    if (inv.json)
        printJson({{QStringLiteral("error"), message}});
    else
        err(QStringLiteral("kioskctl queue: ") + message);
    return code;
}

// The queue of this kiosk. `mustExist`: a missing file is reported, not created (a technician's look must not leave
// a root-owned empty database behind for the kiosk user).
struct OpenQueue {
    std::unique_ptr<Store> store;
    std::unique_ptr<Outbox> outbox;
    QString error;
    bool absent = false;
};

OpenQueue openQueue(const QueueContext &c, bool mustExist)
{
    OpenQueue q;
    if (mustExist && !QFileInfo::exists(c.settings.databasePath)) {
        q.absent = true;
        return q;
    }
    StoreOptions options;
    options.recoverCorrupt = false; // never move the kiosk's file aside from here; the kiosk does that at start
    StoreOpenResult r = Store::open(c.settings.databasePath, Outbox::migrations(), options);
    if (!r.isOk()) {
        q.error = QStringLiteral("%1: %2").arg(c.settings.databasePath, r.error.message);
        return q;
    }
    q.store = std::move(r.store);
    OutboxOptions oo;
    oo.kioskId = c.config.kioskId;
    q.outbox = std::make_unique<Outbox>(*q.store, oo);
    return q;
}

QString describeStatus(const SyncStatus &s)
{
    QString line = QStringLiteral("pending %1, in flight %2, dead %3").arg(s.pending).arg(s.inFlight).arg(s.dead);
    line += s.oldestAgeS >= 0 ? QStringLiteral(", oldest %1 s").arg(s.oldestAgeS) : QString();
    line += QStringLiteral(", last sync %1")
                .arg(s.lastSync.isValid() ? formatCreatedAt(s.lastSync) : QStringLiteral("never"));
    if (!s.error.isEmpty())
        line += QStringLiteral("\nlast error: ") + s.error;
    return line;
}

int queueStatus(const Invocation &inv)
{
    const QueueContext c = loadContext(inv);
    OpenQueue q = openQueue(c, true);
    SyncStatus s;
    if (!q.absent) {
        if (!q.store)
            return fail(inv, q.error);
        s = queueStatusFromDatabase(*q.store, *q.outbox);
    }
    if (inv.json)
        printJson(s.toJson());
    else
        out(q.absent ? QStringLiteral("no queue yet at %1").arg(c.settings.databasePath) : describeStatus(s));
    return 0;
}

int queueList(const Invocation &inv)
{
    int limit = 1000;
    for (int i = 0; i < inv.args.size(); ++i) {
        if (inv.args[i] == QLatin1String("--limit") && i + 1 < inv.args.size()) {
            bool ok = false;
            limit = inv.args[++i].toInt(&ok);
            if (!ok || limit <= 0)
                return fail(inv, QStringLiteral("--limit needs a positive number"), 2);
        } else {
            return fail(inv, QStringLiteral("unknown option '%1'").arg(inv.args[i]), 2);
        }
    }
    const QueueContext c = loadContext(inv);
    OpenQueue q = openQueue(c, true);
    QList<SubmissionInfo> items;
    if (!q.absent) {
        if (!q.store)
            return fail(inv, q.error);
        const auto r = q.outbox->list(limit);
        if (!r.isOk())
            return fail(inv, r.error.message);
        items = r.value;
    }
    // Receipt numbers, item codes and states only: the sealed content is not readable here anyway.
    QJsonArray list;
    for (const SubmissionInfo &i : std::as_const(items)) {
        const QString error = sanitizeErrorText(i.lastError);
        if (inv.json) {
            list.append(
                QJsonObject{{QStringLiteral("local_no"), i.localNo},
                            {QStringLiteral("item_code"), i.itemCode},
                            {QStringLiteral("state"), toString(i.state)},
                            {QStringLiteral("attempts"), i.attempts},
                            {QStringLiteral("last_error"), error.isEmpty() ? QJsonValue() : QJsonValue(error)}});
        } else {
            out(QStringLiteral("%1  %2  %3  attempts %4%5")
                    .arg(i.localNo, i.itemCode, toString(i.state))
                    .arg(i.attempts)
                    .arg(error.isEmpty() ? QString() : QStringLiteral("  ") + error));
        }
    }
    if (inv.json)
        printJson({{QStringLiteral("items"), list}});
    else if (items.isEmpty())
        out(QStringLiteral("the queue is empty"));
    return 0;
}

int queueSync(const Invocation &inv)
{
    if (!inv.args.contains(QLatin1String("--once")))
        return fail(
            inv, QStringLiteral("only 'queue sync --once' is available here; the kiosk itself syncs continuously"), 2);
    const QueueContext c = loadContext(inv);
    for (const QString &p : c.problems)
        err(QStringLiteral("config: ") + p);
    if (c.settings.baseUrl.isEmpty())
        return fail(inv, QStringLiteral("no platform configured ([platform] url)"));
    OpenQueue q = openQueue(c, true);
    if (q.absent)
        return fail(inv, QStringLiteral("no queue at %1").arg(c.settings.databasePath));
    if (!q.store)
        return fail(inv, q.error);
    CurlPlatformClient client(c.settings.clientConfig());
    if (!client.configProblem().isEmpty())
        return fail(inv, client.configProblem());
    prepareSyncConnection(*q.store);
    SyncSettings settings = c.settings;
    settings.workerName = QStringLiteral("kioskctl-%1").arg(QCoreApplication::applicationPid());
    SyncCore core(*q.store, *q.outbox, client, settings);
    // A technician's "now": due times and leases of an earlier run are released. If the kiosk is syncing at the
    // same moment, an item may be sent twice; the platform answers the replay with the same case (idempotency).
    const StoreError e = core.makeAllDue();
    if (!e.isOk())
        return fail(inv, e.message);
    PassReport total;
    PassReport pass;
    do {
        pass = core.runPass();
        total.acked += pass.acked;
        total.retried += pass.retried;
        total.dead += pass.dead;
        if (!pass.storeError.isEmpty())
            total.storeError = pass.storeError;
    } while (pass.moreDue && pass.storeError.isEmpty());
    const SyncStatus s = core.status();
    const bool ok = total.retried == 0 && total.storeError.isEmpty();
    if (inv.json) {
        QJsonObject o = s.toJson();
        o.insert(QStringLiteral("acked"), total.acked);
        o.insert(QStringLiteral("retried"), total.retried);
        o.insert(QStringLiteral("dead_now"), total.dead);
        printJson(o);
    } else {
        out(QStringLiteral("sent %1, will retry %2, parked as dead letters %3")
                .arg(total.acked)
                .arg(total.retried)
                .arg(total.dead));
        out(describeStatus(s));
    }
    return ok ? 0 : 1;
}

int queueExport(const Invocation &inv)
{
    if (inv.args.size() != 1)
        return fail(inv, QStringLiteral("usage: queue export DIR"), 2);
    const QueueContext c = loadContext(inv);
    OpenQueue q = openQueue(c, true);
    if (q.absent)
        return fail(inv, QStringLiteral("no queue at %1").arg(c.settings.databasePath));
    if (!q.store)
        return fail(inv, q.error);
    const auto r = q.outbox->exportTo(inv.args.first());
    if (!r.isOk())
        return fail(inv, r.error.message);
    if (inv.json)
        printJson({{QStringLiteral("submissions"), r.value.submissions},
                   {QStringLiteral("blobs"), r.value.blobs},
                   {QStringLiteral("manifest"), r.value.manifestPath}});
    else
        out(QStringLiteral("exported %1 submission(s), %2 blob(s) to %3 (sealed: unreadable without the platform key)")
                .arg(r.value.submissions)
                .arg(r.value.blobs)
                .arg(inv.args.first()));
    return 0;
}

int queueImport(const Invocation &inv)
{
    if (inv.args.size() != 1)
        return fail(inv, QStringLiteral("usage: queue import DIR"), 2);
    const QueueContext c = loadContext(inv);
    OpenQueue q = openQueue(c, false);
    if (!q.store)
        return fail(inv, q.error);
    const auto r = q.outbox->importFrom(inv.args.first());
    if (!r.isOk())
        return fail(inv, r.error.message);
    QJsonArray problems;
    for (const QString &p : r.value.problems) {
        problems.append(p);
        if (!inv.json)
            err(QStringLiteral("not imported: ") + p);
    }
    if (inv.json)
        printJson({{QStringLiteral("imported"), r.value.imported},
                   {QStringLiteral("already_present"), r.value.alreadyPresent},
                   {QStringLiteral("problems"), problems}});
    else
        out(QStringLiteral("imported %1, already present %2, problems %3")
                .arg(r.value.imported)
                .arg(r.value.alreadyPresent)
                .arg(r.value.problems.size()));
    return r.value.problems.isEmpty() ? 0 : 1;
}

int queueRetryDead(const Invocation &inv)
{
    if (inv.args.size() > 1)
        return fail(inv, QStringLiteral("usage: queue retry-dead [ID | LOCAL_NO]"), 2);
    const QueueContext c = loadContext(inv);
    OpenQueue q = openQueue(c, true);
    if (q.absent)
        return fail(inv, QStringLiteral("no queue at %1").arg(c.settings.databasePath));
    if (!q.store)
        return fail(inv, q.error);
    int count = 0;
    if (inv.args.isEmpty()) {
        const auto r = q.outbox->retryAllDead();
        if (!r.isOk())
            return fail(inv, r.error.message);
        count = r.value;
    } else {
        const QString wanted = inv.args.first();
        QString id = wanted;
        const auto all = q.outbox->list(1'000'000);
        if (!all.isOk())
            return fail(inv, all.error.message);
        for (const SubmissionInfo &i : all.value) {
            if (i.localNo == wanted)
                id = i.id;
        }
        const StoreError e = q.outbox->retryDead(id);
        if (!e.isOk())
            return fail(inv, e.message);
        count = 1;
    }
    if (inv.json)
        printJson({{QStringLiteral("requeued"), count}});
    else
        out(QStringLiteral("%1 dead letter(s) back in the queue; the kiosk sends them on its next pass").arg(count));
    return 0;
}

const bool registered = [] {
    registerCommand({{QStringLiteral("queue"), QStringLiteral("status")},
                     QStringLiteral("queue status [--json]"),
                     QStringLiteral("outbox counts, oldest item, last sync, current error"),
                     queueStatus});
    registerCommand({{QStringLiteral("queue"), QStringLiteral("list")},
                     QStringLiteral("queue list [--limit N] [--json]"),
                     QStringLiteral("queued items: local number, item code, state, attempts, last error"),
                     queueList});
    registerCommand({{QStringLiteral("queue"), QStringLiteral("sync")},
                     QStringLiteral("queue sync --once [--json]"),
                     QStringLiteral("send everything pending now, once; exit 1 if something must be retried"),
                     queueSync});
    registerCommand({{QStringLiteral("queue"), QStringLiteral("export")},
                     QStringLiteral("queue export DIR"),
                     QStringLiteral("copy every unsent item (sealed) to DIR, e.g. a USB stick"),
                     queueExport});
    registerCommand({{QStringLiteral("queue"), QStringLiteral("import")},
                     QStringLiteral("queue import DIR"),
                     QStringLiteral("take items exported by a kiosk into this queue (idempotent)"),
                     queueImport});
    registerCommand({{QStringLiteral("queue"), QStringLiteral("retry-dead")},
                     QStringLiteral("queue retry-dead [ID | LOCAL_NO]"),
                     QStringLiteral("put dead letters (all, or one) back into the queue"),
                     queueRetryDead});
    return true;
}();

} // namespace

} // namespace kiosk::ctl
