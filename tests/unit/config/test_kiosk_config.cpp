// Configuration: safe defaults, the documented sample is valid, bad values are reported and never used.
#include <QDir>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include "app/config/config_layers.h"
#include "app/config/kiosk_config.h"
#include "app/logging/log_setup.h"

using kiosk::app::ConfigProblem;
using kiosk::app::KioskConfig;
using kiosk::app::LayeredConfig;

class KioskConfigTest : public QObject
{
    Q_OBJECT

    static void writeFile(const QString &path, const QByteArray &text)
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(text);
    }

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

    // Drop-ins (kiosk.conf.d/*.conf) are read after kiosk.conf in name order, a later file winning; every value
    // taken names its file; anything but *.conf is not read; a bad value in a drop-in is named with its file and
    // keeps the value of the layers before it.
    void dropIns_areReadInNameOrder_laterWins_andNameTheirFile()
    {
        QTemporaryDir dir;
        const QString main = write(dir, QStringLiteral("[kiosk]\ndata_dir=%1\nid=GD-GZ-0001\nregion=gz\n[ui]\n"
                                                       "hotline=12345\nidle_timeout_s=90\n")
                                            .arg(dir.path())
                                            .toUtf8());
        QVERIFY(QDir().mkpath(main + ".d"));
        writeFile(main + ".d/20-centre.conf", "[kiosk]\nregion=gz-tianhe\n[ui]\nhotline=96333\n");
        writeFile(main + ".d/10-region.conf", "[kiosk]\nregion=gz-yuexiu\n[ui]\nhotline=11111\ncountdown_s=45\n"
                                              "[platform]\nurl=https://gz.example/api\n");
        writeFile(main + ".d/30-bad.conf", "[ui]\nidle_timeout_s=2\n");
        writeFile(main + ".d/40-ignored.conf.dpkg-old", "[ui]\nhotline=00000\n");
        QList<ConfigProblem> problems;
        const KioskConfig c = KioskConfig::load(main, &problems);
        QCOMPARE(c.layerPaths,
                 (QStringList{main, main + ".d/10-region.conf", main + ".d/20-centre.conf", main + ".d/30-bad.conf"}));
        QCOMPARE(c.region, QStringLiteral("gz-tianhe"));
        QCOMPARE(c.hotline, QStringLiteral("96333"));
        QCOMPARE(c.countdownS, 45);
        QCOMPARE(c.idleTimeoutS, 90); // 30-bad's value is refused: the main file's stays
        QCOMPARE(c.kioskId, QStringLiteral("GD-GZ-0001"));
        QCOMPARE(c.valueSources.value("kiosk/region"), main + ".d/20-centre.conf");
        QCOMPARE(c.valueSources.value("ui/countdown_s"), main + ".d/10-region.conf");
        QCOMPARE(c.valueSources.value("ui/idle_timeout_s"), main);
        QCOMPARE(c.valueSources.value("kiosk/id"), main);
        QCOMPARE(problems.size(), 1);
        QCOMPARE(problems[0].key, QStringLiteral("ui/idle_timeout_s"));
        QVERIFY2(problems[0].message.startsWith("in " + main + ".d/30-bad.conf: "), qPrintable(problems[0].message));

        // The parts that open QSettings on a path see one merged file with the same winners, and every key's file.
        const LayeredConfig layered(main);
        QVERIFY(layered.path() != main);
        QSettings merged(layered.path(), QSettings::IniFormat);
        QCOMPARE(merged.value("platform/url").toString(), QStringLiteral("https://gz.example/api"));
        QCOMPARE(merged.value("ui/hotline").toString(), QStringLiteral("96333"));
        QCOMPARE(merged.value("kiosk/id").toString(), QStringLiteral("GD-GZ-0001"));
        QCOMPARE(layered.sourceOf("platform/url"), main + ".d/10-region.conf");
        QCOMPARE(layered.sourceOf("ui/idle_timeout_s"), main + ".d/30-bad.conf");
        const QString mergedPath = layered.path();
        QVERIFY(QFile::exists(mergedPath));

        // Without drop-ins nothing is copied: the main file is read as it is.
        QTemporaryDir plain;
        const QString only = write(plain, "[ui]\nhotline=12345\n");
        QCOMPARE(LayeredConfig(only).path(), only);
        QCOMPARE(KioskConfig::load(only).layerPaths, QStringList{only});
    }

    // A region label that is not a plain label is refused (it becomes a Prometheus label value).
    void region_mustBeALabel()
    {
        QTemporaryDir dir;
        QList<ConfigProblem> problems;
        const KioskConfig c = KioskConfig::load(write(dir, "[kiosk]\nregion=\"gz\\\"} evil\"\n"), &problems);
        QCOMPARE(problems.size(), 1);
        QCOMPARE(problems[0].key, QStringLiteral("kiosk/region"));
        QCOMPARE(c.region, QString());
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
