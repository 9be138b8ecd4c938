// The decision rules on synthetic frames and keypoint sequences (no models needed): voting, guidance, the active
// liveness challenge (turn left / right, nod, judged from the keypoints over consecutive frames), the time limits and
// the attempts limit that leads to the alternative path.
#include <QTest>

#include <array>
#include <cmath>

#include "app/verification/face_decision.h"

using namespace kiosk::app;

namespace {

FaceConfig testConfig()
{
    FaceConfig c;
    c.votes = 5;
    c.maxAttempts = 3;
    c.timeLimitS = 2;
    c.challengeTimeS = 1;
    c.matchThreshold = 0.45;
    return c;
}

// yaw: (nose x - eye midpoint x) / eye distance; pitch: (nose y - eye y) / (mouth y - eye y); as the engine measures.
FaceObservation face(double yaw = 0.0, double pitch = 0.55, double x = 200)
{
    FaceObservation o;
    o.faceFound = true;
    o.frameSize = QSize(640, 480);
    o.box = QRectF(x, 120, 200, 200);
    o.brightness = 120;
    o.yaw = yaw;
    o.pitch = pitch;
    o.embedding = FaceTemplate(std::vector<float>(512, 0.1f));
    return o;
}

// The detector's six keypoints of a head (or of a flat photo of it: every point in one plane) turned by `yawDeg` (to
// the subject's left: positive) and nodded by `pitchDeg` (chin down: positive), seen by a pinhole camera 60 cm away.
// Head coordinates in mm: x towards the image's right, y down, z towards the camera; the nose stands 25 mm out.
std::array<QPointF, 6> keypoints(double yawDeg, double pitchDeg, bool flat)
{
    const double pts[6][3] = {{-32, -18, 0}, {32, -18, 0}, {0, 12, 25}, {0, 42, 6}, {-75, 0, -70}, {75, 0, -70}};
    const double a = yawDeg * M_PI / 180, b = pitchDeg * M_PI / 180, f = 900, distance = 600;
    std::array<QPointF, 6> out;
    for (int i = 0; i < 6; ++i) {
        const double x = pts[i][0], y = pts[i][1], z = flat ? 0 : pts[i][2];
        const double x1 = x * std::cos(a) + z * std::sin(a), z1 = -x * std::sin(a) + z * std::cos(a);
        const double y2 = y * std::cos(b) + z1 * std::sin(b), z2 = -y * std::sin(b) + z1 * std::cos(b);
        out[size_t(i)] = QPointF(320 + f * x1 / (distance - z2), 240 + f * y2 / (distance - z2));
    }
    return out;
}

// An observation whose pose comes from the keypoints, as the engine measures it.
FaceObservation fromKeypoints(const std::array<QPointF, 6> &k)
{
    FaceObservation o = face();
    o.keypoints = k;
    const HeadPose pose = headPose(k);
    o.yaw = pose.yaw;
    o.pitch = pose.pitch;
    return o;
}

struct Run {
    FaceDecisionPolicy policy;
    std::vector<FacePolicyEvent> events;
    qint64 t = 1000; // the frame clock starts anywhere
    explicit Run(const FaceConfig &c) : policy(c) {}

    void feed(const FaceObservation &o, double similarity, qint64 stepMs = 40)
    {
        const auto e = policy.frame(t, o, similarity);
        events.insert(events.end(), e.begin(), e.end());
        t += stepMs;
    }
    int count(FacePolicyEvent::Kind k) const
    {
        return int(std::count_if(events.begin(), events.end(), [k](const FacePolicyEvent &e) { return e.kind == k; }));
    }
    QStringList guidance() const
    {
        QStringList g;
        for (const FacePolicyEvent &e : events)
            if (e.kind == FacePolicyEvent::Kind::Guidance)
                g << toString(e.guidance);
        return g;
    }
    QStringList failures() const
    {
        QStringList f;
        for (const FacePolicyEvent &e : events)
            if (e.kind == FacePolicyEvent::Kind::AttemptFailed)
                f << toString(e.reason);
        return f;
    }
};

} // namespace

