// Finds and loads libkiosk_video_file.so (see video_file_library.h).
#include "drivers/camera/video_file_library.h"

#include <QLibrary>
#include <QMutex>
#include <QMutexLocker>

#include "common/module_path.h"

namespace kiosk::drivers {

namespace {

constexpr char kModuleName[] = "libkiosk_video_file.so";

} // namespace

QString VideoFileLibrary::path()
{
#ifdef KIOSK_DEV_VIDEO_MODULE
    const QString buildTree = QStringLiteral(KIOSK_DEV_VIDEO_MODULE);
#else
    const QString buildTree;
#endif
    return common::findModule("KIOSK_VIDEO_MODULE", QStringLiteral("lib/kiosk-demo"), QLatin1String(kModuleName),
                              buildTree);
}

const VideoFileLibrary *VideoFileLibrary::get(QString *why)
{
    static QMutex mutex;
    static bool tried = false;
    static VideoFileLibrary library;
    static QString problem;
    QMutexLocker lock(&mutex);
    if (!tried) {
        tried = true;
        const QString file = path();
        auto *lib = new QLibrary(file); // never unloaded: frames may still point into it
        if (file.isEmpty() || !lib->load()) {
            problem =
                QStringLiteral("video files need %1 (the kiosk-demo package): %2")
                    .arg(QLatin1String(kModuleName), file.isEmpty() ? QStringLiteral("not found") : lib->errorString());
        } else {
            library.open = reinterpret_cast<decltype(library.open)>(lib->resolve("kiosk_video_open"));
            library.info = reinterpret_cast<decltype(library.info)>(lib->resolve("kiosk_video_info"));
            library.read = reinterpret_cast<decltype(library.read)>(lib->resolve("kiosk_video_read"));
            library.close = reinterpret_cast<decltype(library.close)>(lib->resolve("kiosk_video_close"));
            if (!library.open || !library.info || !library.read || !library.close) {
                library = VideoFileLibrary();
                problem = QStringLiteral("%1 lacks the kiosk_video_* entry points").arg(file);
            }
        }
    }
    if (!library.open) {
        if (why)
            *why = problem;
        return nullptr;
    }
    return &library;
}

} // namespace kiosk::drivers
