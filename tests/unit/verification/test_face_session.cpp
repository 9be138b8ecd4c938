// FaceVerification end to end with the real models and a fake camera emitting QImages: the camera is reached only
// through an agreed consent; the same face matches, another face ends in no_match and the staff path after the
// attempts limit, no face ends at the time limit, a photo held up fails the challenge, withdrawal stops everything;
// the GUI thread never runs inference; after the decision nothing biometric is held.
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>
#include <QThreadPool>

#include "app/verification/face_verification.h"
#include "unit/consent/fake_frame_source.h"
#include "unit/verification/face_test_support.h"

using namespace kiosk;
using namespace kiosk::app;

class FaceSessionTest : public QObject
{
    Q_OBJECT

private:
    FaceConfig config_;
    std::shared_ptr<FaceEngine> engine_;
    QString problem_;
    QImage messiId_, bb1Id_;
    QList<QImage> messiFrames_, blankFrames_;

    test::FakeFrameSource *camera_ = nullptr;
    std::unique_ptr<ConsentGate> gate_;

    QList<QImage> clip(const QImage &portrait, const QRectF &box)
    {
        // A face slowly moving in front of the camera (a few pixels per frame), then turning left, right and nodding,
        // so whichever challenge is asked is performed within one loop (about 1.1 s).
        QList<QImage> frames;
        for (int i = 0; i < 5; ++i)
            frames << test::framed(portrait, box.translated(0.4 * (i % 4), 0.3 * (i % 3)), QSize(640, 480), 0.33);
        const QHash<int, QList<QImage>> moves = test::headMovements(*engine_, frames[0]);
        for (FaceChallenge c : {FaceChallenge::TurnLeft, FaceChallenge::TurnRight, FaceChallenge::Nod})
            frames << moves.value(int(c)) << frames[1];
        return frames;
    }

    // A printed photo of the face held up, turned and tilted back and forth (a perspective warp of the whole picture).
    QList<QImage> heldUpPhoto(const QImage &frontal)
    {
        FaceAnalysisOptions o;
        o.embedding = false;
        const QRectF box = engine_->analyze(frontal, o).box.adjusted(-60, -60, 60, 60);
        QList<QImage> frames;
        for (bool vertical : {false, true})
            for (int i = 0; i < 12; ++i)
                frames << test::posed(frontal, box, 0.12 * std::sin(i * M_PI / 6), vertical);
        return frames;
    }

    // Plays `frames` in a loop every 40 ms (frame clock = real time) until the verification decides or `limitMs`.
    qint64 play(FaceVerification &v, const QList<QImage> &frames, int limitMs, qint64 *maxPushMs = nullptr)
    {
        QElapsedTimer t;
        t.start();
        int i = 0;
        qint64 worstPush = 0;
        while (!v.isFinished() && t.elapsed() < limitMs) {
            QElapsedTimer push;
            push.start();
            camera_->push(frames[i % frames.size()], 10000 + t.elapsed());
            worstPush = std::max(worstPush, push.elapsed());
            ++i;
            QTest::qWait(40);
        }
        if (maxPushMs)
            *maxPushMs = worstPush;
        return t.elapsed();
    }

    FaceConfig quickConfig() const
    {
        FaceConfig c = config_;
        c.timeLimitS = 2;
        c.maxAttempts = 2;
        return c;
    }

private slots:
    void initTestCase()
    {
        config_ = test::faceTestConfig();
        engine_ = test::loadFaceEngine(config_, &problem_);
        if (!engine_)
            QFAIL(qPrintable(problem_));
        const QImage messi = test::portrait("data/messi5.jpg", &problem_);
        const QImage bb1 = test::portrait("data/basketball1.png", &problem_);
        if (messi.isNull() || bb1.isNull())
            QFAIL(qPrintable(problem_));
        FaceAnalysisOptions o;
        o.embedding = false;
        const QRectF mBox = test::haarFace(messi, test::messiFace()),
                     bBox = test::haarFace(bb1, test::basketball1Face());
        messiId_ = test::framed(messi, mBox, QSize(102, 126), 0.55);
        bb1Id_ = test::framed(bb1, bBox, QSize(102, 126), 0.55);
        messiFrames_ = clip(messi, mBox);
        QImage blank(640, 480, QImage::Format_RGB888);
        blank.fill(QColor(90, 90, 100));
        blankFrames_ << blank;
    }

    void init()
    {
        auto cam = std::make_unique<test::FakeFrameSource>();
        camera_ = cam.get();
        gate_ = std::make_unique<ConsentGate>(std::move(cam));
    }
    void cleanup()
    {
        gate_.reset();
        engine_->threadPool()->waitForDone(2000); // let a scrub pass finish before the next test
    }

    void withoutAgree_theCameraIsNeverStarted()
    {
        FaceVerification v(gate_.get(), engine_, config_);
        QCOMPARE(toString(v.start(messiId_)), toString(ConsentError::NotAgreed));
        gate_->present("zh_CN", "x");
        gate_->decline();
        QCOMPARE(toString(v.start(messiId_)), toString(ConsentError::NotAgreed));
        QCOMPARE(camera_->starts, 0);
        QVERIFY(!v.holdsBiometricData());
    }

