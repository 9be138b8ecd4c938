// The platform's send_selftest command end to end, through the real `kiosk` executable (app/main.cpp's wiring): the
// command queued at platform-sandbox arrives with the kiosk's first heartbeat, the kiosk tests its devices
// (kiosk-devsim over ptys) and its queue, and the next heartbeat carries the report, signed with the key of the kiosk's
// certificate. The command is marked delivered (once). Twice: with the keys as clear files (the report's key_protection
// check fails: "keys not hardware-protected") and with both keys sealed to a software TPM (swtpm), where the kiosk
// unseals them into memory at start-up, signs the report with the unsealed key, and no clear key exists on disk.
#include <QDirIterator>
#include <QProcess>
#include <QTest>

#include "integration/fleet/kiosk_process.h"

#include "app/fleet/selftest_report.h"
#include "offline_queue/storage/key_store.h"
#include "support/software_tpm.h"

using namespace kiosk;
using kiosk::drivers::simulators::DevSimClient;

class TestFleetSelftest : public QObject
{
    Q_OBJECT

    QTemporaryDir tmp_;
    QString pki_;
    test::SandboxProcess sandbox_;
    DevSimClient sim_;

    static QJsonObject check(const QJsonObject &report, const QString &name)
    {
        for (const QJsonValue v : report.value(QLatin1String("checks")).toArray()) {
            if (v.toObject().value(QLatin1String("name")).toString() == name)
                return v.toObject();
        }
        return {};
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
        const QString why = test::startSandboxAndDevices(tmp_, sandbox_, sim_);
        QVERIFY2(why.isEmpty(), qPrintable(why));
    }

    void sendSelftest_theKioskAnswersWithASignedReportInItsNextHeartbeat_data()
    {
        QTest::addColumn<bool>("sealed");
        QTest::newRow("clear key files") << false;
        QTest::newRow("keys sealed to the TPM") << true;
    }
    void sendSelftest_theKioskAnswersWithASignedReportInItsNextHeartbeat()
    {
        QFETCH(bool, sealed);
        sandbox_.control("POST", "/control/reset");
        // The kiosk's own copies of its keys, as a kiosk holds them in its data folder.
        const QString data = tmp_.filePath(sealed ? QStringLiteral("kiosk-data-sealed") : QStringLiteral("kiosk-data"));
        const QString keyDir = data + QStringLiteral("/pki");
        QVERIFY(QDir().mkpath(keyDir));
        QVERIFY(QFile::copy(pki_ + QStringLiteral("/kiosk.key"), keyDir + QStringLiteral("/kiosk.key")));
        QString keysSection;
        test::SoftwareTpm tpm;
        if (sealed) {
            const QString started = tpm.start();
            QVERIFY2(started.isEmpty(), qPrintable(started));
            QFile audit(data + QStringLiteral("/audit.key"));
            QVERIFY(audit.open(QIODevice::WriteOnly));
            audit.write(QByteArray(32, '\x5a'));
            audit.close();
            for (const QString &key : {keyDir + QStringLiteral("/kiosk.key"), data + QStringLiteral("/audit.key")}) {
                const QString why = queue::keys::sealKey(key, tpm.options());
                QVERIFY2(why.isEmpty(), qPrintable(why));
            }
            keysSection = QStringLiteral("[keys]\ntcti=%1\n").arg(tpm.options().tcti);
        }
        const test::Response queued = sandbox_.control(
            "POST", "/control/commands",
            QJsonObject{{QStringLiteral("name"), QStringLiteral("send_selftest")}, {QStringLiteral("id"), "st-1"}});
        QVERIFY2(queued.status == 201, qPrintable(queued.describe()));

        const QString conf = tmp_.filePath(QStringLiteral("kiosk.conf"));
        QFile f(conf);
        QVERIFY(f.open(QIODevice::WriteOnly));
        // The metrics too: the Prometheus gauge of key protection follows the same rule as the self-test's check.
        const QString textfiles = data + QStringLiteral("/metrics");
        QVERIFY(QDir().mkpath(textfiles));
        keysSection += QStringLiteral("[metrics]\ntextfile_dir=%1\ninterval_s=5\n").arg(textfiles);
        f.write(test::simulatedKioskConf(tmp_, sandbox_.port(), data, keyDir, keysSection));
        f.close();

        test::KioskProcess kiosk;
        QVERIFY2(kiosk.start(QStringLiteral(KIOSK_KIOSK_BINARY), conf), qPrintable(kiosk.process.errorString()));

        QJsonObject report;
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 60000 && kiosk.process.state() == QProcess::Running) {
            report =
                sandbox_.storedHeartbeat().value(QLatin1String("heartbeat")).toObject().value("selftest").toObject();
            if (!report.isEmpty())
                break;
            QTest::qWait(250);
        }
        const QJsonObject stored = sandbox_.storedHeartbeat();
        QVERIFY2(!report.isEmpty(), QJsonDocument(stored).toJson().constData());
        QVERIFY2(stored.value("count").toInt() >= 2, "the report rides on a heartbeat after the one with the command");

