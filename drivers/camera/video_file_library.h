// The video-file decoder module (video_file_api.h), loaded once per process on first use: a FileFrameSource playing a
// video file asks for it on its own thread; a kiosk that never plays a file never loads OpenCV's videoio.
#pragma once

#include <QString>

#include "drivers/camera/video_file_api.h"

namespace kiosk::drivers {

struct VideoFileLibrary {
    kiosk_video *(*open)(const char *pathUtf8, int imageSequence) = nullptr;
    void (*info)(const kiosk_video *video, double *fps, int *width, int *height, long long *frames) = nullptr;
    int (*read)(kiosk_video *video, const unsigned char **rgb, int *width, int *height, int *stride) = nullptr;
    void (*close)(kiosk_video *video) = nullptr;

    // The loaded module, or null with the reason in `why` (not installed: video files need the kiosk-demo package).
    // Thread-safe; the module stays loaded for the life of the process.
    static const VideoFileLibrary *get(QString *why = nullptr);
    // Where it is looked for: $KIOSK_VIDEO_MODULE, then lib/kiosk-demo/ beside the program's bin/ (the installed
    // demo package), then the build tree's lib/ (a development build).
    static QString path();
};

} // namespace kiosk::drivers
