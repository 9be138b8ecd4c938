// FaceDecisionPolicy: turns a stream of analysed frames into one decision — live guidance, several usable frames
// voted into a match / no match, then an active liveness challenge (turn left, turn right or nod) judged from the
// detector's keypoints over consecutive frames within a time limit, and a limited number of attempts before the
// alternative (staff) path. There is no passive liveness model: every match must pass the challenge. Pure: no threads,
// no clock of its own (time is the frames' monotonic timestamps and tick()), so tests drive it frame by frame.
#pragma once

#include <array>

#include <QRectF>

#include <functional>
#include <vector>

#include "app/verification/face_config.h"
#include "app/verification/face_engine.h"
#include "app/verification/face_types.h"

namespace kiosk::app {

// The guidance for one analysed live frame; `previousBox` is the face box of the previous analysed frame (empty if
// none) for the hold-still check.
FaceGuidance guidanceFor(const FaceObservation &obs, const QRectF &previousBox, const FaceConfig &config);

// The head's pose from the detector's keypoints (right eye, left eye, nose tip, mouth, ...; frame pixels):
// yaw = (nose x - eye midpoint x) / eye distance, pitch = (nose y - eye midpoint y) / (mouth y - eye midpoint y).
// Ratios of distances in the face's plane: a flat photo turned or tilted as a whole keeps them (both terms shrink
// together), a head does not (the nose stands out of the plane), which is what the challenge relies on.
struct HeadPose {
    double yaw = 0;
    double pitch = 0;
};
HeadPose headPose(const std::array<QPointF, 6> &keypoints);

struct FacePolicyEvent {
    enum class Kind { Guidance, Progress, ChallengeRequested, ChallengePassed, AttemptFailed, Decided };
    Kind kind = Kind::Progress;
    FaceGuidance guidance = FaceGuidance::Ok;
    int progress = 0; // percent of the current attempt's evidence gathered
    FaceChallenge challenge = FaceChallenge::None;
    FaceReason reason = FaceReason::Cancelled; // AttemptFailed
    int attemptsLeft = 0;                      // AttemptFailed
    FaceDecision decision;                     // Decided
};

class FaceDecisionPolicy
{
public:
    enum class Phase { Collecting, Challenge, Decided };

    explicit FaceDecisionPolicy(const FaceConfig &config);

    // Which challenge to ask for in attempt n (1-based); default: turn left, turn right, nod, in turn. FaceVerification
    // sets a random one so a recording of one movement does not pass.
    void setChallengeChooser(std::function<FaceChallenge(int attempt)> chooser) { chooser_ = std::move(chooser); }

    // One analysed frame: its monotonic timestamp, the observation and its similarity to the reference.
    std::vector<FacePolicyEvent> frame(qint64 timestampMs, const FaceObservation &obs, double similarity);
    // Time passing without frames (a camera that stopped delivering): checks the limits.
    std::vector<FacePolicyEvent> tick(qint64 nowMs);
    // Ends the verification now (cancel, withdrawal, engine failure) with a not_possible decision.
    FacePolicyEvent abort(FaceReason reason, qint64 nowMs);

    Phase phase() const { return phase_; }
    bool isDecided() const { return phase_ == Phase::Decided; }
    const FaceDecision &decision() const { return decision_; }
    int attemptsUsed() const { return attemptsUsed_; }
    int attemptsLeft() const { return config_.maxAttempts - attemptsUsed_; }
    FaceChallenge challenge() const { return challenge_; }

private:
    struct Vote {
        double similarity;
        double yaw;
        double pitch;
    };

    void checkLimits(qint64 nowMs, std::vector<FacePolicyEvent> &events);
    void evaluateVotes(qint64 nowMs, std::vector<FacePolicyEvent> &events);
    void failAttempt(FaceReason reason, qint64 nowMs, std::vector<FacePolicyEvent> &events);
    void decide(FaceOutcome outcome, FaceReason reason, double score, qint64 nowMs,
                std::vector<FacePolicyEvent> &events);
    void emitGuidance(FaceGuidance guidance, std::vector<FacePolicyEvent> &events);
    void emitProgress(int percent, std::vector<FacePolicyEvent> &events);
    double windowScore() const;

    FaceConfig config_;
    std::function<FaceChallenge(int)> chooser_;
    Phase phase_ = Phase::Collecting;
    FaceDecision decision_;

    qint64 firstFrameMs_ = -1;   // of the whole verification
    qint64 attemptStartMs_ = -1; // -1: the attempt starts with the next frame
    qint64 challengeStartMs_ = -1;
    int attemptsUsed_ = 0;
    bool sawFaceThisAttempt_ = false;
    bool anyDifferent_ = false;
    double bestScore_ = 0;
    bool haveScore_ = false;

    std::vector<Vote> window_;
    QRectF previousBox_;
    FaceGuidance lastGuidance_ = FaceGuidance::Ok;
    bool guidanceSent_ = false;
    int lastProgress_ = -1;

    FaceChallenge challenge_ = FaceChallenge::None;
    double baseYaw_ = 0;
    double basePitch_ = 0;
    int challengeFramesSeen_ = 0; // consecutive frames showing the asked movement
    bool challengeSameFace_ = false;
};

} // namespace kiosk::app
