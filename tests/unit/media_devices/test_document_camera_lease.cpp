// Specification of the document camera's single owner: the live view (a simulated frame source standing in for the
// UVC stream) and the stills (capture, the self-test of the maintenance menu and of the fleet's send_selftest) never
// have the device at the same time. While the live view runs, the self-test answers "busy" without asking the stills'
// worker to open anything; the live view's source starts only after the stills have let go, and gives the device back
// when it stops.
#include <QCameraDevice>
#include <QMediaDevices>
#include <QSignalSpy>
#include <QTest>

#include <memory>

#include "drivers/scanner/document_camera.h"
#include "unit/materials/simulated_frames.h"

using namespace kiosk::drivers;
using kiosk::test::SimulatedFrames;

class TestDocumentCameraLease : public QObject
{
    Q_OBJECT

    struct Rig {
        std::unique_ptr<DocumentCamera> camera;
        SimulatedFrames *frames = nullptr; // owned by the camera
        FrameSource *liveView = nullptr;   // what the capture service is given
    };
    static Rig makeRig()
    {
        Rig r;
        DocumentCameraConfig config;
        config.deviceId = "/dev/video-lease-test"; // never present: a still attempted would fail with "no camera"
        r.camera = std::make_unique<DocumentCamera>(config);
        auto frames = std::make_unique<SimulatedFrames>();
        r.frames = frames.get();
        r.camera->setPreviewSource(std::move(frames));
        r.liveView = r.camera->previewSource();
        return r;
    }
    static SelfTestResult selfTestOf(DocumentCamera &camera)
    {
        QSignalSpy done(&camera, &Device::selfTestFinished);
        camera.selfTest();
        if (!done.wait(10000))
            return {false, QStringLiteral("no answer"), {}};
        return done.first().first().value<SelfTestResult>();
    }

private slots:
    void liveViewRunning_selfTestAnswersBusy_andNoStillIsAttempted()
    {
        Rig r = makeRig();
        QVERIFY(r.liveView && r.liveView != r.frames); // the source is behind the camera's lease
        r.liveView->start();
        QTRY_VERIFY_WITH_TIMEOUT(r.frames->isActive(), 5000);
        QCOMPARE(r.frames->starts, 1);
        QVERIFY(r.camera->owner() == DocumentCamera::Owner::LiveView);
        QVERIFY(r.liveView->isActive());

        // The frames reach whoever watches the live view.
        QSignalSpy frames(r.liveView, &FrameSource::frameReady);
        QImage frame(64, 48, QImage::Format_RGB888);
        frame.fill(Qt::white);
        r.frames->push(frame);
        QCOMPARE(frames.count(), 1);

        const SelfTestResult busy = selfTestOf(*r.camera);
        QVERIFY(!busy.passed);
        QVERIFY(busy.details.value(QStringLiteral("busy")).toBool());
        QVERIFY2(busy.summary.contains(QLatin1String("busy")), qPrintable(busy.summary));
        // Had the stills' worker been asked, it would have tried the device and failed with the lookup's reason.
        QVERIFY2(!busy.summary.contains(QLatin1String("no camera")), qPrintable(busy.summary));
        QVERIFY(r.frames->isActive()); // the live view goes on undisturbed

        // A still asked for meanwhile is refused the same way (the capture service turns it into "device busy").
        QSignalSpy captured(r.camera.get(), &DocumentCamera::captureFinished);
        const quint64 ticket = r.camera->capture();
        QVERIFY(captured.wait(5000));
        const auto result = captured.first().first().value<CaptureResult>();
        QCOMPARE(result.ticket, ticket);
        QVERIFY(result.busy);
        QVERIFY(result.image.isNull());
    }

    void stoppingTheLiveView_givesTheDeviceBackToTheSelfTest()
    {
        Rig r = makeRig();
        r.liveView->start();
        QTRY_VERIFY_WITH_TIMEOUT(r.frames->isActive(), 5000);
        r.liveView->stop();
        QVERIFY(!r.frames->isActive());
        QVERIFY(!r.liveView->isActive());
        QVERIFY(r.camera->owner() == DocumentCamera::Owner::Stills);
        const SelfTestResult after = selfTestOf(*r.camera);
        QVERIFY2(!after.details.contains(QStringLiteral("busy")), qPrintable(after.summary));
        QVERIFY(!after.summary.contains(QLatin1String("busy")));
        if (QMediaDevices::videoInputs().isEmpty()) // here: the stills really went to the device and found none
            QVERIFY2(after.summary.contains(QLatin1String("no camera")), qPrintable(after.summary));
    }

    void liveViewAskedWhileAStillIsUnderWay_startsOnlyAfterTheStillIsDone()
    {
        Rig r = makeRig();
        int startsWhenTheStillAnswered = -1;
        connect(r.camera.get(), &DocumentCamera::captureFinished, this,
                [&](const CaptureResult &) { startsWhenTheStillAnswered = r.frames->starts; });
        r.camera->capture();             // queued on the camera's thread first
        r.liveView->start();             // asks for the device behind it
        QVERIFY(r.liveView->isActive()); // waiting counts as active: the screen shows "starting"
        QTRY_VERIFY_WITH_TIMEOUT(r.frames->isActive(), 5000);
        QCOMPARE(startsWhenTheStillAnswered, 0); // the still was answered before the live source was started
    }

    void liveViewStoppedBeforeTheHandover_neverStartsTheSource()
    {
        Rig r = makeRig();
        r.liveView->start();
        r.liveView->stop(); // before the camera's thread has answered
        QVERIFY(r.camera->owner() == DocumentCamera::Owner::Stills);
        QTest::qWait(300);
        QCOMPARE(r.frames->starts, 0);
        QVERIFY(!r.frames->isActive());
        const SelfTestResult after = selfTestOf(*r.camera);
        QVERIFY2(!after.details.contains(QStringLiteral("busy")), qPrintable(after.summary));
    }
};

QTEST_MAIN(TestDocumentCameraLease)
#include "test_document_camera_lease.moc"
