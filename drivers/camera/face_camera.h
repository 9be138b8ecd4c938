// The face camera as a Device: owns one FrameSource (a live camera or a file) and reports its status, capabilities and
// self-test. It does not hand out frames itself; the frame source is reached only through frameSource(), which the
// composition root passes to the face step's consent gate and nowhere else.
#pragma once

#include <QTimer>

#include <memory>

#include "drivers/camera/frame_source.h"
#include "drivers/device.h"

namespace kiosk::drivers {

class FaceCamera : public Device
{
    Q_OBJECT
public:
    // Takes ownership of `source` (which must have no parent).
    explicit FaceCamera(std::unique_ptr<FrameSource> source, QObject *parent = nullptr);
    ~FaceCamera() override;

    DeviceKind kind() const override { return DeviceKind::FaceCamera; }
    QString model() const override { return source_->model(); }
    QString port() const override { return source_->port(); }
    DeviceCapabilities capabilities() const override;
    DeviceStatus status() const override { return source_->status(); }
    // Starts the source if it is idle, waits for frames and passes when three arrive within five seconds. The frames
    // are counted and measured, never looked at or kept: a person may be standing in front of the camera.
    void selfTest() override;

    // For the composition root only (see the file comment).
    FrameSource *frameSource() const { return source_.get(); }

private:
    void finishSelfTest(bool timedOut);

    std::unique_ptr<FrameSource> source_;
    // Self-test bookkeeping.
    QTimer selfTestTimer_;
    QMetaObject::Connection selfTestFrames_;
    bool selfTestStartedSource_ = false;
    int selfTestFrameCount_ = 0;
    QSize selfTestFrameSize_;
};

} // namespace kiosk::drivers
