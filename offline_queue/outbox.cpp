// The outbox tables and their state machine: pending -> in_flight -> acked | pending (retry) | dead -> pending.
#include "offline_queue/outbox.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QSet>
#include <QUrl>

#include <sqlite3.h>

#include <fcntl.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cstdio>

namespace kiosk::queue {

Q_LOGGING_CATEGORY(lcOutbox, "kiosk.queue.outbox")

namespace {

// Evaluations carry a score, reason codes and a comment the citizen was asked to keep free of personal data; they
// are queued like submissions (durably, sent exactly once by Idempotency-Key) and deleted once the platform has them.
const char kSchemaV2[] = R"sql(
CREATE TABLE evaluations (
    id          TEXT PRIMARY KEY NOT NULL,  -- UUID v4 = Idempotency-Key
    body        BLOB NOT NULL,              -- the exact JSON bytes sent
    state       TEXT NOT NULL CHECK (state IN ('pending', 'dead')),
    created_ms  INTEGER NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT
);
)sql";

const char kSchemaV1[] = R"sql(
CREATE TABLE submissions (
    id                TEXT PRIMARY KEY NOT NULL,  -- UUID v4 = Idempotency-Key
    local_no          TEXT NOT NULL UNIQUE,
    item_code         TEXT NOT NULL,
    state             TEXT NOT NULL CHECK (state IN ('pending', 'in_flight', 'acked', 'dead')),
    created_wall      INTEGER NOT NULL,           -- UTC ms
    created_seq       INTEGER NOT NULL UNIQUE,
    attempts          INTEGER NOT NULL DEFAULT 0,
    next_attempt_mono INTEGER NOT NULL DEFAULT 0,
    lease_owner       TEXT,
    lease_until       INTEGER,
    last_error        TEXT,
    case_no           TEXT,
    acked_wall        INTEGER,
    envelope          BLOB                        -- last: the other columns never walk its overflow pages; NULL once purged
);
CREATE INDEX submissions_due ON submissions (state, next_attempt_mono, created_seq);
CREATE INDEX submissions_lease ON submissions (state, lease_until);
CREATE INDEX submissions_acked ON submissions (state, acked_wall);
CREATE TABLE blobs (
    sha256 TEXT PRIMARY KEY NOT NULL,  -- of the sealed bytes
    size   INTEGER NOT NULL,
    sealed BLOB
);
CREATE TABLE submission_blobs (
    submission_id TEXT NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    sha256        TEXT NOT NULL REFERENCES blobs (sha256),
    ord           INTEGER NOT NULL,
    PRIMARY KEY (submission_id, ord)
);
CREATE INDEX submission_blobs_sha256 ON submission_blobs (sha256);
-- Non-personal: what a receipt printed offline refers to, kept after the sealed bytes are purged.
CREATE TABLE receipts (
    local_no  TEXT PRIMARY KEY NOT NULL,
    case_no   TEXT,
    item_code TEXT NOT NULL,
    created   INTEGER NOT NULL,
    acked     INTEGER
);
-- 'local_no:<yyyymmdd>' -> last sequence handed out that day; 'submission_seq' -> last created_seq.
CREATE TABLE counters (
    name  TEXT PRIMARY KEY NOT NULL,
    value INTEGER NOT NULL
);
)sql";

const char kManifestFormat[] = "kiosk-outbox-export";
constexpr int kManifestVersion = 1;
constexpr int kBeijingOffsetS = 8 * 3600; // Asia/Shanghai: UTC+8, no daylight saving since 1991

StoreError fail(StoreErrorCode code, const QString &message)
{
    return {code, message};
}

QString counterNameFor(const QDate &beijingDate)
{
    return QStringLiteral("local_no:") + beijingDate.toString(QStringLiteral("yyyyMMdd"));
}

// `<kiosk_id>-<yyyymmdd>-<seq>` -> counter name and seq; false for anything else.
bool parseLocalNo(const QString &localNo, QString *counter, qint64 *seq)
{
    static const QRegularExpression re(QStringLiteral("^.+-([0-9]{8})-([0-9]{6,15})$"));
    const QRegularExpressionMatch m = re.match(localNo);
    if (!m.hasMatch())
        return false;
    *counter = QStringLiteral("local_no:") + m.captured(1);
    *seq = m.captured(2).toLongLong();
    return true;
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

QDateTime fromMs(const Statement &s, int column)
{
    return s.isNull(column) ? QDateTime() : QDateTime::fromMSecsSinceEpoch(s.int64(column), Qt::UTC);
}

} // namespace

