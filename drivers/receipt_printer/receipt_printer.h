// The 80 mm ESC/POS receipt printer as a Device: prints queued jobs over a Transport on its own thread and
// watches paper and cover through DLE EOT, so a receipt is only ever reported printed when the printer says so.
#pragma once

#include <QByteArray>
#include <QMetaType>

#include <atomic>
#include <memory>

#include "common/worker_thread.h"
#include "drivers/device.h"
#include "drivers/transport/transport.h"

namespace kiosk::drivers::escpos {

class ReceiptPrinterWorker;

struct ReceiptPrinterConfig {
    QString port; // for status details
    QString model = QStringLiteral("ESC/POS receipt printer");
    int statusIntervalMs = 5000; // DLE EOT 1, 2, 4 this often while idle
    int statusTimeoutMs = 500;   // per DLE EOT reply (printers answer within a few ms)
    int chunkSize = 1024;        // a job goes out in pieces of this size
    int chunkIntervalMs = 0;     // pause between pieces, for printers with a small receive buffer
    // Wait after the last piece before the closing status check, so that paper running out on the last lines is
    // seen. DLE EOT is answered at once, ahead of the print buffer; a long receipt on a slow printer needs more.
    int settleMs = 300;
    int reopenIntervalMs = 2000;
};

enum class PrintResult {
    Printed,      // sent, and the printer reported no problem afterwards
    PaperOut,     // out of paper before or during the job: NOT printed (or only partly)
    CoverOpen,    // cover open before or during the job
    PrinterError, // the printer reports an error (cutter, head, ...) or answers with something that is not a status
    Offline,      // the printer did not answer its status queries: whether the job printed is unknown
    Disconnected, // no printer on the port, or unplugged during the job
    Cancelled,    // the printer was closed with the job still queued
    EmptyJob,     // nothing to print
};
QString toString(PrintResult result); // stable machine name, e.g. "paper_out"

// Usage: make it with the factory for its port, call open(), then print(job) with bytes from EscPosEncoder and
// wait for jobFinished(id, result). Jobs run one after another in the order given.
class ReceiptPrinter : public Device
{
    Q_OBJECT
public:
    ReceiptPrinter(TransportFactory factory, ReceiptPrinterConfig config, QObject *parent = nullptr);
    ~ReceiptPrinter() override;

    void open();
    void close(); // queued jobs finish as Cancelled

    // Queues `escposJob` (any thread); returns its id, which jobFinished carries.
    quint64 print(const QByteArray &escposJob);

    DeviceKind kind() const override { return DeviceKind::ReceiptPrinter; }
    QString model() const override { return config_.model; }
    QString port() const override { return config_.port; }
    DeviceCapabilities capabilities() const override;
    DeviceStatus status() const override { return status_; }
    // DLE EOT 1, 2 and 4 (after the job under way, if any).
    void selfTest() override;

signals:
    void jobFinished(quint64 jobId, kiosk::drivers::escpos::PrintResult result);

private:
    ReceiptPrinterConfig config_;
    DeviceStatus status_;
    ReceiptPrinterWorker *worker_;
    std::unique_ptr<common::WorkerThread> thread_;
    std::atomic<quint64> nextJobId_{1};
};

} // namespace kiosk::drivers::escpos

Q_DECLARE_METATYPE(kiosk::drivers::escpos::PrintResult)
