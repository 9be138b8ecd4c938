// A kiosk killed with SIGABRT (the systemd watchdog's kill of a frozen UI) leaves no core dump: its memory holds card
// text, photos and page images in clear. The real `kiosk` binary, offscreen, with RLIMIT_CORE unlimited and its
// working folder an empty temporary folder, so that the kernel would write a core there (core_pattern "core" or
// "core.%p"-like, relative); a control process (sleep) started the same way shows that it does.
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <sys/resource.h>

#include "support/notify_listener.h"

namespace {

// Starts `program` in `cwd` with no limit on core files (what a shell with `ulimit -c unlimited` would give).
void startWithCores(QProcess &p, const QString &program, const QStringList &args, const QString &cwd,
                    const QProcessEnvironment &env)
{
    p.setProcessEnvironment(env);
    p.setWorkingDirectory(cwd);
    p.setChildProcessModifier([] {
        const rlimit unlimited{RLIM_INFINITY, RLIM_INFINITY};
        ::setrlimit(RLIMIT_CORE, &unlimited);
    });
    p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    p.start(program, args);
}

QStringList cores(const QString &dir)
{
    return QDir(dir).entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot);
}

// The kernel writes the core after the process is reaped; give it a moment on a loaded machine.
QStringList waitForCores(const QString &dir, int timeoutMs)
{
    QStringList found;
    for (int waited = 0; waited < timeoutMs && found.isEmpty(); waited += 100) {
        found = cores(dir);
        if (found.isEmpty())
            QTest::qWait(100);
    }
    return found;
}

} // namespace

class NoCoreDumpTest : public QObject
{
    Q_OBJECT
private:
    QString kiosk_;

private slots:
    void initTestCase()
    {
        kiosk_ = QDir(qEnvironmentVariable("KIOSK_BINARY_DIR")).filePath(QStringLiteral("kiosk"));
        QVERIFY2(QFileInfo(kiosk_).isExecutable(), qPrintable(kiosk_));
        QFile pattern(QStringLiteral("/proc/sys/kernel/core_pattern"));
        QVERIFY(pattern.open(QIODevice::ReadOnly));
        const QByteArray p = pattern.readAll().trimmed();
        // A pipe (systemd-coredump, apport) or an absolute folder: no core lands in the working folder, so the
        // file check below would prove nothing here.
        if (p.startsWith('|') || p.startsWith('/'))
            QSKIP(qPrintable(QStringLiteral("core_pattern is '%1': cores do not land in the working folder")
                                 .arg(QString::fromLocal8Bit(p))));
        // The control: the same set-up writes a core for an ordinary process.
        QTemporaryDir cwd;
        QProcess control;
        startWithCores(control, QStringLiteral("/bin/sleep"), {QStringLiteral("60")}, cwd.path(),
                       QProcessEnvironment::systemEnvironment());
        QVERIFY(control.waitForStarted(10000));
        ::kill(pid_t(control.processId()), SIGABRT);
        QVERIFY(control.waitForFinished(10000));
        QCOMPARE(control.exitStatus(), QProcess::CrashExit);
        QVERIFY2(!waitForCores(cwd.path(), 5000).isEmpty(),
                 qPrintable(QStringLiteral("the control (sleep) left no core in %1 with core_pattern '%2'")
                                .arg(cwd.path(), QString::fromLocal8Bit(p))));
    }

    void sigabrt_leavesNoCore()
    {
        QTemporaryDir data;
        QTemporaryDir cwd;
        NotifyListener listener;
        QVERIFY(listener.isOk());
        const QString conf = data.filePath(QStringLiteral("kiosk.conf"));
        QFile f(conf);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QStringLiteral("[kiosk]\ndata_dir=%1\n[voice]\nengine=none\n[devices]\n"
                               "idcard_reader.required=false\nreceipt_printer.required=false\n")
                    .arg(data.filePath(QStringLiteral("data")))
                    .toUtf8());
        f.close();
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("NOTIFY_SOCKET"), listener.path());
        QProcess p;
        startWithCores(p, kiosk_, {QStringLiteral("--config"), conf}, cwd.path(), env);
        QVERIFY(p.waitForStarted(10000));
        // Up and showing its first screen, i.e. with its services and window in memory.
        bool ready = false;
        for (int waited = 0; waited < 60000 && !ready && p.state() == QProcess::Running; waited += 100) {
            listener.drain();
            ready = NotifyListener::count(listener.all(), "READY=1") > 0;
            if (!ready)
                QTest::qWait(100);
        }
        QVERIFY2(ready, "no READY=1 within 60 s");
        ::kill(pid_t(p.processId()), SIGABRT);
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitStatus(), QProcess::CrashExit);
        const QStringList left = waitForCores(cwd.path(), 3000);
        QVERIFY2(left.isEmpty(), qPrintable(QStringLiteral("SIGABRT left a core: ") + left.join(QLatin1Char(' '))));
    }
};

QTEST_GUILESS_MAIN(NoCoreDumpTest)
#include "test_no_core_dump.moc"