        QString why;
        QVERIFY2(app::verifySelftestReport(report, test::readFile(pki_ + QStringLiteral("/kiosk.crt")), &why),
                 qPrintable(why));
        QCOMPARE(report.value("kiosk_id").toString(), QStringLiteral("GD-DEV-0001"));
        QCOMPARE(report.value("app_version").toString(), QStringLiteral(KIOSK_VERSION));
        for (const char *device : {"idcard_reader", "receipt_printer", "code_scanner"}) {
            const QJsonObject c = check(report, QLatin1String(device));
            QVERIFY2(c.value("passed").toBool(),
                     qPrintable(QStringLiteral("%1: %2").arg(QLatin1String(device), QJsonDocument(c).toJson())));
        }
        QCOMPARE(check(report, "queue_database").value("passed").toBool(), true);
        const QJsonObject keys = check(report, "key_protection");
        QCOMPARE(keys.value("passed").toBool(), sealed);
        if (sealed) {
            QCOMPARE(report.value("failed").toArray().size(), 0);
            // Nothing of either key in clear anywhere in the data folder, after a whole run.
            QDirIterator it(data, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
            while (it.hasNext()) {
                const QString path = it.next();
                QVERIFY2(!test::readFile(path).contains("PRIVATE KEY"), qPrintable(path));
            }
            QVERIFY(!QFile::exists(keyDir + QStringLiteral("/kiosk.key")));
            QVERIFY(!QFile::exists(data + QStringLiteral("/audit.key")));
        } else {
            QVERIFY2(keys.value("detail").toString().contains(QStringLiteral("keys not hardware-protected")),
                     QJsonDocument(keys).toJson().constData());
            const QJsonArray failed = report.value("failed").toArray();
            QCOMPARE(failed.size(), 1);
            QCOMPARE(failed.at(0).toObject().value("name").toString(), QStringLiteral("key_protection"));
        }

        const QByteArray prom = test::readFile(textfiles + QStringLiteral("/kiosk.prom"));
        QVERIFY2(prom.contains(sealed ? "\nkiosk_keys_hardware_protected 1\n" : "\nkiosk_keys_hardware_protected 0\n"),
                 prom.constData());

        // Delivered once: the command is marked delivered and no further report is made for it.
        const QJsonArray commands = sandbox_.control("GET", "/control/commands").json().value("commands").toArray();
        QCOMPARE(commands.size(), 1);
        QVERIFY(!commands[0].toObject().value("delivered_at").toString().isEmpty());
    }

    void cleanupTestCase()
    {
        sim_.stop();
        sandbox_.stop();
    }
};

QTEST_GUILESS_MAIN(TestFleetSelftest)
#include "test_fleet_selftest.moc"
