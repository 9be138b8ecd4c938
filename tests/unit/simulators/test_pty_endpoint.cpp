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
        dir_ = std::make_unique<QTemporaryDir>();
        port_ = std::make_unique<PtyEndpoint>(QStringLiteral("dev"), dir_->filePath(QStringLiteral("dev")));
        QString error;
        QVERIFY2(port_->plug(&error), qPrintable(error));
    }
    void cleanup()
    {
        port_.reset();
        dir_.reset();
    }

    void plugPublishesALinkToARawPty()
    {
        const QFileInfo link(port_->linkPath());
        QVERIFY(link.isSymLink());
        QCOMPARE(link.symLinkTarget(), port_->devicePath());
        QVERIFY(port_->devicePath().startsWith(QLatin1String("/dev/pts/")));
        const int fd = openHost(port_->linkPath());
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
        QSignalSpy opened(port_.get(), &PtyEndpoint::hostOpened);
        QSignalSpy received(port_.get(), &PtyEndpoint::received);
        const int fd = openHost(port_->linkPath());
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
        port_->write(all);
        QCOMPARE(hostRead(fd, 500), all);
        ::close(fd);
    }

    void hostOpenAndCloseAreNoticed()
    {
        QSignalSpy opened(port_.get(), &PtyEndpoint::hostOpened);
        QSignalSpy closed(port_.get(), &PtyEndpoint::hostClosed);
        QVERIFY(!port_->isHostOpen());
        const int fd = openHost(port_->linkPath());
        QVERIFY(port_->isHostOpen()); // asked of the kernel, no waiting for the poll
        QTRY_COMPARE_WITH_TIMEOUT(opened.size(), 1, 1000);
        ::close(fd);
        QTRY_COMPARE_WITH_TIMEOUT(closed.size(), 1, 1000);
        QVERIFY(!port_->isHostOpen());
    }

    void bytesWrittenAsTheHostLeftDoNotGreetTheNextHost()
    {
        QSignalSpy opened(port_.get(), &PtyEndpoint::hostOpened);
        QSignalSpy closed(port_.get(), &PtyEndpoint::hostClosed);
        const int fd = openHost(port_->linkPath());
        QTRY_COMPARE_WITH_TIMEOUT(opened.size(), 1, 1000);
        ::close(fd);
        // The endpoint has not yet seen the close (no event processing since): these bytes reach the pty.
        port_->write("stale reply");
        QTRY_COMPARE_WITH_TIMEOUT(closed.size(), 1, 1000);
        const int next = openHost(port_->linkPath());
        QCOMPARE(hostRead(next, 100), QByteArray());
        ::close(next);
    }

    void writesWithNoHostAreDropped()
    {
        port_->write("nobody listens");
        QCOMPARE(port_->bytesOut(), 0);
        const int fd = openHost(port_->linkPath());
        QCOMPARE(hostRead(fd, 100), QByteArray());
        ::close(fd);
    }

    void unplugHangsUpTheHostAndRemovesTheLink()
    {
        const int fd = openHost(port_->linkPath());
        QVERIFY(fd >= 0);
        port_->unplug();
        QVERIFY(!port_->isPlugged());
        QVERIFY(!QFileInfo(port_->linkPath()).isSymLink());
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
        const QString link = port_->linkPath();
        port_->unplug();
        QString error;
        QVERIFY2(port_->plug(&error), qPrintable(error));
        QCOMPARE(QFileInfo(link).symLinkTarget(), port_->devicePath());
        QVERIFY(!port_->plug(&error)); // already plugged
        QVERIFY(error.contains(QLatin1String("already")));
    }

    void refusesToReplaceSomethingThatIsNotALink()
    {
        const QString path = dir_->filePath(QStringLiteral("file"));
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
    std::unique_ptr<QTemporaryDir> dir_;
    std::unique_ptr<PtyEndpoint> port_;
};

QTEST_GUILESS_MAIN(TestPtyEndpoint)
#include "test_pty_endpoint.moc"
