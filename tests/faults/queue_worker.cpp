// Helper process for the kill -9 tests: `enqueue` seals and enqueues submissions in a loop, printing "OK <id>" (and
// flushing) only after enqueue returned OK, as the kiosk prints a receipt; `sync` runs the real SyncEngine thread
// against the sandbox until killed (or, with --until-empty, until nothing is left to send).
//
// usage: queue_worker enqueue DB PKI [COUNT [PACE_MS]]  (COUNT 0 or absent: until killed; a random pause of up to
//                                                       PACE_MS between submissions, as citizens come one by one)
//        queue_worker sync DB PKI URL [--until-empty] [--timeout-ms N]
#include <QCoreApplication>
#include <QJsonDocument>
#include <QThread>
#include <QTimer>

#include <cstdio>

#include "fault_sealing.h"

#include "offline_queue/outbox.h"
#include "offline_queue/storage/store.h"
#include "offline_queue/sync_engine.h"

using namespace kiosk;

namespace {

int usage()
{
    std::fprintf(stderr, "usage: queue_worker enqueue DB PKI [COUNT [PACE_MS]] | sync DB PKI URL [--until-empty] "
                         "[--timeout-ms N]\n");
    return 64;
}

int enqueueLoop(const QString &db, const QString &pki, int count, int paceMs)
{
    // Opened as the kiosk's composition root opens it: a corrupt file would be moved aside (and the test would
    // then miss acknowledged ids, which is exactly what it must catch).
    queue::StoreOpenResult opened = queue::Store::open(db, queue::Outbox::migrations());
    if (!opened.isOk()) {
        std::fprintf(stderr, "open: %s\n", qPrintable(opened.error.message));
        return 1;
    }
    if (opened.recovered)
        std::fprintf(stderr, "RECOVERED %s\n", qPrintable(opened.movedAsideTo));
    queue::OutboxOptions options;
    options.kioskId = faults::kKioskId;
    options.diskFloorBytes = 0;
    queue::Outbox outbox(*opened.store, options);
    faults::KioskSealer sealer(pki);
    if (!sealer.isValid()) {
        std::fprintf(stderr, "sealer: %s\n", qPrintable(sealer.error()));
        return 1;
    }
    for (int i = 0; count == 0 || i < count; ++i) {
        QString why;
        const int pages = int(QRandomGenerator::global()->bounded(3)); // 0..2 pages
        const int size = 500 + int(QRandomGenerator::global()->bounded(20000));
        const QString id = sealer.enqueue(outbox, pages, size, &why);
        if (id.isEmpty()) {
            std::fprintf(stderr, "enqueue: %s\n", qPrintable(why));
            return 1;
        }
        std::printf("OK %s\n", qPrintable(id));
        std::fflush(stdout);
        if (paceMs > 0)
            QThread::msleep(QRandomGenerator::global()->bounded(paceMs + 1));
    }
    return 0;
}

int syncRun(int argc, char **argv, const QString &db, const QString &pki, const QString &url, bool untilEmpty,
            int timeoutMs)
{
    QCoreApplication app(argc, argv);
    queue::SyncSettings settings = faults::sandboxSettings(pki, url, db);
    settings.workerName = QStringLiteral("worker-%1").arg(QCoreApplication::applicationPid());
    queue::SyncEngine engine(settings);
    int exitCode = 0;
    if (untilEmpty) {
        QObject::connect(&engine, &queue::SyncEngine::statusChanged, &app, [&](const queue::SyncStatus &s) {
            if (s.passes > 0 && s.pending == 0 && s.inFlight == 0 && s.currentLocalNo.isEmpty())
                app.quit();
        });
    }
    if (timeoutMs > 0) {
        QTimer::singleShot(timeoutMs, &app, [&] {
            exitCode = 2;
            app.quit();
        });
    }
    engine.start();
    app.exec();
    engine.stop();
    const queue::SyncStatus s = engine.status();
    std::printf("STATUS %s\n", QJsonDocument(s.toJson()).toJson(QJsonDocument::Compact).constData());
    std::fflush(stdout);
    return exitCode;
}

} // namespace

int main(int argc, char **argv)
{
    if (argc < 4)
        return usage();
    const QString mode = QString::fromLocal8Bit(argv[1]);
    const QString db = QString::fromLocal8Bit(argv[2]);
    const QString pki = QString::fromLocal8Bit(argv[3]);
    if (mode == QLatin1String("enqueue"))
        return enqueueLoop(db, pki, argc > 4 ? QString::fromLocal8Bit(argv[4]).toInt() : 0,
                           argc > 5 ? QString::fromLocal8Bit(argv[5]).toInt() : 0);
    if (mode == QLatin1String("sync") && argc >= 5) {
        bool untilEmpty = false;
        int timeoutMs = 0;
        for (int i = 5; i < argc; ++i) {
            const QByteArray a(argv[i]);
            if (a == "--until-empty")
                untilEmpty = true;
            else if (a == "--timeout-ms" && i + 1 < argc)
                timeoutMs = QByteArray(argv[++i]).toInt();
            else
                return usage();
        }
        return syncRun(argc, argv, db, pki, QString::fromLocal8Bit(argv[4]), untilEmpty, timeoutMs);
    }
    return usage();
}
