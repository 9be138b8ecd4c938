// The sync engine: takes sealed submissions from the outbox and delivers each to the platform exactly once (blobs by
// HEAD/PUT, then the stored envelope bytes with Idempotency-Key = id), with backoff and full jitter, Retry-After,
// dead letters for what the platform refuses, the retention purge and a status snapshot for the UI and kioskctl.
//
// SyncCore is the state machine without threads or timers (one pass over the due items; when to wake next), driven
// by tests with a simulated clock and by `kioskctl queue sync --once`. SyncEngine runs a SyncCore on its own QThread
// with its own Store connection and PlatformClient (kiosk::common::WorkerThread: stopped within a bound, never
// terminated), sleeping on a monotonic timer until the next item is due.
#pragma once

#include "offline_queue/backoff.h"
#include "offline_queue/curl_platform_client.h"
#include "offline_queue/outbox.h"
#include "offline_queue/platform_client.h"
#include "offline_queue/storage/sanitize.h"
#include "offline_queue/storage/store.h"
#include "offline_queue/sync_settings.h"

#include <QDateTime>
#include <QJsonObject>
#include <QMap>
#include <QMetaType>
#include <QMutex>
#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

namespace kiosk::common {
class WorkerThread;
}

namespace kiosk::queue {

// What the UI and kioskctl show. No personal data: local numbers are printed on receipts, errors are sanitised.
struct SyncStatus {
    int pending = 0;
    int inFlight = 0;
    int dead = 0;
    qint64 oldestAgeS = -1; // oldest item not yet acknowledged; -1: none
    QDateTime lastSync;     // wall time of the last acknowledgement; invalid: never
    QString error;          // the current transient problem in words; empty when the last attempt went through
    QString currentLocalNo; // the item being sent; empty when idle
    qint64 bytesSent = 0;   // progress of the item being sent (blobs and envelope)
    qint64 bytesTotal = 0;
    qint64 nextAttemptInMs = -1; // -1: nothing scheduled
    bool running = false;
    quint64 passes = 0; // passes over the queue since start (diagnostics: a busy loop shows here)
    // Failed platform requests since the sync connection opened, by kind: network, tls (handshake or pin), 4xx, 5xx,
    // 429 (for the kiosk's metrics; an abort at shutdown is none of them).
    QMap<QString, quint64> failures;

    // design.md section 6: {"pending","in_flight","dead","oldest_age_s","last_sync","error"} (nulls when none).
    QJsonObject toJson() const;
};

// Readies the sync thread's own connection: synchronous=NORMAL. Only this connection's commits (leases, acks,
// retries, dead letters, purges) skip the fsync; every one of them is safe to lose in a power cut, because the item
// then goes out again with the same Idempotency-Key and bytes and the platform answers with the stored case (200).
// The enqueue connection keeps synchronous=FULL: a receipt is printed only for what is on disk. WAL stays consistent.
StoreError prepareSyncConnection(Store &store);

// The status of a queue read from its database alone (kioskctl, while the kiosk may or may not run): counts, the
// last acknowledgement, and as `error` the last failure recorded on a pending item.
SyncStatus queueStatusFromDatabase(Store &store, Outbox &outbox);

// Injected time and randomness (design.md section 4: timers and backoff on the monotonic clock).
struct SyncClock {
    std::function<qint64()> monoMs;    // default: CLOCK_MONOTONIC in ms (the same in every process of a boot)
    std::function<QDateTime()> wall;   // default: the system clock, UTC
    std::function<double()> uniform01; // default: QRandomGenerator::global()

    static SyncClock system();
};

struct PassReport {
    int acked = 0;
    int retried = 0;
    int dead = 0;
    bool moreDue = false;  // the batch ended with items still due: run again at once
    bool heldBack = false; // a transient failure (or a hold from an earlier one) stopped the pass
    bool stopped = false;  // the client was cancelled
    QString storeError;    // the queue database failed; the pass was abandoned
};

class SyncCore
{
public:
    SyncCore(Store &store, Outbox &outbox, PlatformClient &client, SyncSettings settings,
             SyncClock clock = SyncClock::system());

    // At start: releases leases of a previous process and clamps due times (Outbox::recoverAfterRestart).
    StoreError recover();
    // syncNow(): every pending item due now, and the hold after a failure lifted.
    StoreError makeAllDue();
    // Leases and sends due items until none is due, `batch` were handled, or a transient failure holds the platform
    // back; also runs the retention purge when it is due.
    PassReport runPass();
    // The monotonic time the next pass is useful; nullopt when nothing waits (an enqueue or syncNow wakes it).
    std::optional<qint64> nextWakeMono();

