// `kioskctl maintenance set-pin|add-card|status|unlock` against a temporary data folder: the PIN read from stdin,
// weak PINs refused, credentials usable by the kiosk afterwards, every change in the audit log.
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include "app/audit/audit_log.h"
#include "app/maintenance/maintenance_auth.h"

namespace QTest {
inline bool qCompare(const kiosk::app::MaintenanceRole &a, const kiosk::app::MaintenanceRole &b, const char *actual,
                     const char *expected, const char *file, int line)
{
    return qCompare(kiosk::app::toString(a), kiosk::app::toString(b), actual, expected, file, line);
}
inline bool qCompare(const kiosk::queue::StoreErrorCode &a, const kiosk::queue::StoreErrorCode &b, const char *actual,
                     const char *expected, const char *file, int line)
{
    return qCompare(kiosk::queue::toString(a), kiosk::queue::toString(b), actual, expected, file, line);
}
} // namespace QTest

using namespace kiosk;

class TestKioskctlMaintenance : public QObject
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

    Run kioskctl(const QStringList &args, const QByteArray &input = {})
    {
        QProcess p;
        p.start(QStringLiteral(KIOSK_KIOSKCTL), QStringList{QStringLiteral("--config"), config_} + args);
        p.write(input);
        p.closeWriteChannel();
        Run r;
        if (!p.waitForFinished(30000))
            return r;
        r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.out = p.readAllStandardOutput();
        r.err = p.readAllStandardError();
        return r;
    }

    QString dataDir() const { return dir_.filePath(QStringLiteral("data")); }

private slots:
    void initTestCase()
    {
        QVERIFY(dir_.isValid());
        config_ = dir_.filePath(QStringLiteral("kiosk.conf"));
        QSettings ini(config_, QSettings::IniFormat);
        ini.setValue(QStringLiteral("kiosk/data_dir"), dataDir());
        ini.sync();
    }

    void status_beforeAnything_saysNothingIsSet()
    {
        const Run r = kioskctl({QStringLiteral("--json"), QStringLiteral("maintenance"), QStringLiteral("status")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.json().value(QLatin1String("pins")).toArray().size(), 0);
    }

    void setPin_withoutARole_isAUsageError()
    {
        QCOMPARE(kioskctl({QStringLiteral("maintenance"), QStringLiteral("set-pin")}, "482913\n").exitCode, 2);
        QCOMPARE(kioskctl({QStringLiteral("maintenance"), QStringLiteral("set-pin"), QStringLiteral("--role"),
                           QStringLiteral("admin")},
                          "482913\n")
                     .exitCode,
                 2);
    }

    void setPin_refusesAWeakPin()
    {
        const Run r = kioskctl({QStringLiteral("maintenance"), QStringLiteral("set-pin"), QStringLiteral("--role"),
                                QStringLiteral("technician")},
                               "123456\n");
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("straight run"));
    }

    void setPin_readsStdin_andTheKioskAcceptsThePin()
    {
        const Run r = kioskctl({QStringLiteral("maintenance"), QStringLiteral("set-pin"), QStringLiteral("--role"),
                                QStringLiteral("supervisor")},
                               "730511\n");
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(!r.out.contains("730511"));
        const Run card = kioskctl({QStringLiteral("maintenance"), QStringLiteral("add-card"), QStringLiteral("--role"),
                                   QStringLiteral("supervisor")},
                                  "04A1B2C3D4\n");
        QVERIFY2(card.exitCode == 0, card.err.constData());

        QSettings ini(config_, QSettings::IniFormat);
        app::MaintenanceAuthOptions o = app::loadMaintenanceOptions(ini, dataDir());
        auto auth = app::MaintenanceAuth::open(o);
        QVERIFY(auth.isOk());
        const app::AuthResult a = auth.auth->attemptCardAndPin(QStringLiteral("04A1B2C3D4"), QStringLiteral("730511"));
        QVERIFY(a.granted());
        QCOMPARE(*a.role, app::MaintenanceRole::Supervisor);
        QVERIFY(!auth.auth->attemptPin(QStringLiteral("730511")).granted()); // two factors: never the PIN alone

        const Run s = kioskctl({QStringLiteral("--json"), QStringLiteral("maintenance"), QStringLiteral("status")});
        QCOMPARE(s.json().value(QLatin1String("pins")).toArray(), QJsonArray{QStringLiteral("supervisor")});
        QCOMPARE(s.json().value(QLatin1String("supervisor_cards")).toInt(), 1);
        QCOMPARE(s.json().value(QLatin1String("failures")).toInt(), 1);
    }

    void changes_areInTheAuditLog_withoutSecrets()
    {
        QSettings ini(config_, QSettings::IniFormat);
        app::AuditOpenResult log = app::AuditLog::openExisting(app::loadAuditOptions(ini, dataDir()));
        QVERIFY2(log.isOk(), qPrintable(log.error.message));
        QVERIFY(log.log->verify().ok);
        const auto t = log.log->tail(50);
        QStringList kinds;
        for (const app::AuditRecord &r : t.value) {
            kinds << r.kind;
            QVERIFY(!r.detail.contains("730511"));
            QVERIFY(!r.detail.contains("04A1B2C3D4"));
        }
        QVERIFY(kinds.contains(QStringLiteral("config.change")));
    }

    void unlock_endsALockout()
    {
        for (int i = 0; i < 5; ++i) {
            QSettings ini(config_, QSettings::IniFormat);
            auto auth = app::MaintenanceAuth::open(app::loadMaintenanceOptions(ini, dataDir()));
            auth.auth->attemptPin(QStringLiteral("000001"));
        }
        Run s = kioskctl({QStringLiteral("--json"), QStringLiteral("maintenance"), QStringLiteral("status")});
        QVERIFY(s.json().value(QLatin1String("locked_for_s")).toInt() > 0);
        QCOMPARE(kioskctl({QStringLiteral("maintenance"), QStringLiteral("unlock")}).exitCode, 0);
        s = kioskctl({QStringLiteral("--json"), QStringLiteral("maintenance"), QStringLiteral("status")});
        QCOMPARE(s.json().value(QLatin1String("locked_for_s")).toInt(), 0);
        QCOMPARE(s.json().value(QLatin1String("failures")).toInt(), 0);
    }
};

QTEST_GUILESS_MAIN(TestKioskctlMaintenance)
#include "test_kioskctl_maintenance.moc"
