// The remote self-test (the send_selftest command): every configured device is tested once and the report is signed
// with the kiosk key; a failing device and a silent one show as failed; the A4 printer is reported from its status and
// never prints on a remote request; nothing runs while a citizen is served; a repeated request is folded in; an
// unusable key gives a clear failure and no report; the document camera whose live view is running is reported busy,
// not opened a second time.
#include <QJsonArray>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include "app/fleet/selftest_runner.h"
#include "drivers/device_manager.h"
#include "drivers/scanner/document_camera.h"
#include "test_keys.h"
#include "unit/materials/simulated_frames.h"

using namespace kiosk;
using drivers::DeviceKind;
using drivers::DeviceState;
using drivers::DeviceStatus;

namespace {

enum class Answer { Pass, Fail, Silent };

class FakeDevice : public drivers::Device
{
public:
    FakeDevice(DeviceKind kind, Answer answer, QObject *parent) : Device(parent), kind_(kind), answer_(answer) {}
    DeviceKind kind() const override { return kind_; }
    QString model() const override { return QStringLiteral("fake"); }
    QString port() const override { return QStringLiteral("/dev/fake"); }
    kiosk::drivers::DeviceCapabilities capabilities() const override { return {}; }
    DeviceStatus status() const override { return {DeviceState::Online, QStringLiteral("ready"), {}}; }
    void selfTest() override
    {
        ++selfTests;
        if (answer_ == Answer::Silent)
            return;
        // Answered later, from the event loop, as the real devices' worker threads do.
        QTimer::singleShot(10, this, [this] {
            emit selfTestFinished({answer_ == Answer::Pass,
                                   answer_ == Answer::Pass ? QStringLiteral("ok") : QStringLiteral("paper out"),
                                   {}});
        });
    }
    int selfTests = 0;

private:
    DeviceKind kind_;
    Answer answer_;
};

} // namespace

class TestSelftestRunner : public QObject
{
    Q_OBJECT

    QTemporaryDir dir_;
    test::KeyPair key_ = test::makeKey(true);
    QString keyFile_;

    struct Kiosk {
        drivers::DeviceManager devices;
        QHash<DeviceKind, FakeDevice *> fakes;
    };

    std::unique_ptr<Kiosk> makeKiosk(const QHash<DeviceKind, Answer> &answers)
    {
        auto k = std::make_unique<Kiosk>();
        QList<drivers::DeviceSpec> specs;
        for (auto it = answers.begin(); it != answers.end(); ++it) {
            const DeviceKind kind = it.key();
            const Answer answer = it.value();
            Kiosk *raw = k.get();
            k->devices.setFactory(kind, [raw, kind, answer](const drivers::DeviceSpec &, QObject *parent) {
                auto *d = new FakeDevice(kind, answer, parent);
                raw->fakes.insert(kind, d);
                return d;
            });
            drivers::DeviceSpec s;
            s.kind = kind;
            specs.append(s);
        }
        k->devices.build(specs);
        return k;
    }

    app::SelftestRunnerSettings settings(int timeoutMs = 5000) const
    {
        app::SelftestRunnerSettings s;
        s.kioskId = QStringLiteral("GD-DEV-0001");
        s.appVersion = QStringLiteral("0.1.0-test");
        s.kioskKeyFile = keyFile_;
        s.deviceTimeoutMs = timeoutMs;
        s.retryMs = 50;
        return s;
    }

    static QJsonObject check(const QJsonObject &report, const QString &name)
    {
        for (const QJsonValue v : report.value(QLatin1String("checks")).toArray()) {
            if (v.toObject().value(QLatin1String("name")).toString() == name)
                return v.toObject();
        }
        return {};
    }

private slots:
    void initTestCase()
    {
        QVERIFY(dir_.isValid());
        keyFile_ = dir_.filePath(QStringLiteral("kiosk.key"));
        QFile f(keyFile_);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(key_.privatePem);
    }

    void run_testsEveryDeviceOnce_andSignsTheReport()
    {
        auto k = makeKiosk({{DeviceKind::IdCardReader, Answer::Pass},
                            {DeviceKind::ReceiptPrinter, Answer::Fail},
                            {DeviceKind::DocumentPrinter, Answer::Pass}});
        app::SelftestRunner runner(&k->devices, settings());
        runner.setExtraChecks([] {
            return QList<app::SelftestCheck>{{QStringLiteral("queue_database"), true, QStringLiteral("open")}};
        });
        QSignalSpy ready(&runner, &app::SelftestRunner::reportReady);
        runner.run();
        runner.run(); // folded into the run under way
        QVERIFY(ready.wait(5000));
        QTest::qWait(100);
        QCOMPARE(ready.size(), 1);
        QVERIFY(!runner.isRunning());

        const QJsonObject report = ready.first().first().toJsonObject();
        QString why;
        QVERIFY2(app::verifySelftestReport(report, key_.publicPem, &why), qPrintable(why));
        QCOMPARE(report.value("kiosk_id").toString(), QStringLiteral("GD-DEV-0001"));
        QCOMPARE(report.value("app_version").toString(), QStringLiteral("0.1.0-test"));
        QCOMPARE(report.value("checks").toArray().size(), 4);
        QCOMPARE(check(report, "idcard_reader").value("passed").toBool(), true);
        QCOMPARE(check(report, "receipt_printer").value("passed").toBool(), false);
        QCOMPARE(check(report, "receipt_printer").value("detail").toString(), QStringLiteral("paper out"));
        QCOMPARE(check(report, "queue_database").value("passed").toBool(), true);
        QCOMPARE(report.value("failed").toArray().size(), 1);

        QCOMPARE(k->fakes[DeviceKind::IdCardReader]->selfTests, 1);
        QCOMPARE(k->fakes[DeviceKind::ReceiptPrinter]->selfTests, 1);
        // The A4 printer would print a page in an unattended station: reported from its status instead.
        QCOMPARE(k->fakes[DeviceKind::DocumentPrinter]->selfTests, 0);
        const QJsonObject a4 = check(report, "document_printer");
        QCOMPARE(a4.value("passed").toBool(), true);
        QVERIFY2(a4.value("detail").toString().contains("only at the kiosk"),
                 qPrintable(a4.value("detail").toString()));
    }

