// A frame source that plays a video file, an image sequence or a folder of images as a camera would: frames paced in
// real time at the file's frame rate (or a configured one), optionally looping, decoded on its own thread. Used by the
// demo and the tests in place of a face camera (this machine kind has none; v4l2loopback is not available).
//
// Decoding uses OpenCV's VideoCapture (FFmpeg backend) rather than QMediaPlayer + QVideoSink: it runs the same with or
// without a display or an audio server, decodes exactly one frame when asked (so the pacing and the frame count are
// ours, not a media pipeline's with its own clock that drops or repeats frames under load), and needs no GStreamer
// plugins. VideoCapture lives in the module libkiosk_video_file.so (video_file_api.h), loaded when a video file is
// first played: the kiosk itself does not link OpenCV's videoio (~150 libraries at every start), and the production
// package does not ship it (file-backed cameras are for the demo and the tests). Folders of images need no module.
#pragma once

#include <QString>

#include <memory>

#include "common/worker_thread.h"
#include "drivers/camera/frame_source.h"

namespace kiosk::drivers {

class FileFrameWorker;

struct FileFrameSourceConfig {
    // A video file (e.g. .mp4), a printf-style image sequence ("frames/%04d.png") or a folder of images (name order).
    QString path;
    double fps = 0;    // 0: the video's own rate; 25 for images
    bool loop = false; // start again at the end instead of emitting endOfStream
};

class FileFrameSource : public FrameSource
{
    Q_OBJECT
public:
    explicit FileFrameSource(const FileFrameSourceConfig &config, QObject *parent = nullptr);
    ~FileFrameSource() override;

    void start() override; // from the first frame
    void stop() override;
    bool isActive() const override { return active_; }

    DeviceStatus status() const override { return status_; }
    QString model() const override { return QStringLiteral("file source"); }
    QString port() const override { return config_.path; }
    DeviceCapabilities capabilities() const override { return capabilities_; }

private:
    void onFrame(const QImage &frame, qint64 timestampMs, quint64 generation);
    void onEnd(quint64 generation);
    void onStatusObserved(const kiosk::drivers::DeviceStatus &status,
                          const kiosk::drivers::DeviceCapabilities &capabilities);

    FileFrameSourceConfig config_;
    DeviceStatus status_;
    DeviceCapabilities capabilities_;
    bool active_ = false;
    quint64 generation_ = 0; // frames of an earlier start() are dropped
    FileFrameWorker *worker_ = nullptr;
    std::unique_ptr<common::WorkerThread> thread_;
};

} // namespace kiosk::drivers
