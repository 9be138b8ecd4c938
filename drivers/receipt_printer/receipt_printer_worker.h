// The receipt printer's worker: the job queue, chunked sending and DLE EOT status rounds on the printer's own thread.
#pragma once

#include <QLoggingCategory>
#include <QQueue>
#include <QTimer>
#include <optional>

#include "drivers/device_worker.h"
#include "drivers/receipt_printer/escpos_status.h"
#include "drivers/receipt_printer/receipt_printer.h"
#include "drivers/transport/reconnecting_transport.h"

namespace kiosk::drivers::escpos {

Q_DECLARE_LOGGING_CATEGORY(lcReceiptPrinter)

class ReceiptPrinterWorker : public DeviceWorker
{
    Q_OBJECT
public:
    ReceiptPrinterWorker(TransportFactory factory, ReceiptPrinterConfig config);
    void open();
    void close();
    void enqueue(quint64 id, const QByteArray &bytes);
    void selfTest();

signals:
    void jobFinished(quint64 jobId, kiosk::drivers::escpos::PrintResult result);

private:
    enum class Purpose { Poll, PreJob, PostJob, SelfTest };
    enum class Outcome { Answered, NoAnswer, Invalid };

    struct Job {
        quint64 id;
        QByteArray bytes;
    };

    // ---- link

    void onOpened();
    void onLost(const TransportError &error);
    void stopActivity();

    // ---- scheduling: one thing at a time (a status round or a job)

    void kick();
    void onPollTimer();

    // ---- status rounds: DLE EOT 1, 2, 4, one byte each

    void startRound(Purpose purpose);
    void sendQuery();
    void onBytes(const QByteArray &bytes);
    void roundDone(Outcome outcome, const QString &why);

    // ---- jobs

    void sendNextChunk();
    void finishJob(PrintResult result);
    void failAll(PrintResult result);
    static PrintResult resultFor(Outcome outcome, const PrinterStatus &s);
    static DeviceStatus deviceStatusFor(Outcome outcome, const PrinterStatus &s);

    ReceiptPrinterConfig config_;
    ReconnectingTransport *link_;           // child
    QTimer *queryTimer_ = new QTimer(this); // children (not plain members): moveToThread takes them along
    QTimer *pollTimer_ = new QTimer(this);
    QTimer *chunkTimer_ = new QTimer(this);
    QTimer *settleTimer_ = new QTimer(this);
    QQueue<Job> queue_;
    std::optional<Job> current_;
    qsizetype sent_ = 0;
    bool roundActive_ = false;
    bool awaitingReply_ = false;
    Purpose purpose_ = Purpose::Poll;
    int queryIndex_ = 0;
    PrinterStatus roundStatus_;
    bool everOpened_ = false;
    bool selfTestPending_ = false;
};

} // namespace kiosk::drivers::escpos
