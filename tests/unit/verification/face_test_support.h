// Shared by the face verification tests: the models (fail loudly when absent), the opencv-doc portraits, and
// OpenCV transforms that make same-face pairs from one portrait.
#pragma once

#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QString>
#include <QTest>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "app/verification/face_config.h"
#include "app/verification/face_engine.h"

namespace kiosk::test {

inline app::FaceConfig faceTestConfig()
{
    app::FaceConfig c;
    const QString env = qEnvironmentVariable("KIOSK_MODEL_DIR");
    const QString src = qEnvironmentVariable("KIOSK_SOURCE_DIR");
    c.modelDir = !env.isEmpty() ? env : (!src.isEmpty() ? src + QStringLiteral("/.cache/models") : QString());
    return c;
}

// Loads the engine or explains how to get the models (the caller QFAILs with the message).
inline std::shared_ptr<app::FaceEngine> loadFaceEngine(const app::FaceConfig &config, QString *whyNot)
{
    const app::FaceEngine::LoadResult r = app::FaceEngine::load(config);
    if (!r.engine)
        *whyNot = QStringLiteral("FACE MODELS MISSING - run packaging/fetch-models.sh (it fills %1): %2")
                      .arg(config.effectiveModelDir(), r.detail);
    return r.engine;
}

inline QString portraitDir()
{
    const QString env = qEnvironmentVariable("KIOSK_TEST_PORTRAITS");
    return env.isEmpty() ? QStringLiteral("/usr/share/doc/opencv-doc/examples") : env;
}

// A portrait from opencv-doc as RGB888 ("data/messi5.jpg"); null with `whyNot` set when it is not installed.
inline QImage portrait(const QString &relative, QString *whyNot)
{
    const QString path = QDir(portraitDir()).filePath(relative);
    QImage img(path);
    if (img.isNull())
        *whyNot = QStringLiteral("test portrait %1 missing - install opencv-doc (packaging/install-deps.sh)").arg(path);
    return img.convertToFormat(QImage::Format_RGB888);
}

inline cv::Mat toMat(const QImage &rgb)
{
    const QImage img = rgb.convertToFormat(QImage::Format_RGB888);
    return cv::Mat(img.height(), img.width(), CV_8UC3, const_cast<uchar *>(img.constBits()), size_t(img.bytesPerLine()))
        .clone();
}

inline QImage toImage(const cv::Mat &rgb)
{
    return QImage(rgb.data, rgb.cols, rgb.rows, int(rgb.step), QImage::Format_RGB888).copy();
}

inline QImage rotated(const QImage &img, double degrees)
{
    const cv::Mat m = toMat(img);
    cv::Mat out;
    const cv::Mat r = cv::getRotationMatrix2D(cv::Point2f(m.cols / 2.f, m.rows / 2.f), degrees, 1.0);
    cv::warpAffine(m, out, r, m.size(), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
    return toImage(out);
}

// Light: out = in * gain + bias.
inline QImage relit(const QImage &img, double gain, double bias)
{
    cv::Mat out;
    toMat(img).convertTo(out, -1, gain, bias);
    return toImage(out);
}

inline QImage blurred(const QImage &img, double sigma)
{
    cv::Mat out;
    cv::GaussianBlur(toMat(img), out, cv::Size(0, 0), sigma);
    return toImage(out);
}

inline QImage jpegged(const QImage &img, int quality)
{
    std::vector<uchar> buf;
    cv::Mat bgr;
    cv::cvtColor(toMat(img), bgr, cv::COLOR_RGB2BGR);
    cv::imencode(".jpg", bgr, buf, {cv::IMWRITE_JPEG_QUALITY, quality});
    cv::Mat back = cv::imdecode(buf, cv::IMREAD_COLOR);
    cv::cvtColor(back, back, cv::COLOR_BGR2RGB);
    return toImage(back);
}

// A head turned a little: a perspective warp that narrows one side of the face.
inline QImage posed(const QImage &img, const QRectF &face, double amount)
{
    const cv::Mat m = toMat(img);
    const float l = float(face.left()), r = float(face.right()), t = float(face.top()), b = float(face.bottom());
    const float dy = float(face.height() * amount);
    const cv::Point2f src[4] = {{l, t}, {r, t}, {r, b}, {l, b}};
    const cv::Point2f dst[4] = {
        {l, t}, {r - float(face.width() * amount), t + dy}, {r - float(face.width() * amount), b - dy}, {l, b}};
    cv::Mat out;
    cv::warpPerspective(m, out, cv::getPerspectiveTransform(src, dst), m.size(), cv::INTER_LINEAR,
                        cv::BORDER_REPLICATE);
    return toImage(out);
}

// A region around the face scaled to `size` (a camera frame with the face large, or a 102x126 ID photo):
// `faceShare` is the face box's width as a share of the output width; the face sits slightly above the centre.
inline QImage framed(const QImage &img, const QRectF &face, const QSize &size, double faceShare)
{
    const double w = face.width() / faceShare;
    const double h = w * size.height() / size.width();
    const QPointF c = face.center() + QPointF(0, face.height() * 0.1);
    const cv::Rect roi(int(c.x() - w / 2), int(c.y() - h / 2), int(w), int(h));
    const cv::Mat m = toMat(img);
    cv::Mat padded;
    const int pad = int(std::max(w, h));
    cv::copyMakeBorder(m, padded, pad, pad, pad, pad, cv::BORDER_REPLICATE);
    cv::Mat out;
    cv::resize(padded(roi + cv::Point(pad, pad)), out, cv::Size(size.width(), size.height()), 0, 0,
               w < size.width() ? cv::INTER_CUBIC : cv::INTER_AREA);
    return toImage(out);
}

} // namespace kiosk::test
