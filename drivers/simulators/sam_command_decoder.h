// Incremental decoder for host -> reader SAM_V frames, as the simulated ID-card reader receives them; no I/O.
#pragma once

#include <QByteArray>
#include <QList>

#include <cstdint>

namespace kiosk::drivers::simulators {

// One host command, or the reason a frame could not be taken as one. The reader answers every entry: a command
// with its reply, a BadChecksum frame with SW3 10, a BadLength frame with SW3 11.
struct SamCommandFrame {
    enum class Error {
        None,
        BadChecksum, // CHK is not the XOR of LEN..DATA
        BadLength,   // LEN below 3 (CMD PARA CHK) or above the decoder's cap
    };
    Error error = Error::None;
    std::uint8_t cmd = 0;
    std::uint8_t para = 0;
    QByteArray data; // bytes between PARA and CHK

    bool isOk() const { return error == Error::None; }
    std::uint16_t code() const { return std::uint16_t((cmd << 8) | para); }
};

// Host commands are short (the longest known carries one data byte); a larger LEN is line noise, not a frame.
inline constexpr int kMaxCommandLength = 64;

// Hunts for the preamble, skips and counts garbage, and buffers a partial frame until the rest arrives.
class SamCommandDecoder
{
public:
    QList<SamCommandFrame> feed(const QByteArray &chunk);
    // Drops a partial frame (the reader's inter-byte timeout) and returns how many bytes it held.
    qsizetype discardPartial();
    qsizetype pendingBytes() const { return buffer_.size(); }
    qint64 garbageBytes() const { return garbage_; }

private:
    QByteArray buffer_;
    qint64 garbage_ = 0;
};

} // namespace kiosk::drivers::simulators
