// The sync state machine (lease -> blobs -> envelope -> ack / retry / dead letter) and the thread that runs it.
#include "offline_queue/sync_engine.h"

#include "offline_queue/envelope.h"
#include "offline_queue/sync_settings.h"

#include "common/worker_thread.h"

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QMutexLocker>
#include <QRandomGenerator>
#include <QSemaphore>
#include <QThread>
#include <QTimer>

#include <time.h>
#include <unistd.h>

#include <limits>

namespace kiosk::queue {

Q_LOGGING_CATEGORY(lcSync, "kiosk.queue.sync")

namespace {

constexpr qint64 kStoreRetryMs = 5'000; // after a database error, look again this much later
constexpr qint64 kMaxSleepMs = 600'000; // re-evaluate at least every 10 min (cheap; guards lost pokes)
constexpr qint64 kPublishEveryMs = 250; // progress is published at most 4 times a second
constexpr qint64 kCountsEveryMs = 500;  // counts are re-read at most twice a second during a pass

std::optional<qint64> queryInt(Store &store, const char *sql, std::optional<qint64> bind = std::nullopt,
                               StoreError *error = nullptr)
{
    Statement s = store.prepare(sql);
    if (bind)
        s.bindInt(1, *bind);
    const Statement::Step step = s.step();
    if (step == Statement::Step::Error) {
        if (error)
            *error = s.error();
        return std::nullopt;
    }
    if (step != Statement::Step::Row || s.isNull(0))
        return std::nullopt;
    return s.int64(0);
}

// The system's clock for every part of `clock` a caller left unset.
SyncClock withSystemDefaults(SyncClock clock)
{
    const SyncClock fallback = SyncClock::system();
    if (!clock.monoMs)
        clock.monoMs = fallback.monoMs;
    if (!clock.wall)
        clock.wall = fallback.wall;
    if (!clock.uniform01)
        clock.uniform01 = fallback.uniform01;
    return clock;
}

} // namespace

// --- status ---------------------------------------------------------------------------------------------------------

QJsonObject SyncStatus::toJson() const
{
    return QJsonObject{
        {QStringLiteral("pending"), pending},
        {QStringLiteral("in_flight"), inFlight},
        {QStringLiteral("dead"), dead},
        {QStringLiteral("oldest_age_s"), oldestAgeS < 0 ? QJsonValue() : QJsonValue(oldestAgeS)},
        {QStringLiteral("last_sync"), lastSync.isValid() ? QJsonValue(formatCreatedAt(lastSync)) : QJsonValue()},
        {QStringLiteral("error"), error.isEmpty() ? QJsonValue() : QJsonValue(error)},
    };
}

SyncClock SyncClock::system()
{
    SyncClock c;
    // CLOCK_MONOTONIC: the clock the outbox's due times are on, shared by every process of one boot.
    c.monoMs = [] {
        timespec ts{};
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return qint64(ts.tv_sec) * 1000 + ts.tv_nsec / 1'000'000;
    };
    c.wall = [] { return QDateTime::currentDateTimeUtc(); };
    c.uniform01 = [] { return QRandomGenerator::global()->generateDouble(); };
    return c;
}

StoreError prepareSyncConnection(Store &store)
{
    return store.exec("PRAGMA synchronous = NORMAL");
}

SyncStatus queueStatusFromDatabase(Store &store, Outbox &outbox)
{
    SyncStatus s;
    const StoreResult<QueueStats> st = outbox.stats();
    if (!st.isOk()) {
        s.error = QStringLiteral("queue database: ") + st.error.message;
        return s;
    }
    s.pending = st.value.pending;
    s.inFlight = st.value.inFlight;
    s.dead = st.value.dead;
    s.oldestAgeS = st.value.oldestAgeS;
    if (const auto last = queryInt(store, "SELECT max(acked_wall) FROM submissions WHERE state = 'acked'"))
        s.lastSync = QDateTime::fromMSecsSinceEpoch(*last, Qt::UTC);
    // The most recent failure is on the pending item due last (the index on state, next_attempt_mono walks back).
    Statement q = store.prepare("SELECT last_error FROM submissions WHERE state = 'pending' AND last_error IS NOT NULL "
                                "ORDER BY next_attempt_mono DESC LIMIT 1");
    if (q.step() == Statement::Step::Row)
        s.error = q.text(0);
    return s;
}

// --- SyncCore -------------------------------------------------------------------------------------------------------

SyncCore::SyncCore(Store &store, Outbox &outbox, PlatformClient &client, SyncSettings settings, SyncClock clock)
    : store_(store)
    , outbox_(outbox)
    , client_(client)
    , settings_(std::move(settings))
    , policy_(settings_.backoffPolicy())
    , clock_(std::move(clock))
{
    clock_ = withSystemDefaults(std::move(clock_));
    owner_ = settings_.workerName.isEmpty() ? QStringLiteral("sync-%1").arg(::getpid()) : settings_.workerName;
    settings_.batch = qMax(1, settings_.batch);
    settings_.maxMissingBlobRounds = qMax(1, settings_.maxMissingBlobRounds);
    if (const auto last = queryInt(store_, "SELECT max(acked_wall) FROM submissions WHERE state = 'acked'"))
        status_.lastSync = QDateTime::fromMSecsSinceEpoch(*last, Qt::UTC);
    // Whatever was acknowledged before this start and not yet erased: the first pass looks.
    purgeDue_ = clock_.wall();
    status_.running = true;
}

StoreError SyncCore::recover()
{
    const StoreResult<int> r = outbox_.recoverAfterRestart(now(), policy_.capMs);
    if (!r.isOk()) {
        setError(QStringLiteral("queue database: ") + r.error.message);
        return r.error;
    }
    if (r.value > 0)
        qCInfo(lcSync) << "released" << r.value << "lease(s) of a previous run";
    refreshStatus();
    return {};
}

StoreError SyncCore::makeAllDue()
{
    holdUntilMono_ = 0;
    consecutiveFailures_ = 0;
    const StoreResult<int> r = outbox_.recoverAfterRestart(now(), 0);
    return r.error;
}

void SyncCore::setError(const QString &error)
{
    status_.error = sanitizeErrorText(error);
}

SyncStatus SyncCore::status() const
{
    SyncStatus s = status_;
    if (oldestCreated_.isValid())
        s.oldestAgeS = qMax<qint64>(0, oldestCreated_.secsTo(clock_.wall()));
    return s;
}

void SyncCore::refreshStatus()
{
    lastCountsMono_ = now();
    const StoreResult<QueueStats> st = outbox_.stats();
    if (!st.isOk()) {
        qCWarning(lcSync).noquote() << "queue statistics:" << st.error.message;
        return;
    }
    countsKnown_ = true;
    status_.pending = st.value.pending;
    status_.inFlight = st.value.inFlight;
    status_.dead = st.value.dead;
    status_.oldestAgeS = st.value.oldestAgeS;
    oldestCreated_ = st.value.oldestAgeS < 0 ? QDateTime() : clock_.wall().addSecs(-st.value.oldestAgeS);
}

void SyncCore::publish(bool force)
{
    const qint64 t = now();
    if (!force && t - lastPublishMono_ < kPublishEveryMs)
        return;
    lastPublishMono_ = t;
    if (onStatus)
        onStatus(status());
}

PassReport SyncCore::runPass()
{
    PassReport report;
    ++status_.passes;
    maybePurge();
    const qint64 passStart = now();
    if (passStart < holdUntilMono_) {
        report.heldBack = true;
    } else {
        int handled = 0;
        while (handled < settings_.batch) {
            // Leased against the pass's start: an item retried during this pass is due later than that, so one
            // pass never spins on the same item.
            const StoreResult<std::optional<Lease>> lease = outbox_.leaseNext(owner_, passStart, settings_.leaseMs);
            if (!lease.isOk()) {
                report.storeError = lease.error.message;
                setError(QStringLiteral("queue database: ") + lease.error.message);
                holdUntilMono_ = now() + kStoreRetryMs;
                break;
            }
            if (!lease.value)
                break;
            ++handled;
            const ItemOutcome outcome = process(*lease.value);
            status_.currentLocalNo.clear();
            status_.bytesSent = status_.bytesTotal = 0;
            if (outcome == ItemOutcome::Acked) {
                ++report.acked;
            } else if (outcome == ItemOutcome::Dead) {
                ++report.dead;
            } else if (outcome == ItemOutcome::Retried) {
                ++report.retried;
                report.heldBack = true;
                break;
            } else if (outcome == ItemOutcome::Stopped) {
                report.stopped = true;
                break;
            } else {
                // The database refused a transition: look again later rather than re-lease the item in a loop.
                report.storeError = status_.error;
                holdUntilMono_ = now() + kStoreRetryMs;
                break;
            }
            if (now() - lastCountsMono_ >= kCountsEveryMs) {
                refreshStatus();
                publish(true);
            }
        }
        report.moreDue = handled == settings_.batch && !report.heldBack && !report.stopped;
        if (!report.heldBack && !report.stopped && report.storeError.isEmpty())
            sendEvaluations(report);
    }
    refreshStatus();
    const std::optional<qint64> wake = nextWakeMono();
    status_.nextAttemptInMs = wake ? qMax<qint64>(0, *wake - now()) : -1;
    publish(true);
    return report;
}

void SyncCore::sendEvaluations(PassReport &report)
{
    const StoreResult<QList<PendingEvaluation>> pending = outbox_.pendingEvaluations(settings_.batch);
    if (!pending.isOk()) {
        report.storeError = pending.error.message;
        return;
    }
    evaluationsDue_ = false;
    for (const PendingEvaluation &e : pending.value) {
        const std::optional<QJsonObject> body = parseJsonObject(e.body);
        if (!body) {
            outbox_.markEvaluationFailed(e.id, QStringLiteral("stored evaluation is not JSON"), true);
            continue;
        }
        const ApiResult r = client_.postEvaluation(e.id, *body);
        if (r.isSuccess()) {
            outbox_.markEvaluationSent(e.id);
            consecutiveFailures_ = 0;
            continue;
        }
        const Decision d = classify(r, QStringLiteral("evaluation"));
        if (d.kind == Decision::Kind::Stop) {
            report.stopped = true;
            evaluationsDue_ = true;
            return;
        }
        if (d.kind == Decision::Kind::Dead) {
            qCWarning(lcSync).noquote() << "evaluation refused by the platform:" << sanitizeErrorText(d.reason);
            if (outbox_.markEvaluationFailed(e.id, sanitizeErrorText(d.reason), true).isOk() && onDeadEvaluation)
                onDeadEvaluation(e.id, sanitizeErrorText(d.reason));
            continue;
        }
        outbox_.markEvaluationFailed(e.id, sanitizeErrorText(d.reason), false);
        ++consecutiveFailures_;
        holdUntilMono_ = now() + backoffDelayMs(policy_, consecutiveFailures_ - 1, clock_.uniform01(), d.retryAfterMs);
        setError(sanitizeErrorText(d.reason));
        evaluationsDue_ = true;
        report.heldBack = true;
        return;
    }
    report.moreDue = report.moreDue || pending.value.size() == settings_.batch;
}

std::optional<qint64> SyncCore::nextWakeMono()
{
    StoreError error;
    const std::optional<qint64> due =
        queryInt(store_, "SELECT min(next_attempt_mono) FROM submissions WHERE state = 'pending'", {}, &error);
    // A lease of another worker (or one whose holder died) is taken over once it runs out.
    const std::optional<qint64> leased =
        queryInt(store_, "SELECT min(lease_until) FROM submissions WHERE state = 'in_flight'", {}, &error);
    if (!error.isOk())
        return now() + kStoreRetryMs;
    std::optional<qint64> wake;
    if (due || leased) {
        wake =
            qMin(due.value_or(std::numeric_limits<qint64>::max()), leased.value_or(std::numeric_limits<qint64>::max()));
        wake = qMax(*wake, holdUntilMono_);
    }
    if (evaluationsDue_) // an evaluation failed transiently: try again once the hold is over
        wake = wake ? qMin(*wake, qMax(now(), holdUntilMono_)) : qMax(now(), holdUntilMono_);
    if (purgeDue_) {
        const qint64 purgeAt = now() + qMax<qint64>(0, clock_.wall().msecsTo(*purgeDue_));
        wake = wake ? qMin(*wake, purgeAt) : purgeAt;
    }
    return wake;
}

void SyncCore::maybePurge()
{
    if (!purgeDue_ || clock_.wall() < *purgeDue_)
        return;
    // purgeAcked erases what was acked strictly before its argument: +1 ms makes "at least purgeAfterMs ago" inclusive,
    // so an item acked exactly at the cutoff cannot keep the purge due (and the thread awake) forever.
    const QDateTime cutoff = clock_.wall().addMSecs(-settings_.purgeAfterMs + 1);
    const StoreResult<PurgeReport> r = outbox_.purgeAcked(cutoff);
    if (!r.isOk()) {
        qCWarning(lcSync).noquote() << "retention purge failed:" << r.error.message;
        purgeDue_ = clock_.wall().addMSecs(kStoreRetryMs * 12);
        return;
    }
    if (!r.value.checkpointComplete)
        qCInfo(lcSync) << "WAL checkpoint incomplete (a reader is active); the next purge completes it";
    computePurgeDue(cutoff.toMSecsSinceEpoch());
    if (purgeDue_ && *purgeDue_ <= clock_.wall())
        purgeDue_ = clock_.wall().addMSecs(1000); // never due again at the same instant
}

void SyncCore::computePurgeDue(std::optional<qint64> ackedSinceMs)
{
    // Everything acked before the cutoff was just erased, so the range scan starts there (index on state, acked_wall).
    const std::optional<qint64> next =
        queryInt(store_,
                 "SELECT acked_wall FROM submissions WHERE state = 'acked' AND acked_wall >= ?1 AND "
                 "envelope IS NOT NULL ORDER BY acked_wall LIMIT 1",
                 ackedSinceMs.value_or(0));
    if (next)
        purgeDue_ = QDateTime::fromMSecsSinceEpoch(*next + settings_.purgeAfterMs, Qt::UTC);
    else
        purgeDue_.reset();
}

SyncCore::ItemOutcome SyncCore::process(const Lease &lease)
{
    status_.currentLocalNo = lease.localNo;
    status_.bytesSent = 0;
    status_.bytesTotal = lease.envelope.size();
    for (const BlobInfo &b : lease.blobs)
        status_.bytesTotal += b.size;
    publish(true);

    QStringList names;
    for (const BlobInfo &b : lease.blobs)
        names << b.sha256;
    if (const std::optional<Decision> failed = sendBlobs(lease, names, true))
        return finish(lease, *failed);

    const qint64 beforeEnvelope = status_.bytesSent;
    const ProgressFn progress = [this, beforeEnvelope](qint64 sent, qint64) {
        status_.bytesSent = beforeEnvelope + sent;
        publish(false);
    };
    for (int round = 0;; ++round) {
        const ApiResult r = client_.postSubmission(lease.id, lease.envelope, progress);
        if (r.isSuccess()) {
            const QString caseNo = r.json.value(QLatin1String("case_no")).toString();
            const StoreError e = outbox_.markAcked(lease.id, caseNo);
            if (!e.isOk()) {
                // The platform has it; the lease runs out and the replay gets the same answer (200).
                setError(QStringLiteral("queue database: ") + e.message);
                qCWarning(lcSync).noquote()
                    << "acknowledged" << lease.localNo << "but could not record it:" << e.message;
                return ItemOutcome::StoreFailed;
            }
            status_.bytesSent = status_.bytesTotal;
            status_.lastSync = clock_.wall();
            status_.error.clear();
            holdUntilMono_ = 0;
            consecutiveFailures_ = 0;
            const QDateTime purgeAt = clock_.wall().addMSecs(settings_.purgeAfterMs);
            if (!purgeDue_ || purgeAt < *purgeDue_)
                purgeDue_ = purgeAt;
            qCInfo(lcSync).noquote() << "acknowledged" << lease.localNo << "as" << caseNo << "(HTTP" << r.httpStatus
                                     << "attempt" << lease.attempts << ")";
            if (onAcked)
                onAcked(lease.localNo, caseNo);
            return ItemOutcome::Acked;
        }
        if (r.networkError == NetworkError::None && r.httpStatus == 412) {
            if (round + 1 >= settings_.maxMissingBlobRounds) {
                Decision d;
                d.reason = QStringLiteral("the platform still misses blobs after %1 upload rounds").arg(round + 1);
                d.retryAfterMs = r.retryAfterMs;
                return finish(lease, d);
            }
            // The answer names what is missing; without a usable list every blob is checked again.
            const bool named = !r.problem.missing.isEmpty();
            qCInfo(lcSync).noquote() << lease.localNo << "412: uploading"
                                     << (named ? r.problem.missing.size() : names.size()) << "blob(s) again";
            if (const std::optional<Decision> failed = sendBlobs(lease, named ? r.problem.missing : names, !named))
                return finish(lease, *failed);
            continue;
        }
        return finish(lease, classify(r, QStringLiteral("submission")));
    }
}

std::optional<SyncCore::Decision> SyncCore::sendBlobs(const Lease &lease, const QStringList &names, bool headFirst)
{
    for (const QString &sha : names) {
        qint64 size = -1;
        for (const BlobInfo &b : lease.blobs) {
            if (b.sha256 == sha)
                size = b.size;
        }
        if (headFirst) {
            const ApiResult head = client_.headBlob(sha);
            if (head.networkError == NetworkError::None && head.httpStatus == 200) {
                status_.bytesSent += qMax<qint64>(0, size);
                publish(false);
                continue;
            }
            if (head.networkError != NetworkError::None || (head.httpStatus != 404 && head.httpStatus >= 300))
                return classify(head, QStringLiteral("blob check"));
        }
        const StoreResult<QByteArray> bytes = outbox_.blobBytes(sha);
        if (!bytes.isOk()) {
            Decision d;
            if (bytes.error.code == StoreErrorCode::NotFound) {
                d.kind = Decision::Kind::Dead;
                d.alert = true;
                d.reason = QStringLiteral("the platform needs blob %1, which this kiosk does not hold").arg(sha);
            } else {
                d.reason = QStringLiteral("queue database: ") + bytes.error.message;
            }
            return d;
        }
        const qint64 before = status_.bytesSent;
        const ProgressFn progress = [this, before](qint64 sent, qint64) {
            status_.bytesSent = before + sent;
            publish(false);
        };
        const ApiResult put = client_.putBlob(sha, bytes.value, progress);
        if (!put.isSuccess())
            return classify(put, QStringLiteral("blob upload"));
        status_.bytesSent = before + bytes.value.size();
    }
    return std::nullopt;
}

SyncCore::Decision SyncCore::classify(const ApiResult &r, const QString &what)
{
    Decision d;
    d.retryAfterMs = r.retryAfterMs;
    if (r.networkError == NetworkError::Aborted) {
        d.kind = Decision::Kind::Stop;
        d.reason = QStringLiteral("interrupted (shutting down)");
        return d;
    }
    const bool tls = r.networkError == NetworkError::Tls || r.networkError == NetworkError::Pin;
    ++status_.failures[r.networkError != NetworkError::None ? (tls ? QStringLiteral("tls") : QStringLiteral("network"))
                       : r.httpStatus == 429                ? QStringLiteral("429")
                       : r.httpStatus >= 500                ? QStringLiteral("5xx")
                                                            : QStringLiteral("4xx")];
    if (r.networkError != NetworkError::None) {
        // Unreachable, refused in TLS, cut off, too large or not the JSON expected: nothing is wrong with the item.
        d.reason = QStringLiteral("%1: %2").arg(what, r.describe());
        d.alert = r.networkError == NetworkError::Pin || r.networkError == NetworkError::Tls ||
                  r.networkError == NetworkError::Config;
        return d;
    }
    const int s = r.httpStatus;
    if (s == 409) {
        d.kind = Decision::Kind::Dead;
        d.alert = true;
        d.reason = QStringLiteral("%1: %2 - the platform holds different bytes under this id (a kiosk defect; "
                                  "never retried automatically)")
                       .arg(what, r.describe());
        return d;
    }
    if (s == 408 || s == 429 || s >= 500) {
        d.reason = QStringLiteral("%1: %2").arg(what, r.describe());
        return d;
    }
    if (s >= 400) {
        d.kind = Decision::Kind::Dead;
        d.reason = QStringLiteral("%1: %2").arg(what, r.describe());
        return d;
    }
    d.reason = QStringLiteral("%1: unexpected HTTP %2").arg(what).arg(s);
    return d;
}

SyncCore::ItemOutcome SyncCore::finish(const Lease &lease, const Decision &d)
{
    const QString reason = sanitizeErrorText(d.reason);
    const qint64 t = now();
    if (d.kind == Decision::Kind::Stop) {
        // Not the platform's fault: due again at once, for the next run.
        outbox_.markRetry(lease.id, t, reason);
        return ItemOutcome::Stopped;
    }
    if (d.kind == Decision::Kind::Dead) {
        const StoreError e = outbox_.markDead(lease.id, reason);
        if (!e.isOk()) {
            setError(QStringLiteral("queue database: ") + e.message);
            return ItemOutcome::StoreFailed;
        }
        qCWarning(lcSync).noquote() << "dead letter" << lease.localNo << ":" << reason;
        if (onDead)
            onDead(lease.localNo, reason);
        if (d.alert && onAlert)
            onAlert(QStringLiteral("submission %1 parked as a dead letter: %2").arg(lease.localNo, reason));
        return ItemOutcome::Dead;
    }
    // Transient: this item waits its own backoff (attempts counts this one), and the whole queue holds back for a
    // jittered while too, so an outage costs one probe per interval instead of one per queued item.
    const qint64 delay =
        qMax<qint64>(1, backoffDelayMs(policy_, lease.attempts - 1, clock_.uniform01(), d.retryAfterMs));
    const StoreError e = outbox_.markRetry(lease.id, t + delay, reason);
    ++consecutiveFailures_;
    const qint64 hold = backoffDelayMs(policy_, consecutiveFailures_ - 1, clock_.uniform01(), d.retryAfterMs);
    holdUntilMono_ = t + hold;
    if (!e.isOk()) {
        setError(QStringLiteral("queue database: ") + e.message);
        return ItemOutcome::StoreFailed;
    }
    setError(QStringLiteral("%1 (attempt %2; next try of this item in %3 s)")
                 .arg(reason)
                 .arg(lease.attempts)
                 .arg((delay + 999) / 1000));
    // One log line per failure cycle, not a flood: the first failure and then every tenth.
    if (consecutiveFailures_ == 1 || consecutiveFailures_ % 10 == 0)
        qCWarning(lcSync).noquote() << lease.localNo << "will be retried:" << reason
                                    << "(failures in a row:" << consecutiveFailures_ << ")";
    if (d.alert && consecutiveFailures_ == 1 && onAlert)
        onAlert(QStringLiteral("the platform connection is refused: %1").arg(reason));
    return ItemOutcome::Retried;
}

// --- SyncEngine -----------------------------------------------------------------------------------------------------

// The worker's way back to its engine. A stop() that gave up on a stuck thread detaches it, so the worker, when its
// call finally returns, never touches an engine that may be gone by then.
struct SyncEngine::Link {
    QMutex mutex;
    SyncEngine *engine = nullptr;