    void sameFace_matches_andTheRecordSaysFace()
    {
        gate_->present("zh_CN", "x");
        QCOMPARE(toString(gate_->agree()), toString(ConsentError::None));
        FaceVerification v(gate_.get(), engine_, config_);
        QSignalSpy decided(&v, &FaceVerification::decided);
        QSignalSpy progress(&v, &FaceVerification::progressChanged);
        QSignalSpy alternative(&v, &FaceVerification::alternativePathRequired);
        QCOMPARE(toString(v.start(messiId_)), toString(ConsentError::None));
        QTRY_VERIFY_WITH_TIMEOUT(camera_->isActive(), 5000); // after the card photo's template is made
        qint64 worstPush = 0;
        play(v, messiFrames_, 20000, &worstPush);
        QCOMPARE(decided.count(), 1);
        const FaceDecision d = decided.first().first().value<FaceDecision>();
        qInfo() << "same face:" << toString(d.outcome) << "score" << d.score << "ms" << d.elapsedMs << "attempts"
                << d.attemptsUsed;
        QCOMPARE(toString(d.outcome), QStringLiteral("match"));
        QVERIFY(d.score >= engine_->matchThreshold());
        QCOMPARE(alternative.count(), 0);
        QVERIFY(progress.count() >= 2);
        QVERIFY2(!camera_->isActive(), "the decision stops the camera");
        QCOMPARE(toString(gate_->record()->methodUsed), QStringLiteral("face"));
        QVERIFY(gate_->isCompleted());
        QVERIFY2(worstPush < 30, qPrintable(QStringLiteral("a frame blocked the GUI thread for %1 ms: inference must "
                                                           "run in the pool")
                                                .arg(worstPush)));
        QTRY_VERIFY_WITH_TIMEOUT(!v.holdsBiometricData(), 3000);
    }

    void cancel_endsAsNotPossible_onTheAlternativePath()
    {
        gate_->present("en", "x");
        gate_->agree();
        FaceVerification v(gate_.get(), engine_, quickConfig());
        QSignalSpy decided(&v, &FaceVerification::decided);
        QSignalSpy alternative(&v, &FaceVerification::alternativePathRequired);
        QCOMPARE(toString(v.start(messiId_)), toString(ConsentError::None));
        QTRY_VERIFY_WITH_TIMEOUT(camera_->isActive(), 5000);
        camera_->push(messiFrames_[0], 1);
        v.cancel();
        QVERIFY(v.isFinished());
        QVERIFY(!camera_->isActive());
        QCOMPARE(decided.count(), 1);
        QCOMPARE(toString(decided.first().first().value<FaceDecision>().reason), QStringLiteral("cancelled"));
        QCOMPARE(alternative.count(), 1);
        QCOMPARE(toString(gate_->record()->methodUsed), QStringLiteral("alternative"));
        QTRY_VERIFY_WITH_TIMEOUT(!v.holdsBiometricData(), 3000);
    }

    void otherPersonsCard_noMatch_afterTheAttemptsLimit_thenAlternativePath()
    {
        gate_->present("en", "x");
        gate_->agree();
        FaceVerification v(gate_.get(), engine_, quickConfig());
        QSignalSpy decided(&v, &FaceVerification::decided);
        QSignalSpy attemptFailed(&v, &FaceVerification::attemptFailed);
        QSignalSpy alternative(&v, &FaceVerification::alternativePathRequired);
        QCOMPARE(toString(v.start(bb1Id_)), toString(ConsentError::None)); // the card is someone else's
        QTRY_VERIFY_WITH_TIMEOUT(camera_->isActive(), 5000);
        play(v, messiFrames_, 20000);
        QCOMPARE(decided.count(), 1);
        const FaceDecision d = decided.first().first().value<FaceDecision>();
        qInfo() << "other face:" << toString(d.outcome) << "score" << d.score << "attempts" << d.attemptsUsed;
        QCOMPARE(toString(d.outcome), QStringLiteral("no_match"));
        QVERIFY(d.score < engine_->matchThreshold());
        QCOMPARE(attemptFailed.count(), 1); // 2 attempts: one failure reported, then the decision
        QCOMPARE(attemptFailed.first().at(1).toInt(), 1);
        QCOMPARE(alternative.count(), 1);
        QCOMPARE(toString(gate_->record()->methodUsed), QStringLiteral("alternative"));
        QCOMPARE(toString(gate_->record()->decision), QStringLiteral("agree"));
    }

