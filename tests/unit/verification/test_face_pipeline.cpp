// The face pipeline on real portraits (opencv-doc) with the real models: same-face pairs made by transforming one
// portrait (pose, rotation, light, blur, JPEG, 102x126 ID-photo size) match; pairs of different people do not.
#include <QFile>
#include <QHash>
#include <QTest>

#include <opencv2/dnn.hpp>

#include "app/verification/face_compare.h"
#include "app/verification/face_decision.h"
#include "drivers/idcard/simulated_photo_decoder.h"
#include "unit/verification/face_test_support.h"

using namespace kiosk;
using namespace kiosk::app;

class FacePipelineTest : public QObject
{
    Q_OBJECT

private:
    FaceConfig config_;
    std::shared_ptr<FaceEngine> engine_;
    QHash<QString, QImage> images_;
    QString setupProblem_;

    QRectF faceBox(const QImage &img)
    {
        FaceAnalysisOptions o;
        o.embedding = false;
        return engine_->analyze(img, o).box;
    }

    void addPerson(const QString &name, const QImage &portrait, const QPointF &near)
    {
        const QRectF box = test::haarFace(portrait, near);
        QVERIFY2(!box.isEmpty(), qPrintable(name + ": no face found in the portrait"));
        images_[name + ".far"] = test::framed(portrait, box, QSize(640, 480), 0.10); // a face of about 64 px
        images_[name + ".id"] = test::framed(portrait, box, QSize(102, 126), 0.55);  // the card photo's size
        const QImage cam = test::framed(portrait, box, QSize(640, 480), 0.33);
        images_[name + ".cam"] = cam;
        const QRectF camBox = faceBox(cam);
        QVERIFY2(!camBox.isEmpty(),
                 qPrintable(name + ": no face in the camera-like frame; Haar box " +
                            QString("%1,%2 %3x%4").arg(box.x()).arg(box.y()).arg(box.width()).arg(box.height())));
        images_[name + ".rotated"] = test::rotated(cam, 12);
        images_[name + ".dark"] = test::relit(cam, 0.55, 0);
        images_[name + ".bright"] = test::relit(cam, 1.2, 12);
        images_[name + ".blurred"] = test::blurred(cam, 2.0);
        images_[name + ".jpeg"] = test::jpegged(cam, 25);
        images_[name + ".posed"] = test::posed(cam, camBox.adjusted(-20, -20, 20, 20), 0.12);
    }

private slots:
    void initTestCase()
    {
        config_ = test::faceTestConfig();
        engine_ = test::loadFaceEngine(config_, &setupProblem_);
        if (!engine_)
            QFAIL(qPrintable(setupProblem_));
        const QImage messi = test::portrait("data/messi5.jpg", &setupProblem_);
        const QImage bb1 = test::portrait("data/basketball1.png", &setupProblem_);
        const QImage bb2 = test::portrait("data/basketball2.png", &setupProblem_);
        const QImage drawn = test::portrait("fuzzy/input.png", &setupProblem_);
        if (messi.isNull() || bb1.isNull() || bb2.isNull() || drawn.isNull())
            QFAIL(qPrintable(setupProblem_));
        addPerson("messi", messi, test::messiFace());
        addPerson("bb1", bb1, test::basketball1Face());
        images_["bb2.cam"] = test::framed(bb2, test::haarFace(bb2, test::basketball1Face()), QSize(640, 480), 0.33);
        const QRectF drawnFace = test::haarFace(drawn);
        images_["drawn.cam"] = drawnFace.isEmpty() ? drawn : test::framed(drawn, drawnFace, QSize(640, 480), 0.33);
        // What the demo's card simulator can carry: the ID photo through its 40x51, 16-grey-level WLT stand-in.
        drivers::idcard::SimulatedPhotoDecoder sim;
        images_["messi.simcard"] = sim.decode(drivers::idcard::SimulatedPhotoDecoder::encode(images_["messi.id"]))
                                       .image.convertToFormat(QImage::Format_RGB888);
    }

