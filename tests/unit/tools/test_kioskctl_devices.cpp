// `kioskctl devices list` and `devices selftest`, run as the technician runs them: the built kioskctl against a
// configuration whose serial devices are kiosk-devsim's ptys (or a port where nothing is).
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

class TestKioskctlDevices : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void list_json_showsEachSimulatedSerialDeviceOnline_kindStatusDetailFirst();
    void list_json_deviceAtAMissingPort_isNoDeviceWithDetailAndHint();
    void list_text_oneLinePerDeviceWithTheHintWhenUnusable();
    void selftest_allDevicesPass_exits0();
    void selftest_oneKind_testsOnlyThatDevice();
    void selftest_aDeviceFails_exits1WithItsSummary();
    void badInput_exits2_data();
    void badInput_exits2();

private:
    struct Run {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
        QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
    };
    Run kioskctl(const QStringList &args);
    // A configuration with only the serial devices; `idcardPort` empty: the reader is kiosk-devsim's too.
    QString writeConfig(const QString &name, const QString &idcardPort = {});

    QString kioskctl_;
    QTemporaryDir dir_;
    QProcess devsim_;
    QString simDir_;
};

void TestKioskctlDevices::initTestCase()
{
    const QString buildDir = qEnvironmentVariable("KIOSK_BINARY_DIR");
    QVERIFY2(!buildDir.isEmpty(), "KIOSK_BINARY_DIR is not set; run through ctest");
    kioskctl_ = buildDir + QStringLiteral("/app/kioskctl/kioskctl");
    QVERIFY2(QFileInfo(kioskctl_).isExecutable(), qPrintable(kioskctl_ + QStringLiteral(" is not built")));
    QString devsim = qEnvironmentVariable("KIOSK_DEVSIM");
    if (devsim.isEmpty())
        devsim = buildDir + QStringLiteral("/drivers/simulators/kiosk-devsim");
    if (!QFileInfo(devsim).isExecutable())
        QSKIP(qPrintable(devsim + QStringLiteral(" is not built (KIOSK_BUILD_SIMULATORS=OFF?)")));
    QVERIFY(dir_.isValid());

    simDir_ = dir_.filePath(QStringLiteral("devsim"));
    QVERIFY(QDir().mkpath(simDir_));
    devsim_.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    devsim_.start(devsim, {QStringLiteral("--dir"), simDir_, QStringLiteral("--fast"), QStringLiteral("--no-render")});
    QVERIFY2(devsim_.waitForStarted(5000), qPrintable(devsim_.errorString()));
    const QDeadlineTimer deadline(10000);
    while (!devsim_.canReadLine() && !deadline.hasExpired() && devsim_.state() == QProcess::Running)
        devsim_.waitForReadyRead(100);
    const QJsonObject ready = QJsonDocument::fromJson(devsim_.readLine()).object();
    QVERIFY2(ready.value("ready").toBool(), "kiosk-devsim did not print its ready line");
    QCOMPARE(ready.value("idcard").toString(), QDir(simDir_).filePath(QStringLiteral("idcard")));
}

void TestKioskctlDevices::cleanupTestCase()
{
    if (devsim_.state() == QProcess::NotRunning)
        return;
    devsim_.terminate(); // SIGTERM: devsim exits cleanly and removes its links
    if (!devsim_.waitForFinished(5000)) {
        devsim_.kill();
        devsim_.waitForFinished(2000);
    }
}

TestKioskctlDevices::Run TestKioskctlDevices::kioskctl(const QStringList &args)
{
    QProcess p;
    p.start(kioskctl_, args);
    Run run;
    if (!p.waitForFinished(30000)) {
        p.kill();
        p.waitForFinished();
        return run;
    }
    run.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    run.out = p.readAllStandardOutput();
    run.err = p.readAllStandardError();
    return run;
}

QString TestKioskctlDevices::writeConfig(const QString &name, const QString &idcardPort)
{
    QByteArray ini = "[devices]\nsimulator_dir=" + simDir_.toUtf8() + "\n";
    if (idcardPort.isEmpty())
        ini += "idcard_reader.simulated=true\n";
    else
        ini += "idcard_reader.port=" + idcardPort.toUtf8() + "\n";
    ini += "receipt_printer.simulated=true\n"
           "code_scanner.simulated=true\n"
           "document_printer.enabled=false\n"
           "document_scanner.enabled=false\n"
           "document_camera.enabled=false\n"
           "face_camera.enabled=false\n";
    const QString path = dir_.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(ini) != ini.size())
        return {};
    return path;
}

