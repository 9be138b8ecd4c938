// libFuzzer target: the code-scanner payload filter and line framer must never crash; every rejection is typed with
// a detail; accepted text is exactly the input bytes (strict UTF-8 round trip) and holds no control, bidi, format
// or noncharacter code point; the framer finds the same lines however the stream is chunked.
#include <QChar>
#include <QString>

#include <cstdint>
#include <cstdlib>

#include "drivers/code_scanner/payload_filter.h"

using namespace kiosk::drivers::codescanner;

namespace {

void require(bool condition)
{
    if (!condition)
        std::abort(); // libFuzzer and the replay runner both report an abort as a failure with the input
}

// An independent statement of what accepted text may not contain, written over QString's own iteration.
bool hasForbiddenCodePoint(const QString &text)
{
    const QList<uint> ucs4 = text.toUcs4();
    for (const uint c : ucs4) {
        if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x2028 || c == 0x2029)
            return true;
        if ((c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F || c == 0x061C)
            return true;
        if ((c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE || (c >= 0xD800 && c <= 0xDFFF))
            return true;
        if (QChar::category(c) == QChar::Other_Format)
            return true;
    }
    return false;
}

void checkOne(const QByteArray &bytes, int maxBytes)
{
    const PayloadCheck c = checkPayload(bytes, maxBytes);
    require(c.isOk() == c.detail.isEmpty());
    if (!c.isOk()) {
        require(c.text.isEmpty());
        require(c.rejection != PayloadRejection::Incomplete); // a framing reason, never the filter's
        return;
    }
    require(!bytes.isEmpty() && bytes.size() <= maxBytes);
    require(c.text.toUtf8() == bytes);
    require(QString::fromUtf8(bytes) == c.text); // Qt's decoder agrees on everything we accept
    require(!hasForbiddenCodePoint(c.text));
}

QList<LineFramer::Line> frame(const QByteArray &stream, int maxLine, const QByteArray &chunkSizes)
{
    LineFramer f(maxLine);
    QList<LineFramer::Line> lines;
    qsizetype pos = 0;
    int i = 0;
    while (pos < stream.size()) {
        const int n = chunkSizes.isEmpty() ? int(stream.size()) : 1 + uchar(chunkSizes[i++ % chunkSizes.size()]);
        lines += f.feed(stream.mid(pos, n));
        pos += n;
    }
    return lines;
}

bool sameLines(const QList<LineFramer::Line> &a, const QList<LineFramer::Line> &b)
{
    if (a.size() != b.size())
        return false;
    for (int i = 0; i < a.size(); ++i) {
        if (a[i].bytes != b[i].bytes || a[i].overflowed != b[i].overflowed || a[i].length != b[i].length)
            return false;
    }
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));

    // The whole input as one payload, with the default cap and with a small cap the input chooses.
    checkOne(bytes, kDefaultMaxPayloadBytes);
    const int smallCap = bytes.isEmpty() ? 1 : 1 + uchar(bytes[0]) % 64;
    checkOne(bytes, smallCap);

    // The input as a scanner stream: same lines whole, byte by byte and in input-chosen chunks; each line checked.
    const QByteArray chunkSizes = bytes.left(8);
    const QList<LineFramer::Line> whole = frame(bytes, smallCap, {});
    require(sameLines(whole, frame(bytes, smallCap, QByteArray(1, '\0'))));
    require(sameLines(whole, frame(bytes, smallCap, chunkSizes)));
    for (const LineFramer::Line &l : whole) {
        require(l.length > 0);
        require(!l.bytes.contains('\r') && !l.bytes.contains('\n'));
        require(l.overflowed ? l.bytes.isEmpty() && l.length > smallCap
                             : l.bytes.size() == l.length && l.length <= smallCap);
        if (!l.overflowed)
            checkOne(l.bytes, smallCap);
    }
    return 0;
}
