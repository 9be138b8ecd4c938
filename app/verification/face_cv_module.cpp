// libkiosk_face_cv.so: the OpenCV DNN face pipeline behind face_cv_module.h, driven by the model manifest. Detection:
// a BlazeFace-style network (letterboxed square input; per anchor a score logit and a box with 6 keypoints as offsets
// from the anchor's centre in input pixels, decoded as MediaPipe does, overlapping boxes blended by score).
// Alignment: a similarity transform taking the detector's eyes, nose and mouth onto the embedder's reference points.
// Embedding: any network whose input the manifest describes; compared by cosine (or euclidean distance).
// Every intermediate image is zeroed before release.
#include "app/verification/face_cv_module.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QMutex>

#include <opencv2/calib3d.hpp>
#include <opencv2/dnn.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/objdetect.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <list>

namespace kiosk::app::facecv {

namespace {

Q_LOGGING_CATEGORY(lcFaceCv, "kiosk.app.verification.engine")

constexpr double kBlendIou = 0.3; // detections overlapping the best one this much are blended into it

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

// The network input blob for an image already at the spec's size: (x - mean) * scale in the spec's channel order
// and layout.
void makeBlob(const cv::Mat &rgb, const InputSpec &spec, cv::Mat &blob, Scratch &scratch)
{
    const cv::Scalar mean(spec.mean[0], spec.mean[1], spec.mean[2]);
    if (spec.nchw) {
        blob = cv::dnn::blobFromImage(rgb, spec.scale, cv::Size(), mean, spec.bgr, false, CV_32F);
        return;
    }
    cv::Mat &ordered = scratch.make();
    if (spec.bgr)
        cv::cvtColor(rgb, ordered, cv::COLOR_RGB2BGR);
    else
        ordered = rgb.clone();
    cv::Mat &f = scratch.make();
    ordered.convertTo(f, CV_32FC3);
    cv::subtract(f, mean, f);
    f *= spec.scale;
    const int shape[] = {1, spec.height, spec.width, 3};
    blob = cv::Mat(4, shape, CV_32F);
    std::memcpy(blob.ptr<float>(), f.ptr<float>(), size_t(spec.width) * size_t(spec.height) * 3 * sizeof(float));
}

struct Detection {
    float score = 0;
    cv::Rect2f box; // in input-square pixels, then frame pixels
    std::array<cv::Point2f, KeypointCount> keypoints{};
};

float iou(const cv::Rect2f &a, const cv::Rect2f &b)
{
    const float inter = (a & b).area();
    const float uni = a.area() + b.area() - inter;
    return uni > 0 ? inter / uni : 0;
}

} // namespace

class CvPipeline : public Pipeline
{
public:
    QMutex mutex;
    ModelFiles files;
    cv::dnn::Net detector, embedder;
    std::vector<cv::String> detectorOutputs;
    cv::CascadeClassifier haar;
    bool haarLoaded = false;

    bool detect(const cv::Mat &rgb, Detection &best, Scratch &scratch, int zoomOut = 1);
    std::vector<float> embed(const cv::Mat &rgb, const Detection &det, Scratch &scratch);
    bool haarSeesFace(const cv::Mat &rgb, Scratch &scratch);

