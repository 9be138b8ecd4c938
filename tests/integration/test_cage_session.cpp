// The kiosk session as kiosk.service starts it, minus systemd: the unit's own ExecStart= line runs the real
// kiosk-session wrapper (packaging/systemd), which runs the real cage (Wayland kiosk compositor, headless wlroots
// backend) with the real kiosk as its child, i.e. the main PID's grandchild; WATCHDOG_PID names the wrapper as
// systemd's would (the unit's main PID), RUNTIME_DIRECTORY is the unit's RuntimeDirectory=. Proven here:
// - the kiosk, not the main process, sends READY=1 and WATCHDOG=1 to a real NOTIFY_SOCKET listener (why the unit needs
//   NotifyAccess=all), because the wrapper hands the watchdog over; under a bare cage with WATCHDOG_PID naming cage
//   the kiosk honours it and sends no pings (why the wrapper removes it);
// - the unit's ExecStop= (run as the kiosk's user, like systemd does) finds the kiosk under cage, quits it cleanly and
//   waits for the wrapper; that normal quit gives status 0 (restarted), even with a stale marker of an earlier run;
// - "leave kiosk mode" (the client leaves the marker and exits 78, which cage 0.1.4 turns into 0) gives the wrapper
//   exit 78 (RestartPreventExitStatus) and no marker left; "restart the app" (75) does not give 78.
// The menu's two exits are played by a stand-in client doing what the kiosk does (its MaintenanceBackend writes the
// marker before exiting 78: test_maintenance_backend); a headless cage has no input to drive the real menu with.
// Skips without cage, Xwayland or Qt's Wayland plugin.
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QLibraryInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <signal.h>
#include <unistd.h>

#include "support/notify_listener.h"

class CageSessionTest : public QObject
{
    Q_OBJECT
private:
    QString kiosk_, cage_;
    QTemporaryDir staged_{QStringLiteral("/tmp/kiosk-cage-XXXXXX")}; // a copy of the kiosk nobody can run

    static bool nobodyCanRun(const QString &program)
    {
        return QProcess::execute(QStringLiteral("setpriv"),
                                 {QStringLiteral("--reuid=65534"), QStringLiteral("--regid=65534"),
                                  QStringLiteral("--clear-groups"), QStringLiteral("test"), QStringLiteral("-x"),
                                  program}) == 0;
    }

    // Each session runs in its own process group, killed whole at the end: a failed check must not leave a cage
    // and a kiosk behind (they would also hold the test's output open).
    struct Session {
        QTemporaryDir dir;
        NotifyListener listener;
        QProcess process;
        QString wrapper, marker, prefix;
        ~Session()
        {
            if (process.processId() > 0)
                ::kill(-pid_t(process.processId()), SIGKILL);
        }
    };

    static QString unitLine(const QString &key)
    {
        QFile unit(qEnvironmentVariable("KIOSK_SOURCE_DIR") + QStringLiteral("/packaging/systemd/kiosk.service"));
        if (!unit.open(QIODevice::ReadOnly))
            return {};
        for (const QString &line : QString::fromUtf8(unit.readAll()).split(QLatin1Char('\n')))
            if (line.startsWith(key + QLatin1Char('=')))
                return line.mid(key.size() + 1);
        return {};
    }

