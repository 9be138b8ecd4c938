// Crash specification: a process enqueueing submissions and a process running the sync engine, both on the same
// queue file, are killed with SIGKILL at random moments, again and again. Afterwards the file passes
// PRAGMA integrity_check every time, and every submission whose enqueue returned OK reaches the platform exactly once.
//
// KIOSK_KILL9_ITERATIONS (default 30; CI runs 120, i.e. about 120 enqueuers and 100 sync engines killed) sets the
// rounds; KIOSK_KILL9_SEED (the unsigned 32-bit seed a run prints) makes a run repeatable. The long local profile,
// KIOSK_KILL9_ITERATIONS=1000, runs the binary directly (README, fault tests): main() gives Qt Test's per-function
// watchdog (QTEST_FUNCTION_TIMEOUT, 300 s by default) room for the rounds asked for.
#include <QJsonDocument>
#include <QProcess>
#include <QRandomGenerator>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include "fault_support.h"

using namespace kiosk;
using namespace kiosk::faults;
using namespace kiosk::queue;

class TestKill9 : public QObject
{
    Q_OBJECT

    QString pki;
    QTemporaryDir work;
    test::SandboxProcess sandbox;

    static void startWorker(QProcess &p, const QStringList &args)
    {
        p.setProgram(QStringLiteral(KIOSK_QUEUE_WORKER));
        p.setArguments(args);
        p.setProcessChannelMode(QProcess::SeparateChannels);
        p.start();
    }

    // Lines "OK <id>" printed so far (an id counts only once its line is complete).
    static void collect(QProcess &p, QByteArray &buffer, QSet<QString> &acknowledged)
    {
        buffer += p.readAllStandardOutput();
        qsizetype nl;
        while ((nl = buffer.indexOf('\n')) >= 0) {
            const QByteArray line = buffer.left(nl).trimmed();
            buffer.remove(0, nl + 1);
            if (line.startsWith("OK "))
                acknowledged.insert(QString::fromLatin1(line.mid(3)));
        }
    }

public:
    static int kill9Iterations()
    {
        return qEnvironmentVariableIsSet("KIOSK_KILL9_ITERATIONS")
                   ? qEnvironmentVariableIntValue("KIOSK_KILL9_ITERATIONS")
                   : 30;
    }
    // The seed as printed (%u): up to 4294967295. qEnvironmentVariableIntValue() reads an int and gave 0 above 2^31.
    static quint32 parseSeed(const QByteArray &text, bool *ok)
    {
        const quint32 v = text.trimmed().toUInt(ok, 10);
        return *ok ? v : 0;
    }

private slots:
    void seed_above2to31_readsBack()
    {
        bool ok = false;
        QCOMPARE(parseSeed("3735928559", &ok), 3735928559u); // 0xDEADBEEF, as a run prints it
        QVERIFY(ok);
        QCOMPARE(parseSeed("4294967295", &ok), 4294967295u);
        QVERIFY(ok);
        parseSeed("4294967296", &ok); // beyond 32 bits: refused, not wrapped
        QVERIFY(!ok);
        parseSeed("-1", &ok);
        QVERIFY(!ok);
    }

    void initTestCase()
    {
        QString why;
        if (!sandboxBuilt(&why))
            QSKIP(qPrintable(why));
        if (!QFile::exists(QStringLiteral(KIOSK_QUEUE_WORKER)))
            QSKIP("queue_worker is not built");
        pki = demoPki(QStringLiteral("test_kill9"), &why);
        QVERIFY2(why.isEmpty(), qPrintable(why));
        const QString started = sandbox.start(pki, {"--advance-seconds", "0"});
        QVERIFY2(started.isEmpty(), qPrintable(started));
    }

