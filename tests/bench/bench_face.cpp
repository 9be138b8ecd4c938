// Benchmark `face`: per-frame verification (FaceEngine: BlazeFace detect with its keypoints, align, dlib embed,
// compare) against the raw cv::dnn calls of the same pipeline on the same frames, interleaved in one run; the time
// from the first camera frame to the decision of a FaceVerification fed at 25 fps, the head movement it asks for
// included; and the false accepts and false rejects at the manifest's threshold on every labelled pair the opencv-doc
// portraits give (test::labelledFaces). Prints one JSON line per figure.
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

#include <opencv2/calib3d.hpp>
#include <opencv2/dnn.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <array>
#include <cstdio>

#include "app/verification/face_verification.h"
#include "bench_support.h"
#include "unit/consent/fake_frame_source.h"
#include "unit/verification/face_test_support.h"

using namespace kiosk;
using namespace kiosk::app;

namespace {

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

void printLine(const char *metric, double value, const char *baseline, double baselineValue, double budget,
               double valueBudgetMs = 0)
{
    const bool hasBaseline = baseline != nullptr;
    const double ratio = hasBaseline && baselineValue > 0 ? value / baselineValue : 0;
    const bool ok = (hasBaseline ? ratio <= budget : value <= budget) && (valueBudgetMs <= 0 || value <= valueBudgetMs);
    if (hasBaseline)
        std::printf("{\"bench\":\"face\",\"metric\":\"%s\",\"value\":%.2f,\"baseline\":\"%s\",\"baseline_value\":%.2f,"
                    "\"ratio\":%.3f,\"budget\":%.1f,\"value_budget_ms\":%.0f,\"ok\":%s%s}\n",
                    metric, value, baseline, baselineValue, ratio, budget, valueBudgetMs, ok ? "true" : "false",
                    kiosk::bench::smokeField());
    else
        std::printf("{\"bench\":\"face\",\"metric\":\"%s\",\"value\":%.1f,\"budget\":%.0f,\"ok\":%s%s}\n", metric,
                    value, budget, ok ? "true" : "false", kiosk::bench::smokeField());
    std::fflush(stdout);
}

// The same pipeline written straight against cv::dnn with the default models' constants: letterbox, BlazeFace, the
// best anchor's keypoints, a similarity transform onto the dlib reference points, the descriptor, cosine. No
// manifest, no blending of overlapping detections, no wiping, no guards, no Qt.
class RawPipeline
{
public:
    explicit RawPipeline(const QString &dir)
    {
        det_ = cv::dnn::readNetFromONNX((dir + QStringLiteral("/blazeface_front_128.onnx")).toStdString());
        emb_ = cv::dnn::readNetFromONNX((dir + QStringLiteral("/dlib_face_descriptor.onnx")).toStdString());
    }

    cv::Mat embed(const cv::Mat &rgb)
    {
        const int side = std::max(rgb.cols, rgb.rows);
        cv::Mat square, small, f;
        cv::copyMakeBorder(rgb, square, 0, side - rgb.rows, 0, side - rgb.cols, cv::BORDER_CONSTANT,
                           cv::Scalar::all(127));
        cv::resize(square, small, cv::Size(128, 128), 0, 0, cv::INTER_AREA);
        small.convertTo(f, CV_32FC3, 1 / 127.5, -1.0);
        const int shape[] = {1, 128, 128, 3};
        det_.setInput(cv::Mat(4, shape, CV_32F, f.ptr<float>()));
        std::vector<cv::Mat> outs;
        det_.forward(outs, det_.getUnconnectedOutLayersNames());
        // Scores (last dimension 1) and boxes (16) for the 16x16x2 and 8x8x6 anchor grids.
        float best = -1e9f;
        cv::Point2f kp[4];
        for (const cv::Mat &s : outs) {
            if (s.size[s.dims - 1] != 1)
                continue;
            const int n = int(s.total());
            const int grid = n == 512 ? 16 : 8, perCell = n == 512 ? 2 : 6;
            const cv::Mat *boxes = nullptr;
            for (const cv::Mat &b : outs)
                if (b.size[b.dims - 1] == 16 && int(b.total()) == n * 16)
                    boxes = &b;
            for (int i = 0; i < n && boxes; ++i) {
                if (s.ptr<float>()[i] <= best)
                    continue;
                best = s.ptr<float>()[i];
                const int cell = i / perCell;
                const float ax = (float(cell % grid) + 0.5f) * 128.f / float(grid);
                const float ay = (float(cell / grid) + 0.5f) * 128.f / float(grid);
                const float *r = boxes->ptr<float>() + 16 * i;
                for (int k = 0; k < 4; ++k)
                    kp[k] = cv::Point2f(ax + r[4 + 2 * k], ay + r[5 + 2 * k]) * (float(side) / 128.f);
            }
        }
        const std::vector<cv::Point2f> from(kp, kp + 4);
        const std::vector<cv::Point2f> to = {{53, 62}, {97, 62}, {75, 86}, {75, 108}};
        cv::Mat aligned;
        cv::warpAffine(rgb, aligned, cv::estimateAffinePartial2D(from, to, cv::noArray(), cv::LMEDS),
                       cv::Size(150, 150));
        emb_.setInput(
            cv::dnn::blobFromImage(aligned, 1 / 255.0, cv::Size(), cv::Scalar(122.782, 117.001, 104.298), false));
        return emb_.forward().reshape(1, 1).clone();
    }