    static void writeFile(const QString &path, const QByteArray &bytes)
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QCOMPARE(f.write(bytes), qint64(bytes.size()));
    }

    // The folders a session needs, owned by the user cage runs as (cage refuses root, so a root test uses nobody).
    void prepare(Session &s)
    {
        QVERIFY(s.dir.isValid() && s.listener.isOk());
        s.listener.allowAnyUser();
        const QString run = s.dir.filePath(QStringLiteral("run"));
        const QString runtime = s.dir.filePath(QStringLiteral("runtime")); // the unit's RuntimeDirectory=kiosk
        const QString data = s.dir.filePath(QStringLiteral("data"));
        const QString conf = s.dir.filePath(QStringLiteral("kiosk.conf"));
        QVERIFY(QDir().mkpath(run) && QDir().mkpath(runtime) && QDir().mkpath(data));
        QFile f(conf);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QStringLiteral("[kiosk]\ndata_dir=%1\n[voice]\nengine=none\n[devices]\nidcard_reader.required=false\n"
                               "receipt_printer.required=false\n")
                    .arg(data)
                    .toUtf8());
        f.close();
        s.wrapper = s.dir.filePath(QStringLiteral("kiosk-session"));
        QVERIFY(QFile::copy(
            qEnvironmentVariable("KIOSK_SOURCE_DIR") + QStringLiteral("/packaging/systemd/kiosk-session"), s.wrapper));
        QFile::setPermissions(s.wrapper, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner |
                                             QFileDevice::ReadOther | QFileDevice::ExeOther);
        s.marker = runtime + QStringLiteral("/leave-kiosk-mode"); // the wrapper's default under RUNTIME_DIRECTORY
        QFile::setPermissions(s.dir.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner |
                                                QFileDevice::ExeOther);
        QFile::setPermissions(conf, QFileDevice::ReadOwner | QFileDevice::ReadOther);
        for (const QString &d : {run, runtime})
            QFile::setPermissions(d, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        if (::geteuid() == 0) {
            for (const QString &d : {run, runtime, data})
                QVERIFY(::chown(d.toLocal8Bit().constData(), 65534, 65534) == 0);
            s.prefix = QStringLiteral("setpriv --reuid=65534 --regid=65534 --clear-groups ");
        }
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("DISPLAY"));
        env.remove(QStringLiteral("WAYLAND_DISPLAY"));
        env.remove(QStringLiteral("KIOSK_LEAVE_MARKER"));
        env.insert(QStringLiteral("HOME"), data);
        env.insert(QStringLiteral("XDG_RUNTIME_DIR"), run);
        env.insert(QStringLiteral("RUNTIME_DIRECTORY"), runtime);
        env.insert(QStringLiteral("KIOSK_CAGE"), cage_);
        env.insert(QStringLiteral("WLR_BACKENDS"), QStringLiteral("headless"));
        env.insert(QStringLiteral("WLR_RENDERER"), QStringLiteral("pixman"));
        env.insert(QStringLiteral("WLR_LIBINPUT_NO_DEVICES"), QStringLiteral("1"));
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("wayland")); // as kiosk.service sets it
        env.insert(QStringLiteral("NOTIFY_SOCKET"), s.listener.path());
        env.insert(QStringLiteral("WATCHDOG_USEC"), QStringLiteral("1000000"));
        s.process.setProcessEnvironment(env);
        s.process.setChildProcessModifier([] { ::setsid(); });
        s.process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        s.process.setStandardOutputFile(QProcess::nullDevice());
    }

    // sh -c 'WATCHDOG_PID=$$ exec ...' keeps the shell's PID for the first program, so WATCHDOG_PID names it as
    // systemd's names the unit's main PID. `client` empty: the unit's own kiosk command (with the test's paths).
    void startUnitSession(Session &s, const QString &client = {}, bool staleMarker = false)
    {
        prepare(s);
        if (staleMarker) // an earlier run's (root's here: the runtime folder's owner may still remove it)
            writeFile(s.marker, "78\n");
        QString start = unitLine(QStringLiteral("ExecStart"));
        QVERIFY2(start.startsWith(QStringLiteral("/usr/lib/kiosk/kiosk-session ")) &&
                     start.contains(QStringLiteral(" -- /usr/bin/kiosk --config /etc/kiosk/kiosk.conf")),
                 qPrintable(start));
        start.replace(QStringLiteral("/usr/lib/kiosk/kiosk-session"), s.wrapper);
        if (client.isEmpty()) {
            start.replace(QStringLiteral("/usr/bin/kiosk "), kiosk_ + QLatin1Char(' '));
            start.replace(QStringLiteral("/etc/kiosk/kiosk.conf"), s.dir.filePath(QStringLiteral("kiosk.conf")));
        } else {
            start = start.left(start.indexOf(QStringLiteral(" -- ")) + 4) + client;
        }
        s.process.start(QStringLiteral("/bin/sh"),
                        {QStringLiteral("-c"), QStringLiteral("WATCHDOG_PID=$$ exec %1%2").arg(s.prefix, start)});
        QVERIFY(s.process.waitForStarted(10000));
    }

    // The unit before the wrapper: cage itself as the main PID, the kiosk its child, WATCHDOG_PID naming cage.
    void startBareCage(Session &s)
    {
        prepare(s);
        s.process.start(
            QStringLiteral("/bin/sh"),
            {QStringLiteral("-c"), QStringLiteral("WATCHDOG_PID=$$ exec %1%2 "
                                                  "-d -- %3 --config %4")
                                       .arg(s.prefix, cage_, kiosk_, s.dir.filePath(QStringLiteral("kiosk.conf")))});
        QVERIFY(s.process.waitForStarted(10000));
    }

    static bool waitForCount(NotifyListener &l, const QByteArray &line, int n, int timeoutMs)
    {
        QElapsedTimer t;
        t.start();
        while (NotifyListener::count(l.all(), line) < n && t.elapsed() < timeoutMs) {
            QTest::qWait(100);
            l.drain();
        }
        return NotifyListener::count(l.all(), line) >= n;
    }

    // `systemctl stop`: kiosk.service's own ExecStop= line with ${MAINPID} = the wrapper, run as the unit's user (as
    // systemd runs it): the kiosk quits cleanly (STOPPING=1), cage ends by itself, then the wrapper.
    static void stopAsTheUnitDoes(Session &s, int expectedStatus)
    {
        QString stop = unitLine(QStringLiteral("ExecStop"));
        QVERIFY2(stop.startsWith(QStringLiteral("/usr/lib/kiosk/kiosk-session --stop ${MAINPID}")), qPrintable(stop));
        stop.replace(QStringLiteral("/usr/lib/kiosk/kiosk-session"), s.wrapper);
        stop.replace(QStringLiteral("${MAINPID}"), QString::number(s.process.processId()));
        QProcess stopper;
        stopper.start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), s.prefix + stop});
        QVERIFY(stopper.waitForStarted(10000));
        // Reap the wrapper first (as systemd does): --stop waits until its PID is gone, zombies included.
        QVERIFY(s.process.waitForFinished(30000));
        QVERIFY(stopper.waitForFinished(10000));
        QCOMPARE(stopper.exitCode(), 0);
        QCOMPARE(s.process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(s.process.exitCode(), expectedStatus);
        s.listener.drain();
        QCOMPARE(NotifyListener::count(s.listener.all(), "STOPPING=1"), 1);
    }

