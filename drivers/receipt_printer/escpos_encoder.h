// ESC/POS command builder for the 80 mm Chinese receipt printer: bytes out, no I/O (devices.md, "ESC/POS").
#pragma once

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <optional>

namespace kiosk::drivers::escpos {

// 80 mm paper at 203 dpi prints 576 dots per line. The standard font is 12x24 dots for ASCII and 24x24 for
// Chinese, so a normal-size line holds 48 ASCII or 24 Chinese characters.
inline constexpr int kPrintableDots = 576;
inline constexpr int kAsciiCellDots = 12;
inline constexpr int kChineseCellDots = 24;
inline constexpr int kCellHeightDots = 24;
inline constexpr int kColumnsNormal = kPrintableDots / kAsciiCellDots;
inline constexpr int kMaxSizeMultiplier = 8;
// GS ( k store: pL + 256 pH = payload + 3, and the printers we know cap the payload at 7089 bytes.
inline constexpr int kQrMaxStoreBytes = 7089;
inline constexpr int kQrMinModuleSize = 1;
inline constexpr int kQrMaxModuleSize = 16;

enum class Align : std::uint8_t { Left = 0, Centre = 1, Right = 2 };

// ESC/POS sends the level as 0x30 + L..H.
enum class QrErrorCorrection : std::uint8_t { L = 0x30, M = 0x31, Q = 0x32, H = 0x33 };
// The most bytes a model-2 symbol (version 40) holds in byte mode at `level`; larger payloads print nothing.
int qrByteCapacity(QrErrorCorrection level);

enum class CutMode : std::uint8_t { Full = 0x00, Partial = 0x01 };

// FS ! n: the print mode of Chinese (multi-byte) characters.
enum ChinesePrintModeFlag : std::uint8_t {
    ChineseNormal = 0x00,
    ChineseDoubleWidth = 0x04,
    ChineseDoubleHeight = 0x08,
    ChineseUnderline = 0x80,
};

// Printer columns a character takes at normal size. In Chinese mode the printer prints every character that
// GB18030 encodes in more than one byte from its 24x24 font, so "wide" is simply "not ASCII" — this matches
// the paper better than Unicode's East Asian Width table (e.g. "·" and "é" are full width on the printer).
inline int displayWidth(char32_t c)
{
    return c < 0x80 ? 1 : 2;
}
int displayWidth(const QString &text);

struct EncodeError {
    enum class Kind {
        ControlCharacter, // text holds a control, line/paragraph separator or invisible format character
        NotEncodable,     // text holds something GB18030 cannot encode (a lone surrogate)
        ChineseModeOff,   // non-ASCII text while Chinese mode is off would print as code-page garbage
        InvalidArgument,  // a size, module size or feed count outside what the command accepts
        QrPayloadEmpty,
        QrPayloadTooLarge, // more than the symbol holds at the chosen error-correction level
    };
    Kind kind = Kind::InvalidArgument;
    QString message; // names the call and the limit; never the text itself (it may be personal data)
};
QString toString(EncodeError::Kind kind); // stable machine name, e.g. "control_character"

// Builds one ESC/POS byte stream. Calls chain; a call whose arguments are invalid appends nothing and records
// an error (the first one is kept), so check ok() before sending bytes() to a printer.
//
// Text policy: text containing control characters (C0, DEL, C1), U+2028/U+2029 or invisible format characters
// (category Cf, e.g. bidi overrides, zero-width joiners) is REJECTED, not stripped. Such text comes from data
// (names, item titles); an ESC or GS byte in it would be executed by the printer, and silently dropping
// characters could change a number the citizen relies on. Callers that want to clean text first can use
// stripUnprintable(), which makes that choice visible at the call site.
class EscPosEncoder
{
public:
    EscPosEncoder &initialize();                         // ESC @: resets modes (Chinese mode is tracked as off)
    EscPosEncoder &chineseMode(bool on);                 // FS & / FS .
    EscPosEncoder &chinesePrintMode(std::uint8_t flags); // FS ! n, flags from ChinesePrintModeFlag
    EscPosEncoder &characterSize(int width, int height); // GS ! n, multipliers 1..8
    EscPosEncoder &bold(bool on);                        // ESC E n
    EscPosEncoder &align(Align alignment);               // ESC a n
    EscPosEncoder &text(const QString &text);            // GB18030; see the text policy above
    EscPosEncoder &lineFeed();                           // LF: print the buffer, advance one line
    EscPosEncoder &line(const QString &text);            // text() + lineFeed()
    EscPosEncoder &feedLines(int lines);                 // ESC d n, 0..255
    // A full-width line of `fill` (a rule): as many as fit at the current size, then LF.
    EscPosEncoder &horizontalRule(QChar fill = QLatin1Char('-'));
    // `left` flush left and `right` flush right on one line, padded with spaces by printed width. When both do
    // not fit with one space between, `left` gets its own line(s) and `right` follows flush right.
    EscPosEncoder &twoColumns(const QString &left, const QString &right);

    // QR code (GS ( k, cn = 0x31), one function per command so each can be checked against devices.md.
    EscPosEncoder &qrModel2();                                 // 1D 28 6B 04 00 31 41 32 00
    EscPosEncoder &qrModuleSize(int dots);                     // 1D 28 6B 03 00 31 43 n, 1..16
    EscPosEncoder &qrErrorCorrection(QrErrorCorrection level); // 1D 28 6B 03 00 31 45 n
    EscPosEncoder &qrStore(const QByteArray &payload);         // 1D 28 6B pL pH 31 50 30 data
    EscPosEncoder &qrPrint();                                  // 1D 28 6B 03 00 31 51 30
    // All five in order: model 2, module size, level, store, print.
    EscPosEncoder &qrCode(const QByteArray &payload, int moduleSize = 6,
                          QrErrorCorrection level = QrErrorCorrection::M);

    EscPosEncoder &cut(CutMode mode = CutMode::Full); // GS V 0 / GS V 1

    // Printed width of `text` in dots and the number of ASCII columns per line, at the current sizes.
    int widthInDots(const QString &text) const;
    int columns() const;

    const QByteArray &bytes() const { return bytes_; }
    bool ok() const { return !error_.has_value(); }
    const std::optional<EncodeError> &error() const { return error_; }

    // Removes everything text() would reject. For callers that prefer cleaning to failing.
    static QString stripUnprintable(const QString &text);
    // Why text() would reject `text`, or nullopt when it would not.
    static std::optional<EncodeError> checkText(const QString &text);

private:
    void fail(EncodeError::Kind kind, const QString &message);
    bool appendText(const QString &text);

    QByteArray bytes_;
    std::optional<EncodeError> error_;
    bool chineseMode_ = false;
    int asciiWidth_ = 1; // width multipliers as the printer will apply them
    int chineseWidth_ = 1;
    QrErrorCorrection qrLevel_ = QrErrorCorrection::L; // the printers' power-on level
};

} // namespace kiosk::drivers::escpos
