// Strict UTF-8 decoding and character-class checks for scanned codes, and CR/LF line framing.
#include "drivers/code_scanner/payload_filter.h"

#include <QChar>

#include "common/text_screen.h"

#include <cstdint>
#include <string>

namespace kiosk::drivers::codescanner {

QString toString(PayloadRejection reason)
{
    switch (reason) {
    case PayloadRejection::None: return QStringLiteral("none");
    case PayloadRejection::Empty: return QStringLiteral("empty");
    case PayloadRejection::TooLong: return QStringLiteral("too_long");
    case PayloadRejection::InvalidUtf8: return QStringLiteral("invalid_utf8");
    case PayloadRejection::ControlCharacter: return QStringLiteral("control_character");
    case PayloadRejection::BidiControl: return QStringLiteral("bidi_control");
    case PayloadRejection::FormatCharacter: return QStringLiteral("format_character");
    case PayloadRejection::Noncharacter: return QStringLiteral("noncharacter");
    case PayloadRejection::Incomplete: return QStringLiteral("incomplete");
    }
    return QStringLiteral("unknown");
}

namespace {

QString codePoint(char32_t c)
{
    return QStringLiteral("U+") + QString::number(uint(c), 16).toUpper().rightJustified(4, QLatin1Char('0'));
}

PayloadCheck reject(PayloadRejection reason, const QString &detail)
{
    PayloadCheck r;
    r.rejection = reason;
    r.detail = detail;
    return r;
}

// Decodes one code point at `i` (strict RFC 3629). Returns the sequence length, or 0 when the bytes there are not
// a valid sequence.
int decodeUtf8(const unsigned char *p, qsizetype size, qsizetype i, char32_t *out)
{
    const unsigned char b0 = p[i];
    if (b0 < 0x80) {
        *out = b0;
        return 1;
    }
    int len = 0;
    unsigned char lo = 0x80, hi = 0xBF; // allowed range of the second byte
    char32_t cp = 0;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        len = 2;
        cp = b0 & 0x1F;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        len = 3;
        cp = b0 & 0x0F;
        if (b0 == 0xE0)
            lo = 0xA0; // overlong below U+0800
        else if (b0 == 0xED)
            hi = 0x9F; // UTF-16 surrogates U+D800..U+DFFF
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        len = 4;
        cp = b0 & 0x07;
        if (b0 == 0xF0)
            lo = 0x90; // overlong below U+10000
        else if (b0 == 0xF4)
            hi = 0x8F; // above U+10FFFF
    } else {
        return 0; // continuation byte, C0/C1 overlong lead, or F5..FF
    }
    if (i + len > size)
        return 0;
    for (int k = 1; k < len; ++k) {
        const unsigned char b = p[i + k];
        if (k == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF))
            return 0;
        cp = (cp << 6) | (b & 0x3F);
    }
    *out = cp;
    return len;
}

PayloadRejection rejectionFor(common::TextHazard hazard)
{
    switch (hazard) {
    case common::TextHazard::None: return PayloadRejection::None;
    case common::TextHazard::ControlCharacter: return PayloadRejection::ControlCharacter;
    case common::TextHazard::BidiControl: return PayloadRejection::BidiControl;
    case common::TextHazard::Noncharacter: return PayloadRejection::Noncharacter;
    case common::TextHazard::FormatCharacter: return PayloadRejection::FormatCharacter;
    }
    return PayloadRejection::None;
}

} // namespace

PayloadCheck checkPayload(const QByteArray &bytes, int maxBytes)
{
    if (bytes.isEmpty())
        return reject(PayloadRejection::Empty, QStringLiteral("no bytes"));
    if (bytes.size() > maxBytes) {
        return reject(PayloadRejection::TooLong,
                      QStringLiteral("%1 bytes, at most %2 allowed").arg(bytes.size()).arg(maxBytes));
    }
    const auto *p = reinterpret_cast<const unsigned char *>(bytes.constData());
    const qsizetype size = bytes.size();
    std::u32string decoded;
    decoded.reserve(size_t(size));
    for (qsizetype i = 0; i < size;) {
        char32_t c = 0;
        const int len = decodeUtf8(p, size, i, &c);
        if (len == 0)
            return reject(PayloadRejection::InvalidUtf8, QStringLiteral("invalid UTF-8 at byte %1").arg(i));
        if (const common::TextHazard h = common::textHazardOf(c); h != common::TextHazard::None)
            return reject(rejectionFor(h), QStringLiteral("%1 at byte %2").arg(codePoint(c)).arg(i));
        decoded.push_back(c);
        i += len;
    }
    PayloadCheck ok;
    ok.text = QString::fromUcs4(decoded.data(), qsizetype(decoded.size()));
    return ok;
}

LineFramer::LineFramer(int maxLineBytes) : max_(maxLineBytes > 0 ? maxLineBytes : kDefaultMaxPayloadBytes) {}

QList<LineFramer::Line> LineFramer::feed(const QByteArray &chunk)
{
    QList<Line> lines;
    for (const char ch : chunk) {
        if (ch == '\r' || ch == '\n') {
            if (overflowLength_ > 0) {
                Line l;
                l.overflowed = true;
                l.length = overflowLength_;
                lines.append(l);
                overflowLength_ = 0;
            } else if (!buffer_.isEmpty()) {
                Line l;
                l.bytes = buffer_;
                l.length = buffer_.size();
                lines.append(l);
                buffer_.clear();
            }
            continue;
        }
        if (overflowLength_ > 0) {
            ++overflowLength_;
            continue;
        }
        if (buffer_.size() >= max_) {
            overflowLength_ = buffer_.size() + 1;
            buffer_.clear();
            continue;
        }
        buffer_.append(ch);
    }
    return lines;
}

qint64 LineFramer::dropPartial()
{
    const qint64 n = overflowLength_ > 0 ? overflowLength_ : buffer_.size();
    buffer_.clear();
    overflowLength_ = 0;
    return n;
}

} // namespace kiosk::drivers::codescanner