    void run_whileAVisitsLiveViewHasTheDocumentCamera_reportsItBusyWithoutOpeningItAgain()
    {
        drivers::DeviceManager devices;
        test::SimulatedFrames *frames = nullptr;
        drivers::DocumentCamera *camera = nullptr;
        devices.setFactory(DeviceKind::DocumentCamera, [&](const drivers::DeviceSpec &, QObject *parent) {
            drivers::DocumentCameraConfig c;
            c.deviceId = "/dev/video-selftest-test";
            camera = new drivers::DocumentCamera(c, parent);
            auto live = std::make_unique<test::SimulatedFrames>();
            frames = live.get();
            camera->setPreviewSource(std::move(live));
            return camera;
        });
        drivers::DeviceSpec spec;
        spec.kind = DeviceKind::DocumentCamera;
        devices.build({spec});
        QVERIFY(camera && frames);
        camera->previewSource()->start(); // a visit's materials screen (the fleet run itself waits for idle)
        QTRY_VERIFY_WITH_TIMEOUT(frames->isActive(), 5000);

        app::SelftestRunner runner(&devices, settings());
        QSignalSpy ready(&runner, &app::SelftestRunner::reportReady);
        runner.run();
        QVERIFY(ready.wait(5000));
        const QJsonObject doc = check(ready.first().first().toJsonObject(), QStringLiteral("document_camera"));
        QVERIFY2(doc.value("detail").toString().contains(QLatin1String("busy")),
                 qPrintable(doc.value("detail").toString()));
        QVERIFY(!doc.value("detail").toString().contains(QLatin1String("no camera"))); // the device was not tried
        QVERIFY(frames->isActive());
    }

    void run_aSilentDevice_isReportedFailedAfterTheTimeout()
    {
        auto k = makeKiosk({{DeviceKind::IdCardReader, Answer::Pass}, {DeviceKind::CodeScanner, Answer::Silent}});
        app::SelftestRunner runner(&k->devices, settings(300));
        QSignalSpy ready(&runner, &app::SelftestRunner::reportReady);
        runner.run();
        QVERIFY(ready.wait(5000));
        const QJsonObject report = ready.first().first().toJsonObject();
        QCOMPARE(check(report, "idcard_reader").value("passed").toBool(), true);
        QCOMPARE(check(report, "code_scanner").value("passed").toBool(), false);
        QVERIFY(check(report, "code_scanner").value("detail").toString().contains("no self-test answer"));
    }

    void run_waitsWhileACitizenIsServed()
    {
        auto k = makeKiosk({{DeviceKind::IdCardReader, Answer::Pass}});
        app::SelftestRunner runner(&k->devices, settings());
        bool visit = true;
        runner.setCanRunNow([&visit] { return !visit; });
        QSignalSpy ready(&runner, &app::SelftestRunner::reportReady);
        runner.run();
        QTest::qWait(300); // several retries
        QVERIFY(runner.isRunning());
        QCOMPARE(ready.size(), 0);
        QCOMPARE(k->fakes[DeviceKind::IdCardReader]->selfTests, 0);
        visit = false;
        QVERIFY(ready.wait(5000));
        QCOMPARE(k->fakes[DeviceKind::IdCardReader]->selfTests, 1);
    }

    void run_withAnUnusableKey_failsWithoutAReport()
    {
        auto k = makeKiosk({{DeviceKind::IdCardReader, Answer::Pass}});
        app::SelftestRunnerSettings s = settings();
        s.kioskKeyFile = dir_.filePath(QStringLiteral("missing.key"));
        app::SelftestRunner runner(&k->devices, s);
        QSignalSpy ready(&runner, &app::SelftestRunner::reportReady);
        QSignalSpy failed(&runner, &app::SelftestRunner::failed);
        runner.run();
        QVERIFY(failed.wait(5000));
        QVERIFY(failed.first().first().toString().contains("missing.key"));
        QCOMPARE(ready.size(), 0);

        const QString rsa = dir_.filePath(QStringLiteral("rsa.key"));
        QFile f(rsa);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(test::makeKey(false).privatePem);
        f.close();
        s.kioskKeyFile = rsa;
        app::SelftestRunner rsaRunner(&k->devices, s);
        QSignalSpy rsaFailed(&rsaRunner, &app::SelftestRunner::failed);
        rsaRunner.run();
        QVERIFY(rsaFailed.wait(5000));
        QVERIFY(rsaFailed.first().first().toString().contains("P-256"));
    }
};

QTEST_GUILESS_MAIN(TestSelftestRunner)
#include "test_selftest_runner.moc"
