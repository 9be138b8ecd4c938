// Decodes an ESC/POS byte stream the way the receipt printer would and draws it as receipt images (the printer
// simulator's and `kioskctl escpos render`'s decoder).
#pragma once

#include <QByteArray>
#include <QImage>
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>

#include "drivers/receipt_printer/escpos_status.h"

namespace kiosk::drivers::escpos {

class GlyphRasterizer;

struct RenderIssue {
    enum class Kind {
        UnknownCommand,         // an ESC/GS/FS/DLE sequence or control byte this decoder does not know; skipped
        UnsupportedCommand,     // known and skipped, but not drawn (bit images, barcodes, code tables...)
        TruncatedCommand,       // the stream ends inside a command, or a declared length runs past the end
        InvalidParameter,       // a parameter outside what the command accepts; the command is ignored
        InvalidText,            // bytes that are not GB18030; drawn as U+FFFD
        TextOutsideChineseMode, // a byte >= 0x80 while Chinese mode is off; drawn as '?'
        QrWithoutData,          // QR print before any QR store
        QrTooLarge,             // QR store beyond the 7089-byte limit
        QrEncodeFailed,         // the payload does not fit a QR symbol at the chosen level
        QrTooWide,              // the symbol at the chosen module size is wider than the paper; not printed
        DiscardedBuffer,        // characters never printed: no LF before ESC @ or the end of the stream
        EmptyCut,               // a cut with nothing printed or fed since the previous one; no page
        UncutTail,              // printing after the last cut: a page the citizen would have to tear off
        PageHeightCapped,       // a page reached the height cap; the rest of it is dropped
        OutputLimitReached,     // the page count or total height cap; later pages are dropped
        FontUnavailable,        // the font was not found or another family stands in; text drawn as boxes or in it
        TooManyIssues,          // the issue list is capped; this one says how many were left out
    };
    enum class Severity { Warning, Error };

    Kind kind = Kind::UnknownCommand;
    Severity severity = Severity::Warning;
    qsizetype offset = -1; // byte offset in the stream, -1 when not tied to one
    QString message;       // names commands and bytes, never decoded text (it may be personal data)
};
QString toString(RenderIssue::Kind kind); // stable machine name, e.g. "truncated_command"

struct RenderOptions {
    bool drawImages = true;           // false: text, QR payloads and issues only (no fonts touched)
    bool chineseModeAtPowerOn = true; // the memory-switch default of the Chinese-market printers we target
    int lineSpacingDots = 30;         // ESC 2 default: 24-dot characters plus 6 dots of leading
    int maxPageHeight = 20000;        // dots; bounds memory for a stream that never cuts
    int maxTotalHeight = 100000;      // dots over all pages of one stream
    int maxPages = 32;
    int maxIssues = 256;
    // The printer's 12x24 / 24x24 font is monospaced; the Mono face of Noto Sans CJK SC has exactly that
    // geometry (Latin advance = half an em), so widths on the image match widths on paper.
    QString fontFamily = QStringLiteral("Noto Sans Mono CJK SC");
};

struct ReceiptPage {
    QImage image;                 // kPrintableDots wide, white paper, black print; null without drawImages
    int height = 0;               // dots, including the top and bottom margins
    QStringList text;             // one entry per printed line (a wrapped line gives several), Unicode
    QList<QByteArray> qrPayloads; // QR symbols printed on this page, in order
    bool cut = false;             // ended by a cut; false for printing after the last cut
};

struct RenderResult {
    QList<ReceiptPage> pages;
    QList<RenderIssue> issues;
    QList<StatusQuery> statusQueries; // DLE EOT queries seen, in order

    QList<QImage> images() const;
    QStringList text() const; // all pages' lines
    QList<QByteArray> qrPayloads() const;
    bool hasErrors() const;
};

class EscPosRenderer
{
public:
    explicit EscPosRenderer(RenderOptions options = {});
    ~EscPosRenderer();
    EscPosRenderer(const EscPosRenderer &) = delete;
    EscPosRenderer &operator=(const EscPosRenderer &) = delete;

    // Never throws or crashes on any input; time is linear in the input and memory bounded by the options.
    RenderResult render(const QByteArray &stream);
    // One image per receipt (pages end at each cut).
    QList<QImage> renderPages(const QByteArray &stream) { return render(stream).images(); }

private:
    RenderOptions options_;
    std::unique_ptr<GlyphRasterizer> glyphs_; // created on the first render that draws
};

} // namespace kiosk::drivers::escpos
