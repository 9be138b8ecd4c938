// The public side of the document printer: queued calls into CupsPrintWorker, cached status and capabilities.
#include "drivers/document_printer/document_printer.h"

#include "common/worker_thread.h"
#include "drivers/document_printer/cups_print_worker.h"

namespace kiosk::drivers {

DocumentPrinter::DocumentPrinter(const DocumentPrinterConfig &config, QObject *parent) : Device(parent), config_(config)
{
    qRegisterMetaType<kiosk::drivers::DeviceStatus>();
    qRegisterMetaType<kiosk::drivers::SelfTestResult>();
    qRegisterMetaType<kiosk::drivers::PrintJobOutcome>();

    status_ = {DeviceState::Offline, QStringLiteral("Not checked yet"), QString()};
    worker_ = new CupsPrintWorker(config_);
    connect(worker_, &CupsPrintWorker::statusObserved, this, &DocumentPrinter::onStatusObserved);
    connect(worker_, &CupsPrintWorker::jobSubmitted, this, &DocumentPrinter::jobSubmitted);
    connect(worker_, &CupsPrintWorker::jobFinished, this, &DocumentPrinter::onJobFinished);
    thread_ = std::make_unique<common::WorkerThread>(worker_, QStringLiteral("document_printer"));
    CupsPrintWorker *w = worker_;
    thread_->post([w] { w->start(); });
}

DocumentPrinter::~DocumentPrinter()
{
    // Unfinished jobs stay with cupsd; only our follow-up of them ends here.
    thread_->stop(3000);
}

QString DocumentPrinter::model() const
{
    return makeAndModel_.isEmpty() ? QStringLiteral("CUPS queue") : makeAndModel_;
}

QString DocumentPrinter::port() const
{
    return QStringLiteral("cups:%1%2")
        .arg(config_.server.isEmpty() ? QString() : config_.server + QLatin1Char('/'), config_.queue);
}

DeviceCapabilities DocumentPrinter::capabilities() const
{
    DeviceCapabilities caps = queueCapabilities_;
    caps.setText(Capability::Queue, config_.queue)
        .setList(Capability::PrintFormats, {QStringLiteral("application/pdf")})
        .setText(Capability::Paper, QStringLiteral("A4"))
        .setFlag(Capability::JobResults, true); // reports completion per job
    return caps;
}

quint64 DocumentPrinter::printPdf(const QByteArray &pdf, const QString &title, const PrintOptions &options)
{
    PrintRequest request;
    request.ticket = nextTicket_++;
    request.data = pdf;
    request.title = title;
    request.options = options;
    CupsPrintWorker *w = worker_;
    thread_->post([w, request] { w->submit(request); });
    return request.ticket;
}

quint64 DocumentPrinter::printPdfFile(const QString &path, const QString &title, const PrintOptions &options)
{
    PrintRequest request;
    request.ticket = nextTicket_++;
    request.filePath = path;
    request.title = title;
    request.options = options;
    CupsPrintWorker *w = worker_;
    thread_->post([w, request] { w->submit(request); });
    return request.ticket;
}

void DocumentPrinter::cancel(quint64 ticket)
{
    CupsPrintWorker *w = worker_;
    thread_->post([w, ticket] { w->cancel(ticket); });
}

void DocumentPrinter::refreshStatus()
{
    CupsPrintWorker *w = worker_;
    thread_->post([w] { w->refreshStatus(); });
}

void DocumentPrinter::selfTest()
{
    PrintRequest request;
    request.ticket = nextTicket_++;
    request.title = QStringLiteral("kiosk self-test");
    request.selfTestPage = true;
    selfTestTickets_.insert(request.ticket);
    CupsPrintWorker *w = worker_;
    thread_->post([w, request] { w->submit(request); });
}

void DocumentPrinter::onStatusObserved(const DeviceStatus &status, const QString &makeAndModel,
                                       const kiosk::drivers::DeviceCapabilities &capabilities)
{
    makeAndModel_ = makeAndModel;
    if (!capabilities.isEmpty())
        queueCapabilities_ = capabilities;
    if (status != status_) {
        status_ = status;
        emit statusChanged(status_);
    }
}

void DocumentPrinter::onJobFinished(const PrintJobOutcome &outcome)
{
    emit jobFinished(outcome);
    if (selfTestTickets_.remove(outcome.ticket)) {
        SelfTestResult r;
        r.passed = outcome.result == PrintJobResult::Completed;
        r.summary =
            r.passed
                ? QStringLiteral("Self-test page printed on queue %1").arg(config_.queue)
                : QStringLiteral("Self-test page not printed (%1): %2").arg(toString(outcome.result), outcome.detail);
        r.details.insert(QStringLiteral("queue"), config_.queue);
        r.details.insert(QStringLiteral("job_id"), outcome.jobId);
        r.details.insert(QStringLiteral("result"), toString(outcome.result));
        emit selfTestFinished(r);
    }
}

} // namespace kiosk::drivers