QString toString(SubmissionState state)
{
    switch (state) {
    case SubmissionState::Pending: return QStringLiteral("pending");
    case SubmissionState::InFlight: return QStringLiteral("in_flight");
    case SubmissionState::Acked: return QStringLiteral("acked");
    case SubmissionState::Dead: return QStringLiteral("dead");
    }
    return {};
}

std::optional<SubmissionState> submissionStateFromString(const QString &text)
{
    for (SubmissionState s :
         {SubmissionState::Pending, SubmissionState::InFlight, SubmissionState::Acked, SubmissionState::Dead}) {
        if (toString(s) == text)
            return s;
    }
    return std::nullopt;
}

QList<Migration> Outbox::migrations()
{
    return {{1, QStringLiteral("outbox: submissions, blobs, receipts, counters"), QByteArray(kSchemaV1)},
            {2, QStringLiteral("outbox: evaluations (好差评), not sealed: they hold no personal data"),
             QByteArray(kSchemaV2)}};
}

Outbox::Outbox(Store &store, OutboxOptions options) : store_(store), options_(std::move(options)) {}

QDateTime Outbox::now() const
{
    return options_.wallClock ? options_.wallClock() : QDateTime::currentDateTimeUtc();
}

StoreResult<qint64> Outbox::freeBytes() const
{
    StoreResult<qint64> r;
    struct statvfs fs {
    };
    const QByteArray dir = QFile::encodeName(QFileInfo(store_.path()).absolutePath());
    if (::statvfs(dir.constData(), &fs) != 0) {
        r.error = fail(StoreErrorCode::Io, QStringLiteral("statvfs failed for the database folder"));
        return r;
    }
    r.value = qint64(fs.f_bavail) * qint64(fs.f_frsize);
    return r;
}

StoreError Outbox::raiseCounter(const QString &name, qint64 atLeast)
{
    Statement s = store_.prepare("INSERT INTO counters (name, value) VALUES (?1, ?2) "
                                 "ON CONFLICT (name) DO UPDATE SET value = max(value, excluded.value)");
    s.bindText(1, name).bindInt(2, atLeast);
    return s.run();
}

StoreResult<QString> Outbox::allocateLocalNo()
{
    StoreResult<QString> r;
    if (options_.kioskId.isEmpty()) {
        r.error = fail(StoreErrorCode::InvalidArgument, QStringLiteral("no kiosk id configured"));
        return r;
    }
    const QDate date = now().toOffsetFromUtc(kBeijingOffsetS).date();
    Transaction tx(store_);
    if (!tx.isActive()) {
        r.error = tx.beginError();
        return r;
    }
    Statement s = store_.prepare("INSERT INTO counters (name, value) VALUES (?1, 1) "
                                 "ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value");
    s.bindText(1, counterNameFor(date));
    if (s.step() != Statement::Step::Row) {
        r.error = s.error();
        return r;
    }
    const qint64 seq = s.int64(0);
    s = Statement();
    // Committed (and fsynced) before the number leaves this function: a crash afterwards cannot hand it out again.
    r.error = tx.commit();
    if (!r.isOk())
        return r;
    r.value = QStringLiteral("%1-%2-%3")
                  .arg(options_.kioskId, date.toString(QStringLiteral("yyyyMMdd")))
                  .arg(seq, 6, 10, QLatin1Char('0'));
    return r;
}

StoreResult<EnqueueOutcome> Outbox::enqueue(const SealedEnvelope &envelope, const QList<SealedBlob> &blobs)
{
    return enqueueWith(envelope, blobs, now(), SubmissionState::Pending, QString());
}