    template <typename F> void toEngine(F &&f)
    {
        QMutexLocker lock(&mutex);
        if (engine)
            f(*engine);
    }
    void detach()
    {
        QMutexLocker lock(&mutex);
        engine = nullptr;
    }
};

// Lives on the engine's thread: the Store connection, the client and the timer belong to that thread.
class SyncWorker : public QObject
{
public:
    SyncWorker(std::shared_ptr<SyncEngine::Link> link, SyncSettings settings, SyncEngine::ClientFactory factory,
               SyncClock clock)
        : link_(std::move(link)), settings_(std::move(settings)), factory_(std::move(factory)), clock_(std::move(clock))
    {}

    void init()
    {
        timer_ = new QTimer(this);
        timer_->setSingleShot(true);
        timer_->setTimerType(Qt::PreciseTimer);
        QObject::connect(timer_, &QTimer::timeout, this, [this] { runPass(); });
        openIfNeeded();
        arm(0);
    }

    void poke(bool allDue)
    {
        if (!openIfNeeded()) {
            arm(kStoreRetryMs);
            return;
        }
        if (allDue)
            core_->makeAllDue();
        arm(0);
    }

    void cancel()
    {
        QMutexLocker lock(&clientMutex_);
        if (client_)
            client_->cancel();
    }

