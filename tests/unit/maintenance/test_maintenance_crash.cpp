// kill -9 of a process in the middle of a sequence of PIN attempts: every attempt it started is counted (the count is
// on disk before the PIN is checked), and a lockout it reached holds for the next process.
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include "app/maintenance/maintenance_auth.h"

using namespace kiosk;
using app::AuthResult;

namespace {

// Reads the worker's lines until `line` appears (or the worker ends); false on timeout.
bool waitForLine(QProcess &p, const QByteArray &line, QByteArray *seen, int timeoutMs = 20000)
{
    QElapsedTimer t;
    t.start();
    while (!seen->contains(line)) {
        if (p.state() != QProcess::Running && p.bytesAvailable() == 0)
            return false;
        if (t.elapsed() > timeoutMs)
            return false;
        p.waitForReadyRead(200);
        *seen += p.readAllStandardOutput();
    }
    return true;
}

} // namespace

class TestMaintenanceCrash : public QObject
{
    Q_OBJECT

private slots:
    void killNine_midAttempt_leavesTheAttemptCounted()
    {
        QTemporaryDir dir;
        app::MaintenanceAuthOptions o;
        o.databasePath = dir.filePath(QStringLiteral("maintenance.sqlite"));
        {
            // The card's hash is quick to find, the PIN's slow (~1 s per check): the kill lands inside the third
            // PIN check, after the attempt was counted on the card's path.
            o.kdfIterations = 2000;
            auto fast = app::MaintenanceAuth::open(o);
            QVERIFY(fast.isOk());
            QVERIFY(fast.auth->addCard(app::MaintenanceRole::Technician, QStringLiteral("04A1B2C3D4")).isOk());
        }
        o.kdfIterations = 3'000'000;
        {
            auto r = app::MaintenanceAuth::open(o);
            QVERIFY(r.isOk());
            QVERIFY(r.auth->setPin(app::MaintenanceRole::Technician, QStringLiteral("482913")).isOk());
        }
        QProcess worker;
        worker.start(QStringLiteral(KIOSK_AUTH_WORKER),
                     {o.databasePath, QStringLiteral("999999"), QStringLiteral("5"), QStringLiteral("04A1B2C3D4")});
        QVERIFY(worker.waitForStarted(5000));
        QByteArray seen;
        QVERIFY2(waitForLine(worker, "start 3\n", &seen), seen.constData());
        QVERIFY(seen.contains("done 2 denied"));
        QTest::qWait(300);
        worker.kill();
        QVERIFY(worker.waitForFinished(5000));
        seen += worker.readAllStandardOutput();
        QVERIFY2(!seen.contains("done 3"), "the worker finished its third attempt before the kill; slow the KDF");

        auto r = app::MaintenanceAuth::open(o);
        QVERIFY(r.isOk());
        const auto s = r.auth->status(QStringLiteral("04A1B2C3D4"));
        QVERIFY(s.isOk());
        QCOMPARE(s.value.failures, 3);
        QCOMPARE(s.value.lockedForMs, 0);
    }

    void lockoutReachedByAKilledProcess_holdsForTheNextOne()
    {
        QTemporaryDir dir;
        app::MaintenanceAuthOptions o;
        o.databasePath = dir.filePath(QStringLiteral("maintenance.sqlite"));
        o.kdfIterations = 2000;
        {
            auto r = app::MaintenanceAuth::open(o);
            QVERIFY(r.auth->setPin(app::MaintenanceRole::Technician, QStringLiteral("482913")).isOk());
        }
        QProcess worker;
        worker.start(QStringLiteral(KIOSK_AUTH_WORKER),
                     {o.databasePath, QStringLiteral("999999"), QStringLiteral("100000")});
        QVERIFY(worker.waitForStarted(5000));
        QByteArray seen;
        QVERIFY2(waitForLine(worker, "done 5 locked_out\n", &seen), seen.constData());
        worker.kill();
        QVERIFY(worker.waitForFinished(5000));

        auto r = app::MaintenanceAuth::open(o);
        const AuthResult a = r.auth->attemptPin(QStringLiteral("482913"));
        QCOMPARE(app::toString(a.outcome), QStringLiteral("locked_out"));
        QVERIFY(a.lockedForMs > 14 * 60 * 1000);
        QVERIFY(a.lockedForMs <= 15 * 60 * 1000);
        QCOMPARE(r.auth->status().value.lockouts, 1);
    }
};

QTEST_GUILESS_MAIN(TestMaintenanceCrash)
#include "test_maintenance_crash.moc"
