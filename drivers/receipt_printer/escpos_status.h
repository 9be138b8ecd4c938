// ESC/POS real-time status: the DLE EOT query bytes and the parser of the one-byte replies (devices.md, "ESC/POS").
#pragma once

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <optional>

namespace kiosk::drivers::escpos {

// DLE EOT n: which status byte to send back.
enum class StatusQuery : std::uint8_t {
    Printer = 1,      // bit3 offline
    OfflineCause = 2, // bit2 cover open, bit5 stopped at paper end, bit6 error
    ErrorCause = 3,   // bit2 recoverable, bit3 cutter, bit5 unrecoverable, bit6 auto-recoverable error
    RollPaper = 4,    // bits 2-3 (0x0C) paper near end, bits 5-6 (0x60) paper end
};

QByteArray statusQuery(StatusQuery query); // 10 04 n
QString toString(StatusQuery query);       // stable machine name, e.g. "roll_paper"

// Every status reply has bit1 and bit4 set and bit0 and bit7 clear; anything else is not a status byte
// (line noise, or a byte of some other reply) and must not be believed.
inline constexpr std::uint8_t kStatusFixedMask = 0x93;
inline constexpr std::uint8_t kStatusFixedValue = 0x12;

enum class PrinterPaperState { Ok, NearEnd, Out };
QString toString(PrinterPaperState state); // "ok", "near_end", "out"

// What one reply says. A query answers only some questions; the others stay unset.
struct StatusReply {
    std::optional<bool> offline;
    std::optional<bool> coverOpen;
    std::optional<bool> error;
    std::optional<PrinterPaperState> paper;
};

struct StatusParseResult {
    enum class Error { None, WrongLength, InvalidFixedBits };
    Error error = Error::None;
    QString message; // empty when ok
    StatusReply reply;

    bool ok() const { return error == Error::None; }
};

// Parses the reply to `query`. Near-end and paper-end each have two sensor bits; printers with one sensor set
// only one of them, so either bit counts.
StatusParseResult parseStatusReply(StatusQuery query, std::uint8_t reply);
// As above for the bytes read from the transport; exactly one byte is expected.
StatusParseResult parseStatusReply(StatusQuery query, const QByteArray &reply);

// The printer's condition, built up from the replies to several queries.
struct PrinterStatus {
    PrinterPaperState paper = PrinterPaperState::Ok;
    bool coverOpen = false;
    bool error = false;
    bool offline = false;

    // Takes over what `reply` answers and keeps the rest. The offline-cause reply only ever says "out" (its
    // paper-end bit); the roll-paper reply says ok / near end / out and is the one that clears "out" again.
    void apply(const StatusReply &reply);
    bool canPrint() const { return paper != PrinterPaperState::Out && !coverOpen && !error && !offline; }
    bool operator==(const PrinterStatus &o) const
    {
        return paper == o.paper && coverOpen == o.coverOpen && error == o.error && offline == o.offline;
    }
    bool operator!=(const PrinterStatus &o) const { return !(*this == o); }
};

} // namespace kiosk::drivers::escpos
