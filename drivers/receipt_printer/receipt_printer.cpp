// The receipt printer as a Device: the facade that makes queued calls to its worker (receipt_printer_worker.h).
#include "drivers/receipt_printer/receipt_printer.h"
#include "drivers/receipt_printer/receipt_printer_worker.h"

#include "common/worker_thread.h"

namespace kiosk::drivers::escpos {

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

ReceiptPrinter::ReceiptPrinter(TransportFactory factory, ReceiptPrinterConfig config, QObject *parent)
    : Device(parent), config_(std::move(config)), worker_(new ReceiptPrinterWorker(std::move(factory), config_))
{
    status_ = {DeviceState::NoDevice, QStringLiteral("receipt printer not opened"), QString()};
    connect(worker_, &ReceiptPrinterWorker::statusChanged, this, [this](const DeviceStatus &s) {
        status_ = s;
        emit statusChanged(s);
    });
    connect(worker_, &ReceiptPrinterWorker::selfTestFinished, this, &Device::selfTestFinished);
    connect(worker_, &ReceiptPrinterWorker::jobFinished, this, &ReceiptPrinter::jobFinished);
    thread_ = std::make_unique<common::WorkerThread>(worker_, QStringLiteral("receipt_printer"));
}

ReceiptPrinter::~ReceiptPrinter()
{
    disconnect(worker_, nullptr, this, nullptr);
    thread_->post([w = worker_]() { w->close(); });
    thread_->stop();
}

void ReceiptPrinter::open()
{
    thread_->post([w = worker_]() { w->open(); });
}

void ReceiptPrinter::close()
{
    thread_->post([w = worker_]() { w->close(); });
}

quint64 ReceiptPrinter::print(const QByteArray &escposJob)
{
    const quint64 id = nextJobId_.fetch_add(1);
    thread_->post([w = worker_, id, escposJob]() { w->enqueue(id, escposJob); });
    return id;
}

void ReceiptPrinter::selfTest()
{
    thread_->post([w = worker_]() { w->selfTest(); });
}

DeviceCapabilities ReceiptPrinter::capabilities() const
{
    return DeviceCapabilities()
        .setInteger(Capability::PaperWidth, 80)
        .setText(Capability::CommandSet, QStringLiteral("escpos"))
        .setText(Capability::StatusProtocol, QStringLiteral("dle_eot"))
        .setInteger(Capability::StatusInterval, config_.statusIntervalMs);
}

} // namespace kiosk::drivers::escpos
