// The face step's services.
#include "app/verification/face_step.h"

#include "app/consent/consent_gate.h"
#include "app/verification/face_engine.h"
#include "app/verification/face_verification.h"
#include "drivers/idcard/photo_decoder.h"

namespace kiosk::app {

FaceStep::FaceStep(ConsentGate *gate, std::shared_ptr<FaceEngine> engine, FaceConfig config,
                   QString photoDecoderLibrary)
    : gate_(gate)
    , engine_(std::move(engine))
    , config_(std::move(config))
    , photoDecoderLibrary_(std::move(photoDecoderLibrary))
{}

void FaceStep::setEngine(std::shared_ptr<FaceEngine> engine, QString reason, bool fault)
{
    engine_ = std::move(engine);
    reason_ = engine_ ? QString() : std::move(reason);
    fault_ = !engine_ && fault;
}

std::unique_ptr<FaceVerification> FaceStep::makeVerification() const
{
    auto v = std::make_unique<FaceVerification>(gate_, engine_, config_);
    connect(v.get(), &FaceVerification::decided, this, &FaceStep::decided);
    return v;
}

bool FaceStep::available() const
{
    return gate_ && gate_->hasCamera() && engine_;
}

QImage FaceStep::cardPhoto(const QByteArray &wlt) const
{
    // Only the configured library decodes: the reader vendor's on a production kiosk, the simulator's
    // (libkiosk_simw_wlt.so) on a demo one. Nothing here knows the simulator's format.
    if (photoDecoderLibrary_.isEmpty())
        return {};
    drivers::idcard::DlopenPhotoDecoder d(photoDecoderLibrary_);
    return d.decode(wlt).image;
}

} // namespace kiosk::app
