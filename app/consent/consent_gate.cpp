// The consent gate in front of the face camera.
#include "app/consent/consent_gate.h"

#include <QLoggingCategory>

#include "drivers/camera/frame_source.h"

namespace kiosk::app {

Q_LOGGING_CATEGORY(lcConsentGate, "kiosk.app.consent")

QString toString(ConsentError error)
{
    switch (error) {
    case ConsentError::None: return QStringLiteral("none");
    case ConsentError::NotPresented: return QStringLiteral("not_presented");
    case ConsentError::NotAgreed: return QStringLiteral("not_agreed");
    case ConsentError::AlreadyDecided: return QStringLiteral("already_decided");
    case ConsentError::DecisionReached: return QStringLiteral("decision_reached");
    case ConsentError::CameraBusy: return QStringLiteral("camera_busy");
    case ConsentError::NoCamera: return QStringLiteral("no_camera");
    }
    return QStringLiteral("none");
}

// --- CameraAccess -----------------------------------------------------------------------------------------------

CameraAccess::CameraAccess(ConsentGate *gate) : QObject(nullptr), gate_(gate) {}

CameraAccess::~CameraAccess()
{
    if (gate_)
        gate_->released(this);
}

bool CameraAccess::start()
{
    if (!isValid())
        return false;
    started_ = gate_->startCamera(this);
    return started_;
}

void CameraAccess::stop()
{
    if (gate_ && started_)
        gate_->stopCamera(this);
    started_ = false;
}

bool CameraAccess::isActive() const
{
    return isValid() && started_;
}

void CameraAccess::revoke()
{
    if (!valid_)
        return;
    valid_ = false;
    started_ = false;
    emit revoked();
}

// --- ConsentGate ------------------------------------------------------------------------------------------------

ConsentGate::ConsentGate(std::unique_ptr<drivers::FrameSource> camera, QObject *parent)
    : QObject(parent), owned_(std::move(camera)), camera_(owned_.get())
{}

ConsentGate::ConsentGate(drivers::FrameSource *camera, QObject *parent) : QObject(parent), camera_(camera) {}

ConsentGate::~ConsentGate()
{
    revokeAccess();
}

QDateTime ConsentGate::now() const
{
    return clock_ ? clock_() : QDateTime::currentDateTimeUtc();
}

void ConsentGate::audit(const QString &type, const QString &detail)
{
    ConsentAuditEvent e;
    e.type = type;
    e.purpose = shown_ ? shown_->purpose : QString();
    e.textVersion = shown_ ? shown_->version : QString();
    e.detail = detail;
    e.at = now();
    if (audit_)
        audit_(e);
    emit auditEvent(e);
}

ConsentText ConsentGate::present(const QString &language, const QString &itemName, const QString &purpose)
{
    revokeAccess();
    record_.reset();
    completed_ = false;
    shown_ = ConsentText::load(purpose, language, itemName);
    if (!shown_->isValid()) {
        qCWarning(lcConsentGate) << "no consent text for" << purpose << language;
        shown_.reset();
        return ConsentText::load(purpose, language, itemName);
    }
    audit(QStringLiteral("consent_presented"), shown_->language);
    return *shown_;
}

ConsentError ConsentGate::decideOnce(ConsentDecision decision)
{
    if (!shown_)
        return ConsentError::NotPresented;
    if (record_)
        return ConsentError::AlreadyDecided;
    ConsentRecord r;
    r.purpose = shown_->purpose;
    r.textVersion = shown_->version;
    r.textSha256 = shown_->sha256;
    r.decision = decision;
    r.at = now();
    r.methodUsed = ConsentMethod::Alternative; // becomes "face" only when the face step matches
    record_ = r;
    audit(decision == ConsentDecision::Agree ? QStringLiteral("consent_agreed") : QStringLiteral("consent_declined"));
    emit decisionRecorded(r);
    return ConsentError::None;
}

ConsentError ConsentGate::agree()
{
    return decideOnce(ConsentDecision::Agree);
}

ConsentError ConsentGate::decline()
{
    return decideOnce(ConsentDecision::Decline);
}

ConsentError ConsentGate::withdraw()
{
    if (!shown_ || !record_)
        return ConsentError::NotAgreed;
    if (completed_)
        return ConsentError::DecisionReached;
    if (record_->decision != ConsentDecision::Agree)
        return ConsentError::NotAgreed;
    revokeAccess();
    record_->decision = ConsentDecision::Withdrawn;
    record_->at = now();
    record_->methodUsed = ConsentMethod::Alternative;
    audit(QStringLiteral("consent_withdrawn"));
    emit decisionRecorded(*record_);
    return ConsentError::None;
}

bool ConsentGate::cameraAllowed() const
{
    return record_ && record_->decision == ConsentDecision::Agree && !completed_;
}

std::unique_ptr<CameraAccess> ConsentGate::openCamera(ConsentError *error)
{
    auto fail = [&](ConsentError e) {
        if (error)
            *error = e;
        return std::unique_ptr<CameraAccess>();
    };
    if (!cameraAllowed())
        return fail(completed_ ? ConsentError::DecisionReached : ConsentError::NotAgreed);
    if (!camera_)
        return fail(ConsentError::NoCamera);
    if (access_ && access_->isValid())
        return fail(ConsentError::CameraBusy);
    std::unique_ptr<CameraAccess> access(new CameraAccess(this));
    access_ = access.get();
    CameraAccess *a = access.get();
    // Frames reach the holder through the access only, and only while it is valid and started.
    frames_ = connect(camera_, &drivers::FrameSource::frameReady, a, [a](const QImage &frame, qint64 ts) {
        if (a->isActive())
            emit a->frameReady(frame, ts);
    });
    if (error)
        *error = ConsentError::None;
    return access;
}

bool ConsentGate::startCamera(CameraAccess *access)
{
    if (access != access_ || !cameraAllowed() || !camera_)
        return false;
    camera_->start();
    audit(QStringLiteral("camera_started"));
    return true;
}

void ConsentGate::stopCamera(CameraAccess *access)
{
    if (access != access_ || !camera_)
        return;
    if (camera_->isActive()) {
        camera_->stop();
        audit(QStringLiteral("camera_stopped"));
    }
}

void ConsentGate::released(CameraAccess *access)
{
    if (access != access_)
        return;
    disconnect(frames_);
    if (camera_ && camera_->isActive()) {
        camera_->stop();
        audit(QStringLiteral("camera_stopped"));
    }
    access_.clear();
}

void ConsentGate::revokeAccess()
{
    disconnect(frames_);
    if (camera_ && camera_->isActive()) {
        camera_->stop();
        audit(QStringLiteral("camera_stopped"));
    }
    if (access_) {
        CameraAccess *a = access_;
        access_.clear();
        a->revoke();
        emit cameraRevoked();
    }
}

void ConsentGate::complete(ConsentMethod method, const QString &outcome)
{
    if (!record_ || completed_)
        return;
    revokeAccess();
    completed_ = true;
    // Only an agreed consent can have used the face; a declined or withdrawn one stays on the alternative path.
    record_->methodUsed = record_->decision == ConsentDecision::Agree ? method : ConsentMethod::Alternative;
    audit(QStringLiteral("consent_completed"), outcome.isEmpty()
                                                   ? toString(record_->methodUsed)
                                                   : toString(record_->methodUsed) + QLatin1Char(':') + outcome);
    emit decisionRecorded(*record_);
}

void ConsentGate::reset()
{
    revokeAccess();
    shown_.reset();
    record_.reset();
    completed_ = false;
}

} // namespace kiosk::app
