// DocumentCamera's worker: QCamera, QMediaCaptureSession and QImageCapture on the camera's own thread (starting a
// camera can block inside GStreamer for hundreds of milliseconds).
#pragma once

#include <QCameraDevice>
#include <QHash>
#include <QList>
#include <QObject>
#include <QTimer>

#include "drivers/scanner/document_camera.h"

class QCamera;
class QImageCapture;
class QMediaCaptureSession;
class QMediaDevices;
class QVideoFrame;

namespace kiosk::drivers {

class DocumentCameraWorker : public QObject
{
    Q_OBJECT
public:
    explicit DocumentCameraWorker(const DocumentCameraConfig &config);
    ~DocumentCameraWorker() override;

    void probe();
    void capture(quint64 ticket);
    // The live view wants the device: once no still is waiting or in flight the camera is destroyed (which closes the
    // device) and `released(lease)` follows; until reclaim() nothing here opens it again.
    void release(quint64 lease);
    void reclaim();

signals:
    void released(quint64 lease);
    void statusObserved(const kiosk::drivers::DeviceStatus &status, const QString &model,
                        const kiosk::drivers::DeviceCapabilities &capabilities);
    void captureFinished(const kiosk::drivers::CaptureResult &result);

private:
    int lookUp(QSize *still = nullptr); // device, capabilities and status without opening it; -2 without the device
    bool setUpCamera();
    void releaseWhenIdle();
    void tearDownCamera(const QString &why);
    void publish(const DeviceStatus &status);
    void fire(); // captures for waiting tickets once the camera is ready
    void fail(quint64 ticket, const QString &why);
    void onImage(int id, const QVideoFrame &frame);
    void checkDeadlines();

    DocumentCameraConfig config_;
    QMediaDevices *devices_ = nullptr;
    QCamera *camera_ = nullptr;
    QMediaCaptureSession *session_ = nullptr;
    QImageCapture *imageCapture_ = nullptr;
    QCameraDevice device_;
    DeviceCapabilities capabilities_;
    QList<quint64> waiting_;          // tickets not yet handed to QImageCapture
    QHash<int, quint64> inFlight_;    // QImageCapture id -> ticket
    QHash<quint64, qint64> deadline_; // ticket -> monotonic ms
    QTimer deadlineTimer_;
    QTimer idleTimer_;
    bool lent_ = false;           // the live view has (or is about to have) the device
    bool releasePending_ = false; // lent, but a still is still being taken
    quint64 lease_ = 0;
};

} // namespace kiosk::drivers
