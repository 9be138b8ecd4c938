// The face step of a citizen's visit as the screens see it: the consent gate (which alone can open the face
// camera), the loaded models and thresholds, and the card photo decoded for comparison. Made once by the
// composition root; reset at the end of every visit so no consent or record carries over.
#pragma once

#include <QByteArray>
#include <QImage>
#include <QString>

#include <memory>

#include "app/verification/face_config.h"

namespace kiosk::app {

class ConsentGate;
class FaceEngine;

class FaceStep
{
public:
    // `gate` may have no camera and `engine` may be null: available() is then false and the screens offer only the
    // staff path. `photoDecoderLibrary` (devices/idcard_reader.photo_decoder): the WLT decoder library, the reader
    // vendor's on a production kiosk, the simulator's libkiosk_simw_wlt.so on a demo one; empty: no card photo.
    FaceStep(ConsentGate *gate, std::shared_ptr<FaceEngine> engine, FaceConfig config,
             QString photoDecoderLibrary = {});

    bool available() const;
    ConsentGate *gate() const { return gate_; }
    std::shared_ptr<FaceEngine> engine() const { return engine_; }
    // The models load in the background at start-up (about 0.2 s); until then the step is unavailable.
    void setEngine(std::shared_ptr<FaceEngine> engine) { engine_ = std::move(engine); }
    const FaceConfig &config() const { return config_; }

    // The card's photo as an image (null when it cannot be decoded: the face step is then not possible).
    QImage cardPhoto(const QByteArray &wlt) const;

private:
    ConsentGate *gate_;
    std::shared_ptr<FaceEngine> engine_;
    FaceConfig config_;
    QString photoDecoderLibrary_;
};

} // namespace kiosk::app