    double run(const cv::Mat &rgb, const cv::Mat &ref)
    {
        const cv::Mat e = embed(rgb);
        return e.dot(ref) / (cv::norm(e) * cv::norm(ref));
    }

private:
    cv::dnn::Net det_, emb_;
};

} // namespace

class BenchFace : public QObject
{
    Q_OBJECT

private:
    FaceConfig config_;
    std::shared_ptr<FaceEngine> engine_;
    QImage card_;
    QList<QImage> frames_;
    QHash<int, QList<QImage>> moves_; // per FaceChallenge: the head performing it, from the first frame

private slots:
    void initTestCase()
    {
        config_ = test::faceTestConfig();
        QString problem;
        engine_ = test::loadFaceEngine(config_, &problem);
        if (!engine_)
            QFAIL(qPrintable(problem));
        const QImage messi = test::portrait("data/messi5.jpg", &problem);
        if (messi.isNull())
            QFAIL(qPrintable(problem));
        const QRectF box = test::haarFace(messi, test::messiFace());
        card_ = test::framed(messi, box, QSize(102, 126), 0.55);
        for (int i = 0; i < 10; ++i)
            frames_ << test::framed(messi, box.translated(0.5 * (i % 5), 0.3 * (i % 3)), QSize(640, 480), 0.33);
        moves_ = test::headMovements(*engine_, frames_[0]);
        QVERIFY(!moves_.isEmpty());
    }

    void perFrame_vsRawDnn()
    {
        FaceObservation card = engine_->analyze(card_);
        QVERIFY(!card.embedding.isEmpty());
        RawPipeline raw(config_.effectiveModelDir());
        const cv::Mat rawRef = raw.embed(test::toMat(card_));
        std::vector<cv::Mat> mats;
        for (const QImage &f : frames_)
            mats.push_back(test::toMat(f));

        std::vector<double> ours, baseline;
        const int rounds = kiosk::bench::iterations(6, 2); // the first round warms up
        for (int r = 0; r < rounds; ++r) {
            for (int i = 0; i < frames_.size(); ++i) {
                // Interleaved so both see the same machine load. Ours: the product path, one frame as the worker
                // runs it (analysis, similarity, wipe of the template).
                QElapsedTimer t;
                t.start();
                FaceObservation obs = engine_->analyze(frames_[i]);
                const double s = engine_->similarity(obs.embedding, card.embedding);
                obs.wipe();
                const double oursMs = double(t.nsecsElapsed()) / 1e6;
                t.restart();
                const double rs = raw.run(mats[size_t(i)], rawRef);
                const double rawMs = double(t.nsecsElapsed()) / 1e6;
                QVERIFY2(s >= engine_->matchThreshold(), qPrintable(QString::number(s)));
                QVERIFY2(rs > 0.8, qPrintable(QString::number(rs)));
                if (r > 0) { // the first round warms both up
                    ours.push_back(oursMs);
                    baseline.push_back(rawMs);
                }
            }
        }
        card.wipe();
        const double value = median(ours), base = median(baseline);
        printLine("frame_ms", value, "raw_cv_dnn_frame_ms", base, 1.2, 30);
        QVERIFY2(kiosk::bench::passesAtMost(value / base, 1.2),
                 "the face pipeline costs more than 1.2x the raw cv::dnn calls");
        QVERIFY2(kiosk::bench::passesAtMost(value, 30), "a frame takes more than 30 ms");
    }

