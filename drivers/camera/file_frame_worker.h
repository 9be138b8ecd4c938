// FileFrameSource's worker: opens and decodes the file and paces the frames, on the source's own thread.
#pragma once

#include <QImage>
#include <QObject>
#include <QStringList>
#include <QTimer>
#include <QVariantMap>

#include <memory>

#include "drivers/camera/file_frame_source.h"
#include "drivers/camera/video_file_api.h"

namespace kiosk::drivers {

struct VideoFileLibrary;

class FileFrameWorker : public QObject
{
    Q_OBJECT
public:
    explicit FileFrameWorker(const FileFrameSourceConfig &config);
    ~FileFrameWorker() override;

    void probe(); // opens the file once to report status and capabilities
    void start(quint64 generation);
    void stop();

signals:
    void frame(const QImage &frame, qint64 timestampMs, quint64 generation);
    void endOfStream(quint64 generation);
    void statusObserved(const kiosk::drivers::DeviceStatus &status,
                        const kiosk::drivers::DeviceCapabilities &capabilities);

private:
    bool open(QString *why);
    void close();
    bool readFrame(QImage *out);
    void tick();

    FileFrameSourceConfig config_;
    const VideoFileLibrary *video_ = nullptr; // the decoder module, loaded when a video is first played
    kiosk_video *capture_ = nullptr;
    QStringList images_; // when the path is a folder
    int imageIndex_ = 0;
    double fps_ = 25;
    QTimer timer_;
    bool running_ = false;
    quint64 generation_ = 0;
    qint64 startMs_ = 0;
    qint64 emitted_ = 0; // frames since startMs_
};

} // namespace kiosk::drivers
