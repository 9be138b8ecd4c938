// The voting, liveness, challenge and attempt rules of face verification.
#include "app/verification/face_decision.h"

#include <algorithm>
#include <cmath>

namespace kiosk::app {

namespace {

// A flat photo turned or tilted in front of the camera keeps these ratios in theory (both terms shrink together); a
// head does not, because the nose stands out of the face's plane. A pinhole model of a head (nose 25 mm in front of
// the eyes, 60 cm from the camera; test_face_decision.cpp) moves yaw by 0.29 for a 35 degree turn and pitch by 0.14
// for a 20 degree nod, the same points on a flat photo turned by 35 degrees by at most 0.015. BlazeFace's keypoints are
// regressed, not measured, though: on a photo warped hard (tests' posed(): one side 24 % shorter, back and forth)
// they swing yaw by up to 0.20 peak to peak and pitch by 0.05. The thresholds sit above those swings (thin margins:
// 1.25x and 1.4x) and ask a citizen for a clear turn (about 30 degrees) or nod (about 10 degrees).
constexpr double kTurnDelta = 0.25; // change of yaw (nose offset / eye distance) that counts as a head turn
constexpr double kNodDelta = 0.07;  // change of pitch (nose drop / mouth drop below the eyes) that counts as a nod
constexpr int kChallengeFrames = 2; // consecutive frames that must show the movement

double median(std::vector<double> v)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

} // namespace

HeadPose headPose(const std::array<QPointF, 6> &k)
{
    const QPointF rightEye = k[0], leftEye = k[1], nose = k[2], mouth = k[3];
    const QPointF eyes = (rightEye + leftEye) / 2;
    const double eyeDistance = std::hypot(leftEye.x() - rightEye.x(), leftEye.y() - rightEye.y());
    HeadPose p;
    p.yaw = (nose.x() - eyes.x()) / std::max(1.0, eyeDistance);
    p.pitch = (nose.y() - eyes.y()) / std::max(1.0, mouth.y() - eyes.y());
    return p;
}

FaceGuidance guidanceFor(const FaceObservation &obs, const QRectF &previousBox, const FaceConfig &config)
{
    if (!obs.faceFound)
        return FaceGuidance::NoFace;
    if (obs.brightness < config.minBrightness)
        return FaceGuidance::TooDark;
    if (obs.box.height() < config.minFacePx)
        return FaceGuidance::MoveCloser;
    if (std::abs(obs.yaw) > config.maxYaw)
        return FaceGuidance::LookAtCamera;
    if (!previousBox.isEmpty()) {
        const QPointF moved = obs.box.center() - previousBox.center();
        const double size = std::max(1.0, obs.box.height());
        if (std::hypot(moved.x(), moved.y()) / size > config.maxMotion)
            return FaceGuidance::HoldStill;
    }
    return FaceGuidance::Ok;
}

FaceDecisionPolicy::FaceDecisionPolicy(const FaceConfig &config)
    : config_(config), chooser_([](int attempt) {
        static const FaceChallenge order[] = {FaceChallenge::TurnLeft, FaceChallenge::TurnRight, FaceChallenge::Nod};
        return order[(std::max(1, attempt) - 1) % 3];
    })
{
    config_.votes = std::max(1, config_.votes);
    config_.maxAttempts = std::max(1, config_.maxAttempts);
}

std::vector<FacePolicyEvent> FaceDecisionPolicy::frame(qint64 timestampMs, const FaceObservation &obs,
                                                       double similarity)
{
    std::vector<FacePolicyEvent> events;
    if (phase_ == Phase::Decided)
        return events;
    if (firstFrameMs_ < 0)
        firstFrameMs_ = timestampMs;
    if (attemptStartMs_ < 0)
        attemptStartMs_ = timestampMs;

    checkLimits(timestampMs, events);
    if (phase_ == Phase::Decided || attemptStartMs_ < 0) // decided, or the attempt just failed: next frame starts anew
        return events;

    const FaceGuidance g = guidanceFor(obs, previousBox_, config_);
    previousBox_ = obs.faceFound ? obs.box : QRectF();
    sawFaceThisAttempt_ = sawFaceThisAttempt_ || obs.faceFound;

    if (phase_ == Phase::Challenge) {
        // Turning the head is what was asked: do not tell the citizen to look at the camera meanwhile.
        const bool turning = challenge_ != FaceChallenge::Nod && g == FaceGuidance::LookAtCamera;
        emitGuidance(turning || g == FaceGuidance::HoldStill ? FaceGuidance::Ok : g, events);
        if (!obs.faceFound) {
            challengeFramesSeen_ = 0;
            return events;
        }
        challengeSameFace_ = challengeSameFace_ || similarity >= config_.matchThreshold;
        bool moved = false;
        if (challenge_ == FaceChallenge::TurnLeft)
            moved = obs.yaw - baseYaw_ >= kTurnDelta; // the citizen's left: the nose goes to the image's right
        else if (challenge_ == FaceChallenge::TurnRight)
            moved = baseYaw_ - obs.yaw >= kTurnDelta;
        else if (challenge_ == FaceChallenge::Nod)
            moved = std::abs(obs.pitch - basePitch_) >= kNodDelta;
        challengeFramesSeen_ = moved ? challengeFramesSeen_ + 1 : 0;
        const bool passed = challengeFramesSeen_ >= kChallengeFrames;
        if (passed) {
            FacePolicyEvent e;
            e.kind = FacePolicyEvent::Kind::ChallengePassed;
            e.challenge = challenge_;
            events.push_back(e);
            // The person who performed the challenge must be the one who was matched.
            if (challengeSameFace_)
                decide(FaceOutcome::Match, FaceReason::Matched, windowScore(), timestampMs, events);
            else
                failAttempt(FaceReason::Different, timestampMs, events);
        }
        return events;
    }

    emitGuidance(g, events);
    if (g != FaceGuidance::Ok || obs.embedding.isEmpty())
        return events;
    window_.push_back({similarity, obs.yaw, obs.pitch});
    emitProgress(int(window_.size() * 100 / size_t(config_.votes + 1)), events);
    if (int(window_.size()) >= config_.votes)
        evaluateVotes(timestampMs, events);
    return events;
}

std::vector<FacePolicyEvent> FaceDecisionPolicy::tick(qint64 nowMs)
{
    std::vector<FacePolicyEvent> events;
    if (phase_ != Phase::Decided && attemptStartMs_ >= 0)
        checkLimits(nowMs, events);
    return events;
}

FacePolicyEvent FaceDecisionPolicy::abort(FaceReason reason, qint64 nowMs)
{
    std::vector<FacePolicyEvent> events;
    if (phase_ != Phase::Decided)
        decide(FaceOutcome::NotPossible, reason, haveScore_ ? bestScore_ : 0, nowMs, events);
    FacePolicyEvent e;
    e.kind = FacePolicyEvent::Kind::Decided;
    e.decision = decision_;
    return e;
}

void FaceDecisionPolicy::checkLimits(qint64 nowMs, std::vector<FacePolicyEvent> &events)
{
    if (phase_ == Phase::Challenge && nowMs - challengeStartMs_ > qint64(config_.challengeTimeS) * 1000) {
        failAttempt(FaceReason::ChallengeFailed, nowMs, events);
        return;
    }
    if (phase_ == Phase::Collecting && attemptStartMs_ >= 0 &&
        nowMs - attemptStartMs_ > qint64(config_.timeLimitS) * 1000)
        failAttempt(sawFaceThisAttempt_ ? FaceReason::TimedOut : FaceReason::NoFace, nowMs, events);
}

double FaceDecisionPolicy::windowScore() const
{
    std::vector<double> s;
    for (const Vote &v : window_)
        s.push_back(v.similarity);
    return median(s);
}

void FaceDecisionPolicy::evaluateVotes(qint64 nowMs, std::vector<FacePolicyEvent> &events)
{
    int matchVotes = 0;
    std::vector<double> yaw, pitch;
    for (const Vote &v : window_) {
        matchVotes += v.similarity >= config_.matchThreshold ? 1 : 0;
        yaw.push_back(v.yaw);
        pitch.push_back(v.pitch);
    }
    const double score = windowScore();
    if (!haveScore_ || score > bestScore_)
        bestScore_ = score;
    haveScore_ = true;

    if (matchVotes * 2 <= int(window_.size())) {
        failAttempt(FaceReason::Different, nowMs, events);
        return;
    }
    // The face matches: now a movement a photo held up cannot make.
    phase_ = Phase::Challenge;
    challenge_ = chooser_(attemptsUsed_ + 1);
    if (challenge_ == FaceChallenge::None)
        challenge_ = FaceChallenge::TurnLeft;
    challengeStartMs_ = nowMs;
    baseYaw_ = median(yaw);
    basePitch_ = median(pitch);
    challengeFramesSeen_ = 0;
    challengeSameFace_ = false;
    FacePolicyEvent e;
    e.kind = FacePolicyEvent::Kind::ChallengeRequested;
    e.challenge = challenge_;
    events.push_back(e);
}

void FaceDecisionPolicy::failAttempt(FaceReason reason, qint64 nowMs, std::vector<FacePolicyEvent> &events)
{
    ++attemptsUsed_;
    anyDifferent_ = anyDifferent_ || reason == FaceReason::Different;
    if (attemptsUsed_ >= config_.maxAttempts) {
        // A live face that did not match the card in some attempt is a "no match"; otherwise verification was simply
        // not possible (no face, too dark, challenge not done).
        if (anyDifferent_)
            decide(FaceOutcome::NoMatch, FaceReason::Different, bestScore_, nowMs, events);
        else
            decide(FaceOutcome::NotPossible, reason, haveScore_ ? bestScore_ : 0, nowMs, events);
        return;
    }
    FacePolicyEvent e;
    e.kind = FacePolicyEvent::Kind::AttemptFailed;
    e.reason = reason;
    e.attemptsLeft = config_.maxAttempts - attemptsUsed_;
    events.push_back(e);
    // The next attempt starts with the next frame, from nothing.
    phase_ = Phase::Collecting;
    challenge_ = FaceChallenge::None;
    attemptStartMs_ = -1;
    challengeStartMs_ = -1;
    sawFaceThisAttempt_ = false;
    window_.clear();
    previousBox_ = QRectF();
    lastProgress_ = -1;
    emitProgress(0, events);
}

void FaceDecisionPolicy::decide(FaceOutcome outcome, FaceReason reason, double score, qint64 nowMs,
                                std::vector<FacePolicyEvent> &events)
{
    if (outcome == FaceOutcome::Match)
        ++attemptsUsed_;
    phase_ = Phase::Decided;
    decision_.outcome = outcome;
    decision_.reason = reason;
    decision_.score = score;
    decision_.attemptsUsed = attemptsUsed_;
    decision_.elapsedMs = firstFrameMs_ >= 0 ? std::max<qint64>(0, nowMs - firstFrameMs_) : 0;
    window_.clear();
    emitProgress(100, events);
    FacePolicyEvent e;
    e.kind = FacePolicyEvent::Kind::Decided;
    e.decision = decision_;
    events.push_back(e);
}

void FaceDecisionPolicy::emitGuidance(FaceGuidance guidance, std::vector<FacePolicyEvent> &events)
{
    if (guidanceSent_ && guidance == lastGuidance_)
        return;
    guidanceSent_ = true;
    lastGuidance_ = guidance;
    FacePolicyEvent e;
    e.kind = FacePolicyEvent::Kind::Guidance;
    e.guidance = guidance;
    events.push_back(e);
}

void FaceDecisionPolicy::emitProgress(int percent, std::vector<FacePolicyEvent> &events)
{
    if (percent == lastProgress_)
        return;
    lastProgress_ = percent;
    FacePolicyEvent e;
    e.kind = FacePolicyEvent::Kind::Progress;
    e.progress = percent;
    events.push_back(e);
}

} // namespace kiosk::app