void TestKioskctlDevices::list_json_showsEachSimulatedSerialDeviceOnline_kindStatusDetailFirst()
{
    const QString config = writeConfig(QStringLiteral("sim.conf"));
    const Run run = kioskctl({QStringLiteral("--json"), QStringLiteral("devices"), QStringLiteral("list"),
                              QStringLiteral("--config"), config});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    // design.md 6: {"devices":[{"kind","status","detail"}]}, those three first.
    QVERIFY2(run.out.startsWith(R"({"devices":[{"kind":"idcard_reader","status":"online","detail":"ready",)"),
             run.out.constData());
    QVERIFY(run.out.endsWith("}]}\n"));
    const QJsonArray devices = run.json().value("devices").toArray();
    QCOMPARE(devices.size(), 3);
    const QStringList kinds{QStringLiteral("idcard_reader"), QStringLiteral("receipt_printer"),
                            QStringLiteral("code_scanner")};
    const QStringList links{QStringLiteral("idcard"), QStringLiteral("printer"), QStringLiteral("qr")};
    for (int i = 0; i < devices.size(); ++i) {
        const QJsonObject d = devices.at(i).toObject();
        QCOMPARE(d.value("kind").toString(), kinds.at(i));
        QCOMPARE(d.value("status").toString(), QStringLiteral("online"));
        QCOMPARE(d.value("detail").toString(), QStringLiteral("ready"));
        QCOMPARE(d.value("required").toBool(), i < 2);
        QCOMPARE(d.value("port").toString(), QDir(simDir_).filePath(links.at(i)));
        QVERIFY(!d.value("model").toString().isEmpty());
    }
}

void TestKioskctlDevices::list_json_deviceAtAMissingPort_isNoDeviceWithDetailAndHint()
{
    const QString missing = dir_.filePath(QStringLiteral("no-such-tty"));
    const QString config = writeConfig(QStringLiteral("missing.conf"), missing);
    const Run run = kioskctl({QStringLiteral("--json"), QStringLiteral("devices"), QStringLiteral("list"),
                              QStringLiteral("--config"), config});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QJsonObject reader = run.json().value("devices").toArray().at(0).toObject();
    QCOMPARE(reader.value("kind").toString(), QStringLiteral("idcard_reader"));
    QCOMPARE(reader.value("status").toString(), QStringLiteral("no_device"));
    QVERIFY2(reader.value("detail").toString().contains(missing), qPrintable(reader.value("detail").toString()));
    QVERIFY(!reader.value("hint").toString().isEmpty());
    QCOMPARE(reader.value("port").toString(), missing);
    // The others are unaffected.
    QCOMPARE(run.json().value("devices").toArray().at(1).toObject().value("status").toString(),
             QStringLiteral("online"));
}

void TestKioskctlDevices::list_text_oneLinePerDeviceWithTheHintWhenUnusable()
{
    const QString config = writeConfig(QStringLiteral("missing-text.conf"), dir_.filePath(QStringLiteral("gone")));
    const Run run = kioskctl({QStringLiteral("devices"), QStringLiteral("list"), QStringLiteral("--config"), config});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QStringList lines = QString::fromUtf8(run.out).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 4); // three devices and the reader's hint
    QVERIFY2(lines.at(0).startsWith(QStringLiteral("idcard_reader")) &&
                 lines.at(0).contains(QStringLiteral("no_device")),
             qPrintable(lines.at(0)));
    QVERIFY2(lines.at(1).contains(QStringLiteral("->")), qPrintable(lines.at(1)));
    QVERIFY2(lines.at(2).startsWith(QStringLiteral("receipt_printer")) &&
                 lines.at(2).contains(QStringLiteral("online")),
             qPrintable(lines.at(2)));
    QVERIFY(lines.at(3).startsWith(QStringLiteral("code_scanner")));
}

