// The decision rules on synthetic frames (no models needed): voting, guidance, liveness and the active challenge, the
// time limit per attempt and the attempts limit that leads to the alternative path.
#include <QTest>

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
    c.livenessThreshold = 0.7;
    c.livenessReject = 0.2;
    return c;
}

FaceObservation face(double liveness = 0.95, double yaw = 0.0, double eyes = 0.3, double x = 200)
{
    FaceObservation o;
    o.faceFound = true;
    o.frameSize = QSize(640, 480);
    o.box = QRectF(x, 120, 200, 200);
    o.brightness = 120;
    o.yaw = yaw;
    o.eyeOpenness = eyes;
    o.liveness = liveness;
    o.embedding = FaceTemplate(std::vector<float>(512, 0.1f));
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
    void fiveMatchingLiveFrames_match_withinOneSecond()
    {
        Run r(testConfig());
        for (int i = 0; i < 5; ++i)
            r.feed(face(), 0.80 + i * 0.01);
        QVERIFY(r.policy.isDecided());
        const FaceDecision d = r.policy.decision();
        QCOMPARE(toString(d.outcome), QStringLiteral("match"));
        QCOMPARE(toString(d.reason), QStringLiteral("matched"));
        QCOMPARE(d.score, 0.82); // the median
        QCOMPARE(d.attemptsUsed, 1);
        QVERIFY(d.elapsedMs <= 1000);
        QVERIFY(!d.alternativePath());
        QCOMPARE(r.events.back().kind, FacePolicyEvent::Kind::Decided);
    }

    void majorityVote_decides_data()
    {
        QTest::addColumn<int>("matching");
        QTest::addColumn<QString>("outcome");
        QTest::newRow("5 of 5") << 5 << "match";
        QTest::newRow("3 of 5") << 3 << "match";
        QTest::newRow("2 of 5") << 2 << "no_match";
        QTest::newRow("0 of 5") << 0 << "no_match";
    }
    void majorityVote_decides()
    {
        QFETCH(int, matching);
        QFETCH(QString, outcome);
        FaceConfig c = testConfig();
        c.maxAttempts = 1;
        Run r(c);
        for (int i = 0; i < 5; ++i)
            r.feed(face(), i < matching ? 0.7 : 0.1);
        QVERIFY(r.policy.isDecided());
        QCOMPARE(toString(r.policy.decision().outcome), outcome);
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
        FaceObservation turned = face(0.95, 0.8);
        r.feed(none, 0);
        r.feed(dark, 0.9);
        r.feed(small, 0.9);
        r.feed(turned, 0.9);
        FaceObservation jump = face(0.95, 0.0, 0.3, 200);
        r.feed(jump, 0.9); // first usable frame
        FaceObservation moved = face(0.95, 0.0, 0.3, 330);
        r.feed(moved, 0.9); // jumped by 65% of the face size
        QCOMPARE(r.guidance(),
                 (QStringList{"no_face", "too_dark", "move_closer", "look_at_camera", "ok", "hold_still"}));
        QVERIFY(!r.policy.isDecided());
        for (int i = 0; i < 3; ++i)
            r.feed(face(0.95, 0.0, 0.3, 330), 0.9);
        QVERIFY2(!r.policy.isDecided(), "4 votes so far: the moving frame did not vote");
        r.feed(face(0.95, 0.0, 0.3, 330), 0.9);
        QVERIFY(r.policy.isDecided());
        QCOMPARE(toString(r.policy.decision().outcome), QStringLiteral("match"));
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

    void secondAttemptMatches_afterAFailedOne()
    {
        Run r(testConfig());
        for (int i = 0; i < 5; ++i)
            r.feed(face(), 0.1);
        QCOMPARE(r.failures(), QStringList{"different"});
        QCOMPARE(r.events[size_t(std::find_if(r.events.begin(), r.events.end(),
                                              [](const FacePolicyEvent &e) {
                                                  return e.kind == FacePolicyEvent::Kind::AttemptFailed;
                                              }) -
                                 r.events.begin())]
                     .attemptsLeft,
                 2);
        for (int i = 0; i < 5; ++i)
            r.feed(face(), 0.9);
        QCOMPARE(toString(r.policy.decision().outcome), QStringLiteral("match"));
        QCOMPARE(r.policy.decision().attemptsUsed, 2);
    }

    void spoofLiveness_failsEveryAttempt_asNotPossible()
    {
        Run r(testConfig());
        for (int i = 0; i < 15; ++i)
            r.feed(face(0.05), 0.9);
        QVERIFY(r.policy.isDecided());
        QCOMPARE(toString(r.policy.decision().outcome), QStringLiteral("not_possible"));
        QCOMPARE(toString(r.policy.decision().reason), QStringLiteral("liveness_failed"));
    }

    void uncertainLiveness_asksToTurn_andATurnCompletesTheMatch()
    {
        Run r(testConfig());
        for (int i = 0; i < 5; ++i)
            r.feed(face(0.5, 0.02), 0.9);
        QVERIFY(!r.policy.isDecided());
        QCOMPARE(r.policy.phase(), FaceDecisionPolicy::Phase::Challenge);
        QCOMPARE(toString(r.policy.challenge()), QStringLiteral("turn_head"));
        QCOMPARE(r.count(FacePolicyEvent::Kind::ChallengeRequested), 1);
        r.feed(face(0.5, 0.10), 0.9);
        QVERIFY(!r.policy.isDecided());
        r.feed(face(0.5, 0.45), 0.8); // turned: "look at the camera" is not said during a turn challenge
        QVERIFY(r.policy.isDecided());
        QCOMPARE(r.count(FacePolicyEvent::Kind::ChallengePassed), 1);
        QVERIFY(!r.guidance().contains(QStringLiteral("look_at_camera")));
        QCOMPARE(toString(r.policy.decision().outcome), QStringLiteral("match"));
    }

    void blinkChallenge_needsEyesClosedThenOpen()
    {
        Run r(testConfig());
        r.policy.setChallengeChooser([](int) { return FaceChallenge::Blink; });
        for (int i = 0; i < 5; ++i)
            r.feed(face(0.5, 0, 0.30), 0.9);
        QCOMPARE(toString(r.policy.challenge()), QStringLiteral("blink"));
        r.feed(face(0.5, 0, 0.28), 0.9);
        r.feed(face(0.5, 0, 0.10), 0.9); // closed
        QVERIFY(!r.policy.isDecided());
        r.feed(face(0.5, 0, 0.29), 0.9); // open again
        QVERIFY(r.policy.isDecided());
        QCOMPARE(toString(r.policy.decision().outcome), QStringLiteral("match"));
    }

    void challengeNotPerformedInTime_failsTheAttempt()
    {
        FaceConfig c = testConfig();
        c.maxAttempts = 1;
        Run r(c);
        for (int i = 0; i < 5; ++i)
            r.feed(face(0.5), 0.9);
        for (int i = 0; i < 40 && !r.policy.isDecided(); ++i)
            r.feed(face(0.5), 0.9, 100);
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
            r.feed(face(0.5), 0.9);
        r.feed(face(0.5, 0.5), 0.1); // someone else turns
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
