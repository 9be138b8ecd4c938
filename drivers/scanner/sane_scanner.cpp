// The public side of the SANE scanner: queued calls into SaneScannerWorker, a shared cancel flag, cached status.
#include "drivers/scanner/sane_scanner.h"

#include "common/startup_gate.h"
#include "common/worker_thread.h"
#include "drivers/scanner/sane_scanner_worker.h"

namespace kiosk::drivers {

SaneScanner::SaneScanner(const SaneScannerConfig &config, QObject *parent)
    : Device(parent), config_(config), cancelEpoch_(std::make_shared<std::atomic<quint64>>(0))
{
    qRegisterMetaType<kiosk::drivers::DeviceStatus>();
    qRegisterMetaType<kiosk::drivers::SelfTestResult>();
    qRegisterMetaType<kiosk::drivers::ScanResult>();
    qRegisterMetaType<QList<kiosk::drivers::ScanOptionInfo>>();

    status_ = {DeviceState::Offline, QStringLiteral("Not checked yet"), QString()};
    model_ = QStringLiteral("SANE scanner");
    worker_ = new SaneScannerWorker(config_, cancelEpoch_);
    connect(worker_, &SaneScannerWorker::statusObserved, this, &SaneScanner::onStatusObserved);
    connect(worker_, &SaneScannerWorker::deviceDescribed, this, &SaneScanner::onDeviceDescribed);
    connect(worker_, &SaneScannerWorker::scanProgress, this, &SaneScanner::scanProgress);
    connect(worker_, &SaneScannerWorker::pageScanned, this, &SaneScanner::pageScanned);
    connect(worker_, &SaneScannerWorker::scanFinished, this, &SaneScanner::scanFinished);
    connect(worker_, &SaneScannerWorker::optionsListed, this, &SaneScanner::optionsListed);
    connect(worker_, &SaneScannerWorker::selfTestFinished, this, &SaneScanner::selfTestFinished);
    thread_ = std::make_unique<common::WorkerThread>(worker_, QStringLiteral("sane_scanner"));
    // sane_init() of the dll backend dlopens every backend in dll.conf (dozens of libraries, under the dynamic
    // loader's lock the GUI thread needs for Qt's plugins): at the kiosk's start it waits for the first screen.
    auto start = [t = thread_.get(), w = worker_] { t->post([w] { w->start(); }); };
    if (common::StartupGate::isOpen())
        start();
    else
        common::StartupGate::whenOpen(this, start);
}

SaneScanner::~SaneScanner()
{
    // Stop a scan in progress at its next read, so the bounded wait is usually enough.
    cancelEpoch_->fetch_add(1);
    thread_->stop(5000);
}

quint64 SaneScanner::scanPage(const ScanSettings &settings)
{
    return requestScan(settings, false);
}

quint64 SaneScanner::scanAllPages(const ScanSettings &settings)
{
    return requestScan(settings, true);
}

quint64 SaneScanner::requestScan(const ScanSettings &settings, bool allPages)
{
    const quint64 ticket = nextTicket_++;
    const quint64 epoch = cancelEpoch_->load();
    SaneScannerWorker *w = worker_;
    thread_->post([w, ticket, settings, allPages, epoch] { w->scan(ticket, settings, allPages, epoch); });
    return ticket;
}

void SaneScanner::cancel()
{
    cancelEpoch_->fetch_add(1);
}

void SaneScanner::listOptions()
{
    SaneScannerWorker *w = worker_;
    thread_->post([w] { w->listOptions(); });
}

void SaneScanner::selfTest()
{
    SaneScannerWorker *w = worker_;
    thread_->post([w] { w->selfTest(); });
}

void SaneScanner::onStatusObserved(const DeviceStatus &status)
{
    if (status != status_) {
        status_ = status;
        emit statusChanged(status_);
    }
}

void SaneScanner::onDeviceDescribed(const QString &model, const kiosk::drivers::DeviceCapabilities &capabilities)
{
    model_ = model;
    capabilities_ = capabilities;
}

} // namespace kiosk::drivers
