// The scanner's worker (framing, filtering, reconnecting on its own thread) and the Device facade around it.
#include "drivers/code_scanner/code_scanner.h"

#include <QLoggingCategory>
#include <QTimer>

#include "common/worker_thread.h"
#include "drivers/transport/reconnecting_transport.h"

namespace kiosk::drivers::codescanner {

Q_LOGGING_CATEGORY(lcScanner, "kiosk.drivers.code_scanner")

class CodeScannerWorker : public QObject
{
    Q_OBJECT
public:
    CodeScannerWorker(TransportFactory factory, CodeScannerConfig config)
        : config_(std::move(config))
        , link_(new ReconnectingTransport(std::move(factory), config_.reopenIntervalMs, this))
        , framer_(config_.maxPayloadBytes)
    {
        partialTimer_->setSingleShot(true);
        connect(partialTimer_, &QTimer::timeout, this, &CodeScannerWorker::onPartialTimeout);
        connect(link_, &ReconnectingTransport::opened, this, &CodeScannerWorker::onOpened);
        connect(link_, &ReconnectingTransport::lost, this, &CodeScannerWorker::onLost);
        connect(link_, &ReconnectingTransport::bytesReceived, this, &CodeScannerWorker::onBytes);
    }

    void open()
    {
        everOpened_ = false;
        link_->start();
    }

    void close()
    {
        link_->stop();
        framer_.dropPartial();
        partialTimer_->stop();
        setStatus({DeviceState::Offline, QStringLiteral("code scanner closed"), QString()});
    }

    void selfTest()
    {
        SelfTestResult r;
        r.passed = link_->isOpen();
        r.summary = r.passed ? QStringLiteral("scanner port %1 open").arg(link_->linkName())
                             : QStringLiteral("code scanner unavailable: %1").arg(status_.detail);
        r.details.insert(QStringLiteral("port"), link_->linkName());
        emit selfTestFinished(r);
    }

signals:
    void statusChanged(const kiosk::drivers::DeviceStatus &status);
    void selfTestFinished(const kiosk::drivers::SelfTestResult &result);
    void codeScanned(const QString &payload);
    void codeRejected(kiosk::drivers::codescanner::PayloadRejection reason, const QString &detail);

private:
    void onOpened()
    {
        everOpened_ = true;
        framer_.dropPartial();
        setStatus({DeviceState::Online, QStringLiteral("ready"), QString()});
    }

    void onLost(const TransportError &error)
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

    void onBytes(const QByteArray &bytes)
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

    void onPartialTimeout()
    {
        const qint64 n = framer_.dropPartial();
        if (n > 0)
            rejected(PayloadRejection::Incomplete,
                     QStringLiteral("%1 bytes without a terminator, then %2 ms of silence")
                         .arg(n)
                         .arg(config_.interCharacterTimeoutMs));
    }

    void rejected(PayloadRejection reason, const QString &detail)
    {
        qCInfo(lcScanner) << "code rejected:" << toString(reason) << detail;
        emit codeRejected(reason, detail);
    }

    void setStatus(const DeviceStatus &s)
    {
        if (s == status_)
            return;
        status_ = s;
        qCInfo(lcScanner) << "status" << kiosk::drivers::toString(s.state) << s.detail;
        emit statusChanged(s);
    }

    CodeScannerConfig config_;
    ReconnectingTransport *link_; // child
    LineFramer framer_;
    QTimer *partialTimer_ = new QTimer(this); // children (not plain members): moveToThread takes them along
    DeviceStatus status_;
    bool everOpened_ = false;
};

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

QVariantMap CodeScanner::capabilities() const
{
    return {
        {QStringLiteral("connection"), config_.connection == ScannerConnection::HidWedge
                                           ? QStringLiteral("hid_wedge")
                                           : QStringLiteral("serial_cdc")},
        {QStringLiteral("max_payload_bytes"), config_.maxPayloadBytes},
        {QStringLiteral("charset"),
         config_.connection == ScannerConnection::HidWedge ? QStringLiteral("ascii") : QStringLiteral("utf-8")},
    };
}

} // namespace kiosk::drivers::codescanner

#include "code_scanner.moc"
