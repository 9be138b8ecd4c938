// Logging: lines reach the file with their category, files rotate at the size limit and the oldest is dropped.
#include <QDir>
#include <QLoggingCategory>
#include <QTemporaryDir>
#include <QTest>

#include "app/logging/log_setup.h"

Q_LOGGING_CATEGORY(lcTestLog, "kiosk.test.log")

class LogSetupTest : public QObject
{
    Q_OBJECT
private slots:
    void linesCarryTheirCategory()
    {
        QTemporaryDir dir;
        kiosk::app::installLogging({dir.path(), 64, 3, QString(), false});
        qCInfo(lcTestLog) << "hello";
        kiosk::app::shutdownLogging();
        QFile f(dir.filePath("kiosk.log"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray text = f.readAll();
        QVERIFY(text.contains("info kiosk.test.log: hello"));
        QCOMPARE(QFileInfo(f).permissions() & (QFile::ReadOther | QFile::ReadGroup), QFile::Permissions());
    }

    void filesRotateAtTheLimit_andKeepAtMostMaxFiles()
    {
        QTemporaryDir dir;
        kiosk::app::installLogging({dir.path(), 16, 3, QString(), false});
        const QString line(200, QLatin1Char('x'));
        for (int i = 0; i < 400; ++i)
            qCInfo(lcTestLog).noquote() << i << line;
        kiosk::app::shutdownLogging();
        const QStringList files = QDir(dir.path()).entryList({"kiosk.log*"}, QDir::Files, QDir::Name);
        QCOMPARE(files, (QStringList{"kiosk.log", "kiosk.log.1", "kiosk.log.2"}));
        for (const QString &f : files)
            QVERIFY2(QFileInfo(dir.filePath(f)).size() <= 16 * 1024, qPrintable(f));
        QFile newest(dir.filePath("kiosk.log"));
        QVERIFY(newest.open(QIODevice::ReadOnly));
        QVERIFY(newest.readAll().contains("399 "));
    }
};

QTEST_GUILESS_MAIN(LogSetupTest)
#include "test_log_setup.moc"
