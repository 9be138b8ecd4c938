// Interprets ESC/POS like an 80 mm Chinese receipt printer: lays out lines, QR symbols and cuts, then draws pages.
#include "drivers/receipt_printer/escpos_renderer.h"

#include <QLoggingCategory>
#include <QPainter>
#include <QStringDecoder>

#include <qrencode.h>

#include <algorithm>
#include <utility>

#include "drivers/receipt_printer/escpos_encoder.h"
#include "drivers/receipt_printer/escpos_grammar.h"
#include "drivers/receipt_printer/glyph_rasterizer.h"

Q_LOGGING_CATEGORY(lcEscPosRenderer, "kiosk.drivers.escpos.renderer")

namespace kiosk::drivers::escpos {

namespace {

// Blank paper drawn above the first and below the last line of each page, so print never touches the image edge.
constexpr int kTopMarginDots = 16;
constexpr int kCutMarginDots = 24; // ends with the cut mark, on the page's last two rows
constexpr int kTabStopColumns = 8; // HT stops every 8 ASCII columns (the ESC/POS default)

using Kind = RenderIssue::Kind;
using Severity = RenderIssue::Severity;

struct PlacedGlyph {
    char32_t c = 0;
    int x = 0; // from the start of the line; alignment is applied when the line is printed
    int cellWidth = 0;
    int cellHeight = 0;
    int emWidth = 0;
    int emHeight = 0;
    bool bold = false;
    bool underline = false;
};

struct PrintedLine {
    int y = 0;      // top of the line on the page
    int height = 0; // tallest cell; cells sit on the line's bottom, as on the printer
    int offset = 0; // alignment shift
    QList<PlacedGlyph> glyphs;
};

struct PrintedQr {
    int x = 0;
    int y = 0;
    int module = 0;
    int modules = 0;
    QByteArray dark; // modules x modules, 1 = dark
};

struct PageModel {
    int y = kTopMarginDots;
    bool capped = false;
    bool touched = false; // anything printed or fed since the last cut
    QList<PrintedLine> lines;
    QList<PrintedQr> qrs;
    QStringList text;
    QList<QByteArray> qrPayloads;
};

struct Modes {
    bool chinese = true;
    int asciiWidth = 1, asciiHeight = 1, chineseWidth = 1, chineseHeight = 1;
    bool bold = false;
    bool asciiUnderline = false, chineseUnderline = false;
    Align align = Align::Left;
    int lineSpacing = 30;
    int qrModule = 3;
    QrErrorCorrection qrLevel = QrErrorCorrection::L;
    QByteArray qrData;
    bool qrStored = false;
};

QString hexByte(std::uint8_t b)
{
    return QStringLiteral("%1").arg(b, 2, 16, QLatin1Char('0')).toUpper();
}

class Interpreter
{
public:
    Interpreter(const QByteArray &in, const RenderOptions &options, GlyphRasterizer *glyphs, RenderResult &result)
        : in_(in), options_(options), glyphs_(glyphs), result_(result), decoder_("GB18030")
    {
        reset();
    }

    void run();

private:
    // Input access: every read is bounds-checked through need().
    std::uint8_t at(qsizetype i) const { return std::uint8_t(in_.at(i)); }
    qsizetype left() const { return in_.size() - pos_; }
    bool need(qsizetype n, const QString &name);
    void skip(qsizetype n, const QString &name, Kind kind);
    void skipCommand(const QString &name);

    void issue(Kind kind, Severity severity, qsizetype offset, const QString &message);
    void reset();

    void escape();
    void groupSeparator();
    void fileSeparator();
    void dataLinkEscape();
    void qrFunction(qsizetype start, qsizetype length);
    void text();

    void addGlyph(char32_t c, bool wide, const QString &asText);
    void printLine(int minimumAdvance = 0);
    void feed(int dots);
    void printQr();
    void cut(const QString &how, int feedDots);
    void endPage(bool cut);
    void drawPage(PageModel &page, ReceiptPage &out, bool cut);

    const QByteArray &in_;
    const RenderOptions &options_;
    GlyphRasterizer *glyphs_;
    RenderResult &result_;
    QStringDecoder decoder_;

