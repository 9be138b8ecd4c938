// Specification of the Qt Multimedia camera devices on a machine without a camera (this machine kind has none): the
// document camera, the live frame source and the face camera report NoDevice with a clear detail, fail their requests
// with the reason and never crash. Also the choice of camera format, on plain values.
#include <QCameraDevice>
#include <QMediaDevices>
#include <QSignalSpy>
#include <QTest>

#include <memory>

#include "drivers/camera/camera_format.h"
#include "drivers/camera/face_camera.h"
#include "drivers/camera/qt_camera_frame_source.h"
#include "drivers/scanner/document_camera.h"

using namespace kiosk::drivers;

Q_DECLARE_METATYPE(CameraFormatInfo)

// The no-camera behaviour can only be shown where there is no camera; the format choice runs everywhere.
#define SKIP_IF_CAMERA_PRESENT()                                                                                       \
    if (hasCamera_)                                                                                                    \
    QSKIP("this machine has a camera; the no-camera behaviour cannot be shown here")

namespace {
CameraFormatInfo fmt(int w, int h, float fps, bool mjpeg = false)
{
    CameraFormatInfo f;
    f.resolution = QSize(w, h);
    f.minFps = fps;
    f.maxFps = fps;
    f.compressed = mjpeg;
    return f;
}
} // namespace

class TestCameraAbsent : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void documentCamera_withoutCamera_isNoDeviceWithAClearDetail();
    void documentCamera_capture_failsWithTheReason();
    void documentCamera_selfTest_fails();
    void documentCamera_configuredIdMissing_namesTheId();
    void qtCameraFrameSource_withoutCamera_isNoDeviceAndDoesNotStart();
    void faceCamera_withoutCamera_isNoDeviceAndItsSelfTestFails();

    void largestFormat_prefersPixelsThenCompressionThenRate();
    void largestFormat_ofNothing_isNone();
    void formatNear_prefersClosestSizeFastEnough_data();
    void formatNear_prefersClosestSizeFastEnough();

private:
    bool hasCamera_ = false;
};

void TestCameraAbsent::initTestCase()
{
    hasCamera_ = !QMediaDevices::videoInputs().isEmpty();
}

void TestCameraAbsent::documentCamera_withoutCamera_isNoDeviceWithAClearDetail()
{
    SKIP_IF_CAMERA_PRESENT();
    DocumentCamera camera({});
    QSignalSpy status(&camera, &Device::statusChanged);
    QTRY_VERIFY_WITH_TIMEOUT(!status.isEmpty(), 10000);
    QVERIFY(camera.kind() == DeviceKind::DocumentCamera);
    QCOMPARE(toString(camera.status().state), toString(DeviceState::NoDevice));
    QVERIFY2(camera.status().detail.contains(QLatin1String("no camera")), qPrintable(camera.status().detail));
    QVERIFY(camera.status().detail.contains(QLatin1String("document camera")));
    QVERIFY(camera.status().recoveryHint.contains(QLatin1String("USB")));
    QVERIFY(!camera.status().usable());
}

void TestCameraAbsent::documentCamera_capture_failsWithTheReason()
{
    SKIP_IF_CAMERA_PRESENT();
    DocumentCamera camera({});
    QSignalSpy done(&camera, &DocumentCamera::captureFinished);
    const quint64 first = camera.capture();
    const quint64 second = camera.capture();
    QTRY_COMPARE_WITH_TIMEOUT(done.count(), 2, 10000);
    const auto a = done.at(0).at(0).value<CaptureResult>();
    const auto b = done.at(1).at(0).value<CaptureResult>();
    QCOMPARE(a.ticket, first);
    QCOMPARE(b.ticket, second);
    QVERIFY(!a.ok());
    QVERIFY(a.image.isNull());
    QVERIFY2(a.error.contains(QLatin1String("no camera")), qPrintable(a.error));
}

void TestCameraAbsent::documentCamera_selfTest_fails()
{
    SKIP_IF_CAMERA_PRESENT();
    DocumentCamera camera({});
    QSignalSpy done(&camera, &Device::selfTestFinished);
    QSignalSpy captures(&camera, &DocumentCamera::captureFinished);
    camera.selfTest();
    QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 10000);
    const auto r = done.at(0).at(0).value<SelfTestResult>();
    QVERIFY(!r.passed);
    QVERIFY(r.summary.contains(QLatin1String("no camera")));
    QCOMPARE(captures.count(), 0); // the self-test's capture is its own business
}

