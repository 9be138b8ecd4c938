// The A4 document printer: a CUPS queue reached through libcups on the device's own thread; submits PDF jobs, follows
// them to their end and reports the queue's condition as a DeviceStatus.
#pragma once

#include <QByteArray>
#include <QSet>
#include <QString>
#include <QVariantMap>

#include <memory>

#include "common/worker_thread.h"
#include "drivers/device.h"
#include "drivers/document_printer/cups_status.h"

namespace kiosk::drivers {

class CupsPrintWorker;

struct DocumentPrinterConfig {
    QString queue;                   // CUPS queue name, e.g. "KIOSK_A4" (lpstat -p)
    QString server;                  // empty: libcups default (CUPS_SERVER, client.conf, then the local socket)
    int jobTimeoutMs = 120000;       // a job not finished by then is withdrawn and reported TimedOut
    int jobPollIntervalMs = 500;     // how often an unfinished job is asked for its state
    int statusPollIntervalMs = 5000; // how often the queue is checked while idle; 0: only on refreshStatus()
};

struct PrintOptions {
    int copies = 1;
    bool duplex = false; // two-sided, long edge
    QString media = QStringLiteral("A4");
};

struct PrintJobOutcome {
    quint64 ticket = 0; // what print*() returned: it names the request before CUPS has given it a job id
    int jobId = 0;      // the CUPS job id; 0 when the job never reached the queue
    PrintJobResult result = PrintJobResult::SubmitFailed;
    QString detail; // why, for staff and technicians; empty when completed
};

class DocumentPrinter : public Device
{
    Q_OBJECT
public:
    explicit DocumentPrinter(const DocumentPrinterConfig &config, QObject *parent = nullptr);
    ~DocumentPrinter() override;

    DeviceKind kind() const override { return DeviceKind::DocumentPrinter; }
    QString model() const override;
    QString port() const override;
    DeviceCapabilities capabilities() const override;
    DeviceStatus status() const override { return status_; }
    // Prints a self-test page (Chinese and Latin text, a ruler) and passes when CUPS reports the job completed.
    void selfTest() override;

    // Queue a PDF for printing; the answer comes as jobSubmitted and then jobFinished with the returned ticket.
    // `title` is the CUPS job name, visible in lpstat and the CUPS logs: never put personal data in it. The bytes go
    // straight from memory to cupsd; nothing is written to disk on our side.
    quint64 printPdf(const QByteArray &pdf, const QString &title, const PrintOptions &options = {});
    // As printPdf, reading the PDF from a file on the device's thread.
    quint64 printPdfFile(const QString &path, const QString &title, const PrintOptions &options = {});
    // Cancels the job of `ticket` if it has not finished; its jobFinished then says Cancelled.
    void cancel(quint64 ticket);
    // Asks the queue for its state now; statusChanged follows if it changed.
    void refreshStatus();

signals:
    void jobSubmitted(quint64 ticket, int jobId);
    void jobFinished(const kiosk::drivers::PrintJobOutcome &outcome);

private:
    void onStatusObserved(const kiosk::drivers::DeviceStatus &status, const QString &makeAndModel,
                          const kiosk::drivers::DeviceCapabilities &capabilities);
    void onJobFinished(const kiosk::drivers::PrintJobOutcome &outcome);

    DocumentPrinterConfig config_;
    DeviceStatus status_;
    QString makeAndModel_;
    DeviceCapabilities queueCapabilities_;
    quint64 nextTicket_ = 1;
    QSet<quint64> selfTestTickets_;
    CupsPrintWorker *worker_ = nullptr; // owned by thread_, lives on its thread
    std::unique_ptr<common::WorkerThread> thread_;
};

} // namespace kiosk::drivers

Q_DECLARE_METATYPE(kiosk::drivers::PrintJobOutcome)
