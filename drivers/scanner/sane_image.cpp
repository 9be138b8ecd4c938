// SANE frame data to QImage (see sane_image.h).
#include "drivers/scanner/sane_image.h"

#include <cstring>

namespace kiosk::drivers {

namespace {

// One channel sample at `index` of a line, reduced to 8 bits.
inline uchar sample(const uchar *line, int index, int depth)
{
    switch (depth) {
    case 1: return (line[index / 8] & (0x80 >> (index % 8))) ? 0 : 255;
    case 8: return line[index];
    default: {
        quint16 v;
        std::memcpy(&v, line + 2 * index, 2);
        return uchar(v >> 8);
    }
    }
}

int linesIn(const SaneFrameData &f)
{
    const int bpl = f.params.bytes_per_line;
    if (bpl <= 0)
        return 0;
    const int available = int(f.bytes.size() / bpl);
    return f.params.lines < 0 ? available : qMin(available, int(f.params.lines));
}

} // namespace

SaneImageResult assembleSaneImage(const QList<SaneFrameData> &frames)
{
    SaneImageResult r;
    if (frames.isEmpty()) {
        r.error = QStringLiteral("no frame data");
        return r;
    }
    const SANE_Parameters &p0 = frames.first().params;
    const int depth = p0.depth;
    const int width = p0.pixels_per_line;
    if (depth != 1 && depth != 8 && depth != 16) {
        r.error = QStringLiteral("unsupported sample depth %1").arg(depth);
        return r;
    }
    if (width <= 0) {
        r.error = QStringLiteral("invalid line width %1").arg(width);
        return r;
    }

    if (frames.size() == 1 && (p0.format == SANE_FRAME_GRAY || p0.format == SANE_FRAME_RGB)) {
        const SaneFrameData &f = frames.first();
        const int channels = p0.format == SANE_FRAME_RGB ? 3 : 1;
        if (channels == 3 && depth == 1) {
            r.error = QStringLiteral("1-bit colour scans are not supported");
            return r;
        }
        const qint64 needed = (qint64(width) * channels * depth + 7) / 8;
        if (p0.bytes_per_line < needed) {
            r.error = QStringLiteral("line of %1 bytes is too short for %2 pixels").arg(p0.bytes_per_line).arg(width);
            return r;
        }
        const int height = linesIn(f);
        if (height <= 0) {
            r.error = QStringLiteral("the scan returned no complete line");
            return r;
        }
        QImage img(width, height, channels == 3 ? QImage::Format_RGB888 : QImage::Format_Grayscale8);
        if (img.isNull()) {
            r.error = QStringLiteral("out of memory for a %1x%2 image").arg(width).arg(height);
            return r;
        }
        const auto *src = reinterpret_cast<const uchar *>(f.bytes.constData());
        for (int y = 0; y < height; ++y) {
            const uchar *line = src + qint64(y) * p0.bytes_per_line;
            uchar *dst = img.scanLine(y);
            if (depth == 8) {
                std::memcpy(dst, line, size_t(width) * channels);
            } else {
                for (int i = 0; i < width * channels; ++i)
                    dst[i] = sample(line, i, depth);
            }
        }
        r.image = img;
        return r;
    }

    // Three-pass: one gray-like frame per colour, in whatever order the backend chose.
    const SaneFrameData *planes[3] = {nullptr, nullptr, nullptr};
    for (const SaneFrameData &f : frames) {
        int c = -1;
        switch (f.params.format) {
        case SANE_FRAME_RED: c = 0; break;
        case SANE_FRAME_GREEN: c = 1; break;
        case SANE_FRAME_BLUE: c = 2; break;
        default: break;
        }
        if (c < 0 || planes[c] || f.params.pixels_per_line != width || f.params.depth != depth ||
            f.params.bytes_per_line < (qint64(width) * depth + 7) / 8) {
            r.error = QStringLiteral("inconsistent three-pass frames");
            return r;
        }
        planes[c] = &f;
    }
    if (!planes[0] || !planes[1] || !planes[2]) {
        r.error = QStringLiteral("a three-pass scan is missing a colour");
        return r;
    }
    const int height = qMin(linesIn(*planes[0]), qMin(linesIn(*planes[1]), linesIn(*planes[2])));
    if (height <= 0) {
        r.error = QStringLiteral("the scan returned no complete line");
        return r;
    }
    QImage img(width, height, QImage::Format_RGB888);
    if (img.isNull()) {
        r.error = QStringLiteral("out of memory for a %1x%2 image").arg(width).arg(height);
        return r;
    }
    for (int y = 0; y < height; ++y) {
        uchar *dst = img.scanLine(y);
        for (int c = 0; c < 3; ++c) {
            const auto *line = reinterpret_cast<const uchar *>(planes[c]->bytes.constData()) +
                               qint64(y) * planes[c]->params.bytes_per_line;
            for (int x = 0; x < width; ++x)
                dst[3 * x + c] = sample(line, x, depth);
        }
    }
    r.image = img;
    return r;
}

} // namespace kiosk::drivers
