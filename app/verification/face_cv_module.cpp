// libkiosk_face_cv.so: the OpenCV DNN face pipeline behind face_cv_module.h. Pre- and post-processing follow the
// models' reference JavaScript (the npm package the models come from): RGB input, (x - 127) / 128 for detection and
// embedding, grey / 256 for landmarks, raw 0-255 for liveness; landmarks are relative to the face box; alignment maps
// eye centres and nose tip onto the 112x112 reference points. Every intermediate image is zeroed before release.
#include "app/verification/face_cv_module.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QMutex>

#include <opencv2/dnn.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/objdetect.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <list>

namespace kiosk::app::facecv {

namespace {

Q_LOGGING_CATEGORY(lcFaceCv, "kiosk.app.verification.engine")

constexpr int kDetectW = 320;
constexpr int kDetectH = 240;
constexpr int kLandmarkSize = 64;
constexpr int kAlignedSize = 112;
constexpr int kLivenessSize = 128;
constexpr float kLivenessCropScale = 2.7f;

// Reference positions of left eye, right eye and nose tip in the 112x112 aligned face (ArcFace convention).
const std::array<cv::Point2f, 3> kAlignedRef = {cv::Point2f(38.29459953f, 51.69630051f),
                                                cv::Point2f(73.53179932f, 51.50139999f),
                                                cv::Point2f(56.02519989f, 71.73660278f)};

void wipeMat(cv::Mat &m)
{
    if (!m.empty() && m.u) // only memory this Mat owns (not a header over someone else's pixels)
        m.setTo(cv::Scalar::all(0));
    m.release();
}

// Keeps a list of intermediate images and zeroes them all when the analysis ends, whichever way it ends.
class Scratch
{
public:
    ~Scratch()
    {
        for (cv::Mat &m : mats_)
            wipeMat(m);
    }
    cv::Mat &make()
    {
        mats_.emplace_back();
        return mats_.back();
    }

private:
    std::list<cv::Mat> mats_; // std::list: references stay valid as more are made
};

cv::Rect clampRect(cv::Rect r, const cv::Size &size)
{
    return r & cv::Rect(0, 0, size.width, size.height);
}

cv::Point2f mean(const std::vector<cv::Point2f> &p, std::initializer_list<int> ids)
{
    cv::Point2f s(0, 0);
    for (int i : ids)
        s += p[size_t(i)];
    return s * (1.0f / float(ids.size()));
}

double dist(const cv::Point2f &a, const cv::Point2f &b)
{
    return std::hypot(double(a.x - b.x), double(a.y - b.y));
}

class CvPipeline : public Pipeline
{
public:
    QMutex mutex;
    cv::dnn::Net detector, landmarks, embedder, liveness;
    cv::CascadeClassifier haar;
    bool haarLoaded = false;
    double detectionThreshold = 0.65;

    struct Detection {
        bool found = false;
        float score = 0;
        cv::Rect2f box; // square, in frame pixels
    };

    Detection detect(const cv::Mat &rgb, Scratch &scratch)
    {
        // The detector expects 4:3; pad (right/bottom, mid-grey) rather than stretch other shapes such as the
        // 102x126 card photo, so faces keep their proportions and the box coordinates their origin.
        const double want = double(kDetectW) / kDetectH, have = double(rgb.cols) / rgb.rows;
        int cw = rgb.cols, ch = rgb.rows;
        if (have < want * 0.95)
            cw = int(std::lround(rgb.rows * want));
        else if (have > want * 1.05)
            ch = int(std::lround(rgb.cols / want));
        cv::Mat src = rgb;
        if (cw != rgb.cols || ch != rgb.rows) {
            cv::Mat &padded = scratch.make();
            cv::copyMakeBorder(rgb, padded, 0, ch - rgb.rows, 0, cw - rgb.cols, cv::BORDER_CONSTANT,
                               cv::Scalar::all(127));
            src = padded;
        }
        cv::Mat &small = scratch.make();
        cv::resize(src, small, cv::Size(kDetectW, kDetectH));
        cv::Mat &blob = scratch.make();
        blob = cv::dnn::blobFromImage(small, 1.0 / 128, cv::Size(kDetectW, kDetectH), cv::Scalar(127, 127, 127), false,
                                      false, CV_32F);
        detector.setInput(blob);
        std::vector<cv::Mat> outs;
        detector.forward(outs, detector.getUnconnectedOutLayersNames());
        cv::Mat scores, boxes;
        for (const cv::Mat &o : outs) {
            if (o.dims == 3 && o.size[2] == 2)
                scores = o;
            else if (o.dims == 3 && o.size[2] == 4)
                boxes = o;
        }
        Detection d;
        if (scores.empty() || boxes.empty())
            return d;
        const int n = scores.size[1];
        const float *s = scores.ptr<float>();
        const float *b = boxes.ptr<float>();
        int best = -1;
        for (int i = 0; i < n; ++i) {
            if (s[2 * i + 1] >= detectionThreshold && (best < 0 || s[2 * i + 1] > s[2 * best + 1]))
                best = i;
        }
        if (best < 0)
            return d;
        // The model gives normalised corners; the reference code squares the box on its height.
        const float x1 = b[4 * best] * float(cw), y1 = b[4 * best + 1] * float(ch);
        const float x2 = b[4 * best + 2] * float(cw), y2 = b[4 * best + 3] * float(ch);
        const float side = y2 - y1;
        if (side < 4)
            return d;
        const float cx = (x1 + x2) / 2, cy = (y1 + y2) / 2;
        d.found = true;
        d.score = s[2 * best + 1];
        d.box = cv::Rect2f(cx - side / 2, cy - side / 2, side, side);
        return d;
    }

