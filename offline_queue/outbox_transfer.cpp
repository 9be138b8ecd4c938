// Export to and import from removable media, and salvage from a corrupt file moved aside: everything goes through
// Outbox::enqueueAs, so an imported or salvaged item is checked and stored exactly as a fresh one.
#include "offline_queue/outbox_transfer.h"

#include "offline_queue/outbox.h"

#include <QDir>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSet>
#include <QUrl>

#include <sqlite3.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <functional>

namespace kiosk::queue {

Q_LOGGING_CATEGORY(lcTransfer, "kiosk.queue.outbox.transfer")

namespace {

const char kManifestFormat[] = "kiosk-outbox-export";
constexpr int kManifestVersion = 1;

StoreError fail(StoreErrorCode code, const QString &message)
{
    return {code, message};
}

bool writeDurably(const QString &path, const QByteArray &bytes, QString *error)
{
    const QString part = path + QStringLiteral(".part");
    QFile f(part);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        *error = QStringLiteral("cannot write %1: %2").arg(part, f.errorString());
        return false;
    }
    const bool written = f.write(bytes) == bytes.size() && f.flush() && ::fsync(f.handle()) == 0;
    f.close();
    if (!written || ::rename(QFile::encodeName(part).constData(), QFile::encodeName(path).constData()) != 0) {
        *error = QStringLiteral("cannot write %1 completely").arg(path);
        QFile::remove(part);
        return false;
    }
    return true;
}

void fsyncDirectory(const QString &dir)
{
    const int fd = ::open(QFile::encodeName(dir).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

bool readFile(const QString &path, QByteArray *out)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return false;
    *out = f.readAll();
    return f.error() == QFileDevice::NoError;
}

} // namespace

OutboxTransfer::OutboxTransfer(Store &store, Outbox &outbox, OutboxOptions options)
    : store_(store), outbox_(outbox), options_(std::move(options))
{}

StoreResult<ExportReport> OutboxTransfer::exportTo(const QString &dirPath)
{
    StoreResult<ExportReport> r;
    QDir dir(dirPath);
    if (!dir.mkpath(QStringLiteral("envelopes")) || !dir.mkpath(QStringLiteral("blobs"))) {
        r.error = fail(StoreErrorCode::Io, QStringLiteral("cannot create %1").arg(dirPath));
        return r;
    }
    // A read snapshot: the sync engine may keep writing; the export is consistent with one moment.
    Transaction snapshot(store_, Transaction::Mode::Deferred);
    if (!snapshot.isActive()) {
        r.error = snapshot.beginError();
        return r;
    }
    QJsonArray submissions;
    QJsonArray blobEntries;
    QSet<QString> blobsWritten;
    QString why;
    Statement s =
        store_.prepare("SELECT id, local_no, item_code, state, created_wall, last_error, envelope FROM submissions "
                       "WHERE state != 'acked' AND envelope IS NOT NULL ORDER BY created_seq");
    Statement::Step step;
    while ((step = s.step()) == Statement::Step::Row) {
        const QString id = s.text(0);
        const QByteArray envelope = s.blob(6);
        if (!writeDurably(dir.filePath(QStringLiteral("envelopes/%1.json").arg(id)), envelope, &why)) {
            r.error = fail(StoreErrorCode::Io, why);
            return r;
        }
        QJsonArray blobNames;
        const StoreResult<QList<StoredBlob>> stored = outbox_.blobStore().sealedFor(id);
        if (!stored.isOk()) {
            r.error = stored.error;
            return r;
        }
        for (const StoredBlob &b : stored.value) {
            blobNames.append(b.sha256);
            if (blobsWritten.contains(b.sha256))
                continue;
            const QString path = dir.filePath(QStringLiteral("blobs/%1.ksb").arg(b.sha256));
            QByteArray existing;
            // Re-exporting to the same stick rewrites only what is not already there intact.
            if (!(readFile(path, &existing) && sha256Hex(existing) == b.sha256) && !writeDurably(path, b.sealed, &why)) {
                r.error = fail(StoreErrorCode::Io, why);
                return r;
            }
            blobsWritten.insert(b.sha256);
            blobEntries.append(QJsonObject{{QStringLiteral("sha256"), b.sha256}, {QStringLiteral("size"), b.size}});
        }
        submissions.append(QJsonObject{
            {QStringLiteral("id"), id},
            {QStringLiteral("local_no"), s.text(1)},
            {QStringLiteral("item_code"), s.text(2)},
            {QStringLiteral("state"), s.text(3)},
            {QStringLiteral("created_wall_ms"), s.int64(4)},
            {QStringLiteral("last_error"), s.text(5)},
            {QStringLiteral("envelope_sha256"), sha256Hex(envelope)},
            {QStringLiteral("envelope_size"), qint64(envelope.size())},
            {QStringLiteral("blobs"), blobNames},
        });
    }
    if (step == Statement::Step::Error) {
        r.error = s.error();
        return r;
    }
    s = Statement();
    snapshot.rollback(); // read-only: nothing to commit

    const QJsonObject manifest{
        {QStringLiteral("format"), QLatin1String(kManifestFormat)},
        {QStringLiteral("version"), kManifestVersion},
        {QStringLiteral("kiosk_id"), options_.kioskId},
        {QStringLiteral("exported_at"), formatCreatedAt(options_.now())},
        {QStringLiteral("submissions"), submissions},
        {QStringLiteral("blobs"), blobEntries},
    };
    fsyncDirectory(dir.filePath(QStringLiteral("envelopes")));
    fsyncDirectory(dir.filePath(QStringLiteral("blobs")));
    r.value.manifestPath = dir.filePath(QStringLiteral("manifest.json"));
    if (!writeDurably(r.value.manifestPath, QJsonDocument(manifest).toJson(QJsonDocument::Indented), &why)) {
        r.error = fail(StoreErrorCode::Io, why);
        return r;
    }
    fsyncDirectory(dir.absolutePath());
    r.value.submissions = int(submissions.size());
    r.value.blobs = int(blobEntries.size());
    qCInfo(lcTransfer) << "exported" << r.value.submissions << "submission(s) and" << r.value.blobs << "blob(s)";
    return r;
}

StoreResult<ImportReport> OutboxTransfer::importFrom(const QString &dirPath)
{
    StoreResult<ImportReport> r;
    const QDir dir(dirPath);
    QByteArray manifestBytes;
    if (!readFile(dir.filePath(QStringLiteral("manifest.json")), &manifestBytes)) {
        r.error = fail(StoreErrorCode::NotFound,
                       QStringLiteral("no manifest.json in %1 (not an export, or an interrupted one)").arg(dirPath));
        return r;
    }
    const QJsonObject manifest = QJsonDocument::fromJson(manifestBytes).object();
    if (manifest.value(QLatin1String("format")).toString() != QLatin1String(kManifestFormat) ||
        manifest.value(QLatin1String("version")).toInt() != kManifestVersion) {
        r.error = fail(StoreErrorCode::InvalidArgument,
                       QStringLiteral("manifest.json is not a version %1 outbox export").arg(kManifestVersion));
        return r;
    }
    for (const QJsonValue v : manifest.value(QLatin1String("submissions")).toArray()) {
        const QJsonObject entry = v.toObject();
        const QString id = entry.value(QLatin1String("id")).toString();
        // File names are derived from validated ids and hashes, never taken from the manifest: no path traversal.
        if (!isUuidV4(id)) {
            r.value.problems << QStringLiteral("an entry with a malformed id was skipped");
            continue;
        }
        QByteArray envelope;
        if (!readFile(dir.filePath(QStringLiteral("envelopes/%1.json").arg(id)), &envelope) ||
            sha256Hex(envelope) != entry.value(QLatin1String("envelope_sha256")).toString()) {
            r.value.problems << QStringLiteral("%1: envelope file missing or damaged").arg(id);
            continue;
        }
        const SealResult<SealedEnvelope> env = SealedEnvelope::fromBytes(envelope);
        if (!env.isOk() || env.value.id != id) {
            r.value.problems << QStringLiteral("%1: not a sealed envelope").arg(id);
            continue;
        }
        QList<SealedBlob> blobs;
        bool blobsOk = true;
        for (const BlobRef &ref : env.value.blobs) {
            SealedBlob b{ref.sha256, {}};
            if (!readFile(dir.filePath(QStringLiteral("blobs/%1.ksb").arg(ref.sha256)), &b.bytes) ||
                sha256Hex(b.bytes) != ref.sha256) {
                r.value.problems << QStringLiteral("%1: blob %2 missing or damaged").arg(id, ref.sha256);
                blobsOk = false;
                break;
            }
            if (std::none_of(blobs.cbegin(), blobs.cend(), [&](const SealedBlob &x) { return x.sha256 == b.sha256; }))
                blobs << b;
        }
        if (!blobsOk)
            continue;
        const qint64 createdMs = entry.value(QLatin1String("created_wall_ms")).toInteger(0);
        const QDateTime created = createdMs > 0 ? QDateTime::fromMSecsSinceEpoch(createdMs, Qt::UTC) : options_.now();
        const bool dead = entry.value(QLatin1String("state")).toString() == QLatin1String("dead");
        const StoreResult<EnqueueOutcome> q =
            outbox_.enqueueAs(env.value, blobs,
                              {created, dead ? SubmissionState::Dead : SubmissionState::Pending,
                               entry.value(QLatin1String("last_error")).toString()});
        if (!q.isOk()) {
            if (q.error.code == StoreErrorCode::DiskFloor || q.error.code == StoreErrorCode::DiskFull ||
                q.error.code == StoreErrorCode::Io) {
                r.error = q.error; // the rest would fail the same way
                return r;
            }
            r.value.problems << QStringLiteral("%1: %2").arg(id, q.error.message);
        } else if (q.value == EnqueueOutcome::Queued) {
            ++r.value.imported;
        } else {
            ++r.value.alreadyPresent;
        }
    }
    qCInfo(lcTransfer) << "imported" << r.value.imported << "submission(s)," << r.value.alreadyPresent
                     << "already present," << r.value.problems.size() << "problem(s)";
    return r;
}

StoreResult<SalvageReport> OutboxTransfer::salvageFrom(const QString &corruptPath)
{
    StoreResult<SalvageReport> r;
    SalvageReport &rep = r.value;
    sqlite3 *old = nullptr;
    const QByteArray native = QFile::encodeName(corruptPath);
    int rc = sqlite3_open_v2(native.constData(), &old, SQLITE_OPEN_READONLY, nullptr);
    if (rc != SQLITE_OK) {
        sqlite3_close_v2(old);
        old = nullptr;
        // immutable=1 reads the main file alone when its WAL cannot be used.
        const QByteArray uri = "file:" + QUrl::toPercentEncoding(QString::fromLocal8Bit(native), "/") + "?immutable=1";
        rc = sqlite3_open_v2(uri.constData(), &old, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nullptr);
    }
    auto oldQuery = [&](const char *sql, const std::function<void(sqlite3_stmt *)> &row) -> bool {
        sqlite3_stmt *stmt = nullptr;
        if (!old || sqlite3_prepare_v2(old, sql, -1, &stmt, nullptr) != SQLITE_OK) {
            sqlite3_finalize(stmt);
            return false;
        }
        int step;
        while ((step = sqlite3_step(stmt)) == SQLITE_ROW)
            row(stmt);
        sqlite3_finalize(stmt);
        return step == SQLITE_DONE;
    };
    auto text = [](sqlite3_stmt *st, int col) {
        return QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(st, col)),
                                 sqlite3_column_bytes(st, col));
    };
    auto blob = [](sqlite3_stmt *st, int col) {
        const auto *p = static_cast<const char *>(sqlite3_column_blob(st, col));
        return p ? QByteArray(p, sqlite3_column_bytes(st, col)) : QByteArray();
    };

    QHash<QString, qint64> counters;
    rep.countersRead = oldQuery("SELECT name, value FROM counters", [&](sqlite3_stmt *st) {
        counters[text(st, 0)] = qMax(counters.value(text(st, 0)), sqlite3_column_int64(st, 1));
    });
    if (!rep.countersRead)
        rep.problems << QStringLiteral("the counters of the old file are unreadable");
    // Local numbers still readable in rows raise the counters too, whether or not the counters table survived.
    const auto noteLocalNo = [&](sqlite3_stmt *st) {
        QString name;
        qint64 seq = 0;
        if (LocalNumbers::parse(text(st, 0), &name, &seq))
            counters[name] = qMax(counters.value(name), seq);
    };
    oldQuery("SELECT local_no FROM submissions", noteLocalNo);
    oldQuery("SELECT local_no FROM receipts", noteLocalNo);
    if (!rep.countersRead) {
        const LocalNumbers::Floor floor = outbox_.localNumbers().todaysTimeFloor();
        counters[floor.counter] = qMax(counters.value(floor.counter), floor.seq);
        rep.floorApplied = true;
    }
    {
        Transaction tx(store_);
        if (!tx.isActive()) {
            r.error = tx.beginError();
            sqlite3_close_v2(old);
            return r;
        }
        for (auto it = counters.cbegin(); it != counters.cend(); ++it) {
            r.error = outbox_.localNumbers().raise(it.key(), it.value());
            if (!r.isOk()) {
                sqlite3_close_v2(old);
                return r;
            }
        }
        r.error = tx.commit();
        if (!r.isOk()) {
            sqlite3_close_v2(old);
            return r;
        }
    }

    struct OldRow {
        QString id;
        QByteArray envelope;
        QString state;
        qint64 createdWall;
        QString lastError;
    };
    QList<OldRow> rows;
    const bool rowsRead =
        oldQuery("SELECT id, envelope, state, created_wall, last_error FROM submissions "
                 "WHERE state != 'acked' AND envelope IS NOT NULL ORDER BY created_seq",
                 [&](sqlite3_stmt *st) {
                     rows.append({text(st, 0), blob(st, 1), text(st, 2), sqlite3_column_int64(st, 3), text(st, 4)});
                 });
    if (!rowsRead)
        rep.problems
            << QStringLiteral("the submissions of the old file were read only in part (%1 rows)").arg(rows.size());
    for (const OldRow &row : rows) {
        const SealResult<SealedEnvelope> env = SealedEnvelope::fromBytes(row.envelope);
        if (!env.isOk() || env.value.id != row.id) {
            rep.problems << QStringLiteral("%1: envelope unreadable").arg(row.id.left(36));
            continue;
        }
        QSet<QString> wanted;
        for (const BlobRef &ref : env.value.blobs)
            wanted.insert(ref.sha256);
        QList<SealedBlob> blobs;
        // The id is a validated UUID v4 (checked above against the envelope), so it is safe to inline.
        const QByteArray sql =
            "SELECT b.sha256, b.sealed FROM submission_blobs sb JOIN blobs b ON b.sha256 = sb.sha256 "
            "WHERE sb.submission_id = '" +
            row.id.toLatin1() + "' ORDER BY sb.ord";
        oldQuery(sql.constData(), [&](sqlite3_stmt *st) {
            SealedBlob b{text(st, 0), blob(st, 1)};
            const bool listed = wanted.remove(b.sha256);
            if (listed && sha256Hex(b.bytes) == b.sha256)
                blobs << b;
            else if (listed)
                wanted.insert(b.sha256); // damaged: still missing
        });
        if (!wanted.isEmpty()) {
            rep.problems << QStringLiteral("%1: %2 of its blobs are unreadable").arg(row.id).arg(wanted.size());
            continue;
        }
        const StoreResult<EnqueueOutcome> q = outbox_.enqueueAs(
            env.value, blobs,
            {QDateTime::fromMSecsSinceEpoch(row.createdWall, Qt::UTC),
             row.state == QLatin1String("dead") ? SubmissionState::Dead : SubmissionState::Pending, row.lastError});
        if (q.isOk())
            rep.submissionsRecovered += q.value == EnqueueOutcome::Queued ? 1 : 0;
        else
            rep.problems << QStringLiteral("%1: %2").arg(row.id, q.error.message);
    }
    sqlite3_close_v2(old);
    qCWarning(lcTransfer) << "salvage:" << rep.submissionsRecovered << "submission(s) recovered,"
                        << (rep.floorApplied ? "local numbers restart above a time floor" : "counters recovered")
                        << rep.problems.size() << "problem(s)";
    return r;
}

} // namespace kiosk::queue
