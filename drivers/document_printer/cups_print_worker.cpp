// libcups side of the document printer: IPP queries, streamed job submission and job follow-up (see the header).
#include "drivers/document_printer/cups_print_worker.h"

#include <QBuffer>
#include <QFile>
#include <QLoggingCategory>

#include <cups/cups.h>

#include "drivers/document_printer/pdf_render.h"

namespace kiosk::drivers {

Q_LOGGING_CATEGORY(lcCupsPrinter, "kiosk.drivers.document_printer")

namespace {

constexpr qint64 kChunk = 64 * 1024;

QByteArray printerUri(const QByteArray &queue)
{
    char uri[HTTP_MAX_URI];
    httpAssembleURIf(HTTP_URI_CODING_ALL, uri, sizeof uri, "ipp", nullptr, "localhost", ippPort(), "/printers/%s",
                     queue.constData());
    return QByteArray(uri);
}

QStringList stringsOf(ipp_attribute_t *attr)
{
    QStringList out;
    for (int i = 0; attr && i < ippGetCount(attr); ++i)
        out << QString::fromUtf8(ippGetString(attr, i, nullptr));
    return out;
}

QString lastCupsError()
{
    return QString::fromUtf8(cupsLastErrorString());
}

// Freed on scope exit, whichever way the function leaves.
struct IppResponse {
    ipp_t *ipp = nullptr;
    ~IppResponse() { ippDelete(ipp); }
};

} // namespace

CupsPrintWorker::CupsPrintWorker(const DocumentPrinterConfig &config)
    : config_(config), queue_(config.queue.toUtf8()), jobTimer_(this), statusTimer_(this)
{
    jobTimer_.setInterval(qMax(50, config_.jobPollIntervalMs));
    connect(&jobTimer_, &QTimer::timeout, this, &CupsPrintWorker::pollJobs);
    statusTimer_.setInterval(qMax(200, config_.statusPollIntervalMs));
    connect(&statusTimer_, &QTimer::timeout, this, [this] { publishStatus(); });
}

void CupsPrintWorker::start()
{
    // libcups keeps the server per thread: setting it here affects only this worker.
    if (!config_.server.isEmpty())
        cupsSetServer(config_.server.toUtf8().constData());
    publishStatus();
    if (config_.statusPollIntervalMs > 0)
        statusTimer_.start();
}

void CupsPrintWorker::refreshStatus()
{
    publishStatus();
}

cups::PrinterSnapshot CupsPrintWorker::queryPrinter()
{
    cups::PrinterSnapshot s;
    s.queue = config_.queue;
    if (queue_.isEmpty()) {
        s.exists = false;
        return s;
    }
    static const char *const wanted[] = {
        "printer-state",         "printer-state-reasons",     "printer-is-accepting-jobs",
        "printer-state-message", "printer-make-and-model",    "color-supported",
        "sides-supported",       "document-format-supported", "media-default",
    };
    ipp_t *request = ippNewRequest(IPP_OP_GET_PRINTER_ATTRIBUTES);
    const QByteArray uri = printerUri(queue_);
    ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", nullptr, uri.constData());
    ippAddStrings(request, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes",
                  int(sizeof wanted / sizeof *wanted), nullptr, wanted);
    IppResponse response{cupsDoRequest(CUPS_HTTP_DEFAULT, request, "/")}; // frees `request`
    const ipp_status_t status = cupsLastError();
    if (!response.ipp) {
        // No answer at all: cupsd is down or unreachable (a missing queue still gets an answer).
        s.serviceReachable = status != IPP_STATUS_ERROR_SERVICE_UNAVAILABLE && status != IPP_STATUS_ERROR_INTERNAL;
        if (s.serviceReachable)
            s.exists = status != IPP_STATUS_ERROR_NOT_FOUND;
        if (s.serviceReachable && s.exists) {
            s.state = cups::PrinterStopped;
            s.message = lastCupsError();
        }
        return s;
    }
    if (ippGetStatusCode(response.ipp) == IPP_STATUS_ERROR_NOT_FOUND || status == IPP_STATUS_ERROR_NOT_FOUND) {
        s.exists = false;
        return s;
    }
    if (ipp_attribute_t *a = ippFindAttribute(response.ipp, "printer-state", IPP_TAG_ENUM))
        s.state = ippGetInteger(a, 0);
    s.reasons = stringsOf(ippFindAttribute(response.ipp, "printer-state-reasons", IPP_TAG_KEYWORD));
    if (ipp_attribute_t *a = ippFindAttribute(response.ipp, "printer-is-accepting-jobs", IPP_TAG_BOOLEAN))
        s.acceptingJobs = ippGetBoolean(a, 0);
    if (ipp_attribute_t *a = ippFindAttribute(response.ipp, "printer-state-message", IPP_TAG_TEXT))
        s.message = QString::fromUtf8(ippGetString(a, 0, nullptr));
    if (ipp_attribute_t *a = ippFindAttribute(response.ipp, "printer-make-and-model", IPP_TAG_TEXT))
        makeAndModel_ = QString::fromUtf8(ippGetString(a, 0, nullptr));

    DeviceCapabilities caps;
    caps.setText(Capability::Queue, config_.queue);
    if (ipp_attribute_t *a = ippFindAttribute(response.ipp, "color-supported", IPP_TAG_BOOLEAN))
        caps.setFlag(Capability::Color, bool(ippGetBoolean(a, 0)));
    const QStringList sides = stringsOf(ippFindAttribute(response.ipp, "sides-supported", IPP_TAG_KEYWORD));
    caps.setFlag(Capability::Duplex, sides.contains(QStringLiteral("two-sided-long-edge")));
    caps.setList(Capability::DocumentFormats,
                 stringsOf(ippFindAttribute(response.ipp, "document-format-supported", IPP_TAG_MIMETYPE)));
    const QStringList media = stringsOf(ippFindAttribute(response.ipp, "media-default", IPP_TAG_ZERO));
    if (!media.isEmpty())
        caps.setText(Capability::MediaDefault, media.first());
    capabilities_ = caps;
    return s;
}

cups::PrinterSnapshot CupsPrintWorker::publishStatus()
{
    const cups::PrinterSnapshot snapshot = queryPrinter();
    emit statusObserved(cups::deviceStatusFor(snapshot), makeAndModel_, capabilities_);
    return snapshot;
}

int CupsPrintWorker::sendJob(QIODevice &source, const PrintRequest &request, QString *error)
{
    cups_option_t *options = nullptr;
    int count = 0;
    count =
        cupsAddOption("copies", QByteArray::number(qBound(1, request.options.copies, 99)).constData(), count, &options);
    count = cupsAddOption("sides", request.options.duplex ? "two-sided-long-edge" : "one-sided", count, &options);
    if (!request.options.media.isEmpty())
        count = cupsAddOption("media", request.options.media.toUtf8().constData(), count, &options);
    const QByteArray title = request.title.toUtf8();
    const int jobId = cupsCreateJob(CUPS_HTTP_DEFAULT, queue_.constData(), title.constData(), count, options);
    cupsFreeOptions(count, options);
    if (jobId <= 0) {
        *error = QStringLiteral("CUPS refused the job: %1").arg(lastCupsError());
        return 0;
    }

    bool ok = cupsStartDocument(CUPS_HTTP_DEFAULT, queue_.constData(), jobId, title.constData(), CUPS_FORMAT_PDF, 1) ==
              HTTP_STATUS_CONTINUE;
    QByteArray chunk;
    while (ok && !source.atEnd()) {
        chunk = source.read(kChunk);
        if (chunk.isEmpty() && !source.atEnd()) {
            *error = QStringLiteral("could not read the document: %1").arg(source.errorString());
            ok = false;
            break;
        }
        ok = cupsWriteRequestData(CUPS_HTTP_DEFAULT, chunk.constData(), size_t(chunk.size())) == HTTP_STATUS_CONTINUE;
    }
    // Finishing is needed even after a failure: it ends the HTTP request so the connection stays usable.
    const ipp_status_t finished = cupsFinishDocument(CUPS_HTTP_DEFAULT, queue_.constData());
    if (ok && finished > IPP_STATUS_OK_EVENTS_COMPLETE)
        ok = false;
    if (!ok) {
        if (error->isEmpty())
            *error = QStringLiteral("sending the document to CUPS failed: %1").arg(lastCupsError());
        cupsCancelJob2(CUPS_HTTP_DEFAULT, queue_.constData(), jobId, 0);
        return 0;
    }
    return jobId;
}

void CupsPrintWorker::submit(const PrintRequest &request)
{
    PrintJobOutcome failed;
    failed.ticket = request.ticket;
    failed.result = PrintJobResult::SubmitFailed;

    QByteArray rendered;
    std::unique_ptr<QIODevice> source;
    if (request.selfTestPage) {
        const PdfRenderResult page = renderSelfTestPage(config_.queue, QDateTime::currentDateTime());
        if (!page.ok()) {
            failed.detail = QStringLiteral("could not render the self-test page: %1").arg(page.error);
            emit jobFinished(failed);
            return;
        }
        rendered = page.pdf;
        source = std::make_unique<QBuffer>(&rendered);
    } else if (!request.filePath.isEmpty()) {
        source = std::make_unique<QFile>(request.filePath);
    } else {
        rendered = request.data;
        source = std::make_unique<QBuffer>(&rendered);
    }
    if (!source->open(QIODevice::ReadOnly)) {
        failed.detail = QStringLiteral("could not open the document: %1").arg(source->errorString());
        emit jobFinished(failed);
        return;
    }

    const cups::PrinterSnapshot before = publishStatus();
    if (!before.serviceReachable || !before.exists) {
        failed.detail = cups::deviceStatusFor(before).detail;
        emit jobFinished(failed);
        return;
    }

    QString error;
    const int jobId = sendJob(*source, request, &error);
    if (jobId == 0) {
        qCWarning(lcCupsPrinter) << "job for ticket" << request.ticket << "not submitted:" << error;
        failed.detail = error;
        emit jobFinished(failed);
        publishStatus();
        return;
    }
    qCInfo(lcCupsPrinter) << "ticket" << request.ticket << "is CUPS job" << jobId << "on" << config_.queue;
    emit jobSubmitted(request.ticket, jobId);
    jobs_.append({request.ticket, jobId, QDeadlineTimer(qMax(1, config_.jobTimeoutMs))});
    if (!jobTimer_.isActive())
        jobTimer_.start();
}

void CupsPrintWorker::cancel(quint64 ticket)
{
    for (const ActiveJob &job : std::as_const(jobs_)) {
        if (job.ticket == ticket) {
            if (cupsCancelJob2(CUPS_HTTP_DEFAULT, queue_.constData(), job.jobId, 0) > IPP_STATUS_OK_CONFLICTING)
                qCWarning(lcCupsPrinter) << "cancelling job" << job.jobId << "failed:" << lastCupsError();
            pollJobs(); // report it now rather than one poll interval later
            return;
        }
    }
}

void CupsPrintWorker::finish(const ActiveJob &job, PrintJobResult result, const QString &detail, bool withdraw)
{
    // A job that did not print now must not print later: the citizen has gone and the sheet may carry personal data.
    // Then, once its outcome is known here, the job is purged (cancelled if still there, and removed from cupsd's
    // history with its files): nothing of it stays in the spool. cupsd's own PreserveJobHistory (packaging/cups)
    // must outlast one poll, or the outcome could not be read; a kiosk killed meanwhile leaves that to cupsd.
    Q_UNUSED(withdraw); // purging withdraws too
    if (cupsCancelJob2(CUPS_HTTP_DEFAULT, queue_.constData(), job.jobId, 1) > IPP_STATUS_OK_CONFLICTING)
        qCInfo(lcCupsPrinter) << "purging job" << job.jobId << "failed:" << lastCupsError();
    PrintJobOutcome outcome;
    outcome.ticket = job.ticket;
    outcome.jobId = job.jobId;
    outcome.result = result;
    outcome.detail = detail;
    qCInfo(lcCupsPrinter) << "job" << job.jobId << "ended:" << toString(result) << detail;
    emit jobFinished(outcome);
}

void CupsPrintWorker::pollJobs()
{
    if (jobs_.isEmpty()) {
        jobTimer_.stop();
        return;
    }
    const cups::PrinterSnapshot printer = publishStatus();
    const bool printerStopped = printer.state == cups::PrinterStopped || !printer.exists || !printer.serviceReachable;
    const QString printerWhy = cups::deviceStatusFor(printer).detail;

    QList<ActiveJob> stillRunning;
    for (const ActiveJob &job : std::as_const(jobs_)) {
        static const char *const wanted[] = {"job-state", "job-state-reasons", "job-printer-state-message"};
        ipp_t *request = ippNewRequest(IPP_OP_GET_JOB_ATTRIBUTES);
        const QByteArray uri = printerUri(queue_);
        ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", nullptr, uri.constData());
        ippAddInteger(request, IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-id", job.jobId);
        ippAddStrings(request, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes",
                      int(sizeof wanted / sizeof *wanted), nullptr, wanted);
        IppResponse response{cupsDoRequest(CUPS_HTTP_DEFAULT, request, "/")};

        int state = 0;
        QStringList reasons;
        QString message;
        if (response.ipp) {
            if (ipp_attribute_t *a = ippFindAttribute(response.ipp, "job-state", IPP_TAG_ENUM))
                state = ippGetInteger(a, 0);
            reasons = stringsOf(ippFindAttribute(response.ipp, "job-state-reasons", IPP_TAG_KEYWORD));
            if (ipp_attribute_t *a = ippFindAttribute(response.ipp, "job-printer-state-message", IPP_TAG_TEXT))
                message = QString::fromUtf8(ippGetString(a, 0, nullptr));
        }

        if (response.ipp && state == 0) {
            // cupsd answers but no longer knows the job (history purged, or the queue was deleted).
            finish(job, PrintJobResult::Aborted, QStringLiteral("CUPS no longer knows the job"), false);
            continue;
        }
        const std::optional<PrintJobResult> result =
            state ? cups::finishedJobResult(state, reasons, printerStopped) : std::optional<PrintJobResult>{};
        if (result) {
            QString detail;
            bool withdraw = false;
            switch (*result) {
            case PrintJobResult::Completed: break;
            case PrintJobResult::Cancelled: detail = QStringLiteral("the job was cancelled"); break;
            case PrintJobResult::Aborted:
                detail = QStringLiteral("CUPS gave up on the job (%1)").arg(reasons.join(QLatin1Char(',')));
                if (!message.isEmpty())
                    detail += QStringLiteral(": ") + message;
                withdraw = state == cups::JobProcessingStopped;
                break;
            case PrintJobResult::StoppedPrinter:
                detail = printerWhy;
                withdraw = true;
                break;
            case PrintJobResult::TimedOut:
            case PrintJobResult::SubmitFailed: break;
            }
            finish(job, *result, detail, withdraw);
        } else if (job.deadline.hasExpired()) {
            QString detail = QStringLiteral("the job did not finish within %1 s").arg(config_.jobTimeoutMs / 1000.0);
            if (!message.isEmpty())
                detail += QStringLiteral(" (printer says: %1)").arg(message);
            finish(job, PrintJobResult::TimedOut, detail, true);
        } else {
            stillRunning.append(job);
        }
    }
    jobs_ = stillRunning;
    if (jobs_.isEmpty()) {
        jobTimer_.stop();
        publishStatus(); // the queue is idle again (or not): say so without waiting for the status timer
    }
}

} // namespace kiosk::drivers
