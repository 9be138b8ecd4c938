// The remote self-test: device self-tests in parallel, a bounded wait, then one signed report.
#include "app/fleet/selftest_runner.h"

#include "drivers/device.h"
#include "drivers/device_manager.h"
#include "offline_queue/storage/key_store.h"

#include <QDateTime>
#include <QFile>
#include <QLoggingCategory>
#include <QTimer>

namespace kiosk::app {

Q_LOGGING_CATEGORY(lcSelftestRunner, "kiosk.app.fleet.selftest")

using drivers::Device;
using drivers::DeviceKind;
using drivers::SelfTestResult;

bool selftestConsumesMaterial(DeviceKind kind)
{
    return kind == DeviceKind::DocumentPrinter;
}

SelftestRunner::SelftestRunner(drivers::DeviceManager *devices, SelftestRunnerSettings settings, QObject *parent)
    : QObject(parent)
    , devices_(devices)
    , settings_(std::move(settings))
    , retry_(new QTimer(this))
    , deadline_(new QTimer(this))
{
    retry_->setSingleShot(true);
    retry_->setInterval(settings_.retryMs);
    connect(retry_, &QTimer::timeout, this, &SelftestRunner::tryStart);
    deadline_->setSingleShot(true);
    connect(deadline_, &QTimer::timeout, this, &SelftestRunner::finish);
}

SelftestRunner::~SelftestRunner()
{
    for (const QMetaObject::Connection &c : std::as_const(connections_))
        disconnect(c);
}

void SelftestRunner::setCanRunNow(std::function<bool()> canRunNow)
{
    canRunNow_ = std::move(canRunNow);
}

void SelftestRunner::setExtraChecks(std::function<QList<SelftestCheck>()> extraChecks)
{
    extraChecks_ = std::move(extraChecks);
}

void SelftestRunner::run()
{
    if (running_ || deferred_) {
        qCInfo(lcSelftestRunner) << "self-test requested again; the run under way answers it";
        return;
    }
    tryStart();
}

void SelftestRunner::tryStart()
{
    if (canRunNow_ && !canRunNow_()) {
        if (!deferred_)
            qCInfo(lcSelftestRunner) << "self-test deferred until the kiosk is idle";
        deferred_ = true;
        retry_->start();
        return;
    }
    deferred_ = false;
    running_ = true;
    results_.clear();
    waitingFor_.clear();
    order_ = devices_ ? devices_->configuredKinds() : QList<DeviceKind>{};
    qCInfo(lcSelftestRunner) << "self-test of" << order_.size() << "devices";
    for (DeviceKind kind : std::as_const(order_)) {
        const QString name = drivers::toString(kind);
        const drivers::DeviceStatus status = devices_->status(kind);
        Device *device = devices_->device(kind);
        if (!device) {
            results_.insert(int(kind), {name, false, QStringLiteral("not available: %1").arg(status.detail)});
            continue;
        }
        if (selftestConsumesMaterial(kind)) {
            results_.insert(int(kind), {name, status.usable(),
                                        QStringLiteral("status %1 (%2); its test page is printed only at the kiosk")
                                            .arg(drivers::toString(status.state), status.detail)});
            continue;
        }
        waitingFor_.append(kind);
        connections_.append(connect(device, &Device::selfTestFinished, this,
                                    [this, kind](const SelfTestResult &r) { deviceAnswered(kind, r); }));
    }
    // Asked after every connection is made: a device may answer synchronously.
    const QList<DeviceKind> asked = waitingFor_;
    for (DeviceKind kind : asked) {
        if (Device *device = devices_->device(kind))
            device->selfTest();
    }
    if (!running_)
        return; // every device answered at once
    if (waitingFor_.isEmpty()) {
        finish();
        return;
    }
    deadline_->start(settings_.deviceTimeoutMs);
}

void SelftestRunner::deviceAnswered(DeviceKind kind, const SelfTestResult &result)
{
    if (!running_ || !waitingFor_.contains(kind))
        return; // the first answer counts
    waitingFor_.removeAll(kind);
    results_.insert(int(kind), {drivers::toString(kind), result.passed, result.summary});
    if (waitingFor_.isEmpty())
        finish();
}

void SelftestRunner::finish()
{
    if (!running_)
        return;
    running_ = false;
    deadline_->stop();
    for (const QMetaObject::Connection &c : std::as_const(connections_))
        disconnect(c);
    connections_.clear();

    SelftestReport report;
    report.kioskId = settings_.kioskId;
    report.appVersion = settings_.appVersion;
    report.at = QDateTime::currentDateTime();
    for (DeviceKind kind : std::as_const(order_)) {
        SelftestCheck check = results_.value(int(kind));
        if (check.name.isEmpty())
            check = {drivers::toString(kind), false,
                     QStringLiteral("no self-test answer within %1 s").arg(settings_.deviceTimeoutMs / 1000)};
        report.checks.append(check);
    }
    waitingFor_.clear();
    if (extraChecks_)
        report.checks.append(extraChecks_());
    emit checked(report.checks);

    queue::keys::KeyMaterial key = queue::keys::loadKey(settings_.kioskKeyFile);
    if (!key.ok()) {
        const QString why = QStringLiteral("kiosk key unavailable: %1").arg(key.error);
        qCWarning(lcSelftestRunner).noquote() << "self-test report not signed:" << why;
        emit failed(why);
        return;
    }
    QString why;
    const QJsonObject signedReport = signSelftestReport(report.toJson(), key.bytes, &why);
    queue::keys::wipe(key.bytes);
    if (signedReport.isEmpty()) {
        qCWarning(lcSelftestRunner).noquote() << "self-test report not signed:" << why;
        emit failed(why);
        return;
    }
    int failedChecks = 0;
    for (const SelftestCheck &c : std::as_const(report.checks))
        failedChecks += c.passed ? 0 : 1;
    qCInfo(lcSelftestRunner) << "self-test report ready:" << report.checks.size() << "checks," << failedChecks
                             << "failed";
    emit reportReady(signedReport);
}

} // namespace kiosk::app
