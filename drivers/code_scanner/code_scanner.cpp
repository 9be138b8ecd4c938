// The code scanner as a Device: the facade that makes queued calls to its worker (code_scanner_worker.h).
#include "drivers/code_scanner/code_scanner.h"
#include "drivers/code_scanner/code_scanner_worker.h"

#include "common/worker_thread.h"

namespace kiosk::drivers::codescanner {

CodeScanner::CodeScanner(TransportFactory factory, CodeScannerConfig config, QObject *parent)
    : Device(parent), config_(std::move(config)), worker_(new CodeScannerWorker(std::move(factory), config_))
{
    status_ = {DeviceState::NoDevice, QStringLiteral("code scanner not opened"), QString()};
    connect(worker_, &CodeScannerWorker::statusChanged, this, [this](const DeviceStatus &s) {
        status_ = s;
        emit statusChanged(s);
    });
    connect(worker_, &CodeScannerWorker::selfTestFinished, this, &Device::selfTestFinished);
    connect(worker_, &CodeScannerWorker::codeScanned, this, &CodeScanner::codeScanned);
    connect(worker_, &CodeScannerWorker::codeRejected, this, &CodeScanner::codeRejected);
    thread_ = std::make_unique<common::WorkerThread>(worker_, QStringLiteral("code_scanner"));
}

CodeScanner::~CodeScanner()
{
    disconnect(worker_, nullptr, this, nullptr);
    thread_->post([w = worker_]() { w->close(); });
    thread_->stop();
}

void CodeScanner::open()
{
    thread_->post([w = worker_]() { w->open(); });
}

void CodeScanner::close()
{
    thread_->post([w = worker_]() { w->close(); });
}

void CodeScanner::selfTest()
{
    thread_->post([w = worker_]() { w->selfTest(); });
}

DeviceCapabilities CodeScanner::capabilities() const
{
    const bool wedge = config_.connection == ScannerConnection::HidWedge;
    return DeviceCapabilities()
        .setText(Capability::Connection, wedge ? QStringLiteral("hid_wedge") : QStringLiteral("serial_cdc"))
        .setInteger(Capability::MaxPayload, config_.maxPayloadBytes)
        .setText(Capability::Charset, wedge ? QStringLiteral("ascii") : QStringLiteral("utf-8"));
}

} // namespace kiosk::drivers::codescanner
