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
