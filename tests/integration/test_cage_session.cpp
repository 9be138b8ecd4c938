// The kiosk session as kiosk.service starts it, minus systemd: the real cage (Wayland kiosk compositor, headless
// wlroots backend) runs the real kiosk as its child, with WATCHDOG_PID naming cage as systemd would (the unit's main
// PID). Through `env -u WATCHDOG_PID` (the unit's ExecStart) the kiosk, not the main process, sends READY=1 and
// WATCHDOG=1 to a real NOTIFY_SOCKET listener (why the unit needs NotifyAccess=all); without it the kiosk honours
// WATCHDOG_PID and sends no pings (why the unit needs `env -u`). The unit's ExecStop= stops the kiosk cleanly and cage
// with it. Skips without cage, Xwayland or Qt's Wayland plugin.
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QLibraryInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

#include "support/notify_listener.h"

class CageSessionTest : public QObject
{
    Q_OBJECT
private:
    QString kiosk_, cage_;

    struct Session {
        QTemporaryDir dir;
        NotifyListener listener;
        QProcess process;
    };

    // sh -c 'exec cage ...' keeps the shell's PID for cage, so WATCHDOG_PID=$$ names cage as systemd's would.
    void start(Session &s, bool handOverWatchdog)
    {
        QVERIFY(s.dir.isValid() && s.listener.isOk());
        s.listener.allowAnyUser();
        const QString run = s.dir.filePath(QStringLiteral("run"));
        const QString data = s.dir.filePath(QStringLiteral("data"));
        const QString conf = s.dir.filePath(QStringLiteral("kiosk.conf"));
        QVERIFY(QDir().mkpath(run) && QDir().mkpath(data));
        QFile f(conf);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QStringLiteral("[kiosk]\ndata_dir=%1\n[voice]\nengine=none\n[devices]\nidcard_reader.required=false\n"
                               "receipt_printer.required=false\n")
                    .arg(data)
                    .toUtf8());
        f.close();
        QFile::setPermissions(s.dir.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner |
                                                QFileDevice::ExeOther);
        QFile::setPermissions(conf, QFileDevice::ReadOwner | QFileDevice::ReadOther);
        QFile::setPermissions(run, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        QString prefix; // cage refuses to run as root (it could regain it): a root test runs it as nobody
        if (::geteuid() == 0) {
            QVERIFY(::chown(run.toLocal8Bit().constData(), 65534, 65534) == 0);
            QVERIFY(::chown(data.toLocal8Bit().constData(), 65534, 65534) == 0);
            prefix = QStringLiteral("setpriv --reuid=65534 --regid=65534 --clear-groups ");
        }
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("DISPLAY"));
        env.remove(QStringLiteral("WAYLAND_DISPLAY"));
        env.insert(QStringLiteral("HOME"), data);
        env.insert(QStringLiteral("XDG_RUNTIME_DIR"), run);
        env.insert(QStringLiteral("WLR_BACKENDS"), QStringLiteral("headless"));
        env.insert(QStringLiteral("WLR_RENDERER"), QStringLiteral("pixman"));
        env.insert(QStringLiteral("WLR_LIBINPUT_NO_DEVICES"), QStringLiteral("1"));
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("wayland")); // as kiosk.service sets it
        env.insert(QStringLiteral("NOTIFY_SOCKET"), s.listener.path());
        env.insert(QStringLiteral("WATCHDOG_USEC"), QStringLiteral("1000000"));
        s.process.setProcessEnvironment(env);
        s.process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        s.process.setStandardOutputFile(QProcess::nullDevice());
        const QString handOver = handOverWatchdog ? QStringLiteral("/usr/bin/env -u WATCHDOG_PID ") : QString();
        s.process.start(QStringLiteral("/bin/sh"),
                        {QStringLiteral("-c"), QStringLiteral("WATCHDOG_PID=$$ exec %1%2 -d -- %3%4 --config %5")
                                                   .arg(prefix, cage_, handOver, kiosk_, conf)});
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

    // `systemctl stop`: kiosk.service's own ExecStop= line with ${MAINPID} = cage: the kiosk quits cleanly
    // (STOPPING=1), then cage ends by itself with status 0.
    static void stopAsTheUnitDoes(Session &s)
    {
        QFile unit(qEnvironmentVariable("KIOSK_SOURCE_DIR") + QStringLiteral("/packaging/systemd/kiosk.service"));
        QVERIFY(unit.open(QIODevice::ReadOnly));
        QString stop;
        for (const QString &line : QString::fromUtf8(unit.readAll()).split(QLatin1Char('\n')))
            if (line.startsWith(QStringLiteral("ExecStop=/bin/sh -c '")) && line.endsWith(QLatin1Char('\'')))
                stop = line.mid(21).chopped(1);
        QVERIFY2(!stop.isEmpty(), "no ExecStop=/bin/sh -c '...' in kiosk.service");
        stop.replace(QStringLiteral("${MAINPID}"), QString::number(s.process.processId()));
        QProcess stopper;
        stopper.start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), stop});
        QVERIFY(stopper.waitForStarted(10000));
        // Reap cage first (as systemd does): the stop command waits until cage's PID is gone, zombies included.
        QVERIFY(s.process.waitForFinished(30000));
        QVERIFY(stopper.waitForFinished(10000));
        QCOMPARE(stopper.exitCode(), 0);
        QCOMPARE(s.process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(s.process.exitCode(), 0);
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
        if (::geteuid() == 0 && QProcess::execute(QStringLiteral("setpriv"),
                                                  {QStringLiteral("--reuid=65534"), QStringLiteral("--regid=65534"),
                                                   QStringLiteral("--clear-groups"), QStringLiteral("test"),
                                                   QStringLiteral("-x"), kiosk_}) != 0)
            QSKIP(qPrintable(QStringLiteral("user nobody cannot run %1 (a closed folder on its path): cage refuses "
                                            "root, so this test needs a build folder others can read")
                                 .arg(kiosk_)));
    }

    void kioskUnderCage_readyAndWatchdogFromTheChild()
    {
        Session s;
        start(s, true);
        QVERIFY2(waitForCount(s.listener, "READY=1", 1, 60000), "no READY=1 from the kiosk under cage within 60 s");
        QVERIFY2(waitForCount(s.listener, "WATCHDOG=1", 3, 20000), "fewer than 3 pings from the kiosk under cage");
        QVERIFY(s.process.state() == QProcess::Running);
        stopAsTheUnitDoes(s);
    }

    void withoutHandOver_theKioskLeavesCagesWatchdogAlone()
    {
        Session s;
        start(s, false);
        QVERIFY2(waitForCount(s.listener, "READY=1", 1, 60000), "no READY=1 from the kiosk under cage within 60 s");
        QTest::qWait(1500); // three intervals
        s.listener.drain();
        QCOMPARE(NotifyListener::count(s.listener.all(), "WATCHDOG=1"), 0);
        stopAsTheUnitDoes(s);
    }
};

QTEST_GUILESS_MAIN(CageSessionTest)
#include "test_cage_session.moc"
