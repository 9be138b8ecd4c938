// ConsentGate: the only way to the face camera. It holds the FrameSource (which has no global accessor) and hands out
// a scoped CameraAccess only after the citizen agreed to the consent text shown in this visit; withdrawing stops the
// camera and invalidates the access at once. Declining never ends the service: the record says the alternative
// (staff) path is used. Every step is reported, without personal data, to an audit callback and signal.
#pragma once

#include <QDateTime>
#include <QImage>
#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>
#include <optional>

#include "app/consent/consent_record.h"
#include "app/consent/consent_text.h"

namespace kiosk::drivers {
class FrameSource;
}

namespace kiosk::app {

class ConsentGate;

enum class ConsentError {
    None,
    NotPresented,    // agree/decline before a text was shown
    NotAgreed,       // camera asked for without an "agree" in force
    AlreadyDecided,  // agree/decline twice
    DecisionReached, // withdraw after the verification's decision (nothing left to withdraw from)
    CameraBusy,      // a CameraAccess is already out
    NoCamera,        // the gate has no frame source
};
QString toString(ConsentError error);

// A non-personal audit event: what happened to which consent, when. Never a name, number, image or score.
struct ConsentAuditEvent {
    QString type;    // consent_presented | consent_agreed | consent_declined | consent_withdrawn | camera_started |
                     // camera_stopped | consent_completed
    QString purpose; // "face_verification"
    QString textVersion;
    QString detail; // e.g. the language shown, or the method used ("face" / "alternative") and the outcome code
    QDateTime at;
};

// Scoped permission to use the camera: frames flow only while it is valid and started. Destroying it stops the
// camera. Obtained from ConsentGate::openCamera() only; it never exposes the FrameSource itself.
class CameraAccess : public QObject
{
    Q_OBJECT
public:
    ~CameraAccess() override;

    bool isValid() const { return !gate_.isNull() && valid_; }
    bool start(); // false when the access was revoked
    void stop();
    bool isActive() const;

signals:
    // Only while valid: the FrameSource's frames (Format_RGB888, monotonic ms); see FrameSource for wiping duties.
    void frameReady(const QImage &frame, qint64 timestampMs);
    void revoked(); // consent withdrawn (or the gate reset/destroyed): stop using the camera

private:
    friend class ConsentGate;
    explicit CameraAccess(ConsentGate *gate);
    void revoke();

    QPointer<ConsentGate> gate_;
    bool valid_ = true;
    bool started_ = false;
};

class ConsentGate : public QObject
{
    Q_OBJECT
public:
    using AuditSink = std::function<void(const ConsentAuditEvent &)>;
    using WallClock = std::function<QDateTime()>;

    // The gate takes the frame source over (tests, kioskctl, a camera the gate alone uses).
    explicit ConsentGate(std::unique_ptr<drivers::FrameSource> camera, QObject *parent = nullptr);
    // The frame source of the FaceCamera device (which keeps ownership and must outlive the gate); the composition
    // root hands it to the gate and nowhere else.
    explicit ConsentGate(drivers::FrameSource *camera, QObject *parent = nullptr);
    ~ConsentGate() override;

    void setAuditSink(AuditSink sink) { audit_ = std::move(sink); }
    void setWallClock(WallClock clock) { clock_ = std::move(clock); }
    bool hasCamera() const { return camera_ != nullptr; }

    // Starts a consent for `purpose`: loads the text in `language` for the service item and remembers it as the text
    // shown (its SHA-256 goes into the record). Any earlier decision of this gate is discarded.
    ConsentText present(const QString &language, const QString &itemName,
                        const QString &purpose = kFaceVerificationPurpose);

    ConsentError agree();
    ConsentError decline();
    // Before the verification's decision: stops the camera, revokes the access, records "withdrawn".
    ConsentError withdraw();

    // After "agree" only; one access at a time.
    std::unique_ptr<CameraAccess> openCamera(ConsentError *error = nullptr);

    // The verification reached its decision: the camera stops for good, the access is revoked and the record notes
    // which path identifies the citizen (`outcome` is a non-personal code for the audit, e.g. "match").
    void complete(ConsentMethod method, const QString &outcome = QString());

    std::optional<ConsentRecord> record() const { return record_; }
    bool cameraAllowed() const;
    bool isCompleted() const { return completed_; }

    // End of the visit: revokes any access and forgets the text and the record.
    void reset();

signals:
    void decisionRecorded(const kiosk::app::ConsentRecord &record);
    void cameraRevoked();
    void auditEvent(const kiosk::app::ConsentAuditEvent &event);

private:
    friend class CameraAccess;
    ConsentError decideOnce(ConsentDecision decision);
    void revokeAccess();
    void audit(const QString &type, const QString &detail = QString());
    QDateTime now() const;
    // For CameraAccess.
    bool startCamera(CameraAccess *access);
    void stopCamera(CameraAccess *access);
    void released(CameraAccess *access);

    std::unique_ptr<drivers::FrameSource> owned_;
    drivers::FrameSource *camera_ = nullptr;
    AuditSink audit_;
    WallClock clock_;
    std::optional<ConsentText> shown_;
    std::optional<ConsentRecord> record_;
    bool completed_ = false;
    QPointer<CameraAccess> access_;
    QMetaObject::Connection frames_;
};

} // namespace kiosk::app

Q_DECLARE_METATYPE(kiosk::app::ConsentAuditEvent)
