// `kioskctl audit verify|tail|head` on a log in a temporary data folder: exit codes and the --json shape.
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSettings>
#include <QTest>

#include "audit_test_support.h"

using namespace kiosk;
using namespace kiosk::test;

class TestKioskctlAudit : public QObject
{
    Q_OBJECT

    struct Run {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
        QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
    };

    QTemporaryDir dir_;
    QString config_;

    Run kioskctl(const QStringList &args)
    {
        QProcess p;
        p.start(QStringLiteral(KIOSK_KIOSKCTL), QStringList{QStringLiteral("--config"), config_} + args);
        Run r;
        if (!p.waitForFinished(30000))
            return r;
        r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.out = p.readAllStandardOutput();
        r.err = p.readAllStandardError();
        return r;
    }

    app::AuditOptions options()
    {
        QSettings ini(config_, QSettings::IniFormat);
        return app::loadAuditOptions(ini, dir_.filePath(QStringLiteral("data")));
    }

private slots:
    void initTestCase()
    {
        QVERIFY(dir_.isValid());
        config_ = dir_.filePath(QStringLiteral("kiosk.conf"));
        QSettings ini(config_, QSettings::IniFormat);
        ini.setValue(QStringLiteral("kiosk/data_dir"), dir_.filePath(QStringLiteral("data")));
        ini.sync();
    }

    void verify_withoutALog_isOkAndCreatesNothing()
    {
        const Run r = kioskctl({QStringLiteral("--json"), QStringLiteral("audit"), QStringLiteral("verify")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.json().value(QLatin1String("ok")).toBool(), true);
        QCOMPARE(r.json().value(QLatin1String("records")).toInt(-1), 0);
        QVERIFY(!QFile::exists(options().databasePath));
        QVERIFY(!QFile::exists(options().keyPath));
    }

    void verify_ofAnIntactLog_exitsZero()
    {
        {
            app::AuditOpenResult o = app::AuditLog::open(options());
            QVERIFY2(o.isOk(), qPrintable(o.error.message));
            for (int i = 0; i < 6; ++i)
                QVERIFY(o.log->append(QStringLiteral("test.ctl"), {{QStringLiteral("i"), i}}).isOk());
        }
        const Run r = kioskctl({QStringLiteral("--json"), QStringLiteral("audit"), QStringLiteral("verify")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject j = r.json();
        QCOMPARE(j.value(QLatin1String("ok")).toBool(), true);
        QCOMPARE(j.value(QLatin1String("records")).toInt(), 6);
        QVERIFY(j.contains(QLatin1String("first_bad_seq")));
        QVERIFY(j.value(QLatin1String("first_bad_seq")).isNull());
        QVERIFY(j.contains(QLatin1String("detail")));
        const Run text = kioskctl({QStringLiteral("audit"), QStringLiteral("verify")});
        QCOMPARE(text.exitCode, 0);
        QVERIFY(text.out.contains("ok"));
    }

    void tail_printsTheLastRecords()
    {
        const Run r = kioskctl({QStringLiteral("audit"), QStringLiteral("tail"), QStringLiteral("2")});
        QCOMPARE(r.exitCode, 0);
        const QList<QByteArray> lines = r.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 2);
        QVERIFY(lines[0].contains("test.ctl"));
        QVERIFY(lines[1].contains("\"i\":5"));
        const Run j = kioskctl({QStringLiteral("--json"), QStringLiteral("audit"), QStringLiteral("tail")});
        QCOMPARE(j.json().value(QLatin1String("records")).toArray().size(), 6);
        QCOMPARE(kioskctl({QStringLiteral("audit"), QStringLiteral("tail"), QStringLiteral("zero")}).exitCode, 2);
    }

    void verify_againstThePlatformsAnchors()
    {
        QList<app::AuditRecord> records;
        {
            app::AuditOpenResult o = app::AuditLog::openExisting(options());
            QVERIFY(o.isOk());
            records = o.log->tail(6).value;
        }
        QCOMPARE(records.size(), 6);
        const QString good = dir_.filePath(QStringLiteral("anchors.json"));
        {
            QFile f(good);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QJsonDocument(QJsonArray{QJsonObject{{"seq", 2}, {"head_hash", records[1].hash}},
                                             QJsonObject{{"seq", 6}, {"head_hash", records[5].hash}}})
                        .toJson());
        }
        Run r = kioskctl({QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--anchors"), good});
        QVERIFY2(r.exitCode == 0, r.out.constData());
        QVERIFY2(r.out.contains("passes through 2 of the platform's 2 anchor(s)"), r.out.constData());
        // The platform saw seq 9: this file was rolled back (or its tail cut) since.
        const QString later = dir_.filePath(QStringLiteral("anchors.txt"));
        {
            QFile f(later);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("# seq head_hash\n2 " + records[1].hash.toLatin1() + "\n9 " + QByteArray(64, 'd') + "\n");
        }
        r = kioskctl({QStringLiteral("--json"), QStringLiteral("audit"), QStringLiteral("verify"),
                      QStringLiteral("--anchors"), later});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.json().value(QLatin1String("first_bad_seq")).toInt(), 9);
        const QString broken = dir_.filePath(QStringLiteral("anchors-broken.txt"));
        {
            QFile f(broken);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("2 not-a-hash\n");
        }
        QCOMPARE(
            kioskctl({QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--anchors"), broken}).exitCode,
            2);
    }

    void verify_ofATamperedLog_exitsOneNamingTheSeq()
    {
        {
            RawDb raw(options().databasePath);
            QVERIFY(raw.exec("DELETE FROM audit_record WHERE seq = 3"));
        }
        const Run r = kioskctl({QStringLiteral("--json"), QStringLiteral("audit"), QStringLiteral("verify")});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.json().value(QLatin1String("ok")).toBool(true), false);
        QCOMPARE(r.json().value(QLatin1String("first_bad_seq")).toInt(), 3);
        const Run text = kioskctl({QStringLiteral("audit"), QStringLiteral("verify")});
        QCOMPARE(text.exitCode, 1);
        QVERIFY2(text.out.contains("seq 3"), text.out.constData());
    }

    void verify_withTheLogDeletedButItsKeyLeft_exitsOne()
    {
        QVERIFY(QFile::remove(options().databasePath));
        const Run r = kioskctl({QStringLiteral("--json"), QStringLiteral("audit"), QStringLiteral("verify")});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.json().value(QLatin1String("first_bad_seq")).toInt(), 1);
    }
};

QTEST_GUILESS_MAIN(TestKioskctlAudit)
#include "test_kioskctl_audit.moc"