    void decision_fromTheFirstFrame_withTheChallenge()
    {
        std::vector<double> latencies;
        const FaceChallenge asked[] = {FaceChallenge::TurnLeft, FaceChallenge::Nod, FaceChallenge::TurnRight};
        QStringList perRun;
        for (int run = 0; run < kiosk::bench::iterations(6, 2); ++run) {
            test::AgreedCamera agreed = test::agreedCamera(QStringLiteral("bench"));
            test::FakeFrameSource *camera = agreed.camera;
            FaceVerification v(agreed.gate.get(), engine_, config_);
            // Each challenge in turn as the first one asked (a further attempt, if any, asks for a turn to the left).
            const FaceChallenge first = asked[run % 3];
            v.setChallengeChooser([first](int attempt) { return attempt == 1 ? first : FaceChallenge::TurnLeft; });
            QSignalSpy decided(&v, &FaceVerification::decided);
            const QList<QImage> *playing = &frames_;
            int i = 0;
            connect(&v, &FaceVerification::challengeRequested, this, [&](FaceChallenge c) {
                playing = &moves_[int(c)]; // the citizen starts the movement when asked
                i = 0;
            });
            QCOMPARE(toString(v.start(card_)), toString(ConsentError::None));
            QTRY_VERIFY_WITH_TIMEOUT(camera->isActive(), 5000);
            QElapsedTimer t;
            t.start();
            while (decided.isEmpty() && t.elapsed() < 10000) {
                camera->push((*playing)[i % playing->size()], 50000 + t.elapsed()); // 25 fps in real time
                ++i;
                QTest::qWait(40);
            }
            QCOMPARE(decided.count(), 1);
            const FaceDecision d = decided.first().first().value<FaceDecision>();
            QCOMPARE(toString(d.outcome), QStringLiteral("match"));
            latencies.push_back(double(t.elapsed()));
            perRun
                << QStringLiteral("%1 %2 ms (%3 attempts)").arg(toString(first)).arg(t.elapsed()).arg(d.attemptsUsed);
            engine_->threadPool()->waitForDone(3000);
        }
        qInfo().noquote() << "decisions:" << perRun.join(QStringLiteral(", "));
        const double value = median(latencies);
        printLine("decision_ms", value, nullptr, 0, 1500);
        // The slowest run, without a budget: a turn to the right rendered from these portraits (which already look
        // to their left) moves the keypoints too little, so that attempt runs out of time and a second one decides.
        // "ok" says whether even the slowest run met the 1.5 s.
        const double slowest = *std::max_element(latencies.begin(), latencies.end());
        std::printf("{\"bench\":\"face\",\"metric\":\"decision_ms_max\",\"value\":%.1f,\"runs\":\"%s\","
                    "\"ok\":%s%s}\n",
                    slowest, qPrintable(perRun.join(QStringLiteral("; "))), slowest <= 1500 ? "true" : "false",
                    kiosk::bench::smokeField());
        std::fflush(stdout);
        QVERIFY2(kiosk::bench::passesAtMost(value, 1500),
                 "the face decision (challenge included) takes more than 1.5 s from the first frame");
    }

    // False accepts first: a different person judged the same is the failure that matters (a "no match" only sends
    // the citizen to staff). Every pair of labelled faces, at the threshold the kiosk uses (the manifest's).
    void falseAcceptsAndRejects_atTheManifestThreshold()
    {
        QString problem;
        const QList<test::LabelledFace> faces = test::labelledFaces(&problem);
        if (faces.isEmpty())
            QFAIL(qPrintable(problem));
        QList<FaceTemplate> templates;
        QList<int> usable;
        for (int i = 0; i < faces.size(); ++i) {
            FaceObservation obs = engine_->analyze(faces[i].image);
            if (obs.faceFound && !obs.embedding.isEmpty()) {
                usable << i;
                templates << std::move(obs.embedding);
            } else {
                qInfo().noquote() << "no face found in" << faces[i].variant << "(left out of the pairs)";
            }
        }
        const double threshold = engine_->matchThreshold();
        int same = 0, different = 0, falseAccepts = 0, falseRejects = 0;
        double lowestSame = 1, highestDifferent = -1;
        QString lowestSamePair, highestDifferentPair;
        for (int a = 0; a < usable.size(); ++a)
            for (int b = a + 1; b < usable.size(); ++b) {
                const test::LabelledFace &fa = faces[usable[a]], &fb = faces[usable[b]];
                const double s = engine_->similarity(templates[a], templates[b]);
                const QString pair = fa.variant + QLatin1Char('~') + fb.variant;
                if (fa.person == fb.person) {
                    ++same;
                    falseRejects += s < threshold ? 1 : 0;
                    if (s < lowestSame)
                        lowestSame = s, lowestSamePair = pair;
                } else {
                    ++different;
                    falseAccepts += s >= threshold ? 1 : 0;
                    if (s > highestDifferent)
                        highestDifferent = s, highestDifferentPair = pair;
                }
            }
        for (FaceTemplate &t : templates)
            t.wipe();
        std::printf("{\"bench\":\"face\",\"metric\":\"false_accepts\",\"value\":%d,\"pairs\":%d,\"threshold\":%.3f,"
                    "\"highest_different\":%.4f,\"highest_different_pair\":\"%s\",\"ok\":%s%s}\n",
                    falseAccepts, different, threshold, highestDifferent, qPrintable(highestDifferentPair),
                    falseAccepts == 0 ? "true" : "false", kiosk::bench::smokeField());
        std::printf("{\"bench\":\"face\",\"metric\":\"false_rejects\",\"value\":%d,\"pairs\":%d,\"threshold\":%.3f,"
                    "\"lowest_same\":%.4f,\"lowest_same_pair\":\"%s\",\"ok\":true%s}\n",
                    falseRejects, same, threshold, lowestSame, qPrintable(lowestSamePair), kiosk::bench::smokeField());
        std::fflush(stdout);
        QVERIFY2(same > 0 && different > 0, "no labelled pairs");
        QCOMPARE(falseAccepts, 0);
    }
};

QTEST_MAIN(BenchFace)
#include "bench_face.moc"
