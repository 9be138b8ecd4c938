// One face verification: camera through the consent gate, inference in a pool, decision policy, wipe.
#include "app/verification/face_verification.h"

#include <QLoggingCategory>
#include <QPromise>
#include <QRandomGenerator>
#include <QThreadPool>

#include <algorithm>
#include <array>

#include "drivers/camera/frame_source.h"

namespace kiosk::app {

Q_LOGGING_CATEGORY(lcFaceVerification, "kiosk.app.verification")

namespace {

constexpr int kTickMs = 200;
constexpr qint64 kHaarAfterNoFaceMs = 1000; // nobody seen for this long: let the cheap Haar check gate the DNN
constexpr quint64 kDnnEveryNthGated = 4;    // even then run the DNN on every 4th frame (Haar misses some faces)

template <typename T, typename Fn> QFuture<T> runInPool(QThreadPool *pool, Fn fn)
{
    auto promise = std::make_shared<QPromise<T>>();
    QFuture<T> future = promise->future();
    promise->start();
    pool->start([promise, fn]() mutable {
        if (!promise->isCanceled())
            promise->addResult(fn([promise] { return promise->isCanceled(); }));
        promise->finish();
    });
    return future;
}

} // namespace

FaceVerification::FaceVerification(ConsentGate *gate, std::shared_ptr<FaceEngine> engine, const FaceConfig &config,
                                   QObject *parent)
    : QObject(parent)
    , gate_(gate)
    , engine_(std::move(engine))
    , config_(engine_ ? engine_->decisionConfig(config) : config)
    , policy_(config_)
{
    // Which movement is asked for is not known in advance (a recording of one movement does not pass), and a
    // further attempt asks for another one (a citizen who cannot make one movement can make the next).
    std::array<FaceChallenge, 3> order = {FaceChallenge::TurnLeft, FaceChallenge::TurnRight, FaceChallenge::Nod};
    std::shuffle(order.begin(), order.end(), *QRandomGenerator::global());
    policy_.setChallengeChooser(
        [order](int attempt) { return order[size_t(std::max(1, attempt) - 1) % order.size()]; });
    qRegisterMetaType<kiosk::app::FaceGuidance>();
    qRegisterMetaType<kiosk::app::FaceChallenge>();
    qRegisterMetaType<kiosk::app::FaceReason>();
    qRegisterMetaType<kiosk::app::FaceDecision>();
    connect(&enrollWatcher_, &QFutureWatcher<FaceObservation>::finished, this, &FaceVerification::onEnrolled);
    connect(&frameWatcher_, &QFutureWatcher<Analysed>::finished, this, &FaceVerification::onAnalysed);
    tick_.setInterval(kTickMs);
    connect(&tick_, &QTimer::timeout, this, &FaceVerification::onTick);
}

FaceVerification::~FaceVerification()
{
    enrollWatcher_.future().cancel();
    frameWatcher_.future().cancel();
    camera_.reset();
    // A worker still running holds its own handles; they are zeroed when it lets go of them.
    reference_.wipe();
    wipeImage(cardPhoto_);
}

QThreadPool *FaceVerification::pool() const
{
    return engine_->threadPool();
}

void FaceVerification::setChallengeChooser(std::function<FaceChallenge(int)> chooser)
{
    policy_.setChallengeChooser(std::move(chooser));
}

bool FaceVerification::holdsBiometricData() const
{
    return busy_ || enrolling_ || !reference_.isEmpty() || !cardPhoto_.isNull() || !inFlightFrame_.isNull();
}

ConsentError FaceVerification::start(QImage cardPhoto)
{
    if (state_ != State::Idle) {
        wipeImage(cardPhoto);
        return ConsentError::CameraBusy;
    }
    ConsentError error = ConsentError::NoCamera;
    if (gate_)
        camera_ = gate_->openCamera(&error);
    if (!camera_) {
        wipeImage(cardPhoto);
        return error;
    }
    connect(camera_.get(), &CameraAccess::frameReady, this, &FaceVerification::onFrame);
    connect(camera_.get(), &CameraAccess::revoked, this, &FaceVerification::onRevoked);

    state_ = State::Enrolling;
    if (!engine_) {
        wipeImage(cardPhoto);
        QTimer::singleShot(0, this, [this] {
            std::vector<FacePolicyEvent> events{policy_.abort(FaceReason::EngineUnavailable, 0)};
            dispatch(events);
        });
        return ConsentError::None;
    }
    cardPhoto_ = std::move(cardPhoto);
    const QImage photo = cardPhoto_;
    enrolling_ = true;
    // Tasks hold a plain pointer: ~FaceEngine waits for its own inference thread, and a task must never be the last
    // owner of the engine (it would wait for itself).
    FaceEngine *engine = engine_.get();
    enrollWatcher_.setFuture(
        runInPool<FaceObservation>(pool(), [engine, photo](const std::function<bool()> &cancelled) {
            return engine->analyze(photo, FaceAnalysisOptions(), cancelled);
        }));
    return ConsentError::None;
}

void FaceVerification::onEnrolled()
{
    if (!enrolling_)
        return;
    enrolling_ = false;
    QFuture<FaceObservation> f = enrollWatcher_.future();
    FaceObservation obs;
    if (!f.isCanceled() && f.resultCount() > 0)
        obs = f.takeResult();
    wipeImage(cardPhoto_);
    if (state_ != State::Enrolling) {
        obs.wipe();
        if (state_ == State::Finished)
            wipeAll();
        return;
    }
    if (!obs.faceFound || obs.embedding.isEmpty()) {
        obs.wipe();
        qCInfo(lcFaceVerification) << "no face found in the card photo";
        dispatch({policy_.abort(FaceReason::ReferenceUnusable, 0)});
        return;
    }
    reference_ = obs.embedding;
    obs.embedding = FaceTemplate(); // one handle less; reference_.wipe() zeroes the shared values anyway
    state_ = State::Running;
    if (!camera_ || !camera_->start()) {
        dispatch({policy_.abort(FaceReason::Cancelled, 0)});
        return;
    }
    tick_.start();
}

void FaceVerification::onFrame(const QImage &frame, qint64 timestampMs)
{
    lastFrameTs_ = timestampMs;
    lastFrameWallMs_ = drivers::monotonicNowMs();
    if (state_ != State::Running || busy_ || frame.isNull())
        return; // one frame in flight; the camera delivers the next one soon enough
    busy_ = true;
    ++frameCounter_;
    FaceAnalysisOptions options;
    const bool nobodyLately = lastFaceTs_ < 0 || timestampMs - lastFaceTs_ > kHaarAfterNoFaceMs;
    options.haarGate = config_.haarGate && nobodyLately && frameCounter_ % kDnnEveryNthGated != 0;
    inFlightFrame_ = frame;
    const QImage image = frame;
    FaceEngine *engine = engine_.get();
    const FaceTemplate reference = reference_;
    frameWatcher_.setFuture(runInPool<Analysed>(
        pool(), [engine, image, reference, options, timestampMs](const std::function<bool()> &cancelled) {
            Analysed a;
            a.obs = engine->analyze(image, options, cancelled);
            a.similarity = engine->similarity(a.obs.embedding, reference);
            a.timestampMs = timestampMs;
            return a;
        }));
}

void FaceVerification::onAnalysed()
{
    // (A watcher also reports finished when it is given a new future; only the frame we sent counts.)
    if (!busy_)
        return;
    busy_ = false;
    QFuture<Analysed> f = frameWatcher_.future();
    Analysed a;
    if (!f.isCanceled() && f.resultCount() > 0)
        a = f.takeResult(); // moved out of the future's result store: the store keeps no copy of the template
    wipeImage(inFlightFrame_);
    if (state_ != State::Running || a.obs.cancelled) {
        a.obs.wipe();
        if (state_ == State::Finished)
            wipeAll();
        return;
    }
    if (a.obs.faceFound)
        lastFaceTs_ = a.timestampMs;
    const std::vector<FacePolicyEvent> events = policy_.frame(a.timestampMs, a.obs, a.similarity);
    a.obs.wipe();
    dispatch(events);
}

void FaceVerification::onTick()
{
    if (state_ != State::Running || lastFrameTs_ < 0)
        return;
    // The frames' clock, advanced by the time since the last frame arrived (a stalled camera still times out).
    const qint64 now = lastFrameTs_ + (drivers::monotonicNowMs() - lastFrameWallMs_);
    dispatch(policy_.tick(now));
}

void FaceVerification::onRevoked()
{
    if (state_ == State::Finished)
        return;
    qCInfo(lcFaceVerification) << "camera access revoked (consent withdrawn): stopping";
    dispatch({policy_.abort(FaceReason::Cancelled, lastFrameTs_ < 0 ? 0 : lastFrameTs_)});
}

void FaceVerification::cancel()
{
    if (state_ == State::Finished)
        return;
    if (state_ == State::Idle) {
        state_ = State::Finished;
        return;
    }
    dispatch({policy_.abort(FaceReason::Cancelled, lastFrameTs_ < 0 ? 0 : lastFrameTs_)});
}

void FaceVerification::dispatch(const std::vector<FacePolicyEvent> &events)
{
    for (const FacePolicyEvent &e : events) {
        if (state_ == State::Finished)
            return;
        switch (e.kind) {
        case FacePolicyEvent::Kind::Guidance: emit guidanceChanged(e.guidance); break;
        case FacePolicyEvent::Kind::Progress: emit progressChanged(e.progress); break;
        case FacePolicyEvent::Kind::ChallengeRequested: emit challengeRequested(e.challenge); break;
        case FacePolicyEvent::Kind::ChallengePassed: emit challengePassed(); break;
        case FacePolicyEvent::Kind::AttemptFailed:
            qCInfo(lcFaceVerification).noquote()
                << "attempt failed:" << toString(e.reason) << "attempts left:" << e.attemptsLeft;
            emit attemptFailed(e.reason, e.attemptsLeft);
            break;
        case FacePolicyEvent::Kind::Decided: finish(e.decision); break;
        }
    }
}

void FaceVerification::finish(const FaceDecision &decision)
{
    state_ = State::Finished;
    tick_.stop();
    enrollWatcher_.future().cancel();
    frameWatcher_.future().cancel();
    if (camera_) {
        camera_->disconnect(this);
        camera_.reset(); // stops the camera
    }
    if (gate_)
        gate_->complete(decision.outcome == FaceOutcome::Match ? ConsentMethod::Face : ConsentMethod::Alternative,
                        toString(decision.outcome));
    if (!busy_ && !enrolling_)
        wipeAll(); // else when the worker returns (onAnalysed / onEnrolled)
    // Only the outcome is logged: the score is biometric-derived and stays with the caller.
    qCInfo(lcFaceVerification).noquote() << "decision:" << toString(decision.outcome) << toString(decision.reason)
                                         << "attempts" << decision.attemptsUsed << "ms" << decision.elapsedMs;
    emit decided(decision);
    if (decision.alternativePath())
        emit alternativePathRequired(decision.reason);
}

void FaceVerification::wipeAll()
{
    reference_.wipe();
    wipeImage(cardPhoto_);
    wipeImage(inFlightFrame_);
    if (engine_) {
        // Off the GUI thread: a blank pass through every network overwrites the last face's activations.
        FaceEngine *engine = engine_.get();
        pool()->start([engine] { engine->scrub(); });
    }
}

} // namespace kiosk::app