StoreResult<EnqueueOutcome> Outbox::enqueueWith(const SealedEnvelope &given, const QList<SealedBlob> &blobs,
                                                const QDateTime &createdWall, SubmissionState state,
                                                const QString &lastError)
{
    StoreResult<EnqueueOutcome> r;
    // What is stored is decided by the bytes themselves, so metadata can never disagree with what is sent.
    const SealResult<SealedEnvelope> parsed = SealedEnvelope::fromBytes(given.bytes);
    if (!parsed.isOk()) {
        r.error = fail(StoreErrorCode::InvalidArgument, parsed.error.message);
        return r;
    }
    const SealedEnvelope &env = parsed.value;
    if ((!given.id.isEmpty() && given.id != env.id) || (!given.localNo.isEmpty() && given.localNo != env.localNo)) {
        r.error = fail(StoreErrorCode::InvalidArgument, QStringLiteral("envelope metadata disagrees with its bytes"));
        return r;
    }
    // The platform requires the envelope's kiosk_id, the TLS certificate's CN and X-Kiosk-Id to agree: an envelope
    // sealed by another kiosk (e.g. an export imported on the wrong machine) could never be delivered from here.
    if (!options_.kioskId.isEmpty() && env.kioskId != options_.kioskId) {
        r.error =
            fail(StoreErrorCode::InvalidArgument,
                 QStringLiteral("envelope was sealed by kiosk %1, this is %2").arg(env.kioskId, options_.kioskId));
        return r;
    }
    QHash<QString, const SealedBlob *> givenBlobs;
    qint64 incoming = env.bytes.size();
    for (const SealedBlob &b : blobs) {
        // The name-to-bytes binding is the Sealer's (it hashes what it sealed), as the signature is; import and salvage
        // re-hash bytes read from files before they get here. Re-hashing every page here would cost more CPU than
        // the rest of the enqueue (design.md section 5, `enqueue`), so only the shape is checked.
        if (b.bytes.size() <= kBlobMagicSize || !b.bytes.startsWith(QByteArray(kBlobMagic, kBlobMagicSize)) ||
            !isLowerHexSha256(b.sha256)) {
            r.error = fail(StoreErrorCode::InvalidArgument, QStringLiteral("a blob is not a named KSB1 sealed blob"));
            return r;
        }
        givenBlobs.insert(b.sha256, &b);
        incoming += b.bytes.size();
    }
    QSet<QString> referenced;
    for (const BlobRef &ref : env.blobs) {
        referenced.insert(ref.sha256);
        const SealedBlob *b = givenBlobs.value(ref.sha256);
        if (b && b->size() != ref.size) {
            r.error = fail(StoreErrorCode::InvalidArgument,
                           QStringLiteral("blob %1 has another size than listed").arg(ref.sha256));
            return r;
        }
    }
    for (auto it = givenBlobs.cbegin(); it != givenBlobs.cend(); ++it) {
        if (!referenced.contains(it.key())) {
            r.error = fail(StoreErrorCode::InvalidArgument,
                           QStringLiteral("blob %1 is not listed in the envelope").arg(it.key()));
            return r;
        }
    }

    // The floor is checked before anything is written: the bytes go to the WAL first and then into the database.
    const StoreResult<qint64> free = freeBytes();
    if (!free.isOk()) {
        r.error = free.error;
        return r;
    }
    if (free.value - 2 * incoming < options_.diskFloorBytes) {
        r.error = fail(StoreErrorCode::DiskFloor,
                       QStringLiteral("only %1 MiB free in the database folder; the floor is %2 MiB")
                           .arg(free.value / (1024 * 1024))
                           .arg(options_.diskFloorBytes / (1024 * 1024)));
        qCWarning(lcOutbox).noquote() << r.error.message;
        return r;
    }

    Transaction tx(store_);
    if (!tx.isActive()) {
        r.error = tx.beginError();
        return r;
    }
    {
        Statement s = store_.prepare("SELECT envelope, state FROM submissions WHERE id = ?1");
        s.bindText(1, env.id);
        const Statement::Step step = s.step();
        if (step == Statement::Step::Error) {
            r.error = s.error();
            return r;
        }
        if (step == Statement::Step::Row) {
            const bool purgedAfterAck = s.isNull(0) && s.text(1) == QLatin1String("acked");
            if (purgedAfterAck || s.blob(0) == env.bytes) {
                r.value = EnqueueOutcome::AlreadyPresent;
                return r;
            }
            r.error = fail(StoreErrorCode::Conflict,
                           QStringLiteral("submission %1 is already queued with other bytes").arg(env.id));
            return r;
        }
    }

    QSet<QString> stored;
    for (const BlobRef &ref : env.blobs) {
        if (stored.contains(ref.sha256))
            continue;
        stored.insert(ref.sha256);
        if (const SealedBlob *b = givenBlobs.value(ref.sha256)) {
            Statement s =
                store_.prepare("INSERT INTO blobs (sha256, size, sealed) VALUES (?1, ?2, ?3) "
                               "ON CONFLICT (sha256) DO UPDATE SET sealed = excluded.sealed, size = excluded.size "
                               "WHERE blobs.sealed IS NULL");
            s.bindText(1, b->sha256).bindInt(2, b->size()).bindBlobNoCopy(3, b->bytes);
            r.error = s.run();
        } else {
            Statement s = store_.prepare("SELECT 1 FROM blobs WHERE sha256 = ?1 AND sealed IS NOT NULL");
            s.bindText(1, ref.sha256);
            const Statement::Step step = s.step();
            if (step == Statement::Step::Error)
                r.error = s.error();
            else if (step == Statement::Step::Done)
                r.error = fail(StoreErrorCode::InvalidArgument,
                               QStringLiteral("blob %1 is neither given nor stored").arg(ref.sha256));
        }
        if (!r.isOk())
            return r;
    }

    qint64 seq = 0;
    {
        Statement s = store_.prepare("INSERT INTO counters (name, value) VALUES ('submission_seq', 1) "
                                     "ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value");
        if (s.step() != Statement::Step::Row) {
            r.error = s.error();
            return r;
        }
        seq = s.int64(0);
    }
    {
        Statement s = store_.prepare(
            "INSERT INTO submissions (id, local_no, item_code, state, created_wall, created_seq, last_error, envelope) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
        s.bindText(1, env.id)
            .bindText(2, env.localNo)
            .bindText(3, env.itemCode)
            .bindText(4, toString(state))
            .bindInt(5, createdWall.toMSecsSinceEpoch())
            .bindInt(6, seq)
            .bindText(7, lastError)
            .bindBlobNoCopy(8, env.bytes);
        r.error = s.run();
        if (r.error.code == StoreErrorCode::Constraint) {
            r.error = fail(StoreErrorCode::Conflict,
                           QStringLiteral("local number %1 is already used by another submission").arg(env.localNo));
        }
        if (!r.isOk())
            return r;
    }
    for (int i = 0; i < env.blobs.size(); ++i) {
        Statement s = store_.prepare("INSERT INTO submission_blobs (submission_id, sha256, ord) VALUES (?1, ?2, ?3)");
        s.bindText(1, env.id).bindText(2, env.blobs[i].sha256).bindInt(3, i);
        r.error = s.run();
        if (!r.isOk())
            return r;
    }
    {
        Statement s = store_.prepare("INSERT INTO receipts (local_no, item_code, created) VALUES (?1, ?2, ?3) "
                                     "ON CONFLICT (local_no) DO NOTHING");
        s.bindText(1, env.localNo).bindText(2, env.itemCode).bindInt(3, createdWall.toMSecsSinceEpoch());
        r.error = s.run();
        if (!r.isOk())
            return r;
    }
    // Keeps "the counter is at least every stored number" true for imported and salvaged items too.
    QString counter;
    qint64 localSeq = 0;
    if (parseLocalNo(env.localNo, &counter, &localSeq)) {
        r.error = raiseCounter(counter, localSeq);
        if (!r.isOk())
            return r;
    }
    r.error = tx.commit();
    if (r.isOk()) {
        r.value = EnqueueOutcome::Queued;
        qCInfo(lcOutbox).noquote() << "queued" << env.localNo << "with" << env.blobs.size() << "blob(s)";
    }
    return r;
}

StoreResult<std::optional<Lease>> Outbox::leaseNext(const QString &owner, qint64 nowMono, qint64 leaseMs)
{
    StoreResult<std::optional<Lease>> r;
    Transaction tx(store_);
    if (!tx.isActive()) {
        r.error = tx.beginError();
        return r;
    }
    QString id;
    // A lease whose holder vanished comes first (it is older than anything pending), then pending items by due time
    // (fresh ones are due at 0) and age. Both use an index range scan: O(log n) on a 100k-row queue.
    for (const char *sql : {"SELECT id FROM submissions WHERE state = 'in_flight' AND lease_until <= ?1 "
                            "ORDER BY lease_until LIMIT 1",
                            "SELECT id FROM submissions WHERE state = 'pending' AND next_attempt_mono <= ?1 "
                            "ORDER BY next_attempt_mono, created_seq LIMIT 1"}) {
        Statement s = store_.prepare(sql);
        s.bindInt(1, nowMono);
        const Statement::Step step = s.step();
        if (step == Statement::Step::Error) {
            r.error = s.error();
            return r;
        }
        if (step == Statement::Step::Row) {
            id = s.text(0);
            break;
        }
    }
    if (id.isEmpty())
        return r; // nothing due; the transaction rolls back, having written nothing

    Lease lease;
    {
        Statement s = store_.prepare(
            "UPDATE submissions SET state = 'in_flight', lease_owner = ?2, lease_until = ?3, attempts = attempts + 1 "
            "WHERE id = ?1 RETURNING local_no, item_code, attempts, envelope");
        s.bindText(1, id).bindText(2, owner).bindInt(3, nowMono + leaseMs);
        if (s.step() != Statement::Step::Row) {
            r.error = s.error();
            return r;
        }
        lease.id = id;
        lease.localNo = s.text(0);
        lease.itemCode = s.text(1);
        lease.attempts = int(s.int64(2));
        lease.envelope = s.blob(3);
        lease.owner = owner;
        lease.leaseUntilMono = nowMono + leaseMs;
    }
    {
        Statement s =
            store_.prepare("SELECT sb.sha256, b.size FROM submission_blobs sb JOIN blobs b ON b.sha256 = sb.sha256 "
                           "WHERE sb.submission_id = ?1 ORDER BY sb.ord");
        s.bindText(1, id);
        Statement::Step step;
        while ((step = s.step()) == Statement::Step::Row)
            lease.blobs.append({s.text(0), s.int64(1)});
        if (step == Statement::Step::Error) {
            r.error = s.error();
            return r;
        }
    }
    r.error = tx.commit();
    if (r.isOk())
        r.value = lease;
    return r;
}

StoreResult<QByteArray> Outbox::blobBytes(const QString &sha256)
{
    StoreResult<QByteArray> r;
    Statement s = store_.prepare("SELECT sealed FROM blobs WHERE sha256 = ?1 AND sealed IS NOT NULL");
    s.bindText(1, sha256);
    switch (s.step()) {
    case Statement::Step::Row: r.value = s.blob(0); break;
    case Statement::Step::Done:
        r.error = fail(StoreErrorCode::NotFound, QStringLiteral("no blob %1").arg(sha256));
        break;
    case Statement::Step::Error: r.error = s.error(); break;
    }
    return r;
}

StoreError Outbox::transition(const char *sql, const QString &id, const QString &what,
                              const std::function<void(Statement &)> &bindMore)
{
    Statement s = store_.prepare(sql);
    s.bindText(1, id);
    if (bindMore)
        bindMore(s);
    StoreError e = s.run();
    if (!e.isOk())
        return e;
    if (store_.changes() > 0)
        return {};
    Statement q = store_.prepare("SELECT state FROM submissions WHERE id = ?1");
    q.bindText(1, id);
    switch (q.step()) {
    case Statement::Step::Row:
        return fail(StoreErrorCode::InvalidState,
                    QStringLiteral("cannot %1 submission %2 in state %3").arg(what, id, q.text(0)));
    case Statement::Step::Done: return fail(StoreErrorCode::NotFound, QStringLiteral("no submission %1").arg(id));
    case Statement::Step::Error: break;
    }
    return q.error();
}

StoreError Outbox::markAcked(const QString &id, const QString &caseNo)
{
    if (caseNo.isEmpty())
        return fail(StoreErrorCode::InvalidArgument, QStringLiteral("an acknowledgement needs a case number"));
    Transaction tx(store_);
    if (!tx.isActive())
        return tx.beginError();
    Statement q = store_.prepare("SELECT state, case_no, local_no FROM submissions WHERE id = ?1");
    q.bindText(1, id);
    const Statement::Step step = q.step();
    if (step == Statement::Step::Error)
        return q.error();
    if (step == Statement::Step::Done)
        return fail(StoreErrorCode::NotFound, QStringLiteral("no submission %1").arg(id));
    const QString localNo = q.text(2);
    if (q.text(0) == QLatin1String("acked")) {
        // A late duplicate answer carries the same case number (the platform stores answers under the key).
        return q.text(1) == caseNo
                   ? StoreError{}
                   : fail(StoreErrorCode::Conflict,
                          QStringLiteral("submission %1 was already acknowledged with another case number").arg(id));
    }
    q = Statement();
    const qint64 nowMs = now().toMSecsSinceEpoch();
    Statement u =
        store_.prepare("UPDATE submissions SET state = 'acked', case_no = ?2, acked_wall = ?3, lease_owner = NULL, "
                       "lease_until = NULL, last_error = NULL WHERE id = ?1");
    u.bindText(1, id).bindText(2, caseNo).bindInt(3, nowMs);
    StoreError e = u.run();
    if (!e.isOk())
        return e;
    Statement rc = store_.prepare("UPDATE receipts SET case_no = ?2, acked = ?3 WHERE local_no = ?1");
    rc.bindText(1, localNo).bindText(2, caseNo).bindInt(3, nowMs);
    e = rc.run();
    if (!e.isOk())
        return e;
    return tx.commit();
}

StoreError Outbox::markRetry(const QString &id, qint64 nextAttemptMono, const QString &error)
{
    return transition("UPDATE submissions SET state = 'pending', next_attempt_mono = ?2, last_error = ?3, "
                      "lease_owner = NULL, lease_until = NULL WHERE id = ?1 AND state = 'in_flight'",
                      id, QStringLiteral("retry"),
                      [&](Statement &s) { s.bindInt(2, nextAttemptMono).bindText(3, error); });
}

StoreError Outbox::markDead(const QString &id, const QString &detail)
{
    const StoreError e = transition("UPDATE submissions SET state = 'dead', last_error = ?2, lease_owner = NULL, "
                                    "lease_until = NULL WHERE id = ?1 AND state IN ('pending', 'in_flight', 'dead')",
                                    id, QStringLiteral("park"), [&](Statement &s) { s.bindText(2, detail); });
    if (e.isOk())
        qCWarning(lcOutbox).noquote() << "dead letter" << id << "(detail kept in the queue, not logged)";
    return e;
}

StoreError Outbox::retryDead(const QString &id)
{
    return transition("UPDATE submissions SET state = 'pending', next_attempt_mono = 0, attempts = 0 "
                      "WHERE id = ?1 AND state = 'dead'",
                      id, QStringLiteral("retry a dead letter"), {});
}

StoreResult<int> Outbox::retryAllDead()
{
    StoreResult<int> r;
    r.error = store_.exec(
        "UPDATE submissions SET state = 'pending', next_attempt_mono = 0, attempts = 0 WHERE state = 'dead'");
    r.value = int(store_.changes());
    return r;
}

StoreError Outbox::deleteDead(const QString &id)
{
    {
        Transaction tx(store_);
        if (!tx.isActive())
            return tx.beginError();
        StoreError e = transition("DELETE FROM submissions WHERE id = ?1 AND state = 'dead'", id,
                                  QStringLiteral("delete a dead letter"), {});
        if (!e.isOk())
            return e;
        // submission_blobs rows went with the submission (ON DELETE CASCADE); blobs nobody refers to go now.
        e = store_.exec("DELETE FROM submission_blobs WHERE submission_id NOT IN (SELECT id FROM submissions)");
        if (!e.isOk())
            return e;
        e = store_.exec("DELETE FROM blobs WHERE sha256 NOT IN (SELECT sha256 FROM submission_blobs)");
        if (!e.isOk())
            return e;
        e = tx.commit();
        if (!e.isOk())
            return e;
    }
    bool complete = false;
    qCInfo(lcOutbox) << "dead letter" << id << "deleted";
    return store_.checkpointTruncate(&complete);
}

StoreResult<int> Outbox::recoverAfterRestart(qint64 nowMono, qint64 maxDelayMs)
{
    StoreResult<int> r;
    Transaction tx(store_);
    if (!tx.isActive()) {
        r.error = tx.beginError();
        return r;
    }
    Statement release =
        store_.prepare("UPDATE submissions SET state = 'pending', lease_owner = NULL, lease_until = NULL, "
                       "next_attempt_mono = ?1 WHERE state = 'in_flight'");
    release.bindInt(1, nowMono);
    r.error = release.run();
    if (!r.isOk())
        return r;
    r.value = int(store_.changes());
    Statement clamp = store_.prepare("UPDATE submissions SET next_attempt_mono = ?1 "
                                     "WHERE state = 'pending' AND next_attempt_mono > ?1");
    clamp.bindInt(1, nowMono + maxDelayMs);
    r.error = clamp.run();
    if (r.isOk())
        r.error = tx.commit();
    return r;
}

StoreResult<PurgeReport> Outbox::purgeAcked(const QDateTime &olderThan)
{
    StoreResult<PurgeReport> r;
    const qint64 cutoff = olderThan.toMSecsSinceEpoch();
    {
        Transaction tx(store_);
        if (!tx.isActive()) {
            r.error = tx.beginError();
            return r;
        }
        Statement links = store_.prepare(
            "DELETE FROM submission_blobs WHERE submission_id IN "
            "(SELECT id FROM submissions WHERE state = 'acked' AND acked_wall < ?1 AND envelope IS NOT NULL)");
        links.bindInt(1, cutoff);
        r.error = links.run();
        if (!r.isOk())
            return r;
        Statement envelopes = store_.prepare("UPDATE submissions SET envelope = NULL WHERE state = 'acked' AND "
                                             "acked_wall < ?1 AND envelope IS NOT NULL");
        envelopes.bindInt(1, cutoff);
        r.error = envelopes.run();
        if (!r.isOk())
            return r;
        r.value.envelopes = int(store_.changes());
        r.error = store_.exec("DELETE FROM blobs WHERE sha256 NOT IN (SELECT sha256 FROM submission_blobs)");
        if (!r.isOk())
            return r;
        r.value.blobs = int(store_.changes());
        r.error = tx.commit();
        if (!r.isOk())
            return r;
    }
    // secure_delete zeroed the freed space in the pages, but the WAL still holds the frames written before: copy
    // them into the database and cut the WAL to zero bytes.
    r.error = store_.checkpointTruncate(&r.value.checkpointComplete);
    qCInfo(lcOutbox) << "purged" << r.value.envelopes << "envelope(s)," << r.value.blobs << "blob(s)";
    return r;
}

StoreResult<QueueStats> Outbox::stats()
{
    StoreResult<QueueStats> r;
    Statement s =
        store_.prepare("SELECT state, count(*), min(created_wall), sum(envelope IS NOT NULL) FROM submissions "
                       "GROUP BY state");
    qint64 oldest = std::numeric_limits<qint64>::max();
    Statement::Step step;
    while ((step = s.step()) == Statement::Step::Row) {
        const QString state = s.text(0);
        const int count = int(s.int64(1));
        if (state == QLatin1String("acked")) {
            r.value.acked = count;
            r.value.awaitingPurge = int(s.int64(3));
            continue;
        }
        if (state == QLatin1String("pending"))
            r.value.pending = count;
        else if (state == QLatin1String("in_flight"))
            r.value.inFlight = count;
        else if (state == QLatin1String("dead"))
            r.value.dead = count;
        oldest = qMin(oldest, s.int64(2));
    }
    if (step == Statement::Step::Error) {
        r.error = s.error();
        return r;
    }
    if (oldest != std::numeric_limits<qint64>::max())
        r.value.oldestAgeS = qMax<qint64>(0, (now().toMSecsSinceEpoch() - oldest) / 1000);
    return r;
}

namespace {

// The columns SubmissionInfo is read from, in readSubmissionInfo's order.
const char kSubmissionInfoColumns[] =
    "id, local_no, item_code, state, attempts, created_wall, created_seq, next_attempt_mono, lease_owner, "
    "last_error, case_no, acked_wall, length(envelope)";

SubmissionInfo readSubmissionInfo(const Statement &s)
{
    SubmissionInfo i;
    i.id = s.text(0);
    i.localNo = s.text(1);
    i.itemCode = s.text(2);
    i.state = submissionStateFromString(s.text(3)).value_or(SubmissionState::Dead);
    i.attempts = int(s.int64(4));
    i.createdWall = fromMs(s, 5);
    i.createdSeq = s.int64(6);
    i.nextAttemptMono = s.int64(7);
    i.leaseOwner = s.text(8);
    i.lastError = s.text(9);
    i.caseNo = s.text(10);
    i.ackedWall = fromMs(s, 11);
    i.envelopeSize = s.int64(12);
    return i;
}

} // namespace

StoreResult<QList<SubmissionInfo>> Outbox::list(int limit)
{
    StoreResult<QList<SubmissionInfo>> r;
    const QByteArray sql =
        QByteArray("SELECT ") + kSubmissionInfoColumns + " FROM submissions ORDER BY created_seq LIMIT ?1";
    Statement s = store_.prepare(sql.constData());
    s.bindInt(1, limit);
    Statement::Step step;
    while ((step = s.step()) == Statement::Step::Row)
        r.value.append(readSubmissionInfo(s));
    if (step == Statement::Step::Error)
        r.error = s.error();
    return r;
}

StoreResult<std::optional<SubmissionInfo>> Outbox::findByLocalNo(const QString &localNo)
{
    StoreResult<std::optional<SubmissionInfo>> r;
    const QByteArray sql = QByteArray("SELECT ") + kSubmissionInfoColumns + " FROM submissions WHERE local_no = ?1";
    Statement s = store_.prepare(sql.constData());
    s.bindText(1, localNo);
    const Statement::Step step = s.step();
    if (step == Statement::Step::Row)
        r.value = readSubmissionInfo(s);
    else if (step == Statement::Step::Error)
        r.error = s.error();
    return r;
}

StoreResult<ExportReport> Outbox::exportTo(const QString &dirPath)
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
        Statement b =
            store_.prepare("SELECT b.sha256, b.size, b.sealed FROM submission_blobs sb "
                           "JOIN blobs b ON b.sha256 = sb.sha256 WHERE sb.submission_id = ?1 ORDER BY sb.ord");
        b.bindText(1, id);
        Statement::Step bstep;
        while ((bstep = b.step()) == Statement::Step::Row) {
            const QString sha = b.text(0);
            blobNames.append(sha);
            if (blobsWritten.contains(sha))
                continue;
            const QString path = dir.filePath(QStringLiteral("blobs/%1.ksb").arg(sha));
            QByteArray existing;
            // Re-exporting to the same stick rewrites only what is not already there intact.
            if (!(readFile(path, &existing) && sha256Hex(existing) == sha) && !writeDurably(path, b.blob(2), &why)) {
                r.error = fail(StoreErrorCode::Io, why);
                return r;
            }
            blobsWritten.insert(sha);
            blobEntries.append(QJsonObject{{QStringLiteral("sha256"), sha}, {QStringLiteral("size"), b.int64(1)}});
        }
        if (bstep == Statement::Step::Error) {
            r.error = b.error();
            return r;
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
        {QStringLiteral("exported_at"), formatCreatedAt(now())},
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
    qCInfo(lcOutbox) << "exported" << r.value.submissions << "submission(s) and" << r.value.blobs << "blob(s)";
    return r;
}

StoreResult<ImportReport> Outbox::importFrom(const QString &dirPath)
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
        const QDateTime created = createdMs > 0 ? QDateTime::fromMSecsSinceEpoch(createdMs, Qt::UTC) : now();
        const bool dead = entry.value(QLatin1String("state")).toString() == QLatin1String("dead");
        const StoreResult<EnqueueOutcome> q =
            enqueueWith(env.value, blobs, created, dead ? SubmissionState::Dead : SubmissionState::Pending,
                        entry.value(QLatin1String("last_error")).toString());
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
    qCInfo(lcOutbox) << "imported" << r.value.imported << "submission(s)," << r.value.alreadyPresent
                     << "already present," << r.value.problems.size() << "problem(s)";
    return r;
}

