// The code scanner's worker: framing, filtering and reconnecting on the scanner's own thread (common::WorkerThread).
#pragma once

#include <QLoggingCategory>
#include <QTimer>

#include "drivers/code_scanner/code_scanner.h"
#include "drivers/device_worker.h"
#include "drivers/transport/reconnecting_transport.h"

namespace kiosk::drivers::codescanner {

Q_DECLARE_LOGGING_CATEGORY(lcScanner)

class CodeScannerWorker : public DeviceWorker
{
    Q_OBJECT
public:
    CodeScannerWorker(TransportFactory factory, CodeScannerConfig config);
    void open();
    void close();
    void selfTest();

signals:
    void codeScanned(const QString &payload);
    void codeRejected(kiosk::drivers::codescanner::PayloadRejection reason, const QString &detail);

private:
    void onOpened();
    void onLost(const TransportError &error);
    void onBytes(const QByteArray &bytes);
    void onPartialTimeout();
    void rejected(PayloadRejection reason, const QString &detail);

    CodeScannerConfig config_;
    ReconnectingTransport *link_; // child
    LineFramer framer_;
    QTimer *partialTimer_ = new QTimer(this); // children (not plain members): moveToThread takes them along
    bool everOpened_ = false;
};

} // namespace kiosk::drivers::codescanner
