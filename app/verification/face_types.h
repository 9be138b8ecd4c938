// The vocabulary of face verification shared by the engine, the decision policy, the session and the screens:
// guidance codes, challenges, outcomes, and the in-memory face template that wipes itself.
#pragma once

#include <QMetaType>
#include <QString>

#include <memory>
#include <vector>

namespace kiosk::app {

// Live guidance for the citizen; the UI translates the code (toString gives the stable code, e.g. "move_closer").
enum class FaceGuidance {
    Ok,           // nothing to say: the frame is usable
    NoFace,       // no_face
    MoveCloser,   // move_closer
    TooDark,      // too_dark
    LookAtCamera, // look_at_camera
    HoldStill,    // hold_still
};
QString toString(FaceGuidance guidance);

// The active liveness challenge asked for once the face matched: a movement a photo held up cannot make, judged from
// the detector's keypoints over consecutive frames (left and right are the citizen's own).
enum class FaceChallenge { None, TurnLeft, TurnRight, Nod };
QString toString(FaceChallenge challenge); // "none" | "turn_left" | "turn_right" | "nod"

enum class FaceOutcome { Match, NoMatch, NotPossible };
QString toString(FaceOutcome outcome); // "match" | "no_match" | "not_possible"

// Why an attempt or the whole verification ended as it did (for the UI's wording and the non-personal audit).
enum class FaceReason {
    Matched,
    Different,         // a live face that is not the card's
    ChallengeFailed,   // the turn/nod was not seen in time
    TimedOut,          // no usable frames in time
    NoFace,            // no face seen during the attempt
    ReferenceUnusable, // no face found in the card photo
    EngineUnavailable, // models missing or unloadable
    Cancelled,         // the screen cancelled or the consent was withdrawn
};
QString toString(FaceReason reason);

struct FaceDecision {
    FaceOutcome outcome = FaceOutcome::NotPossible;
    FaceReason reason = FaceReason::Cancelled;
    double score = 0; // median similarity of the deciding frames (best attempt's when no match)
    int attemptsUsed = 0;
    qint64 elapsedMs = 0; // from the first frame of the first attempt
    bool alternativePath() const { return outcome != FaceOutcome::Match; }
};

// A face embedding (biometric template). Copies share one buffer; wipe() zeroes it for every holder and the last
// holder zeroes it again on destruction, so a copy left in a worker or a result store never outlives its bytes.
class FaceTemplate
{
public:
    FaceTemplate() = default;
    explicit FaceTemplate(std::vector<float> values);

    bool isEmpty() const { return !data_ || data_->empty(); }
    int size() const { return data_ ? int(data_->size()) : 0; }
    const float *data() const { return data_ ? data_->data() : nullptr; }
    // Zeroes the values in place (for all copies) and releases this handle.
    void wipe();
    // True when every value is zero (a wiped template, or one that never held anything).
    bool isZero() const;

    // Cosine similarity in -1..1; 0 when either is empty or their sizes differ.
    static double cosine(const FaceTemplate &a, const FaceTemplate &b);

private:
    std::shared_ptr<std::vector<float>> data_;
};

// Zeroes a buffer in a way the compiler may not elide.
void secureZero(void *data, size_t size);

} // namespace kiosk::app

Q_DECLARE_METATYPE(kiosk::app::FaceGuidance)
Q_DECLARE_METATYPE(kiosk::app::FaceChallenge)
Q_DECLARE_METATYPE(kiosk::app::FaceReason)
Q_DECLARE_METATYPE(kiosk::app::FaceDecision)
