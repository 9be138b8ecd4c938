// The heartbeat loop: body from the providers on the owner thread, POST on the worker thread, commands back as signals.
#include "app/fleet/heartbeat_service.h"

#include "app/fleet/heartbeat_commands.h"

#include "common/worker_thread.h"
#include "offline_queue/platform_client.h"
#include "offline_queue/storage/canonical_json.h"

#include <QJsonArray>
#include <QLoggingCategory>
#include <QMutexLocker>
#include <QSettings>
#include <QThread>
#include <QTimer>

#include <limits>
#include <time.h>

namespace kiosk::app {

Q_LOGGING_CATEGORY(lcHeartbeat, "kiosk.app.fleet.heartbeat")

namespace {

constexpr int kRememberedCommandIds = 1024;

qint64 systemMonoMs()
{
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return qint64(ts.tv_sec) * 1000 + ts.tv_nsec / 1'000'000;
}

class QtHeartbeatTimer final : public HeartbeatTimer
{
public:
    void start(qint64 intervalMs, std::function<void()> onTick) override
    {
        timer_ = std::make_unique<QTimer>();
        timer_->setInterval(int(qBound(qint64(1), intervalMs, qint64(std::numeric_limits<int>::max()))));
        QObject::connect(timer_.get(), &QTimer::timeout, timer_.get(), std::move(onTick));
        timer_->start();
    }
    void stop() override { timer_.reset(); }

private:
    std::unique_ptr<QTimer> timer_;
};

} // namespace

HeartbeatSettings loadHeartbeatSettings(QSettings &ini, const QString &kioskId, const QString &appVersion,
                                        QStringList *problems)
{
    HeartbeatSettings s;
    s.kioskId = kioskId;
    s.appVersion = appVersion;
    const QVariant v = ini.value(QStringLiteral("fleet/heartbeat_interval_s"));
    if (v.isValid()) {
        bool ok = false;
        const int seconds = v.toString().trimmed().toInt(&ok);
        if (!ok || seconds < 10 || seconds > 3600) {
            if (problems)
                problems->append(QStringLiteral("fleet/heartbeat_interval_s: '%1' must be from 10 to 3600; using 60")
                                     .arg(v.toString()));
        } else {
            s.intervalMs = qint64(seconds) * 1000;
        }
    }
    return s;
}

// Owns the platform client on the service's thread. Not a Q_OBJECT: it is only a context for queued functor calls.
class HeartbeatWorker : public QObject
{
public:
    explicit HeartbeatWorker(HeartbeatService::ClientFactory factory) : factory_(std::move(factory)) {}
    ~HeartbeatWorker() override
    {
        QMutexLocker l(&mutex_);
        client_.reset();
    }

    void send(const QJsonObject &body, int selftestGeneration, HeartbeatService *service)
    {
        HeartbeatService::Outcome out;
        out.selftestGeneration = selftestGeneration;
        queue::PlatformClient *client = nullptr;
        {
            QMutexLocker l(&mutex_);
            if (!client_ && factory_ && !cancelled_)
                client_ = factory_();
            client = client_.get();
        }
        if (!client) {
            out.detail = QStringLiteral("no platform client configured");
        } else {
            const queue::ApiResult r = client->postHeartbeat(body);
            out.ok = r.isSuccess();
            out.httpStatus = r.httpStatus;
            out.json = r.json;
            out.retryAfterMs = r.retryAfterMs;
            out.detail = out.ok ? QString() : r.describe();
        }
        QMutexLocker l(&mutex_);
        if (!detached_)
            QMetaObject::invokeMethod(
                service, [service, out] { service->finished(out); }, Qt::QueuedConnection);
    }