    void samePersonMatches_differentPersonDoesNot_data()
    {
        QTest::addColumn<QString>("reference");
        QTest::addColumn<QString>("probe");
        QTest::addColumn<bool>("same");
        for (const QString &p : {QStringLiteral("messi"), QStringLiteral("bb1")}) {
            for (const char *v : {"cam", "rotated", "dark", "bright", "blurred", "jpeg", "posed"}) {
                const QString probe = p + "." + QLatin1String(v);
                QTest::newRow(qPrintable("same " + p + ".id~" + probe)) << p + ".id" << probe << true;
            }
        }
        QTest::newRow("same bb1.id~bb2.cam (another frame)") << "bb1.id"
                                                             << "bb2.cam" << true;
        QTest::newRow("same messi.simcard~messi.cam (simulator card)") << "messi.simcard"
                                                                       << "messi.cam" << true;
        QTest::newRow("different messi.simcard~bb1.cam (simulator card)") << "messi.simcard"
                                                                          << "bb1.cam" << false;
        for (const char *v : {"cam", "rotated", "dark", "jpeg", "posed"}) {
            QTest::newRow(qPrintable(QStringLiteral("different messi.id~bb1.") + v))
                << "messi.id"
                << "bb1." + QLatin1String(v) << false;
            QTest::newRow(qPrintable(QStringLiteral("different bb1.id~messi.") + v))
                << "bb1.id"
                << "messi." + QLatin1String(v) << false;
        }
        QTest::newRow("different bb2.cam~messi.cam") << "bb2.cam"
                                                     << "messi.cam" << false;
        QTest::newRow("different messi.id~drawn") << "messi.id"
                                                  << "drawn.cam" << false;
    }
    void samePersonMatches_differentPersonDoesNot()
    {
        QFETCH(QString, reference);
        QFETCH(QString, probe);
        QFETCH(bool, same);
        QVERIFY2(images_.contains(reference) && images_.contains(probe), "fixture image missing");
        const FaceComparison c = compareFaces(*engine_, images_[reference], images_[probe], engine_->matchThreshold());
        qInfo().noquote() << QStringLiteral("score %1  %2 ~ %3  (%4, %5 ms)")
                                 .arg(c.score, 6, 'f', 3)
                                 .arg(reference, probe, toString(c.decision))
                                 .arg(c.ms, 0, 'f', 1);
        QVERIFY2(c.faceInA, "no face in the reference");
        QVERIFY2(c.faceInB, "no face in the probe");
        QCOMPARE(toString(c.decision),
                 toString(same ? FaceComparison::Decision::Match : FaceComparison::Decision::NoMatch));
    }

    void cardPhotoSizeImage_isDetectedWithUndistortedBox()
    {
        const QImage id = images_["messi.id"];
        QCOMPARE(id.size(), QSize(102, 126));
        FaceAnalysisOptions o;
        const FaceObservation obs = engine_->analyze(id, o);
        QVERIFY(obs.faceFound);
        QVERIFY2(obs.box.width() > 30 && obs.box.width() < 102, "face box should be most of the photo's width");
        QCOMPARE(obs.embedding.size(), 128); // the dlib descriptor
    }

    void blankImage_hasNoFace()
    {
        QImage blank(640, 480, QImage::Format_RGB888);
        blank.fill(Qt::gray);
        const FaceObservation obs = engine_->analyze(blank);
        QVERIFY(!obs.faceFound);
        QVERIFY(obs.embedding.isEmpty());
        const FaceComparison c = compareFaces(*engine_, blank, images_["messi.cam"], engine_->matchThreshold());
        QCOMPARE(toString(c.decision), toString(FaceComparison::Decision::NoFace));
    }

    void anyImageFormat_givesTheSameEmbedding()
    {
        const QImage rgb = images_["messi.cam"];
        const FaceObservation a = engine_->analyze(rgb);
        const FaceObservation b = engine_->analyze(rgb.convertToFormat(QImage::Format_ARGB32));
        QVERIFY(a.faceFound && b.faceFound);
        QVERIFY(engine_->similarity(a.embedding, b.embedding) > 0.999);
    }

    void liveFrame_hasKeypointsAndPose()
    {
        const FaceObservation obs = engine_->analyze(images_["messi.cam"]);
        QVERIFY(obs.faceFound);
        QVERIFY(obs.brightness > 20);
        // The portrait looks a little aside (about 0.35); a profile would be about 1.
        QVERIFY2(std::abs(obs.yaw) < 0.5, qPrintable(QString::number(obs.yaw)));
        QVERIFY2(obs.pitch > 0.2 && obs.pitch < 0.9, qPrintable(QString::number(obs.pitch)));
        // The eyes above the nose above the mouth, the subject's right eye on the image's left, all inside the box.
        const auto &k = obs.keypoints;
        QVERIFY(k[0].x() < k[1].x());
        QVERIFY(k[0].y() < k[2].y() && k[2].y() < k[3].y());
        for (int i = 0; i < 4; ++i)
            QVERIFY2(obs.box.contains(k[size_t(i)]), qPrintable(QString::number(i)));
        qInfo() << "yaw" << obs.yaw << "pitch" << obs.pitch << "ms" << obs.ms;
    }

