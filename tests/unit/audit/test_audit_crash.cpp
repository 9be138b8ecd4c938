// kill -9 of a process appending audit records in a loop, 20 times over the same file: the chain always verifies,
// and every seq the process reported as committed is in it (synchronous=FULL, one transaction per record).
#include <QProcess>
#include <QRandomGenerator>
#include <QTest>

#include "audit_test_support.h"

using namespace kiosk;
using namespace kiosk::test;

class TestAuditCrash : public QObject
{
    Q_OBJECT

private slots:
    void killNine_midAppend_leavesAVerifiableChain()
    {
        AuditFixture f;
        const app::AuditOptions o = f.options();
        QRandomGenerator rng(20250301);
        const int iterations = qEnvironmentVariableIntValue("KIOSK_AUDIT_KILL9_ITERATIONS") > 0
                                   ? qEnvironmentVariableIntValue("KIOSK_AUDIT_KILL9_ITERATIONS")
                                   : 20;
        qint64 committed = 0;
        for (int i = 0; i < iterations; ++i) {
            QProcess worker;
            worker.setProgram(QStringLiteral(KIOSK_AUDIT_WORKER));
            worker.setArguments({o.databasePath, o.keyPath, QStringLiteral("1000000")});
            worker.start();
            QVERIFY(worker.waitForStarted(5000));
            // Kill after a random number of committed records (0: as soon as it runs, likely mid-open or mid-append).
            const int wanted = rng.bounded(0, 25);
            int seen = 0;
            QByteArray pending;
            while (seen < wanted && worker.state() == QProcess::Running) {
                worker.waitForReadyRead(2000);
                pending += worker.readAllStandardOutput();
                qsizetype nl;
                while ((nl = pending.indexOf('\n')) >= 0) {
                    committed = qMax(committed, pending.left(nl).toLongLong());
                    pending.remove(0, nl + 1);
                    ++seen;
                }
            }
            if (wanted > 0)
                QThread::usleep(rng.bounded(0, 3000)); // land somewhere inside the next append
            worker.kill();                             // SIGKILL
            QVERIFY(worker.waitForFinished(5000));
            pending += worker.readAllStandardOutput();
            for (const QByteArray &line : pending.split('\n')) {
                if (!line.trimmed().isEmpty())
                    committed = qMax(committed, line.trimmed().toLongLong());
            }
            QVERIFY2(worker.exitStatus() == QProcess::CrashExit || worker.exitCode() == 0,
                     worker.readAllStandardError().constData());

            app::AuditOptions check = o;
            check.recoverCorrupt = false;
            app::AuditOpenResult r = app::AuditLog::openExisting(check);
            if (!r.isOk() && r.error.code == queue::StoreErrorCode::NotFound && committed == 0)
                continue; // killed before it made the file
            QVERIFY2(r.isOk(), qPrintable(r.error.message));
            const app::AuditVerifyResult v = r.log->verify();
            QVERIFY2(v.ok, qPrintable(QStringLiteral("iteration %1: %2").arg(i).arg(v.detail)));
            QVERIFY2(v.head.seq >= committed,
                     qPrintable(
                         QStringLiteral("iteration %1: head %2 < committed %3").arg(i).arg(v.head.seq).arg(committed)));
        }
        QVERIFY(committed > 0);
    }
};

QTEST_GUILESS_MAIN(TestAuditCrash)
#include "test_audit_crash.moc"
