// The simulated receipt printer's behaviour: answers DLE EOT from its paper and cover state, collects print data
// into receipts (one per cut), renders them to PNG and stops taking data while it cannot print; no I/O.
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <cstdint>

#include "drivers/receipt_printer/escpos_renderer.h"
#include "drivers/receipt_printer/escpos_status.h"
#include "drivers/simulators/escpos_stream_splitter.h"

namespace kiosk::drivers::simulators {

struct SimulatedReceipt {
    int number = 0;               // 1, 2, ... in print order
    QString png;                  // DIR/receipts/receipt-<n>.png; empty when images are off or the write failed
    QStringList text;             // printed lines, Unicode
    QList<QByteArray> qrPayloads; // QR symbols printed on it
    bool cut = true;              // false: the printer stopped (paper out, cover open) before the cut
    QStringList issues;           // renderer problems of error severity, by machine name ("truncated_command")
};

struct PrinterCounters {
    qint64 bytesReceived = 0;
    qint64 bytesDropped = 0; // print data that arrived while the printer could not print, or past the job cap
    qint64 statusQueries = 0;
    qint64 cuts = 0;
    qint64 emptyCuts = 0; // cuts with nothing printed since the previous one
};

class ReceiptPrinterModel
{
public:
    // One receipt's bytes are capped so that a stream that never cuts cannot grow without bound.
    static constexpr qsizetype kMaxJobBytes = 4 * 1024 * 1024;

    // `receiptsDir` receives the PNGs; `drawImages` false keeps text and QR payloads only (no fonts, no files).
    explicit ReceiptPrinterModel(const QString &receiptsDir, bool drawImages = true);

    // Takes bytes from the host; returns the real-time replies (DLE EOT status bytes) to send back at once.
    // Finished receipts wait for renderPending(), so the replies need not wait for the rendering.
    QByteArray receive(const QByteArray &bytes);
    // Renders every finished job; returns how many receipts that produced.
    int renderPending();

    void setPaper(kiosk::drivers::escpos::PrinterPaperState paper);
    kiosk::drivers::escpos::PrinterPaperState paper() const { return paper_; }
    void setCoverOpen(bool open);
    bool coverOpen() const { return coverOpen_; }
    // Paper out or cover open: the mechanism stops and print data is no longer taken.
    bool isStopped() const;

    // The reply to DLE EOT n (n = 1..4): fixed bits 0x12 plus the bits of the current state (devices.md).
    std::uint8_t statusByte(std::uint8_t n) const;

    // Every receipt so far (renders pending jobs first).
    QList<SimulatedReceipt> receipts();
    const PrinterCounters &counters() const { return counters_; }
    qsizetype pendingJobBytes() const { return job_.size(); }

    // The host closed the port or the printer was unplugged: a half-received command is forgotten.
    void resetConnection();

private:
    void finishJob();

    QString dir_;
    kiosk::drivers::escpos::EscPosRenderer renderer_;
    bool drawImages_;
    EscPosStreamSplitter splitter_;
    kiosk::drivers::escpos::PrinterPaperState paper_ = kiosk::drivers::escpos::PrinterPaperState::Ok;
    bool coverOpen_ = false;
    QByteArray job_;             // print data since the last cut
    QList<QByteArray> finished_; // jobs waiting to be rendered
    QList<SimulatedReceipt> receipts_;
    PrinterCounters counters_;
};

} // namespace kiosk::drivers::simulators
