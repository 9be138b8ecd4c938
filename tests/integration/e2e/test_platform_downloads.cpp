// Downloads have their own worker (issue 15): a self-print PDF that takes minutes to arrive (up to the 600 s transfer
// timeout) no longer runs on the interactive platform thread, where it held up the next citizen's 粤省事 QR check;
// and a download can be cancelled (a visit's end does it). Against platform-sandbox, its latency fault switch holding
// the documents endpoint.
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

#include "app/platform/platform_service.h"
#include "integration/sandbox/sandbox_harness.h"
#include "offline_queue/curl_platform_client.h"

using namespace kiosk;

class TestPlatformDownloads : public QObject
{
    Q_OBJECT

    QTemporaryDir pki_;
    test::SandboxProcess sandbox_;

private slots:
    void initTestCase()
    {
        QVERIFY(pki_.isValid());
        const QString why = sandbox_.startWithDemoPki(pki_.path());
        QVERIFY2(why.isEmpty(), qPrintable(why));
    }

    void aSlowDownload_doesNotDelayAQrCheck_andCanBeCancelled()
    {
        constexpr int kHeldMs = 8000;
        const QJsonObject slow{{QStringLiteral("endpoint"), QStringLiteral("documents")},
                               {QStringLiteral("latency_ms"), kHeldMs}};
        QCOMPARE(sandbox_.setFaults(QJsonArray{slow}).status, 200);
        app::PlatformService platform(sandbox_.clientConfig());
        platform.start(60'000);
        QTRY_VERIFY_WITH_TIMEOUT(platform.isOnline(), 10000); // the first key fetch went through

        std::optional<app::CallResult<QByteArray>> download;
        QElapsedTimer sinceDownload;
        sinceDownload.start();
        platform.fetchDocument(QStringLiteral("doc-1"), QStringLiteral("a-token"), &platform,
                               [&download](const app::CallResult<QByteArray> &r) { download = r; });
        QTest::qWait(500); // the download is on the wire, held by the sandbox

        std::optional<app::CallResult<app::QrIdentity>> qr;
        qint64 qrMs = -1;
        QElapsedTimer sinceQr;
        sinceQr.start();
        platform.verifyQr(QStringLiteral("not-a-real-code"), &platform, [&](const app::CallResult<app::QrIdentity> &r) {
            qr = r;
            qrMs = sinceQr.elapsed();
        });
        QTRY_VERIFY_WITH_TIMEOUT(qr.has_value(), 15000);
        QVERIFY2(qrMs < 3000, qPrintable(QStringLiteral("the QR check waited %1 ms").arg(qrMs)));
        QVERIFY2(qr->problem != app::CallProblem::Offline, qPrintable(qr->detail)); // the platform answered it
        QVERIFY(!download.has_value());                                             // still downloading

        platform.cancelDownloads();
        QTRY_VERIFY_WITH_TIMEOUT(download.has_value(), 5000);
        QVERIFY2(sinceDownload.elapsed() < kHeldMs, qPrintable(QString::number(sinceDownload.elapsed())));
        QCOMPARE(app::toString(download->problem), app::toString(app::CallProblem::Offline));
        QVERIFY(platform.isOnline()); // a cancel is not an outage

        // The next download is not affected by the earlier cancel.
        QCOMPARE(sandbox_.setFaults(QJsonArray{}).status, 200);
        std::optional<app::CallResult<QByteArray>> next;
        platform.fetchDocument(QStringLiteral("doc-1"), QStringLiteral("a-token"), &platform,
                               [&next](const app::CallResult<QByteArray> &r) { next = r; });
        QTRY_VERIFY_WITH_TIMEOUT(next.has_value(), 10000);
        QVERIFY2(next->problem != app::CallProblem::Offline, qPrintable(next->detail)); // answered (401: no token)
        platform.stop();
    }

    void cleanupTestCase() { sandbox_.stop(); }
};

QTEST_MAIN(TestPlatformDownloads)
#include "test_platform_downloads.moc"
