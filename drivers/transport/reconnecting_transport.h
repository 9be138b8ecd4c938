// Keeps a driver's link up: opens it through the factory, and after a failed open or an unplug drops it and
// tries a fresh one every retry interval, reporting each outage once.
#pragma once

#include <QObject>
#include <QTimer>

#include "drivers/transport/transport.h"

namespace kiosk::drivers {

// Lives on the driver's worker thread, like the transports it makes. A USB serial adapter that is unplugged and
// plugged back comes back as a new device node (or, for a pty, a new pty behind the same link path), so a lost
// link is never reused: each attempt asks the factory for a new one.
class ReconnectingTransport : public QObject
{
    Q_OBJECT
public:
    ReconnectingTransport(TransportFactory factory, int retryIntervalMs, QObject *parent = nullptr);
    ~ReconnectingTransport() override;

    // Opens now; when that fails, emits lost() and retries every interval until stop().
    void start();
    // Closes the link and stops retrying.
    void stop();
    // Drops the current link and opens a fresh one now (for a driver that finds the device wedged).
    void reconnect();

    bool isOpen() const;
    bool isRunning() const { return running_; }
    // Returns false (and emits nothing: the caller reports) when there is no open link.
    bool write(const QByteArray &bytes);
    // The link's name once one has been made (e.g. the port path), else empty.
    QString linkName() const { return name_; }
    int retryIntervalMs() const { return retry_->interval(); }

signals:
    void opened();                                               // the link is up (first time and after every outage)
    void lost(const kiosk::drivers::TransportError &error);      // the first failure of an outage; retries are silent
    void linkError(const kiosk::drivers::TransportError &error); // an error after which the link stayed open
    void bytesReceived(const QByteArray &bytes);

private:
    void attempt();
    void onTransportError(const TransportError &error);
    void onTransportClosed();
    void drop();
    void reportLost(const TransportError &error);

    TransportFactory factory_;
    Transport *transport_ = nullptr;   // owned (child); dropped links are deleted later, never inside their signals
    QTimer *retry_ = new QTimer(this); // children (not plain members): moveToThread takes them along
    QString name_;
    bool running_ = false;
    bool outageReported_ = false;
};

} // namespace kiosk::drivers
