// Without the video-file module (libkiosk_video_file.so, the kiosk-demo package), a FileFrameSource on a video file
// reports the device absent with the reason, instead of crashing or playing nothing in silence; folders of images
// need no module.
#include <QDir>
#include <QFile>
#include <QImage>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "drivers/camera/file_frame_source.h"
#include "drivers/camera/video_file_library.h"

using namespace kiosk::drivers;

class VideoModuleMissingTest : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { qputenv("KIOSK_VIDEO_MODULE", "/nonexistent/libkiosk_video_file.so"); }

    void videoFile_isReportedAbsent_withTheReason()
    {
        QTemporaryDir dir;
        const QString video = dir.filePath(QStringLiteral("clip.mp4"));
        QFile f(video);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("not decoded without the module");
        f.close();
        FileFrameSource source({video, 0, false});
        QTRY_VERIFY_WITH_TIMEOUT(source.status().state != DeviceState::Offline, 5000);
        QVERIFY(source.status().state == DeviceState::NoDevice);
        QVERIFY2(source.status().detail.contains(QStringLiteral("kiosk-demo")), qPrintable(source.status().detail));
        QString why;
        QVERIFY(!VideoFileLibrary::get(&why));
        QVERIFY(why.contains(QStringLiteral("libkiosk_video_file.so")));
    }

    void folderOfImages_needsNoModule()
    {
        QTemporaryDir dir;
        QImage img(64, 48, QImage::Format_RGB888);
        img.fill(Qt::gray);
        QVERIFY(img.save(QDir(dir.path()).filePath(QStringLiteral("0001.png"))));
        FileFrameSource source({dir.path(), 0, false});
        QTRY_VERIFY_WITH_TIMEOUT(source.status().state == DeviceState::Online, 5000);
        QSignalSpy frames(&source, &FrameSource::frameReady);
        source.start();
        QVERIFY(frames.wait(5000));
    }
};

QTEST_GUILESS_MAIN(VideoModuleMissingTest)
#include "test_video_module_missing.moc"
