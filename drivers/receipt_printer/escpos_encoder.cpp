// Builds ESC/POS byte streams for the receipt printer; tracks the modes it set so widths and checks are exact.
#include "drivers/receipt_printer/escpos_encoder.h"

#include <QLoggingCategory>
#include <QStringEncoder>

#include <algorithm>

Q_LOGGING_CATEGORY(lcEscPosEncoder, "kiosk.drivers.escpos.encoder")

namespace kiosk::drivers::escpos {

namespace {

constexpr char ESC = 0x1B;
constexpr char FS = 0x1C;
constexpr char GS = 0x1D;

// GS ( k with cn = 0x31 (QR) and a parameter block of `params` (fn first).
QByteArray qrFunction(const QByteArray &params)
{
    const int len = int(params.size());
    QByteArray out;
    out.reserve(5 + len);
    out.append(GS).append('(').append('k').append(char(len & 0xFF)).append(char((len >> 8) & 0xFF));
    out.append(params);
    return out;
}

bool isRejected(char32_t c)
{
    if (c < 0x20 || (c >= 0x7F && c <= 0x9F))
        return true; // C0, DEL, C1
    if (c == 0x2028 || c == 0x2029)
        return true;                                  // line / paragraph separators
    return QChar::category(c) == QChar::Other_Format; // invisible: bidi overrides, ZWJ, soft hyphen...
}

} // namespace

int qrByteCapacity(QrErrorCorrection level)
{
    switch (level) {
    case QrErrorCorrection::L: return 2953;
    case QrErrorCorrection::M: return 2331;
    case QrErrorCorrection::Q: return 1663;
    case QrErrorCorrection::H: return 1273;
    }
    return 0;
}

int displayWidth(const QString &text)
{
    int width = 0;
    for (const char32_t c : text.toUcs4())
        width += displayWidth(c);
    return width;
}

QString toString(EncodeError::Kind kind)
{
    switch (kind) {
    case EncodeError::Kind::ControlCharacter: return QStringLiteral("control_character");
    case EncodeError::Kind::NotEncodable: return QStringLiteral("not_encodable");
    case EncodeError::Kind::ChineseModeOff: return QStringLiteral("chinese_mode_off");
    case EncodeError::Kind::InvalidArgument: return QStringLiteral("invalid_argument");
    case EncodeError::Kind::QrPayloadEmpty: return QStringLiteral("qr_payload_empty");
    case EncodeError::Kind::QrPayloadTooLarge: return QStringLiteral("qr_payload_too_large");
    }
    return QStringLiteral("unknown");
}

void EscPosEncoder::fail(EncodeError::Kind kind, const QString &message)
{
    qCWarning(lcEscPosEncoder).noquote() << toString(kind) << message;
    if (!error_)
        error_ = EncodeError{kind, message};
}

EscPosEncoder &EscPosEncoder::initialize()
{
    bytes_.append(ESC).append('@');
    // After ESC @ the Chinese mode is whatever the printer's memory switch says; assume off so that
    // text() insists on an explicit chineseMode(true).
    chineseMode_ = false;
    asciiWidth_ = 1;
    chineseWidth_ = 1;
    qrLevel_ = QrErrorCorrection::L;
    return *this;
}

EscPosEncoder &EscPosEncoder::chineseMode(bool on)
{
    bytes_.append(FS).append(on ? '&' : '.');
    chineseMode_ = on;
    return *this;
}

EscPosEncoder &EscPosEncoder::chinesePrintMode(std::uint8_t flags)
{
    const std::uint8_t known = ChineseDoubleWidth | ChineseDoubleHeight | ChineseUnderline;
    if (flags & ~known) {
        fail(EncodeError::Kind::InvalidArgument,
             QStringLiteral("chinesePrintMode: flags 0x%1 hold bits FS ! does not define")
                 .arg(flags, 2, 16, QLatin1Char('0')));
        return *this;
    }
    bytes_.append(FS).append('!').append(char(flags));
    chineseWidth_ = (flags & ChineseDoubleWidth) ? 2 : 1;
    return *this;
}

EscPosEncoder &EscPosEncoder::characterSize(int width, int height)
{
    if (width < 1 || width > kMaxSizeMultiplier || height < 1 || height > kMaxSizeMultiplier) {
        fail(EncodeError::Kind::InvalidArgument,
             QStringLiteral("characterSize: %1x%2 is outside 1..8").arg(width).arg(height));
        return *this;
    }
    bytes_.append(GS).append('!').append(char(((width - 1) << 4) | (height - 1)));
    asciiWidth_ = width;
    chineseWidth_ = width;
    return *this;
}

EscPosEncoder &EscPosEncoder::bold(bool on)
{
    bytes_.append(ESC).append('E').append(char(on ? 1 : 0));
    return *this;
}

EscPosEncoder &EscPosEncoder::align(Align alignment)
{
    bytes_.append(ESC).append('a').append(char(alignment));
    return *this;
}

std::optional<EncodeError> EscPosEncoder::checkText(const QString &text)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar ch = text.at(i);
        if (ch.isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
            const char32_t c = QChar::surrogateToUcs4(ch, text.at(i + 1));
            ++i;
            if (isRejected(c))
                return EncodeError{EncodeError::Kind::ControlCharacter,
                                   QStringLiteral("text: U+%1 at %2 is not printable")
                                       .arg(quint32(c), 4, 16, QLatin1Char('0'))
                                       .arg(i - 1)};
            continue;
        }
        if (ch.isSurrogate())
            return EncodeError{EncodeError::Kind::NotEncodable,
                               QStringLiteral("text: lone surrogate at %1 cannot be encoded in GB18030").arg(i)};
        if (isRejected(ch.unicode()))
            return EncodeError{
                EncodeError::Kind::ControlCharacter,
                QStringLiteral("text: U+%1 at %2 is not printable").arg(ch.unicode(), 4, 16, QLatin1Char('0')).arg(i)};
    }
    return std::nullopt;
}

