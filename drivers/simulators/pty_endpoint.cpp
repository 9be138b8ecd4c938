// Pty plumbing for the device simulator: openpty, raw termios, the published symlink, and host open/close tracking.
#include "drivers/simulators/pty_endpoint.h"

#include <QFileInfo>
#include <QLoggingCategory>
#include <QSocketNotifier>
#include <QTimer>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <termios.h>
#include <unistd.h>

Q_LOGGING_CATEGORY(lcPty, "kiosk.devsim.pty")

namespace kiosk::drivers::simulators {

namespace {

// How often to look whether a host has opened the slave. While nobody has it open the master reports hang-up
// continuously, so it cannot be watched with a notifier; 10 ms keeps "open, then write at once" prompt.
constexpr int kHostPollMs = 10;

QString errnoText()
{
    return QString::fromLocal8Bit(std::strerror(errno));
}

} // namespace

PtyEndpoint::PtyEndpoint(const QString &name, const QString &linkPath, QObject *parent)
    : QObject(parent), name_(name), linkPath_(linkPath)
{}

PtyEndpoint::~PtyEndpoint()
{
    unplug();
}

bool PtyEndpoint::plug(QString *error)
{
    const auto fail = [error](const QString &why) {
        if (error)
            *error = why;
        return false;
    };
    if (isPlugged())
        return fail(QStringLiteral("%1 is already plugged in").arg(name_));

    const QFileInfo existing(linkPath_);
    if (existing.exists() && !existing.isSymLink())
        return fail(QStringLiteral("%1 exists and is not a symlink").arg(linkPath_));

    int master = -1, slave = -1;
    if (::openpty(&master, &slave, nullptr, nullptr, nullptr) != 0)
        return fail(QStringLiteral("openpty: %1").arg(errnoText()));
    const char *slaveName = ::ttyname(slave);
    const QString device = slaveName ? QString::fromLocal8Bit(slaveName) : QString();
    // Raw 8N1: no echo, no line editing, no CR/LF translation, so bytes pass exactly. The settings stay with the
    // pty when this end closes and a host opens it later; baud is meaningless on a pty.
    termios t{};
    bool ok = !device.isEmpty() && ::tcgetattr(slave, &t) == 0;
    if (ok) {
        ::cfmakeraw(&t);
        ::cfsetispeed(&t, B115200);
        ::cfsetospeed(&t, B115200);
        ok = ::tcsetattr(slave, TCSANOW, &t) == 0;
    }
    const QString setupError = errnoText();
    // The simulator keeps no slave descriptor: then the master sees hang-up exactly while no host has the port
    // open, which is how it knows to discard what a departed host did not read.
    ::close(slave);
    if (!ok) {
        ::close(master);
        return fail(QStringLiteral("pty set-up: %1").arg(setupError));
    }
    ::fcntl(master, F_SETFL, ::fcntl(master, F_GETFL) | O_NONBLOCK);
    ::fcntl(master, F_SETFD, FD_CLOEXEC);

    // Publish atomically: a host opening the link never sees it missing during a replug.
    const QByteArray tmp = (linkPath_ + QStringLiteral(".tmp-%1").arg(::getpid())).toLocal8Bit();
    ::unlink(tmp.constData());
    if (::symlink(device.toLocal8Bit().constData(), tmp.constData()) != 0 ||
        ::rename(tmp.constData(), linkPath_.toLocal8Bit().constData()) != 0) {
        const QString why = errnoText();
        ::unlink(tmp.constData());
        ::close(master);
        return fail(QStringLiteral("cannot link %1 -> %2: %3").arg(linkPath_, device, why));
    }

    master_ = master;
    devicePath_ = device;
    readNotifier_ = new QSocketNotifier(master, QSocketNotifier::Read, this);
    readNotifier_->setEnabled(false);
    connect(readNotifier_, &QSocketNotifier::activated, this, &PtyEndpoint::onReadable);
    writeNotifier_ = new QSocketNotifier(master, QSocketNotifier::Write, this);
    writeNotifier_->setEnabled(false);
    connect(writeNotifier_, &QSocketNotifier::activated, this, &PtyEndpoint::onWritable);
    hostPoll_ = new QTimer(this);
    hostPoll_->setInterval(kHostPollMs);
    connect(hostPoll_, &QTimer::timeout, this, &PtyEndpoint::pollHost);
    watchForHost();
    qCInfo(lcPty).noquote() << name_ << "plugged:" << linkPath_ << "->" << device;
    return true;
}

void PtyEndpoint::unplug()
{
    if (!isPlugged())
        return;
    closeFds();
    // Remove the link only while it still names our pty (someone may have replaced it).
    const QByteArray link = linkPath_.toLocal8Bit();
    char target[256];
    const ssize_t n = ::readlink(link.constData(), target, sizeof target - 1);
    if (n > 0 && QByteArray(target, qsizetype(n)) == devicePath_.toLocal8Bit())
        ::unlink(link.constData());
    devicePath_.clear();
    qCInfo(lcPty).noquote() << name_ << "unplugged";
}

void PtyEndpoint::closeFds()
{
    delete readNotifier_;
    readNotifier_ = nullptr;
    delete writeNotifier_;
    writeNotifier_ = nullptr;
    delete hostPoll_;
    hostPoll_ = nullptr;
    if (master_ >= 0)
        ::close(master_);
    master_ = -1;
    hostOpen_ = false;
    out_.clear();
}

bool PtyEndpoint::isHostOpen() const
{
    if (master_ < 0)
        return false;
    pollfd p{master_, POLLIN, 0};
    if (::poll(&p, 1, 0) < 0)
        return false;
    return !(p.revents & POLLHUP);
}

void PtyEndpoint::watchForHost()
{
    hostOpen_ = false;
    if (readNotifier_)
        readNotifier_->setEnabled(false);
    if (writeNotifier_)
        writeNotifier_->setEnabled(false);
    if (hostPoll_)
        hostPoll_->start();
}

void PtyEndpoint::pollHost()
{
    if (!isPlugged() || hostOpen_ || !isHostOpen())
        return;
    hostOpen_ = true;
    hostPoll_->stop();
    readNotifier_->setEnabled(true);
    if (!out_.isEmpty())
        writeNotifier_->setEnabled(true);
    qCDebug(lcPty).noquote() << name_ << "host opened the port";
    emit hostOpened();
}

void PtyEndpoint::onReadable()
{
    QByteArray data;
    bool closed = false;
    char buf[4096];
    for (;;) {
        const ssize_t n = ::read(master_, buf, sizeof buf);
        if (n > 0) {
            data.append(buf, qsizetype(n));
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            break;
        closed = true; // EIO (or EOF): the last host closed the slave
        break;
    }
    const int master = master_;
    if (!data.isEmpty()) {
        bytesIn_ += data.size();
        emit received(data);
    }
    if (closed && master_ == master && master >= 0) {
        watchForHost();
        out_.clear();
        flushWhileClosed();
        qCDebug(lcPty).noquote() << name_ << "host closed the port";
        emit hostClosed();
    }
}

void PtyEndpoint::flushWhileClosed()
{
    // Bytes written towards a host that has gone would otherwise greet the next host: open the slave briefly and
    // discard its input queue, as closing a real port does.
    const int fd = ::open(devicePath_.toLocal8Bit().constData(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (fd >= 0) {
        ::tcflush(fd, TCIFLUSH);
        ::close(fd);
        return;
    }
    if (errno == EBUSY) {
        // A host set TIOCEXCL and died without clearing it; while our master lives the flag stays and no unprivileged
        // process could open the port again. A real port resets on last close, so give the link a fresh pty.
        qCWarning(lcPty).noquote() << name_ << "was left in exclusive mode by a host that did not close it; replugging";
        closeFds();
        QString error;
        if (!plug(&error))
            qCWarning(lcPty).noquote() << name_ << "replug failed:" << error;
    }
}

void PtyEndpoint::write(const QByteArray &bytes)
{
    if (!isPlugged() || bytes.isEmpty())
        return;
    if (!hostOpen_)
        pollHost(); // the host may have opened the port since the last poll
    if (!hostOpen_) {
        qCDebug(lcPty).noquote() << name_ << "dropped" << bytes.size() << "bytes: no host has the port open";
        return;
    }
    out_.append(bytes);
    onWritable();
}

void PtyEndpoint::onWritable()
{
    while (!out_.isEmpty() && master_ >= 0) {
        const ssize_t n = ::write(master_, out_.constData(), size_t(out_.size()));
        if (n > 0) {
            bytesOut_ += n;
            out_.remove(0, qsizetype(n));
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            writeNotifier_->setEnabled(true); // the host is not reading fast enough: wait for room
            return;
        }
        out_.clear(); // EIO: the host went away; onReadable() will notice the close
        break;
    }
    if (writeNotifier_)
        writeNotifier_->setEnabled(false);
}

} // namespace kiosk::drivers::simulators
