// The code scanner's worker: reconnects the link, frames and filters payloads, reports status; nothing here blocks.
#include "drivers/code_scanner/code_scanner_worker.h"

namespace kiosk::drivers::codescanner {

Q_LOGGING_CATEGORY(lcScanner, "kiosk.drivers.code_scanner")

CodeScannerWorker::CodeScannerWorker(TransportFactory factory, CodeScannerConfig config)
    : DeviceWorker(lcScanner)
    , config_(std::move(config))
    , link_(new ReconnectingTransport(std::move(factory), config_.reopenIntervalMs, this))
    , framer_(config_.maxPayloadBytes)
{
    partialTimer_->setSingleShot(true);
    connect(partialTimer_, &QTimer::timeout, this, &CodeScannerWorker::onPartialTimeout);
    connect(link_, &ReconnectingTransport::opened, this, &CodeScannerWorker::onOpened);
    connect(link_, &ReconnectingTransport::lost, this, &CodeScannerWorker::onLost);
    connect(link_, &ReconnectingTransport::bytesReceived, this, &CodeScannerWorker::onBytes);
}

void CodeScannerWorker::open()
{
    everOpened_ = false;
    link_->start();
}

void CodeScannerWorker::close()
{
    link_->stop();
    framer_.dropPartial();
    partialTimer_->stop();
    setStatus({DeviceState::Offline, QStringLiteral("code scanner closed"), QString()});
}

void CodeScannerWorker::selfTest()
{
    SelfTestResult r;
    r.passed = link_->isOpen();
    r.summary = r.passed ? QStringLiteral("scanner port %1 open").arg(link_->linkName())
                         : QStringLiteral("code scanner unavailable: %1").arg(status_.detail);
    r.details.insert(QStringLiteral("port"), link_->linkName());
    emit selfTestFinished(r);
}

void CodeScannerWorker::onOpened()
{
    everOpened_ = true;
    framer_.dropPartial();
    setStatus({DeviceState::Online, QStringLiteral("ready"), QString()});
}

void CodeScannerWorker::onLost(const TransportError &error)
{
    qCWarning(lcScanner) << toString(error.code) << error.message;
    // A code cut off by the unplug is not a code.
    framer_.dropPartial();
    partialTimer_->stop();
    if (everOpened_) {
        setStatus({DeviceState::NoDevice, QStringLiteral("code scanner unplugged"),
                   QStringLiteral("reconnect the scanner's USB cable; it is picked up again automatically")});
    } else {
        setStatus({DeviceState::NoDevice, QStringLiteral("no code scanner at %1").arg(link_->linkName()),
                   QStringLiteral("connect the scanner or check the configured port")});
    }
}

void CodeScannerWorker::onBytes(const QByteArray &bytes)
{
    const QList<LineFramer::Line> lines = framer_.feed(bytes);
    for (const LineFramer::Line &line : lines) {
        if (line.overflowed) {
            rejected(PayloadRejection::TooLong,
                     QStringLiteral("%1 bytes, at most %2 allowed").arg(line.length).arg(config_.maxPayloadBytes));
            continue;
        }
        const PayloadCheck check = checkPayload(line.bytes, config_.maxPayloadBytes);
        if (!check.isOk()) {
            rejected(check.rejection, check.detail);
            continue;
        }
        qCDebug(lcScanner) << "code scanned," << line.bytes.size() << "bytes"; // never the code itself
        emit codeScanned(check.text);
    }
    if (framer_.hasPartial())
        partialTimer_->start(config_.interCharacterTimeoutMs);
    else
        partialTimer_->stop();
}

void CodeScannerWorker::onPartialTimeout()
{
    const qint64 n = framer_.dropPartial();
    if (n > 0)
        rejected(PayloadRejection::Incomplete, QStringLiteral("%1 bytes without a terminator, then %2 ms of silence")
                                                   .arg(n)
                                                   .arg(config_.interCharacterTimeoutMs));
}

void CodeScannerWorker::rejected(PayloadRejection reason, const QString &detail)
{
    qCInfo(lcScanner) << "code rejected:" << toString(reason) << detail;
    emit codeRejected(reason, detail);
}

} // namespace kiosk::drivers::codescanner
