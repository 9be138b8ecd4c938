// FaceVerification: one citizen's face check, the object a screen drives. It opens the camera through the consent
// gate (so it cannot run without an "agree"), runs the FaceEngine on camera frames in a thread pool (one frame in
// flight on the engine's inference thread, later frames dropped meanwhile, cancellable), feeds the FaceDecisionPolicy
// and reports guidance, progress, challenges and the decision as queued signals on the GUI thread. After the decision
// the camera is released, the card photo's template and every frame it held are zeroed, and the networks are scrubbed.
// Nothing is stored.
#pragma once

#include <QFutureWatcher>
#include <QImage>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>
#include <memory>

#include "app/consent/consent_gate.h"
#include "app/verification/face_config.h"
#include "app/verification/face_decision.h"
#include "app/verification/face_engine.h"
#include "app/verification/face_types.h"

class QThreadPool;

namespace kiosk::app {

class FaceVerification : public QObject
{
    Q_OBJECT
public:
    enum class State { Idle, Enrolling, Running, Finished };

    // `engine` may be null (models missing): start() then ends at once with not_possible / engine_unavailable.
    FaceVerification(ConsentGate *gate, std::shared_ptr<FaceEngine> engine, const FaceConfig &config,
                     QObject *parent = nullptr);
    ~FaceVerification() override;

    // Which challenge attempt n asks for (default: the three in a random order per verification); call before
    // start(). For tests and benchmarks that must answer a known movement.
    void setChallengeChooser(std::function<FaceChallenge(int attempt)> chooser);

    // Takes the card photo (QImage; the handle passed in is wiped when this is its only holder), computes its
    // template off the GUI thread, then opens and starts the camera. Fails without starting when the consent gate
    // refuses the camera (no "agree" in force) — the screen then offers the staff path.
    ConsentError start(QImage cardPhoto);
    // Stops now; ends with not_possible / cancelled (nothing happens when already finished).
    void cancel();

    State state() const { return state_; }
    bool isFinished() const { return state_ == State::Finished; }
    const FaceDecision &decision() const { return policy_.decision(); }
    // False once the decision is out and the worker has returned: no template and no frame is held any more.
    bool holdsBiometricData() const;

signals:
    void guidanceChanged(kiosk::app::FaceGuidance guidance);
    void progressChanged(int percent);
    void challengeRequested(kiosk::app::FaceChallenge challenge);
    void challengePassed();
    void attemptFailed(kiosk::app::FaceReason reason, int attemptsLeft);
    void decided(const kiosk::app::FaceDecision &decision);
    // With every decision that is not a match: the screen moves to the staff / counter path.
    void alternativePathRequired(kiosk::app::FaceReason reason);

private:
    struct Analysed {
        FaceObservation obs;
        double similarity = 0;
        qint64 timestampMs = 0;
    };

    void onEnrolled();
    void onFrame(const QImage &frame, qint64 timestampMs);
    void onAnalysed();
    void onTick();
    void onRevoked();
    void dispatch(const std::vector<FacePolicyEvent> &events);
    QThreadPool *pool() const;
    void finish(const FaceDecision &decision);
    void wipeAll();

    QPointer<ConsentGate> gate_;
    std::shared_ptr<FaceEngine> engine_;
    FaceConfig config_;
    FaceDecisionPolicy policy_;
    std::unique_ptr<CameraAccess> camera_;
    State state_ = State::Idle;

    FaceTemplate reference_;
    QImage cardPhoto_;
    QImage inFlightFrame_; // the frame the worker reads (its handle is wiped when the worker is done)
    QFutureWatcher<FaceObservation> enrollWatcher_;
    QFutureWatcher<Analysed> frameWatcher_;
    bool busy_ = false;      // a frame is with the worker
    bool enrolling_ = false; // the card photo is with the worker

    QTimer tick_;
    qint64 lastFrameTs_ = -1;    // frame clock (the source's monotonic ms)
    qint64 lastFrameWallMs_ = 0; // our monotonic ms when it arrived: tick() extrapolates the frame clock from it
    qint64 lastFaceTs_ = -1;
    quint64 frameCounter_ = 0;
};

} // namespace kiosk::app
