// Shared by the face verification tests: the models (fail loudly when absent), the opencv-doc portraits, and
// OpenCV transforms that make same-face pairs from one portrait.
#pragma once

#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QImage>
#include <QString>
#include <QTest>

#include <cmath>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/objdetect.hpp>

#include "app/consent/consent_gate.h"
#include "app/verification/face_config.h"
#include "app/verification/face_engine.h"
#include "unit/consent/fake_frame_source.h"

namespace kiosk::test {

inline app::FaceConfig faceTestConfig()
{
    app::FaceConfig c;
    const QString env = qEnvironmentVariable("KIOSK_MODEL_DIR");
    const QString src = qEnvironmentVariable("KIOSK_SOURCE_DIR");
    c.modelDir = !env.isEmpty() ? env : (!src.isEmpty() ? src + QStringLiteral("/.cache/models") : QString());
    c.demo = true; // the default models are not cleared for production: tests run as a demo kiosk does
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
// Where the faces of the opencv-doc portraits the tests use are (make-face-clips.sh uses the same).
inline QPointF messiFace()
{
    return {242, 112};
}
inline QPointF basketball1Face()
{
    return {88, 113};
}

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

// Where the face is in a full portrait (the opencv-doc ones have 40 px faces, too small for the selfie-range
// detector): the Haar detection nearest `near` (the largest one without it), empty when there is none.
inline QRectF haarFace(const QImage &img, const QPointF &near = QPointF(-1, -1))
{
    cv::CascadeClassifier haar;
    if (!haar.load("/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml"))
        return {};
    cv::Mat grey;
    cv::cvtColor(toMat(img), grey, cv::COLOR_RGB2GRAY);
    std::vector<cv::Rect> faces;
    haar.detectMultiScale(grey, faces, 1.1, 4, 0, cv::Size(24, 24));
    if (faces.empty())
        return {};
    auto away = [&near](const cv::Rect &a) {
        return std::hypot(a.x + a.width / 2.0 - near.x(), a.y + a.height / 2.0 - near.y());
    };
    const cv::Rect r =
        near.x() < 0 ? *std::max_element(faces.begin(), faces.end(),
                                         [](const cv::Rect &a, const cv::Rect &b) { return a.area() < b.area(); })
                     : *std::min_element(faces.begin(), faces.end(),
                                         [&away](const cv::Rect &a, const cv::Rect &b) { return away(a) < away(b); });
    return QRectF(r.x, r.y, r.width, r.height);
}

// A real head turning (yaw) or nodding (pitch) by `degrees`, rendered from a frontal frame: the face is given a
// depth (a bump centred on the nose, `faceWidth` wide) and each pixel moves by its depth times sin(angle), so the nose
// moves more than the eyes and the mouth, as on a head, and unlike on a photo that is tilted as a whole.
inline QImage headMoved(const QImage &img, const QPointF &nose, double faceWidth, double degrees, bool nod)
{
    const cv::Mat src = toMat(img);
    cv::Mat mapX(src.size(), CV_32F), mapY(src.size(), CV_32F);
    const double s = std::sin(degrees * M_PI / 180), c = std::cos(degrees * M_PI / 180);
    const double depth = 0.5 * faceWidth, sigma = 0.35 * faceWidth, head = 0.6 * faceWidth;
    for (int y = 0; y < src.rows; ++y)
        for (int x = 0; x < src.cols; ++x) {
            const double dx = x - nose.x(), dy = y - nose.y();
            const double r2 = dx * dx + dy * dy;
            // Inside the head: the bump's depth and the head's foreshortening; outside: the background stays.
            const double inside = std::exp(-r2 / (2 * head * head));
            const double z = depth * std::exp(-r2 / (2 * sigma * sigma));
            double sx = x, sy = y;
            if (nod)
                sy = nose.y() + (dy - z * s) / (1 - (1 - c) * inside);
            else
                sx = nose.x() + (dx - z * s) / (1 - (1 - c) * inside);
            mapX.at<float>(y, x) = float(sx);
            mapY.at<float>(y, x) = float(sy);
        }
    cv::Mat out;
    cv::remap(src, out, mapX, mapY, cv::INTER_LINEAR, cv::BORDER_REPLICATE);
    return toImage(out);
}

// The head in `frontal` performing each challenge as a citizen does when asked (turn to their left, to their right,
// nod, here chin up: 8 frames out, held and back, about 0.3 s at 25 fps), keyed by int(FaceChallenge). Empty when
// `engine` finds no face.
inline QHash<int, QList<QImage>> headMovements(app::FaceEngine &engine, const QImage &frontal)
{
    app::FaceAnalysisOptions o;
    o.embedding = false;
    const app::FaceObservation front = engine.analyze(frontal, o);
    QHash<int, QList<QImage>> out;
    if (!front.faceFound)
        return out;
    const struct {
        app::FaceChallenge challenge;
        double sign;
        bool nod;
    } moves[] = {{app::FaceChallenge::TurnLeft, 1, false},
                 {app::FaceChallenge::TurnRight, -1, false},
                 {app::FaceChallenge::Nod, -1, true}};
    for (const auto &m : moves)
        for (double deg : {10.0, 20.0, 30.0, 30.0, 30.0, 30.0, 20.0, 10.0})
            out[int(m.challenge)] << headMoved(frontal, front.keypoints[2], front.box.width(), m.sign * deg, m.nod);
    return out;
}

// A head turned a little, or a flat photo turned about its vertical axis (`vertical`: tilted about its horizontal
// axis): a perspective warp that narrows one side of the face.
inline QImage posed(const QImage &img, const QRectF &face, double amount, bool vertical = false)
{
    const cv::Mat m = toMat(img);
    const float l = float(face.left()), r = float(face.right()), t = float(face.top()), b = float(face.bottom());
    const float dy = float(face.height() * amount), dx = float(face.width() * amount);
    const cv::Point2f src[4] = {{l, t}, {r, t}, {r, b}, {l, b}};
    const cv::Point2f dst[4] = {{l, t}, {r - dx, t + dy}, {r - dx, b - dy}, {l, b}};
    const cv::Point2f dstV[4] = {{l, t}, {r, t}, {r - dx, b - dy}, {l + dx, b - dy}};
    cv::Mat out;
    cv::warpPerspective(m, out, cv::getPerspectiveTransform(src, vertical ? dstV : dst), m.size(), cv::INTER_LINEAR,
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

// A consent gate over a fake camera with the citizen's "agree" given: what a verification needs to start.
struct AgreedCamera {
    FakeFrameSource *camera = nullptr;
    std::unique_ptr<app::ConsentGate> gate;
};
inline AgreedCamera agreedCamera(const QString &item)
{
    auto cam = std::make_unique<FakeFrameSource>();
    AgreedCamera a;
    a.camera = cam.get();
    a.gate = std::make_unique<app::ConsentGate>(std::move(cam));
    a.gate->present(QStringLiteral("zh_CN"), item);
    a.gate->agree();
    return a;
}

// One version of one face in the labelled set the threshold is calibrated on (bench_face): `person` says who it is.
struct LabelledFace {
    QString person;  // messi, bb (basketball1 and basketball2 are one player), drawn, robot
    QString variant; // e.g. "messi.cam.rotated+12"
    QImage image;
};

// Every labelled face the opencv-doc portraits give: each portrait's face as an ID photo and as a camera frame, and
// the camera frame rotated, relit, blurred, JPEG'd and posed (same-person pairs among them); different portraits give
// the different-person pairs. Few people (two real ones, one drawn, one robot) and none East-Asian: a stand-in for a
// province's own labelled set, not a production calibration. Null list with `whyNot` set when opencv-doc is missing.
inline QList<LabelledFace> labelledFaces(QString *whyNot)
{
    struct Source {
        const char *person, *tag, *file;
        QPointF near;
    };
    const Source sources[] = {{"messi", "messi", "data/messi5.jpg", messiFace()},
                              {"bb", "bb1", "data/basketball1.png", basketball1Face()},
                              {"bb", "bb2", "data/basketball2.png", basketball1Face()},
                              {"drawn", "drawn", "fuzzy/input.png", QPointF(-1, -1)},
                              {"robot", "robot", "data/ml.png", QPointF(-1, -1)}};
    QList<LabelledFace> out;
    for (const Source &s : sources) {
        const QImage img = portrait(QLatin1String(s.file), whyNot);
        if (img.isNull())
            return {};
        const QRectF box = haarFace(img, s.near);
        if (box.isEmpty())
            continue;
        const QString tag = QLatin1String(s.tag), person = QLatin1String(s.person);
        const QImage cam = framed(img, box, QSize(640, 480), 0.33);
        out << LabelledFace{person, tag + ".id", framed(img, box, QSize(102, 126), 0.55)}
            << LabelledFace{person, tag + ".cam", cam}
            << LabelledFace{person, tag + ".cam.rotated+12", rotated(cam, 12)}
            << LabelledFace{person, tag + ".cam.rotated-12", rotated(cam, -12)}
            << LabelledFace{person, tag + ".cam.dark", relit(cam, 0.55, 0)}
            << LabelledFace{person, tag + ".cam.bright", relit(cam, 1.2, 12)}
            << LabelledFace{person, tag + ".cam.blurred", blurred(cam, 1.6)}
            << LabelledFace{person, tag + ".cam.jpeg25", jpegged(cam, 25)}
            << LabelledFace{person, tag + ".cam.posed", posed(cam, QRectF(220, 120, 200, 240), 0.12)}
            << LabelledFace{person, tag + ".half", framed(img, box, QSize(640, 480), 0.2)};
    }
    return out;
}

} // namespace kiosk::test
