// Copies between QImage and cv::Mat for the materials code.
#include "app/materials/cv_bridge.h"

#include <opencv2/imgproc.hpp>

#include <cmath>
#include <cstring>

namespace kiosk::app::materials_detail {

cv::Mat toGrayMat(const QImage &image)
{
    if (image.isNull())
        return {};
    // OpenCV's SIMD conversions on the QImage's own buffer: a 12 MP photo costs a few ms instead of Qt's ~50.
    auto wrap = [&image](int type) {
        return cv::Mat(image.height(), image.width(), type, const_cast<uchar *>(image.constBits()),
                       size_t(image.bytesPerLine()));
    };
    cv::Mat out;
    switch (image.format()) {
    case QImage::Format_Grayscale8: wrap(CV_8UC1).copyTo(out); break;
    case QImage::Format_RGB888: cv::cvtColor(wrap(CV_8UC3), out, cv::COLOR_RGB2GRAY); break;
    case QImage::Format_BGR888: cv::cvtColor(wrap(CV_8UC3), out, cv::COLOR_BGR2GRAY); break;
    case QImage::Format_RGB32:
    case QImage::Format_ARGB32:
    case QImage::Format_ARGB32_Premultiplied:
        if (Q_BYTE_ORDER != Q_LITTLE_ENDIAN) // 0xAARRGGBB words are B, G, R, A bytes only on little-endian hosts
            return toGrayMat(image.convertToFormat(QImage::Format_RGB888));
        cv::cvtColor(wrap(CV_8UC4), out, cv::COLOR_BGRA2GRAY);
        break;
    default: return toGrayMat(image.convertToFormat(QImage::Format_RGB888));
    }
    return out;
}

QImage toGrayImage(const cv::Mat &gray)
{
    if (gray.empty() || gray.type() != CV_8UC1)
        return {};
    QImage out(gray.cols, gray.rows, QImage::Format_Grayscale8);
    for (int y = 0; y < gray.rows; ++y)
        std::memcpy(out.scanLine(y), gray.ptr(y), size_t(gray.cols));
    return out;
}

void setDpi(QImage *image, int dpi)
{
    const int dpm = int(std::lround(dpi / 0.0254));
    image->setDotsPerMeterX(dpm);
    image->setDotsPerMeterY(dpm);
}

int dpiOf(const QImage &image, int fallback)
{
    const int dpi = int(std::lround(image.dotsPerMeterX() * 0.0254));
    // Qt's default for a fresh QImage is 72 dpi (2835 dpm): treat it as unknown.
    return (dpi < 50 || dpi == 72 || dpi > 1200) ? fallback : dpi;
}

} // namespace kiosk::app::materials_detail
