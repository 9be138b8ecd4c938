// sd_notify through libsystemd (the reference implementation of the protocol: abstract and path sockets,
// WATCHDOG_PID handling).
#include "app/service_manager/systemd_notifier.h"

#include <QLoggingCategory>

#include <systemd/sd-daemon.h>

#include "app/session/service_availability.h"

Q_LOGGING_CATEGORY(lcSystemd, "kiosk.app.systemd")

namespace kiosk::app {

SystemdNotifier::SystemdNotifier(QObject *parent) : QObject(parent), timer_(this)
{
    enabled_ = !qEnvironmentVariableIsEmpty("NOTIFY_SOCKET");
    uint64_t usec = 0;
    // sd_watchdog_enabled() returns > 0 only when WATCHDOG_USEC is set and WATCHDOG_PID is unset or ours.
    if (enabled_ && sd_watchdog_enabled(0, &usec) > 0 && usec > 0)
        interval_ = std::chrono::milliseconds(qMax<uint64_t>(1, usec / 2000));
    timer_.setTimerType(Qt::CoarseTimer);
    connect(&timer_, &QTimer::timeout, this, &SystemdNotifier::ping);
    if (enabled_)
        qCInfo(lcSystemd).noquote() << "service manager present; watchdog"
                                    << (interval_.count() ? QStringLiteral("every %1 ms").arg(interval_.count())
                                                          : QStringLiteral("off"));
}

void SystemdNotifier::startWatchdog()
{
    if (interval_.count() == 0)
        return;
    ping();
    timer_.start(interval_);
}

void SystemdNotifier::notifyReady()
{
    if (ready_ || !enabled_)
        return;
    ready_ = true;
    QByteArray state = "READY=1";
    if (!status_.isEmpty())
        state += "\nSTATUS=" + status_.toUtf8();
    send(state);
}

void SystemdNotifier::followAvailability(const ServiceAvailability *availability)
{
    const auto update = [this](bool inService, const QString &reason) {
        QString oneLine = reason;
        oneLine.replace(QLatin1Char('\n'), QStringLiteral("; "));
        setStatus(inService ? QStringLiteral("in service") : QStringLiteral("out of service: ") + oneLine);
    };
    connect(availability, &ServiceAvailability::changed, this, update);
    update(availability->inService(), availability->reason());
}

void SystemdNotifier::setStatus(const QString &status)
{
    if (status == status_)
        return;
    status_ = status;
    if (ready_) // before READY the status goes out with it
        send("STATUS=" + status.toUtf8());
}

void SystemdNotifier::notifyStopping()
{
    timer_.stop();
    send("STOPPING=1");
}

void SystemdNotifier::ping()
{
    if (send("WATCHDOG=1"))
        ++pings_;
}

bool SystemdNotifier::send(const QByteArray &state)
{
    if (!enabled_)
        return false;
    const int rc = sd_notify(0, state.constData());
    if (rc < 0)
        qCWarning(lcSystemd) << "sd_notify failed:" << -rc;
    return rc > 0;
}

} // namespace kiosk::app
