// The real `kiosk` binary under a real sd_notify listener (NOTIFY_SOCKET), as systemd runs it from
// packaging/systemd/kiosk.service: READY=1 once its first screen is up, WATCHDOG=1 at half of WATCHDOG_USEC, none
// while the process is frozen (SIGSTOP; the in-process proof for a blocked GUI thread is test_systemd_notifier),
// STATUS= with the out-of-service reason, STOPPING=1 and a clean exit on SIGTERM, and no watchdog pings when
// WATCHDOG_PID names another process. Offscreen, no hardware.
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <unistd.h>

#include "support/notify_listener.h"

class SystemdWatchdogTest : public QObject
{
    Q_OBJECT
private:
    QString kiosk_;

    QString writeConfig(const QTemporaryDir &data, const QString &devices)
    {
        const QString conf = data.filePath(QStringLiteral("kiosk.conf"));
        QFile f(conf);
        if (!f.open(QIODevice::WriteOnly))
            return {};
        f.write(QStringLiteral("[kiosk]\ndata_dir=%1\n[voice]\nengine=none\n[devices]\n%2")
                    .arg(data.filePath(QStringLiteral("data")), devices)
                    .toUtf8());
        return conf;
    }

    void start(QProcess &p, const QString &conf, const NotifyListener &listener, const QByteArray &watchdogPid)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("NOTIFY_SOCKET"), listener.path());
        env.insert(QStringLiteral("WATCHDOG_USEC"), QStringLiteral("1000000")); // a ping every 500 ms
        if (watchdogPid.isEmpty())
            env.remove(QStringLiteral("WATCHDOG_PID"));
        else
            env.insert(QStringLiteral("WATCHDOG_PID"), QString::fromLatin1(watchdogPid));
        p.setProcessEnvironment(env);
        p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        p.start(kiosk_, {QStringLiteral("--config"), conf});
    }

    // Waits (processing events) until a line equal to `line` (or starting with it, when it ends in '*') has arrived.
    static bool waitFor(NotifyListener &listener, const QByteArray &line, int timeoutMs)
    {
        const bool prefix = line.endsWith('*');
        const QByteArray want = prefix ? line.chopped(1) : line;
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < timeoutMs) {
            listener.drain();
            for (const QByteArray &m : listener.all())
                for (const QByteArray &l : m.split('\n'))
                    if (prefix ? l.startsWith(want) : l == want)
                        return true;
            QTest::qWait(50);
        }
        return false;
    }

    // True once every thread of `pid` is in state T (stopped), i.e. none can send any more.
    static bool allThreadsStopped(qint64 pid, int timeoutMs)
    {
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < timeoutMs) {
            const QDir tasks(QStringLiteral("/proc/%1/task").arg(pid));
            bool all = true;
            for (const QString &tid : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
                QFile stat(tasks.filePath(tid + QStringLiteral("/stat")));
                if (!stat.open(QIODevice::ReadOnly))
                    continue; // the thread ended
                const QByteArray line = stat.readAll();
                const int close = line.lastIndexOf(')'); // "tid (comm) S ...": the state follows the name
                all = all && close > 0 && line.mid(close + 2, 1) == "T";
            }
            if (all)
                return true;
            QTest::qWait(20);
        }
        return false;
    }

private slots:
    void initTestCase()
    {
        kiosk_ = QDir(qEnvironmentVariable("KIOSK_BINARY_DIR")).filePath(QStringLiteral("kiosk"));
        QVERIFY2(QFileInfo(kiosk_).isExecutable(), qPrintable(kiosk_));
    }

    void readyWatchdogFrozenAndStopping()
    {
        QTemporaryDir data;
        NotifyListener listener;
        QVERIFY(listener.isOk());
        const QString conf =
            writeConfig(data, QStringLiteral("idcard_reader.required=false\nreceipt_printer.required=false\n"));
        QProcess p;
        start(p, conf, listener, {}); // WATCHDOG_PID unset, as the kiosk sees it under cage (see kiosk.service)
        QVERIFY(p.waitForStarted(10000));

        QVERIFY2(waitFor(listener, "READY=1", 60000), "no READY=1 within 60 s");
        QVERIFY(p.state() == QProcess::Running);

        // At least three pings at the configured interval (counts, with a generous bound for a loaded machine).
        QElapsedTimer t;
        t.start();
        const int atReady = NotifyListener::count(listener.all(), "WATCHDOG=1");
        while (NotifyListener::count(listener.all(), "WATCHDOG=1") < atReady + 3 && t.elapsed() < 20000) {
            QTest::qWait(100);
            listener.drain();
        }
        QVERIFY2(NotifyListener::count(listener.all(), "WATCHDOG=1") >= atReady + 3, "fewer than 3 pings in 20 s");

        // Frozen (every thread stopped, the GUI thread too): not a single ping for 4 intervals.
        ::kill(pid_t(p.processId()), SIGSTOP);
        QVERIFY2(allThreadsStopped(p.processId(), 10000), "SIGSTOP did not stop every thread");
        listener.drain(); // what was sent before the stop
        QTest::qWait(2000);
        QCOMPARE(NotifyListener::count(listener.drain(), "WATCHDOG=1"), 0);
        ::kill(pid_t(p.processId()), SIGCONT);
        const int beforeResume = NotifyListener::count(listener.all(), "WATCHDOG=1");
        t.restart();
        while (NotifyListener::count(listener.all(), "WATCHDOG=1") == beforeResume && t.elapsed() < 10000) {
            QTest::qWait(100);
            listener.drain();
        }
        QVERIFY2(NotifyListener::count(listener.all(), "WATCHDOG=1") > beforeResume, "no ping after SIGCONT");

        // systemctl stop: SIGTERM, a clean quit with STOPPING=1.
        p.terminate();
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 0);
        listener.drain();
        QCOMPARE(NotifyListener::count(listener.all(), "STOPPING=1"), 1);
        QCOMPARE(NotifyListener::count(listener.all(), "READY=1"), 1);
    }

    void outOfService_statusAndForeignWatchdogPid()
    {
        QTemporaryDir data;
        NotifyListener listener;
        QVERIFY(listener.isOk());
        // A required receipt printer that is not there: the kiosk is out of service, and says so in STATUS.
        const QString conf =
            writeConfig(data, QStringLiteral("idcard_reader.required=false\nreceipt_printer.required=true\n"
                                             "receipt_printer.port=%1\n")
                                  .arg(data.filePath(QStringLiteral("no-such-printer"))));
        QProcess p;
        // WATCHDOG_PID of another process (as cage's PID would be without `env -u WATCHDOG_PID`): no pings.
        start(p, conf, listener, QByteArray::number(qint64(::getpid())));
        QVERIFY(p.waitForStarted(10000));
        QVERIFY2(waitFor(listener, "READY=1", 60000), "no READY=1 within 60 s");
        QVERIFY2(waitFor(listener, "STATUS=out of service: *", 20000), "no out-of-service STATUS");
        QTest::qWait(1500);
        listener.drain();
        QCOMPARE(NotifyListener::count(listener.all(), "WATCHDOG=1"), 0);
        p.terminate();
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 0);
    }
};

QTEST_GUILESS_MAIN(SystemdWatchdogTest)
#include "test_systemd_watchdog.moc"