    void shutdown()
    {
        if (timer_)
            timer_->stop();
        core_.reset();
        outbox_.reset();
        {
            QMutexLocker lock(&clientMutex_);
            client_.reset();
        }
        store_.reset();
        link_->toEngine([](SyncEngine &engine) {
            SyncStatus s = engine.status();
            s.running = false;
            s.currentLocalNo.clear();
            engine.publish(s);
        });
    }

private:
    bool openIfNeeded()
    {
        if (core_)
            return true;
        StoreOptions options;
        // The composition root opened (and if need be recovered) the file first; this second connection must
        // never move it aside under the other one.
        options.recoverCorrupt = false;
        StoreOpenResult opened = Store::open(settings_.databasePath, Outbox::migrations(), options);
        if (!opened.isOk()) {
            link_->toEngine([&opened](SyncEngine &engine) {
                SyncStatus s = engine.status();
                s.error = QStringLiteral("queue database: ") + opened.error.message;
                engine.publish(s);
            });
            // Once per failure cycle, then every hour or so (it is retried every few seconds).
            if (openFailures_++ % 720 == 0)
                qCWarning(lcSync).noquote() << "cannot open the queue:" << opened.error.message;
            return false;
        }
        store_ = std::move(opened.store);
        openFailures_ = 0;
        if (const StoreError e = prepareSyncConnection(*store_); !e.isOk())
            qCWarning(lcSync).noquote() << "keeping synchronous=FULL on the sync connection:" << e.message;
        OutboxOptions oo;
        oo.kioskId = settings_.kioskId;
        oo.wallClock = clock_.wall;
        outbox_ = std::make_unique<Outbox>(*store_, oo);
        {
            std::unique_ptr<PlatformClient> c = factory_ ? factory_(settings_) : nullptr;
            if (!c)
                c = std::make_unique<CurlPlatformClient>(settings_.clientConfig());
            QMutexLocker lock(&clientMutex_);
            client_ = std::move(c);
        }
        core_ = std::make_unique<SyncCore>(*store_, *outbox_, *client_, settings_, clock_);
        core_->onStatus = [this](const SyncStatus &s) { link_->toEngine([&](SyncEngine &e) { e.publish(s); }); };
        core_->onAlert = [this](const QString &m) { link_->toEngine([&](SyncEngine &e) { emit e.alert(m); }); };
        core_->onDead = [this](const QString &l, const QString &r) {
            link_->toEngine([&](SyncEngine &e) { emit e.deadLettered(l, r); });
        };
        core_->onDeadEvaluation = [this](const QString &id, const QString &r) {
            link_->toEngine([&](SyncEngine &e) { emit e.evaluationDeadLettered(id, r); });
        };
        core_->onAcked = [this](const QString &l, const QString &c) {
            link_->toEngine([&](SyncEngine &e) { emit e.acknowledged(l, c); });
        };
        core_->recover();
        return true;
    }