    Analysis analyze(const QImage &rgbImage, const FaceAnalysisOptions &options,
                     const std::function<bool()> &cancelled) override;
    double compare(const float *a, const float *b, int size) const override;
    void scrub() override;
    bool hasHaarCascade() const override { return haarLoaded; }
};

// Letterboxes the frame into a square (mid-grey) so faces keep their proportions; with zoomOut > 1 the square is
// that many times larger, the frame in its centre: the selfie-range detector misses a face that fills the whole
// input (an ID photo), and finds it once it is smaller.
bool CvPipeline::detect(const cv::Mat &rgb, Detection &best, Scratch &scratch, int zoomOut)
{
    const InputSpec &in = files.detectorInput;
    const int side = std::max(rgb.cols, rgb.rows) * zoomOut;
    const int offX = zoomOut > 1 ? (side - rgb.cols) / 2 : 0, offY = zoomOut > 1 ? (side - rgb.rows) / 2 : 0;
    cv::Mat src = rgb;
    if (rgb.cols != side || rgb.rows != side) {
        cv::Mat &padded = scratch.make();
        cv::copyMakeBorder(rgb, padded, offY, side - rgb.rows - offY, offX, side - rgb.cols - offX, cv::BORDER_CONSTANT,
                           cv::Scalar::all(127));
        src = padded;
    }
    cv::Mat &small = scratch.make();
    cv::resize(src, small, cv::Size(in.width, in.height), 0, 0, cv::INTER_AREA);
    cv::Mat &blob = scratch.make();
    makeBlob(small, in, blob, scratch);
    detector.setInput(blob);
    std::vector<cv::Mat> outs;
    detector.forward(outs, detectorOutputs);
    // Outputs come as (scores, boxes) per grid: the last dimension is 1 for scores, 4 + 2 * 6 for boxes.
    std::vector<cv::Mat> scores, boxes;
    for (const cv::Mat &o : outs) {
        const int last = o.size[o.dims - 1];
        (last == 1 ? scores : boxes).push_back(o);
    }
    std::vector<Detection> found;
    const float logit = float(std::log(files.detectionThreshold / (1 - files.detectionThreshold)));
    for (const AnchorGrid &g : files.anchors) {
        const int n = g.grid * g.grid * g.perCell;
        auto pick = [n](std::vector<cv::Mat> &list) {
            for (auto it = list.begin(); it != list.end(); ++it)
                if (int(it->total() / size_t(it->size[it->dims - 1])) == n) {
                    cv::Mat m = *it;
                    list.erase(it);
                    return m;
                }
            return cv::Mat();
        };
        const cv::Mat s = pick(scores), b = pick(boxes);
        if (s.empty() || b.empty())
            continue;
        const float *sp = s.ptr<float>(), *bp = b.ptr<float>();
        const int stride = b.size[b.dims - 1];
        for (int i = 0; i < n; ++i) {
            if (sp[i] < logit)
                continue;
            const int cell = i / g.perCell;
            const float ax = (float(cell % g.grid) + 0.5f) / float(g.grid) * float(in.width);
            const float ay = (float(cell / g.grid) + 0.5f) / float(g.grid) * float(in.height);
            const float *r = bp + size_t(i) * size_t(stride);
            Detection d;
            d.score = 1.0f / (1.0f + std::exp(-sp[i]));
            d.box = cv::Rect2f(ax + r[0] - r[2] / 2, ay + r[1] - r[3] / 2, r[2], r[3]);
            for (int k = 0; k < KeypointCount && 4 + 2 * k + 1 < stride; ++k)
                d.keypoints[size_t(k)] = cv::Point2f(ax + r[4 + 2 * k], ay + r[5 + 2 * k]);
            found.push_back(d);
        }
    }
    if (found.empty())
        return false;
    const auto top = std::max_element(found.begin(), found.end(),
                                      [](const Detection &a, const Detection &b) { return a.score < b.score; });
    // MediaPipe's weighted suppression: the boxes that overlap the best one are averaged, weighted by score.
    Detection blended;
    float weight = 0;
    for (const Detection &d : found) {
        if (iou(d.box, top->box) < kBlendIou)
            continue;
        weight += d.score;
        blended.box.x += d.box.x * d.score;
        blended.box.y += d.box.y * d.score;
        blended.box.width += d.box.width * d.score;
        blended.box.height += d.box.height * d.score;
        for (size_t k = 0; k < d.keypoints.size(); ++k)
            blended.keypoints[k] += d.keypoints[k] * d.score;
    }
    const float f = float(side) / float(in.width), fy = float(side) / float(in.height);
    best.score = top->score;
    best.box = cv::Rect2f(blended.box.x / weight * f - float(offX), blended.box.y / weight * fy - float(offY),
                          blended.box.width / weight * f, blended.box.height / weight * fy);
    for (size_t k = 0; k < best.keypoints.size(); ++k)
        best.keypoints[k] = cv::Point2f(blended.keypoints[k].x / weight * f - float(offX),
                                        blended.keypoints[k].y / weight * fy - float(offY));
    return best.box.width >= 4 && best.box.height >= 4;
}

std::vector<float> CvPipeline::embed(const cv::Mat &rgb, const Detection &det, Scratch &scratch)
{
    const InputSpec &in = files.embedderInput;
    std::vector<cv::Point2f> from, to;
    for (size_t k = 0; k < in.align.size() && k < det.keypoints.size(); ++k) {
        from.push_back(det.keypoints[k]);
        to.emplace_back(float(in.align[k].x()), float(in.align[k].y()));
    }
    cv::Mat transform;
    if (from.size() >= 2)
        transform = cv::estimateAffinePartial2D(from, to, cv::noArray(), cv::LMEDS);
    if (transform.empty())
        return {};
    cv::Mat &aligned = scratch.make();
    cv::warpAffine(rgb, aligned, transform, cv::Size(in.width, in.height), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
    cv::Mat &blob = scratch.make();
    makeBlob(aligned, in, blob, scratch);
    embedder.setInput(blob);
    cv::Mat out = embedder.forward();
    std::vector<float> v(out.ptr<float>(), out.ptr<float>() + out.total());
    wipeMat(out);
    if (files.embeddingDims > 0 && int(v.size()) != files.embeddingDims) {
        qCWarning(lcFaceCv) << "embedder gave" << v.size() << "values, the manifest says" << files.embeddingDims;
        std::fill(v.begin(), v.end(), 0.0f);
        return {};
    }
    return v;
}

bool CvPipeline::haarSeesFace(const cv::Mat &rgb, Scratch &scratch)
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
        Detection det;
        if (options.haarGate && haarLoaded && !haarSeesFace(rgb, scratch)) {
            obs.gatedOut = true;
        } else if (!stop() && (detect(rgb, det, scratch) || (rgb.cols < 400 && detect(rgb, det, scratch, 2))) &&
                   !stop()) {
            obs.faceFound = true;
            obs.detectionScore = det.score;
            // A square box on the longer side, as the guidance's size checks expect.
            const float boxSide = std::max(det.box.width, det.box.height);
            const cv::Point2f c(det.box.x + det.box.width / 2, det.box.y + det.box.height / 2);
            obs.box = QRectF(c.x - boxSide / 2, c.y - boxSide / 2, boxSide, boxSide);
            const cv::Rect inside = clampRect(cv::Rect(det.box), rgb.size());
            if (inside.area() > 0) {
                cv::Mat &grey = scratch.make();
                cv::cvtColor(rgb(inside), grey, cv::COLOR_RGB2GRAY);
                obs.brightness = cv::mean(grey)[0];
            }
            for (size_t k = 0; k < det.keypoints.size(); ++k)
                obs.keypoints[k] = QPointF(det.keypoints[k].x, det.keypoints[k].y);
            if (options.embedding && !stop())
                obs.embedding = embed(rgb, det, scratch);
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

double CvPipeline::compare(const float *a, const float *b, int size) const
{
    if (!a || !b || size <= 0)
        return 0;
    double dot = 0, na = 0, nb = 0, d2 = 0;
    for (int i = 0; i < size; ++i) {
        dot += double(a[i]) * b[i];
        na += double(a[i]) * a[i];
        nb += double(b[i]) * b[i];
        d2 += (double(a[i]) - b[i]) * (double(a[i]) - b[i]);
    }
    if (files.euclidean)
        return 1.0 - std::sqrt(d2);
    return na > 0 && nb > 0 ? dot / std::sqrt(na * nb) : 0;
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
        auto blank = [&rng](cv::dnn::Net &net, const InputSpec &in, const std::vector<cv::String> &outputs) {
            const int nchw[] = {1, 3, in.height, in.width};
            const int nhwc[] = {1, in.height, in.width, 3};
            cv::Mat noise(4, in.nchw ? nchw : nhwc, CV_32F);
            rng.fill(noise, cv::RNG::UNIFORM, -1.0, 1.0);
            net.setInput(noise);
            std::vector<cv::Mat> outs;
            net.forward(outs, outputs);
        };
        blank(detector, files.detectorInput, detectorOutputs);
        blank(embedder, files.embedderInput, embedder.getUnconnectedOutLayersNames());
    } catch (const cv::Exception &e) {
        qCWarning(lcFaceCv) << "scrub failed:" << e.what();
    }
    qCDebug(lcFaceCv) << "scrubbed in" << timer.elapsed() << "ms";
}

namespace {

void load(const ModelFiles &files, LoadReply *reply)
{
    auto pipeline = std::make_unique<CvPipeline>();
    pipeline->files = files;
    const struct {
        QString file;
        cv::dnn::Net *net;
    } models[] = {{files.detector, &pipeline->detector}, {files.embedder, &pipeline->embedder}};
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
    pipeline->detectorOutputs = pipeline->detector.getUnconnectedOutLayersNames();
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
