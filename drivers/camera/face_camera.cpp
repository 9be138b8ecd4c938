// FaceCamera: status and self-test of the owned FrameSource (see face_camera.h).
#include "drivers/camera/face_camera.h"

namespace kiosk::drivers {

namespace {
constexpr int kSelfTestFrames = 3;
constexpr int kSelfTestTimeoutMs = 5000;
} // namespace

FaceCamera::FaceCamera(std::unique_ptr<FrameSource> source, QObject *parent)
    : Device(parent), source_(std::move(source)), selfTestTimer_(this)
{
    Q_ASSERT(source_);
    source_->setParent(nullptr);
    connect(source_.get(), &FrameSource::statusChanged, this, &Device::statusChanged);
    selfTestTimer_.setSingleShot(true);
    connect(&selfTestTimer_, &QTimer::timeout, this, [this] { finishSelfTest(true); });
}

FaceCamera::~FaceCamera()
{
    disconnect(selfTestFrames_);
}

DeviceCapabilities FaceCamera::capabilities() const
{
    DeviceCapabilities caps = source_->capabilities();
    caps.setText(Capability::PixelFormat, QStringLiteral("RGB888")).setFlag(Capability::StoresFrames, false);
    return caps;
}

void FaceCamera::selfTest()
{
    if (selfTestTimer_.isActive())
        return; // one at a time; the running one will answer
    if (source_->status().state == DeviceState::NoDevice) {
        SelfTestResult r;
        r.summary = QStringLiteral("Face camera missing: %1").arg(source_->status().detail);
        r.details.insert(QStringLiteral("state"), toString(source_->status().state));
        emit selfTestFinished(r);
        return;
    }
    selfTestFrameCount_ = 0;
    selfTestFrameSize_ = QSize();
    selfTestFrames_ = connect(source_.get(), &FrameSource::frameReady, this, [this](const QImage &frame, qint64) {
        ++selfTestFrameCount_;
        selfTestFrameSize_ = frame.size();
        if (selfTestFrameCount_ >= kSelfTestFrames)
            finishSelfTest(false);
    });
    selfTestStartedSource_ = !source_->isActive();
    selfTestTimer_.start(kSelfTestTimeoutMs);
    if (selfTestStartedSource_)
        source_->start();
}

void FaceCamera::finishSelfTest(bool timedOut)
{
    selfTestTimer_.stop();
    disconnect(selfTestFrames_);
    if (selfTestStartedSource_)
        source_->stop();
    selfTestStartedSource_ = false;

    SelfTestResult r;
    r.passed = !timedOut;
    r.details.insert(QStringLiteral("frames"), selfTestFrameCount_);
    r.details.insert(QStringLiteral("width"), selfTestFrameSize_.width());
    r.details.insert(QStringLiteral("height"), selfTestFrameSize_.height());
    r.summary = r.passed ? QStringLiteral("Face camera delivers frames (%1x%2)")
                               .arg(selfTestFrameSize_.width())
                               .arg(selfTestFrameSize_.height())
                         : QStringLiteral("Face camera delivered %1 of %2 frames in %3 s: %4")
                               .arg(selfTestFrameCount_)
                               .arg(kSelfTestFrames)
                               .arg(kSelfTestTimeoutMs / 1000)
                               .arg(source_->status().detail);
    emit selfTestFinished(r);
}

} // namespace kiosk::drivers
