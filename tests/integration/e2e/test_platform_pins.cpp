// Pinning fails closed, end to end (issue 15): a kiosk composed by app::KioskServices as app/main.cpp composes it,
// with a platform URL and a pins file that is missing, unreadable or malformed, sends the platform nothing (not even
// a heartbeat), is out of service with the reason for staff, and answers the menu's network check with that reason.
// Once the pins are fixed, its first heartbeat tells the platform what happened (the "platform_pins" alert, resolved).
// A 409 from the audit anchor (the platform holds a later head than the kiosk: its chain was cut or rolled back) is
// an alert in the heartbeat too, not only a log line.
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include "app/audit/audit_anchor_service.h"
#include "app/composition/kiosk_services.h"
#include "app/config/kiosk_config.h"
#include "app/fleet/kiosk_alerts.h"
#include "app/platform/platform_service.h"
#include "app/session/service_availability.h"
#include "integration/sandbox/sandbox_harness.h"
#include "offline_queue/curl_platform_client.h"

using namespace kiosk;

class TestPlatformPins : public QObject
{
    Q_OBJECT

    QTemporaryDir tmp_;
    QString pki_;
    test::SandboxProcess sandbox_;

    std::unique_ptr<app::KioskServices> compose(const QString &name, const QString &dataDir, const QString &pinsFile)
    {
        const QString conf = tmp_.filePath(name + QStringLiteral(".conf"));
        QFile f(conf);
        if (!f.open(QIODevice::WriteOnly))
            return nullptr;
        f.write(QStringLiteral("[kiosk]\nid=GD-DEV-0001\ndata_dir=%1\n[voice]\nengine=none\n"
                               "[devices]\nidcard_reader.enabled=false\nreceipt_printer.enabled=false\n"
                               "code_scanner.enabled=false\ndocument_printer.enabled=false\n"
                               "document_scanner.enabled=false\ndocument_camera.enabled=false\n"
                               "face_camera.enabled=false\n"
                               "[platform]\nurl=https://localhost:%2\nca_file=%3/ca.crt\nclient_cert=%3/kiosk.crt\n"
                               "client_key=%3/kiosk.key\npins_file=%4\n")
                    .arg(dataDir)
                    .arg(sandbox_.port())
                    .arg(pki_, pinsFile)
                    .toUtf8());
        f.close();
        const app::KioskConfig config = app::KioskConfig::load(conf);
        app::KioskServicesOptions options;
        options.platformProbeIntervalMs = 300;
        options.loadFaceModelsInBackground = false;
        return std::make_unique<app::KioskServices>(conf, config, options);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(tmp_.isValid());
        pki_ = tmp_.filePath(QStringLiteral("pki"));
        const QString why = sandbox_.startWithDemoPki(pki_);
        QVERIFY2(why.isEmpty(), qPrintable(why));
    }

