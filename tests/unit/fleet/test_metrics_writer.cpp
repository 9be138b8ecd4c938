// The Prometheus metrics writer: the text format (HELP and TYPE before each family, escaped label values, names by
// Prometheus's conventions, accepted by promtool's own linter), the atomic write into the textfile folder at start,
// on a change and on its interval, a folder that cannot be written, and the runtime state file kiosk-update reads.
#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "app/fleet/kiosk_state_file.h"
#include "app/fleet/metrics_service.h"
#include "app/fleet/metrics_text.h"

using namespace kiosk::app;

namespace {

MetricsSnapshot sampleSnapshot()
{
    MetricsSnapshot s;
    s.kioskId = QStringLiteral("GD-GZ-0001");
    s.region = QStringLiteral("gz-tianhe");
    s.appVersion = QStringLiteral("1.2.3");
    s.configVersion = QStringLiteral("cfg-7");
    s.startTimeS = 1765000000;
    s.devices = {{QStringLiteral("idcard_reader"), QStringLiteral("online")},
                 {QStringLiteral("receipt_printer"), QStringLiteral("user_error")}};
    s.paper = {{QStringLiteral("receipt_printer"), QStringLiteral("out")}};
    s.queuePending = 3;
    s.queueInFlight = 1;
    s.queueDead = 2;
    s.queueOldestAgeS = 4000;
    s.lastSyncS = 1765000100;
    s.submissionsSealed = 5;
    s.submissionsAcknowledged = 4;
    s.syncFailures = {{QStringLiteral("tls"), 2}, {QStringLiteral("429"), 1}};
    s.paymentsEnded = {{QStringLiteral("paid"), 1}};
    s.outOfService = true;
    s.outOfServiceParts = {QStringLiteral("receipt_printer")};
    s.visitsStarted = 7;
    s.visitsCompleted = 5;
    s.idleWipes = 2;
    s.selftestTimeS = 1765000200;
    s.selftestChecks = {{QStringLiteral("receipt_printer"), false}, {QStringLiteral("queue_database"), true}};
    s.diskFreeBytes = 123456789;
    LatencySummary ocr;
    for (int i = 1; i <= 10; ++i)
        ocr.observe(i * 0.1);
    s.ocr = ocr.figures();
    s.updateFailedVersion = QStringLiteral("1.2.4");
    s.writtenAtS = 1765000300;
    return s;
}

// name{labels} -> value, and the family (HELP and TYPE) every sample belongs to; a format error in `error`.
struct Parsed {
    QMap<QString, double> samples;
    QMap<QString, QString> types;
    QString error;
};

Parsed parse(const QByteArray &text)
{
    Parsed p;
    QMap<QString, bool> help;
    const QRegularExpression sampleLine(
        QStringLiteral(R"(^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{((?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*",?)*)\})? )"
                       R"(([-+]?[0-9.eE+-]+|NaN|[+-]Inf)$)"));
    QString family;
    for (const QString &line : QString::fromUtf8(text).split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        if (line.startsWith(QLatin1String("# HELP "))) {
            family = line.section(QLatin1Char(' '), 2, 2);
            help[family] = true;
            continue;
        }
        if (line.startsWith(QLatin1String("# TYPE "))) {
            if (line.section(QLatin1Char(' '), 2, 2) != family)
                p.error = QStringLiteral("TYPE without its HELP: ") + line;
            p.types[family] = line.section(QLatin1Char(' '), 3, 3);
            continue;
        }
        const QRegularExpressionMatch m = sampleLine.match(line);
        if (!m.hasMatch()) {
            p.error = QStringLiteral("not a sample line: ") + line;
            return p;
        }
        const QString name = m.captured(1);
        if (name != family && name != family + QLatin1String("_sum") && name != family + QLatin1String("_count")) {
            p.error = QStringLiteral("sample outside its family %1: %2").arg(family, line);
            return p;
        }
        p.samples.insert(name + (m.captured(2).isEmpty() ? QString() : m.captured(2)), m.captured(4).toDouble());
    }
    for (auto it = p.types.cbegin(); it != p.types.cend(); ++it) {
        if (!it.key().startsWith(QLatin1String("kiosk_")))
            p.error = QStringLiteral("no kiosk_ prefix: ") + it.key();
        if (it.value() == QLatin1String("counter") && !it.key().endsWith(QLatin1String("_total")))
            p.error = QStringLiteral("a counter without _total: ") + it.key();
    }
    return p;
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class MetricsWriterTest : public QObject
{
    Q_OBJECT

private slots:
    void format_everyFamilyHasHelpAndType_andTheFiguresReadBack()
    {
        const Parsed p = parse(formatPrometheusText(sampleSnapshot()));
        QVERIFY2(p.error.isEmpty(), qPrintable(p.error));
        QCOMPARE(p.types.value("kiosk_sync_failures_total"), QStringLiteral("counter"));
        QCOMPARE(p.types.value("kiosk_ocr_decision_duration_seconds"), QStringLiteral("summary"));
        QCOMPARE(p.samples.value(R"(kiosk_info{kiosk_id="GD-GZ-0001",region="gz-tianhe",version="1.2.3",)"
                                 R"(config_version="cfg-7"})"),
                 1.0);
        QCOMPARE(p.samples.value(R"(kiosk_device_status{device="receipt_printer",status="user_error"})"), 1.0);
        QCOMPARE(p.samples.value(R"(kiosk_device_status{device="receipt_printer",status="online"})"), 0.0);
        QVERIFY(p.samples.contains(R"(kiosk_device_status{device="idcard_reader",status="offline"})"));
        QCOMPARE(p.samples.value(R"(kiosk_printer_paper{device="receipt_printer",state="out"})"), 1.0);
        QCOMPARE(p.samples.value(R"(kiosk_printer_paper{device="receipt_printer",state="ok"})"), 0.0);
        QCOMPARE(p.samples.value("kiosk_queue_pending"), 3.0);
        QCOMPARE(p.samples.value("kiosk_queue_in_flight"), 1.0);
        QCOMPARE(p.samples.value("kiosk_queue_dead"), 2.0);
        QCOMPARE(p.samples.value("kiosk_queue_oldest_unsent_age_seconds"), 4000.0);
        QCOMPARE(p.samples.value("kiosk_last_sync_timestamp_seconds"), 1765000100.0);
        QCOMPARE(p.samples.value("kiosk_submissions_sealed_total"), 5.0);
        QCOMPARE(p.samples.value("kiosk_submissions_acknowledged_total"), 4.0);
        QCOMPARE(p.samples.value(R"(kiosk_sync_failures_total{kind="tls"})"), 2.0);
        QCOMPARE(p.samples.value(R"(kiosk_sync_failures_total{kind="429"})"), 1.0);
        QCOMPARE(p.samples.value(R"(kiosk_sync_failures_total{kind="network"})"), 0.0); // every kind, from 0
        QCOMPARE(p.samples.value(R"(kiosk_payments_total{state="paid"})"), 1.0);
        QCOMPARE(p.samples.value("kiosk_out_of_service"), 1.0);
        QCOMPARE(p.samples.value(R"(kiosk_out_of_service_reason{reason="receipt_printer"})"), 1.0);
        QCOMPARE(p.samples.value("kiosk_visits_started_total"), 7.0);
        QCOMPARE(p.samples.value("kiosk_visits_completed_total"), 5.0);
        QCOMPARE(p.samples.value("kiosk_idle_wipes_total"), 2.0);
        QCOMPARE(p.samples.value(R"(kiosk_selftest_passed{check="receipt_printer"})"), 0.0);
        QCOMPARE(p.samples.value(R"(kiosk_selftest_passed{check="queue_database"})"), 1.0);
        QCOMPARE(p.samples.value("kiosk_keys_hardware_protected"), 0.0);
        QCOMPARE(p.samples.value("kiosk_data_disk_free_bytes"), 123456789.0);
        QCOMPARE(p.samples.value("kiosk_ocr_decision_duration_seconds_count"), 10.0);
        QCOMPARE(p.samples.value("kiosk_ocr_decision_duration_seconds_sum"), 5.5);
        QCOMPARE(p.samples.value(R"(kiosk_ocr_decision_duration_seconds{quantile="0.5"})"), 0.5);
        QCOMPARE(p.samples.value(R"(kiosk_ocr_decision_duration_seconds{quantile="0.99"})"), 1.0);
        QCOMPARE(p.samples.value("kiosk_face_decision_duration_seconds_count"), 0.0);
        QCOMPARE(p.samples.value(R"(kiosk_update_failed_info{version="1.2.4"})"), 1.0);
    }

    void labelValues_areEscaped()
    {
        QCOMPARE(escapeLabelValue(QStringLiteral("a\"b\\c\nd")), QStringLiteral("a\\\"b\\\\c\\nd"));
        MetricsSnapshot s;
        s.kioskId = QStringLiteral("x\"} 1\nkiosk_evil 1");
        const QByteArray text = formatPrometheusText(s);
        QVERIFY(!text.contains("\nkiosk_evil 1"));
        const Parsed p = parse(text);
        QVERIFY2(p.error.isEmpty(), qPrintable(p.error));
    }

    // Prometheus's own linter (promtool check metrics) accepts the file: names, units, HELP, TYPE, suffixes.
    void promtool_acceptsTheFile()
    {
        QProcess promtool;
        promtool.start(QStringLiteral("promtool"), {QStringLiteral("check"), QStringLiteral("metrics")});
        QVERIFY2(promtool.waitForStarted(10000), "promtool (Debian package prometheus) is needed");
        promtool.write(formatPrometheusText(sampleSnapshot()));
        promtool.closeWriteChannel();
        QVERIFY(promtool.waitForFinished(20000));
        const QByteArray said = promtool.readAllStandardOutput() + promtool.readAllStandardError();
        QVERIFY2(promtool.exitCode() == 0 && said.trimmed().isEmpty(), said.constData());
    }

    void summary_quantilesOverTheRecentWindow()
    {
        LatencySummary s(4);
        QVERIFY(s.figures().quantiles.isEmpty());
        for (double v : {10.0, 10.0, 10.0, 10.0, 1.0, 2.0, 3.0, 4.0})
            s.observe(v);
        s.observe(-1); // not a duration: ignored
        const LatencyFigures f = s.figures();
        QCOMPARE(f.count, quint64(8));
        QCOMPARE(f.sumS, 50.0);
        QCOMPARE(f.quantiles.value(0.5), 2.0); // the last four only
        QCOMPARE(f.quantiles.value(0.99), 4.0);
    }

    // The receipt printer driver's own status details map to the paper states.
    void paperState_fromTheDriversStatus()
    {
        QCOMPARE(paperStateOf(QStringLiteral("paper out")), QStringLiteral("out"));
        QCOMPARE(paperStateOf(QStringLiteral("paper out, cover open")), QStringLiteral("out"));
        QCOMPARE(paperStateOf(QStringLiteral("paper low")), QStringLiteral("near_end"));
        QCOMPARE(paperStateOf(QStringLiteral("ready")), QStringLiteral("ok"));
    }

    // At start, at a change (soon, coalesced) and on the interval; only kiosk.prom is left in the folder (the
    // temporary file is renamed over it), readable by node-exporter.
    void service_writesAtStart_onChange_andOnItsInterval()
    {
        QTemporaryDir dir;
        MetricsSettings settings;
        settings.textfileDir = dir.path();
        settings.intervalMs = 3'600'000;
        settings.changeDelayMs = 10;
        settings.dataDir = dir.path();
        QString paper = QStringLiteral("ok");
        MetricsService service(settings, [&](MetricsSnapshot &s) {
            s.kioskId = QStringLiteral("GD-GZ-0001");
            s.devices = {{QStringLiteral("receipt_printer"), QStringLiteral("online")}};
            s.paper = {{QStringLiteral("receipt_printer"), paper}};
        });
        QSignalSpy written(&service, &MetricsService::written);
        QVERIFY(service.start());
        QVERIFY(written.wait(5000));
        QCOMPARE(written.takeFirst().at(0).toBool(), true);
        const QString file = dir.filePath(QStringLiteral("kiosk.prom"));
        QCOMPARE(service.filePath(), file);
        QVERIFY(readAll(file).contains("kiosk_printer_paper{device=\"receipt_printer\",state=\"ok\"} 1\n"));
        QVERIFY(readAll(file).contains("kiosk_data_disk_free_bytes "));
        QVERIFY(QFileInfo(file).permissions().testFlag(QFileDevice::ReadOther));

        paper = QStringLiteral("out");
        service.noteVisitStarted();
        service.changed(); // folded into the same write
        QVERIFY(written.wait(5000));
        const Parsed p = parse(readAll(file));
        QVERIFY2(p.error.isEmpty(), qPrintable(p.error));
        QCOMPARE(p.samples.value(R"(kiosk_printer_paper{device="receipt_printer",state="out"})"), 1.0);
        QCOMPARE(p.samples.value("kiosk_visits_started_total"), 1.0);
        QTest::qWait(100);
        QCOMPARE(service.writesDone(), 2);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{QStringLiteral("kiosk.prom")});
        service.stop();

        settings.intervalMs = 50; // the interval alone keeps the file fresh
        MetricsService periodic(settings, {});
        QVERIFY(periodic.start());
        QTRY_VERIFY_WITH_TIMEOUT(periodic.writesDone() >= 3, 5000);
    }

    // A folder that cannot be made or written: the error names it (once), and writing resumes when it can be.
    void service_reportsAFolderItCannotWrite_andRecovers()
    {
        QTemporaryDir dir;
        QFile blocker(dir.filePath(QStringLiteral("blocker"))); // a file where the folder's parent should be
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        MetricsSettings settings;
        settings.textfileDir = dir.filePath(QStringLiteral("blocker/metrics"));
        settings.intervalMs = 3'600'000;
        settings.changeDelayMs = 10;
        MetricsService service(settings, {});
        QSignalSpy written(&service, &MetricsService::written);
        QVERIFY(service.start());
        QVERIFY(written.wait(5000));
        QCOMPARE(written.at(0).at(0).toBool(), false);
        QVERIFY2(service.lastError().contains(settings.textfileDir), qPrintable(service.lastError()));
        QVERIFY(blocker.remove()); // the folder is made at the next write
        service.changed();
        QTRY_VERIFY_WITH_TIMEOUT(service.writesDone() == 1, 5000);
        QVERIFY(service.lastError().isEmpty());
        QVERIFY(QFile::exists(service.filePath()));
    }

    void settings_fromTheIni()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("k.conf"));
        {
            QSettings w(path, QSettings::IniFormat);
            w.setValue("metrics/textfile_dir", "relative/dir");
            w.setValue("metrics/interval_s", "2");
        }
        QSettings ini(path, QSettings::IniFormat);
        QStringList problems;
        const MetricsSettings s = loadMetricsSettings(ini, &problems);
        QCOMPARE(s.textfileDir, QString()); // refused: off
        QCOMPARE(s.intervalMs, 30'000);
        QCOMPARE(problems.size(), 2);
        ini.setValue("metrics/textfile_dir", dir.path());
        ini.setValue("metrics/interval_s", "60");
        problems.clear();
        QCOMPARE(loadMetricsSettings(ini, &problems).textfileDir, dir.path());
        QCOMPARE(loadMetricsSettings(ini, &problems).intervalMs, 60'000);
        QVERIFY(problems.isEmpty());
        QVERIFY(!MetricsService(MetricsSettings{}, {}).start()); // no folder: off
    }

    // kiosk-update's view of the kiosk: pid, version, ready, visit, self-test; replaced at each change.
    void stateFile_saysVisitReadyAndSelftest()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("state.json"));
        KioskStateFile state(path, QStringLiteral("1.2.3"));
        QVERIFY(state.write());
        auto read = [&] { return QJsonDocument::fromJson(readAll(path)).object(); };
        QCOMPARE(read().value("visit").toBool(), false);
        QCOMPARE(read().value("ready").toBool(), false);
        QCOMPARE(read().value("selftest").toString(), QStringLiteral("pending"));
        QCOMPARE(read().value("version").toString(), QStringLiteral("1.2.3"));
        QCOMPARE(read().value("pid").toInteger(), QCoreApplication::applicationPid());
        state.setVisit(true);
        QCOMPARE(read().value("visit").toBool(), true);
        state.setReady(true);
        state.setSelftest(QStringLiteral("passed"));
        state.setVisit(false);
        QCOMPARE(read().value("visit").toBool(), false);
        QCOMPARE(read().value("ready").toBool(), true);
        QCOMPARE(read().value("selftest").toString(), QStringLiteral("passed"));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{QStringLiteral("state.json")});

        QSettings ini(dir.filePath(QStringLiteral("k.conf")), QSettings::IniFormat);
        ini.setValue("update/state_file", path);
        QCOMPARE(kioskStateFilePath(ini), path);
    }

    void failedUpdateVersion_isReadAndChecked()
    {
        QTemporaryDir dir;
        QSettings ini(dir.filePath(QStringLiteral("k.conf")), QSettings::IniFormat);
        ini.setValue("update/state_dir", dir.path());
        QCOMPARE(readUpdateFailedVersion(ini), QString());
        QFile f(dir.filePath(QStringLiteral("failed-version")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("1.2.4~rc1+deb12\n");
        f.close();
        QCOMPARE(readUpdateFailedVersion(ini), QStringLiteral("1.2.4~rc1+deb12"));
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write("1.2\"} 1\n");
        f.close();
        QCOMPARE(readUpdateFailedVersion(ini), QString()); // not a version: not reported
    }
};

QTEST_GUILESS_MAIN(MetricsWriterTest)
#include "test_metrics_writer.moc"
