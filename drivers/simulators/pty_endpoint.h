// One simulated serial device's wire: a pty whose slave path is published as a symlink (DIR/idcard ...), with the
// master side served through QSocketNotifier. Unplug and replug behave like pulling and reconnecting a USB adapter.
#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>

class QSocketNotifier;
class QTimer;

namespace kiosk::drivers::simulators {

class PtyEndpoint : public QObject
{
    Q_OBJECT
public:
    // `linkPath` is the stable name hosts open; it points at a new /dev/pts/N on every plug().
    PtyEndpoint(const QString &name, const QString &linkPath, QObject *parent = nullptr);
    ~PtyEndpoint() override;

    // Creates a pty (raw mode), points the link at its slave and starts serving; false with `error` set on failure.
    bool plug(QString *error);
    // Closes the master (the host's next read or write fails with EIO / hang-up) and removes the link.
    void unplug();
    bool isPlugged() const { return master_ >= 0; }

    // Has some process the slave open right now? (Asked of the kernel at the moment of the call.)
    bool isHostOpen() const;

    QString name() const { return name_; }
    QString linkPath() const { return linkPath_; }
    QString devicePath() const { return devicePath_; }

    // Queues bytes towards the host; they leave as fast as the host's side takes them.
    void write(const QByteArray &bytes);
    // Drops bytes not yet handed to the kernel.
    void clearOutput() { out_.clear(); }
    qsizetype pendingOutput() const { return out_.size(); }

    qint64 bytesIn() const { return bytesIn_; }
    qint64 bytesOut() const { return bytesOut_; }

signals:
    void received(const QByteArray &bytes);
    // The last host closed the slave (or died): whatever it had not read is discarded, as a real port close does.
    void hostClosed();
    void hostOpened();

private:
    void onReadable();
    void onWritable();
    void watchForHost();
    void pollHost();
    void flushWhileClosed();
    void closeFds();

    QString name_;
    QString linkPath_;
    QString devicePath_;
    int master_ = -1;
    QSocketNotifier *readNotifier_ = nullptr;
    QSocketNotifier *writeNotifier_ = nullptr;
    QTimer *hostPoll_ = nullptr;
    bool hostOpen_ = false;
    QByteArray out_;
    qint64 bytesIn_ = 0;
    qint64 bytesOut_ = 0;
};

} // namespace kiosk::drivers::simulators
