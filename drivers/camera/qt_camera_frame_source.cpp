// QtCameraFrameSource and its worker: QCamera + QVideoSink on the source's thread, newest-frame delivery.
#include "drivers/camera/qt_camera_frame_source.h"

#include <QCamera>
#include <QLoggingCategory>
#include <QMediaCaptureSession>
#include <QMediaDevices>
#include <QVideoSink>

#include "common/worker_thread.h"
#include "drivers/camera/qt_camera_support.h"
#include "drivers/camera/qt_camera_worker.h"

namespace kiosk::drivers {

Q_LOGGING_CATEGORY(lcQtCamera, "kiosk.drivers.camera.qt")

namespace {
const QString kRole = QStringLiteral("face camera");
}

QtCameraWorker::QtCameraWorker(const QtCameraFrameSourceConfig &config) : config_(config) {}

QtCameraWorker::~QtCameraWorker()
{
    tearDownCamera();
}

void QtCameraWorker::publish(const DeviceStatus &status)
{
    emit statusObserved(status, device_.isNull() ? QStringLiteral("camera") : device_.description(), capabilities_);
}

void QtCameraWorker::probe()
{
    if (!devices_) {
        devices_ = new QMediaDevices(this);
        connect(devices_, &QMediaDevices::videoInputsChanged, this, [this] {
            // A camera came or went: if ours went, stop using it; if one came while we had none, take it.
            const CameraLookup found = findCamera(config_.deviceId, kRole);
            if (found.device.isNull() || found.device != device_) {
                const bool wasRunning = running_;
                tearDownCamera();
                if (wasRunning && setUpCamera()) {
                    running_ = true;
                    camera_->start();
                } else {
                    lookUp();
                }
            }
        });
    }
    lookUp(); // the device is opened only while frames are wanted (start to stop)
}

int QtCameraWorker::lookUp()
{
    const CameraLookup found = findCamera(config_.deviceId, kRole);
    device_ = found.device;
    if (device_.isNull()) {
        capabilities_ = {};
        publish(found.status);
        return -2;
    }
    const QList<QCameraFormat> formats = device_.videoFormats();
    const int chosen = chooseFormatNear(describeFormats(formats), config_.preferredSize, config_.minFps);
    capabilities_ = cameraCapabilities(device_, chosen >= 0 ? formats.at(chosen) : QCameraFormat());
    publish({DeviceState::Online, QStringLiteral("Ready"), QString()});
    return chosen;
}

bool QtCameraWorker::setUpCamera()
{
    if (camera_)
        return true;
    const int chosen = lookUp();
    if (chosen == -2)
        return false;
    camera_ = new QCamera(device_, this);
    if (chosen >= 0)
        camera_->setCameraFormat(device_.videoFormats().at(chosen));
    session_ = new QMediaCaptureSession(this);
    sink_ = new QVideoSink(this);
    session_->setCamera(camera_);
    session_->setVideoSink(sink_);
    // The sink may call from a GStreamer streaming thread: only park the frame there (see onVideoFrame).
    connect(sink_, &QVideoSink::videoFrameChanged, this, &QtCameraWorker::onVideoFrame, Qt::DirectConnection);
    connect(camera_, &QCamera::errorOccurred, this, [this](QCamera::Error error, const QString &text) {
        if (error != QCamera::NoError) {
            qCWarning(lcQtCamera) << "camera error:" << text;
            publish(cameraErrorStatus(kRole, text));
        }
    });
    return true;
}

void QtCameraWorker::tearDownCamera()
{
    running_ = false;
    if (camera_)
        camera_->stop();
    if (sink_)
        disconnect(sink_, nullptr, this, nullptr);
    delete session_;
    delete sink_;
    delete camera_;
    session_ = nullptr;
    sink_ = nullptr;
    camera_ = nullptr;
    QMutexLocker lock(&mailboxMutex_);
    mailbox_ = QVideoFrame();
}

void QtCameraWorker::start(quint64 generation)
{
    generation_ = generation;
    if (!setUpCamera())
        return; // NoDevice already published
    running_ = true;
    camera_->start();
}

void QtCameraWorker::stop()
{
    // Not only stopped: a stopped QCamera keeps its GStreamer source (and so the device) until it is destroyed, and the
    // device may be wanted by someone else next (the document camera's stills, its self-test).
    tearDownCamera();
}

void QtCameraWorker::onVideoFrame(const QVideoFrame &frame)
{
    {
        QMutexLocker lock(&mailboxMutex_);
        mailbox_ = frame;
        mailboxTimestamp_ = monotonicNowMs();
    }
    if (!deliveryPosted_.exchange(true))
        QMetaObject::invokeMethod(this, &QtCameraWorker::deliverLatest, Qt::QueuedConnection);
}

void QtCameraWorker::deliverLatest()
{
    deliveryPosted_.store(false);
    QVideoFrame frame;
    qint64 timestamp = 0;
    {
        QMutexLocker lock(&mailboxMutex_);
        frame = mailbox_;
        timestamp = mailboxTimestamp_;
        mailbox_ = QVideoFrame();
    }
    if (!running_ || !frame.isValid())
        return;
    const QImage image = frame.toImage().convertToFormat(QImage::Format_RGB888);
    if (!image.isNull())
        emit this->frame(image, timestamp, generation_);
}

QtCameraFrameSource::QtCameraFrameSource(const QtCameraFrameSourceConfig &config, QObject *parent)
    : FrameSource(parent), config_(config)
{
    qRegisterMetaType<kiosk::drivers::DeviceStatus>();
    status_ = {DeviceState::Offline, QStringLiteral("Not checked yet"), QString()};
    model_ = QStringLiteral("camera");
    worker_ = new QtCameraWorker(config_);
    connect(worker_, &QtCameraWorker::frame, this, &QtCameraFrameSource::onFrame);
    connect(worker_, &QtCameraWorker::statusObserved, this, &QtCameraFrameSource::onStatusObserved);
    thread_ = std::make_unique<common::WorkerThread>(worker_, QStringLiteral("qt_camera"));
    probeAfterMediaBackend(this, thread_.get(), worker_);
}

QtCameraFrameSource::~QtCameraFrameSource()
{
    ++generation_;
    QtCameraWorker *w = worker_;
    thread_->post([w] { w->stop(); });
    thread_->stop(3000);
}

QString QtCameraFrameSource::port() const
{
    return config_.deviceId.isEmpty() ? QStringLiteral("default camera") : QString::fromUtf8(config_.deviceId);
}

void QtCameraFrameSource::start()
{
    if (active_)
        return;
    if (status_.state == DeviceState::NoDevice)
        return; // nothing to start; the status already says why
    active_ = true;
    const quint64 generation = ++generation_;
    QtCameraWorker *w = worker_;
    thread_->post([w, generation] { w->start(generation); });
    emit started();
}

void QtCameraFrameSource::stop()
{
    if (!active_)
        return;
    active_ = false;
    ++generation_;
    QtCameraWorker *w = worker_;
    thread_->post([w] { w->stop(); });
    emit stopped();
}

void QtCameraFrameSource::onFrame(const QImage &frame, qint64 timestampMs, quint64 generation)
{
    if (!active_ || generation != generation_)
        return;
    emit frameReady(frame, timestampMs);
}

void QtCameraFrameSource::onStatusObserved(const DeviceStatus &status, const QString &model,
                                           const kiosk::drivers::DeviceCapabilities &capabilities)
{
    model_ = model;
    capabilities_ = capabilities;
    adoptObservedStatus(status, status_, active_, generation_);
}

} // namespace kiosk::drivers
