// The kiosk's telemetry for Prometheus: every 30 s (configurable) and soon after each state change that matters, the
// snapshot of what the kiosk knows is written in the text exposition format to node-exporter's textfile-collector
// folder ([metrics] textfile_dir), as <dir>/kiosk.prom: a temporary file in the same folder, fsync, rename
// (QSaveFile), so the collector never reads half a file.
//
// Threads: the service lives on the GUI thread, where its timers run and the snapshot is gathered (the `gather`
// callback may read GUI-thread objects: devices, session); formatting and the file I/O run on the writer's own
// thread (common::WorkerThread). Counters (visits, wipes, submissions, payments) are kept here from the signals the
// composition root connects; they count since the kiosk started, as Prometheus counters do.
#pragma once

#include "app/fleet/metrics_text.h"

#include <QObject>
#include <QSet>
#include <QString>

#include <functional>
#include <memory>

class QSettings;
class QTimer;

namespace kiosk::common {
class WorkerThread;
}

namespace kiosk::app {

struct MetricsSettings {
    QString textfileDir; // empty: no metrics are written
    QString fileName = QStringLiteral("kiosk.prom");
    QString dataDir; // its free space is reported (kiosk_data_disk_free_bytes); set by the composition root
    int intervalMs = 30'000;
    int changeDelayMs = 200; // state changes within this delay make one write
};

// [metrics] textfile_dir (a folder; empty or absent: off), interval_s (5..3600, default 30).
MetricsSettings loadMetricsSettings(QSettings &ini, QStringList *problems = nullptr);

// Paper state of a receipt printer from its status as the driver reports it ("paper out", "paper low").
QString paperStateOf(const QString &statusDetail);

class MetricsWriterWorker;

class MetricsService : public QObject
{
    Q_OBJECT
public:
    // `gather` fills the figures the kiosk's parts hold (devices, queue, availability, versions...); the service adds
    // its counters, the latency summaries and the time.
    MetricsService(MetricsSettings settings, std::function<void(MetricsSnapshot &)> gather, QObject *parent = nullptr);
    ~MetricsService() override; // stop()

    // Starts the writer thread and the timer, and writes the first file at once. False when off or already running.
    bool start();
    bool stop(int waitMs = 3'000);
    bool isRunning() const;
    QString filePath() const;

    // The snapshot the next write carries.
    MetricsSnapshot snapshot() const;
    int writesDone() const { return writesDone_; }
    QString lastError() const { return lastError_; }

public slots:
    // A write soon (coalesced): call on every change that matters (device, paper, out of service, queue).
    void changed();
    void noteVisitStarted();
    void noteVisitCompleted();
    void noteIdleWipe();
    void noteSealed();
    void noteAcknowledged();
    // Every change of a payment order (the open ones are counted), and each order that ended, once, by final state.
    void notePaymentOrder(const QString &orderId, const QString &state, bool final);
    void notePaymentEnded(const QString &finalState);
    void noteSelftest(const QMap<QString, bool> &checks);
    void setUpdateFailedVersion(const QString &version);
    void observeOcrSeconds(double seconds);
    void observeFaceSeconds(double seconds);

signals:
    void written(bool ok, const QString &error);

private:
    void writeNow();
    void finished(bool ok, const QString &error);

    MetricsSettings settings_;
    std::function<void(MetricsSnapshot &)> gather_;
    QTimer *interval_ = nullptr;
    QTimer *soon_ = nullptr;
    std::unique_ptr<common::WorkerThread> thread_;
    MetricsWriterWorker *worker_ = nullptr; // lives on thread_
    qint64 startTimeS_ = 0;
    quint64 visitsStarted_ = 0;
    quint64 visitsCompleted_ = 0;
    quint64 idleWipes_ = 0;
    quint64 sealed_ = 0;
    quint64 acknowledged_ = 0;
    QMap<QString, quint64> paymentsEnded_;
    QSet<QString> paymentsOpen_;
    QMap<QString, bool> selftest_;
    qint64 selftestTimeS_ = 0;
    QString updateFailedVersion_;
    LatencySummary ocr_;
    LatencySummary face_;
    int writesDone_ = 0;
    QString lastError_;
};

} // namespace kiosk::app
