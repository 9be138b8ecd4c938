// The demo's face clips (packaging/make-face-clips.sh, rendered by render_head_moves.py) played to FaceVerification
// frame by frame as the demo's camera plays them: face_same.mp4 (the card's face looking at the camera, then turning
// to its left, to its right and nodding) passes the challenge against face_card.png; face_photo.mp4 (the same face
// as a printed photo held up and tilted) fails it on every attempt; face_other.mp4 is no match.
#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>

#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include "app/consent/consent_gate.h"
#include "app/verification/face_verification.h"
#include "face_test_support.h"
#include "unit/consent/fake_frame_source.h"

using namespace kiosk;
using namespace kiosk::app;

class FaceClipsTest : public QObject
{
    Q_OBJECT

    FaceConfig config_;
    std::shared_ptr<FaceEngine> engine_;
    QString dir_;
    QImage card_;

    QList<QImage> frames(const QString &clip)
    {
        cv::VideoCapture video((dir_ + QLatin1Char('/') + clip).toStdString());
        QList<QImage> out;
        cv::Mat bgr, rgb;
        while (video.read(bgr)) {
            cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
            out << test::toImage(rgb);
        }
        return out;
    }

    // Plays `clip` in a loop at 25 fps of its own timestamps, in real time, until the decision (or 30 s).
    FaceDecision play(const QString &clip, QStringList *asked)
    {
        const QList<QImage> video = frames(clip);
        if (video.isEmpty())
            qFatal("no frames in %s", qPrintable(clip));
        test::AgreedCamera agreed = test::agreedCamera(QStringLiteral("clips"));
        test::FakeFrameSource *camera = agreed.camera;
        FaceVerification v(agreed.gate.get(), engine_, config_);
        QSignalSpy decided(&v, &FaceVerification::decided);
        connect(&v, &FaceVerification::challengeRequested, this, [asked](FaceChallenge c) { *asked << toString(c); });
        if (v.start(card_) != ConsentError::None)
            qFatal("the verification did not start");
        QElapsedTimer t;
        t.start();
        while (!camera->isActive() && t.elapsed() < 5000)
            QTest::qWait(10);
        t.restart();
        for (int i = 0; decided.isEmpty() && t.elapsed() < 30000; ++i) {
            camera->push(video[i % video.size()], 10000 + qint64(i) * 40);
            QTest::qWait(40);
        }
        engine_->threadPool()->waitForDone(3000);
        return decided.isEmpty() ? FaceDecision() : decided.first().first().value<FaceDecision>();
    }

private slots:
    void initTestCase()
    {
        dir_ = qEnvironmentVariable("KIOSK_BINARY_DIR", QDir::tempPath()) + QStringLiteral("/face-clips");
        QProcess make; // idempotent: only what is missing is made
        make.setProcessChannelMode(QProcess::MergedChannels);
        make.start(QStringLiteral("bash"),
                   {qEnvironmentVariable("KIOSK_SOURCE_DIR") + QStringLiteral("/packaging/make-face-clips.sh"), dir_});
        QVERIFY(make.waitForFinished(240000));
        QVERIFY2(make.exitCode() == 0, make.readAll().constData());
        card_ = QImage(dir_ + QStringLiteral("/face_card.png")).convertToFormat(QImage::Format_RGB888);
        QVERIFY(!card_.isNull());
        QString problem;
        config_ = test::faceTestConfig();
        if (!(engine_ = test::loadFaceEngine(config_, &problem)))
            QFAIL(qPrintable(problem));
    }

    void theMovingHead_passesTheChallenge()
    {
        QStringList asked;
        const FaceDecision d = play(QStringLiteral("face_same.mp4"), &asked);
        qInfo() << "face_same:" << toString(d.outcome) << toString(d.reason) << "score" << d.score << "ms"
                << d.elapsedMs << "asked" << asked;
        QCOMPARE(toString(d.outcome), QStringLiteral("match"));
    }

    void thePhotoHeldUp_failsEveryChallenge()
    {
        QStringList asked;
        const FaceDecision d = play(QStringLiteral("face_photo.mp4"), &asked);
        qInfo() << "face_photo:" << toString(d.outcome) << toString(d.reason) << "score" << d.score << "asked" << asked;
        QVERIFY2(!asked.isEmpty(), "the photo should match the card: the challenge is what must stop it");
        QCOMPARE(toString(d.outcome), QStringLiteral("not_possible"));
        QCOMPARE(toString(d.reason), QStringLiteral("challenge_failed"));
    }

    void anotherPerson_isNoMatch()
    {
        QStringList asked;
        const FaceDecision d = play(QStringLiteral("face_other.mp4"), &asked);
        qInfo() << "face_other:" << toString(d.outcome) << toString(d.reason) << "score" << d.score;
        QCOMPARE(toString(d.outcome), QStringLiteral("no_match"));
        QVERIFY(asked.isEmpty());
    }
};

QTEST_MAIN(FaceClipsTest)
#include "test_face_clips.moc"
