// The fleet heartbeat: every 60 s (configurable) the kiosk tells the platform what it is, how its devices and queue
// are, and when it last synced (POST /v1/heartbeat); the answer may carry commands (refresh_catalogue, sync_now,
// send_selftest), each emitted once as a signal for the composition root to act on.
//
// Threads: the service lives on the thread that creates it (the GUI thread), where its timer runs and the providers
// are called (so they may read GUI-thread objects such as devices); the blocking HTTP call runs on the service's own
// QThread with its own PlatformClient. One heartbeat is in flight at a time; a tick that finds one still running is
// skipped. A Retry-After in the answer holds the next beats back. It knows nothing of ui/: the providers are plain
// callbacks set by the composition root.
#pragma once

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QMutex>
#include <QObject>
#include <QSet>
#include <QString>
#include <QStringList>

#include <deque>
#include <functional>
#include <memory>
#include <optional>

class QSettings;
class QTimer;

namespace kiosk::queue {
class PlatformClient;
}
namespace kiosk::common {
class WorkerThread;
}

namespace kiosk::app {

struct DeviceReport {
    QString kind;
    QString status;
    QString detail; // no personal data (device details never hold any)
};

struct QueueFigures {
    int pending = 0;
    int dead = 0;
    qint64 oldestAgeS = 0; // 0 when the queue is empty
};

// Set by the composition root; each is optional (a missing one reports an empty list / zeros / null).
struct HeartbeatProviders {
    std::function<QList<DeviceReport>()> devices;
    std::function<QueueFigures()> queue;
    std::function<QDateTime()> lastSync; // invalid: never synced
    // Standing and recently resolved alerts ("alerts": [{code, detail, since, resolved_at}]); after a heartbeat
    // carrying them was accepted, alertsDelivered gets what was sent.
    std::function<QJsonArray()> alerts;
    std::function<void(const QJsonArray &)> alertsDelivered;
};

struct HeartbeatSettings {
    QString kioskId;
    QString appVersion;
    qint64 intervalMs = 60'000;
    qint64 maxHoldMs = 3'600'000; // a Retry-After never silences the heartbeat for longer than this
};

// [fleet] heartbeat_interval_s (10..3600, default 60).
HeartbeatSettings loadHeartbeatSettings(QSettings &ini, const QString &kioskId, const QString &appVersion,
                                        QStringList *problems = nullptr);

// The seam for time: tests drive ticks by hand. start() is called on the service's thread.
class HeartbeatTimer
{
public:
    virtual ~HeartbeatTimer() = default;
    virtual void start(qint64 intervalMs, std::function<void()> onTick) = 0;
    virtual void stop() = 0;
};

// The heartbeat commands platform-api.md names.
namespace heartbeat_command {
inline constexpr char kRefreshCatalogue[] = "refresh_catalogue";
inline constexpr char kSyncNow[] = "sync_now";
inline constexpr char kSendSelftest[] = "send_selftest";
} // namespace heartbeat_command

struct HeartbeatStats {
    int sent = 0;      // heartbeats handed to the platform client
    int succeeded = 0; // 2xx
    int failed = 0;
    int skippedBusy = 0; // ticks that found the previous heartbeat still in flight
    int skippedHeld = 0; // ticks inside a Retry-After hold
    int commands = 0;    // commands emitted
    int ignored = 0;     // unknown names, repeated ids, malformed entries
    QString lastError;
    QString configVersion;
};

class HeartbeatWorker;

class HeartbeatService : public QObject
{
    Q_OBJECT
public:
    // Runs on the service's own thread; default (empty): none, every beat fails with a config error.
    using ClientFactory = std::function<std::unique_ptr<queue::PlatformClient>()>;

    HeartbeatService(HeartbeatSettings settings, HeartbeatProviders providers, ClientFactory clientFactory,
                     QObject *parent = nullptr);
    ~HeartbeatService() override; // stop()

    // Seams, before start(): a manual timer and a monotonic clock (default: QTimer and CLOCK_MONOTONIC).
    void setTimer(std::unique_ptr<HeartbeatTimer> timer);
    void setMonotonicClock(std::function<qint64()> monoMs);

    // Starts the worker thread and the timer, and sends the first heartbeat at once. False if already running.
    bool start();
    // Stops the timer, aborts a request in flight and waits at most `waitMs` for the thread (never terminates it).
    bool stop(int waitMs = 10'000);
    bool isRunning() const;

    // The body the next heartbeat carries (calls the providers).
    QJsonObject buildBody() const;
    // A signed self-test report (SelftestReport) to carry as "selftest" in the next heartbeat, which is sent now.
    // It is carried until one heartbeat with it is accepted.
    void attachSelftest(const QJsonObject &signedReport);

    HeartbeatStats stats() const;

public slots:
    // A heartbeat now (unless one is in flight or a Retry-After holds them back).
    void beatNow();

signals:
    void refreshCatalogueRequested(const QString &commandId);
    void syncNowRequested(const QString &commandId);
    void selftestRequested(const QString &commandId);
    // Every delivered command (after the specific signal).
    void commandReceived(const QString &commandId, const QString &name);
    void heartbeatFinished(bool ok, const QString &detail);
    void configVersionSeen(const QString &configVersion);

private:
    friend class HeartbeatWorker;
    struct Outcome {
        bool ok = false;
        int httpStatus = 0;
        QJsonObject json;
        std::optional<qint64> retryAfterMs;
        QString detail;
        int selftestGeneration = 0;
    };
    void tick(bool fromTimer);
    void finished(const Outcome &outcome);
    void handleCommands(const QJsonObject &answer);
    bool remember(const QString &id); // false when the id was delivered before

    HeartbeatSettings settings_;
    HeartbeatProviders providers_;
    ClientFactory clientFactory_;
    std::unique_ptr<HeartbeatTimer> timer_;
    std::function<qint64()> monoMs_;
    std::unique_ptr<common::WorkerThread> thread_;
    HeartbeatWorker *worker_ = nullptr; // lives on thread_
    bool inFlight_ = false;
    bool beatAgain_ = false; // an explicit beatNow() found one in flight
    qint64 holdUntilMono_ = 0;
    QJsonObject selftest_;
    int selftestGeneration_ = 0;
    QJsonArray alertsInFlight_;
    QSet<QString> seenIds_;
    std::deque<QString> seenOrder_; // bounds seenIds_ (oldest forgotten first)
    mutable QMutex statsMutex_;
    HeartbeatStats stats_;
};

} // namespace kiosk::app
