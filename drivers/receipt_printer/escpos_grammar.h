// The ESC/POS command grammar as data: for every command the receipt renderer and the printer simulator know, how
// long it is (a fixed length or the rule that reads its length from its parameters) and what it does to the stream
// (prints, cuts, asks for status). The renderer (escpos_renderer.cpp) and the simulator's live stream splitter
// (drivers/simulators/escpos_stream_splitter.cpp) both measure commands here, so they split a stream identically.
#pragma once

#include <QtGlobal>

#include <cstdint>

namespace kiosk::drivers::escpos {

enum class LengthRule : std::uint8_t {
    Fixed,           // `length` bytes in all
    NulTerminated,   // parameters from byte `length` up to a NUL, at most `limit` bytes from the start (ESC D)
    Counted16,       // 5-byte head `p0 p1 fn pL pH`, then pL + 256 pH bytes (GS ( x, FS ( x)
    Counted32,       // 7-byte head `GS 8 fn p1..p4`, then a 32-bit little-endian length
    BitImage,        // ESC * m nL nH: columns x 1 byte (m 0, 1) or x 3 bytes (m 32, 33); other m: the head only
    UserCharacters,  // ESC & y c1 c2, then for each character c1..c2: x and y*x bytes
    DownloadedImage, // GS * x y, then x*y*8 bytes
    RasterImage,     // GS v 0 m xL xH yL yH, then (xL + 256 xH) * (yL + 256 yH) bytes
    Barcode,         // GS k m: m 0..6 data up to a NUL (at most `limit` bytes from the start); m >= 65: GS k m n d1..dn
    NvImages,        // FS q n, then n times xL xH yL yH and x*y*8 bytes
    CutMode,         // GS V m: 3 bytes for m 0, 1, '0', '1'; 4 (with a feed n) for m 65, 66, 97, 98, 103, 104
    RealTimeStatus,  // DLE EOT n: 3 bytes; 4 for n 7, 8, 18
    RealTimeRequest, // DLE DC4 fn: 5 bytes for fn 1, 2; 4 for fn 7; 10 for fn 8; 3 otherwise
};

enum class CommandRole : std::uint8_t {
    Drawn,       // the renderer interprets it (text modes, feeds, alignment, QR, cuts, status)
    Unsupported, // known and skipped by the renderer: not drawn (images, barcodes, code tables, panel switches...)
};

struct CommandSpec {
    std::uint8_t prefix; // ESC, GS, FS or DLE
    std::uint8_t code;   // the byte after it
    LengthRule rule;
    std::uint8_t length; // Fixed: the total length; NulTerminated: where the parameters start
    std::uint16_t limit; // NulTerminated / Barcode: the most bytes before the terminator is assumed
    CommandRole role;
    const char *name; // "ESC @", for tests and messages
};

inline constexpr std::uint8_t DLE = 0x10;
inline constexpr std::uint8_t ESC = 0x1B;
inline constexpr std::uint8_t FS = 0x1C;
inline constexpr std::uint8_t GS = 0x1D;

// The whole table, in prefix order.
const CommandSpec *commandTable(qsizetype *count);
// The entry for `prefix code`, or null: a command nobody knows, two bytes long.
const CommandSpec *findCommand(std::uint8_t prefix, std::uint8_t code);
bool isCommandPrefix(std::uint8_t byte);

enum class CommandEffect : std::uint8_t {
    None,        // print data or a mode change
    Cut,         // ESC i, ESC m, GS V with a cut mode
    StatusQuery, // DLE EOT n, n = 1..4: answered at once by the printer
};

struct CommandLength {
    bool complete = false; // false: `length` is only the fewest bytes needed to know more (the stream ended first)
    qint64 length = 0;     // the whole command; may exceed what is available (a long body still to come)
    CommandEffect effect = CommandEffect::None;
    std::uint8_t query = 0; // n of DLE EOT n
};

// Measures the command (or the one text / control byte) at `p`, of which `available` bytes are present. The
// character-definition loops (ESC &, FS q) give up after `lookahead` bytes and end the command there.
CommandLength measureCommand(const uchar *p, qsizetype available, qsizetype lookahead = 64 * 1024);

} // namespace kiosk::drivers::escpos