StoreResult<SalvageReport> Outbox::salvageFrom(const QString &corruptPath)
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
        if (parseLocalNo(text(st, 0), &name, &seq))
            counters[name] = qMax(counters.value(name), seq);
    };
    oldQuery("SELECT local_no FROM submissions", noteLocalNo);
    oldQuery("SELECT local_no FROM receipts", noteLocalNo);
    if (!rep.countersRead) {
        const QDateTime beijing = now().toOffsetFromUtc(kBeijingOffsetS);
        const QString today = counterNameFor(beijing.date());
        counters[today] = qMax(counters.value(today), qint64(beijing.time().msecsSinceStartOfDay() / 1000) * 10);
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
            r.error = raiseCounter(it.key(), it.value());
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
        const StoreResult<EnqueueOutcome> q = enqueueWith(
            env.value, blobs, QDateTime::fromMSecsSinceEpoch(row.createdWall, Qt::UTC),
            row.state == QLatin1String("dead") ? SubmissionState::Dead : SubmissionState::Pending, row.lastError);
        if (q.isOk())
            rep.submissionsRecovered += q.value == EnqueueOutcome::Queued ? 1 : 0;
        else
            rep.problems << QStringLiteral("%1: %2").arg(row.id, q.error.message);
    }
    sqlite3_close_v2(old);
    qCWarning(lcOutbox) << "salvage:" << rep.submissionsRecovered << "submission(s) recovered,"
                        << (rep.floorApplied ? "local numbers restart above a time floor" : "counters recovered")
                        << rep.problems.size() << "problem(s)";
    return r;
}