    std::vector<cv::Point2f> landmarksFor(const cv::Mat &rgb, const cv::Rect2f &box, Scratch &scratch)
    {
        const cv::Rect r = clampRect(cv::Rect(box), rgb.size());
        if (r.width < 4 || r.height < 4)
            return {};
        cv::Mat &crop = scratch.make();
        cv::resize(rgb(r), crop, cv::Size(kLandmarkSize, kLandmarkSize));
        cv::Mat &grey = scratch.make();
        cv::cvtColor(crop, grey, cv::COLOR_RGB2GRAY);
        cv::Mat &blob = scratch.make();
        blob = cv::dnn::blobFromImage(grey, 1.0 / 256, cv::Size(), cv::Scalar(), false, false, CV_32F);
        landmarks.setInput(blob);
        const cv::Mat out = landmarks.forward();
        if (out.total() < 136)
            return {};
        const float *p = out.ptr<float>();
        std::vector<cv::Point2f> pts(68);
        for (int i = 0; i < 68; ++i)
            pts[size_t(i)] =
                cv::Point2f(p[2 * i] * float(r.width) + float(r.x), p[2 * i + 1] * float(r.height) + float(r.y));
        return pts;
    }

    std::vector<float> embed(const cv::Mat &rgb, const std::vector<cv::Point2f> &pts, Scratch &scratch)
    {
        const std::array<cv::Point2f, 3> src = {mean(pts, {37, 38, 40, 41}), mean(pts, {43, 44, 46, 47}), pts[30]};
        const cv::Mat transform = cv::getAffineTransform(src.data(), kAlignedRef.data());
        cv::Mat &aligned = scratch.make();
        cv::warpAffine(rgb, aligned, transform, cv::Size(kAlignedSize, kAlignedSize));
        cv::Mat &blob = scratch.make();
        blob = cv::dnn::blobFromImage(aligned, 1.0 / 128, cv::Size(), cv::Scalar(127, 127, 127), false, false, CV_32F);
        embedder.setInput(blob);
        cv::Mat out = embedder.forward();
        std::vector<float> v(out.ptr<float>(), out.ptr<float>() + out.total());
        wipeMat(out);
        return v;
    }

