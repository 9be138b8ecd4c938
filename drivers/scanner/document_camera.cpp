// DocumentCamera and its worker: largest format, still capture to memory, deadlines, idle stop (see the headers).
#include "drivers/scanner/document_camera.h"

#include <QCamera>
#include <QImageCapture>
#include <QLoggingCategory>
#include <QMediaCaptureSession>
#include <QMediaDevices>
#include <QVideoFrame>

#include "drivers/camera/frame_source.h"
#include "drivers/camera/qt_camera_support.h"
#include "drivers/device_thread.h"
#include "drivers/scanner/document_camera_worker.h"

namespace kiosk::drivers {

Q_LOGGING_CATEGORY(lcDocumentCamera, "kiosk.drivers.document_camera")

namespace {
const QString kRole = QStringLiteral("document camera");
constexpr int kDeadlineCheckMs = 200;

qint64 area(QSize s)
{
    return qint64(s.width()) * s.height();
}
} // namespace

DocumentCameraWorker::DocumentCameraWorker(const DocumentCameraConfig &config)
    : config_(config), deadlineTimer_(this), idleTimer_(this)
{
    deadlineTimer_.setInterval(kDeadlineCheckMs);
    connect(&deadlineTimer_, &QTimer::timeout, this, &DocumentCameraWorker::checkDeadlines);
    idleTimer_.setSingleShot(true);
    idleTimer_.setInterval(qMax(0, config_.idleStopMs));
    connect(&idleTimer_, &QTimer::timeout, this, [this] {
        if (camera_ && waiting_.isEmpty() && inFlight_.isEmpty())
            camera_->stop();
    });
}

DocumentCameraWorker::~DocumentCameraWorker()
{
    tearDownCamera(QStringLiteral("the document camera was shut down"));
}

void DocumentCameraWorker::publish(const DeviceStatus &status)
{
    emit statusObserved(status, device_.isNull() ? QStringLiteral("document camera") : device_.description(),
                        capabilities_);
}

void DocumentCameraWorker::probe()
{
    if (!devices_) {
        devices_ = new QMediaDevices(this);
        connect(devices_, &QMediaDevices::videoInputsChanged, this, [this] {
            const CameraLookup found = findCamera(config_.deviceId, kRole);
            if (found.device.isNull() || found.device != device_) {
                tearDownCamera(QStringLiteral("the document camera was disconnected"));
                if (found.device.isNull()) {
                    device_ = QCameraDevice();
                    capabilities_.clear();
                    publish(found.status);
                } else {
                    setUpCamera();
                }
            }
        });
    }
    setUpCamera();
}

bool DocumentCameraWorker::setUpCamera()
{
    if (camera_)
        return true;
    const CameraLookup found = findCamera(config_.deviceId, kRole);
    device_ = found.device;
    if (device_.isNull()) {
        capabilities_.clear();
        publish(found.status);
        return false;
    }
    camera_ = new QCamera(device_, this);
    const QList<QCameraFormat> formats = device_.videoFormats();
    const int chosen = chooseLargestFormat(describeFormats(formats));
    const QCameraFormat format = chosen >= 0 ? formats.at(chosen) : QCameraFormat();
    if (!format.isNull())
        camera_->setCameraFormat(format);

    imageCapture_ = new QImageCapture(this);
    QSize still = format.isNull() ? QSize() : format.resolution();
    for (const QSize &s : device_.photoResolutions()) {
        if (area(s) > area(still))
            still = s;
    }
    if (still.isValid())
        imageCapture_->setResolution(still);
    imageCapture_->setQuality(QImageCapture::VeryHighQuality);
    capabilities_ = cameraCapabilities(device_, format);
    capabilities_.insert(QStringLiteral("still_width"), still.width());
    capabilities_.insert(QStringLiteral("still_height"), still.height());

    session_ = new QMediaCaptureSession(this);
    session_->setCamera(camera_);
    session_->setImageCapture(imageCapture_);
    connect(imageCapture_, &QImageCapture::readyForCaptureChanged, this, [this](bool ready) {
        if (ready)
            fire();
    });
    connect(imageCapture_, &QImageCapture::imageAvailable, this, &DocumentCameraWorker::onImage);
    connect(imageCapture_, &QImageCapture::errorOccurred, this,
            [this](int id, QImageCapture::Error, const QString &text) {
                if (inFlight_.contains(id))
                    fail(inFlight_.take(id), QStringLiteral("capture failed: %1").arg(text));
            });
    connect(camera_, &QCamera::errorOccurred, this, [this](QCamera::Error error, const QString &text) {
        if (error == QCamera::NoError)
            return;
        qCWarning(lcDocumentCamera) << "camera error:" << text;
        const DeviceStatus status = cameraErrorStatus(kRole, text);
        const QList<quint64> pending = waiting_ + inFlight_.values();
        waiting_.clear();
        inFlight_.clear();
        for (quint64 t : pending)
            fail(t, status.detail);
        publish(status);
    });
    qCInfo(lcDocumentCamera) << "using" << device_.description() << "stills" << still;
    publish({DeviceState::Online, QStringLiteral("Ready"), QString()});
    return true;
}

void DocumentCameraWorker::tearDownCamera(const QString &why)
{
    const QList<quint64> pending = waiting_ + inFlight_.values();
    waiting_.clear();
    inFlight_.clear();
    for (quint64 t : pending)
        fail(t, why);
    if (camera_)
        camera_->stop();
    delete session_;
    delete imageCapture_;
    delete camera_;
    session_ = nullptr;
    imageCapture_ = nullptr;
    camera_ = nullptr;
}

void DocumentCameraWorker::capture(quint64 ticket)
{
    if (!setUpCamera()) {
        const CameraLookup found = findCamera(config_.deviceId, kRole);
        CaptureResult r;
        r.ticket = ticket;
        r.error = found.status.detail;
        emit captureFinished(r);
        return;
    }
    idleTimer_.stop();
    deadline_.insert(ticket, monotonicNowMs() + qMax(100, config_.captureTimeoutMs));
    waiting_.append(ticket);
    if (!deadlineTimer_.isActive())
        deadlineTimer_.start();
    if (!camera_->isActive())
        camera_->start();
    fire();
}

void DocumentCameraWorker::fire()
{
    // Never call capture() before the session says it is ready: Qt then hands out an id that never completes.
    while (imageCapture_ && !waiting_.isEmpty() && imageCapture_->isReadyForCapture()) {
        const quint64 ticket = waiting_.takeFirst();
        const int id = imageCapture_->capture();
        if (id < 0) {
            fail(ticket, QStringLiteral("capture refused: %1").arg(imageCapture_->errorString()));
            continue;
        }
        inFlight_.insert(id, ticket);
    }
}

void DocumentCameraWorker::onImage(int id, const QVideoFrame &frame)
{
    if (!inFlight_.contains(id))
        return;
    const quint64 ticket = inFlight_.take(id);
    const QImage image = frame.toImage();
    if (image.isNull()) {
        fail(ticket, QStringLiteral("the camera delivered a frame that could not be converted"));
        return;
    }
    deadline_.remove(ticket);
    CaptureResult r;
    r.ticket = ticket;
    r.image = image;
    emit captureFinished(r);
    if (waiting_.isEmpty() && inFlight_.isEmpty())
        idleTimer_.start();
}

void DocumentCameraWorker::fail(quint64 ticket, const QString &why)
{
    deadline_.remove(ticket);
    CaptureResult r;
    r.ticket = ticket;
    r.error = why;
    qCInfo(lcDocumentCamera) << "capture" << ticket << "failed:" << why;
    emit captureFinished(r);
}

void DocumentCameraWorker::checkDeadlines()
{
    const qint64 now = monotonicNowMs();
    const QList<quint64> tickets = deadline_.keys();
    for (quint64 t : tickets) {
        if (deadline_.value(t) > now)
            continue;
        waiting_.removeAll(t);
        for (auto it = inFlight_.begin(); it != inFlight_.end();) {
            it = it.value() == t ? inFlight_.erase(it) : std::next(it);
        }
        fail(t, QStringLiteral("no image within %1 s").arg(config_.captureTimeoutMs / 1000.0));
    }
    if (deadline_.isEmpty()) {
        deadlineTimer_.stop();
        idleTimer_.start();
    }
}

DocumentCamera::DocumentCamera(const DocumentCameraConfig &config, QObject *parent) : Device(parent), config_(config)
{
    // Qt Multimedia creates its backend on first use; let that happen on this (the application's) thread rather than
    // on the device thread, which may end before the application does.
    (void)QMediaDevices::videoInputs();
    qRegisterMetaType<kiosk::drivers::DeviceStatus>();
    qRegisterMetaType<kiosk::drivers::SelfTestResult>();
    qRegisterMetaType<kiosk::drivers::CaptureResult>();
    status_ = {DeviceState::Offline, QStringLiteral("Not checked yet"), QString()};
    model_ = QStringLiteral("document camera");
    worker_ = new DocumentCameraWorker(config_);
    connect(worker_, &DocumentCameraWorker::statusObserved, this, &DocumentCamera::onStatusObserved);
    connect(worker_, &DocumentCameraWorker::captureFinished, this, &DocumentCamera::onCaptureFinished);
    thread_ = std::make_unique<DeviceThread>(worker_, QStringLiteral("document_camera"));
    DocumentCameraWorker *w = worker_;
    thread_->post([w] { w->probe(); });
}

DocumentCamera::~DocumentCamera()
{
    preview_.reset();
    thread_->stop(3000);
}

void DocumentCamera::setPreviewSource(std::unique_ptr<FrameSource> source)
{
    preview_ = std::move(source);
}

QString DocumentCamera::port() const
{
    return config_.deviceId.isEmpty() ? QStringLiteral("default camera") : QString::fromUtf8(config_.deviceId);
}

quint64 DocumentCamera::capture()
{
    const quint64 ticket = nextTicket_++;
    DocumentCameraWorker *w = worker_;
    thread_->post([w, ticket] { w->capture(ticket); });
    return ticket;
}

void DocumentCamera::selfTest()
{
    if (selfTestTicket_)
        return; // one at a time
    selfTestTicket_ = capture();
}

void DocumentCamera::onStatusObserved(const DeviceStatus &status, const QString &model, const QVariantMap &capabilities)
{
    model_ = model;
    capabilities_ = capabilities;
    if (status != status_) {
        status_ = status;
        emit statusChanged(status_);
    }
}

void DocumentCamera::onCaptureFinished(const CaptureResult &result)
{
    if (result.ticket != selfTestTicket_ || selfTestTicket_ == 0) {
        emit captureFinished(result);
        return;
    }
    selfTestTicket_ = 0;
    SelfTestResult r;
    r.passed = result.ok();
    r.details.insert(QStringLiteral("width"), result.image.width());
    r.details.insert(QStringLiteral("height"), result.image.height());
    r.summary = r.passed ? QStringLiteral("Document camera captured a %1x%2 still")
                               .arg(result.image.width())
                               .arg(result.image.height())
                         : QStringLiteral("Document camera capture failed: %1").arg(result.error);
    emit selfTestFinished(r);
}

} // namespace kiosk::drivers
