// The face step's services.
#include "app/verification/face_step.h"

#include "app/consent/consent_gate.h"
#include "drivers/idcard/photo_decoder.h"

namespace kiosk::app {

FaceStep::FaceStep(ConsentGate *gate, std::shared_ptr<FaceEngine> engine, FaceConfig config,
                   QString photoDecoderLibrary)
    : gate_(gate)
    , engine_(std::move(engine))
    , config_(std::move(config))
    , photoDecoderLibrary_(std::move(photoDecoderLibrary))
{}

bool FaceStep::available() const
{
    return gate_ && gate_->hasCamera() && engine_;
}

QImage FaceStep::cardPhoto(const QByteArray &wlt) const
{
    using namespace drivers::idcard;
    if (SimulatedPhotoDecoder::isSimulatorPhoto(wlt)) {
        SimulatedPhotoDecoder d;
        return d.decode(wlt).image;
    }
    if (photoDecoderLibrary_.isEmpty())
        return {};
    DlopenPhotoDecoder d(photoDecoderLibrary_);
    return d.decode(wlt).image;
}

} // namespace kiosk::app
