// Splits a live ESC/POS byte stream into print data, real-time status queries and cuts, as the simulated receipt
// printer receives it in arbitrary chunks; no I/O.
#pragma once

#include <QByteArray>
#include <QList>

#include <cstdint>

namespace kiosk::drivers::simulators {

struct EscPosToken {
    enum class Kind {
        PrintData,   // text and commands that go into the print buffer (consecutive ones are merged)
        StatusQuery, // DLE EOT n, n = 1..4: answered at once, even while the printer cannot print
        Cut,         // GS V / ESC i / ESC m: ends the receipt; `bytes` holds the cut command itself
    };
    Kind kind = Kind::PrintData;
    QByteArray bytes;
    std::uint8_t query = 0; // n of DLE EOT n

    bool operator==(const EscPosToken &o) const { return kind == o.kind && bytes == o.bytes && query == o.query; }
};

// Measures commands with the receipt renderer's own table (drivers/receipt_printer/escpos_grammar.h), so a DLE EOT or
// GS V byte sequence inside a QR payload, a bit image or GB18030 text is never taken for a command. Memory stays
// bounded: a command with a large declared body (raster images, GS 8 L) is passed through as print data while it
// arrives; only command heads whose length is not yet known are buffered.
class EscPosStreamSplitter
{
public:
    // Heads longer than this (pathological ESC & / FS q definitions) end where the bytes seen so far say they end.
    static constexpr qsizetype kMaxLookahead = 64 * 1024;

    QList<EscPosToken> feed(const QByteArray &chunk);
    // Bytes held back because the command they start is not complete enough to classify.
    qsizetype pendingBytes() const { return buffer_.size(); }
    // Forgets a partial command (a new connection starts clean).
    void reset();

private:
    QByteArray buffer_;
    qint64 skip_ = 0; // body bytes of a known-length command still to come
};

} // namespace kiosk::drivers::simulators
