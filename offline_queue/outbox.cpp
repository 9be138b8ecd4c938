// The submissions and receipts tables and their state machine: pending -> in_flight -> acked | pending (retry) |
// dead -> pending; the other tables are reached through their DAOs.
#include "offline_queue/outbox.h"

#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QLoggingCategory>
#include <QSet>

#include <sys/statvfs.h>

#include <limits>

namespace kiosk::queue {

Q_LOGGING_CATEGORY(lcOutbox, "kiosk.queue.outbox")

namespace {

StoreError fail(StoreErrorCode code, const QString &message)
{
    return {code, message};
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

Outbox::Outbox(Store &store, OutboxOptions options)
    : store_(store)
    , options_(std::move(options))
    , localNumbers_(store, options_)
    , blobStore_(store)
    , evaluations_(store, options_)
    , transfer_(store, *this, options_)
{}

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

StoreResult<QString> Outbox::allocateLocalNo()
{
    return localNumbers_.allocate();
}

// --- enqueue ----------------------------------------------------------------------------------------------------

// What one enqueue is about, as read from the envelope's own bytes.
struct Outbox::Incoming {
    SealedEnvelope envelope;
    QHash<QString, const SealedBlob *> givenBlobs; // by name; point into the caller's list
    qint64 bytes = 0;                              // envelope and given blobs
};

StoreResult<EnqueueOutcome> Outbox::enqueue(const SealedEnvelope &envelope, const QList<SealedBlob> &blobs)
{
    return enqueueAs(envelope, blobs, {options_.now(), SubmissionState::Pending, QString()});
}

StoreResult<EnqueueOutcome> Outbox::enqueueAs(const SealedEnvelope &given, const QList<SealedBlob> &blobs,
                                              const EnqueueOrigin &origin)
{
    StoreResult<EnqueueOutcome> r;
    Incoming in;
    r.error = readEnvelope(given, &in);
    if (r.isOk())
        r.error = checkBlobs(blobs, &in);
    // The floor is checked before anything is written: the bytes go to the WAL first and then into the database.
    if (r.isOk())
        r.error = checkDiskFloor(in.bytes);
    if (!r.isOk())
        return r;
    const SealedEnvelope &env = in.envelope;

    Transaction tx(store_);
    if (!tx.isActive()) {
        r.error = tx.beginError();
        return r;
    }
    const StoreResult<std::optional<EnqueueOutcome>> existing = findExisting(env);
    if (!existing.isOk()) {
        r.error = existing.error;
        return r;
    }
    if (existing.value) {
        r.value = *existing.value;
        return r;
    }
    r.error = blobStore_.storeFor(env, in.givenBlobs);
    if (r.isOk())
        r.error = insertSubmission(env, origin);
    if (r.isOk())
        r.error = blobStore_.link(env.id, env.blobs);
    if (r.isOk())
        r.error = insertReceipt(env, origin);
    // Keeps "the counter is at least every stored number" true for imported and salvaged items too.
    if (r.isOk())
        r.error = localNumbers_.noteStored(env.localNo);
    if (r.isOk())
        r.error = tx.commit();
    if (r.isOk()) {
        r.value = EnqueueOutcome::Queued;
        qCInfo(lcOutbox).noquote() << "queued" << env.localNo << "with" << env.blobs.size() << "blob(s)";
    }
    return r;
}

StoreError Outbox::readEnvelope(const SealedEnvelope &given, Incoming *in) const
{
    // What is stored is decided by the bytes themselves, so metadata can never disagree with what is sent.
    SealResult<SealedEnvelope> parsed = SealedEnvelope::fromBytes(given.bytes);
    if (!parsed.isOk())
        return fail(StoreErrorCode::InvalidArgument, parsed.error.message);
    in->envelope = std::move(parsed.value);
    const SealedEnvelope &env = in->envelope;
    if ((!given.id.isEmpty() && given.id != env.id) || (!given.localNo.isEmpty() && given.localNo != env.localNo))
        return fail(StoreErrorCode::InvalidArgument, QStringLiteral("envelope metadata disagrees with its bytes"));
    // The platform requires the envelope's kiosk_id, the TLS certificate's CN and X-Kiosk-Id to agree: an envelope
    // sealed by another kiosk (e.g. an export imported on the wrong machine) could never be delivered from here.
    if (!options_.kioskId.isEmpty() && env.kioskId != options_.kioskId) {
        return fail(StoreErrorCode::InvalidArgument,
                    QStringLiteral("envelope was sealed by kiosk %1, this is %2").arg(env.kioskId, options_.kioskId));
    }
    in->bytes = env.bytes.size();
    return {};
}

StoreError Outbox::checkBlobs(const QList<SealedBlob> &blobs, Incoming *in) const
{
    for (const SealedBlob &b : blobs) {
        // The name-to-bytes binding is the Sealer's (it hashes what it sealed), as the signature is; import and salvage
        // re-hash bytes read from files before they get here. Re-hashing every page here would cost more CPU than
        // the rest of the enqueue (design.md section 5, `enqueue`), so only the shape is checked.
        if (b.bytes.size() <= kBlobMagicSize || !b.bytes.startsWith(QByteArray(kBlobMagic, kBlobMagicSize)) ||
            !isLowerHexSha256(b.sha256))
            return fail(StoreErrorCode::InvalidArgument, QStringLiteral("a blob is not a named KSB1 sealed blob"));
        in->givenBlobs.insert(b.sha256, &b);
        in->bytes += b.bytes.size();
    }
    QSet<QString> referenced;
    for (const BlobRef &ref : in->envelope.blobs) {
        referenced.insert(ref.sha256);
        const SealedBlob *b = in->givenBlobs.value(ref.sha256);
        if (b && b->size() != ref.size)
            return fail(StoreErrorCode::InvalidArgument,
                        QStringLiteral("blob %1 has another size than listed").arg(ref.sha256));
    }
    for (auto it = in->givenBlobs.cbegin(); it != in->givenBlobs.cend(); ++it) {
        if (!referenced.contains(it.key()))
            return fail(StoreErrorCode::InvalidArgument,
                        QStringLiteral("blob %1 is not listed in the envelope").arg(it.key()));
    }
    return {};
}

StoreError Outbox::checkDiskFloor(qint64 incomingBytes) const
{
    const StoreResult<qint64> free = freeBytes();
    if (!free.isOk())
        return free.error;
    if (free.value - 2 * incomingBytes >= options_.diskFloorBytes)
        return {};
    const StoreError e =
        fail(StoreErrorCode::DiskFloor, QStringLiteral("only %1 MiB free in the database folder; the floor is %2 MiB")
                                            .arg(free.value / (1024 * 1024))
                                            .arg(options_.diskFloorBytes / (1024 * 1024)));
    qCWarning(lcOutbox).noquote() << e.message;
    return e;
}

// The same id again: AlreadyPresent for the same bytes (or for an acked item whose bytes were purged), Conflict for
// other bytes; nullopt when the id is new.
StoreResult<std::optional<EnqueueOutcome>> Outbox::findExisting(const SealedEnvelope &env)
{
    StoreResult<std::optional<EnqueueOutcome>> r;
    Statement s = store_.prepare("SELECT envelope, state FROM submissions WHERE id = ?1");
    s.bindText(1, env.id);
    const Statement::Step step = s.step();
    if (step == Statement::Step::Error) {
        r.error = s.error();
    } else if (step == Statement::Step::Row) {
        const bool purgedAfterAck = s.isNull(0) && s.text(1) == QLatin1String("acked");
        if (purgedAfterAck || s.blob(0) == env.bytes)
            r.value = EnqueueOutcome::AlreadyPresent;
        else
            r.error = fail(StoreErrorCode::Conflict,
                           QStringLiteral("submission %1 is already queued with other bytes").arg(env.id));
    }
    return r;
}

StoreError Outbox::insertSubmission(const SealedEnvelope &env, const EnqueueOrigin &origin)
{
    const StoreResult<qint64> seq = localNumbers_.nextSubmissionSeq();
    if (!seq.isOk())
        return seq.error;
    Statement s = store_.prepare(
        "INSERT INTO submissions (id, local_no, item_code, state, created_wall, created_seq, last_error, envelope) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    s.bindText(1, env.id)
        .bindText(2, env.localNo)
        .bindText(3, env.itemCode)
        .bindText(4, toString(origin.state))
        .bindInt(5, origin.createdWall.toMSecsSinceEpoch())
        .bindInt(6, seq.value)
        .bindText(7, origin.lastError)
        .bindBlobNoCopy(8, env.bytes);
    const StoreError e = s.run();
    if (e.code == StoreErrorCode::Constraint) {
        return fail(StoreErrorCode::Conflict,
                    QStringLiteral("local number %1 is already used by another submission").arg(env.localNo));
    }
    return e;
}

StoreError Outbox::insertReceipt(const SealedEnvelope &env, const EnqueueOrigin &origin)
{
    Statement s = store_.prepare("INSERT INTO receipts (local_no, item_code, created) VALUES (?1, ?2, ?3) "
                                 "ON CONFLICT (local_no) DO NOTHING");
    s.bindText(1, env.localNo).bindText(2, env.itemCode).bindInt(3, origin.createdWall.toMSecsSinceEpoch());
    return s.run();
}

// --- leases, acknowledgements, retries, dead letters ------------------------------------------------------------

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
    StoreResult<QList<BlobInfo>> blobs = blobStore_.listFor(id);
    if (!blobs.isOk()) {
        r.error = blobs.error;
        return r;
    }
    lease.blobs = std::move(blobs.value);
    r.error = tx.commit();
    if (r.isOk())
        r.value = lease;
    return r;
}

StoreResult<QByteArray> Outbox::blobBytes(const QString &sha256)
{
    return blobStore_.bytes(sha256);
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
    const qint64 nowMs = options_.now().toMSecsSinceEpoch();
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
        e = blobStore_.unlinkOrphans();
        if (!e.isOk())
            return e;
        e = blobStore_.deleteUnlinked().error;
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
        r.error = blobStore_.unlinkAckedBefore(cutoff);
        if (!r.isOk())
            return r;
        Statement envelopes = store_.prepare("UPDATE submissions SET envelope = NULL WHERE state = 'acked' AND "
                                             "acked_wall < ?1 AND envelope IS NOT NULL");
        envelopes.bindInt(1, cutoff);
        r.error = envelopes.run();
        if (!r.isOk())
            return r;
        r.value.envelopes = int(store_.changes());
        const StoreResult<int> blobs = blobStore_.deleteUnlinked();
        r.error = blobs.error;
        if (!r.isOk())
            return r;
        r.value.blobs = blobs.value;
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
    qint64 oldestUnsent = std::numeric_limits<qint64>::max();
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
        if (state != QLatin1String("dead")) // a dead letter waits for a technician, not for the network
            oldestUnsent = qMin(oldestUnsent, s.int64(2));
    }
    if (step == Statement::Step::Error) {
        r.error = s.error();
        return r;
    }
    if (oldest != std::numeric_limits<qint64>::max())
        r.value.oldestAgeS = qMax<qint64>(0, (options_.now().toMSecsSinceEpoch() - oldest) / 1000);
    if (oldestUnsent != std::numeric_limits<qint64>::max())
        r.value.oldestUnsentAgeS = qMax<qint64>(0, (options_.now().toMSecsSinceEpoch() - oldestUnsent) / 1000);
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

// --- forwarded to the DAOs ---------------------------------------------------------------------------------------

StoreResult<ExportReport> Outbox::exportTo(const QString &dir)
{
    return transfer_.exportTo(dir);
}

StoreResult<ImportReport> Outbox::importFrom(const QString &dir)
{
    return transfer_.importFrom(dir);
}

StoreResult<SalvageReport> Outbox::salvageFrom(const QString &corruptPath)
{
    return transfer_.salvageFrom(corruptPath);
}

StoreResult<EnqueueOutcome> Outbox::enqueueEvaluation(const QString &id, const QByteArray &body)
{
    return evaluations_.enqueue(id, body);
}

StoreResult<QList<PendingEvaluation>> Outbox::pendingEvaluations(int limit)
{
    return evaluations_.pending(limit);
}

StoreError Outbox::markEvaluationSent(const QString &id)
{
    return evaluations_.markSent(id);
}

StoreError Outbox::markEvaluationFailed(const QString &id, const QString &error, bool dead)
{
    return evaluations_.markFailed(id, error, dead);
}

StoreResult<QList<DeadEvaluation>> Outbox::deadEvaluations(int limit)
{
    return evaluations_.dead(limit);
}

StoreError Outbox::retryDeadEvaluation(const QString &id)
{
    return evaluations_.retryDead(id);
}

StoreError Outbox::deleteDeadEvaluation(const QString &id)
{
    return evaluations_.deleteDead(id);
}

} // namespace kiosk::queue
