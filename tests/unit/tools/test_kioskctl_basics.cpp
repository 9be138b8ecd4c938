// kioskctl --version and config check, run as the technician runs them.
#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

class KioskctlBasicsTest : public QObject
{
    Q_OBJECT

    static QString kioskctl() { return qEnvironmentVariable("KIOSK_BINARY_DIR") + "/app/kioskctl/kioskctl"; }

    static int run(const QStringList &args, QByteArray *out)
    {
        QProcess p;
        p.start(kioskctl(), args);
        if (!p.waitForFinished(20000))
            return -1;
        *out = p.readAllStandardOutput();
        return p.exitCode();
    }

private slots:
    void version_printsTheProjectVersion()
    {
        QByteArray out;
        QCOMPARE(run({"--version"}, &out), 0);
        QVERIFY(out.startsWith("kioskctl " KIOSK_VERSION));
        QCOMPARE(run({"--json", "--version"}, &out), 0);
        QCOMPARE(QJsonDocument::fromJson(out).object().value("version").toString(), QStringLiteral(KIOSK_VERSION));
    }

    void configCheck_acceptsTheSample()
    {
        QByteArray out;
        const QString sample = qEnvironmentVariable("KIOSK_SOURCE_DIR") + "/packaging/kiosk.conf.sample";
        QCOMPARE(run({"--json", "config", "check", "--config", sample}, &out), 0);
        const QJsonObject o = QJsonDocument::fromJson(out).object();
        QCOMPARE(o.value("ok").toBool(), true);
        QCOMPARE(o.value("kiosk_id").toString(), QStringLiteral("GD-GZ-TH-0001"));
    }

    void configCheck_reportsProblemsWithExit1()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("bad.conf");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("[ui]\nidle_timeout_s=2\ndefault_language=de\n[devices]\nidcard_reader.required=perhaps\n");
        f.close();
        QByteArray out;
        QCOMPARE(run({"config", "check", path}, &out), 1);
        QVERIFY(out.contains("ui/idle_timeout_s"));
        QVERIFY(out.contains("ui/default_language"));
        QVERIFY(out.contains("devices/idcard_reader.required"));
    }

    // The maintenance menu's local override: its values are named with their file; a platform setting in it is an
    // error (ignored by the kiosk), so the check fails.
    void configCheck_namesLocalValues_andFailsOnAForbiddenOne()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("kiosk.conf");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QStringLiteral("[kiosk]\ndata_dir=%1\n[ui]\nhotline=12345\n").arg(dir.path()).toUtf8());
        f.close();
        QFile local(dir.filePath("kiosk.local.conf"));
        QVERIFY(local.open(QIODevice::WriteOnly));
        local.write("[ui]\nhotline=96333\n");
        local.close();
        QByteArray out;
        QCOMPARE(run({"config", "check", path}, &out), 0);
        QVERIFY2(out.contains("local: ui/hotline = 96333 (from " + dir.filePath("kiosk.local.conf").toUtf8()),
                 out.constData());
        QCOMPARE(run({"--json", "config", "check", path}, &out), 0);
        QCOMPARE(QJsonDocument::fromJson(out).object().value("local_values").toObject().value("ui/hotline").toString(),
                 QStringLiteral("96333"));
        QVERIFY(local.open(QIODevice::Append));
        local.write("[platform]\nurl=https://elsewhere.example\n");
        local.close();
        QCOMPARE(run({"config", "check", path}, &out), 1);
        QVERIFY2(out.contains("error: platform/url: in "), out.constData());
    }

    // A region's drop-in (kiosk.conf.d/*.conf): every value is printed with the file it comes from.
    void configCheck_namesTheFileOfEveryValue()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("kiosk.conf");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QStringLiteral("[kiosk]\ndata_dir=%1\nid=GD-GZ-0007\n[ui]\nhotline=12345\n").arg(dir.path()).toUtf8());
        f.close();
        QVERIFY(QDir().mkpath(path + ".d"));
        QFile region(path + ".d/50-region.conf");
        QVERIFY(region.open(QIODevice::WriteOnly));
        region.write("[kiosk]\nregion=gz-tianhe\n[platform]\nurl=https://gz.example/api\n[ui]\nhotline=96333\n");
        region.close();
        QByteArray out;
        QCOMPARE(run({"config", "check", path}, &out), 0);
        const QByteArray dropIn = region.fileName().toUtf8();
        QVERIFY2(out.contains("value: kiosk/id = GD-GZ-0007 (from " + path.toUtf8() + ")"), out.constData());
        QVERIFY2(out.contains("value: ui/hotline = 96333 (from " + dropIn + ")"), out.constData());
        QVERIFY2(out.contains("value: platform/url = https://gz.example/api (from " + dropIn + ")"), out.constData());
        QVERIFY2(out.contains("value: kiosk/region = gz-tianhe (from " + dropIn + ")"), out.constData());
        QCOMPARE(run({"--json", "config", "check", path}, &out), 0);
        const QJsonObject values = QJsonDocument::fromJson(out).object().value("values").toObject();
        QCOMPARE(values.value("platform/url").toObject().value("file").toString(), region.fileName());
        QCOMPARE(values.value("ui/hotline").toObject().value("value").toString(), QStringLiteral("96333"));
    }

    void unknownCommand_isAUsageError()
    {
        QByteArray out;
        QCOMPARE(run({"frobnicate"}, &out), 2);
    }
};

QTEST_GUILESS_MAIN(KioskctlBasicsTest)
#include "test_kioskctl_basics.moc"
