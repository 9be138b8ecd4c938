// Specification of the sync engine's thread: it works on its own thread and connection, reports status to the GUI
// thread, wakes at once on enqueued()/syncNow(), sleeps (no spinning) when nothing is due, and stop() interrupts a
// transfer in progress within a bounded time, leaving the item due for the next start.
#include <QElapsedTimer>
#include <QPointer>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include "sync_test_support.h"

using namespace kiosk;
using namespace kiosk::queue;
using namespace kiosk::test;

namespace {

// The engine owns its client; the test keeps the fake platform to look into it.
class Forwarding : public PlatformClient
{
public:
    explicit Forwarding(FakePlatform &p) : p_(p) {}
    ApiResult getSubmissionKey() override { return p_.getSubmissionKey(); }
    ApiResult headBlob(const QString &s) override { return note(p_.headBlob(s)); }
    ApiResult putBlob(const QString &s, const QByteArray &b, const ProgressFn &f) override
    {
        return note(p_.putBlob(s, b, f));
    }
    ApiResult postSubmission(const QString &i, const QByteArray &e, const ProgressFn &f) override
    {
        return note(p_.postSubmission(i, e, f));
    }
    ApiResult getCatalogue(std::optional<qint64> v, const QByteArray &e) override { return p_.getCatalogue(v, e); }
    ApiResult getCase(const QString &c, const QString &q) override { return p_.getCase(c, q); }
    ApiResult getCaseByLocalNo(const QString &l, const QString &q) override { return p_.getCaseByLocalNo(l, q); }
    ApiResult queryCases(const QString &t) override { return p_.queryCases(t); }
    ApiResult checkQrIdentity(const QString &c) override { return p_.checkQrIdentity(c); }
    ApiResult listDocuments(const QString &t) override { return p_.listDocuments(t); }
    ApiResult fetchDocument(const QString &i, const QString &t) override { return p_.fetchDocument(i, t); }
    ApiResult postEvaluation(const QString &i, const QJsonObject &e) override { return p_.postEvaluation(i, e); }
    ApiResult postHeartbeat(const QJsonObject &h) override { return p_.postHeartbeat(h); }
    ApiResult postAuditAnchor(qint64 s, const QString &h) override { return p_.postAuditAnchor(s, h); }
    void cancel() override { p_.cancel(); }

    static inline std::atomic<Qt::HANDLE> callingThread{nullptr};

private:
    ApiResult note(ApiResult r)
    {
        callingThread.store(QThread::currentThreadId());
        return r;
    }
    FakePlatform &p_;
};

SyncSettings engineSettings(const QString &db)
{
    SyncSettings s = testSettings();
    s.databasePath = db;
    s.backoffBaseMs = 50;
    s.backoffCapMs = 200;
    return s;
}

// Real clocks: the engine sleeps on real timers here.
SyncClock realClock()
{
    return SyncClock::system();
}

} // namespace