class FaceDecisionTest : public QObject
{
    Q_OBJECT

private slots:
    void matchingFrames_thenTheAskedTurn_match()
    {
        Run r(testConfig());
        for (int i = 0; i < 5; ++i)
            r.feed(face(), 0.80 + i * 0.01);
        QVERIFY2(!r.policy.isDecided(), "no passive liveness: a match needs the challenge");
        QCOMPARE(r.policy.phase(), FaceDecisionPolicy::Phase::Challenge);
        QCOMPARE(toString(r.policy.challenge()), QStringLiteral("turn_left"));
        QCOMPARE(r.count(FacePolicyEvent::Kind::ChallengeRequested), 1);
        r.feed(face(0.05), 0.85); // starting to turn
        r.feed(face(0.30), 0.70);
        QVERIFY2(!r.policy.isDecided(), "one frame is not a movement");
        r.feed(face(0.38), 0.60); // turned: "look at the camera" is not said during a turn challenge
        QVERIFY(r.policy.isDecided());
        const FaceDecision d = r.policy.decision();
        QCOMPARE(toString(d.outcome), QStringLiteral("match"));
        QCOMPARE(toString(d.reason), QStringLiteral("matched"));
        QCOMPARE(d.attemptsUsed, 1);
        QCOMPARE(r.count(FacePolicyEvent::Kind::ChallengePassed), 1);
        QVERIFY(!r.guidance().contains(QStringLiteral("look_at_camera")));
        QVERIFY2(d.elapsedMs <= 1500, qPrintable(QString::number(d.elapsedMs)));
        QVERIFY(!d.alternativePath());
    }

    void majorityVote_decides_data()
    {
        QTest::addColumn<int>("matching");
        QTest::addColumn<bool>("challenged");
        QTest::newRow("5 of 5") << 5 << true;
        QTest::newRow("3 of 5") << 3 << true;
        QTest::newRow("2 of 5") << 2 << false;
        QTest::newRow("0 of 5") << 0 << false;
    }
    void majorityVote_decides()
    {
        QFETCH(int, matching);
        QFETCH(bool, challenged);
        FaceConfig c = testConfig();
        c.maxAttempts = 1;
        Run r(c);
        for (int i = 0; i < 5; ++i)
            r.feed(face(), i < matching ? 0.7 : 0.1);
        QCOMPARE(r.policy.phase() == FaceDecisionPolicy::Phase::Challenge, challenged);
        if (!challenged)
            QCOMPARE(toString(r.policy.decision().outcome), QStringLiteral("no_match"));
    }

    void unusableFrames_doNotVote_andGiveGuidance()
    {
        FaceConfig c = testConfig();
        Run r(c);
        FaceObservation none;
        FaceObservation dark = face();
        dark.brightness = 10;
        FaceObservation small = face();
        small.box = QRectF(300, 200, 40, 40);
        FaceObservation turned = face(0.8);
        r.feed(none, 0);
        r.feed(dark, 0.9);
        r.feed(small, 0.9);
        r.feed(turned, 0.9);
        r.feed(face(0.0, 0.55, 200), 0.9); // first usable frame
        r.feed(face(0.0, 0.55, 330), 0.9); // jumped by 65% of the face size
        QCOMPARE(r.guidance(),
                 (QStringList{"no_face", "too_dark", "move_closer", "look_at_camera", "ok", "hold_still"}));
        for (int i = 0; i < 3; ++i)
            r.feed(face(0.0, 0.55, 330), 0.9);
        QVERIFY2(r.policy.phase() == FaceDecisionPolicy::Phase::Collecting,
                 "4 votes so far: the moving frame did not vote");
        r.feed(face(0.0, 0.55, 330), 0.9);
        QCOMPARE(r.policy.phase(), FaceDecisionPolicy::Phase::Challenge);
    }

    void noFaceUntilTheTimeLimit_failsTheAttempt_thenAlternativeAfterMaxAttempts()
    {
        Run r(testConfig()); // 2 s per attempt, 3 attempts
        FaceObservation none;
        while (!r.policy.isDecided() && r.t < 20000)
            r.feed(none, 0, 100);
        QVERIFY(r.policy.isDecided());
        QCOMPARE(r.failures(), (QStringList{"no_face", "no_face"}));
        const FaceDecision d = r.policy.decision();
        QCOMPARE(toString(d.outcome), QStringLiteral("not_possible"));
        QCOMPARE(toString(d.reason), QStringLiteral("no_face"));
        QCOMPARE(d.attemptsUsed, 3);
        QVERIFY(d.alternativePath());
        QVERIFY2(d.elapsedMs >= 6000 && d.elapsedMs <= 6500, qPrintable(QString::number(d.elapsedMs)));
    }

