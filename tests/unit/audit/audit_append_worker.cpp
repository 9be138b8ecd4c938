// Test helper for the crash test: appends audit records in a loop and prints each committed seq on its own line, until
// it is killed (or `count` records were appended). usage: audit_append_worker DATABASE KEYFILE COUNT
#include <QCoreApplication>

#include <cstdio>

#include "app/audit/audit_log.h"

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 4) {
        std::fprintf(stderr, "usage: audit_append_worker DATABASE KEYFILE COUNT\n");
        return 64;
    }
    kiosk::app::AuditOptions o;
    o.databasePath = args[1];
    o.keyPath = args[2];
    o.recoverCorrupt = false; // a crash must never look like corruption
    kiosk::app::AuditOpenResult r = kiosk::app::AuditLog::open(o);
    if (!r.isOk()) {
        std::fprintf(stderr, "open: %s\n", qPrintable(r.error.message));
        return 1;
    }
    const int count = args[3].toInt();
    for (int i = 0; i < count; ++i) {
        const auto a =
            r.log->append(QStringLiteral("test.crash"),
                          {{QStringLiteral("i"), i}, {QStringLiteral("pad"), QString(200, QLatin1Char('x'))}});
        if (!a.isOk()) {
            std::fprintf(stderr, "append: %s\n", qPrintable(a.error.message));
            return 1;
        }
        std::printf("%lld\n", static_cast<long long>(a.value));
        std::fflush(stdout);
    }
    return 0;
}