QString EscPosEncoder::stripUnprintable(const QString &text)
{
    QString out;
    out.reserve(text.size());
    for (const char32_t c : text.toUcs4()) {
        // toUcs4() turns a lone surrogate into U+FFFD, which GB18030 encodes; keep it as a visible marker.
        if (!isRejected(c))
            out.append(QString::fromUcs4(&c, 1));
    }
    return out;
}

bool EscPosEncoder::appendText(const QString &text)
{
    if (auto problem = checkText(text)) {
        fail(problem->kind, problem->message);
        return false;
    }
    bool ascii = true;
    for (const QChar ch : text)
        ascii = ascii && ch.unicode() < 0x80;
    if (!ascii && !chineseMode_) {
        fail(
            EncodeError::Kind::ChineseModeOff,
            QStringLiteral("text: non-ASCII text needs chineseMode(true) first, or it prints as code-page characters"));
        return false;
    }
    QStringEncoder encoder("GB18030");
    const QByteArray encoded = encoder.encode(text);
    if (!encoder.isValid() || encoder.hasError()) {
        fail(EncodeError::Kind::NotEncodable, QStringLiteral("text: GB18030 encoding failed"));
        return false;
    }
    bytes_.append(encoded);
    return true;
}

EscPosEncoder &EscPosEncoder::text(const QString &text)
{
    appendText(text);
    return *this;
}

EscPosEncoder &EscPosEncoder::lineFeed()
{
    bytes_.append('\n');
    return *this;
}

EscPosEncoder &EscPosEncoder::line(const QString &text)
{
    if (appendText(text))
        lineFeed();
    return *this;
}

EscPosEncoder &EscPosEncoder::feedLines(int lines)
{
    if (lines < 0 || lines > 255) {
        fail(EncodeError::Kind::InvalidArgument, QStringLiteral("feedLines: %1 is outside 0..255").arg(lines));
        return *this;
    }
    bytes_.append(ESC).append('d').append(char(lines));
    return *this;
}

int EscPosEncoder::widthInDots(const QString &text) const
{
    int dots = 0;
    for (const char32_t c : text.toUcs4())
        dots += c < 0x80 ? kAsciiCellDots * asciiWidth_ : kChineseCellDots * chineseWidth_;
    return dots;
}

int EscPosEncoder::columns() const
{
    return kPrintableDots / (kAsciiCellDots * asciiWidth_);
}

EscPosEncoder &EscPosEncoder::horizontalRule(QChar fill)
{
    const QString one(fill);
    const int each = widthInDots(one);
    if (each <= 0 || checkText(one)) {
        fail(EncodeError::Kind::InvalidArgument, QStringLiteral("horizontalRule: the fill character is not printable"));
        return *this;
    }
    return line(QString(kPrintableDots / each, fill));
}

