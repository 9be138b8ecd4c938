// Specification of FileFrameSource: a clip made at test time with ffmpeg (2 s of testsrc at 25 fps) plays like a
// camera: every frame, paced in real time, RGB888, monotonic timestamps; it loops when asked, stops within a bounded
// time and writes nothing to disk.
#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>

#include "drivers/camera/face_camera.h"
#include "drivers/camera/file_frame_source.h"

using namespace kiosk::drivers;

namespace {

struct Frame {
    QSize size;
    QImage::Format format;
    qint64 timestampMs;
    qint64 receivedMs;
};

// Records what a source emits; never keeps the pixels.
struct FrameLog {
    QList<Frame> frames;
    QMetaObject::Connection connection;

    explicit FrameLog(FrameSource *source)
    {
        connection = QObject::connect(source, &FrameSource::frameReady, [this](const QImage &f, qint64 ts) {
            frames.append({f.size(), f.format(), ts, monotonicNowMs()});
        });
    }
    ~FrameLog() { QObject::disconnect(connection); }
};

QStringList listing(const QString &dir)
{
    return QDir(dir).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden, QDir::Name);
}

} // namespace

class TestFileFrameSource : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void playsEveryFrameAtTheFileRateInRealTime();
    void reportsStatusAndCapabilitiesBeforeStarting();
    void loops_whenAsked();
    void configuredRate_overridesTheFile();
    void stop_isImmediateAndNoFrameFollows();
    void restart_beginsAgainFromTheFirstFrame();
    void destroyingWhilePlaying_isBounded();
    void imageFolder_playsInNameOrder();
    void missingFile_isNoDeviceAndNeverEmits();
    void fileThatIsNotAVideo_isNoDevice();
    void playing_writesNoFiles();
    void faceCamera_onAFileSource_passesItsSelfTestAndReportsStatus();

private:
    QTemporaryDir dir_;
    QString clip_;
};

void TestFileFrameSource::initTestCase()
{
    QVERIFY(dir_.isValid());
    const QString ffmpeg = QStandardPaths::findExecutable(QStringLiteral("ffmpeg"));
    if (ffmpeg.isEmpty())
        QSKIP("ffmpeg is not installed (apt install ffmpeg): the test clip cannot be made, so FileFrameSource is not "
              "tested");
    clip_ = dir_.filePath(QStringLiteral("clip.mp4"));
    QProcess p;
    p.start(ffmpeg,
            {QStringLiteral("-nostdin"), QStringLiteral("-loglevel"), QStringLiteral("error"), QStringLiteral("-f"),
             QStringLiteral("lavfi"), QStringLiteral("-i"), QStringLiteral("testsrc=size=640x480:rate=25"),
             QStringLiteral("-t"), QStringLiteral("2"), QStringLiteral("-c:v"), QStringLiteral("libx264"),
             QStringLiteral("-pix_fmt"), QStringLiteral("yuv420p"), clip_});
    QVERIFY(p.waitForFinished(60000));
    QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
    QVERIFY(QFileInfo(clip_).size() > 0);
}

void TestFileFrameSource::playsEveryFrameAtTheFileRateInRealTime()
{
    FileFrameSource source({clip_, 0, false});
    FrameLog log(&source);
    QSignalSpy ended(&source, &FrameSource::endOfStream);
    QSignalSpy stopped(&source, &FrameSource::stopped);
    const qint64 before = monotonicNowMs();
    source.start();
    QVERIFY(source.isActive());
    QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, 10000);
    QCOMPARE(stopped.count(), 1);
    QVERIFY(!source.isActive());

    // 2 s at 25 fps: 50 frames, all of them.
    QCOMPARE(log.frames.size(), 50);
    for (const Frame &f : std::as_const(log.frames)) {
        QCOMPARE(f.size, QSize(640, 480));
        QCOMPARE(f.format, QImage::Format_RGB888);
    }
    // Timestamps: monotonic clock, in order, taken when the frame was produced.
    QVERIFY(log.frames.first().timestampMs >= before);
    for (int i = 1; i < log.frames.size(); ++i)
        QVERIFY(log.frames[i].timestampMs >= log.frames[i - 1].timestampMs);
    QVERIFY(log.frames.last().timestampMs <= log.frames.last().receivedMs);

    // Paced like a camera: frame 49 comes 49 x 40 ms = 1960 ms after frame 0 (a loaded CI machine may be late,
    // never early), and the typical gap is one frame period.
    const qint64 span = log.frames.last().timestampMs - log.frames.first().timestampMs;
    QVERIFY2(span >= 1940 && span <= 2600, qPrintable(QStringLiteral("span %1 ms").arg(span)));
    QList<qint64> gaps;
    for (int i = 1; i < log.frames.size(); ++i)
        gaps << log.frames[i].timestampMs - log.frames[i - 1].timestampMs;
    std::sort(gaps.begin(), gaps.end());
    const qint64 median = gaps.at(gaps.size() / 2);
    QVERIFY2(median >= 38 && median <= 44, qPrintable(QStringLiteral("median gap %1 ms").arg(median)));
}