    void unusablePins_refuseThePlatform_andTheFixIsReportedInTheHeartbeat_data()
    {
        QTest::addColumn<QString>("pins"); // "<missing>", "<folder>" or the file's content
        QTest::newRow("missing") << QStringLiteral("<missing>");
        QTest::newRow("unreadable (a folder)") << QStringLiteral("<folder>");
        const QString good = QString::fromLatin1(test::readFile(pki_ + QStringLiteral("/pins.txt")));
        QTest::newRow("malformed") << good.section(QLatin1Char('\n'), 0, 0) + QStringLiteral("\nsha256//AAAA\n");
    }
    void unusablePins_refuseThePlatform_andTheFixIsReportedInTheHeartbeat()
    {
        QFETCH(QString, pins);
        const QString tag = QString::fromLatin1(QTest::currentDataTag()).section(QLatin1Char(' '), 0, 0);
        const QString dataDir = tmp_.filePath(QStringLiteral("data-") + tag);
        const QString pinsFile = tmp_.filePath(QStringLiteral("pins-") + tag + QStringLiteral(".txt"));
        if (pins == QLatin1String("<folder>")) {
            QVERIFY(QDir().mkpath(pinsFile));
        } else if (pins != QLatin1String("<missing>")) {
            QFile p(pinsFile);
            QVERIFY(p.open(QIODevice::WriteOnly));
            p.write(pins.toLatin1());
        }
        sandbox_.control("POST", "/control/reset");
        {
            auto s = compose(QStringLiteral("broken-") + tag, dataDir, pinsFile);
            QVERIFY(s);
            QVERIFY(!s->availability.inService());
            QVERIFY2(s->availability.missingParts().contains(QStringLiteral("platform")),
                     qPrintable(s->availability.reason()));
            QVERIFY2(s->availability.reason().contains(QStringLiteral("platform connection refused")),
                     qPrintable(s->availability.reason()));
            QVERIFY(s->alerts->isActive(QStringLiteral("platform_pins")));
            // The maintenance menu's network check names the reason.
            std::optional<app::ConnectionCheck> check;
            s->platform->checkConnection(&*s->platform, [&check](const app::ConnectionCheck &c) { check = c; });
            QTRY_VERIFY_WITH_TIMEOUT(check.has_value(), 10000);
            QCOMPARE(check->networkError, QStringLiteral("config"));
            QCOMPARE(check->httpStatus, 0);
            QVERIFY2(check->errorText.contains(QStringLiteral("refusing")) ||
                         check->errorText.contains(QStringLiteral("no pin is trusted")),
                     qPrintable(check->errorText));
            // Nothing reached the platform: no heartbeat, no key fetch, no anchor.
            QTest::qWait(1500);
            QVERIFY2(sandbox_.storedHeartbeat().isEmpty(),
                     QJsonDocument(sandbox_.storedHeartbeat()).toJson().constData());
            s->stop();
        }
        // Fixed: the good pins file. The kiosk is in service and its first heartbeat reports the resolved alert.
        QVERIFY(QFile::exists(QDir(dataDir).filePath(QStringLiteral("alerts.json"))));
        auto s = compose(QStringLiteral("fixed-") + tag, dataDir, pki_ + QStringLiteral("/pins.txt"));
        QVERIFY(s);
        QVERIFY2(!s->availability.missingParts().contains(QStringLiteral("platform")),
                 qPrintable(s->availability.reason()));
        QJsonObject alert;
        QElapsedTimer t;
        t.start();
        while (alert.isEmpty() && t.elapsed() < 20000) {
            const QJsonArray alerts =
                sandbox_.storedHeartbeat().value(QLatin1String("heartbeat")).toObject().value("alerts").toArray();
            for (const QJsonValue v : alerts)
                if (v.toObject().value("code").toString() == QLatin1String("platform_pins"))
                    alert = v.toObject();
            if (alert.isEmpty())
                QTest::qWait(100);
        }
        QVERIFY2(!alert.isEmpty(), QJsonDocument(sandbox_.storedHeartbeat()).toJson().constData());
        QVERIFY(!alert.value("since").toString().isEmpty());
        QVERIFY2(!alert.value("resolved_at").toString().isEmpty(), QJsonDocument(alert).toJson().constData());
        QVERIFY(alert.value("detail").toString().contains(QStringLiteral("pin")));
        // Delivered: forgotten, so the next heartbeats do not repeat it.
        auto pinsAlertKept = [&s] {
            for (const app::KioskAlert &a : s->alerts->alerts())
                if (a.code == QLatin1String("platform_pins"))
                    return true;
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(!pinsAlertKept(), 10000);
        s->stop();
    }

    void anAuditAnchorRefusedWith409_isAnAlertInTheHeartbeat()
    {
        sandbox_.control("POST", "/control/reset");
        // The platform already holds a much later head of this kiosk's chain than the kiosk has now.
        const queue::PlatformClientConfig c = sandbox_.clientConfig(QStringLiteral("localhost"));
        {
            queue::CurlPlatformClient client(c);
            const queue::ApiResult r = client.postAuditAnchor(1'000'000, QString(64, QLatin1Char('a')));
            QVERIFY2(r.isSuccess(), qPrintable(r.describe()));
        }
        auto s = compose(QStringLiteral("anchor"), tmp_.filePath(QStringLiteral("data-anchor")),
                         pki_ + QStringLiteral("/pins.txt"));
        QVERIFY(s);
        s->audit(QStringLiteral("config.change"), {{QStringLiteral("what"), QStringLiteral("test")}});
        s->auditAnchor->anchorSoon();
        QTRY_VERIFY_WITH_TIMEOUT(s->alerts->isActive(QStringLiteral("audit_anchor_conflict")), 20000);
        QJsonObject alert;
        QElapsedTimer t;
        t.start();
        while (alert.isEmpty() && t.elapsed() < 20000) {
            for (const QJsonValue v :
                 sandbox_.storedHeartbeat().value(QLatin1String("heartbeat")).toObject().value("alerts").toArray())
                if (v.toObject().value("code").toString() == QLatin1String("audit_anchor_conflict"))
                    alert = v.toObject();
            if (alert.isEmpty())
                QTest::qWait(100);
        }
        QVERIFY2(!alert.isEmpty(), QJsonDocument(sandbox_.storedHeartbeat()).toJson().constData());
        QVERIFY(alert.value("resolved_at").isNull());
        QVERIFY2(alert.value("detail").toString().contains(QStringLiteral("rolled back")),
                 qPrintable(alert.value("detail").toString()));
        s->stop();
    }

    void cleanupTestCase() { sandbox_.stop(); }
};

QTEST_MAIN(TestPlatformPins)
#include "test_platform_pins.moc"
