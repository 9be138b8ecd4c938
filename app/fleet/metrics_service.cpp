// The metrics writer (see the header): gathering on the GUI thread, formatting and the atomic write on its own.
#include "app/fleet/metrics_service.h"

#include <QDateTime>
#include <QDir>
#include <QLoggingCategory>
#include <QSaveFile>
#include <QSettings>
#include <QStorageInfo>
#include <QTimer>

#include "common/setting_value.h"
#include "common/worker_thread.h"

Q_LOGGING_CATEGORY(lcMetrics, "kiosk.app.metrics")

namespace kiosk::app {

MetricsSettings loadMetricsSettings(QSettings &ini, QStringList *problems)
{
    MetricsSettings s;
    s.textfileDir = ini.value(QStringLiteral("metrics/textfile_dir")).toString().trimmed();
    if (!s.textfileDir.isEmpty() && !QDir::isAbsolutePath(s.textfileDir)) {
        if (problems)
            *problems << QStringLiteral("metrics/textfile_dir: '%1' is not an absolute folder; no metrics are written")
                             .arg(s.textfileDir);
        s.textfileDir.clear();
    }
    QString why;
    const int intervalS =
        common::boundedInt(ini.value(QStringLiteral("metrics/interval_s")), 5, 3600, s.intervalMs / 1000, &why);
    if (!why.isEmpty() && problems)
        *problems << QStringLiteral("metrics/interval_s: ") + why;
    s.intervalMs = intervalS * 1000;
    return s;
}

QString paperStateOf(const QString &statusDetail)
{
    if (statusDetail.startsWith(QLatin1String("paper out")))
        return QStringLiteral("out");
    if (statusDetail.startsWith(QLatin1String("paper low")))
        return QStringLiteral("near_end");
    return QStringLiteral("ok");
}

// On the writer's thread: formats the snapshot and replaces the file atomically.
class MetricsWriterWorker : public QObject
{
    Q_OBJECT
public:
    MetricsWriterWorker(QString path, QString dataDir) : path_(std::move(path)), dataDir_(std::move(dataDir)) {}

    void write(const MetricsSnapshot &snapshot)
    {
        MetricsSnapshot s = snapshot;
        const QString dir = QFileInfo(path_).absolutePath();
        if (!dataDir_.isEmpty()) { // statfs may be slow on a sick disk: here, not on the GUI thread
            const QStorageInfo storage(dataDir_);
            if (storage.isValid())
                s.diskFreeBytes = storage.bytesAvailable();
        }
        QDir().mkpath(dir); // node-exporter's folder exists; a folder of the kiosk's own may not yet
        QSaveFile f(path_); // a temporary file beside it (not *.prom: the collector skips it), fsync, rename
        if (!f.open(QIODevice::WriteOnly)) {
            emit finished(false, QStringLiteral("cannot write in %1: %2").arg(dir, f.errorString()));
            return;
        }
        f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup |
                         QFileDevice::ReadOther);
        f.write(formatPrometheusText(s));
        if (!f.commit()) {
            emit finished(false, QStringLiteral("cannot replace %1: %2").arg(path_, f.errorString()));
            return;
        }
        emit finished(true, QString());
    }

signals:
    void finished(bool ok, const QString &error);

private:
    QString path_;
    QString dataDir_;
};

MetricsService::MetricsService(MetricsSettings settings, std::function<void(MetricsSnapshot &)> gather, QObject *parent)
    : QObject(parent)
    , settings_(std::move(settings))
    , gather_(std::move(gather))
    , startTimeS_(QDateTime::currentSecsSinceEpoch())
{}

MetricsService::~MetricsService()
{
    stop();
}

QString MetricsService::filePath() const
{
    return settings_.textfileDir.isEmpty() ? QString() : QDir(settings_.textfileDir).filePath(settings_.fileName);
}

bool MetricsService::isRunning() const
{
    return thread_ != nullptr;
}

