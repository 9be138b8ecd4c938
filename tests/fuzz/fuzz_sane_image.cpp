// libFuzzer target: the scanner driver's assembly of SANE frames into an image (drivers/scanner/sane_image). The
// input is one to three frames, each a header of five little-endian int32 (format, depth, pixels_per_line,
// bytes_per_line, lines) and a uint16 length, then that many frame bytes (the last frame takes the rest). Never a
// crash or a sanitizer report (no read outside the frame bytes, no signed overflow); a failure has a message and no
// image; an accepted image has the frames' width, at least one line, no more lines than the frames hold complete (and
// than `lines` says when it is known), the format the frames call for, and every pixel equal to an independent
// reading of the bytes (8 bits as is, 16 bits by their high byte in host order, 1 bit set = black).
#include <QImage>
#include <QList>

#include <cstdint>
#include <cstring>

#include "drivers/scanner/sane_image.h"
#include "tests/fuzz/fuzz_require.h"

using kiosk::fuzz::require;
using namespace kiosk::drivers;

namespace {

struct Reader {
    const std::uint8_t *data;
    std::size_t size;
    std::size_t pos = 0;
    std::uint32_t u(int bytes)
    {
        std::uint32_t v = 0;
        for (int i = 0; i < bytes; ++i)
            v |= std::uint32_t(pos < size ? data[pos++] : 0) << (8 * i);
        return v;
    }
    std::int32_t i32() { return std::int32_t(u(4)); }
};

// Sample `index` of a line at `depth`, reduced to 8 bits, read only after checking it lies inside `bytes`.
int expectedSample(const QByteArray &bytes, qint64 lineStart, qint64 index, int depth)
{
    const qint64 at = depth == 1 ? lineStart + index / 8 : lineStart + index * (depth / 8);
    require(at >= 0 && at + (depth == 16 ? 2 : 1) <= bytes.size());
    const auto *p = reinterpret_cast<const uchar *>(bytes.constData()) + at;
    switch (depth) {
    case 1: return (p[0] & (0x80 >> (index % 8))) ? 0 : 255;
    case 8: return p[0];
    default: {
        quint16 v;
        std::memcpy(&v, p, 2);
        return v >> 8;
    }
    }
}

int completeLines(const SaneFrameData &f)
{
    const qint64 bpl = f.params.bytes_per_line;
    const qint64 available = bpl > 0 ? f.bytes.size() / bpl : 0;
    return int(f.params.lines < 0 ? available : qMin<qint64>(available, f.params.lines));
}

void checkImage(const QList<SaneFrameData> &frames, const SaneImageResult &r)
{
    const SANE_Parameters &p0 = frames.first().params;
    const QImage &img = r.image;
    require(!img.isNull() && img.width() == p0.pixels_per_line && img.height() >= 1);
    require(p0.depth == 1 || p0.depth == 8 || p0.depth == 16);
    const int depth = p0.depth;
    const bool single = frames.size() == 1 && (p0.format == SANE_FRAME_GRAY || p0.format == SANE_FRAME_RGB);
    if (single) {
        const SaneFrameData &f = frames.first();
        const int channels = p0.format == SANE_FRAME_RGB ? 3 : 1;
        require(img.format() == (channels == 3 ? QImage::Format_RGB888 : QImage::Format_Grayscale8));
        require(img.height() <= completeLines(f));
        require(qint64(img.height()) * f.params.bytes_per_line <= f.bytes.size());
        require((qint64(img.width()) * channels * depth + 7) / 8 <= f.params.bytes_per_line);
        for (int y = 0; y < img.height(); ++y) {
            const uchar *line = img.constScanLine(y);
            for (qint64 i = 0; i < qint64(img.width()) * channels; ++i)
                require(line[i] == expectedSample(f.bytes, qint64(y) * f.params.bytes_per_line, i, depth));
        }
        return;
    }
    require(img.format() == QImage::Format_RGB888);
    const SaneFrameData *planes[3] = {nullptr, nullptr, nullptr};
    for (const SaneFrameData &f : frames) {
        require(f.params.format >= SANE_FRAME_RED && f.params.format <= SANE_FRAME_BLUE);
        require(f.params.pixels_per_line == p0.pixels_per_line && f.params.depth == depth);
        const int c = f.params.format - SANE_FRAME_RED;
        require(!planes[c]);
        planes[c] = &f;
        require(img.height() <= completeLines(f));
        require((qint64(img.width()) * depth + 7) / 8 <= f.params.bytes_per_line);
    }
    require(planes[0] && planes[1] && planes[2]);
    for (int y = 0; y < img.height(); ++y) {
        const uchar *line = img.constScanLine(y);
        for (int c = 0; c < 3; ++c) {
            for (qint64 x = 0; x < img.width(); ++x)
                require(line[3 * x + c] ==
                        expectedSample(planes[c]->bytes, qint64(y) * planes[c]->params.bytes_per_line, x, depth));
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    Reader in{data, size};
    const int count = 1 + int(in.u(1) % 3);
    QList<SaneFrameData> frames;
    for (int i = 0; i < count; ++i) {
        SaneFrameData f;
        f.params.format = SANE_Frame(in.u(4) % 6); // GRAY RGB RED GREEN BLUE, and 5: none of them
        f.params.last_frame = i == count - 1 ? SANE_TRUE : SANE_FALSE;
        f.params.depth = in.i32();
        f.params.pixels_per_line = in.i32();
        f.params.bytes_per_line = in.i32();
        f.params.lines = in.i32();
        const std::size_t left = in.pos < size ? size - in.pos : 0;
        const std::size_t length = i == count - 1 ? left : qMin<std::size_t>(in.u(2), left);
        const std::size_t from = qMin(in.pos, size);
        f.bytes = QByteArray(reinterpret_cast<const char *>(data + from), qsizetype(qMin(length, size - from)));
        in.pos = from + std::size_t(f.bytes.size());
        frames << f;
    }
    const SaneImageResult r = assembleSaneImage(frames);
    if (!r.ok()) {
        require(r.image.isNull());
        return 0;
    }
    checkImage(frames, r);
    return 0;
}