    void killedAtRandomPoints_losesNothingAndDuplicatesNothing()
    {
        const int iterations = kill9Iterations();
        QVERIFY2(iterations > 0, "KIOSK_KILL9_ITERATIONS must be a positive number");
        bool seedOk = true;
        const quint32 seed = qEnvironmentVariableIsSet("KIOSK_KILL9_SEED")
                                 ? parseSeed(qgetenv("KIOSK_KILL9_SEED"), &seedOk)
                                 : QRandomGenerator::global()->generate();
        QVERIFY2(seedOk, "KIOSK_KILL9_SEED must be the unsigned 32-bit number a run printed");
        qInfo("kill -9: %d iterations, seed %u (KIOSK_KILL9_SEED to repeat)", iterations, seed);
        QRandomGenerator rng(seed);
        const QString db = work.filePath(QStringLiteral("queue.sqlite"));
        const QString url = sandboxUrl(sandbox);
        QSet<QString> acknowledged;
        int killedEnqueuers = 0;
        int killedSyncers = 0;

        for (int i = 0; i < iterations; ++i) {
            QProcess enqueuer;
            QProcess syncer;
            QByteArray buffer;
            startWorker(enqueuer, {"enqueue", db, pki, "0", "40"});
            // Most rounds kill a sync engine too; one in six lets the enqueuer run alone, so the queue grows.
            const bool withSyncer = rng.bounded(6) != 0;
            if (withSyncer)
                startWorker(syncer, {"sync", db, pki, url});
            QVERIFY(enqueuer.waitForStarted(5000));
            const int lifeMs = 80 + int(rng.bounded(520));
            QElapsedTimer t;
            t.start();
            while (t.elapsed() < lifeMs) {
                // The event loop keeps reading every child's pipes: a sandbox whose log pipe fills up stops serving.
                QTest::qWait(10);
                collect(enqueuer, buffer, acknowledged);
                sandbox.stderrText();
            }
            // SIGKILL in a random order, with a random gap: mid-transaction, mid-upload, mid-ack.
            const bool enqueuerFirst = rng.bounded(2) == 0;
            QProcess *first = enqueuerFirst ? &enqueuer : &syncer;
            QProcess *second = enqueuerFirst ? &syncer : &enqueuer;
            if (first->state() != QProcess::NotRunning)
                first->kill();
            if (rng.bounded(2) == 0)
                QThread::msleep(rng.bounded(60));
            if (second->state() != QProcess::NotRunning)
                second->kill();
            enqueuer.waitForFinished(5000);
            syncer.waitForFinished(5000);
            collect(enqueuer, buffer, acknowledged);
            const QByteArray enqueueErrors = enqueuer.readAllStandardError();
            QVERIFY2(!enqueueErrors.contains("RECOVERED"), enqueueErrors.constData());
            killedEnqueuers += enqueuer.exitStatus() == QProcess::CrashExit ? 1 : 0;
            killedSyncers += withSyncer && syncer.exitStatus() == QProcess::CrashExit ? 1 : 0;

            // A loaded machine may kill the first enqueuer before it created the file: nothing to check yet.
            if (!QFile::exists(db)) {
                QVERIFY2(acknowledged.isEmpty(), "acknowledged submissions but no queue file");
                continue;
            }
            const QString check = integrityCheck(db);
            QVERIFY2(check == QLatin1String("ok"), qPrintable(QStringLiteral("round %1: %2").arg(i).arg(check)));
        }
        qInfo("%lld acknowledged submissions; killed %d enqueuers and %d sync engines", qint64(acknowledged.size()),
              killedEnqueuers, killedSyncers);
        QVERIFY(!acknowledged.isEmpty());

        // Let one sync engine finish the job undisturbed.
        QProcess last;
        QElapsedTimer drainClock;
        drainClock.start();
        startWorker(last, {"sync", db, pki, url, "--until-empty", "--timeout-ms", "90000"});
        while (last.state() != QProcess::NotRunning && drainClock.elapsed() < 100'000) {
            QTest::qWait(50);
            sandbox.stderrText();
        }
        QCOMPARE(last.state(), QProcess::NotRunning);
        qInfo("the last sync engine drained the queue in %lld ms", drainClock.elapsed());
        QVERIFY2(last.exitCode() == 0, last.readAllStandardError().right(2000).constData());
        QCOMPARE(integrityCheck(db), QStringLiteral("ok"));

        const QHash<QString, int> received = receivedIds(sandbox);
        for (const QString &id : std::as_const(acknowledged))
            QVERIFY2(received.value(id) == 1,
                     qPrintable(QStringLiteral("%1 reached the platform %2 times").arg(id).arg(received.value(id))));
        for (auto it = received.cbegin(); it != received.cend(); ++it)
            QVERIFY2(it.value() == 1, qPrintable(QStringLiteral("%1 arrived %2 times").arg(it.key()).arg(it.value())));

        // Everything in the queue (acknowledged or enqueued just before a kill) is delivered, nothing parked.
        StoreOptions options;
        options.recoverCorrupt = false;
        StoreOpenResult opened = Store::open(db, Outbox::migrations(), options);
        QVERIFY(opened.isOk());
        OutboxOptions oo;
        oo.kioskId = kKioskId;
        Outbox outbox(*opened.store, oo);
        const auto stats = outbox.stats();
        QVERIFY(stats.isOk());
        QCOMPARE(stats.value.dead, 0);
        QCOMPARE(stats.value.pending + stats.value.inFlight, 0);
        QCOMPARE(stats.value.acked, received.size());
    }

    void cleanupTestCase() { sandbox.stop(); }
};

// QTEST_GUILESS_MAIN, plus a per-function timeout that fits the rounds: about 1.5 s a round on 2 busy cores and the
// final drain, never below Qt's 300 s. An explicit QTEST_FUNCTION_TIMEOUT is left as it is.
int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (!qEnvironmentVariableIsSet("QTEST_FUNCTION_TIMEOUT")) {
        const qint64 ms = qMax<qint64>(300'000, qint64(TestKill9::kill9Iterations()) * 3'000 + 240'000);
        qputenv("QTEST_FUNCTION_TIMEOUT", QByteArray::number(ms));
    }
    TestKill9 test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}
#include "test_kill9.moc"
