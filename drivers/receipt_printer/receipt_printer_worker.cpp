// The receipt printer's worker: one job at a time, sent in chunks, with a DLE EOT status round before and after.
#include "drivers/receipt_printer/receipt_printer_worker.h"

#include <array>

namespace kiosk::drivers::escpos {

Q_LOGGING_CATEGORY(lcReceiptPrinter, "kiosk.drivers.receipt_printer")

namespace {

// n = 1 (offline), 2 (cover, paper-end stop, error), 4 (roll paper sensors): together they answer every question
// the kiosk has before and after a receipt.
constexpr std::array<StatusQuery, 3> kStatusRound{StatusQuery::Printer, StatusQuery::OfflineCause,
                                                  StatusQuery::RollPaper};

const QString kHintLoadPaper = QStringLiteral("load an 80 mm roll");
const QString kHintCloseCover = QStringLiteral("close the cover");

} // namespace

ReceiptPrinterWorker::ReceiptPrinterWorker(TransportFactory factory, ReceiptPrinterConfig config)
    : DeviceWorker(lcReceiptPrinter)
    , config_(std::move(config))
    , link_(new ReconnectingTransport(std::move(factory), config_.reopenIntervalMs, this))
{
    queryTimer_->setSingleShot(true);
    connect(queryTimer_, &QTimer::timeout, this, [this]() {
        roundDone(Outcome::NoAnswer,
                  QStringLiteral("no reply to DLE EOT %1").arg(int(kStatusRound[size_t(queryIndex_)])));
    });
    pollTimer_->setInterval(config_.statusIntervalMs);
    connect(pollTimer_, &QTimer::timeout, this, &ReceiptPrinterWorker::onPollTimer);
    chunkTimer_->setSingleShot(true);
    connect(chunkTimer_, &QTimer::timeout, this, &ReceiptPrinterWorker::sendNextChunk);
    settleTimer_->setSingleShot(true);
    connect(settleTimer_, &QTimer::timeout, this, [this]() { startRound(Purpose::PostJob); });
    connect(link_, &ReconnectingTransport::opened, this, &ReceiptPrinterWorker::onOpened);
    connect(link_, &ReconnectingTransport::lost, this, &ReceiptPrinterWorker::onLost);
    connect(link_, &ReconnectingTransport::bytesReceived, this, &ReceiptPrinterWorker::onBytes);
}

void ReceiptPrinterWorker::open()
{
    everOpened_ = false;
    link_->start();
}

void ReceiptPrinterWorker::close()
{
    link_->stop();
    stopActivity();
    failAll(PrintResult::Cancelled);
    setStatus({DeviceState::Offline, QStringLiteral("receipt printer closed"), QString()});
}

void ReceiptPrinterWorker::enqueue(quint64 id, const QByteArray &bytes)
{
    queue_.enqueue({id, bytes});
    kick();
}

void ReceiptPrinterWorker::selfTest()
{
    if (!link_->isOpen()) {
        SelfTestResult r;
        r.summary = QStringLiteral("receipt printer unavailable: %1").arg(status_.detail);
        emit selfTestFinished(r);
        return;
    }
    selfTestPending_ = true;
    kick();
}

void ReceiptPrinterWorker::onOpened()
{
    everOpened_ = true;
    pollTimer_->start();
    // Until the printer has answered, nothing is known about paper or cover: ask now.
    if (!roundActive_ && !current_)
        startRound(Purpose::Poll);
}

void ReceiptPrinterWorker::onLost(const TransportError &error)
{
    qCWarning(lcReceiptPrinter) << toString(error.code) << error.message;
    stopActivity();
    failAll(PrintResult::Disconnected);
    if (selfTestPending_) {
        selfTestPending_ = false;
        SelfTestResult r;
        r.summary = QStringLiteral("receipt printer disconnected");
        emit selfTestFinished(r);
    }
    if (everOpened_)
        setStatus({DeviceState::NoDevice, QStringLiteral("receipt printer unplugged"),
                   QStringLiteral("reconnect the printer's USB cable; it is picked up again automatically")});
    else
        setStatus({DeviceState::NoDevice, QStringLiteral("no receipt printer at %1").arg(link_->linkName()),
                   QStringLiteral("connect the printer or check the configured port")});
}

void ReceiptPrinterWorker::stopActivity()
{
    pollTimer_->stop();
    queryTimer_->stop();
    chunkTimer_->stop();
    settleTimer_->stop();
    roundActive_ = false;
}

void ReceiptPrinterWorker::kick()
{
    if (roundActive_ || current_)
        return;
    if (!link_->isOpen()) {
        failAll(PrintResult::Disconnected);
        return;
    }
    if (selfTestPending_) {
        selfTestPending_ = false;
        startRound(Purpose::SelfTest);
        return;
    }
    while (!queue_.isEmpty()) {
        Job job = queue_.dequeue();
        if (job.bytes.isEmpty()) {
            emit jobFinished(job.id, PrintResult::EmptyJob);
            continue;
        }
        current_ = std::move(job);
        sent_ = 0;
        startRound(Purpose::PreJob);
        return;
    }
}

void ReceiptPrinterWorker::onPollTimer()
{
    if (!roundActive_ && !current_ && link_->isOpen())
        startRound(Purpose::Poll);
}

void ReceiptPrinterWorker::startRound(Purpose purpose)
{
    roundActive_ = true;
    purpose_ = purpose;
    queryIndex_ = 0;
    roundStatus_ = PrinterStatus{};
    sendQuery();
}

void ReceiptPrinterWorker::sendQuery()
{
    const StatusQuery q = kStatusRound[size_t(queryIndex_)];
    awaitingReply_ = true;
    if (!link_->write(statusQuery(q))) {
        roundDone(Outcome::NoAnswer, QStringLiteral("cannot send DLE EOT %1").arg(int(q)));
        return;
    }
    queryTimer_->start(config_.statusTimeoutMs);
}

void ReceiptPrinterWorker::onBytes(const QByteArray &bytes)
{
    if (!roundActive_ || !awaitingReply_ || bytes.isEmpty()) {
        qCDebug(lcReceiptPrinter) << "ignoring" << bytes.size() << "unrequested bytes";
        return;
    }
    // One byte answers one query; anything after it in the same read is noise or an unsolicited report.
    awaitingReply_ = false;
    queryTimer_->stop();
    const StatusQuery q = kStatusRound[size_t(queryIndex_)];
    const StatusParseResult parsed = parseStatusReply(q, std::uint8_t(bytes.at(0)));
    if (!parsed.ok())
        return roundDone(Outcome::Invalid, parsed.message);
    roundStatus_.apply(parsed.reply);
    if (++queryIndex_ < int(kStatusRound.size()))
        return sendQuery();
    roundDone(Outcome::Answered, QString());
}

void ReceiptPrinterWorker::roundDone(Outcome outcome, const QString &why)
{
    roundActive_ = false;
    awaitingReply_ = false;
    queryTimer_->stop();
    const DeviceStatus status = deviceStatusFor(outcome, roundStatus_);
    if (outcome != Outcome::Answered) {
        // Once per failure cycle: while the printer stays silent, each idle poll fails the same way.
        if (status != status_)
            qCWarning(lcReceiptPrinter) << "status round failed:" << why;
        else
            qCDebug(lcReceiptPrinter) << "status round failed:" << why;
    }
    setStatus(status);
    const bool canPrint = outcome == Outcome::Answered && roundStatus_.canPrint();
    switch (purpose_) {
    case Purpose::Poll: break;
    case Purpose::SelfTest: {
        SelfTestResult r;
        r.passed = outcome == Outcome::Answered;
        r.summary = r.passed ? QStringLiteral("printer answers: %1").arg(status_.detail)
                             : QStringLiteral("printer status failed: %1").arg(why);
        r.details.insert(QStringLiteral("paper"), toString(roundStatus_.paper));
        r.details.insert(QStringLiteral("cover_open"), roundStatus_.coverOpen);
        r.details.insert(QStringLiteral("error"), roundStatus_.error);
        r.details.insert(QStringLiteral("offline"), roundStatus_.offline);
        emit selfTestFinished(r);
        break;
    }
    case Purpose::PreJob:
        if (canPrint) {
            setStatus({DeviceState::Busy, QStringLiteral("printing"), QString()});
            sendNextChunk();
            return;
        }
        finishJob(resultFor(outcome, roundStatus_));
        break;
    case Purpose::PostJob: finishJob(canPrint ? PrintResult::Printed : resultFor(outcome, roundStatus_)); break;
    }
    kick();
}

void ReceiptPrinterWorker::sendNextChunk()
{
    if (!current_)
        return;
    const QByteArray piece = current_->bytes.mid(sent_, config_.chunkSize > 0 ? config_.chunkSize : -1);
    if (!link_->write(piece)) {
        // A link that is gone is reported through onLost, which fails the job; one still open refused the bytes.
        if (current_) {
            setStatus({DeviceState::HardwareError, QStringLiteral("cannot send to the printer"),
                       QStringLiteral("switch the printer off and on; call a technician if it persists")});
            finishJob(PrintResult::PrinterError);
            kick();
        }
        return;
    }
    sent_ += piece.size();
    if (sent_ < current_->bytes.size())
        chunkTimer_->start(config_.chunkIntervalMs);
    else
        settleTimer_->start(config_.settleMs);
}

void ReceiptPrinterWorker::finishJob(PrintResult result)
{
    if (!current_)
        return;
    const quint64 id = current_->id;
    qCInfo(lcReceiptPrinter) << "job" << id << toString(result) << current_->bytes.size() << "bytes";
    current_->bytes.fill('\0'); // receipts may carry a name: do not leave it in freed memory
    current_.reset();
    emit jobFinished(id, result);
}

void ReceiptPrinterWorker::failAll(PrintResult result)
{
    chunkTimer_->stop();
    settleTimer_->stop();
    finishJob(result);
    while (!queue_.isEmpty()) {
        Job job = queue_.dequeue();
        job.bytes.fill('\0');
        emit jobFinished(job.id, result);
    }
}

PrintResult ReceiptPrinterWorker::resultFor(Outcome outcome, const PrinterStatus &s)
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

DeviceStatus ReceiptPrinterWorker::deviceStatusFor(Outcome outcome, const PrinterStatus &s)
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

} // namespace kiosk::drivers::escpos