// --- evaluations ----------------------------------------------------------------------------------------------

StoreResult<EnqueueOutcome> Outbox::enqueueEvaluation(const QString &id, const QByteArray &body)
{
    StoreResult<EnqueueOutcome> r;
    if (!isUuidV4(id) || body.isEmpty() || body.size() > 64 * 1024) {
        r.error = StoreError::make(StoreErrorCode::InvalidArgument, QStringLiteral("evaluation id or body unusable"));
        return r;
    }
    Statement s = store_.prepare("INSERT INTO evaluations (id, body, state, created_ms) VALUES (?1, ?2, 'pending', ?3) "
                                 "ON CONFLICT (id) DO NOTHING");
    s.bindText(1, id).bindBlob(2, body).bindInt(3, now().toMSecsSinceEpoch());
    r.error = s.run();
    r.value = store_.changes() == 0 ? EnqueueOutcome::AlreadyPresent : EnqueueOutcome::Queued;
    return r;
}

StoreResult<QList<PendingEvaluation>> Outbox::pendingEvaluations(int limit)
{
    StoreResult<QList<PendingEvaluation>> r;
    Statement s = store_.prepare(
        "SELECT id, body, attempts FROM evaluations WHERE state = 'pending' ORDER BY created_ms, id LIMIT ?1");
    s.bindInt(1, limit);
    for (;;) {
        const Statement::Step step = s.step();
        if (step == Statement::Step::Row) {
            r.value.append({s.text(0), s.blob(1), int(s.int64(2))});
            continue;
        }
        if (step == Statement::Step::Error)
            r.error = s.error();
        break;
    }
    return r;
}

StoreError Outbox::markEvaluationSent(const QString &id)
{
    Statement s = store_.prepare("DELETE FROM evaluations WHERE id = ?1");
    s.bindText(1, id);
    return s.run();
}

StoreError Outbox::markEvaluationFailed(const QString &id, const QString &error, bool dead)
{
    Statement s = store_.prepare("UPDATE evaluations SET attempts = attempts + 1, last_error = ?2, "
                                 "state = CASE WHEN ?3 THEN 'dead' ELSE state END WHERE id = ?1");
    s.bindText(1, id).bindText(2, error).bindInt(3, dead ? 1 : 0);
    return s.run();
}

} // namespace kiosk::queue
