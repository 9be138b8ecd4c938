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
    bool isPlugged() const { return m_master >= 0; }

    // Has some process the slave open right now? (Asked of the kernel at the moment of the call.)
    bool isHostOpen() const;

    QString name() const { return m_name; }
    QString linkPath() const { return m_linkPath; }
    QString devicePath() const { return m_devicePath; }

    // Queues bytes towards the host; they leave as fast as the host's side takes them.
    void write(const QByteArray &bytes);
    // Drops bytes not yet handed to the kernel.
    void clearOutput() { m_out.clear(); }
    qsizetype pendingOutput() const { return m_out.size(); }

    qint64 bytesIn() const { return m_bytesIn; }
    qint64 bytesOut() const { return m_bytesOut; }

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

    QString m_name;
    QString m_linkPath;
    QString m_devicePath;
    int m_master = -1;
    QSocketNotifier *m_readNotifier = nullptr;
    QSocketNotifier *m_writeNotifier = nullptr;
    QTimer *m_hostPoll = nullptr;
    bool m_hostOpen = false;
    QByteArray m_out;
    qint64 m_bytesIn = 0;
    qint64 m_bytesOut = 0;
};

} // namespace kiosk::drivers::simulators
