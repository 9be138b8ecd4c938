// The kiosk's audit log: security-relevant events appended to an HMAC-SHA256 hash chain in their own SQLite file,
// verifiable end to end (edits, deletions, insertions and reorderings are found and named by seq), prunable only by
// moving a MACed checkpoint, and anchored at the platform through its head.
//
// Records hold no personal data: callers pass masked values only, and every string in a detail is passed through
// the same masking the queue applies to error texts (long digit runs become 4401**********2430) as a last guard.
//
// Chain: hash(n) = HMAC-SHA256(key, canonical JSON of {"type":"record","v":1,"seq","at","kind","detail","prev_hash"}),
// prev_hash(n) = hash(n-1), prev_hash(1) = 64 zeros; hashes are lowercase hex. The head row (seq, hash of the last
// record) is written in the same transaction as each record, so a removed last record is noticed too. Someone who
// holds the key, or who rolls the whole file back to an older copy, is beyond what the file alone can prove: that is
// what the platform anchor (AuditAnchorer) is for.
//
// The key: 32 random bytes in a 0600 file beside the database, made on first use. Production should keep it in the
// TPM (sealed to the boot state) and compute the HMAC there; the file is the development stand-in (see README.md).
//
// Threads: an AuditLog may be used from any thread; calls are serialised by a mutex (one SQLite connection).
#pragma once

#include "app/audit/audit_sink.h"
#include "offline_queue/storage/store.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMutex>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

class QSettings;

namespace kiosk::app {

// Event kinds (the `kind` column). Others may be used; these are the ones the kiosk writes.
namespace audit_kind {
inline constexpr char kConsentDecision[] = "consent.decision";
inline constexpr char kIdentityRead[] = "identity.read";
inline constexpr char kSubmissionSealed[] = "submission.sealed";
inline constexpr char kSubmissionSynced[] = "submission.synced";
inline constexpr char kSubmissionPurged[] = "submission.purged";
inline constexpr char kLoginSuccess[] = "maintenance.login";
inline constexpr char kLoginFailure[] = "maintenance.login_failed";
inline constexpr char kLockout[] = "maintenance.lockout";
inline constexpr char kConfigChange[] = "config.change";
inline constexpr char kExport[] = "queue.export";
inline constexpr char kAuditRecovered[] = "audit.recovered"; // the first record of a chain restarted after corruption
inline constexpr char kAuditPruned[] = "audit.pruned";
} // namespace audit_kind

struct AuditRecord {
    qint64 seq = 0;
    QString at; // RFC 3339 with +08:00 and milliseconds
    QString kind;
    QByteArray detail; // canonical JSON of the detail object, as stored and MACed
    QString prevHash;
    QString hash;

    QJsonObject toJson() const; // {"seq","at","kind","detail":{...},"prev_hash","hash"}
};

// What POST /v1/audit/anchor carries. seq 0 with an empty hash: nothing was ever appended.
struct AuditHead {
    qint64 seq = 0;
    QString hash;
    bool operator==(const AuditHead &o) const { return seq == o.seq && hash == o.hash; }
    bool operator!=(const AuditHead &o) const { return !(*this == o); }
};

struct AuditVerifyResult {
    bool ok = false;
    qint64 records = 0;       // records checked (the ones after the checkpoint)
    qint64 firstBadSeq = -1;  // -1 when ok (0: the checkpoint or the store, not a record, is at fault)
    QString detail;           // English, for technicians: what is wrong at firstBadSeq
    qint64 checkpointSeq = 0; // records up to here were pruned behind a verified checkpoint
    qint64 anchorSeq = 0;     // the last anchor the chain was checked to pass through (0: none yet)
    int anchorsChecked = 0;   // verifyAgainst: the platform's anchors the chain passes through
    AuditHead head;