    // The converted dlib network in OpenCV gives what the converter's numpy forward of the TF.js weights gave.
    void convertedDescriptor_matchesTheConvertersReference()
    {
        QFile f(config_.modelPath(QStringLiteral("dlib_reference.txt")));
        QVERIFY2(f.open(QIODevice::ReadOnly), "dlib_reference.txt missing: run packaging/fetch-models.sh");
        f.readLine(); // comment
        std::vector<float> expected;
        for (const QByteArray &v : f.readLine().trimmed().split(' '))
            expected.push_back(v.toFloat());
        QCOMPARE(int(expected.size()), 128);
        cv::dnn::Net net = cv::dnn::readNetFromONNX(config_.modelPath("dlib_face_descriptor.onnx").toStdString());
        const int shape[] = {1, 3, 150, 150};
        cv::Mat blob(4, shape, CV_32F);
        const double mean[3] = {122.782, 117.001, 104.298};
        for (int y = 0; y < 150; ++y)
            for (int x = 0; x < 150; ++x) {
                const double rgb[3] = {128 + 100 * std::sin(x / 9.0), 128 + 90 * std::cos(y / 7.0),
                                       128 + 60 * std::sin((x + y) / 11.0)};
                for (int c = 0; c < 3; ++c)
                    blob.ptr<float>(0, c)[y * 150 + x] = float((rgb[c] - mean[c]) / 255.0);
            }
        net.setInput(blob);
        const cv::Mat out = net.forward();
        QCOMPARE(int(out.total()), 128);
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < 128; ++i) {
            dot += double(out.ptr<float>()[i]) * expected[size_t(i)];
            na += double(out.ptr<float>()[i]) * out.ptr<float>()[i];
            nb += double(expected[size_t(i)]) * expected[size_t(i)];
        }
        const double cosine = dot / std::sqrt(na * nb);
        QVERIFY2(cosine > 0.9999, qPrintable(QString::number(cosine, 'f', 7)));
    }

    void guidance_namesWhatIsWrong()
    {
        FaceConfig cfg = config_;
        const FaceObservation ok = engine_->analyze(images_["messi.cam"]);
        QCOMPARE(toString(guidanceFor(ok, QRectF(), cfg)), toString(FaceGuidance::Ok));
        const FaceObservation dark = engine_->analyze(test::relit(images_["messi.cam"], 0.15, 0));
        if (dark.faceFound)
            QCOMPARE(toString(guidanceFor(dark, QRectF(), cfg)), toString(FaceGuidance::TooDark));
        // A face of about 64 px: the selfie-range detector either sees it small or not at all; both ask the citizen
        // to come to the camera.
        const FaceObservation far = engine_->analyze(images_["messi.far"]);
        QCOMPARE(toString(guidanceFor(far, QRectF(), cfg)),
                 toString(far.faceFound ? FaceGuidance::MoveCloser : FaceGuidance::NoFace));
        FaceObservation small = ok;
        small.box = QRectF(ok.box.topLeft(), QSizeF(60, 60));
        QCOMPARE(toString(guidanceFor(small, QRectF(), cfg)), toString(FaceGuidance::MoveCloser));
        QCOMPARE(toString(guidanceFor(ok, ok.box.translated(ok.box.width() * 0.5, 0), cfg)),
                 toString(FaceGuidance::HoldStill));
        QCOMPARE(toString(guidanceFor(FaceObservation(), QRectF(), cfg)), toString(FaceGuidance::NoFace));
        FaceObservation turned = ok;
        turned.yaw = 0.6;
        QCOMPARE(toString(guidanceFor(turned, QRectF(), cfg)), toString(FaceGuidance::LookAtCamera));
    }

    void template_wipeZeroesEveryCopy()
    {
        FaceObservation obs = engine_->analyze(images_["messi.cam"]);
        FaceTemplate copy = obs.embedding;
        QVERIFY(!copy.isZero());
        obs.wipe();
        QVERIFY(obs.embedding.isEmpty());
        QVERIFY2(copy.isZero(), "a copy still holds the embedding after wipe()");
    }
};

QTEST_GUILESS_MAIN(FacePipelineTest)
#include "test_face_pipeline.moc"
