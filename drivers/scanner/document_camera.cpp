// DocumentCamera and its worker: largest format, still capture to memory, deadlines, idle stop (see the headers).
#include "drivers/scanner/document_camera.h"

#include <QCamera>
#include <QImageCapture>
#include <QLoggingCategory>
#include <QMediaCaptureSession>
#include <QMediaDevices>
#include <QVideoFrame>

#include "common/worker_thread.h"
#include "drivers/camera/frame_source.h"
#include "drivers/camera/qt_camera_support.h"
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
            tearDownCamera(QString()); // closes the device: LED off, USB quiet, free for the live view
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
                lookUp(); // opened again by the next capture
            }
        });
    }
    lookUp(); // the device is opened only for captures, never merely to be watched
}

int DocumentCameraWorker::lookUp(QSize *stillOut)
{
    const CameraLookup found = findCamera(config_.deviceId, kRole);
    device_ = found.device;
    if (device_.isNull()) {
        capabilities_ = {};
        publish(found.status);
        return -2;
    }
    const QList<QCameraFormat> formats = device_.videoFormats();
    const int chosen = chooseLargestFormat(describeFormats(formats));
    const QCameraFormat format = chosen >= 0 ? formats.at(chosen) : QCameraFormat();
    QSize still = format.isNull() ? QSize() : format.resolution();
    for (const QSize &s : device_.photoResolutions()) {
        if (area(s) > area(still))
            still = s;
    }
    capabilities_ = cameraCapabilities(device_, format);
    capabilities_.setInteger(Capability::StillWidth, still.width()).setInteger(Capability::StillHeight, still.height());
    if (stillOut)
        *stillOut = still;
    publish({DeviceState::Online, QStringLiteral("Ready"), QString()});
    return chosen;
}

bool DocumentCameraWorker::setUpCamera()
{
    if (camera_)
        return true;
    if (lent_)
        return false; // the live view has the device
    QSize still;
    const int chosen = lookUp(&still);
    if (chosen == -2)
        return false;
    camera_ = new QCamera(device_, this);
    if (chosen >= 0)
        camera_->setCameraFormat(device_.videoFormats().at(chosen));
    imageCapture_ = new QImageCapture(this);
    if (still.isValid())
        imageCapture_->setResolution(still);
    imageCapture_->setQuality(QImageCapture::VeryHighQuality);

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
    return true;
}

void DocumentCameraWorker::release(quint64 lease)
{
    lent_ = true;
    releasePending_ = true;
    lease_ = lease;
    releaseWhenIdle();
}

void DocumentCameraWorker::releaseWhenIdle()
{
    if (!releasePending_ || !waiting_.isEmpty() || !inFlight_.isEmpty())
        return; // the still under way finishes first (bounded by its deadline)
    releasePending_ = false;
    idleTimer_.stop();
    tearDownCamera(QString());
    emit released(lease_);
}

void DocumentCameraWorker::reclaim()
{
    lent_ = false;
    releasePending_ = false;
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
    if (lent_) {
        CaptureResult r;
        r.ticket = ticket;
        r.busy = true;
        r.error = QStringLiteral("busy: the live view is using the document camera");
        emit captureFinished(r);
        return;
    }
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
    releaseWhenIdle();
}

