// The durable outbox of sealed submissions: DAO of the `submissions` and `receipts` tables (enqueue, on disk before
// the receipt prints; leases for the sync engine; retries, dead letters, the retention purge, stats) and the one
// object callers hold. It owns one DAO per other table, reachable directly or through the forwarding methods below:
// LocalNumbers (counters), BlobStore (blobs, submission_blobs), EvaluationQueue (evaluations) and OutboxTransfer
// (export, import, salvage). The schema of all of them is Outbox::migrations() (outbox_schema.cpp).
//
// Every method runs on the Store's connection and thread (one Outbox per Store). Wall times are stored as UTC
// milliseconds; retry and lease times are on the caller's monotonic clock (design.md section 4).
#pragma once

#include "offline_queue/blob_store.h"
#include "offline_queue/envelope.h"
#include "offline_queue/evaluation_queue.h"
#include "offline_queue/local_numbers.h"
#include "offline_queue/outbox_transfer.h"
#include "offline_queue/outbox_types.h"
#include "offline_queue/storage/store.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <functional>
#include <optional>

namespace kiosk::queue {

// One submission handed to one worker until `leaseUntilMono`.
struct Lease {
    QString id; // = Idempotency-Key
    QString localNo;
    QString itemCode;
    QString owner;
    QByteArray envelope;   // the exact bytes to POST
    QList<BlobInfo> blobs; // in envelope order; fetch the bytes with blobBytes()
    int attempts = 0;      // including this one
    qint64 leaseUntilMono = 0;
};

struct SubmissionInfo {
    QString id;
    QString localNo;
    QString itemCode;
    SubmissionState state = SubmissionState::Pending;
    int attempts = 0;
    QDateTime createdWall;
    qint64 createdSeq = 0;
    qint64 nextAttemptMono = 0;
    QString leaseOwner;
    QString lastError;
    QString caseNo;
    QDateTime ackedWall;
    qint64 envelopeSize = 0; // 0 once purged
};

struct QueueStats {
    int pending = 0;
    int inFlight = 0;
    int dead = 0;
    int acked = 0;          // acked, including purged ones
    int awaitingPurge = 0;  // acked whose sealed bytes are still stored
    qint64 oldestAgeS = -1; // age of the oldest item not yet acked; -1 when there is none
    // Age of the oldest item still to send (pending or in flight; dead letters left out); -1 when there is none.
    qint64 oldestUnsentAgeS = -1;
};

struct PurgeReport {
    int envelopes = 0;               // submissions whose sealed envelope was erased
    int blobs = 0;                   // sealed blobs erased
    bool checkpointComplete = false; // false: a reader kept WAL frames alive; the next purge truncates them
};

class Outbox
{
public:
    // The schema, for Store::open.
    static QList<Migration> migrations();

    Outbox(Store &store, OutboxOptions options);
    Outbox(const Outbox &) = delete;
    Outbox &operator=(const Outbox &) = delete;

    // The DAOs of the other tables (the forwarding methods below are the same calls).
    LocalNumbers &localNumbers() { return localNumbers_; }
    BlobStore &blobStore() { return blobStore_; }
    EvaluationQueue &evaluations() { return evaluations_; }
    OutboxTransfer &transfer() { return transfer_; }

    // `<kiosk_id>-<yyyymmdd>-<seq>` (date in Asia/Shanghai, seq >= 6 digits), committed durably before it is
    // returned so it is never handed out twice, even if the submission is then abandoned.
    StoreResult<QString> allocateLocalNo();

    // One durable transaction (synchronous=FULL: on disk when it returns OK). Every blob the envelope lists must be
    // given or already stored, with the listed size. The same id with byte-identical envelope -> AlreadyPresent;
    // different bytes -> Conflict. Blob names are trusted as the Sealer made them (see the .cpp); bytes read back
    // from files (import, salvage) are re-hashed before they come here.
    StoreResult<EnqueueOutcome> enqueue(const SealedEnvelope &envelope, const QList<SealedBlob> &blobs);
    // Import and salvage: the same checks and transaction, keeping the item's original time, state and error.
    struct EnqueueOrigin {
        QDateTime createdWall;
        SubmissionState state = SubmissionState::Pending;
        QString lastError;
    };
    StoreResult<EnqueueOutcome> enqueueAs(const SealedEnvelope &envelope, const QList<SealedBlob> &blobs,
                                          const EnqueueOrigin &origin);

