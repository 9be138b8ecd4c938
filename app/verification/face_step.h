// The face step of a citizen's visit as the screens see it: the consent gate (which alone can open the face
// camera), the loaded models and thresholds, and the card photo decoded for comparison. Made once by the
// composition root; reset at the end of every visit so no consent or record carries over.
#pragma once

#include <QByteArray>
#include <QImage>
#include <QObject>
#include <QString>

#include <memory>

#include "app/verification/face_config.h"
#include "app/verification/face_types.h"

namespace kiosk::app {

class ConsentGate;
class FaceEngine;
class FaceVerification;

class FaceStep : public QObject
{
    Q_OBJECT

public:
    // `gate` may have no camera and `engine` may be null: available() is then false and the screens offer only the
    // staff path. `photoDecoderLibrary` (devices/idcard_reader.photo_decoder): the WLT decoder library, the reader
    // vendor's on a production kiosk, the simulator's libkiosk_simw_wlt.so on a demo one; empty: no card photo.
    FaceStep(ConsentGate *gate, std::shared_ptr<FaceEngine> engine, FaceConfig config,
             QString photoDecoderLibrary = {});

    bool available() const;
    ConsentGate *gate() const { return gate_; }
    std::shared_ptr<FaceEngine> engine() const { return engine_; }
    // The models load in the background at start-up (about 0.2 s); until then the step is unavailable. Without an
    // engine, `reason` says why (no manifest, a refused file, not cleared for production on a kiosk that is no demo)
    // and `fault` whether that is a fault to repair (a refused or unreadable model) rather than a kiosk that simply
    // has no cleared model (identity then goes to staff by design).
    void setEngine(std::shared_ptr<FaceEngine> engine, QString reason = {}, bool fault = false);
    // Why face checks go to staff on this kiosk (empty while available(), or while the models are still loading);
    // the self-test reports it, and fails on a fault.
    QString unavailableReason() const { return reason_; }
    bool modelFault() const { return fault_; }
    const FaceConfig &config() const { return config_; }

    // The card's photo as an image (null when it cannot be decoded: the face step is then not possible).
    QImage cardPhoto(const QByteArray &wlt) const;

    // A verification of this step's gate, engine and settings (the screen drives it); its decision is also
    // announced by decided() (the fleet metrics take its time from there).
    std::unique_ptr<FaceVerification> makeVerification() const;

signals:
    void decided(const kiosk::app::FaceDecision &decision);

private:
    ConsentGate *gate_;
    std::shared_ptr<FaceEngine> engine_;
    FaceConfig config_;
    QString photoDecoderLibrary_;
    QString reason_;
    bool fault_ = false;
};

} // namespace kiosk::app