EscPosEncoder &EscPosEncoder::twoColumns(const QString &left, const QString &right)
{
    // Validate both before writing either, so a bad right half does not leave a stray left half behind.
    for (const QString *part : {&left, &right}) {
        if (auto problem = checkText(*part)) {
            fail(problem->kind, QStringLiteral("twoColumns: ") + problem->message);
            return *this;
        }
    }
    const int space = widthInDots(QStringLiteral(" "));
    const int leftDots = widthInDots(left);
    const int rightDots = widthInDots(right);
    if (leftDots + space + rightDots <= kPrintableDots) {
        const int pad = (kPrintableDots - leftDots - rightDots) / space;
        return line(left + QString(pad, QLatin1Char(' ')) + right);
    }
    // Too long for one line: the printer would wrap mid-word, so break between the columns instead.
    line(left);
    const int pad = std::max(0, (kPrintableDots - rightDots) / space);
    return line(QString(pad, QLatin1Char(' ')) + right);
}

EscPosEncoder &EscPosEncoder::qrModel2()
{
    bytes_.append(qrFunction(QByteArray::fromRawData("\x31\x41\x32\x00", 4)));
    return *this;
}

EscPosEncoder &EscPosEncoder::qrModuleSize(int dots)
{
    if (dots < kQrMinModuleSize || dots > kQrMaxModuleSize) {
        fail(EncodeError::Kind::InvalidArgument, QStringLiteral("qrModuleSize: %1 is outside 1..16").arg(dots));
        return *this;
    }
    bytes_.append(qrFunction(QByteArray("\x31\x43") + char(dots)));
    return *this;
}

EscPosEncoder &EscPosEncoder::qrErrorCorrection(QrErrorCorrection level)
{
    bytes_.append(qrFunction(QByteArray("\x31\x45") + char(level)));
    qrLevel_ = level;
    return *this;
}

EscPosEncoder &EscPosEncoder::qrStore(const QByteArray &payload)
{
    if (payload.isEmpty()) {
        fail(EncodeError::Kind::QrPayloadEmpty, QStringLiteral("qrStore: the payload is empty"));
        return *this;
    }
    const int capacity = std::min(kQrMaxStoreBytes, qrByteCapacity(qrLevel_));
    if (payload.size() > capacity) {
        fail(EncodeError::Kind::QrPayloadTooLarge,
             QStringLiteral("qrStore: %1 bytes exceed the %2 a QR symbol holds at this error-correction level")
                 .arg(payload.size())
                 .arg(capacity));
        return *this;
    }
    bytes_.append(qrFunction(QByteArray("\x31\x50\x30") + payload));
    return *this;
}

EscPosEncoder &EscPosEncoder::qrPrint()
{
    bytes_.append(qrFunction(QByteArray("\x31\x51\x30")));
    return *this;
}

EscPosEncoder &EscPosEncoder::qrCode(const QByteArray &payload, int moduleSize, QrErrorCorrection level)
{
    // Check everything first: a half-written QR sequence would leave the printer with stale settings.
    if (moduleSize < kQrMinModuleSize || moduleSize > kQrMaxModuleSize) {
        fail(EncodeError::Kind::InvalidArgument,
             QStringLiteral("qrCode: module size %1 is outside 1..16").arg(moduleSize));
        return *this;
    }
    if (payload.isEmpty()) {
        fail(EncodeError::Kind::QrPayloadEmpty, QStringLiteral("qrCode: the payload is empty"));
        return *this;
    }
    if (payload.size() > std::min(kQrMaxStoreBytes, qrByteCapacity(level))) {
        fail(EncodeError::Kind::QrPayloadTooLarge,
             QStringLiteral("qrCode: %1 bytes exceed the %2 a QR symbol holds at this error-correction level")
                 .arg(payload.size())
                 .arg(qrByteCapacity(level)));
        return *this;
    }
    return qrModel2().qrModuleSize(moduleSize).qrErrorCorrection(level).qrStore(payload).qrPrint();
}

EscPosEncoder &EscPosEncoder::cut(CutMode mode)
{
    bytes_.append(GS).append('V').append(char(mode));
    return *this;
}

} // namespace kiosk::drivers::escpos