    // The next due item (expired leases first, then pending by due time and age), leased to `owner`. No item: nullopt.
    StoreResult<std::optional<Lease>> leaseNext(const QString &owner, qint64 nowMono, qint64 leaseMs);
    StoreResult<QByteArray> blobBytes(const QString &sha256);

    // The platform accepted it: a receipt row keeps case_no; the sealed bytes become eligible for purgeAcked().
    StoreError markAcked(const QString &id, const QString &caseNo);
    // A transient failure: back to pending, due at `nextAttemptMono`. Only for an item in flight.
    StoreError markRetry(const QString &id, qint64 nextAttemptMono, const QString &error);
    // A dead letter for a technician, with the platform's detail. Never dropped.
    StoreError markDead(const QString &id, const QString &detail);
    StoreError retryDead(const QString &id);
    StoreResult<int> retryAllDead();
    // A supervisor's decision: the dead letter is deleted with its sealed bytes (blobs no other item uses), erased
    // (secure_delete) and checkpointed. The receipt row stays. Only for an item in state dead.
    StoreError deleteDead(const QString &id);

    // At process start, before any worker runs: leases of the previous process are released, and due times are
    // clamped to now + maxDelayMs (after a reboot the monotonic values of the previous boot mean nothing).
    StoreResult<int> recoverAfterRestart(qint64 nowMono, qint64 maxDelayMs);

    // Erases (secure_delete) the sealed envelope and blobs of items acked before `olderThan`, then truncates the WAL.
    // The submission row stays (ids and local numbers are remembered so a re-import cannot resend them).
    StoreResult<PurgeReport> purgeAcked(const QDateTime &olderThan);

    StoreResult<QueueStats> stats();
    StoreResult<QList<SubmissionInfo>> list(int limit = 1000);
    // One item by its local number (the UNIQUE index on local_no; also after a purge, which keeps the row).
    StoreResult<std::optional<SubmissionInfo>> findByLocalNo(const QString &localNo);

    // Writes every not-yet-acked item as sealed files plus manifest.json (last, so a partial export is recognisable).
    StoreResult<ExportReport> exportTo(const QString &dir);
    // Idempotent: items already present are counted, not duplicated.
    StoreResult<ImportReport> importFrom(const QString &dir);
    // After Store::open moved a corrupt file aside: best-effort copy of its sealed items and local-number counters.
    // When the counters cannot be read, today's sequence restarts above (seconds since midnight x 10), which exceeds
    // any count issued earlier today unless more than ten numbers a second were issued. (OutboxTransfer)
    StoreResult<SalvageReport> salvageFrom(const QString &corruptPath);

    // Evaluations: durable like submissions, not sealed (no personal data); the same id twice is AlreadyPresent.
    // (EvaluationQueue)
    StoreResult<EnqueueOutcome> enqueueEvaluation(const QString &id, const QByteArray &body);
    StoreResult<QList<PendingEvaluation>> pendingEvaluations(int limit);
    StoreError markEvaluationSent(const QString &id); // the platform has it: deleted
    StoreError markEvaluationFailed(const QString &id, const QString &error, bool dead);
    StoreResult<QList<DeadEvaluation>> deadEvaluations(int limit);
    StoreError retryDeadEvaluation(const QString &id);
    StoreError deleteDeadEvaluation(const QString &id);

    // Free bytes for an unprivileged writer in the database folder (statvfs).
    StoreResult<qint64> freeBytes() const;

private:
    struct Incoming;
    StoreError readEnvelope(const SealedEnvelope &given, Incoming *in) const;
    StoreError checkBlobs(const QList<SealedBlob> &blobs, Incoming *in) const;
    StoreError checkDiskFloor(qint64 incomingBytes) const;
    StoreResult<std::optional<EnqueueOutcome>> findExisting(const SealedEnvelope &envelope);
    StoreError insertSubmission(const SealedEnvelope &envelope, const EnqueueOrigin &origin);
    StoreError insertReceipt(const SealedEnvelope &envelope, const EnqueueOrigin &origin);
    StoreError transition(const char *sql, const QString &id, const QString &what,
                          const std::function<void(Statement &)> &bindMore);

    Store &store_;
    OutboxOptions options_;
    LocalNumbers localNumbers_;
    BlobStore blobStore_;
    EvaluationQueue evaluations_;
    OutboxTransfer transfer_;
};

} // namespace kiosk::queue
