// Issue 18: the kiosk through a real accessibility client. The real `kiosk` binary (against platform-sandbox and
// kiosk-devsim) runs on the X display with Qt's AT-SPI bridge on; a private session D-Bus started here activates
// at-spi2-core's accessibility bus (at-spi-bus-launcher, at-spi2-registryd); atspi_journey.py (pyatspi) then finds the
// home tiles, starts an application and reaches the identification screen by accessible names alone, in zh_CN, zh_HK
// and en.
#include <QDBusConnection>
#include <QDBusInterface>
#include <QDBusReply>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include "integration/fleet/kiosk_process.h"

using namespace kiosk;

namespace {

// A session bus of our own (dbus-daemon --session): nothing of the machine's buses or other tests' is touched. Started
// without DISPLAY, so the accessibility bus it activates writes no AT_SPI_BUS property on the shared X display, and
// with a runtime folder of its own, so that bus's socket is not the user's shared ~/.cache/at-spi/bus.
struct PrivateSessionBus {
    QProcess daemon;
    QString address;
    QString start(const QString &runtimeDir)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("DISPLAY"));
        env.remove(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"));
        env.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtimeDir);
        daemon.setProcessEnvironment(env);
        daemon.start(QStringLiteral("dbus-daemon"),
                     {QStringLiteral("--session"), QStringLiteral("--nofork"), QStringLiteral("--print-address=1")});
        if (!daemon.waitForStarted(5000))
            return QStringLiteral("dbus-daemon did not start: ") + daemon.errorString();
        QElapsedTimer t;
        t.start();
        while (!daemon.canReadLine() && t.elapsed() < 10000)
            daemon.waitForReadyRead(200);
        address = QString::fromUtf8(daemon.readLine()).trimmed();
        return address.isEmpty() ? QStringLiteral("dbus-daemon printed no address") : QString();
    }
    ~PrivateSessionBus()
    {
        daemon.terminate();
        if (!daemon.waitForFinished(5000))
            daemon.kill();
        daemon.waitForFinished(2000);
    }
};

} // namespace

class AtspiJourneyTest : public QObject
{
    Q_OBJECT
    QTemporaryDir tmp_;
    test::SandboxProcess sandbox_;
    drivers::simulators::DevSimClient sim_;

private slots:
    void initTestCase()
    {
        QVERIFY2(!qEnvironmentVariable("DISPLAY").isEmpty(),
                 "no DISPLAY: the AT-SPI test needs an X server (Xvfb :99 as packaging/run-tests.sh starts it)");
        QVERIFY(tmp_.isValid());
        const QString why = test::startSandboxAndDevices(tmp_, sandbox_, sim_);
        QVERIFY2(why.isEmpty(), qPrintable(why));
    }

