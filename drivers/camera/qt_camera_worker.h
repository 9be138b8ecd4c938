// QtCameraFrameSource's worker: owns the QCamera, capture session and video sink on the source's thread. Camera
// start/stop can block for a while inside GStreamer state changes, which is why this is not on the GUI thread.
#pragma once

#include <QCameraDevice>
#include <QImage>
#include <QMutex>
#include <QObject>
#include <QVideoFrame>

#include <atomic>

#include "drivers/camera/qt_camera_frame_source.h"

class QCamera;
class QMediaCaptureSession;
class QMediaDevices;
class QVideoSink;

namespace kiosk::drivers {

class QtCameraWorker : public QObject
{
    Q_OBJECT
public:
    explicit QtCameraWorker(const QtCameraFrameSourceConfig &config);
    ~QtCameraWorker() override;

    void probe(); // finds the camera and reports status; watches for cameras coming and going
    void start(quint64 generation);
    void stop();

signals:
    void frame(const QImage &frame, qint64 timestampMs, quint64 generation);
    void statusObserved(const kiosk::drivers::DeviceStatus &status, const QString &model,
                        const kiosk::drivers::DeviceCapabilities &capabilities);

private:
    // Finds the configured device and publishes its status without opening it: the chosen format's index, -1 without
    // formats, -2 without the device.
    int lookUp();
    bool setUpCamera(); // creates camera + session for the configured device; false with status published
    void tearDownCamera();
    void onVideoFrame(const QVideoFrame &frame); // any thread
    void deliverLatest();
    void publish(const DeviceStatus &status);

    QtCameraFrameSourceConfig config_;
    QMediaDevices *devices_ = nullptr;
    QCamera *camera_ = nullptr;
    QMediaCaptureSession *session_ = nullptr;
    QVideoSink *sink_ = nullptr;
    QCameraDevice device_;
    DeviceCapabilities capabilities_;
    bool running_ = false;
    quint64 generation_ = 0;

    // The newest frame from the sink, waiting for this thread; older ones are simply replaced.
    QMutex mailboxMutex_;
    QVideoFrame mailbox_;
    qint64 mailboxTimestamp_ = 0;
    std::atomic<bool> deliveryPosted_{false};
};

} // namespace kiosk::drivers