bool MetricsService::start()
{
    if (thread_ || settings_.textfileDir.isEmpty())
        return false;
    auto *worker = new MetricsWriterWorker(filePath(), settings_.dataDir);
    worker_ = worker;
    connect(worker, &MetricsWriterWorker::finished, this, &MetricsService::finished); // queued: other thread
    thread_ = std::make_unique<common::WorkerThread>(worker, QStringLiteral("kiosk-metrics"), QThread::LowPriority);
    interval_ = new QTimer(this);
    interval_->setInterval(settings_.intervalMs);
    connect(interval_, &QTimer::timeout, this, &MetricsService::writeNow);
    interval_->start();
    soon_ = new QTimer(this);
    soon_->setSingleShot(true);
    soon_->setInterval(settings_.changeDelayMs);
    connect(soon_, &QTimer::timeout, this, &MetricsService::writeNow);
    writeNow();
    return true;
}

bool MetricsService::stop(int waitMs)
{
    if (!thread_)
        return true;
    delete interval_;
    delete soon_;
    interval_ = soon_ = nullptr;
    const bool stopped = thread_->stop(waitMs);
    thread_.reset();
    worker_ = nullptr;
    return stopped;
}

MetricsSnapshot MetricsService::snapshot() const
{
    MetricsSnapshot s;
    if (gather_)
        gather_(s);
    s.startTimeS = startTimeS_;
    s.visitsStarted = visitsStarted_;
    s.visitsCompleted = visitsCompleted_;
    s.idleWipes = idleWipes_;
    s.submissionsSealed = sealed_;
    s.submissionsAcknowledged = acknowledged_;
    s.paymentsEnded = paymentsEnded_;
    s.paymentsOpen = int(paymentsOpen_.size());
    s.selftestChecks = selftest_;
    s.selftestTimeS = selftestTimeS_;
    if (s.updateFailedVersion.isEmpty())
        s.updateFailedVersion = updateFailedVersion_;
    s.ocr = ocr_.figures();
    s.face = face_.figures();
    s.writtenAtS = QDateTime::currentSecsSinceEpoch();
    return s;
}

void MetricsService::writeNow()
{
    if (!thread_)
        return;
    if (soon_)
        soon_->stop();
    MetricsSnapshot s = snapshot();
    auto *worker = worker_;
    thread_->post([worker, s] { worker->write(s); });
}

void MetricsService::finished(bool ok, const QString &error)
{
    if (ok) {
        ++writesDone_;
        if (!lastError_.isEmpty())
            qCInfo(lcMetrics).noquote() << "metrics written again to" << filePath();
        lastError_.clear();
    } else if (error != lastError_) { // once per failure cycle
        qCWarning(lcMetrics).noquote() << error;
        lastError_ = error;
    }
    emit written(ok, error);
}

void MetricsService::changed()
{
    if (soon_ && !soon_->isActive())
        soon_->start();
}

void MetricsService::noteVisitStarted()
{
    ++visitsStarted_;
    changed();
}

void MetricsService::noteVisitCompleted()
{
    ++visitsCompleted_;
    changed();
}

void MetricsService::noteIdleWipe()
{
    ++idleWipes_;
    changed();
}

void MetricsService::noteSealed()
{
    ++sealed_;
    changed();
}

void MetricsService::noteAcknowledged()
{
    ++acknowledged_;
    changed();
}

void MetricsService::notePaymentOrder(const QString &orderId, const QString &state, bool final)
{
    Q_UNUSED(state)
    if (final)
        paymentsOpen_.remove(orderId);
    else
        paymentsOpen_.insert(orderId);
    changed();
}

void MetricsService::notePaymentEnded(const QString &finalState)
{
    ++paymentsEnded_[finalState];
    changed();
}

void MetricsService::noteSelftest(const QMap<QString, bool> &checks)
{
    selftest_ = checks;
    selftestTimeS_ = QDateTime::currentSecsSinceEpoch();
    changed();
}

void MetricsService::setUpdateFailedVersion(const QString &version)
{
    updateFailedVersion_ = version;
    changed();
}

void MetricsService::observeOcrSeconds(double seconds)
{
    ocr_.observe(seconds);
}

void MetricsService::observeFaceSeconds(double seconds)
{
    face_.observe(seconds);
}

} // namespace kiosk::app

#include "metrics_service.moc"