void TestCameraAbsent::documentCamera_configuredIdMissing_namesTheId()
{
    SKIP_IF_CAMERA_PRESENT();
    DocumentCameraConfig config;
    config.deviceId = "/dev/video7";
    DocumentCamera camera(config);
    QSignalSpy status(&camera, &Device::statusChanged);
    QTRY_VERIFY_WITH_TIMEOUT(!status.isEmpty(), 10000);
    QCOMPARE(toString(camera.status().state), toString(DeviceState::NoDevice));
    QCOMPARE(camera.port(), QStringLiteral("/dev/video7"));
}

void TestCameraAbsent::qtCameraFrameSource_withoutCamera_isNoDeviceAndDoesNotStart()
{
    SKIP_IF_CAMERA_PRESENT();
    QtCameraFrameSource source({});
    QSignalSpy status(&source, &FrameSource::statusChanged);
    QSignalSpy frames(&source, &FrameSource::frameReady);
    QTRY_VERIFY_WITH_TIMEOUT(!status.isEmpty(), 10000);
    QCOMPARE(toString(source.status().state), toString(DeviceState::NoDevice));
    QVERIFY(source.status().detail.contains(QLatin1String("face camera")));
    source.start();
    QVERIFY(!source.isActive());
    source.stop();
    QTest::qWait(200);
    QCOMPARE(frames.count(), 0);

    // Started before the first check has answered: it gives up as soon as it knows.
    QtCameraFrameSource early({});
    early.start();
    QTRY_VERIFY_WITH_TIMEOUT(toString(early.status().state) == toString(DeviceState::NoDevice), 10000);
    QVERIFY(!early.isActive());
}

void TestCameraAbsent::faceCamera_withoutCamera_isNoDeviceAndItsSelfTestFails()
{
    SKIP_IF_CAMERA_PRESENT();
    FaceCamera camera(std::make_unique<QtCameraFrameSource>(QtCameraFrameSourceConfig{}));
    QSignalSpy status(&camera, &Device::statusChanged);
    QTRY_VERIFY_WITH_TIMEOUT(!status.isEmpty(), 10000);
    QVERIFY(camera.kind() == DeviceKind::FaceCamera);
    QCOMPARE(toString(camera.status().state), toString(DeviceState::NoDevice));
    QSignalSpy done(&camera, &Device::selfTestFinished);
    camera.selfTest();
    QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 10000);
    QVERIFY(!done.at(0).at(0).value<SelfTestResult>().passed);
}

void TestCameraAbsent::largestFormat_prefersPixelsThenCompressionThenRate()
{
    const QList<CameraFormatInfo> formats{fmt(640, 480, 30), fmt(3264, 2448, 5), fmt(3264, 2448, 15, true),
                                          fmt(1920, 1080, 30, true), fmt(3264, 2448, 10, true)};
    QCOMPARE(chooseLargestFormat(formats), 2);
}

void TestCameraAbsent::largestFormat_ofNothing_isNone()
{
    QCOMPARE(chooseLargestFormat({}), -1);
    QCOMPARE(chooseFormatNear({}, QSize(640, 480), 15), -1);
}

void TestCameraAbsent::formatNear_prefersClosestSizeFastEnough_data()
{
    QTest::addColumn<QList<CameraFormatInfo>>("formats");
    QTest::addColumn<int>("expected");
    QTest::newRow("exact size") << QList<CameraFormatInfo>{fmt(1280, 720, 30), fmt(640, 480, 30), fmt(320, 240, 30)}
                                << 1;
    QTest::newRow("exact size too slow, next closest")
        << QList<CameraFormatInfo>{fmt(640, 480, 5), fmt(800, 600, 30), fmt(1920, 1080, 30)} << 1;
    QTest::newRow("nothing fast enough: closest anyway")
        << QList<CameraFormatInfo>{fmt(1920, 1080, 5), fmt(640, 480, 10)} << 1;
    QTest::newRow("same size: faster") << QList<CameraFormatInfo>{fmt(640, 480, 15), fmt(640, 480, 30)} << 1;
}

void TestCameraAbsent::formatNear_prefersClosestSizeFastEnough()
{
    QFETCH(QList<CameraFormatInfo>, formats);
    QFETCH(int, expected);
    QCOMPARE(chooseFormatNear(formats, QSize(640, 480), 15), expected);
}

QTEST_MAIN(TestCameraAbsent)
#include "test_camera_absent.moc"