    void journeyByAccessibleNames()
    {
        QElapsedTimer clock;
        clock.start();
        PrivateSessionBus bus;
        const QString runtime = tmp_.filePath(QStringLiteral("xdg-runtime"));
        QVERIFY(QDir().mkpath(runtime));
        QFile::setPermissions(runtime, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        QString why = bus.start(runtime);
        QVERIFY2(why.isEmpty(), qPrintable(why));
        // org.a11y.Bus (activated from at-spi2-core's service file) answers with the accessibility bus's address.
        QDBusConnection session = QDBusConnection::connectToBus(bus.address, QStringLiteral("atspi-test"));
        QVERIFY2(session.isConnected(), qPrintable(session.lastError().message()));
        QDBusInterface a11y(QStringLiteral("org.a11y.Bus"), QStringLiteral("/org/a11y/bus"),
                            QStringLiteral("org.a11y.Bus"), session);
        const QDBusReply<QString> reply = a11y.call(QStringLiteral("GetAddress"));
        QVERIFY2(reply.isValid(), qPrintable(QStringLiteral("org.a11y.Bus.GetAddress: ") + reply.error().message()));
        const QString atspiBus = reply.value();
        QVERIFY(!atspiBus.isEmpty());

        const QString conf = tmp_.filePath(QStringLiteral("kiosk.conf"));
        QFile f(conf);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(test::simulatedKioskConf(tmp_, sandbox_.port()));
        f.close();

        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), bus.address);
        env.insert(QStringLiteral("AT_SPI_BUS_ADDRESS"), atspiBus);
        env.insert(QStringLiteral("NO_AT_BRIDGE"), QStringLiteral("0"));
        QProcessEnvironment kioskEnv = env;
        // Qt 6.4 finds the accessibility bus through org.a11y.Bus on the session bus; given AT_SPI_BUS_ADDRESS it
        // connects but never registers with the registry (the client alone takes the address from the environment).
        kioskEnv.remove(QStringLiteral("AT_SPI_BUS_ADDRESS"));
        kioskEnv.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("xcb")); // offscreen has no AT-SPI bridge
        kioskEnv.insert(QStringLiteral("QT_ACCESSIBILITY"), QStringLiteral("1"));
        kioskEnv.insert(QStringLiteral("QT_LINUX_ACCESSIBILITY_ALWAYS_ON"), QStringLiteral("1"));
        test::KioskProcess kiosk;
        kiosk.errorLog = tmp_.filePath(QStringLiteral("kiosk.log"));
        kiosk.process.setProcessEnvironment(kioskEnv);
        QVERIFY2(kiosk.start(QStringLiteral(KIOSK_KIOSK_BINARY), conf,
                             {QStringLiteral("--size"), QStringLiteral("1080x1920")}),
                 qPrintable(kiosk.process.errorString()));
        // The client starts once the catalogue is final (its pinyin search keys loaded, the item list rebuilt for
        // the last time), so a button the client finds is the one it presses. The kiosk's log says when.
        static const QRegularExpression finalCatalogue(QStringLiteral("catalogue version \\d+ with \\d+ items *\\n"));
        QElapsedTimer waited;
        waited.start();
        while (!finalCatalogue.match(QString::fromUtf8(test::readFile(kiosk.errorLog))).hasMatch() &&
               waited.elapsed() < 60000 && kiosk.process.state() == QProcess::Running)
            QTest::qWait(100);
        QVERIFY2(finalCatalogue.match(QString::fromUtf8(test::readFile(kiosk.errorLog))).hasMatch(),
                 qPrintable(QStringLiteral("no final catalogue in the kiosk's log within 60 s:\n") +
                            QString::fromUtf8(test::readFile(kiosk.errorLog).right(3000))));

        QProcess client;
        client.setProcessEnvironment(env);
        client.setProcessChannelMode(QProcess::MergedChannels);
        client.start(
            QStringLiteral("/usr/bin/python3"),
            {QStringLiteral(KIOSK_TEST_SOURCE_DIR) + QStringLiteral("/tests/integration/a11y/atspi_journey.py"),
             QStringLiteral("kiosk")});
        QVERIFY2(client.waitForStarted(5000), qPrintable(client.errorString()));
        const bool done = client.waitForFinished(240000);
        const QString out = QString::fromUtf8(client.readAll());
        qInfo().noquote() << out;
        QVERIFY2(done, "the AT-SPI client did not finish in 240 s");
        kiosk.process.waitForFinished(200); // lets QProcess see an exit that happened while the client ran
        QVERIFY2(kiosk.process.state() == QProcess::Running,
                 qPrintable(QStringLiteral("the kiosk exited during the journey (exit status %1, code %2)")
                                .arg(int(kiosk.process.exitStatus()))
                                .arg(kiosk.process.exitCode())));
        QVERIFY2(client.exitStatus() == QProcess::NormalExit && client.exitCode() == 0,
                 qPrintable(QStringLiteral("the AT-SPI client failed (exit %1)").arg(client.exitCode())));
        QVERIFY(out.contains(QStringLiteral("PASS:")));
        qInfo("AT-SPI journey in %.1f s", clock.elapsed() / 1000.0);
    }
};

QTEST_GUILESS_MAIN(AtspiJourneyTest)
#include "test_atspi_journey.moc"
