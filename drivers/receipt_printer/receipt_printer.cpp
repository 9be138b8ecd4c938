// The receipt printer's worker (job queue, chunked sending, DLE EOT status rounds on its own thread) and the
// Device facade around it.
#include "drivers/receipt_printer/receipt_printer.h"

#include <QLoggingCategory>
#include <QQueue>
#include <QTimer>

#include <array>
#include <optional>

#include "common/worker_thread.h"
#include "drivers/receipt_printer/escpos_status.h"
#include "drivers/transport/reconnecting_transport.h"

namespace kiosk::drivers::escpos {

Q_LOGGING_CATEGORY(lcReceiptPrinter, "kiosk.drivers.receipt_printer")

QString toString(PrintResult result)
{
    switch (result) {
    case PrintResult::Printed: return QStringLiteral("printed");
    case PrintResult::PaperOut: return QStringLiteral("paper_out");
    case PrintResult::CoverOpen: return QStringLiteral("cover_open");
    case PrintResult::PrinterError: return QStringLiteral("printer_error");
    case PrintResult::Offline: return QStringLiteral("offline");
    case PrintResult::Disconnected: return QStringLiteral("disconnected");
    case PrintResult::Cancelled: return QStringLiteral("cancelled");
    case PrintResult::EmptyJob: return QStringLiteral("empty_job");
    }
    return QStringLiteral("unknown");
}

namespace {

// n = 1 (offline), 2 (cover, paper-end stop, error), 4 (roll paper sensors): together they answer every question
// the kiosk has before and after a receipt.
constexpr std::array<StatusQuery, 3> kStatusRound{StatusQuery::Printer, StatusQuery::OfflineCause,
                                                  StatusQuery::RollPaper};

const QString kHintLoadPaper = QStringLiteral("load an 80 mm roll");
const QString kHintCloseCover = QStringLiteral("close the cover");

} // namespace

class ReceiptPrinterWorker : public QObject
{
    Q_OBJECT
public:
    ReceiptPrinterWorker(TransportFactory factory, ReceiptPrinterConfig config)
        : m_config(std::move(config))
        , m_link(new ReconnectingTransport(std::move(factory), m_config.reopenIntervalMs, this))
    {
        m_queryTimer->setSingleShot(true);
        connect(m_queryTimer, &QTimer::timeout, this, [this]() {
            roundDone(Outcome::NoAnswer,
                      QStringLiteral("no reply to DLE EOT %1").arg(int(kStatusRound[size_t(m_queryIndex)])));
        });
        m_pollTimer->setInterval(m_config.statusIntervalMs);
        connect(m_pollTimer, &QTimer::timeout, this, &ReceiptPrinterWorker::onPollTimer);
        m_chunkTimer->setSingleShot(true);
        connect(m_chunkTimer, &QTimer::timeout, this, &ReceiptPrinterWorker::sendNextChunk);
        m_settleTimer->setSingleShot(true);
        connect(m_settleTimer, &QTimer::timeout, this, [this]() { startRound(Purpose::PostJob); });
        connect(m_link, &ReconnectingTransport::opened, this, &ReceiptPrinterWorker::onOpened);
        connect(m_link, &ReconnectingTransport::lost, this, &ReceiptPrinterWorker::onLost);
        connect(m_link, &ReconnectingTransport::bytesReceived, this, &ReceiptPrinterWorker::onBytes);
    }

    void open()
    {
        m_everOpened = false;
        m_link->start();
    }

    void close()
    {
        m_link->stop();
        stopActivity();
        failAll(PrintResult::Cancelled);
        setStatus({DeviceState::Offline, QStringLiteral("receipt printer closed"), QString()});
    }

    void enqueue(quint64 id, const QByteArray &bytes)
    {
        m_queue.enqueue({id, bytes});
        kick();
    }

    void selfTest()
    {
        if (!m_link->isOpen()) {
            SelfTestResult r;
            r.summary = QStringLiteral("receipt printer unavailable: %1").arg(m_status.detail);
            emit selfTestFinished(r);
            return;
        }
        m_selfTestPending = true;
        kick();
    }

signals:
    void statusChanged(const kiosk::drivers::DeviceStatus &status);
    void selfTestFinished(const kiosk::drivers::SelfTestResult &result);
    void jobFinished(quint64 jobId, kiosk::drivers::escpos::PrintResult result);

private:
    enum class Purpose { Poll, PreJob, PostJob, SelfTest };
    enum class Outcome { Answered, NoAnswer, Invalid };