    double live(const cv::Mat &rgb, const cv::Rect2f &box, Scratch &scratch)
    {
        // The reference crop: the box scaled by 2.7 about its centre, shifted (not shrunk) to stay inside the frame.
        const float scale =
            std::min({float(rgb.rows - 1) / box.height, float(rgb.cols - 1) / box.width, kLivenessCropScale});
        const float w = box.width * scale, h = box.height * scale;
        const float cx = box.x + box.width / 2, cy = box.y + box.height / 2;
        float l = cx - w / 2, t = cy - h / 2, r = cx + w / 2, b = cy + h / 2;
        if (l < 0) {
            r -= l;
            l = 0;
        }
        if (t < 0) {
            b -= t;
            t = 0;
        }
        if (r > float(rgb.cols - 1)) {
            l -= r - float(rgb.cols - 1);
            r = float(rgb.cols - 1);
        }
        if (b > float(rgb.rows - 1)) {
            t -= b - float(rgb.rows - 1);
            b = float(rgb.rows - 1);
        }
        const cv::Rect rect = clampRect(cv::Rect(int(l), int(t), int(r - l), int(b - t)), rgb.size());
        if (rect.width < 4 || rect.height < 4)
            return -1;
        cv::Mat &crop = scratch.make();
        cv::resize(rgb(rect), crop, cv::Size(kLivenessSize, kLivenessSize));
        cv::Mat &blob = scratch.make();
        blob = cv::dnn::blobFromImage(crop, 1.0, cv::Size(), cv::Scalar(), false, false, CV_32F);
        liveness.setInput(blob);
        const cv::Mat out = liveness.forward();
        if (out.total() < 3)
            return -1;
        const float *p = out.ptr<float>();
        const float m = std::max({p[0], p[1], p[2]});
        const double e0 = std::exp(p[0] - m), e1 = std::exp(p[1] - m), e2 = std::exp(p[2] - m);
        return e0 / (e0 + e1 + e2); // class 0: live; 1 and 2: presentation attacks
    }

    bool haarSeesFace(const cv::Mat &rgb, Scratch &scratch)
    {
        cv::Mat &grey = scratch.make();
        const double f = rgb.cols > 320 ? 320.0 / rgb.cols : 1.0;
        cv::Mat &small = scratch.make();
        cv::resize(rgb, small, cv::Size(), f, f, cv::INTER_AREA);
        cv::cvtColor(small, grey, cv::COLOR_RGB2GRAY);
        std::vector<cv::Rect> faces;
        haar.detectMultiScale(grey, faces, 1.2, 3, 0, cv::Size(20, 20));
        return !faces.empty();
    }

