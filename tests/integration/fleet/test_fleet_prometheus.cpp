// The kiosk's telemetry through the real engines: the `kiosk` executable (kiosk-devsim's devices, platform-sandbox)
// writes its textfile, configured by a region's drop-in (kiosk.conf.d/50-region.conf); prometheus-node-exporter
// (textfile collector only) serves it on loopback; prometheus scrapes it every second with the shipped rules
// (packaging/prometheus). The series read back through Prometheus's HTTP API carry the region, and KioskPaperOut
// fires when the simulated printer runs out of paper, and stops when it is refilled.
#include <QDir>
#include <QProcess>
#include <QTest>

#include "integration/fleet/kiosk_process.h"
#include "integration/fleet/prometheus_harness.h"

using namespace kiosk;
using kiosk::drivers::simulators::DevSimClient;

class TestFleetPrometheus : public QObject
{
    Q_OBJECT

    QTemporaryDir tmp_;
    test::SandboxProcess sandbox_;
    DevSimClient sim_;

    static bool firing(quint16 port, const QString &alert)
    {
        for (const QJsonValue v : test::promQuery(port, QStringLiteral("ALERTS{alertstate=\"firing\"}"))) {
            if (v.toObject().value("metric").toObject().value("alertname").toString() == alert)
                return true;
        }
        return false;
    }
    static double value(quint16 port, const QString &expr)
    {
        const QJsonArray r = test::promQuery(port, expr);
        return r.isEmpty() ? -1 : r[0].toObject().value("value").toArray().at(1).toString().toDouble();
    }

private slots:
    void initTestCase()
    {
        QVERIFY(tmp_.isValid());
        const QString why = test::startSandboxAndDevices(tmp_, sandbox_, sim_);
        QVERIFY2(why.isEmpty(), qPrintable(why));
    }

    void paperOut_firesTheAlertInPrometheus()
    {
        const QString textfiles = tmp_.filePath(QStringLiteral("textfile"));
        QVERIFY(QDir().mkpath(textfiles));
        const QString conf = tmp_.filePath(QStringLiteral("kiosk.conf"));
        QFile f(conf);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(test::simulatedKioskConf(tmp_, sandbox_.port()));
        f.close();
        // The region's package: its label and where node-exporter reads textfiles.
        QVERIFY(QDir().mkpath(conf + ".d"));
        QFile region(conf + ".d/50-region.conf");
        QVERIFY(region.open(QIODevice::WriteOnly));
        region.write(QStringLiteral("[kiosk]\nregion=gz-tianhe\n[metrics]\ntextfile_dir=%1\ninterval_s=5\n")
                         .arg(textfiles)
                         .toUtf8());
        region.close();

        test::KioskProcess kiosk;
        QVERIFY2(kiosk.start(QStringLiteral(KIOSK_KIOSK_BINARY), conf), qPrintable(kiosk.process.errorString()));
        const QString prom = textfiles + QStringLiteral("/kiosk.prom");
        QVERIFY2(test::waitUntil([&] { return QFileInfo::exists(prom); }, 30000), "the kiosk wrote no textfile");

        test::Engine exporter;
        test::Engine prometheus;
        QString why;
        QVERIFY2(test::startNodeExporter(exporter, textfiles, &why), qPrintable(why));
        QDir().mkpath(tmp_.filePath(QStringLiteral("prometheus")));
        const QString rules = QStringLiteral(KIOSK_TEST_SOURCE_DIR) + QStringLiteral("/packaging/prometheus/");
        QVERIFY2(test::startPrometheus(prometheus, tmp_.filePath(QStringLiteral("prometheus")),
                                       {{QStringLiteral("127.0.0.1:%1").arg(exporter.port), "GD-DEV-0001"}},
                                       {rules + "kiosk-alerts.yml", rules + "kiosk-recording.yml"},
                                       QStringLiteral("1s"), &why),
                 qPrintable(why));

        // The series, back from Prometheus: the info metric with the drop-in's region, the printer with paper.
        QVERIFY2(test::waitUntil(
                     [&] {
                         return value(prometheus.port, QStringLiteral("kiosk_info{region=\"gz-tianhe\","
                                                                      "kiosk_id=\"GD-DEV-0001\"}")) == 1;
                     },
                     30000),
                 qPrintable(QString::fromUtf8(test::httpGet(exporter.port, "/metrics").right(3000))));
        QVERIFY(test::waitUntil(
            [&] {
                return value(prometheus.port,
                             QStringLiteral("kiosk_printer_paper{device=\"receipt_printer\",state=\"ok\"}")) == 1;
            },
            30000));
        QCOMPARE(value(prometheus.port, QStringLiteral("kiosk_device_status{device=\"idcard_reader\","
                                                       "status=\"online\"}")),
                 1.0);
        QVERIFY(value(prometheus.port, QStringLiteral("kiosk_data_disk_free_bytes")) > 0);
        QCOMPARE(value(prometheus.port, QStringLiteral("kiosk_keys_hardware_protected")), 0.0);
        QVERIFY(!firing(prometheus.port, QStringLiteral("KioskPaperOut")));

        // The roll runs out: the driver sees it, the kiosk rewrites its file at once, the alert fires.
        QJsonObject answer = sim_.command({{"cmd", "paper"}, {"state", "out"}});
        QVERIFY2(answer.value("ok").toBool(), QJsonDocument(answer).toJson().constData());
        QVERIFY2(test::waitUntil([&] { return firing(prometheus.port, QStringLiteral("KioskPaperOut")); }, 60000),
                 qPrintable(QString::fromUtf8(test::httpGet(prometheus.port, "/api/v1/alerts"))));
        QVERIFY(test::waitUntil(
            [&] {
                return value(prometheus.port,
                             QStringLiteral("region:kiosk_printer_paper_out:sum{region=\"gz-tianhe\"}")) == 1;
            },
            30000));
        QVERIFY(test::readFile(prom).contains("kiosk_printer_paper{device=\"receipt_printer\",state=\"out\"} 1"));

        answer = sim_.command({{"cmd", "paper"}, {"state", "ok"}});
        QVERIFY(answer.value("ok").toBool());
        QVERIFY(test::waitUntil([&] { return !firing(prometheus.port, QStringLiteral("KioskPaperOut")); }, 60000));
    }

    void cleanupTestCase()
    {
        sim_.stop();
        sandbox_.stop();
    }
};

QTEST_GUILESS_MAIN(TestFleetPrometheus)
#include "test_fleet_prometheus.moc"