    struct Job {
        quint64 id;
        QByteArray bytes;
    };

    // ---- link

    void onOpened()
    {
        m_everOpened = true;
        m_pollTimer->start();
        // Until the printer has answered, nothing is known about paper or cover: ask now.
        if (!m_roundActive && !m_current)
            startRound(Purpose::Poll);
    }

    void onLost(const TransportError &error)
    {
        qCWarning(lcReceiptPrinter) << toString(error.code) << error.message;
        stopActivity();
        failAll(PrintResult::Disconnected);
        if (m_selfTestPending) {
            m_selfTestPending = false;
            SelfTestResult r;
            r.summary = QStringLiteral("receipt printer disconnected");
            emit selfTestFinished(r);
        }
        if (m_everOpened)
            setStatus({DeviceState::NoDevice, QStringLiteral("receipt printer unplugged"),
                       QStringLiteral("reconnect the printer's USB cable; it is picked up again automatically")});
        else
            setStatus({DeviceState::NoDevice, QStringLiteral("no receipt printer at %1").arg(m_link->linkName()),
                       QStringLiteral("connect the printer or check the configured port")});
    }

    void stopActivity()
    {
        m_pollTimer->stop();
        m_queryTimer->stop();
        m_chunkTimer->stop();
        m_settleTimer->stop();
        m_roundActive = false;
    }

    // ---- scheduling: one thing at a time (a status round or a job)

    void kick()
    {
        if (m_roundActive || m_current)
            return;
        if (!m_link->isOpen()) {
            failAll(PrintResult::Disconnected);
            return;
        }
        if (m_selfTestPending) {
            m_selfTestPending = false;
            startRound(Purpose::SelfTest);
            return;
        }
        while (!m_queue.isEmpty()) {
            Job job = m_queue.dequeue();
            if (job.bytes.isEmpty()) {
                emit jobFinished(job.id, PrintResult::EmptyJob);
                continue;
            }
            m_current = std::move(job);
            m_sent = 0;
            startRound(Purpose::PreJob);
            return;
        }
    }

    void onPollTimer()
    {
        if (!m_roundActive && !m_current && m_link->isOpen())
            startRound(Purpose::Poll);
    }

    // ---- status rounds: DLE EOT 1, 2, 4, one byte each

    void startRound(Purpose purpose)
    {
        m_roundActive = true;
        m_purpose = purpose;
        m_queryIndex = 0;
        m_roundStatus = PrinterStatus{};
        sendQuery();
    }

    void sendQuery()
    {
        const StatusQuery q = kStatusRound[size_t(m_queryIndex)];
        m_awaitingReply = true;
        if (!m_link->write(statusQuery(q))) {
            roundDone(Outcome::NoAnswer, QStringLiteral("cannot send DLE EOT %1").arg(int(q)));
            return;
        }
        m_queryTimer->start(m_config.statusTimeoutMs);
    }

    void onBytes(const QByteArray &bytes)
    {
        if (!m_roundActive || !m_awaitingReply || bytes.isEmpty()) {
            qCDebug(lcReceiptPrinter) << "ignoring" << bytes.size() << "unrequested bytes";
            return;
        }
        // One byte answers one query; anything after it in the same read is noise or an unsolicited report.
        m_awaitingReply = false;
        m_queryTimer->stop();
        const StatusQuery q = kStatusRound[size_t(m_queryIndex)];
        const StatusParseResult parsed = parseStatusReply(q, std::uint8_t(bytes.at(0)));
        if (!parsed.ok())
            return roundDone(Outcome::Invalid, parsed.message);
        m_roundStatus.apply(parsed.reply);
        if (++m_queryIndex < int(kStatusRound.size()))
            return sendQuery();
        roundDone(Outcome::Answered, QString());
    }