void TestFileFrameSource::reportsStatusAndCapabilitiesBeforeStarting()
{
    FileFrameSource source({clip_, 0, false});
    QSignalSpy status(&source, &FrameSource::statusChanged);
    QTRY_VERIFY_WITH_TIMEOUT(!status.isEmpty(), 10000);
    QCOMPARE(toString(source.status().state), toString(DeviceState::Online));
    const DeviceCapabilities caps = source.capabilities();
    QCOMPARE(caps.real(Capability::FrameRate), 25.0);
    QCOMPARE(caps.integer(Capability::Width), 640);
    QCOMPARE(caps.integer(Capability::Height), 480);
    QCOMPARE(caps.integer(Capability::FrameCount), 50);
    QCOMPARE(source.port(), clip_);
}

void TestFileFrameSource::loops_whenAsked()
{
    FileFrameSource source({clip_, 0, true});
    FrameLog log(&source);
    QSignalSpy ended(&source, &FrameSource::endOfStream);
    source.start();
    QTRY_VERIFY_WITH_TIMEOUT(log.frames.size() >= 60, 10000); // past the end of the 50-frame clip
    QCOMPARE(ended.count(), 0);
    QVERIFY(source.isActive());
    // No jump at the seam: the gap across the loop is an ordinary frame gap.
    const qint64 seam = log.frames[50].timestampMs - log.frames[49].timestampMs;
    QVERIFY2(seam < 200, qPrintable(QString::number(seam)));
    source.stop();
}

void TestFileFrameSource::configuredRate_overridesTheFile()
{
    FileFrameSource source({clip_, 50, false});
    FrameLog log(&source);
    QSignalSpy ended(&source, &FrameSource::endOfStream);
    source.start();
    QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, 10000);
    QCOMPARE(log.frames.size(), 50);
    const qint64 span = log.frames.last().timestampMs - log.frames.first().timestampMs;
    QVERIFY2(span >= 960 && span <= 1500, qPrintable(QStringLiteral("span %1 ms").arg(span)));
}

void TestFileFrameSource::stop_isImmediateAndNoFrameFollows()
{
    FileFrameSource source({clip_, 0, true});
    FrameLog log(&source);
    QSignalSpy stopped(&source, &FrameSource::stopped);
    source.start();
    QTRY_VERIFY_WITH_TIMEOUT(log.frames.size() >= 5, 10000);
    QElapsedTimer t;
    t.start();
    source.stop();
    QVERIFY2(t.elapsed() < 50, qPrintable(QString::number(t.elapsed())));
    QCOMPARE(stopped.count(), 1);
    QVERIFY(!source.isActive());
    const int atStop = log.frames.size();
    QTest::qWait(300); // seven frame periods
    QCOMPARE(log.frames.size(), atStop);
    source.stop(); // stopping twice is harmless
    QCOMPARE(stopped.count(), 1);
}

void TestFileFrameSource::restart_beginsAgainFromTheFirstFrame()
{
    FileFrameSource source({clip_, 0, false});
    FrameLog log(&source);
    QSignalSpy ended(&source, &FrameSource::endOfStream);
    source.start();
    QTRY_VERIFY_WITH_TIMEOUT(log.frames.size() >= 10, 10000);
    source.stop();
    log.frames.clear();
    source.start();
    QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, 10000);
    QCOMPARE(log.frames.size(), 50); // the whole clip again, not the rest of it
}

void TestFileFrameSource::destroyingWhilePlaying_isBounded()
{
    auto source = std::make_unique<FileFrameSource>(FileFrameSourceConfig{clip_, 0, true});
    FrameLog log(source.get());
    source->start();
    QTRY_VERIFY_WITH_TIMEOUT(log.frames.size() >= 3, 10000);
    QElapsedTimer t;
    t.start();
    source.reset();
    QVERIFY2(t.elapsed() < 1000, qPrintable(QString::number(t.elapsed())));
}

