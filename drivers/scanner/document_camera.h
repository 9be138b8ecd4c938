// The document camera (高拍仪, a UVC camera over the desk): Qt Multimedia QCamera + QImageCapture on the device's own
// thread, set to its largest resolution, capturing stills into QImages in memory (never to a file). Without a camera
// the status is NoDevice with a clear detail and every capture fails with that reason.
//
// One owner at a time: a UVC device opened twice fails or starves one of the two, so the live view (previewSource())
// and the stills (capture(), selfTest(): the maintenance menu's camera test, the fleet's send_selftest) take turns.
// While the live view holds the camera, capture() fails at once with `busy` and selfTest() answers "busy" without
// opening anything. Starting the live view waits for a still under way, then the still side closes its camera before
// the live view's source opens the device; stopping the live view closes the device and gives it back. The stills'
// camera is itself opened per capture and closed after `idleStopMs`.
#pragma once

#include <QByteArray>
#include <QImage>
#include <QString>
#include <QVariantMap>

#include <memory>

#include "common/worker_thread.h"
#include "drivers/device.h"

namespace kiosk::drivers {

class DocumentCameraWorker;
class FrameSource;
class LiveViewLease;

struct DocumentCameraConfig {
    QByteArray deviceId;          // QCameraDevice::id(); empty: the default camera
    int captureTimeoutMs = 10000; // from request to image, including starting the camera
    int idleStopMs = 30000;       // the camera is stopped after this long without a capture (LED off, USB quiet)
};

struct CaptureResult {
    quint64 ticket = 0;
    QImage image; // null on failure
    QString error;
    bool busy = false; // refused without trying: the live view holds the camera

    bool ok() const { return error.isEmpty() && !image.isNull(); }
};

class DocumentCamera : public Device
{
    Q_OBJECT
public:
    explicit DocumentCamera(const DocumentCameraConfig &config, QObject *parent = nullptr);
    ~DocumentCamera() override;

    DeviceKind kind() const override { return DeviceKind::DocumentCamera; }
    QString model() const override { return model_; }
    QString port() const override;
    DeviceCapabilities capabilities() const override { return capabilities_; }
    DeviceStatus status() const override { return status_; }
    // Captures one still and passes when it has the chosen resolution; the image itself is dropped unseen.
    void selfTest() override;

    // Answers with captureFinished(ticket).
    quint64 capture();

    // The live view: a FrameSource on the same camera at its still resolution (or a video file for the demo and
    // tests), whose frames the capture service watches for a page; null without one. Takes ownership. What
    // previewSource() returns is that source behind this camera's lease: its start() and stop() take and give back
    // the device (see above).
    void setPreviewSource(std::unique_ptr<FrameSource> source);
    FrameSource *previewSource() const { return preview_.get(); }
    // Who has the device now.
    enum class Owner {
        Stills,          // capture() and selfTest() may open it
        LiveViewWaiting, // the live view asked; the stills are finishing and closing the camera
        LiveView,        // the live view's source has it
    };
    Owner owner() const { return owner_; }

signals:
    void captureFinished(const kiosk::drivers::CaptureResult &result);

private:
    friend class LiveViewLease;
    void beginLiveView();
    void endLiveView();
    void onReleased(quint64 lease);
    void onStatusObserved(const kiosk::drivers::DeviceStatus &status, const QString &model,
                          const kiosk::drivers::DeviceCapabilities &capabilities);
    void onCaptureFinished(const kiosk::drivers::CaptureResult &result);

    DocumentCameraConfig config_;
    DeviceStatus status_;
    QString model_;
    DeviceCapabilities capabilities_;
    quint64 nextTicket_ = 1;
    quint64 selfTestTicket_ = 0;
    DocumentCameraWorker *worker_ = nullptr;
    std::unique_ptr<common::WorkerThread> thread_;
    std::unique_ptr<FrameSource> preview_; // the LiveViewLease around the configured source
    FrameSource *liveSource_ = nullptr;    // the configured source (owned by the lease)
    Owner owner_ = Owner::Stills;
    quint64 lease_ = 0; // which live-view request a release answers
};

} // namespace kiosk::drivers

Q_DECLARE_METATYPE(kiosk::drivers::CaptureResult)
