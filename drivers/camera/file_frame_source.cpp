// FileFrameSource and its worker: decoding through the video-file module, real-time pacing, generation-tagged frames
// (see the headers).
#include "drivers/camera/file_frame_source.h"

#include <QDir>
#include <QFileInfo>
#include <QImageReader>
#include <QLoggingCategory>

#include <cmath>

#include "common/worker_thread.h"
#include "drivers/camera/file_frame_worker.h"
#include "drivers/camera/video_file_library.h"

namespace kiosk::drivers {

Q_LOGGING_CATEGORY(lcFileFrames, "kiosk.drivers.camera.file")

namespace {

constexpr double kDefaultFps = 25;
// Further behind than this (a stalled machine), the schedule restarts from now instead of bursting to catch up.
constexpr qint64 kMaxLagMs = 1000;

} // namespace

FileFrameWorker::FileFrameWorker(const FileFrameSourceConfig &config) : config_(config), timer_(this)
{
    timer_.setSingleShot(true);
    timer_.setTimerType(Qt::PreciseTimer);
    connect(&timer_, &QTimer::timeout, this, &FileFrameWorker::tick);
}

FileFrameWorker::~FileFrameWorker()
{
    close();
}

bool FileFrameWorker::open(QString *why)
{
    close();
    const QFileInfo info(config_.path);
    if (config_.path.isEmpty()) {
        *why = QStringLiteral("no file configured");
        return false;
    }
    if (info.isDir()) {
        const QDir dir(config_.path);
        QStringList filters;
        for (const QByteArray &ext : QImageReader::supportedImageFormats())
            filters << QStringLiteral("*.") + QString::fromLatin1(ext);
        images_.clear();
        for (const QString &name : dir.entryList(filters, QDir::Files, QDir::Name))
            images_ << dir.filePath(name);
        imageIndex_ = 0;
        if (images_.isEmpty()) {
            *why = QStringLiteral("the folder %1 holds no images").arg(config_.path);
            return false;
        }
        fps_ = config_.fps > 0 ? config_.fps : kDefaultFps;
        return true;
    }
    const bool sequence = config_.path.contains(QLatin1Char('%'));
    if (!sequence && !info.isFile()) {
        *why = QStringLiteral("%1 does not exist").arg(config_.path);
        return false;
    }
    video_ = VideoFileLibrary::get(why);
    if (!video_)
        return false;
    capture_ = video_->open(config_.path.toUtf8().constData(), sequence ? 1 : 0);
    if (!capture_) {
        *why = QStringLiteral("%1 cannot be decoded").arg(config_.path);
        return false;
    }
    double fileFps = 0;
    video_->info(capture_, &fileFps, nullptr, nullptr, nullptr);
    fps_ = config_.fps > 0 ? config_.fps : (fileFps > 0 && fileFps <= 240 ? fileFps : kDefaultFps);
    return true;
}

void FileFrameWorker::close()
{
    if (capture_)
        video_->close(capture_);
    capture_ = nullptr;
    images_.clear();
}

bool FileFrameWorker::readFrame(QImage *out)
{
    if (capture_) {
        const unsigned char *rgb = nullptr;
        int width = 0, height = 0, stride = 0;
        if (video_->read(capture_, &rgb, &width, &height, &stride) != 1)
            return false;
        // copy(): the QImage must own its pixels, the module's buffer is reused by the next read.
        *out = QImage(rgb, width, height, stride, QImage::Format_RGB888).copy();
        return !out->isNull();
    }
    while (imageIndex_ < images_.size()) {
        QImageReader reader(images_.at(imageIndex_++));
        const QImage img = reader.read();
        if (!img.isNull()) {
            *out = img.convertToFormat(QImage::Format_RGB888);
            return true;
        }
        qCWarning(lcFileFrames) << "skipping unreadable image" << reader.fileName() << reader.errorString();
    }
    return false;
}

void FileFrameWorker::probe()
{
    QString why;
    if (!open(&why)) {
        qCWarning(lcFileFrames) << "frame file unusable:" << why;
        emit statusObserved({DeviceState::NoDevice, QStringLiteral("Frame file unusable: %1").arg(why),
                             QStringLiteral("Check the frame source path in the configuration.")},
                            {});
        return;
    }
    DeviceCapabilities caps;
    caps.setReal(Capability::FrameRate, fps_)
        .setFlag(Capability::Loop, config_.loop)
        .setText(Capability::PixelFormat, QStringLiteral("RGB888"));
    if (capture_) {
        int width = 0, height = 0;
        long long frames = 0;
        video_->info(capture_, nullptr, &width, &height, &frames);
        caps.setInteger(Capability::Width, width)
            .setInteger(Capability::Height, height)
            .setInteger(Capability::FrameCount, frames);
    } else {
        caps.setInteger(Capability::FrameCount, images_.size());
    }
    close();
    emit statusObserved({DeviceState::Online, QStringLiteral("Ready"), QString()}, caps);
}

void FileFrameWorker::start(quint64 generation)
{
    QString why;
    if (!open(&why)) {
        running_ = false;
        emit statusObserved({DeviceState::NoDevice, QStringLiteral("Frame file unusable: %1").arg(why),
                             QStringLiteral("Check the frame source path in the configuration.")},
                            {});
        return;
    }
    generation_ = generation;
    running_ = true;
    emitted_ = 0;
    qCDebug(lcFileFrames) << "playing at" << fps_ << "fps, loop" << config_.loop;
    tick();
}

void FileFrameWorker::stop()
{
    running_ = false;
    timer_.stop();
    close();
}

void FileFrameWorker::tick()
{
    if (!running_)
        return;
    QImage image;
    if (!readFrame(&image)) {
        QString why;
        if (!config_.loop || !open(&why) || !readFrame(&image)) {
            running_ = false;
            close();
            emit endOfStream(generation_);
            return;
        }
    }
    const qint64 timestamp = monotonicNowMs();
    if (emitted_ == 0)
        startMs_ = timestamp; // the schedule starts when the first frame is out, however long opening took
    emit frame(image, timestamp, generation_);
    ++emitted_;

    // Frame n is due at start + n / fps: scheduling against the start (not the previous frame) keeps the rate exact
    // over a long run, whatever the decode time of a single frame.
    const qint64 now = monotonicNowMs();
    qint64 due = startMs_ + qint64(std::llround(emitted_ * 1000.0 / fps_));
    if (now - due > kMaxLagMs) {
        startMs_ = now - qint64(std::llround(emitted_ * 1000.0 / fps_));
        due = now;
    }
    timer_.start(int(qMax<qint64>(0, due - now)));
}

FileFrameSource::FileFrameSource(const FileFrameSourceConfig &config, QObject *parent)
    : FrameSource(parent), config_(config)
{
    qRegisterMetaType<kiosk::drivers::DeviceStatus>();
    status_ = {DeviceState::Offline, QStringLiteral("Not checked yet"), QString()};
    worker_ = new FileFrameWorker(config_);
    connect(worker_, &FileFrameWorker::frame, this, &FileFrameSource::onFrame);
    connect(worker_, &FileFrameWorker::endOfStream, this, &FileFrameSource::onEnd);
    connect(worker_, &FileFrameWorker::statusObserved, this, &FileFrameSource::onStatusObserved);
    thread_ = std::make_unique<common::WorkerThread>(worker_, QStringLiteral("file_frames"));
    FileFrameWorker *w = worker_;
    thread_->post([w] { w->probe(); });
}

FileFrameSource::~FileFrameSource()
{
    ++generation_;
    thread_->stop(3000);
}

void FileFrameSource::start()
{
    if (active_)
        return;
    active_ = true;
    const quint64 generation = ++generation_;
    FileFrameWorker *w = worker_;
    thread_->post([w, generation] { w->start(generation); });
    emit started();
}

void FileFrameSource::stop()
{
    if (!active_)
        return;
    active_ = false;
    ++generation_; // frames already queued towards us belong to the old generation and are dropped
    FileFrameWorker *w = worker_;
    thread_->post([w] { w->stop(); });
    emit stopped();
}

void FileFrameSource::onFrame(const QImage &frame, qint64 timestampMs, quint64 generation)
{
    if (!active_ || generation != generation_)
        return;
    emit frameReady(frame, timestampMs);
}

void FileFrameSource::onEnd(quint64 generation)
{
    if (!active_ || generation != generation_)
        return;
    active_ = false;
    ++generation_;
    emit endOfStream();
    emit stopped();
}

void FileFrameSource::onStatusObserved(const DeviceStatus &status,
                                       const kiosk::drivers::DeviceCapabilities &capabilities)
{
    if (!capabilities.isEmpty())
        capabilities_ = capabilities;
    adoptObservedStatus(status, status_, active_, generation_);
}

} // namespace kiosk::drivers