    Analysis analyze(const QImage &rgbImage, const FaceAnalysisOptions &options,
                     const std::function<bool()> &cancelled) override;
    void scrub() override;
    bool hasHaarCascade() const override { return haarLoaded; }
};

Analysis CvPipeline::analyze(const QImage &rgbImage, const FaceAnalysisOptions &options,
                             const std::function<bool()> &cancelled)
{
    Analysis obs;
    auto stop = [&] {
        if (cancelled && cancelled()) {
            obs.cancelled = true;
            return true;
        }
        return false;
    };
    const cv::Mat rgb(rgbImage.height(), rgbImage.width(), CV_8UC3, const_cast<uchar *>(rgbImage.constBits()),
                      size_t(rgbImage.bytesPerLine()));
    QMutexLocker lock(&mutex);
    Scratch scratch;
    try {
        if (options.haarGate && haarLoaded && !haarSeesFace(rgb, scratch)) {
            obs.gatedOut = true;
        } else if (!stop()) {
            const Detection det = detect(rgb, scratch);
            if (det.found && !stop()) {
                obs.faceFound = true;
                obs.detectionScore = det.score;
                obs.box = QRectF(det.box.x, det.box.y, det.box.width, det.box.height);
                const cv::Rect inside = clampRect(cv::Rect(det.box), rgb.size());
                if (inside.area() > 0) {
                    cv::Mat &grey = scratch.make();
                    cv::cvtColor(rgb(inside), grey, cv::COLOR_RGB2GRAY);
                    obs.brightness = cv::mean(grey)[0];
                }
                const std::vector<cv::Point2f> pts = landmarksFor(rgb, det.box, scratch);
                if (pts.size() == 68) {
                    const cv::Point2f le = mean(pts, {37, 38, 40, 41}), re = mean(pts, {43, 44, 46, 47});
                    const double eyes = std::max(1.0, dist(le, re));
                    obs.yaw = (double(pts[30].x) - (le.x + re.x) / 2.0) / eyes;
                    const double left =
                        (dist(pts[37], pts[41]) + dist(pts[38], pts[40])) / std::max(1.0, 2 * dist(pts[36], pts[39]));
                    const double right =
                        (dist(pts[43], pts[47]) + dist(pts[44], pts[46])) / std::max(1.0, 2 * dist(pts[42], pts[45]));
                    obs.eyeOpenness = (left + right) / 2;
                    if (options.embedding && !stop())
                        obs.embedding = embed(rgb, pts, scratch);
                }
                if (options.liveness && !stop())
                    obs.liveness = live(rgb, det.box, scratch);
            }
        }
    } catch (const cv::Exception &e) {
        // A malformed frame must not end the visit: report "no face" for it.
        qCWarning(lcFaceCv) << "analysis failed:" << e.what();
        obs.faceFound = false;
        std::fill(obs.embedding.begin(), obs.embedding.end(), 0.0f);
        obs.embedding.clear();
    }
    return obs;
}

void CvPipeline::scrub()
{
    QElapsedTimer timer;
    timer.start();
    QMutexLocker lock(&mutex);
    try {
        // Noise, not zeros: an all-zero input drove some layers into denormal arithmetic (a 50 ms pass took minutes
        // on a pool thread). A fixed seed keeps it deterministic.
        cv::RNG rng(0x6b696f736b);
        auto blank = [&rng](cv::dnn::Net &net, int channels, int w, int h) {
            const int shape[] = {1, channels, h, w};
            cv::Mat noise(4, shape, CV_32F);
            rng.fill(noise, cv::RNG::UNIFORM, -1.0, 1.0);
            net.setInput(noise);
            std::vector<cv::Mat> outs;
            net.forward(outs, net.getUnconnectedOutLayersNames());
        };
        blank(detector, 3, kDetectW, kDetectH);
        blank(landmarks, 1, kLandmarkSize, kLandmarkSize);
        blank(embedder, 3, kAlignedSize, kAlignedSize);
        blank(liveness, 3, kLivenessSize, kLivenessSize);
    } catch (const cv::Exception &e) {
        qCWarning(lcFaceCv) << "scrub failed:" << e.what();
    }
    qCDebug(lcFaceCv) << "scrubbed in" << timer.elapsed() << "ms";
}

void load(const ModelFiles &files, LoadReply *reply)
{
    auto pipeline = std::make_unique<CvPipeline>();
    pipeline->detectionThreshold = files.detectionThreshold;
    const struct {
        QString file;
        cv::dnn::Net *net;
    } models[] = {{files.detector, &pipeline->detector},
                  {files.landmarks, &pipeline->landmarks},
                  {files.embedder, &pipeline->embedder},
                  {files.liveness, &pipeline->liveness}};
    for (const auto &m : models) {
        if (!QFileInfo(m.file).isFile()) {
            reply->error = FaceEngineError::ModelMissing;
            reply->detail = QStringLiteral("face model %1 is missing: run packaging/fetch-models.sh (or set [face] "
                                           "model_dir / KIOSK_MODEL_DIR)")
                                .arg(m.file);
            return;
        }
        try {
            *m.net = cv::dnn::readNetFromONNX(m.file.toStdString());
            m.net->setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
            m.net->setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
        } catch (const cv::Exception &e) {
            reply->error = FaceEngineError::ModelLoadFailed;
            reply->detail =
                QStringLiteral("face model %1 could not be loaded: %2").arg(m.file, QString::fromUtf8(e.what()));
            return;
        }
        if (m.net->empty()) {
            reply->error = FaceEngineError::ModelLoadFailed;
            reply->detail = QStringLiteral("face model %1 loaded as an empty network").arg(m.file);
            return;
        }
    }
    if (!files.haarCascade.isEmpty()) {
        // Optional: without it every frame goes through the detector, which is correct, only slower when idle.
        try {
            pipeline->haarLoaded = pipeline->haar.load(files.haarCascade.toStdString());
        } catch (const cv::Exception &) {
            pipeline->haarLoaded = false;
        }
        if (!pipeline->haarLoaded)
            qCInfo(lcFaceCv).noquote() << "Haar cascade" << files.haarCascade << "not loaded; no cheap gate";
    }
    reply->pipeline = std::move(pipeline);
}

} // namespace

} // namespace kiosk::app::facecv

extern "C" __attribute__((visibility("default"))) void
kiosk_face_cv_load(int abiVersion, const kiosk::app::facecv::ModelFiles *files, kiosk::app::facecv::LoadReply *reply)
{
    using namespace kiosk::app::facecv;
    if (abiVersion != kAbiVersion) {
        reply->error = kiosk::app::FaceEngineError::ModelLoadFailed;
        reply->detail = QStringLiteral("libkiosk_face_cv.so speaks version %1 of its interface, the kiosk %2")
                            .arg(kAbiVersion)
                            .arg(abiVersion);
        return;
    }
    load(*files, reply);
}