    SyncStatus status() const;
    void refreshStatus(); // counts from the database

    std::function<void(const SyncStatus &)> onStatus;                          // after changes (progress throttled)
    std::function<void(const QString &message)> onAlert;                       // a technician must look
    std::function<void(const QString &localNo, const QString &reason)> onDead; // a dead letter
    std::function<void(const QString &id, const QString &reason)> onDeadEvaluation; // a refused evaluation
    std::function<void(const QString &localNo, const QString &caseNo)> onAcked;

private:
    struct Decision {
        enum class Kind { Retry, Dead, Stop } kind = Kind::Retry;
        QString reason;
        std::optional<qint64> retryAfterMs;
        bool alert = false;
    };
    enum class ItemOutcome { Acked, Retried, Dead, Stopped, StoreFailed };

    ItemOutcome process(const Lease &lease);
    std::optional<Decision> sendBlobs(const Lease &lease, const QStringList &names, bool headFirst);
    Decision classify(const ApiResult &result, const QString &what); // counts the failure in status_
    ItemOutcome finish(const Lease &lease, const Decision &decision);
    void maybePurge();
    void sendEvaluations(PassReport &report);
    void computePurgeDue(std::optional<qint64> ackedSinceMs);
    void setError(const QString &error);
    void publish(bool force);
    qint64 now() const { return clock_.monoMs(); }

    Store &store_;
    Outbox &outbox_;
    PlatformClient &client_;
    SyncSettings settings_;
    BackoffPolicy policy_;
    SyncClock clock_;
    QString owner_;

    SyncStatus status_;
    QDateTime oldestCreated_;
    qint64 holdUntilMono_ = 0;
    int consecutiveFailures_ = 0;
    std::optional<QDateTime> purgeDue_;
    qint64 lastPublishMono_ = 0;
    qint64 lastCountsMono_ = 0;
    bool countsKnown_ = false;
    bool evaluationsDue_ = false; // pending evaluations wait for the hold after a transient failure
};

class SyncWorker;

// SyncCore on its own thread. Create and use it on the GUI thread (or any one thread); its signals are delivered
// queued to receivers on other threads; status() is safe from any thread.
class SyncEngine : public QObject
{
    Q_OBJECT
public:
    using ClientFactory = std::function<std::unique_ptr<PlatformClient>(const SyncSettings &)>;

    explicit SyncEngine(SyncSettings settings, QObject *parent = nullptr);
    // `clientFactory` runs on the sync thread (the client belongs to it); default: a CurlPlatformClient.
    SyncEngine(SyncSettings settings, ClientFactory clientFactory, SyncClock clock, QObject *parent = nullptr);
    ~SyncEngine() override; // stop()

    // Starts the thread: opens its own connection to the database, recovers leases, then syncs. False if running.
    bool start();
    // Aborts the transfer in progress, closes the connection and waits at most `waitMs` for the thread (never
    // terminates it). True when the thread ended.
    bool stop(int waitMs = 10'000);
    bool isRunning() const;

    SyncStatus status() const;

public slots:
    // Try everything now (technician, heartbeat command "sync_now"): due times and the failure hold are lifted.
    void syncNow();
    // A submission was just enqueued: wake up if asleep.
    void enqueued();

signals:
    void statusChanged(const kiosk::queue::SyncStatus &status);
    void alert(const QString &message);
    void deadLettered(const QString &localNo, const QString &reason);
    // The platform refused an evaluation (4xx): it is a dead letter in the outbox, as a refused submission is.
    void evaluationDeadLettered(const QString &id, const QString &reason);
    void acknowledged(const QString &localNo, const QString &caseNo);

private:
    friend class SyncWorker;
    struct Link;
    void publish(const SyncStatus &status);

    SyncSettings settings_;
    ClientFactory clientFactory_;
    SyncClock clock_;
    mutable QMutex mutex_;
    SyncStatus status_;
    std::unique_ptr<common::WorkerThread> thread_; // the bounded worker-thread pattern of kiosk_common
    SyncWorker *worker_ = nullptr;                 // owned by thread_ (deleted on its thread when it ends)
    std::shared_ptr<Link> link_;                   // the worker's way back here; detached when stop() gives up
};

} // namespace kiosk::queue

Q_DECLARE_METATYPE(kiosk::queue::SyncStatus)
