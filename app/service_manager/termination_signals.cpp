#include "app/service_manager/termination_signals.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QSocketNotifier>

#include <csignal>
#include <sys/socket.h>
#include <unistd.h>

Q_LOGGING_CATEGORY(lcSignals, "kiosk.app.signals")

namespace kiosk::app {

namespace {

int g_wakeFds[2] = {-1, -1};

void onTerminationSignal(int signo)
{
    const char b = char(signo);
    [[maybe_unused]] const ssize_t n = ::write(g_wakeFds[0], &b, 1); // async-signal-safe
}

} // namespace

void quitOnTerminationSignals()
{
    if (g_wakeFds[0] >= 0)
        return;
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, g_wakeFds) != 0) {
        qCWarning(lcSignals) << "socketpair failed: SIGTERM ends the kiosk without a clean shutdown";
        return;
    }
    auto *notifier = new QSocketNotifier(g_wakeFds[1], QSocketNotifier::Read, QCoreApplication::instance());
    QObject::connect(notifier, &QSocketNotifier::activated, notifier, [] {
        char b = 0;
        [[maybe_unused]] const ssize_t n = ::read(g_wakeFds[1], &b, 1);
        qCInfo(lcSignals) << "signal" << int(b) << "received: shutting down";
        QCoreApplication::quit();
    });
    struct sigaction sa {
    };
    sa.sa_handler = onTerminationSignal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    ::sigaction(SIGTERM, &sa, nullptr);
    ::sigaction(SIGINT, &sa, nullptr);
}

} // namespace kiosk::app
