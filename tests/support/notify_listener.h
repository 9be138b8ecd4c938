// A real sd_notify listener for tests: a unix datagram socket bound to a path, as systemd's NOTIFY_SOCKET.
// Messages are read without blocking, so a test can count exactly what was sent up to a point in time.
#pragma once

#include <QByteArray>
#include <QFile>
#include <QList>
#include <QString>
#include <QTemporaryDir>

#include <cstring>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

class NotifyListener
{
public:
    NotifyListener()
    {
        path_ = dir_.filePath(QStringLiteral("notify"));
        fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        const QByteArray p = path_.toLocal8Bit();
        if (fd_ < 0 || p.size() >= int(sizeof(addr.sun_path)))
            return;
        std::memcpy(addr.sun_path, p.constData(), size_t(p.size()));
        ok_ = ::bind(fd_, reinterpret_cast<sockaddr *>(&addr), sizeof(addr)) == 0;
    }
    ~NotifyListener()
    {
        if (fd_ >= 0)
            ::close(fd_);
    }
    NotifyListener(const NotifyListener &) = delete;
    NotifyListener &operator=(const NotifyListener &) = delete;

    bool isOk() const { return ok_; }
    // Lets any user send (a service running as another user, e.g. cage started as nobody by a root test).
    void allowAnyUser()
    {
        QFile::setPermissions(dir_.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner |
                                               QFileDevice::ExeGroup | QFileDevice::ExeOther);
        ::chmod(path_.toLocal8Bit().constData(), 0777);
    }
    QString path() const { return path_; }

    // Every datagram queued now (never waits).
    QList<QByteArray> drain()
    {
        QList<QByteArray> out;
        char buf[4096];
        for (;;) {
            const ssize_t n = ::recv(fd_, buf, sizeof(buf), MSG_DONTWAIT);
            if (n < 0)
                break;
            out.append(QByteArray(buf, int(n)));
        }
        all_ += out;
        return out;
    }
    // Every datagram received so far through drain().
    const QList<QByteArray> &all() const { return all_; }

    static int count(const QList<QByteArray> &messages, const QByteArray &line)
    {
        int n = 0;
        for (const QByteArray &m : messages)
            n += m.split('\n').contains(line) ? 1 : 0;
        return n;
    }

private:
    QTemporaryDir dir_;
    QString path_;
    int fd_ = -1;
    bool ok_ = false;
    QList<QByteArray> all_;
};