private slots:
    void initTestCase()
    {
        kiosk_ = QDir(qEnvironmentVariable("KIOSK_BINARY_DIR")).filePath(QStringLiteral("kiosk"));
        QVERIFY(QFileInfo(kiosk_).isExecutable());
        cage_ = QStandardPaths::findExecutable(QStringLiteral("cage"));
        if (cage_.isEmpty() || !QFileInfo::exists(QStringLiteral("/usr/bin/Xwayland")))
            QSKIP("cage or Xwayland not installed (packaging/install-deps.sh installs cage and xwayland)");
        if (QDir(QLibraryInfo::path(QLibraryInfo::PluginsPath) + QStringLiteral("/platforms"))
                .entryList({QStringLiteral("libqwayland*")})
                .isEmpty())
            QSKIP("Qt's Wayland platform plugin not installed (qt6-wayland)");
        // cage refuses to run as root, so a root test runs it as nobody, who must be able to reach the kiosk binary.
        // CI builds in a clone under root's closed home folder: then the test runs a copy of the binary from a folder
        // nobody can reach (the kiosk links its own libraries statically and finds nothing beside its binary).
        if (::geteuid() == 0 && !nobodyCanRun(kiosk_)) {
            QVERIFY2(staged_.isValid(), qPrintable(staged_.errorString()));
            const QString copy = staged_.filePath(QStringLiteral("kiosk"));
            QVERIFY(QFile::copy(kiosk_, copy));
            const auto open = QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner |
                              QFileDevice::ReadOther | QFileDevice::ExeOther;
            QVERIFY(QFile::setPermissions(staged_.path(), open) && QFile::setPermissions(copy, open));
            qInfo("user nobody cannot run %s (a closed folder on its path): running a copy, %s", qPrintable(kiosk_),
                  qPrintable(copy));
            kiosk_ = copy;
            QVERIFY2(nobodyCanRun(kiosk_), qPrintable(kiosk_));
        }
    }

    // The packaged session end to end, started over a stale marker (an earlier run's): READY and pings from the
    // kiosk, then `systemctl stop`: status 0, which Restart=always restarts, and the stale marker is gone.
    void unitSession_readyAndWatchdogFromTheGrandchild_staleMarkerIgnored()
    {
        Session s;
        startUnitSession(s, {}, true);
        QVERIFY2(waitForCount(s.listener, "READY=1", 1, 60000), "no READY=1 from the kiosk under cage within 60 s");
        QVERIFY2(!QFileInfo::exists(s.marker), "the wrapper left the stale marker in place");
        QVERIFY2(waitForCount(s.listener, "WATCHDOG=1", 3, 20000), "fewer than 3 pings from the kiosk under cage");
        QVERIFY(s.process.state() == QProcess::Running);
        stopAsTheUnitDoes(s, 0);
        QVERIFY(!QFileInfo::exists(s.marker));
    }

    void bareCage_theKioskLeavesTheMainPidsWatchdogAlone()
    {
        Session s;
        startBareCage(s);
        QVERIFY2(waitForCount(s.listener, "READY=1", 1, 60000), "no READY=1 from the kiosk under cage within 60 s");
        QTest::qWait(1500); // three intervals
        s.listener.drain();
        QCOMPARE(NotifyListener::count(s.listener.all(), "WATCHDOG=1"), 0);
        // Here the kiosk is cage's child: stop it directly, cage ends by itself.
        QCOMPARE(QProcess::execute(QStringLiteral("pkill"),
                                   {QStringLiteral("-TERM"), QStringLiteral("-x"), QStringLiteral("-P"),
                                    QString::number(s.process.processId()), QStringLiteral("kiosk")}),
                 0);
        QVERIFY(s.process.waitForFinished(30000));
        QCOMPARE(s.process.exitCode(), 0);
    }

    // The maintenance menu's two exits through the real wrapper and cage: the client does what the kiosk does
    // (KIOSK_LEAVE_MARKER comes from the wrapper through cage's environment).
    void menuExits_onlyLeaveKioskGives78_andNoMarkerStays_data()
    {
        QTest::addColumn<QString>("client");
        QTest::addColumn<int>("status");
        QTest::newRow("leave kiosk mode (78)")
            << QStringLiteral("/bin/sh -c 'echo 78 > \"$KIOSK_LEAVE_MARKER\"; exit 78'") << 78;
        QTest::newRow("restart the app (75)") << QStringLiteral("/bin/sh -c 'exit 75'") << 0;
        QTest::newRow("a crash (SIGABRT)") << QStringLiteral("/bin/sh -c 'kill -ABRT $$'") << 0;
    }
    void menuExits_onlyLeaveKioskGives78_andNoMarkerStays()
    {
        QFETCH(QString, client);
        QFETCH(int, status);
        Session s;
        startUnitSession(s, client);
        QVERIFY(s.process.waitForFinished(30000));
        QCOMPARE(s.process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(s.process.exitCode(), status);
        QVERIFY2(!QFileInfo::exists(s.marker), "the marker outlived the session");
    }
};

QTEST_GUILESS_MAIN(CageSessionTest)
#include "test_cage_session.moc"