    void aStalledCamera_timesOutThroughTick()
    {
        FaceConfig c = testConfig();
        c.maxAttempts = 1;
        Run r(c);
        r.feed(face(), 0.9); // one usable frame, then nothing
        QVERIFY(r.policy.tick(r.t + 1000).empty());
        const auto events = r.policy.tick(r.t + 2500);
        QVERIFY(r.policy.isDecided());
        QCOMPARE(toString(r.policy.decision().reason), QStringLiteral("timed_out"));
        QCOMPARE(events.back().kind, FacePolicyEvent::Kind::Decided);
    }

    void differentFaceEveryAttempt_isNoMatch_withTheBestScore()
    {
        Run r(testConfig());
        for (int attempt = 0; attempt < 3; ++attempt)
            for (int i = 0; i < 5; ++i)
                r.feed(face(), 0.1 + attempt * 0.05);
        QVERIFY(r.policy.isDecided());
        QCOMPARE(r.count(FacePolicyEvent::Kind::AttemptFailed), 2);
        QCOMPARE(toString(r.policy.decision().outcome), QStringLiteral("no_match"));
        QCOMPARE(r.policy.decision().score, 0.2);
        QCOMPARE(r.policy.decision().attemptsUsed, 3);
    }

    void secondAttempt_asksTurnRight_andMatches()
    {
        Run r(testConfig());
        for (int i = 0; i < 5; ++i)
            r.feed(face(), 0.1);
        QCOMPARE(r.failures(), QStringList{"different"});
        for (int i = 0; i < 5; ++i)
            r.feed(face(0.02), 0.9);
        QCOMPARE(toString(r.policy.challenge()), QStringLiteral("turn_right"));
        r.feed(face(0.30), 0.8); // the wrong way
        r.feed(face(0.35), 0.8);
        QVERIFY2(!r.policy.isDecided(), "a turn to the left does not answer 'turn right'");
        r.feed(face(-0.25), 0.8);
        r.feed(face(-0.30), 0.8);
        QCOMPARE(toString(r.policy.decision().outcome), QStringLiteral("match"));
        QCOMPARE(r.policy.decision().attemptsUsed, 2);
    }

    // A photo held up: its keypoints jitter and the whole picture tilts, but the ratios stay within a few hundredths.
    void stillPhotoHeldUp_failsEveryChallenge_asNotPossible()
    {
        Run r(testConfig());
        int requested = 0;
        for (int i = 0; i < 200 && !r.policy.isDecided(); ++i) {
            const double jitter = 0.03 * std::sin(i * 0.9);
            r.feed(face(jitter, 0.55 + jitter, 200 + (i % 3)), 0.9, 40);
            requested = r.count(FacePolicyEvent::Kind::ChallengeRequested);
        }
        QVERIFY(r.policy.isDecided());
        QCOMPARE(requested, 3); // turn left, turn right, nod: none performed
        QCOMPARE(r.failures(), (QStringList{"challenge_failed", "challenge_failed"}));
        QCOMPARE(toString(r.policy.decision().outcome), QStringLiteral("not_possible"));
        QCOMPARE(toString(r.policy.decision().reason), QStringLiteral("challenge_failed"));
    }

