// FaceDecisionPolicy: turns a stream of analysed frames into one decision — live guidance, several usable frames
// voted into a match / no match, an active challenge (turn or blink) when passive liveness is uncertain, a time limit
// per attempt and a limited number of attempts before the alternative (staff) path. Pure: no threads, no clock of its
// own (time is the frames' monotonic timestamps and tick()), so tests drive it frame by frame.
#pragma once

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

    // Which challenge to ask for in attempt n (1-based); default: turn the head in odd attempts, blink in even ones.
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
        double liveness;
        double yaw;
        double eyeOpenness;
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
    double baseOpenness_ = 0;
    bool eyesClosedSeen_ = false;
    bool challengeSameFace_ = false;
};

} // namespace kiosk::app