    void roundDone(Outcome outcome, const QString &why)
    {
        m_roundActive = false;
        m_awaitingReply = false;
        m_queryTimer->stop();
        const DeviceStatus status = deviceStatusFor(outcome, m_roundStatus);
        if (outcome != Outcome::Answered) {
            // Once per failure cycle: while the printer stays silent, each idle poll fails the same way.
            if (status != m_status)
                qCWarning(lcReceiptPrinter) << "status round failed:" << why;
            else
                qCDebug(lcReceiptPrinter) << "status round failed:" << why;
        }
        setStatus(status);
        const bool canPrint = outcome == Outcome::Answered && m_roundStatus.canPrint();
        switch (m_purpose) {
        case Purpose::Poll: break;
        case Purpose::SelfTest: {
            SelfTestResult r;
            r.passed = outcome == Outcome::Answered;
            r.summary = r.passed ? QStringLiteral("printer answers: %1").arg(m_status.detail)
                                 : QStringLiteral("printer status failed: %1").arg(why);
            r.details.insert(QStringLiteral("paper"), toString(m_roundStatus.paper));
            r.details.insert(QStringLiteral("cover_open"), m_roundStatus.coverOpen);
            r.details.insert(QStringLiteral("error"), m_roundStatus.error);
            r.details.insert(QStringLiteral("offline"), m_roundStatus.offline);
            emit selfTestFinished(r);
            break;
        }
        case Purpose::PreJob:
            if (canPrint) {
                setStatus({DeviceState::Busy, QStringLiteral("printing"), QString()});
                sendNextChunk();
                return;
            }
            finishJob(resultFor(outcome, m_roundStatus));
            break;
        case Purpose::PostJob: finishJob(canPrint ? PrintResult::Printed : resultFor(outcome, m_roundStatus)); break;
        }
        kick();
    }

    // ---- jobs

    void sendNextChunk()
    {
        if (!m_current)
            return;
        const QByteArray piece = m_current->bytes.mid(m_sent, m_config.chunkSize > 0 ? m_config.chunkSize : -1);
        if (!m_link->write(piece)) {
            // A link that is gone is reported through onLost, which fails the job; one still open refused the bytes.
            if (m_current) {
                setStatus({DeviceState::HardwareError, QStringLiteral("cannot send to the printer"),
                           QStringLiteral("switch the printer off and on; call a technician if it persists")});
                finishJob(PrintResult::PrinterError);
                kick();
            }
            return;
        }
        m_sent += piece.size();
        if (m_sent < m_current->bytes.size())
            m_chunkTimer->start(m_config.chunkIntervalMs);
        else
            m_settleTimer->start(m_config.settleMs);
    }

    void finishJob(PrintResult result)
    {
        if (!m_current)
            return;
        const quint64 id = m_current->id;
        qCInfo(lcReceiptPrinter) << "job" << id << toString(result) << m_current->bytes.size() << "bytes";
        m_current->bytes.fill('\0'); // receipts may carry a name: do not leave it in freed memory
        m_current.reset();
        emit jobFinished(id, result);
    }

    void failAll(PrintResult result)
    {
        m_chunkTimer->stop();
        m_settleTimer->stop();
        finishJob(result);
        while (!m_queue.isEmpty()) {
            Job job = m_queue.dequeue();
            job.bytes.fill('\0');
            emit jobFinished(job.id, result);
        }
    }

    static PrintResult resultFor(Outcome outcome, const PrinterStatus &s)
    {
        if (outcome == Outcome::NoAnswer)
            return PrintResult::Offline;
        if (outcome == Outcome::Invalid)
            return PrintResult::PrinterError;
        if (s.paper == PrinterPaperState::Out)
            return PrintResult::PaperOut;
        if (s.coverOpen)
            return PrintResult::CoverOpen;
        if (s.error)
            return PrintResult::PrinterError;
        if (s.offline)
            return PrintResult::Offline;
        return PrintResult::Printed;
    }

