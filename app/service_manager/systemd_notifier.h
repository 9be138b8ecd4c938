// The kiosk's side of systemd's service protocol (sd_notify): READY=1 once the first screen is up, WATCHDOG=1 from
// the GUI thread's event loop (a frozen UI stops the pings and systemd restarts the service), STATUS= with the
// out-of-service reason, STOPPING=1 on quit. Without NOTIFY_SOCKET (development, tests) every call does nothing.
#pragma once

#include <QObject>
#include <QString>
#include <QTimer>

#include <chrono>

namespace kiosk::app {

class ServiceAvailability;

class SystemdNotifier : public QObject
{
    Q_OBJECT
public:
    // Reads NOTIFY_SOCKET, WATCHDOG_USEC and WATCHDOG_PID once. The watchdog timer lives on the thread this object is
    // created on: create it on the GUI thread, whose responsiveness it vouches for.
    explicit SystemdNotifier(QObject *parent = nullptr);

    // True when a service manager listens (NOTIFY_SOCKET is set).
    bool enabled() const { return enabled_; }
    // The ping interval: half of WATCHDOG_USEC; zero when the watchdog is off, i.e. WATCHDOG_USEC is unset or
    // WATCHDOG_PID names another process (a child must not keep its parent's watchdog alive).
    std::chrono::milliseconds watchdogInterval() const { return interval_; }

    // Starts pinging (one ping at once, then every interval) while the event loop runs. No-op when the watchdog is off.
    void startWatchdog();
    // READY=1 with the current status; only the first call sends.
    void notifyReady();
    // Follows the kiosk's availability: STATUS=in service / STATUS=out of service: <reasons, one line>.
    void followAvailability(const ServiceAvailability *availability);
    void setStatus(const QString &status);
    // STOPPING=1 (and stops the pings).
    void notifyStopping();

    int watchdogPings() const { return pings_; }

private:
    bool send(const QByteArray &state);
    void ping();

    bool enabled_ = false;
    bool ready_ = false;
    std::chrono::milliseconds interval_{0};
    QString status_;
    QTimer timer_;
    int pings_ = 0;
};

} // namespace kiosk::app