    void noFace_endsAtTheTimeLimit_asNotPossible()
    {
        gate_->present("en", "x");
        gate_->agree();
        FaceConfig c = quickConfig();
        c.maxYaw = 1.0;   // he looks a little aside in that recording
        c.minFacePx = 30; // and the frames are the recording's own, with a small face
        FaceVerification v(gate_.get(), engine_, c);
        QSignalSpy decided(&v, &FaceVerification::decided);
        QSignalSpy guidance(&v, &FaceVerification::guidanceChanged);
        v.start(messiId_);
        QTRY_VERIFY_WITH_TIMEOUT(camera_->isActive(), 5000);
        const qint64 ms = play(v, blankFrames_, 15000);
        QCOMPARE(decided.count(), 1);
        const FaceDecision d = decided.first().first().value<FaceDecision>();
        QCOMPARE(toString(d.outcome), QStringLiteral("not_possible"));
        QCOMPARE(toString(d.reason), QStringLiteral("no_face"));
        QVERIFY2(ms >= 4000 && ms < 8000, qPrintable(QString::number(ms)));
        QVERIFY(guidance.count() >= 1);
        QCOMPARE(toString(guidance.first().first().value<FaceGuidance>()), QStringLiteral("no_face"));
    }

    void photoHeldUp_failsTheChallenge()
    {
        gate_->present("en", "x");
        gate_->agree();
        FaceConfig c = quickConfig();
        c.challengeTimeS = 2;
        FaceVerification v(gate_.get(), engine_, c);
        QSignalSpy decided(&v, &FaceVerification::decided);
        QSignalSpy challenges(&v, &FaceVerification::challengeRequested);
        v.start(messiId_);
        QTRY_VERIFY_WITH_TIMEOUT(camera_->isActive(), 5000);
        play(v, heldUpPhoto(messiFrames_[0]), 20000);
        QCOMPARE(decided.count(), 1);
        const FaceDecision d = decided.first().first().value<FaceDecision>();
        qInfo() << "photo held up:" << toString(d.outcome) << toString(d.reason) << "score" << d.score << "challenges"
                << challenges.count();
        QVERIFY2(challenges.count() >= 1, "the photo matches the card: the challenge is what must stop it");
        QCOMPARE(toString(d.outcome), QStringLiteral("not_possible"));
        QCOMPARE(toString(d.reason), QStringLiteral("challenge_failed"));
    }

    void withdrawDuringVerification_stopsTheCamera_andEndsIt()
    {
        gate_->present("zh_CN", "x");
        gate_->agree();
        FaceVerification v(gate_.get(), engine_, config_);
        QSignalSpy decided(&v, &FaceVerification::decided);
        v.start(messiId_);
        QTRY_VERIFY_WITH_TIMEOUT(camera_->isActive(), 5000);
        camera_->push(messiFrames_[0], 1);
        QCOMPARE(toString(gate_->withdraw()), toString(ConsentError::None));
        QVERIFY(!camera_->isActive());
        QVERIFY(v.isFinished());
        QCOMPARE(decided.count(), 1);
        QCOMPARE(toString(decided.first().first().value<FaceDecision>().reason), QStringLiteral("cancelled"));
        QVERIFY2(!camera_->push(messiFrames_[1], 2), "no frames after withdrawal");
        QCOMPARE(toString(gate_->record()->decision), QStringLiteral("withdrawn"));
        QCOMPARE(toString(gate_->record()->methodUsed), QStringLiteral("alternative"));
        QTRY_VERIFY_WITH_TIMEOUT(!v.holdsBiometricData(), 3000);
    }

    void cardPhotoWithoutAFace_isNotPossible()
    {
        gate_->present("en", "x");
        gate_->agree();
        FaceVerification v(gate_.get(), engine_, config_);
        QSignalSpy decided(&v, &FaceVerification::decided);
        QImage blank(102, 126, QImage::Format_RGB888);
        blank.fill(Qt::white);
        v.start(blank);
        QTRY_COMPARE_WITH_TIMEOUT(decided.count(), 1, 5000);
        QCOMPARE(toString(decided.first().first().value<FaceDecision>().reason), QStringLiteral("reference_unusable"));
        QCOMPARE(camera_->starts, 0);
    }

    void missingModels_endWithEngineUnavailable()
    {
        gate_->present("en", "x");
        gate_->agree();
        FaceVerification v(gate_.get(), nullptr, config_);
        QSignalSpy decided(&v, &FaceVerification::decided);
        QSignalSpy alternative(&v, &FaceVerification::alternativePathRequired);
        QCOMPARE(toString(v.start(messiId_)), toString(ConsentError::None));
        QTRY_COMPARE_WITH_TIMEOUT(decided.count(), 1, 2000);
        QCOMPARE(toString(decided.first().first().value<FaceDecision>().reason), QStringLiteral("engine_unavailable"));
        QCOMPARE(alternative.count(), 1);
        QCOMPARE(camera_->starts, 0);
    }

    void destroyingTheVerificationMidway_isSafe()
    {
        gate_->present("en", "x");
        gate_->agree();
        {
            FaceVerification v(gate_.get(), engine_, config_);
            v.start(messiId_);
            QTRY_VERIFY_WITH_TIMEOUT(camera_->isActive(), 5000);
            camera_->push(messiFrames_[0], 1); // a frame in flight in the pool
        }
        QVERIFY(!camera_->isActive());
        engine_->threadPool()->waitForDone(3000);
    }
};

QTEST_MAIN(FaceSessionTest)
#include "test_face_session.moc"
