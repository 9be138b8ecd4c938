// The catalogue against platform-sandbox as a separate process: a first boot loads the bundled sample and fetches the
// platform's catalogue; a repeat is answered 304 by ETag; a change published on the platform (an item added, one
// removed) arrives as a delta and is merged; a restart without the platform starts from the cached copy.
#include <QSignalSpy>
#include <QTest>

#include "app/catalogue/catalogue_refresh.h"
#include "app/catalogue/catalogue_service.h"
#include "app/platform/platform_service.h"
#include "integration/sandbox/sandbox_harness.h"
#include "offline_queue/sync_engine.h"

using namespace kiosk;

class TestCatalogueRefresh : public QObject
{
    Q_OBJECT

    QTemporaryDir tmp_;
    QString pki_;
    test::SandboxProcess sandbox_;

    queue::PlatformClientConfig clientConfig(const QString &url) const
    {
        queue::PlatformClientConfig c;
        c.baseUrl = url;
        c.kioskId = QStringLiteral("GD-DEV-0001");
        c.clientCertFile = pki_ + QStringLiteral("/kiosk.crt");
        c.clientKeyFile = pki_ + QStringLiteral("/kiosk.key");
        c.caFile = pki_ + QStringLiteral("/ca.crt");
        const QString pins = QString::fromUtf8(test::readFile(pki_ + QStringLiteral("/pins.txt")));
        for (const QString &l : pins.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
            c.pins << l.trimmed();
        c.connectTimeoutMs = 2000;
        c.requestTimeoutMs = 5000;
        return c;
    }

private slots:
    // Every flow conforms to platform-api.md as the sandbox's own checker reads it.
    void cleanup()
    {
        const QString deviations = sandbox_.newDeviations();
        QVERIFY2(deviations.isEmpty(), qPrintable(deviations));
    }

    void initTestCase()
    {
        QVERIFY(tmp_.isValid());
        pki_ = tmp_.filePath(QStringLiteral("pki"));
        QString why = test::makeDemoPki(pki_);
        QVERIFY2(why.isEmpty(), qPrintable(why));
        why = sandbox_.start(pki_);
        QVERIFY2(why.isEmpty(), qPrintable(why));
    }

    void refresh_fullThenNotModifiedThenDelta_andOfflineFromTheCache()
    {
        const QString cache = tmp_.filePath(QStringLiteral("catalogue.sqlite"));
        const QString bundled = qEnvironmentVariable("KIOSK_SOURCE_DIR") + "/resources/catalogue/catalogue.json";
        {
            app::PlatformService platform(clientConfig(QStringLiteral("https://localhost:%1").arg(sandbox_.port())));
            platform.start(600000);
            app::CatalogueService service;
            app::CatalogueRefresher refresher(&service, &platform, cache, bundled);
            QSignalSpy refreshed(&refresher, &app::CatalogueRefresher::refreshed);
            refresher.start();
            QVERIFY(refreshed.wait(15000));
            QVERIFY(refreshed.last().at(1).toBool()); // the first answer is a whole catalogue
            const qint64 v1 = refreshed.last().at(0).toLongLong();
            QTRY_VERIFY_WITH_TIMEOUT(service.catalogue() && service.catalogue()->version() == v1, 10000);
            const int itemsBefore = service.catalogue()->items().size();

            refresher.refreshNow();
            QVERIFY(refreshed.wait(15000));
            QVERIFY(!refreshed.last().at(1).toBool()); // 304: nothing new

            // The platform publishes a new item and withdraws one.
            const QString gone = service.catalogue()->items().first().code;
            QJsonObject added =
                QJsonDocument::fromJson(test::readFile(bundled)).object().value("items").toArray().at(1).toObject();
            added.insert("code", QStringLiteral("GD-TEST-999"));
            const test::Response r = sandbox_.control(
                "POST", "/control/catalogue", QJsonObject{{"upsert", QJsonArray{added}}, {"remove", QJsonArray{gone}}});
            QVERIFY2(r.status == 200, qPrintable(r.describe()));
            refresher.refreshNow();
            QVERIFY(refreshed.wait(15000));
            QVERIFY(refreshed.last().at(1).toBool());
            QTRY_VERIFY_WITH_TIMEOUT(service.catalogue()->item(QStringLiteral("GD-TEST-999")) != nullptr, 10000);
            QVERIFY(!service.catalogue()->item(gone));
            QCOMPARE(service.catalogue()->items().size(), itemsBefore);
            platform.stop();
        }
        // No platform (not configured): the kiosk starts from its cached copy, with the change in it.
        app::PlatformService offline;
        app::CatalogueService service;
        app::CatalogueRefresher refresher(&service, &offline, cache, bundled);
        QSignalSpy ready(&service, &app::CatalogueService::ready);
        refresher.start();
        QVERIFY(ready.wait(10000));
        QVERIFY(service.catalogue()->item(QStringLiteral("GD-TEST-999")) != nullptr);
    }
};

QTEST_MAIN(TestCatalogueRefresh)
#include "test_catalogue_refresh.moc"