    QJsonObject toJson() const; // {"ok","records","first_bad_seq","detail"} (nulls when ok)
};

struct AuditOptions {
    QString databasePath;
    QString keyPath;
    int retentionDays = 183; // platform rule: >= 6 months; rotate() never prunes younger records
    // A corrupt file is moved aside (kept as evidence, see Store) and a new chain starts with an audit.recovered
    // record naming where the old one went. Off: opening fails and the file stays where it is.
    bool recoverCorrupt = true;
    std::function<QDateTime()> wallClock; // default: the system clock
};

// [audit] of the INI file: database (default audit.sqlite), key_file (audit.key), retention_days (>= 183).
AuditOptions loadAuditOptions(QSettings &ini, const QString &dataDir, QStringList *problems = nullptr);

class AuditLog;

struct AuditOpenResult {
    std::unique_ptr<AuditLog> log;
    queue::StoreError error;
    QString alert; // for the maintenance screen: the file was corrupt and has been moved aside
    bool isOk() const { return log != nullptr; }
};

// Reads the 32-byte key at `path`, creating it (0600, atomically: a racing process reads the winner's) if absent.
// Empty with `error` when the file exists with another size or cannot be read or written.
QByteArray loadOrCreateAuditKey(const QString &path, QString *error);

class AuditLog
{
public:
    static AuditOpenResult open(const AuditOptions &options);
    // Opens an existing log only (kioskctl: a look must not create files); NotFound when absent.
    static AuditOpenResult openExisting(const AuditOptions &options);
    ~AuditLog();
    AuditLog(const AuditLog &) = delete;
    AuditLog &operator=(const AuditLog &) = delete;

    // Appends one record and returns its seq (committed with synchronous=FULL before this returns).
    queue::StoreResult<qint64> append(const QString &kind, const QJsonObject &detail = {});
    // A sink for other parts: appends, logs a failure (never throws, never blocks on anything but the disk).
    AuditSink sink();

    AuditHead head() const;
    // The chain from the checkpoint to the head: every record's MAC and link, the head's MAC, and that the chain still
    // passes through the last anchor the platform acknowledged (its (seq, hash), MACed).
    AuditVerifyResult verify() const;
    // verify(), then that the chain passes through each (seq, head_hash) the platform exported (kioskctl audit
    // verify --anchors): a rollback to an older copy of the file, a cut tail or a rewritten history fails here even
    // with the key in hand. Anchors pruned behind the checkpoint are skipped (they were verified before pruning).
    AuditVerifyResult verifyAgainst(const QList<AuditHead> &anchors) const;
    // The last `count` records, oldest first.
    queue::StoreResult<QList<AuditRecord>> tail(int count) const;

    // Rotation: removes every record up to and including `seq` and moves the checkpoint there (the removed segment's
    // last seq and hash, MACed and chained to the previous checkpoint), in one transaction. The head record is never
    // pruned. Returns the number of records removed.
    queue::StoreResult<qint64> pruneThrough(qint64 seq);
    // Prunes records older than the retention (by their wall time), if the clock looks sane (not before the newest
    // record). Appends an audit.pruned record when something was removed.
    queue::StoreResult<qint64> rotate();

    // The platform anchor already acknowledged (kept in the same file so restarts do not repost).
    std::optional<AuditHead> lastAnchored() const;
    queue::StoreError recordAnchored(const AuditHead &head);

    QString path() const;
    const AuditOptions &options() const { return options_; }

    // HMAC-SHA256 of a record's canonical bytes as lowercase hex (exposed for tests and offline verification tools).
    static QString recordHash(const QByteArray &key, qint64 seq, const QString &at, const QString &kind,
                              const QByteArray &canonicalDetail, const QString &prevHash, bool *ok = nullptr);
    // The detail as stored: personal-data guard applied, canonical JSON. Empty with `error` if it cannot be stored.
    static QByteArray canonicalDetail(const QJsonObject &detail, QString *error = nullptr);
    static QString genesisHash(); // 64 zeros

private:
    AuditLog(std::unique_ptr<queue::Store> store, QByteArray key, AuditOptions options);
    static AuditOpenResult openImpl(const AuditOptions &options, bool mustExist);
    queue::StoreResult<qint64> appendLocked(const QString &kind, const QJsonObject &detail);
    QString checkpointMac(qint64 seq, const QString &hash, const QString &at, qint64 pruned,
                          const QString &prevMac) const;
    QString headMac(const char *type, qint64 seq, const QString &hash, const QString &at) const;
    queue::StoreError macLegacyRows();
    // Empty when the retained chain (or its checkpoint) holds `hash` at `seq`; otherwise why not.
    QString passesThrough(qint64 seq, const QString &hash, qint64 checkpointSeq, const QString &checkpointHash,
                          qint64 headSeq) const;
    QString now() const;

    mutable QMutex mutex_;
    std::unique_ptr<queue::Store> store_;
    QByteArray key_;
    AuditOptions options_;
};

} // namespace kiosk::app