    qsizetype pos_ = 0;
    Modes modes_;
    PageModel page_;
    QList<PlacedGlyph> pending_;
    QString pendingText_;
    int pendingX_ = 0;
    Align pendingAlign_ = Align::Left;
    bool warnedHighBytes_ = false;
    int totalHeight_ = 0;
    bool outputFull_ = false;
    int suppressedIssues_ = 0;
};

void Interpreter::issue(Kind kind, Severity severity, qsizetype offset, const QString &message)
{
    if (result_.issues.size() >= options_.maxIssues) {
        ++suppressedIssues_;
        return;
    }
    result_.issues.append(RenderIssue{kind, severity, offset, message});
}

bool Interpreter::need(qsizetype n, const QString &name)
{
    if (left() >= n)
        return true;
    issue(Kind::TruncatedCommand, Severity::Error, pos_,
          QStringLiteral("%1 needs %2 bytes, the stream ends after %3").arg(name).arg(n).arg(left()));
    pos_ = in_.size();
    return false;
}

void Interpreter::skip(qsizetype n, const QString &name, Kind kind)
{
    if (!need(n, name))
        return;
    issue(kind, Severity::Warning, pos_,
          kind == Kind::UnknownCommand ? QStringLiteral("unknown command %1 skipped").arg(name)
                                       : QStringLiteral("%1 is not drawn by this renderer; skipped").arg(name));
    pos_ += n;
}

// A command the renderer does not draw: its length from the grammar table, or two bytes when nobody knows it.
void Interpreter::skipCommand(const QString &name)
{
    const CommandSpec *spec = findCommand(at(pos_), at(pos_ + 1));
    if (!spec) {
        skip(2, name, Kind::UnknownCommand);
        return;
    }
    const CommandLength m = measureCommand(reinterpret_cast<const uchar *>(in_.constData()) + pos_, left());
    qsizetype length = qsizetype(m.length);
    // A NUL-terminated list that has not met its NUL by the end of the stream is skipped with the rest of it.
    const bool nulList = spec->rule == LengthRule::NulTerminated ||
                         (spec->rule == LengthRule::Barcode && left() >= 3 && at(pos_ + 2) <= 6);
    if (!m.complete && nulList)
        length = left();
    skip(length, name, Kind::UnsupportedCommand);
}

void Interpreter::reset()
{
    // ESC @ and power-on: every mode back to default, the stored QR symbol included.
    modes_ = Modes{};
    modes_.chinese = options_.chineseModeAtPowerOn;
    modes_.lineSpacing = options_.lineSpacingDots;
}

void Interpreter::run()
{
    while (pos_ < in_.size()) {
        const std::uint8_t b = at(pos_);
        switch (b) {
        case '\n':
            printLine();
            ++pos_;
            break;
        case '\r': // ignored: the printers run with auto line feed off
        case 0x00: // padding some drivers send
            ++pos_;
            break;
        case '\t': {
            const int stop = kTabStopColumns * kAsciiCellDots * modes_.asciiWidth;
            const int next = (pendingX_ / stop + 1) * stop;
            if (next <= kPrintableDots) {
                if (pending_.isEmpty())
                    pendingAlign_ = modes_.align;
                pendingX_ = next;
                pendingText_ += QLatin1Char('\t');
            }
            ++pos_;
            break;
        }
        case ESC: escape(); break;
        case GS: groupSeparator(); break;
        case FS: fileSeparator(); break;
        case DLE: dataLinkEscape(); break;
        default:
            if (b < 0x20 || b == 0x7F) {
                issue(Kind::UnknownCommand, Severity::Warning, pos_,
                      QStringLiteral("control byte %1 ignored").arg(hexByte(b)));
                ++pos_;
            } else {
                text();
            }
        }
    }
    if (!pending_.isEmpty() || !pendingText_.isEmpty()) {
        issue(Kind::DiscardedBuffer, Severity::Warning, in_.size(),
              QStringLiteral("%1 characters at the end were never printed (no LF)").arg(pendingText_.size()));
        pending_.clear();
        pendingText_.clear();
    }
    if (page_.touched) {
        issue(Kind::UncutTail, Severity::Warning, in_.size(), QStringLiteral("printing after the last cut"));
        endPage(false);
    }
    if (suppressedIssues_ > 0) {
        result_.issues.append(RenderIssue{Kind::TooManyIssues, Severity::Warning, -1,
                                          QStringLiteral("%1 more issues not listed").arg(suppressedIssues_)});
    }
}

void Interpreter::text()
{
    const qsizetype start = pos_;
    const std::uint8_t b = at(pos_);
    if (b < 0x80) {
        addGlyph(b, false, QString(QChar(b)));
        ++pos_;
        return;
    }
    if (!modes_.chinese) {
        if (!warnedHighBytes_) {
            issue(Kind::TextOutsideChineseMode, Severity::Warning, start,
                  QStringLiteral("byte %1 while Chinese mode is off; printed as '?'").arg(hexByte(b)));
            warnedHighBytes_ = true;
        }
        addGlyph(U'?', false, QStringLiteral("?"));
        ++pos_;
        return;
    }
    // GB18030: lead 81..FE, then 40..7E / 80..FE (two bytes) or 30..39 81..FE 30..39 (four bytes).
    qsizetype length = 1;
    if (b >= 0x81 && b <= 0xFE && left() >= 2) {
        const std::uint8_t b2 = at(pos_ + 1);
        if ((b2 >= 0x40 && b2 <= 0x7E) || (b2 >= 0x80 && b2 <= 0xFE))
            length = 2;
        else if (b2 >= 0x30 && b2 <= 0x39 && left() >= 4 && at(pos_ + 2) >= 0x81 && at(pos_ + 2) <= 0xFE &&
                 at(pos_ + 3) >= 0x30 && at(pos_ + 3) <= 0x39)
            length = 4;
    }
    QString decoded;
    if (length > 1) {
        decoded = decoder_.decode(QByteArrayView(in_.constData() + pos_, length));
        if (decoder_.hasError()) {
            decoder_.resetState();
            decoded.clear();
        }
    }
    const QList<uint> ucs4 = decoded.toUcs4();
    if (ucs4.size() != 1 || ucs4.first() == 0xFFFD) {
        issue(Kind::InvalidText, Severity::Warning, start,
              QStringLiteral("byte %1 does not start a GB18030 character").arg(hexByte(b)));
        addGlyph(U'\uFFFD', true, QString(QChar(0xFFFD)));
        pos_ += 1; // resynchronise on the next byte: it may start a command
        return;
    }
    addGlyph(char32_t(ucs4.first()), true, decoded);
    pos_ += length;
}

void Interpreter::addGlyph(char32_t c, bool wide, const QString &asText)
{
    PlacedGlyph g;
    g.c = c;
    const int widthMul = wide ? modes_.chineseWidth : modes_.asciiWidth;
    const int heightMul = wide ? modes_.chineseHeight : modes_.asciiHeight;
    g.cellWidth = (wide ? kChineseCellDots : kAsciiCellDots) * widthMul;
    g.cellHeight = kCellHeightDots * heightMul;
    g.emWidth = kChineseCellDots * widthMul;
    g.emHeight = kCellHeightDots * heightMul;
    g.bold = modes_.bold;
    g.underline = wide ? modes_.chineseUnderline : modes_.asciiUnderline;
    if (pendingX_ + g.cellWidth > kPrintableDots && pendingX_ > 0)
        printLine(); // the printer wraps a full line by itself
    if (pending_.isEmpty() && pendingText_.isEmpty())
        pendingAlign_ = modes_.align;
    g.x = pendingX_;
    pendingX_ += g.cellWidth;
    pending_.append(g);
    pendingText_ += asText;
}

void Interpreter::printLine(int minimumAdvance)
{
    int height = 0;
    for (const PlacedGlyph &g : std::as_const(pending_))
        height = std::max(height, g.cellHeight);
    const int advance = std::max({height, modes_.lineSpacing, minimumAdvance});
    page_.touched = true;
    if (!page_.capped && page_.y + advance > options_.maxPageHeight) {
        page_.capped = true;
        issue(Kind::PageHeightCapped, Severity::Warning, pos_,
              QStringLiteral("page reached %1 dots; the rest of it is dropped").arg(options_.maxPageHeight));
    }
    if (!page_.capped) {
        PrintedLine line;
        line.y = page_.y;
        line.height = std::max(height, kCellHeightDots);
        const int width = pendingX_;
        line.offset = pendingAlign_ == Align::Centre  ? (kPrintableDots - width) / 2
                      : pendingAlign_ == Align::Right ? kPrintableDots - width
                                                      : 0;
        line.offset = std::max(0, line.offset);
        line.glyphs = std::move(pending_);
        if (!line.glyphs.isEmpty())
            page_.lines.append(std::move(line));
        page_.text.append(pendingText_);
        page_.y += advance;
    }
    pending_.clear();
    pendingText_.clear();
    pendingX_ = 0;
}

void Interpreter::feed(int dots)
{
    if (dots <= 0)
        return;
    page_.touched = true;
    if (page_.capped)
        return;
    if (page_.y + dots > options_.maxPageHeight) {
        page_.capped = true;
        issue(Kind::PageHeightCapped, Severity::Warning, pos_,
              QStringLiteral("page reached %1 dots; the rest of it is dropped").arg(options_.maxPageHeight));
        page_.y = options_.maxPageHeight;
        return;
    }
    page_.y += dots;
}

void Interpreter::escape()
{
    if (!need(2, QStringLiteral("ESC")))
        return;
    const std::uint8_t c = at(pos_ + 1);
    const QString name = QStringLiteral("ESC %1").arg(c >= 0x21 && c < 0x7F ? QString(QChar(c)) : hexByte(c));
    switch (c) {
    case '@':
        if (!pending_.isEmpty() || !pendingText_.isEmpty()) {
            issue(Kind::DiscardedBuffer, Severity::Warning, pos_,
                  QStringLiteral("ESC @ discarded %1 unprinted characters").arg(pendingText_.size()));
            pending_.clear();
            pendingText_.clear();
            pendingX_ = 0;
        }
        reset();
        pos_ += 2;
        return;
    case '2':
        modes_.lineSpacing = options_.lineSpacingDots;
        pos_ += 2;
        return;
    case 'i':
    case 'm': // obsolete one-byte partial cuts
        pos_ += 2;
        cut(QStringLiteral("partial"), 0);
        return;
    default: break;
    }

    // Everything else has at least one parameter byte.
    switch (c) {
    case 'E':
    case 'G': // double-strike looks like emphasis on thermal paper
        if (need(3, name)) {
            modes_.bold = at(pos_ + 2) & 1;
            pos_ += 3;
        }
        return;
    case 'a':
        if (need(3, name)) {
            const std::uint8_t n = at(pos_ + 2);
            if (n <= 2 || (n >= '0' && n <= '2'))
                modes_.align = Align(n & 0x03);
            else
                issue(Kind::InvalidParameter, Severity::Warning, pos_, QStringLiteral("ESC a %1 ignored").arg(n));
            pos_ += 3;
        }
        return;
    case 'd':
        if (need(3, name)) {
            const int n = at(pos_ + 2);
            pos_ += 3;
            // Prints the buffer (which is itself one line) and feeds the rest of n lines.
            if (!pending_.isEmpty() || !pendingText_.isEmpty()) {
                printLine();
                feed(std::max(0, n - 1) * modes_.lineSpacing);
            } else {
                feed(n * modes_.lineSpacing);
            }
        }
        return;
    case 'J':
        if (need(3, name)) {
            const int n = at(pos_ + 2);
            pos_ += 3;
            if (!pending_.isEmpty() || !pendingText_.isEmpty())
                printLine(n);
            else
                feed(n);
        }
        return;
    case '3':
        if (need(3, name)) {
            modes_.lineSpacing = at(pos_ + 2);
            pos_ += 3;
        }
        return;
    case '!':
        if (need(3, name)) {
            const std::uint8_t n = at(pos_ + 2);
            modes_.bold = n & 0x08;
            modes_.asciiHeight = (n & 0x10) ? 2 : 1;
            modes_.asciiWidth = (n & 0x20) ? 2 : 1;
            modes_.asciiUnderline = n & 0x80;
            if (n & 0x01)
                issue(Kind::UnsupportedCommand, Severity::Warning, pos_,
                      QStringLiteral("ESC ! font B is drawn with font A"));
            pos_ += 3;
        }
        return;
    case '-':
        if (need(3, name)) {
            const std::uint8_t n = at(pos_ + 2);
            modes_.asciiUnderline = n == 1 || n == 2 || n == '1' || n == '2';
            pos_ += 3;
        }
        return;
    case '*': // bit image: ESC * m nL nH d1..dk
        if (need(5, name)) {
            const std::uint8_t m = at(pos_ + 2);
            if (m == 0 || m == 1 || m == 32 || m == 33) {
                skipCommand(name);
            } else {
                issue(Kind::InvalidParameter, Severity::Warning, pos_, QStringLiteral("ESC * mode %1").arg(m));
                pos_ += 5;
            }
        }
        return;
    default: skipCommand(name); return; // ESC SP, ESC t, ESC D, ESC &...: see escpos_grammar.cpp
    }
}

void Interpreter::groupSeparator()
{
    if (!need(2, QStringLiteral("GS")))
        return;
    const std::uint8_t c = at(pos_ + 1);
    const QString name = QStringLiteral("GS %1").arg(c >= 0x21 && c < 0x7F ? QString(QChar(c)) : hexByte(c));
    switch (c) {
    case '!':
        if (need(3, name)) {
            const std::uint8_t n = at(pos_ + 2);
            if (n & 0x88) {
                issue(Kind::InvalidParameter, Severity::Warning, pos_,
                      QStringLiteral("GS ! %1 is not a character size; ignored").arg(hexByte(n)));
            } else {
                modes_.asciiWidth = modes_.chineseWidth = (n >> 4) + 1;
                modes_.asciiHeight = modes_.chineseHeight = (n & 0x07) + 1;
            }
            pos_ += 3;
        }
        return;
    case 'V':
        if (need(3, name)) {
            const std::uint8_t m = at(pos_ + 2);
            if (m == 0 || m == '0' || m == 1 || m == '1') {
                pos_ += 3;
                cut(m & 1 ? QStringLiteral("partial") : QStringLiteral("full"), 0);
            } else if (m == 65 || m == 66 || m == 97 || m == 98 || m == 103 || m == 104) {
                if (need(4, name)) {
                    const int n = at(pos_ + 3);
                    pos_ += 4;
                    cut(m & 1 ? QStringLiteral("full") : QStringLiteral("partial"), n);
                }
            } else {
                issue(Kind::InvalidParameter, Severity::Warning, pos_, QStringLiteral("GS V %1 ignored").arg(m));
                pos_ += 3;
            }
        }
        return;
    case '(':
        if (need(5, name)) {
            const std::uint8_t fn = at(pos_ + 2);
            const qsizetype length = at(pos_ + 3) + 256 * at(pos_ + 4);
            const QString full = QStringLiteral("GS ( %1").arg(QChar(fn >= 0x21 && fn < 0x7F ? fn : '?'));
            if (fn == 'k')
                qrFunction(pos_, length);
            else
                skip(5 + length, full, Kind::UnsupportedCommand);
        }
        return;
    default: skipCommand(name); return; // barcodes, images, GS 8 L...: see escpos_grammar.cpp
    }
}

void Interpreter::fileSeparator()
{
    if (!need(2, QStringLiteral("FS")))
        return;
    const std::uint8_t c = at(pos_ + 1);
    const QString name = QStringLiteral("FS %1").arg(c >= 0x21 && c < 0x7F ? QString(QChar(c)) : hexByte(c));
    switch (c) {
    case '&':
        modes_.chinese = true;
        pos_ += 2;
        return;
    case '.':
        modes_.chinese = false;
        pos_ += 2;
        return;
    case '!':
        if (need(3, name)) {
            const std::uint8_t n = at(pos_ + 2);
            modes_.chineseWidth = (n & ChineseDoubleWidth) ? 2 : 1;
            modes_.chineseHeight = (n & ChineseDoubleHeight) ? 2 : 1;
            modes_.chineseUnderline = n & ChineseUnderline;
            pos_ += 3;
        }
        return;
    case '-':
        if (need(3, name)) {
            const std::uint8_t n = at(pos_ + 2);
            modes_.chineseUnderline = n == 1 || n == 2 || n == '1' || n == '2';
            pos_ += 3;
        }
        return;
    default: skipCommand(name); return; // user characters, NV images...: see escpos_grammar.cpp
    }
}

void Interpreter::dataLinkEscape()
{
    if (!need(2, QStringLiteral("DLE")))
        return;
    const std::uint8_t c = at(pos_ + 1);
    switch (c) {
    case 0x04:
        if (need(3, QStringLiteral("DLE EOT"))) {
            const std::uint8_t n = at(pos_ + 2);
            if (n >= 1 && n <= 4) {
                result_.statusQueries.append(StatusQuery(n));
                pos_ += 3;
            } else if (n == 7 || n == 8 || n == 18) {
                skip(4, QStringLiteral("DLE EOT %1").arg(n), Kind::UnsupportedCommand);
            } else {
                issue(Kind::InvalidParameter, Severity::Warning, pos_, QStringLiteral("DLE EOT %1 ignored").arg(n));
                pos_ += 3;
            }
        }
        return;
    default: {
        const CommandSpec *spec = findCommand(DLE, c);
        skipCommand(spec ? QString::fromLatin1(spec->name) : QStringLiteral("DLE %1").arg(hexByte(c)));
        return;
    }
    }
}

void Interpreter::qrFunction(qsizetype start, qsizetype length)
{
    // GS ( k pL pH cn fn [parameters]: length counts cn, fn and the parameters.
    if (!need(5 + length, QStringLiteral("GS ( k"))) {
        return;
    }
    const qsizetype body = start + 5;
    pos_ = body + length;
    if (length < 2) {
        issue(Kind::InvalidParameter, Severity::Warning, start, QStringLiteral("GS ( k with length %1").arg(length));
        return;
    }
    const std::uint8_t cn = at(body);
    const std::uint8_t fn = at(body + 1);
    if (cn != 0x31) {
        issue(Kind::UnsupportedCommand, Severity::Warning, start,
              QStringLiteral("GS ( k symbol %1 (not QR) skipped").arg(hexByte(cn)));
        return;
    }
    const auto param = [&](const QString &what) -> int {
        if (length < 3) {
            issue(Kind::InvalidParameter, Severity::Warning, start,
                  QStringLiteral("QR %1 without a parameter").arg(what));
            return -1;
        }
        return at(body + 2);
    };
    switch (fn) {
    case 0x41: { // model: n1 = 0x31 model 1, 0x32 model 2, 0x33 micro
        const int n = param(QStringLiteral("model"));
        if (n >= 0 && n != 0x32)
            issue(Kind::UnsupportedCommand, Severity::Warning, start,
                  QStringLiteral("QR model %1 is drawn as model 2").arg(hexByte(std::uint8_t(n))));
        return;
    }
    case 0x43: {
        const int n = param(QStringLiteral("module size"));
        if (n >= kQrMinModuleSize && n <= kQrMaxModuleSize)
            modes_.qrModule = n;
        else if (n >= 0)
            issue(Kind::InvalidParameter, Severity::Warning, start,
                  QStringLiteral("QR module size %1 is outside 1..16; ignored").arg(n));
        return;
    }
    case 0x45: {
        const int n = param(QStringLiteral("error correction"));
        if (n >= 0x30 && n <= 0x33)
            modes_.qrLevel = QrErrorCorrection(n);
        else if (n >= 0)
            issue(Kind::InvalidParameter, Severity::Warning, start,
                  QStringLiteral("QR error correction %1 is outside 30..33; ignored").arg(hexByte(std::uint8_t(n))));
        return;
    }
    case 0x50: {
        if (length < 3 || at(body + 2) != 0x30) {
            issue(Kind::InvalidParameter, Severity::Warning, start, QStringLiteral("QR store without m = 30"));
            return;
        }
        const qsizetype payload = length - 3;
        if (payload > kQrMaxStoreBytes) {
            issue(Kind::QrTooLarge, Severity::Error, start,
                  QStringLiteral("QR store of %1 bytes exceeds %2; ignored").arg(payload).arg(kQrMaxStoreBytes));
            modes_.qrStored = false;
            return;
        }
        modes_.qrData = in_.mid(body + 3, payload);
        modes_.qrStored = true;
        return;
    }
    case 0x51: printQr(); return;
    default:
        issue(Kind::UnsupportedCommand, Severity::Warning, start,
              QStringLiteral("QR function %1 skipped").arg(hexByte(fn)));
        return;
    }
}

void Interpreter::printQr()
{
    const qsizetype offset = pos_;
    if (!pending_.isEmpty() || !pendingText_.isEmpty())
        printLine();
    if (!modes_.qrStored || modes_.qrData.isEmpty()) {
        issue(Kind::QrWithoutData, Severity::Warning, offset, QStringLiteral("QR print with no stored data"));
        return;
    }
    static const QRecLevel levels[] = {QR_ECLEVEL_L, QR_ECLEVEL_M, QR_ECLEVEL_Q, QR_ECLEVEL_H};
    const QRecLevel level = levels[int(modes_.qrLevel) - 0x30];
    QRcode *code = QRcode_encodeData(int(modes_.qrData.size()),
                                     reinterpret_cast<const unsigned char *>(modes_.qrData.constData()), 0, level);
    if (!code) {
        issue(
            Kind::QrEncodeFailed, Severity::Error, offset,
            QStringLiteral("%1 bytes do not fit a QR symbol at this error-correction level").arg(modes_.qrData.size()));
        return;
    }
    PrintedQr qr;
    qr.modules = code->width;
    qr.module = modes_.qrModule;
    qr.dark.resize(qsizetype(code->width) * code->width);
    for (qsizetype i = 0; i < qr.dark.size(); ++i)
        qr.dark[i] = char(code->data[i] & 1);
    QRcode_free(code);

    const int size = qr.modules * qr.module;
    if (size > kPrintableDots) {
        issue(Kind::QrTooWide, Severity::Warning, offset,
              QStringLiteral("QR of %1 modules at %2 dots is wider than the paper; not printed")
                  .arg(qr.modules)
                  .arg(qr.module));
        return;
    }
    page_.touched = true;
    if (page_.capped || page_.y + size > options_.maxPageHeight) {
        if (!page_.capped)
            issue(Kind::PageHeightCapped, Severity::Warning, offset,
                  QStringLiteral("page reached %1 dots; the rest of it is dropped").arg(options_.maxPageHeight));
        page_.capped = true;
        return;
    }
    qr.x = modes_.align == Align::Centre  ? (kPrintableDots - size) / 2
           : modes_.align == Align::Right ? kPrintableDots - size
                                          : 0;
    qr.y = page_.y;
    page_.y += size;
    page_.qrs.append(std::move(qr));
    page_.qrPayloads.append(modes_.qrData);
}

void Interpreter::cut(const QString &how, int feedDots)
{
    if (!pending_.isEmpty() || !pendingText_.isEmpty())
        printLine();
    feed(feedDots);
    if (!page_.touched) {
        issue(Kind::EmptyCut, Severity::Warning, pos_,
              QStringLiteral("%1 cut with nothing printed since the last one").arg(how));
        return;
    }
    endPage(true);
}

void Interpreter::endPage(bool cut)
{
    PageModel page = std::move(page_);
    page_ = PageModel{};
    if (outputFull_)
        return;
    const int height = page.y + kCutMarginDots;
    if (result_.pages.size() >= options_.maxPages || totalHeight_ + height > options_.maxTotalHeight) {
        outputFull_ = true;
        issue(Kind::OutputLimitReached, Severity::Warning, pos_,
              QStringLiteral("output limit reached (%1 pages, %2 dots); later pages dropped")
                  .arg(options_.maxPages)
                  .arg(options_.maxTotalHeight));
        return;
    }
    totalHeight_ += height;
    ReceiptPage out;
    out.height = height;
    out.text = std::move(page.text);
    out.qrPayloads = std::move(page.qrPayloads);
    out.cut = cut;
    if (glyphs_)
        drawPage(page, out, cut);
    result_.pages.append(std::move(out));
}

void Interpreter::drawPage(PageModel &page, ReceiptPage &out, bool cut)
{
    QImage image(kPrintableDots, out.height, QImage::Format_Grayscale8);
    if (image.isNull()) {
        issue(Kind::OutputLimitReached, Severity::Error, pos_, QStringLiteral("out of memory for a page image"));
        return;
    }
    image.fill(255);
    QPainter painter(&image);
    for (const PrintedLine &line : std::as_const(page.lines)) {
        const int bottom = line.y + line.height;
        for (const PlacedGlyph &g : line.glyphs) {
            const int x = line.offset + g.x;
            const int top = bottom - g.cellHeight;
            glyphs_->draw(painter, g.c, g.bold, x, top, g.cellWidth, g.cellHeight, g.emWidth, g.emHeight);
            if (g.underline)
                painter.fillRect(x, bottom - 2, g.cellWidth, 2, Qt::black);
        }
    }
    for (const PrintedQr &qr : std::as_const(page.qrs)) {
        for (int row = 0; row < qr.modules; ++row) {
            for (int col = 0; col < qr.modules; ++col) {
                if (qr.dark.at(qsizetype(row) * qr.modules + col))
                    painter.fillRect(qr.x + col * qr.module, qr.y + row * qr.module, qr.module, qr.module, Qt::black);
            }
        }
    }
    if (cut) {
        // Grey long dashes on the last two rows: clearly not printed "-----" rules, and the page ends at the cut.
        for (int x = 0; x < kPrintableDots; x += 24)
            painter.fillRect(x, out.height - 2, 16, 2, QColor(96, 96, 96));
    }
    painter.end();
    out.image = std::move(image);
}

} // namespace

QString toString(RenderIssue::Kind kind)
{
    switch (kind) {
    case Kind::UnknownCommand: return QStringLiteral("unknown_command");
    case Kind::UnsupportedCommand: return QStringLiteral("unsupported_command");
    case Kind::TruncatedCommand: return QStringLiteral("truncated_command");
    case Kind::InvalidParameter: return QStringLiteral("invalid_parameter");
    case Kind::InvalidText: return QStringLiteral("invalid_text");
    case Kind::TextOutsideChineseMode: return QStringLiteral("text_outside_chinese_mode");
    case Kind::QrWithoutData: return QStringLiteral("qr_without_data");
    case Kind::QrTooLarge: return QStringLiteral("qr_too_large");
    case Kind::QrEncodeFailed: return QStringLiteral("qr_encode_failed");
    case Kind::QrTooWide: return QStringLiteral("qr_too_wide");
    case Kind::DiscardedBuffer: return QStringLiteral("discarded_buffer");
    case Kind::EmptyCut: return QStringLiteral("empty_cut");
    case Kind::UncutTail: return QStringLiteral("uncut_tail");
    case Kind::PageHeightCapped: return QStringLiteral("page_height_capped");
    case Kind::OutputLimitReached: return QStringLiteral("output_limit_reached");
    case Kind::FontUnavailable: return QStringLiteral("font_unavailable");
    case Kind::TooManyIssues: return QStringLiteral("too_many_issues");
    }
    return QStringLiteral("unknown");
}

QList<QImage> RenderResult::images() const
{
    QList<QImage> list;
    for (const ReceiptPage &page : pages)
        list.append(page.image);
    return list;
}

QStringList RenderResult::text() const
{
    QStringList lines;
    for (const ReceiptPage &page : pages)
        lines += page.text;
    return lines;
}

QList<QByteArray> RenderResult::qrPayloads() const
{
    QList<QByteArray> list;
    for (const ReceiptPage &page : pages)
        list += page.qrPayloads;
    return list;
}

bool RenderResult::hasErrors() const
{
    return std::any_of(issues.cbegin(), issues.cend(),
                       [](const RenderIssue &i) { return i.severity == RenderIssue::Severity::Error; });
}

EscPosRenderer::EscPosRenderer(RenderOptions options) : options_(std::move(options)) {}

EscPosRenderer::~EscPosRenderer() = default;

RenderResult EscPosRenderer::render(const QByteArray &stream)
{
    RenderResult result;
    if (options_.drawImages && !glyphs_)
        glyphs_ = std::make_unique<GlyphRasterizer>(options_.fontFamily);
    if (options_.drawImages && !glyphs_->problem().isEmpty())
        result.issues.append(RenderIssue{Kind::FontUnavailable, Severity::Warning, -1, glyphs_->problem()});
    Interpreter interpreter(stream, options_, options_.drawImages ? glyphs_.get() : nullptr, result);
    interpreter.run();
    qCDebug(lcEscPosRenderer) << "rendered" << stream.size() << "bytes into" << result.pages.size() << "pages with"
                              << result.issues.size() << "issues";
    return result;
}

} // namespace kiosk::drivers::escpos
