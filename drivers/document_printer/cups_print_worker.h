// DocumentPrinter's worker: every libcups call happens here, on the printer's own thread (libcups keeps its default
// connection and server setting per thread), so a slow or absent cupsd never blocks the GUI.
#pragma once

#include <QDeadlineTimer>
#include <QList>
#include <QObject>
#include <QTimer>

#include "common/worker_thread.h"
#include "drivers/document_printer/cups_status.h"
#include "drivers/document_printer/document_printer.h"

class QIODevice;

namespace kiosk::drivers {

struct PrintRequest {
    quint64 ticket = 0;
    QByteArray data;  // the PDF, or empty when filePath is set
    QString filePath; // read on the worker thread
    QString title;
    PrintOptions options;
    bool selfTestPage = false; // render the self-test page here instead of using data/filePath
};

class CupsPrintWorker : public QObject
{
    Q_OBJECT
public:
    explicit CupsPrintWorker(const DocumentPrinterConfig &config);

    // All of these run on the worker's thread (common::WorkerThread::post).
    void start();
    void submit(const kiosk::drivers::PrintRequest &request);
    void cancel(quint64 ticket);
    void refreshStatus();

signals:
    void statusObserved(const kiosk::drivers::DeviceStatus &status, const QString &makeAndModel,
                        const kiosk::drivers::DeviceCapabilities &capabilities);
    void jobSubmitted(quint64 ticket, int jobId);
    void jobFinished(const kiosk::drivers::PrintJobOutcome &outcome);

private:
    struct ActiveJob {
        quint64 ticket = 0;
        int jobId = 0;
        QDeadlineTimer deadline;
    };

    cups::PrinterSnapshot queryPrinter();
    cups::PrinterSnapshot publishStatus();
    // Streams `source` to a new job; returns the job id, or 0 with `error` set.
    int sendJob(QIODevice &source, const PrintRequest &request, QString *error);
    void pollJobs();
    void finish(const ActiveJob &job, PrintJobResult result, const QString &detail, bool withdraw);

    DocumentPrinterConfig config_;
    QByteArray queue_; // UTF-8, as libcups wants it
    QTimer jobTimer_;
    QTimer statusTimer_;
    QList<ActiveJob> jobs_;
    QString makeAndModel_;
    DeviceCapabilities capabilities_;
};

} // namespace kiosk::drivers