class TestSyncEngine : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { qRegisterMetaType<kiosk::queue::SyncStatus>(); }

    void enqueuedItems_areDeliveredOnTheSyncThread_withStatusOnTheGuiThread()
    {
        QueueFixture q;
        q.wall = QDateTime::currentDateTimeUtc();
        for (int i = 0; i < 3; ++i)
            q.enqueue(1);
        FakePlatform platform;
        SyncEngine engine(
            engineSettings(q.path()), [&](const SyncSettings &) { return std::make_unique<Forwarding>(platform); },
            realClock());
        QList<Qt::HANDLE> receivedOn;
        QObject receiver;
        connect(&engine, &SyncEngine::statusChanged, &receiver,
                [&](const SyncStatus &) { receivedOn << QThread::currentThreadId(); });
        QSignalSpy acked(&engine, &SyncEngine::acknowledged);
        QVERIFY(engine.start());
        QTRY_COMPARE_WITH_TIMEOUT(acked.count(), 3, 5000);
        QTRY_COMPARE(engine.status().pending, 0);
        QVERIFY(engine.status().lastSync.isValid());
        QVERIFY(Forwarding::callingThread.load() != QThread::currentThreadId());
        // QSignalSpy counts acks on the sync thread at once; the queued status signals may still be on their way.
        QTRY_VERIFY(!receivedOn.isEmpty());
        for (Qt::HANDLE h : std::as_const(receivedOn))
            QCOMPARE(h, QThread::currentThreadId());
        QCOMPARE(platform.receivedSubmissions().size(), 3);
        QVERIFY(engine.stop());
        QVERIFY(!engine.status().running);
    }

    void idleEngine_sleepsInsteadOfSpinning_andEnqueuedWakesItAtOnce()
    {
        QueueFixture q;
        q.wall = QDateTime::currentDateTimeUtc();
        FakePlatform platform;
        SyncEngine engine(
            engineSettings(q.path()), [&](const SyncSettings &) { return std::make_unique<Forwarding>(platform); },
            realClock());
        QVERIFY(engine.start());
        QTRY_VERIFY(engine.status().passes >= 1);
        QTest::qWait(1500);
        const quint64 idlePasses = engine.status().passes;
        QVERIFY2(idlePasses <= 2, qPrintable(QString::number(idlePasses)));
        QCOMPARE(platform.totalCalls(), 0);

        // The GUI enqueues on its own connection and pokes the engine.
        const Sealed s = q.enqueue(1);
        QElapsedTimer t;
        t.start();
        engine.enqueued();
        QTRY_COMPARE_WITH_TIMEOUT(platform.timesAccepted(s.envelope.id), 1, 2000);
        QVERIFY2(t.elapsed() < 1000, qPrintable(QString::number(t.elapsed())));
        QVERIFY(engine.stop());
    }

    void outage_isRetriedWithBackoffUntilThePlatformIsBack()
    {
        QueueFixture q;
        q.wall = QDateTime::currentDateTimeUtc();
        const Sealed s = q.enqueue(1);
        FakePlatform platform;
        platform.networkDown = true;
        SyncEngine engine(
            engineSettings(q.path()), [&](const SyncSettings &) { return std::make_unique<Forwarding>(platform); },
            realClock());
        QVERIFY(engine.start());
        QTRY_VERIFY(!engine.status().error.isEmpty());
        QTest::qWait(1000);
        // base 50 ms, cap 200 ms: a handful of probes a second, not thousands
        const int probes = platform.totalCalls();
        QVERIFY2(probes >= 2 && probes <= 60, qPrintable(QString::number(probes)));
        platform.networkDown = false;
        QTRY_COMPARE_WITH_TIMEOUT(platform.timesAccepted(s.envelope.id), 1, 3000);
        QTRY_VERIFY(engine.status().error.isEmpty());
        QVERIFY(engine.stop());
    }

    void syncNow_retriesAtOnceDespiteALongRetryAfter()
    {
        QueueFixture q;
        q.wall = QDateTime::currentDateTimeUtc();
        const Sealed s = q.enqueue(1);
        FakePlatform platform;
        platform.script("head", problemAnswer(503, "unavailable", "maintenance", 3'600'000));
        SyncEngine engine(
            engineSettings(q.path()), [&](const SyncSettings &) { return std::make_unique<Forwarding>(platform); },
            realClock());
        QVERIFY(engine.start());
        QTRY_VERIFY(engine.status().error.contains("503"));
        QTest::qWait(300);
        QCOMPARE(platform.timesAccepted(s.envelope.id), 0);
        engine.syncNow();
        QTRY_COMPARE_WITH_TIMEOUT(platform.timesAccepted(s.envelope.id), 1, 2000);
        QVERIFY(engine.stop());
    }

    void stop_interruptsATransferInProgress_andTheItemStaysDue()
    {
        QueueFixture q;
        q.wall = QDateTime::currentDateTimeUtc();
        const Sealed s = q.enqueue(1);
        FakePlatform platform;
        std::atomic<bool> inPost{false};
        platform.beforePost = [&] {
            // A slow upload: returns only when the client is cancelled (as libcurl's progress callback does).
            inPost.store(true);
            while (!platform.wasCancelled())
                QThread::msleep(10);
        };
        auto engine = std::make_unique<SyncEngine>(
            engineSettings(q.path()), [&](const SyncSettings &) { return std::make_unique<Forwarding>(platform); },
            realClock());
        QVERIFY(engine->start());
        QTRY_VERIFY(inPost.load());
        QElapsedTimer t;
        t.start();
        QVERIFY(engine->stop(5000));
        QVERIFY2(t.elapsed() < 2000, qPrintable(QString::number(t.elapsed())));
        engine.reset();
        const SubmissionInfo info = q.info(s.envelope.id);
        QCOMPARE(info.state, SubmissionState::Pending);
        QCOMPARE(platform.timesAccepted(s.envelope.id), 0);
    }

    void stop_isBounded_whenACallIgnoresCancel_andTheThreadEndsByItselfLater()
    {
        QueueFixture q;
        q.wall = QDateTime::currentDateTimeUtc();
        q.enqueue(1);
        FakePlatform platform;
        std::atomic<QThread *> stuckThread{nullptr};
        std::atomic<bool> release{false};
        platform.beforePost = [&] {
            // A call stuck where cancel() cannot reach it (a blocking syscall, a driver): stop() must not wait for it.
            stuckThread.store(QThread::currentThread());
            while (!release.load())
                QThread::msleep(10);
        };
        auto engine = std::make_unique<SyncEngine>(
            engineSettings(q.path()), [&](const SyncSettings &) { return std::make_unique<Forwarding>(platform); },
            realClock());
        QVERIFY(engine->start());
        QTRY_VERIFY(stuckThread.load() != nullptr);
        const QPointer<QThread> thread(stuckThread.load()); // alive: it is blocked in the call
        QElapsedTimer t;
        t.start();
        QVERIFY(!engine->stop(300));
        QVERIFY2(t.elapsed() < 1500, qPrintable(QString::number(t.elapsed())));
        QVERIFY(!engine->isRunning());
        QVERIFY(!engine->status().running);
        QVERIFY(thread && thread->isRunning());
        // The engine may go now: the detached worker reports to nobody. When the call returns, the thread ends by
        // itself (quit was asked) and is deleted; it is never terminated.
        engine.reset();
        release.store(true);
        QTRY_VERIFY(!thread || thread->isFinished());
        QTRY_VERIFY(thread.isNull());
    }

    void missingDatabaseFolder_isReportedNotFatal()
    {
        FakePlatform platform;
        SyncEngine engine(
            engineSettings("/nonexistent-folder/for-sure/queue.sqlite"),
            [&](const SyncSettings &) { return std::make_unique<Forwarding>(platform); }, realClock());
        QVERIFY(engine.start());
        QTRY_VERIFY(engine.status().error.startsWith("queue database"));
        QVERIFY(engine.stop());
    }
};

QTEST_GUILESS_MAIN(TestSyncEngine)
#include "test_sync_engine.moc"
