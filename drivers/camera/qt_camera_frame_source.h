// A live camera as a FrameSource: QCamera + QVideoSink (Qt Multimedia, GStreamer backend) on the source's own thread,
// frames converted to RGB888 QImages. Only the newest frame is converted when the thread falls behind, as a camera
// drops frames rather than queueing them. Without a camera the status is NoDevice and start() does nothing. The device
// is opened at start() and closed again at stop(), so that another user of the same camera can have it in between.
#pragma once

#include <QByteArray>
#include <QSize>

#include <memory>

#include "common/worker_thread.h"
#include "drivers/camera/frame_source.h"

namespace kiosk::drivers {

class QtCameraWorker;

struct QtCameraFrameSourceConfig {
    QByteArray deviceId;           // QCameraDevice::id(); empty: the default camera
    QSize preferredSize{640, 480}; // the format closest to this is used
    float minFps = 15;
};

class QtCameraFrameSource : public FrameSource
{
    Q_OBJECT
public:
    explicit QtCameraFrameSource(const QtCameraFrameSourceConfig &config, QObject *parent = nullptr);
    ~QtCameraFrameSource() override;

    void start() override;
    void stop() override;
    bool isActive() const override { return active_; }

    DeviceStatus status() const override { return status_; }
    QString model() const override { return model_; }
    QString port() const override;
    DeviceCapabilities capabilities() const override { return capabilities_; }

private:
    void onFrame(const QImage &frame, qint64 timestampMs, quint64 generation);
    void onStatusObserved(const kiosk::drivers::DeviceStatus &status, const QString &model,
                          const kiosk::drivers::DeviceCapabilities &capabilities);

    QtCameraFrameSourceConfig config_;
    DeviceStatus status_;
    QString model_;
    DeviceCapabilities capabilities_;
    bool active_ = false;
    quint64 generation_ = 0;
    QtCameraWorker *worker_ = nullptr;
    std::unique_ptr<common::WorkerThread> thread_;
};

} // namespace kiosk::drivers
