// Copies between QImage and cv::Mat for the materials code (internal: OpenCV stays out of the public headers).
#pragma once

#include <QImage>

#include <opencv2/core.hpp>

namespace kiosk::app::materials_detail {

// 8-bit single-channel copy of any QImage (colour is converted with Qt's luminance weights).
cv::Mat toGrayMat(const QImage &image);
// Deep copy of an 8-bit single-channel Mat into a Format_Grayscale8 QImage.
QImage toGrayImage(const cv::Mat &gray);
// Sets dots-per-metre so Tesseract and the encoders know the resolution.
void setDpi(QImage *image, int dpi);
int dpiOf(const QImage &image, int fallback);

} // namespace kiosk::app::materials_detail
