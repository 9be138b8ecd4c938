// Configuration: safe defaults, the documented sample is valid, bad values are reported and never used.
#include <QTemporaryDir>
#include <QTest>

#include "app/config/kiosk_config.h"
#include "app/logging/log_setup.h"

using kiosk::app::ConfigProblem;
using kiosk::app::KioskConfig;

class KioskConfigTest : public QObject
{
    Q_OBJECT

    static QString write(QTemporaryDir &dir, const QByteArray &text)
    {
        const QString path = dir.filePath(QStringLiteral("k.conf"));
        QFile f(path);
        f.open(QIODevice::WriteOnly | QIODevice::Truncate);
        f.write(text);
        return path;
    }

private slots:
    void noFile_givesSafeDefaults()
    {
        const KioskConfig c = KioskConfig::load(QString());
        QCOMPARE(c.defaultLanguage, QStringLiteral("zh_CN"));
        QCOMPARE(c.idleTimeoutS, 60);
        QCOMPARE(c.careIdleTimeoutS, 120);
        QCOMPARE(c.countdownS, 30);
        QCOMPARE(c.hotline, QStringLiteral("12345"));
    }

    void documentedSample_isValid()
    {
        QList<ConfigProblem> problems;
        const KioskConfig c =
            KioskConfig::load(qEnvironmentVariable("KIOSK_SOURCE_DIR") + "/packaging/kiosk.conf.sample", &problems);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.value(0).key + ": " + problems.value(0).message));
        QCOMPARE(c.kioskId, QStringLiteral("GD-GZ-TH-0001"));
        QCOMPARE(c.centreName, QStringLiteral("广州市天河区政务服务中心"));
    }

    void invalidValues_areReportedAndKeepDefaults_data()
    {
        QTest::addColumn<QByteArray>("ini");
        QTest::addColumn<QString>("key");
        QTest::newRow("language") << QByteArray("[ui]\ndefault_language=fr\n") << "ui/default_language";
        QTest::newRow("idle too short") << QByteArray("[ui]\nidle_timeout_s=3\n") << "ui/idle_timeout_s";
        QTest::newRow("idle not a number") << QByteArray("[ui]\nidle_timeout_s=sixty\n") << "ui/idle_timeout_s";
        QTest::newRow("care bool") << QByteArray("[ui]\ncare_mode=maybe\n") << "ui/care_mode";
        QTest::newRow("kiosk id") << QByteArray("[kiosk]\nid=../../etc\n") << "kiosk/id";
        QTest::newRow("hotline") << QByteArray("[ui]\nhotline=call me\n") << "ui/hotline";
    }
    void invalidValues_areReportedAndKeepDefaults()
    {
        QFETCH(QByteArray, ini);
        QFETCH(QString, key);
        QTemporaryDir dir;
        QList<ConfigProblem> problems;
        const KioskConfig c = KioskConfig::load(write(dir, ini), &problems);
        QCOMPARE(problems.size(), 1);
        QCOMPARE(problems[0].key, key);
        QCOMPARE(problems[0].severity, ConfigProblem::Severity::Error);
        const KioskConfig d;
        QCOMPARE(c.defaultLanguage, d.defaultLanguage);
        QCOMPARE(c.idleTimeoutS, d.idleTimeoutS);
        QCOMPARE(c.defaultCareMode, d.defaultCareMode);
        QCOMPARE(c.kioskId, d.kioskId);
        QCOMPARE(c.hotline, d.hotline);
    }

    void unknownKey_isAWarning()
    {
        QTemporaryDir dir;
        QList<ConfigProblem> problems;
        KioskConfig::load(write(dir, "[ui]\nidle_timeout=60\n"), &problems);
        QCOMPARE(problems.size(), 1);
        QCOMPARE(problems[0].severity, ConfigProblem::Severity::Warning);
    }

    void unreadableFile_isAnErrorWithDefaults()
    {
        QList<ConfigProblem> problems;
        const KioskConfig c = KioskConfig::load(QStringLiteral("/nonexistent/kiosk.conf"), &problems);
        QCOMPARE(problems.size(), 1);
        QCOMPARE(c.idleTimeoutS, 60);
    }

    // The local override (the maintenance menu's file under data_dir) is read after /etc's file: it changes the
    // menu's settings and says which ones came from it.
    void localOverride_isReadAfterTheMainFile()
    {
        QTemporaryDir dir;
        const QString main = write(dir, QStringLiteral("[kiosk]\ndata_dir=%1\ncentre_name=天河\n[ui]\nhotline=12345\n"
                                                       "[voice]\nstandard_mode=false\n")
                                            .arg(dir.path())
                                            .toUtf8());
        QFile local(dir.filePath(QStringLiteral("kiosk.local.conf")));
        QVERIFY(local.open(QIODevice::WriteOnly));
        local.write("[ui]\nhotline=96333\n[voice]\nstandard_mode=true\n");
        local.close();
        QList<ConfigProblem> problems;
        const KioskConfig c = KioskConfig::load(main, &problems);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.value(0).message));
        QCOMPARE(c.overridePath, dir.filePath(QStringLiteral("kiosk.local.conf")));
        QCOMPARE(c.hotline, QStringLiteral("96333"));
        QCOMPARE(c.voiceInStandardMode, true);
        QCOMPARE(c.centreName, QStringLiteral("天河")); // not in the override: /etc's value
        QCOMPARE(c.overriddenKeys, (QStringList{QStringLiteral("ui/hotline"), QStringLiteral("voice/standard_mode")}));
        QCOMPARE(c.overridableValue(QStringLiteral("voice/standard_mode")), QStringLiteral("true"));
        QCOMPARE(c.overridableValue(QStringLiteral("kiosk/id")), QString());

        // [kiosk] local_config names another file (relative: under data_dir); an explicit path wins over both.
        const QString named = write(dir, QStringLiteral("[kiosk]\ndata_dir=%1\nlocal_config=menu.conf\n[ui]\n"
                                                        "hotline=12345\n")
                                             .arg(dir.path())
                                             .toUtf8());
        QCOMPARE(KioskConfig::load(named).hotline, QStringLiteral("12345"));
        QVERIFY(QFile::copy(local.fileName(), dir.filePath(QStringLiteral("menu.conf"))));
        QCOMPARE(KioskConfig::load(named).hotline, QStringLiteral("96333"));
        QCOMPARE(KioskConfig::load(named, QString(), nullptr).hotline, QStringLiteral("12345")); // none
        QCOMPARE(KioskConfig::load(QString()).overridePath, QString()); // no configuration file: no override
    }

    // Anything but the menu's settings in the override is ignored and reported as an error, so the file the kiosk
    // may write never changes platform, security or storage settings; a bad value keeps /etc's.
    void localOverride_refusesEveryOtherKey_andBadValues()
    {
        QTemporaryDir dir;
        const QString main =
            write(dir, QStringLiteral("[kiosk]\nid=GD-GZ-0001\ndata_dir=%1\n[ui]\nidle_timeout_s=90\nhotline=12345\n")
                           .arg(dir.path())
                           .toUtf8());
        QFile local(dir.filePath(QStringLiteral("kiosk.local.conf")));
        QVERIFY(local.open(QIODevice::WriteOnly));
        local.write("[kiosk]\nid=EVIL-1\ndata_dir=/tmp/elsewhere\nlocal_config=/tmp/other.conf\n"
                    "[ui]\nidle_timeout_s=20\nhotline=call me\n[queue]\ndisk_floor_mb=16\n"
                    "[platform]\nurl=https://elsewhere.example\n[logging]\ndir=/tmp\n");
        local.close();
        QList<ConfigProblem> problems;
        const KioskConfig c = KioskConfig::load(main, &problems);
        QCOMPARE(c.kioskId, QStringLiteral("GD-GZ-0001"));
        QCOMPARE(c.dataDir, dir.path());
        QCOMPARE(c.idleTimeoutS, 90);
        QCOMPARE(c.hotline, QStringLiteral("12345"));
        QCOMPARE(c.diskFloorMb, KioskConfig().diskFloorMb);
        QCOMPARE(c.logDir, QString());
        QVERIFY(c.overriddenKeys.isEmpty());
        QStringList reported;
        for (const ConfigProblem &p : problems) {
            QCOMPARE(p.severity, ConfigProblem::Severity::Error);
            QVERIFY2(p.message.startsWith(QStringLiteral("in ") + local.fileName()), qPrintable(p.message));
            reported << p.key;
        }
        reported.sort();
        QCOMPARE(reported, (QStringList{"kiosk/data_dir", "kiosk/id", "kiosk/local_config", "logging/dir",
                                        "platform/url", "queue/disk_floor_mb", "ui/hotline", "ui/idle_timeout_s"}));
    }

    void masks_hideAllButTheEdges()
    {
        QCOMPARE(kiosk::app::maskIdNumber(QStringLiteral("440106199003072430")), QStringLiteral("4401**********2430"));
        QCOMPARE(kiosk::app::maskName(QStringLiteral("张三")), QStringLiteral("张*"));
        QVERIFY(!kiosk::app::maskName(QStringLiteral("欧阳娜娜")).contains(QStringLiteral("娜")));
        QVERIFY(!kiosk::app::maskName(QStringLiteral("John Smith")).contains(QStringLiteral("Smith")));
    }
};

QTEST_GUILESS_MAIN(KioskConfigTest)
#include "test_kiosk_config.moc"
