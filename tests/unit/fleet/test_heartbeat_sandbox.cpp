// The heartbeat against the real platform-sandbox process over mutual TLS with the demo PKI: the body is accepted and
// stored, commands queued at the control endpoint arrive once each as signals (an unknown one is ignored), and a signed
// self-test report rides along and verifies with the kiosk's certificate.
#include <QSignalSpy>
#include <QTest>

#include "app/fleet/heartbeat_service.h"
#include "app/fleet/selftest_report.h"
#include "integration/sandbox/sandbox_harness.h"
#include "offline_queue/curl_platform_client.h"

using namespace kiosk;
using namespace kiosk::test;

namespace {

class ManualTimer final : public app::HeartbeatTimer
{
public:
    void start(qint64, std::function<void()>) override {}
    void stop() override {}
};

} // namespace

class TestHeartbeatSandbox : public QObject
{
    Q_OBJECT

    QTemporaryDir pki_;
    SandboxProcess sandbox_;

private slots:
    void initTestCase()
    {
        if (!QFile::exists(QStringLiteral(KIOSK_SANDBOX_BINARY)))
            QSKIP("platform-sandbox is not built");
        QVERIFY(pki_.isValid());
        const QString pkiError = makeDemoPki(pki_.path());
        QVERIFY2(pkiError.isEmpty(), qPrintable(pkiError));
        const QString error = sandbox_.start(pki_.path());
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void heartbeat_deliversCommandsOnce_andCarriesASignedSelftest()
    {
        for (const char *name : {"refresh_catalogue", "sync_now", "send_selftest", "reboot_now"}) {
            const Response r = sandbox_.control("POST", "/control/commands",
                                                QJsonObject{{QStringLiteral("name"), QString::fromLatin1(name)}});
            QVERIFY2(r.status == 201, qPrintable(r.describe()));
        }

        app::HeartbeatSettings s;
        s.kioskId = QStringLiteral("GD-DEV-0001");
        s.appVersion = QStringLiteral("0.1.0-test");
        app::HeartbeatProviders p;
        p.devices = [] {
            return QList<app::DeviceReport>{{QStringLiteral("idcard"), QStringLiteral("ready"), QStringLiteral("ok")}};
        };
        p.queue = [] { return app::QueueFigures{2, 0, 30}; };
        const queue::PlatformClientConfig config = sandbox_.clientConfig();
        app::HeartbeatService service(s, p, [config] { return std::make_unique<queue::CurlPlatformClient>(config); });
        service.setTimer(std::make_unique<ManualTimer>());
        QSignalSpy refresh(&service, &app::HeartbeatService::refreshCatalogueRequested);
        QSignalSpy sync(&service, &app::HeartbeatService::syncNowRequested);
        QSignalSpy selftest(&service, &app::HeartbeatService::selftestRequested);
        QSignalSpy any(&service, &app::HeartbeatService::commandReceived);
        QSignalSpy finished(&service, &app::HeartbeatService::heartbeatFinished);
        QVERIFY(service.start());
        QVERIFY(QTest::qWaitFor([&] { return finished.size() >= 1; }, 15000));
        QVERIFY2(finished[0][0].toBool(), qPrintable(finished[0][1].toString()));
        QCOMPARE(refresh.size(), 1);
        QCOMPARE(sync.size(), 1);
        QCOMPARE(selftest.size(), 1);
        QCOMPARE(any.size(), 3); // reboot_now ignored
        QCOMPARE(service.stats().ignored, 1);

        QJsonObject stored = sandbox_.storedHeartbeat();
        QCOMPARE(stored.value(QLatin1String("heartbeat")).toObject().value(QLatin1String("app_version")).toString(),
                 QStringLiteral("0.1.0-test"));

        // The platform asked for a self-test: the signed report goes with the next heartbeat; no command repeats.
        app::SelftestReport report;
        report.kioskId = s.kioskId;
        report.appVersion = s.appVersion;
        report.checks = {{QStringLiteral("idcard"), true, QStringLiteral("ok")}};
        const QJsonObject signedReport =
            app::signSelftestReport(report.toJson(), readFile(pki_.filePath(QStringLiteral("kiosk.key"))));
        QVERIFY(!signedReport.isEmpty());
        service.attachSelftest(signedReport);
        QVERIFY(QTest::qWaitFor([&] { return finished.size() >= 2; }, 15000));
        QVERIFY2(finished[1][0].toBool(), qPrintable(finished[1][1].toString()));
        QCOMPARE(any.size(), 3);
        stored = sandbox_.storedHeartbeat();
        const QJsonObject carried =
            stored.value(QLatin1String("heartbeat")).toObject().value(QLatin1String("selftest")).toObject();
        QString why;
        QVERIFY2(app::verifySelftestReport(carried, readFile(pki_.filePath(QStringLiteral("kiosk.crt"))), &why),
                 qPrintable(why));
        QVERIFY(service.stop());
    }

    void cleanupTestCase() { sandbox_.stop(); }
};

QTEST_GUILESS_MAIN(TestHeartbeatSandbox)
#include "test_heartbeat_sandbox.moc"