    static DeviceStatus deviceStatusFor(Outcome outcome, const PrinterStatus &s)
    {
        if (outcome == Outcome::NoAnswer)
            return {DeviceState::Offline, QStringLiteral("printer not answering"),
                    QStringLiteral("check the printer's power and cable")};
        if (outcome == Outcome::Invalid)
            return {DeviceState::HardwareError, QStringLiteral("printer sent an invalid status reply"),
                    QStringLiteral("check the printer's port and baud rate; switch it off and on")};
        const bool out = s.paper == PrinterPaperState::Out;
        if (out && s.coverOpen)
            return {DeviceState::UserError, QStringLiteral("paper out, cover open"),
                    kHintLoadPaper + QStringLiteral(" and ") + kHintCloseCover};
        if (out)
            return {DeviceState::UserError, QStringLiteral("paper out"), kHintLoadPaper};
        if (s.coverOpen)
            return {DeviceState::UserError, QStringLiteral("cover open"), kHintCloseCover};
        if (s.error)
            return {DeviceState::HardwareError, QStringLiteral("printer reports an error"),
                    QStringLiteral("switch the printer off and on; call a technician if it persists")};
        if (s.offline)
            return {DeviceState::Offline, QStringLiteral("printer offline"),
                    QStringLiteral("check the printer's panel; press its online/feed button")};
        if (s.paper == PrinterPaperState::NearEnd)
            return {DeviceState::Online, QStringLiteral("paper low"), QStringLiteral("replace the roll soon")};
        return {DeviceState::Online, QStringLiteral("ready"), QString()};
    }

    void setStatus(const DeviceStatus &s)
    {
        if (s == m_status)
            return;
        m_status = s;
        qCInfo(lcReceiptPrinter) << "status" << kiosk::drivers::toString(s.state) << s.detail;
        emit statusChanged(s);
    }

    ReceiptPrinterConfig m_config;
    ReconnectingTransport *m_link;           // child
    QTimer *m_queryTimer = new QTimer(this); // children (not plain members): moveToThread takes them along
    QTimer *m_pollTimer = new QTimer(this);
    QTimer *m_chunkTimer = new QTimer(this);
    QTimer *m_settleTimer = new QTimer(this);
    QQueue<Job> m_queue;
    std::optional<Job> m_current;
    qsizetype m_sent = 0;
    bool m_roundActive = false;
    bool m_awaitingReply = false;
    Purpose m_purpose = Purpose::Poll;
    int m_queryIndex = 0;
    PrinterStatus m_roundStatus;
    DeviceStatus m_status;
    bool m_everOpened = false;
    bool m_selfTestPending = false;
};

ReceiptPrinter::ReceiptPrinter(TransportFactory factory, ReceiptPrinterConfig config, QObject *parent)
    : Device(parent), m_config(std::move(config)), m_worker(new ReceiptPrinterWorker(std::move(factory), m_config))
{
    m_status = {DeviceState::NoDevice, QStringLiteral("receipt printer not opened"), QString()};
    connect(m_worker, &ReceiptPrinterWorker::statusChanged, this, [this](const DeviceStatus &s) {
        m_status = s;
        emit statusChanged(s);
    });
    connect(m_worker, &ReceiptPrinterWorker::selfTestFinished, this, &Device::selfTestFinished);
    connect(m_worker, &ReceiptPrinterWorker::jobFinished, this, &ReceiptPrinter::jobFinished);
    m_thread = std::make_unique<common::WorkerThread>(m_worker, QStringLiteral("receipt_printer"));
}

ReceiptPrinter::~ReceiptPrinter()
{
    disconnect(m_worker, nullptr, this, nullptr);
    m_thread->post([w = m_worker]() { w->close(); });
    m_thread->stop();
}

void ReceiptPrinter::open()
{
    m_thread->post([w = m_worker]() { w->open(); });
}

void ReceiptPrinter::close()
{
    m_thread->post([w = m_worker]() { w->close(); });
}

quint64 ReceiptPrinter::print(const QByteArray &escposJob)
{
    const quint64 id = m_nextJobId.fetch_add(1);
    m_thread->post([w = m_worker, id, escposJob]() { w->enqueue(id, escposJob); });
    return id;
}

void ReceiptPrinter::selfTest()
{
    m_thread->post([w = m_worker]() { w->selfTest(); });
}

QVariantMap ReceiptPrinter::capabilities() const
{
    return {
        {QStringLiteral("paper_width_mm"), 80},
        {QStringLiteral("command_set"), QStringLiteral("escpos")},
        {QStringLiteral("status"), QStringLiteral("dle_eot")},
        {QStringLiteral("status_interval_ms"), m_config.statusIntervalMs},
    };
}

} // namespace kiosk::drivers::escpos

#include "receipt_printer.moc"
