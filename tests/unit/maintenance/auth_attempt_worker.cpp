// Test helper for the crash test: makes COUNT sign-in attempts with PIN (and the staff card CARD when given),
// printing "start N" before and "done N OUTCOME" after each, until it is killed.
// usage: auth_attempt_worker DATABASE PIN COUNT [CARD]
#include <QCoreApplication>

#include <cstdio>

#include "app/maintenance/maintenance_auth.h"

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 4 && args.size() != 5) {
        std::fprintf(stderr, "usage: auth_attempt_worker DATABASE PIN COUNT [CARD]\n");
        return 64;
    }
    kiosk::app::MaintenanceAuthOptions o;
    o.databasePath = args[1];
    auto opened = kiosk::app::MaintenanceAuth::open(o);
    if (!opened.isOk()) {
        std::fprintf(stderr, "open: %s\n", qPrintable(opened.error.message));
        return 1;
    }
    const int count = args[3].toInt();
    for (int i = 1; i <= count; ++i) {
        std::printf("start %d\n", i);
        std::fflush(stdout);
        const kiosk::app::AuthResult r =
            args.size() == 5 ? opened.auth->attemptCardAndPin(args[4], args[2]) : opened.auth->attemptPin(args[2]);
        std::printf("done %d %s\n", i, qPrintable(kiosk::app::toString(r.outcome)));
        std::fflush(stdout);
    }
    return 0;
}