void TestKioskctlDevices::selftest_allDevicesPass_exits0()
{
    const QString config = writeConfig(QStringLiteral("sim-selftest.conf"));
    const Run run = kioskctl({QStringLiteral("--json"), QStringLiteral("devices"), QStringLiteral("selftest"),
                              QStringLiteral("--config"), config});
    QVERIFY2(run.exitCode == 0, run.out.constData());
    const QJsonObject o = run.json();
    QCOMPARE(o.value("passed").toBool(), true);
    const QJsonArray devices = o.value("devices").toArray();
    QCOMPARE(devices.size(), 3);
    for (const QJsonValue &v : devices) {
        const QJsonObject d = v.toObject();
        QVERIFY2(d.value("passed").toBool(),
                 qPrintable(d.value("kind").toString() + ": " + d.value("summary").toString()));
        QVERIFY(!d.value("summary").toString().isEmpty());
    }
    QVERIFY(devices.at(0).toObject().value("summary").toString().startsWith(QStringLiteral("SAM ok")));
    QVERIFY(devices.at(0).toObject().value("details").toObject().contains(QStringLiteral("sam_id")));

    const Run text =
        kioskctl({QStringLiteral("devices"), QStringLiteral("selftest"), QStringLiteral("--config"), config});
    QCOMPARE(text.exitCode, 0);
    QVERIFY2(text.out.contains("3 passed, 0 failed"), text.out.constData());
}

void TestKioskctlDevices::selftest_oneKind_testsOnlyThatDevice()
{
    // The reader's port is missing, but only the printer is tested: it passes.
    const QString config = writeConfig(QStringLiteral("one.conf"), dir_.filePath(QStringLiteral("absent")));
    const Run run = kioskctl({QStringLiteral("--json"), QStringLiteral("devices"), QStringLiteral("selftest"),
                              QStringLiteral("receipt_printer"), QStringLiteral("--config"), config});
    QVERIFY2(run.exitCode == 0, run.out.constData());
    const QJsonArray devices = run.json().value("devices").toArray();
    QCOMPARE(devices.size(), 1);
    QCOMPARE(devices.at(0).toObject().value("kind").toString(), QStringLiteral("receipt_printer"));
    QVERIFY(devices.at(0).toObject().value("passed").toBool());
    QCOMPARE(devices.at(0).toObject().value("details").toObject().value("paper").toString(), QStringLiteral("ok"));
}

void TestKioskctlDevices::selftest_aDeviceFails_exits1WithItsSummary()
{
    const QString missing = dir_.filePath(QStringLiteral("unplugged-reader"));
    const QString config = writeConfig(QStringLiteral("fail.conf"), missing);
    const Run run = kioskctl({QStringLiteral("--json"), QStringLiteral("devices"), QStringLiteral("selftest"),
                              QStringLiteral("--config"), config});
    QCOMPARE(run.exitCode, 1);
    const QJsonObject o = run.json();
    QCOMPARE(o.value("passed").toBool(), false);
    const QJsonObject reader = o.value("devices").toArray().at(0).toObject();
    QCOMPARE(reader.value("kind").toString(), QStringLiteral("idcard_reader"));
    QCOMPARE(reader.value("passed").toBool(), false);
    QVERIFY2(reader.value("summary").toString().contains(missing), qPrintable(reader.value("summary").toString()));
    QCOMPARE(reader.value("status").toString(), QStringLiteral("no_device"));
    QVERIFY(o.value("devices").toArray().at(1).toObject().value("passed").toBool());

    const Run one = kioskctl({QStringLiteral("devices"), QStringLiteral("selftest"), QStringLiteral("idcard_reader"),
                              QStringLiteral("--config"), config});
    QCOMPARE(one.exitCode, 1);
    QVERIFY2(one.out.contains("0 passed, 1 failed"), one.out.constData());
}

void TestKioskctlDevices::badInput_exits2_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<bool>("withConfig");
    QTest::newRow("unknown kind") << QStringList{"devices", "selftest", "toaster"} << true;
    QTest::newRow("kind not enabled") << QStringList{"devices", "selftest", "face_camera"} << true;
    QTest::newRow("list takes no arguments") << QStringList{"devices", "list", "extra"} << true;
    QTest::newRow("missing config file") << QStringList{"devices", "list", "--config", "/nonexistent/kiosk.conf"}
                                         << false;
}

void TestKioskctlDevices::badInput_exits2()
{
    QFETCH(QStringList, args);
    QFETCH(bool, withConfig);
    if (withConfig)
        args << QStringLiteral("--config") << writeConfig(QStringLiteral("bad-input.conf"));
    const Run run = kioskctl(QStringList{QStringLiteral("--json")} + args);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(!run.json().value("error").toString().isEmpty(), run.out.constData());
}

QTEST_GUILESS_MAIN(TestKioskctlDevices)
#include "test_kioskctl_devices.moc"