    void cancel()
    {
        QMutexLocker l(&mutex_);
        cancelled_ = true;
        if (client_)
            client_->cancel();
    }
    // The service gave up waiting: never call back into it.
    void detach()
    {
        QMutexLocker l(&mutex_);
        detached_ = true;
    }

private:
    HeartbeatService::ClientFactory factory_;
    QMutex mutex_;
    std::unique_ptr<queue::PlatformClient> client_;
    bool cancelled_ = false;
    bool detached_ = false;
};

HeartbeatService::HeartbeatService(HeartbeatSettings settings, HeartbeatProviders providers,
                                   ClientFactory clientFactory, QObject *parent)
    : QObject(parent)
    , settings_(std::move(settings))
    , providers_(std::move(providers))
    , clientFactory_(std::move(clientFactory))
    , monoMs_(systemMonoMs)
{}

HeartbeatService::~HeartbeatService()
{
    stop();
}

void HeartbeatService::setTimer(std::unique_ptr<HeartbeatTimer> timer)
{
    timer_ = std::move(timer);
}

void HeartbeatService::setMonotonicClock(std::function<qint64()> monoMs)
{
    monoMs_ = std::move(monoMs);
}

bool HeartbeatService::isRunning() const
{
    return thread_ != nullptr && thread_->thread()->isRunning();
}

bool HeartbeatService::start()
{
    if (thread_)
        return false;
    worker_ = new HeartbeatWorker(clientFactory_);
    thread_ = std::make_unique<common::WorkerThread>(worker_, QStringLiteral("heartbeat"));
    if (!timer_)
        timer_ = std::make_unique<QtHeartbeatTimer>();
    timer_->start(settings_.intervalMs, [this] { tick(true); });
    qCInfo(lcHeartbeat) << "heartbeat every" << settings_.intervalMs / 1000 << "s";
    tick(false);
    return true;
}

bool HeartbeatService::stop(int waitMs)
{
    if (!thread_)
        return true;
    if (timer_)
        timer_->stop();
    worker_->cancel();
    const bool ended = thread_->stop(waitMs); // the worker is deleted on its thread when that ends
    if (!ended) {
        // Still inside a request that ignores cancel(): left to finish on its own rather than terminated.
        worker_->detach();
        qCWarning(lcHeartbeat) << "heartbeat thread did not stop within" << waitMs << "ms; left to end on its own";
    }
    worker_ = nullptr;
    thread_.reset();
    inFlight_ = false;
    return ended;
}

QJsonObject HeartbeatService::buildBody() const
{
    QJsonArray devices;
    if (providers_.devices) {
        for (const DeviceReport &d : providers_.devices())
            devices.append(QJsonObject{{QStringLiteral("kind"), d.kind},
                                       {QStringLiteral("status"), d.status},
                                       {QStringLiteral("detail"), d.detail}});
    }
    const QueueFigures q = providers_.queue ? providers_.queue() : QueueFigures{};
    const QDateTime lastSync = providers_.lastSync ? providers_.lastSync() : QDateTime();
    QJsonObject body{
        {QStringLiteral("kiosk_id"), settings_.kioskId},
        {QStringLiteral("app_version"), settings_.appVersion},
        {QStringLiteral("devices"), devices},
        {QStringLiteral("queue"), QJsonObject{{QStringLiteral("pending"), qMax(0, q.pending)},
                                              {QStringLiteral("dead"), qMax(0, q.dead)},
                                              {QStringLiteral("oldest_age_s"), qMax<qint64>(0, q.oldestAgeS)}}},
        {QStringLiteral("last_sync"),
         lastSync.isValid() ? QJsonValue(queue::formatCreatedAt(lastSync)) : QJsonValue(QJsonValue::Null)},
    };
    if (!selftest_.isEmpty())
        body.insert(QStringLiteral("selftest"), selftest_); // platform-api.md: unknown members are ignored
    if (providers_.alerts)
        body.insert(QStringLiteral("alerts"), providers_.alerts());
    return body;
}

void HeartbeatService::attachSelftest(const QJsonObject &signedReport)
{
    selftest_ = signedReport;
    ++selftestGeneration_;
    beatNow();
}

void HeartbeatService::beatNow()
{
    tick(false);
}

void HeartbeatService::tick(bool fromTimer)
{
    if (!isRunning())
        return;
    if (inFlight_) {
        QMutexLocker l(&statsMutex_);
        ++stats_.skippedBusy;
        if (!fromTimer)
            beatAgain_ = true; // asked for explicitly (a self-test to deliver): once the running one ends
        return;
    }
    if (monoMs_() < holdUntilMono_) {
        QMutexLocker l(&statsMutex_);
        ++stats_.skippedHeld;
        return;
    }
    const QJsonObject body = buildBody();
    const int generation = selftest_.isEmpty() ? 0 : selftestGeneration_;
    alertsInFlight_ = body.value(QLatin1String("alerts")).toArray();
    inFlight_ = true;
    {
        QMutexLocker l(&statsMutex_);
        ++stats_.sent;
    }
    HeartbeatWorker *w = worker_;
    thread_->post([w, body, generation, this] { w->send(body, generation, this); });
}

void HeartbeatService::finished(const Outcome &outcome)
{
    inFlight_ = false;
    if (outcome.retryAfterMs)
        holdUntilMono_ = monoMs_() + qBound<qint64>(0, *outcome.retryAfterMs, settings_.maxHoldMs);
    {
        QMutexLocker l(&statsMutex_);
        if (outcome.ok) {
            ++stats_.succeeded;
            stats_.lastError.clear();
        } else {
            ++stats_.failed;
            stats_.lastError = outcome.detail;
        }
    }
    if (outcome.ok) {
        if (outcome.selftestGeneration != 0 && outcome.selftestGeneration == selftestGeneration_)
            selftest_ = QJsonObject(); // delivered; a newer report attached meanwhile stays
        if (providers_.alertsDelivered && !alertsInFlight_.isEmpty())
            providers_.alertsDelivered(alertsInFlight_);
        const QString configVersion = outcome.json.value(QLatin1String("config_version")).toVariant().toString();
        bool changed = false;
        {
            QMutexLocker l(&statsMutex_);
            changed = !configVersion.isEmpty() && configVersion != stats_.configVersion;
            if (changed)
                stats_.configVersion = configVersion;
        }
        if (changed)
            emit configVersionSeen(configVersion);
        handleCommands(outcome.json);
    } else {
        qCInfo(lcHeartbeat).noquote() << "heartbeat not delivered:" << outcome.detail;
    }
    emit heartbeatFinished(outcome.ok, outcome.detail);
    if (beatAgain_) {
        beatAgain_ = false;
        QTimer::singleShot(0, this, [this] { tick(false); });
    }
}

bool HeartbeatService::remember(const QString &id)
{
    if (seenIds_.contains(id))
        return false;
    seenIds_.insert(id);
    seenOrder_.push_back(id);
    while (seenOrder_.size() > size_t(kRememberedCommandIds)) {
        seenIds_.remove(seenOrder_.front());
        seenOrder_.pop_front();
    }
    return true;
}

void HeartbeatService::handleCommands(const QJsonObject &answer)
{
    for (const HeartbeatCommand &c : parseHeartbeatCommands(answer)) {
        const QString &id = c.id;
        const QString &name = c.name;
        auto ignore = [this] {
            QMutexLocker l(&statsMutex_);
            ++stats_.ignored;
        };
        if (c.kind == HeartbeatCommandKind::Malformed) {
            qCWarning(lcHeartbeat) << "heartbeat command without a usable id or a name ignored";
            ignore();
            continue;
        }
        if (!remember(id)) {
            qCDebug(lcHeartbeat) << "command" << id << "was delivered before; ignored";
            ignore();
            continue;
        }
        switch (c.kind) {
        case HeartbeatCommandKind::RefreshCatalogue: emit refreshCatalogueRequested(id); break;
        case HeartbeatCommandKind::SyncNow: emit syncNowRequested(id); break;
        case HeartbeatCommandKind::SendSelftest: emit selftestRequested(id); break;
        case HeartbeatCommandKind::Malformed:
        case HeartbeatCommandKind::Unknown:
            qCWarning(lcHeartbeat).noquote() << "unknown heartbeat command" << name.left(64) << "ignored";
            ignore();
            continue;
        }
        {
            QMutexLocker l(&statsMutex_);
            ++stats_.commands;
        }
        qCInfo(lcHeartbeat).noquote() << "platform command" << name << id;
        emit commandReceived(id, name);
    }
}

HeartbeatStats HeartbeatService::stats() const
{
    QMutexLocker l(&statsMutex_);
    return stats_;
}

} // namespace kiosk::app