void DocumentCameraWorker::fail(quint64 ticket, const QString &why)
{
    deadline_.remove(ticket);
    CaptureResult r;
    r.ticket = ticket;
    r.error = why;
    qCInfo(lcDocumentCamera) << "capture" << ticket << "failed:" << why;
    emit captureFinished(r);
    QMetaObject::invokeMethod(this, &DocumentCameraWorker::releaseWhenIdle, Qt::QueuedConnection);
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

// The live view's source behind the camera's lease: start() asks the camera for the device and the source starts
// only once the stills have let go of it; stop() stops the source and gives the device back.
class LiveViewLease : public FrameSource
{
public:
    LiveViewLease(DocumentCamera *camera, std::unique_ptr<FrameSource> source)
        : camera_(camera), source_(std::move(source))
    {
        FrameSource *src = source_.get();
        connect(src, &FrameSource::frameReady, this, &FrameSource::frameReady);
        connect(src, &FrameSource::statusChanged, this, &FrameSource::statusChanged);
        connect(src, &FrameSource::started, this, &FrameSource::started);
        connect(src, &FrameSource::stopped, this, &FrameSource::stopped);
        connect(src, &FrameSource::endOfStream, this, &FrameSource::endOfStream);
    }
    FrameSource *source() const { return source_.get(); }
    void start() override { camera_->beginLiveView(); }
    void stop() override { camera_->endLiveView(); }
    bool isActive() const override
    {
        return camera_->owner() == DocumentCamera::Owner::LiveViewWaiting || source_->isActive();
    }
    DeviceStatus status() const override { return source_->status(); }
    QString model() const override { return source_->model(); }
    QString port() const override { return source_->port(); }
    DeviceCapabilities capabilities() const override { return source_->capabilities(); }

private:
    DocumentCamera *camera_;
    std::unique_ptr<FrameSource> source_;
};

DocumentCamera::DocumentCamera(const DocumentCameraConfig &config, QObject *parent) : Device(parent), config_(config)
{
    qRegisterMetaType<kiosk::drivers::DeviceStatus>();
    qRegisterMetaType<kiosk::drivers::SelfTestResult>();
    qRegisterMetaType<kiosk::drivers::CaptureResult>();
    status_ = {DeviceState::Offline, QStringLiteral("Not checked yet"), QString()};
    model_ = QStringLiteral("document camera");
    worker_ = new DocumentCameraWorker(config_);
    connect(worker_, &DocumentCameraWorker::statusObserved, this, &DocumentCamera::onStatusObserved);
    connect(worker_, &DocumentCameraWorker::captureFinished, this, &DocumentCamera::onCaptureFinished);
    connect(worker_, &DocumentCameraWorker::released, this, &DocumentCamera::onReleased);
    thread_ = std::make_unique<common::WorkerThread>(worker_, QStringLiteral("document_camera"));
    probeAfterMediaBackend(this, thread_.get(), worker_);
}

DocumentCamera::~DocumentCamera()
{
    if (liveSource_)
        liveSource_->stop();
    liveSource_ = nullptr;
    preview_.reset();
    thread_->stop(3000);
}

void DocumentCamera::setPreviewSource(std::unique_ptr<FrameSource> source)
{
    endLiveView();
    liveSource_ = nullptr;
    preview_.reset();
    if (!source)
        return;
    liveSource_ = source.get();
    preview_ = std::make_unique<LiveViewLease>(this, std::move(source));
}

void DocumentCamera::beginLiveView()
{
    if (owner_ != Owner::Stills || !liveSource_)
        return;
    owner_ = Owner::LiveViewWaiting;
    const quint64 lease = ++lease_;
    DocumentCameraWorker *w = worker_;
    thread_->post([w, lease] { w->release(lease); });
}

void DocumentCamera::onReleased(quint64 lease)
{
    if (owner_ != Owner::LiveViewWaiting || lease != lease_)
        return; // the live view was stopped meanwhile; endLiveView() has already given the device back
    owner_ = Owner::LiveView;
    qCInfo(lcDocumentCamera) << "live view has the camera";
    liveSource_->start();
}

void DocumentCamera::endLiveView()
{
    if (owner_ == Owner::Stills)
        return;
    if (owner_ == Owner::LiveView && liveSource_)
        liveSource_->stop(); // closes the device (QtCameraFrameSource tears its camera down on stop)
    owner_ = Owner::Stills;
    ++lease_;
    DocumentCameraWorker *w = worker_;
    thread_->post([w] { w->reclaim(); });
}

QString DocumentCamera::port() const
{
    return config_.deviceId.isEmpty() ? QStringLiteral("default camera") : QString::fromUtf8(config_.deviceId);
}

quint64 DocumentCamera::capture()
{
    const quint64 ticket = nextTicket_++;
    if (owner_ != Owner::Stills) {
        // Not even asked of the worker: the device is the live view's.
        CaptureResult r;
        r.ticket = ticket;
        r.busy = true;
        r.error = QStringLiteral("busy: the live view is using the document camera");
        QMetaObject::invokeMethod(
            this, [this, r] { onCaptureFinished(r); }, Qt::QueuedConnection);
        return ticket;
    }
    DocumentCameraWorker *w = worker_;
    thread_->post([w, ticket] { w->capture(ticket); });
    return ticket;
}

void DocumentCamera::selfTest()
{
    if (selfTestTicket_)
        return;                  // one at a time
    selfTestTicket_ = capture(); // answered "busy" while the live view has the camera
}

void DocumentCamera::onStatusObserved(const DeviceStatus &status, const QString &model,
                                      const kiosk::drivers::DeviceCapabilities &capabilities)
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
    if (result.busy) {
        // Not a fault: not tested, because a visit's live view is using the camera (it is not opened twice).
        r.details.insert(QStringLiteral("busy"), true);
        r.summary = QStringLiteral("Document camera busy: in use by a visit's live view; not tested, try again later");
        emit selfTestFinished(r);
        return;
    }
    r.details.insert(QStringLiteral("width"), result.image.width());
    r.details.insert(QStringLiteral("height"), result.image.height());
    r.summary = r.passed ? QStringLiteral("Document camera captured a %1x%2 still")
                               .arg(result.image.width())
                               .arg(result.image.height())
                         : QStringLiteral("Document camera capture failed: %1").arg(result.error);
    emit selfTestFinished(r);
}

} // namespace kiosk::drivers