    void runPass()
    {
        if (!openIfNeeded()) {
            arm(kStoreRetryMs);
            return;
        }
        const PassReport report = core_->runPass();
        if (report.stopped)
            return;
        if (report.moreDue) {
            arm(0); // the event queue (pokes, stop) gets a turn between batches
            return;
        }
        const std::optional<qint64> wake = core_->nextWakeMono();
        arm(wake ? qMax<qint64>(0, *wake - clock_.monoMs()) : kMaxSleepMs);
    }

    void arm(qint64 inMs)
    {
        if (!timer_)
            return;
        timer_->start(int(qBound<qint64>(0, inMs, kMaxSleepMs)));
    }

    std::shared_ptr<SyncEngine::Link> link_;
    SyncSettings settings_;
    SyncEngine::ClientFactory factory_;
    SyncClock clock_;
    QTimer *timer_ = nullptr;
    int openFailures_ = 0;
    std::unique_ptr<Store> store_;
    std::unique_ptr<Outbox> outbox_;
    QMutex clientMutex_;
    std::unique_ptr<PlatformClient> client_;
    std::unique_ptr<SyncCore> core_;
};

SyncEngine::SyncEngine(SyncSettings settings, QObject *parent)
    : SyncEngine(std::move(settings), {}, SyncClock::system(), parent)
{}

SyncEngine::SyncEngine(SyncSettings settings, ClientFactory clientFactory, SyncClock clock, QObject *parent)
    : QObject(parent)
    , settings_(std::move(settings))
    , clientFactory_(std::move(clientFactory))
    , clock_(std::move(clock))
{
    qRegisterMetaType<kiosk::queue::SyncStatus>();
    clock_ = withSystemDefaults(std::move(clock_));
}

SyncEngine::~SyncEngine()
{
    stop();
}

bool SyncEngine::start()
{
    QMutexLocker lock(&mutex_);
    if (thread_)
        return false;
    link_ = std::make_shared<Link>();
    link_->engine = this;
    worker_ = new SyncWorker(link_, settings_, clientFactory_, clock_);
    status_.running = true;
    thread_ = std::make_unique<common::WorkerThread>(worker_, QStringLiteral("kiosk-sync"));
    SyncWorker *w = worker_;
    thread_->post([w] { w->init(); });
    return true;
}

bool SyncEngine::stop(int waitMs)
{
    SyncWorker *worker = nullptr;
    {
        QMutexLocker lock(&mutex_);
        if (!thread_)
            return true;
        worker = worker_;
    }
    const QDeadlineTimer deadline(waitMs);
    // Abort a transfer in progress (libcurl polls its progress callback at least once a second), then tear down on
    // the thread itself, in order, so nothing posted before is skipped; only then is the thread asked to end.
    worker->cancel();
    const auto tornDown = std::make_shared<QSemaphore>();
    thread_->post([worker, tornDown] {
        worker->shutdown();
        tornDown->release();
    });
    const bool shutDown = tornDown->tryAcquire(1, int(qMax<qint64>(0, deadline.remainingTime())));
    // WorkerThread deletes the worker on its thread once the thread ends, and never terminates it.
    const bool ended = thread_->stop(shutDown ? int(qMax<qint64>(0, deadline.remainingTime())) : 0);
    if (!shutDown || !ended)
        link_->detach(); // the worker finishes its stuck call alone and reports to nobody
    QMutexLocker lock(&mutex_);
    thread_.reset();
    worker_ = nullptr;
    link_.reset();
    status_.running = false;
    if (!shutDown || !ended) {
        qCCritical(lcSync) << "the sync thread did not end within" << waitMs << "ms; it ends by itself when the"
                           << "call it is stuck in returns";
        return false;
    }
    return true;
}

bool SyncEngine::isRunning() const
{
    QMutexLocker lock(&mutex_);
    return thread_ != nullptr;
}

SyncStatus SyncEngine::status() const
{
    QMutexLocker lock(&mutex_);
    SyncStatus s = status_;
    return s;
}

void SyncEngine::publish(const SyncStatus &status)
{
    {
        QMutexLocker lock(&mutex_);
        status_ = status;
    }
    emit statusChanged(status);
}

void SyncEngine::syncNow()
{
    QMutexLocker lock(&mutex_);
    if (SyncWorker *w = worker_)
        QMetaObject::invokeMethod(
            w, [w] { w->poke(true); }, Qt::QueuedConnection);
}

void SyncEngine::enqueued()
{
    QMutexLocker lock(&mutex_);
    if (SyncWorker *w = worker_)
        QMetaObject::invokeMethod(
            w, [w] { w->poke(false); }, Qt::QueuedConnection);
}

} // namespace kiosk::queue
