// SystemdNotifier against a real NOTIFY_SOCKET listener: READY once with the status, WATCHDOG at half of
// WATCHDOG_USEC from the event loop, none while that loop is blocked, WATCHDOG_PID honoured, STATUS follows the
// kiosk's availability, STOPPING; nothing at all without NOTIFY_SOCKET.
#include <QTest>
#include <QThread>

#include <unistd.h>

#include "app/service_manager/systemd_notifier.h"
#include "app/session/service_availability.h"
#include "support/notify_listener.h"

using kiosk::app::ServiceAvailability;
using kiosk::app::SystemdNotifier;

class SystemdNotifierTest : public QObject
{
    Q_OBJECT
private slots:
    void init()
    {
        qunsetenv("NOTIFY_SOCKET");
        qunsetenv("WATCHDOG_USEC");
        qunsetenv("WATCHDOG_PID");
    }

    void withoutNotifySocket_isInert()
    {
        qputenv("WATCHDOG_USEC", "200000");
        SystemdNotifier n;
        QVERIFY(!n.enabled());
        QCOMPARE(n.watchdogInterval().count(), 0);
        n.startWatchdog();
        n.notifyReady();
        n.notifyStopping();
        QTest::qWait(150);
        QCOMPARE(n.watchdogPings(), 0);
    }

    void ready_sentOnceWithStatus_thenStatusChanges_thenStopping()
    {
        NotifyListener listener;
        QVERIFY(listener.isOk());
        qputenv("NOTIFY_SOCKET", listener.path().toLocal8Bit());
        ServiceAvailability availability;
        SystemdNotifier n;
        QVERIFY(n.enabled());
        QCOMPARE(n.watchdogInterval().count(), 0); // no WATCHDOG_USEC: watchdog off
        availability.setPartAvailable(QStringLiteral("receipt_printer"), false, QStringLiteral("printer offline"));
        n.followAvailability(&availability);
        QVERIFY(listener.drain().isEmpty()); // nothing before READY
        n.notifyReady();
        n.notifyReady();
        QList<QByteArray> got = listener.drain();
        QCOMPARE(got.size(), 1);
        QCOMPARE(got.first(), QByteArray("READY=1\nSTATUS=out of service: printer offline"));

        availability.setPartAvailable(QStringLiteral("idcard_reader"), false, QStringLiteral("reader unplugged"));
        got = listener.drain();
        QCOMPARE(got.size(), 1);
        QVERIFY2(got.first().startsWith("STATUS=out of service: ") && !got.first().contains('\n') &&
                     got.first().contains("reader unplugged") && got.first().contains("printer offline"),
                 got.first().constData());
        availability.setPartAvailable(QStringLiteral("idcard_reader"), true);
        availability.setPartAvailable(QStringLiteral("receipt_printer"), true);
        got = listener.drain();
        QVERIFY(!got.isEmpty());
        QCOMPARE(got.last(), QByteArray("STATUS=in service"));

        n.notifyStopping();
        QCOMPARE(listener.drain(), QList<QByteArray>{QByteArray("STOPPING=1")});
    }

    void watchdog_pingsFromTheEventLoop_andNotWhileItIsBlocked()
    {
        NotifyListener listener;
        QVERIFY(listener.isOk());
        qputenv("NOTIFY_SOCKET", listener.path().toLocal8Bit());
        qputenv("WATCHDOG_USEC", "200000"); // 200 ms: a ping every 100 ms
        qputenv("WATCHDOG_PID", QByteArray::number(qint64(::getpid())));
        SystemdNotifier n;
        QCOMPARE(n.watchdogInterval().count(), 100);
        n.startWatchdog();
        int pings = NotifyListener::count(listener.drain(), "WATCHDOG=1");
        QCOMPARE(pings, 1); // one at once

        // The event loop runs: pings keep coming (counts, not timings: a loaded machine may be slow).
        QTRY_VERIFY_WITH_TIMEOUT((pings += NotifyListener::count(listener.drain(), "WATCHDOG=1")) >= 4, 10000);

        // The GUI thread blocks for 15 intervals: every datagram sent before is queued now (unix datagrams are
        // delivered on send), so whatever is queued afterwards was sent while blocked. There must be none.
        listener.drain();
        QThread::msleep(1500);
        QCOMPARE(NotifyListener::count(listener.drain(), "WATCHDOG=1"), 0);

        // Unblocked, the pings resume.
        const int before = n.watchdogPings();
        QTRY_VERIFY_WITH_TIMEOUT(n.watchdogPings() >= before + 2, 10000);
        QVERIFY(NotifyListener::count(listener.drain(), "WATCHDOG=1") >= 2);

        n.notifyStopping(); // also stops the pings
        QTest::qWait(300);
        const QList<QByteArray> after = listener.drain();
        QCOMPARE(NotifyListener::count(after, "STOPPING=1"), 1);
        QCOMPARE(NotifyListener::count(after, "WATCHDOG=1"), 0);
    }

    void watchdog_forAnotherProcess_isOff()
    {
        NotifyListener listener;
        qputenv("NOTIFY_SOCKET", listener.path().toLocal8Bit());
        qputenv("WATCHDOG_USEC", "200000");
        qputenv("WATCHDOG_PID", QByteArray::number(qint64(::getppid()))); // e.g. cage, our parent, is the main PID
        SystemdNotifier n;
        QVERIFY(n.enabled());
        QCOMPARE(n.watchdogInterval().count(), 0);
        n.startWatchdog();
        QTest::qWait(350);
        QCOMPARE(NotifyListener::count(listener.drain(), "WATCHDOG=1"), 0);
    }
};

QTEST_GUILESS_MAIN(SystemdNotifierTest)
#include "test_systemd_notifier.moc"
