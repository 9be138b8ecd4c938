// Tests the simulator's pty plumbing: the published link, raw mode, host open/close tracking, unread bytes
// discarded when a host leaves, unplug hanging the host up, replug keeping the path.
#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <cerrno>
#include <fcntl.h>
#include <poll.h>
#include <termios.h>
#include <unistd.h>

#include "drivers/simulators/pty_endpoint.h"

using namespace kiosk::drivers::simulators;

namespace {

int openHost(const QString &path)
{
    return ::open(path.toLocal8Bit().constData(), O_RDWR | O_NOCTTY | O_NONBLOCK);
}

// What the host can read within `ms`.
QByteArray hostRead(int fd, int ms)
{
    QByteArray out;
    pollfd p{fd, POLLIN, 0};
    while (::poll(&p, 1, ms) > 0 && (p.revents & POLLIN)) {
        char buf[256];
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n <= 0)
            break;
        out.append(buf, n);
        ms = 20;
    }
    return out;
}

} // namespace

class TestPtyEndpoint : public QObject
{
    Q_OBJECT
private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_port = std::make_unique<PtyEndpoint>(QStringLiteral("dev"), m_dir->filePath(QStringLiteral("dev")));
        QString error;
        QVERIFY2(m_port->plug(&error), qPrintable(error));
    }
    void cleanup()
    {
        m_port.reset();
        m_dir.reset();
    }

    void plugPublishesALinkToARawPty()
    {
        const QFileInfo link(m_port->linkPath());
        QVERIFY(link.isSymLink());
        QCOMPARE(link.symLinkTarget(), m_port->devicePath());
        QVERIFY(m_port->devicePath().startsWith(QLatin1String("/dev/pts/")));
        const int fd = openHost(m_port->linkPath());
        QVERIFY(fd >= 0);
        termios t{};
        QCOMPARE(::tcgetattr(fd, &t), 0);
        QVERIFY(!(t.c_lflag & (ECHO | ICANON | ISIG)));
        QVERIFY(!(t.c_oflag & OPOST));
        QVERIFY(!(t.c_iflag & (ICRNL | IXON)));
        ::close(fd);
    }

    void bytesPassBothWaysUnchanged()
    {
        QSignalSpy opened(m_port.get(), &PtyEndpoint::hostOpened);
        QSignalSpy received(m_port.get(), &PtyEndpoint::received);
        const int fd = openHost(m_port->linkPath());
        QTRY_COMPARE_WITH_TIMEOUT(opened.size(), 1, 1000);
        const QByteArray all = [] {
            QByteArray b;
            for (int i = 0; i < 256; ++i)
                b.append(char(i));
            return b;
        }();
        QCOMPARE(::write(fd, all.constData(), all.size()), ssize_t(all.size()));
        QByteArray got;
        QTRY_VERIFY_WITH_TIMEOUT((got =
                                      [&] {
                                          QByteArray b;
                                          for (const auto &args : std::as_const(received))
                                              b += args.at(0).toByteArray();
                                          return b;
                                      }())
                                         .size() == all.size(),
                                 1000);
        QCOMPARE(got, all);
        m_port->write(all);
        QCOMPARE(hostRead(fd, 500), all);
        ::close(fd);
    }

    void hostOpenAndCloseAreNoticed()
    {
        QSignalSpy opened(m_port.get(), &PtyEndpoint::hostOpened);
        QSignalSpy closed(m_port.get(), &PtyEndpoint::hostClosed);
        QVERIFY(!m_port->isHostOpen());
        const int fd = openHost(m_port->linkPath());
        QVERIFY(m_port->isHostOpen()); // asked of the kernel, no waiting for the poll
        QTRY_COMPARE_WITH_TIMEOUT(opened.size(), 1, 1000);
        ::close(fd);
        QTRY_COMPARE_WITH_TIMEOUT(closed.size(), 1, 1000);
        QVERIFY(!m_port->isHostOpen());
    }

    void bytesWrittenAsTheHostLeftDoNotGreetTheNextHost()
    {
        QSignalSpy opened(m_port.get(), &PtyEndpoint::hostOpened);
        QSignalSpy closed(m_port.get(), &PtyEndpoint::hostClosed);
        const int fd = openHost(m_port->linkPath());
        QTRY_COMPARE_WITH_TIMEOUT(opened.size(), 1, 1000);
        ::close(fd);
        // The endpoint has not yet seen the close (no event processing since): these bytes reach the pty.
        m_port->write("stale reply");
        QTRY_COMPARE_WITH_TIMEOUT(closed.size(), 1, 1000);
        const int next = openHost(m_port->linkPath());
        QCOMPARE(hostRead(next, 100), QByteArray());
        ::close(next);
    }

    void writesWithNoHostAreDropped()
    {
        m_port->write("nobody listens");
        QCOMPARE(m_port->bytesOut(), 0);
        const int fd = openHost(m_port->linkPath());
        QCOMPARE(hostRead(fd, 100), QByteArray());
        ::close(fd);
    }

    void unplugHangsUpTheHostAndRemovesTheLink()
    {
        const int fd = openHost(m_port->linkPath());
        QVERIFY(fd >= 0);
        m_port->unplug();
        QVERIFY(!m_port->isPlugged());
        QVERIFY(!QFileInfo(m_port->linkPath()).isSymLink());
        pollfd p{fd, POLLIN, 0};
        QCOMPARE(::poll(&p, 1, 500), 1);
        QVERIFY(p.revents & POLLHUP);
        char c;
        QVERIFY(::read(fd, &c, 1) <= 0);
        QCOMPARE(::write(fd, "x", 1), ssize_t(-1));
        QCOMPARE(errno, EIO);
        ::close(fd);
    }

    void replugServesTheSameLinkPath()
    {
        const QString link = m_port->linkPath();
        m_port->unplug();
        QString error;
        QVERIFY2(m_port->plug(&error), qPrintable(error));
        QCOMPARE(QFileInfo(link).symLinkTarget(), m_port->devicePath());
        QVERIFY(!m_port->plug(&error)); // already plugged
        QVERIFY(error.contains(QLatin1String("already")));
    }

    void refusesToReplaceSomethingThatIsNotALink()
    {
        const QString path = m_dir->filePath(QStringLiteral("file"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.close();
        PtyEndpoint p(QStringLiteral("file"), path);
        QString error;
        QVERIFY(!p.plug(&error));
        QVERIFY2(error.contains(QLatin1String("not a symlink")), qPrintable(error));
        QVERIFY(QFileInfo(path).isFile());
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<PtyEndpoint> m_port;
};

QTEST_GUILESS_MAIN(TestPtyEndpoint)
#include "test_pty_endpoint.moc"
