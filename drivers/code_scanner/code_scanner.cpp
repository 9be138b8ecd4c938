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
        : m_config(std::move(config))
        , m_link(new ReconnectingTransport(std::move(factory), m_config.reopenIntervalMs, this))
        , m_framer(m_config.maxPayloadBytes)
    {
        m_partialTimer->setSingleShot(true);
        connect(m_partialTimer, &QTimer::timeout, this, &CodeScannerWorker::onPartialTimeout);
        connect(m_link, &ReconnectingTransport::opened, this, &CodeScannerWorker::onOpened);
        connect(m_link, &ReconnectingTransport::lost, this, &CodeScannerWorker::onLost);
        connect(m_link, &ReconnectingTransport::bytesReceived, this, &CodeScannerWorker::onBytes);
    }

    void open()
    {
        m_everOpened = false;
        m_link->start();
    }

    void close()
    {
        m_link->stop();
        m_framer.dropPartial();
        m_partialTimer->stop();
        setStatus({DeviceState::Offline, QStringLiteral("code scanner closed"), QString()});
    }

    void selfTest()
    {
        SelfTestResult r;
        r.passed = m_link->isOpen();
        r.summary = r.passed ? QStringLiteral("scanner port %1 open").arg(m_link->linkName())
                             : QStringLiteral("code scanner unavailable: %1").arg(m_status.detail);
        r.details.insert(QStringLiteral("port"), m_link->linkName());
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
        m_everOpened = true;
        m_framer.dropPartial();
        setStatus({DeviceState::Online, QStringLiteral("ready"), QString()});
    }

    void onLost(const TransportError &error)
    {
        qCWarning(lcScanner) << toString(error.code) << error.message;
        // A code cut off by the unplug is not a code.
        m_framer.dropPartial();
        m_partialTimer->stop();
        if (m_everOpened) {
            setStatus({DeviceState::NoDevice, QStringLiteral("code scanner unplugged"),
                       QStringLiteral("reconnect the scanner's USB cable; it is picked up again automatically")});
        } else {
            setStatus({DeviceState::NoDevice, QStringLiteral("no code scanner at %1").arg(m_link->linkName()),
                       QStringLiteral("connect the scanner or check the configured port")});
        }
    }

    void onBytes(const QByteArray &bytes)
    {
        const QList<LineFramer::Line> lines = m_framer.feed(bytes);
        for (const LineFramer::Line &line : lines) {
            if (line.overflowed) {
                rejected(PayloadRejection::TooLong,
                         QStringLiteral("%1 bytes, at most %2 allowed").arg(line.length).arg(m_config.maxPayloadBytes));
                continue;
            }
            const PayloadCheck check = checkPayload(line.bytes, m_config.maxPayloadBytes);
            if (!check.isOk()) {
                rejected(check.rejection, check.detail);
                continue;
            }
            qCDebug(lcScanner) << "code scanned," << line.bytes.size() << "bytes"; // never the code itself
            emit codeScanned(check.text);
        }
        if (m_framer.hasPartial())
            m_partialTimer->start(m_config.interCharacterTimeoutMs);
        else
            m_partialTimer->stop();
    }

    void onPartialTimeout()
    {
        const qint64 n = m_framer.dropPartial();
        if (n > 0)
            rejected(PayloadRejection::Incomplete,
                     QStringLiteral("%1 bytes without a terminator, then %2 ms of silence")
                         .arg(n)
                         .arg(m_config.interCharacterTimeoutMs));
    }

    void rejected(PayloadRejection reason, const QString &detail)
    {
        qCInfo(lcScanner) << "code rejected:" << toString(reason) << detail;
        emit codeRejected(reason, detail);
    }

    void setStatus(const DeviceStatus &s)
    {
        if (s == m_status)
            return;
        m_status = s;
        qCInfo(lcScanner) << "status" << kiosk::drivers::toString(s.state) << s.detail;
        emit statusChanged(s);
    }

    CodeScannerConfig m_config;
    ReconnectingTransport *m_link; // child
    LineFramer m_framer;
    QTimer *m_partialTimer = new QTimer(this); // children (not plain members): moveToThread takes them along
    DeviceStatus m_status;
    bool m_everOpened = false;
};

CodeScanner::CodeScanner(TransportFactory factory, CodeScannerConfig config, QObject *parent)
    : Device(parent), m_config(std::move(config)), m_worker(new CodeScannerWorker(std::move(factory), m_config))
{
    m_status = {DeviceState::NoDevice, QStringLiteral("code scanner not opened"), QString()};
    connect(m_worker, &CodeScannerWorker::statusChanged, this, [this](const DeviceStatus &s) {
        m_status = s;
        emit statusChanged(s);
    });
    connect(m_worker, &CodeScannerWorker::selfTestFinished, this, &Device::selfTestFinished);
    connect(m_worker, &CodeScannerWorker::codeScanned, this, &CodeScanner::codeScanned);
    connect(m_worker, &CodeScannerWorker::codeRejected, this, &CodeScanner::codeRejected);
    m_thread = std::make_unique<common::WorkerThread>(m_worker, QStringLiteral("code_scanner"));
}

CodeScanner::~CodeScanner()
{
    disconnect(m_worker, nullptr, this, nullptr);
    m_thread->post([w = m_worker]() { w->close(); });
    m_thread->stop();
}

void CodeScanner::open()
{
    m_thread->post([w = m_worker]() { w->open(); });
}

void CodeScanner::close()
{
    m_thread->post([w = m_worker]() { w->close(); });
}

void CodeScanner::selfTest()
{
    m_thread->post([w = m_worker]() { w->selfTest(); });
}

QVariantMap CodeScanner::capabilities() const
{
    return {
        {QStringLiteral("connection"), m_config.connection == ScannerConnection::HidWedge
                                           ? QStringLiteral("hid_wedge")
                                           : QStringLiteral("serial_cdc")},
        {QStringLiteral("max_payload_bytes"), m_config.maxPayloadBytes},
        {QStringLiteral("charset"),
         m_config.connection == ScannerConnection::HidWedge ? QStringLiteral("ascii") : QStringLiteral("utf-8")},
    };
}

} // namespace kiosk::drivers::codescanner

#include "code_scanner.moc"