    // Keypoint sequences of a head performing each challenge within 0.3 s pass it; the same movement made by a flat
    // photo of the face (held up, turned or tilted as a whole, up to 35 degrees) fails it, whatever is asked.
    void keypointsOfAMovingHead_passTheChallenge_thoseOfAPhotoDoNot_data()
    {
        QTest::addColumn<int>("challenge");
        QTest::addColumn<double>("yaw");
        QTest::addColumn<double>("pitch");
        QTest::addColumn<bool>("flat");
        QTest::addColumn<bool>("passes");
        const struct {
            const char *name;
            FaceChallenge c;
            double yaw, pitch;
        } moves[] = {{"turn_left", FaceChallenge::TurnLeft, 35, 0},
                     {"turn_right", FaceChallenge::TurnRight, -35, 0},
                     {"nod", FaceChallenge::Nod, 0, 20}};
        for (const auto &m : moves) {
            QTest::addRow("head %s", m.name) << int(m.c) << m.yaw << m.pitch << false << true;
            QTest::addRow("photo %s", m.name) << int(m.c) << m.yaw * 1.4 << m.pitch * 1.75 << true << false;
            QTest::addRow("photo %s, tilted both ways", m.name) << int(m.c) << 30.0 << 30.0 << true << false;
        }
        QTest::addRow("head turning the wrong way") << int(FaceChallenge::TurnLeft) << -25.0 << 0.0 << false << false;
    }
    void keypointsOfAMovingHead_passTheChallenge_thoseOfAPhotoDoNot()
    {
        QFETCH(int, challenge);
        QFETCH(double, yaw);
        QFETCH(double, pitch);
        QFETCH(bool, flat);
        QFETCH(bool, passes);
        FaceConfig c = testConfig();
        c.maxAttempts = 1;
        c.maxYaw = 2.0; // the turned photo must fail the challenge, not the guidance
        Run r(c);
        r.policy.setChallengeChooser([challenge](int) { return FaceChallenge(challenge); });
        for (int i = 0; i < 5; ++i)
            r.feed(fromKeypoints(keypoints(0, 0, flat)), 0.9);
        QCOMPARE(r.policy.phase(), FaceDecisionPolicy::Phase::Challenge);
        // Out and back over 8 frames (0.32 s), then still until the time limit.
        for (int i = 0; i <= 8 && !r.policy.isDecided(); ++i) {
            const double share = std::sin(M_PI * i / 8.0);
            r.feed(fromKeypoints(keypoints(yaw * share, pitch * share, flat)), 0.9);
        }
        for (int i = 0; i < 40 && !r.policy.isDecided(); ++i)
            r.feed(fromKeypoints(keypoints(0, 0, flat)), 0.9);
        QVERIFY(r.policy.isDecided());
        QCOMPARE(toString(r.policy.decision().outcome),
                 passes ? QStringLiteral("match") : QStringLiteral("not_possible"));
        if (!passes)
            QCOMPARE(toString(r.policy.decision().reason), QStringLiteral("challenge_failed"));
    }

    void nodChallenge_needsThePitchToChangeOverConsecutiveFrames()
    {
        Run r(testConfig());
        r.policy.setChallengeChooser([](int) { return FaceChallenge::Nod; });
        for (int i = 0; i < 5; ++i)
            r.feed(face(0, 0.55), 0.9);
        QCOMPARE(toString(r.policy.challenge()), QStringLiteral("nod"));
        r.feed(face(0, 0.66), 0.9); // one frame down, then back: a glitch, not a nod
        r.feed(face(0, 0.56), 0.9);
        QVERIFY(!r.policy.isDecided());
        r.feed(face(0, 0.65), 0.9);
        r.feed(face(0, 0.68), 0.9);
        QVERIFY(r.policy.isDecided());
        QCOMPARE(toString(r.policy.decision().outcome), QStringLiteral("match"));
    }

    void challengeNotPerformedInTime_failsTheAttempt()
    {
        FaceConfig c = testConfig();
        c.maxAttempts = 1;
        Run r(c);
        for (int i = 0; i < 5; ++i)
            r.feed(face(), 0.9);
        for (int i = 0; i < 40 && !r.policy.isDecided(); ++i)
            r.feed(face(), 0.9, 100);
        QVERIFY(r.policy.isDecided());
        QCOMPARE(toString(r.policy.decision().reason), QStringLiteral("challenge_failed"));
        QCOMPARE(toString(r.policy.decision().outcome), QStringLiteral("not_possible"));
    }

    void challengePerformedByAnotherFace_isNotAMatch()
    {
        FaceConfig c = testConfig();
        c.maxAttempts = 1;
        Run r(c);
        for (int i = 0; i < 5; ++i)
            r.feed(face(), 0.9);
        r.feed(face(0.5), 0.1); // someone else turns
        r.feed(face(0.5), 0.1);
        QVERIFY(r.policy.isDecided());
        QCOMPARE(toString(r.policy.decision().outcome), QStringLiteral("no_match"));
    }

    void abort_endsWithNotPossible_andFurtherFramesAreIgnored()
    {
        Run r(testConfig());
        r.feed(face(), 0.9);
        const FacePolicyEvent e = r.policy.abort(FaceReason::Cancelled, r.t);
        QCOMPARE(e.kind, FacePolicyEvent::Kind::Decided);
        QCOMPARE(toString(e.decision.outcome), QStringLiteral("not_possible"));
        QCOMPARE(toString(e.decision.reason), QStringLiteral("cancelled"));
        QVERIFY(r.policy.frame(r.t, face(), 0.9).empty());
    }
};

QTEST_GUILESS_MAIN(FaceDecisionTest)
#include "test_face_decision.moc"