void TestFileFrameSource::imageFolder_playsInNameOrder()
{
    const QString folder = dir_.filePath(QStringLiteral("frames"));
    QVERIFY(QDir().mkpath(folder));
    const QList<QColor> colours{Qt::red, Qt::green, Qt::blue, Qt::yellow};
    for (int i = 0; i < colours.size(); ++i) {
        QImage img(64, 48, QImage::Format_RGB32);
        img.fill(colours[i]);
        QVERIFY(img.save(QStringLiteral("%1/f%2.png").arg(folder).arg(i, 3, 10, QLatin1Char('0'))));
    }
    FileFrameSource source({folder, 100, false});
    QList<QRgb> seen;
    connect(&source, &FrameSource::frameReady, this, [&](const QImage &f, qint64) {
        QCOMPARE(f.format(), QImage::Format_RGB888);
        seen << f.pixel(10, 10);
    });
    QSignalSpy ended(&source, &FrameSource::endOfStream);
    source.start();
    QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, 10000);
    QCOMPARE(seen, (QList<QRgb>{qRgb(255, 0, 0), qRgb(0, 255, 0), qRgb(0, 0, 255), qRgb(255, 255, 0)}));
}

void TestFileFrameSource::missingFile_isNoDeviceAndNeverEmits()
{
    FileFrameSource source({dir_.filePath(QStringLiteral("nothing-here.mp4")), 0, false});
    FrameLog log(&source);
    QSignalSpy status(&source, &FrameSource::statusChanged);
    QTRY_VERIFY_WITH_TIMEOUT(!status.isEmpty(), 10000);
    QCOMPARE(toString(source.status().state), toString(DeviceState::NoDevice));
    QVERIFY(source.status().detail.contains(QLatin1String("nothing-here.mp4")));
    QVERIFY(!source.status().recoveryHint.isEmpty());
    source.start();
    QTRY_VERIFY_WITH_TIMEOUT(!source.isActive(), 5000);
    QTest::qWait(100);
    QVERIFY(log.frames.isEmpty());
}

void TestFileFrameSource::fileThatIsNotAVideo_isNoDevice()
{
    const QString junk = dir_.filePath(QStringLiteral("junk.mp4"));
    QFile f(junk);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QByteArray(4096, '\x5a'));
    f.close();
    FileFrameSource source({junk, 0, false});
    QSignalSpy status(&source, &FrameSource::statusChanged);
    QTRY_VERIFY_WITH_TIMEOUT(!status.isEmpty(), 10000);
    QCOMPARE(toString(source.status().state), toString(DeviceState::NoDevice));
    QFile::remove(junk);
}

void TestFileFrameSource::playing_writesNoFiles()
{
    // Face frames must never reach the disk: playing leaves the clip's folder and the working folder as they were.
    const QStringList clipFolder = listing(dir_.path());
    const QStringList workFolder = listing(QDir::currentPath());
    {
        FileFrameSource source({clip_, 0, false});
        FrameLog log(&source);
        QSignalSpy ended(&source, &FrameSource::endOfStream);
        source.start();
        QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, 10000);
        QCOMPARE(log.frames.size(), 50);
    }
    QCOMPARE(listing(dir_.path()), clipFolder);
    QCOMPARE(listing(QDir::currentPath()), workFolder);
}

void TestFileFrameSource::faceCamera_onAFileSource_passesItsSelfTestAndReportsStatus()
{
    FaceCamera camera(std::make_unique<FileFrameSource>(FileFrameSourceConfig{clip_, 0, true}));
    QVERIFY(camera.kind() == DeviceKind::FaceCamera);
    QTRY_COMPARE_WITH_TIMEOUT(toString(camera.status().state), toString(DeviceState::Online), 10000);
    QCOMPARE(camera.capabilities().flag(Capability::StoresFrames, true), false);
    QSignalSpy done(&camera, &Device::selfTestFinished);
    camera.selfTest();
    QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 10000);
    const auto r = done.at(0).at(0).value<SelfTestResult>();
    QVERIFY2(r.passed, qPrintable(r.summary));
    QCOMPARE(r.details.value(QStringLiteral("width")).toInt(), 640);
    QVERIFY(!camera.frameSource()->isActive()); // the self-test stops what it started
}

QTEST_MAIN(TestFileFrameSource)
#include "test_file_frame_source.moc"
