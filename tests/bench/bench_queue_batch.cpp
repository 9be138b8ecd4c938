// Benchmark `queue_batch` (design.md section 5): the sync engine's next item (Outbox::leaseNext) from a 100,000-row
// queue, cold: a fresh connection with an empty SQLite page cache and the file's pages dropped from the OS cache
// (posix_fadvise DONTNEED on this file only), set up as the sync engine sets up its own connection (synchronous=NORMAL,
// see prepareSyncConnection). Budget: <= 10 ms (median of several reopenings). Prints one JSON line.
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <sqlite3.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include "bench_support.h"
#include "offline_queue/outbox.h"
#include "offline_queue/storage/store.h"
#include "offline_queue/sync_engine.h"

using namespace kiosk::queue;

namespace {

constexpr int kRows = 100'000;

void dropFromOsCache(const QString &path)
{
    for (const QString &p : {path, path + "-wal"}) {
        const int fd = ::open(QFile::encodeName(p).constData(), O_RDONLY);
        if (fd < 0)
            continue;
        ::fdatasync(fd);
        ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
        ::close(fd);
    }
}

// A queue as a busy kiosk has it after a long outage: 100k rows, most acknowledged and purged, many pending with
// their sealed envelope and a blob each, some dead, due times spread around "now".
QString fill(Store &store, qint64 nowMono)
{
    if (!store.exec("BEGIN").isOk())
        return QStringLiteral("begin");
    Statement sub =
        store.prepare("INSERT INTO submissions (id, local_no, item_code, state, created_wall, created_seq, attempts, "
                      "next_attempt_mono, last_error, case_no, acked_wall, envelope) VALUES (?1, ?2, 'GD-RS-001', ?3, "
                      "?4, ?5, ?6, ?7, "
                      "?8, ?9, ?10, ?11)");
    Statement blob = store.prepare("INSERT INTO blobs (sha256, size, sealed) VALUES (?1, ?2, ?3)");
    Statement link = store.prepare("INSERT INTO submission_blobs (submission_id, sha256, ord) VALUES (?1, ?2, 0)");
    QByteArray envelope(1200, 'e');
    QByteArray sealed(400, 'b');
    QRandomGenerator rng(42);
    const qint64 wall0 = 1'717'200'000'000;
    for (int i = 0; i < kRows; ++i) {
        const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        const int kind = i % 10; // 0-5 acked (purged), 6 dead, 7-9 pending
        const bool acked = kind <= 5;
        const bool dead = kind == 6;
        const qint64 due = acked || dead ? 0 : nowMono + qint64(rng.bounded(7'200'000)) - 3'600'000;
        sub.reset();
        sub.bindText(1, id)
            .bindText(2, QStringLiteral("GD-DEV-0001-20240601-%1").arg(i + 1, 6, 10, QLatin1Char('0')))
            .bindText(3, acked  ? "acked"
                         : dead ? "dead"
                                : "pending")
            .bindInt(4, wall0 + i * 1000)
            .bindInt(5, i + 1)
            .bindInt(6, acked ? 1 : int(rng.bounded(8)))
            .bindInt(7, due);
        if (acked) {
            sub.bindNull(8)
                .bindText(9, QStringLiteral("GDZW%1").arg(i))
                .bindInt(10, wall0 + i * 1000 + 500)
                .bindNull(11);
        } else {
            sub.bindText(8, dead ? "HTTP 422: invalid" : "network (connect): refused").bindNull(9).bindNull(10);
            envelope[0] = char(i);
            sub.bindBlob(11, envelope);
        }
        if (!sub.run().isOk())
            return QStringLiteral("insert submission: ") + sub.error().message;
        if (!acked) {
            const QString sha = QString::fromLatin1(QByteArray::number(i).toHex().leftJustified(64, '0'));
            blob.reset();
            blob.bindText(1, sha).bindInt(2, sealed.size()).bindBlob(3, sealed);
            if (!blob.run().isOk())
                return QStringLiteral("insert blob: ") + blob.error().message;
            link.reset();
            link.bindText(1, id).bindText(2, sha);
            if (!link.run().isOk())
                return QStringLiteral("insert link: ") + link.error().message;
        }
    }
    if (!store.exec("COMMIT").isOk())
        return QStringLiteral("commit");
    bool complete = false;
    store.checkpointTruncate(&complete);
    return {};
}

} // namespace

class BenchQueueBatch : public QObject
{
    Q_OBJECT

private slots:
    void nextItemFromAHundredThousandRows_coldUnderTenMs()
    {
        QTemporaryDir dir(
            QDir(qEnvironmentVariable("KIOSK_BINARY_DIR", QDir::tempPath())).filePath("bench-queue-XXXXXX"));
        QVERIFY(dir.isValid());
        const QString path = dir.filePath("queue.sqlite");
        const qint64 nowMono = 50'000'000;
        {
            StoreOpenResult r = Store::open(path, Outbox::migrations());
            QVERIFY2(r.isOk(), qPrintable(r.error.message));
            const QString why = fill(*r.store, nowMono);
            QVERIFY2(why.isEmpty(), qPrintable(why));
        }

        QList<double> cold;
        double batchMs = 0;
        const int runs = kiosk::bench::iterations(7, 3); // the rows stay 100k: they are what is measured
        for (int run = 0; run < runs; ++run) {
            StoreOpenResult r = Store::open(path, Outbox::migrations()); // includes its quick_check (not timed)
            QVERIFY(r.isOk());
            QVERIFY(prepareSyncConnection(*r.store).isOk()); // as the sync engine opens its connection
            r.store->exec("PRAGMA shrink_memory");           // the connection's page cache starts empty
            dropFromOsCache(path);
            OutboxOptions oo;
            oo.kioskId = QStringLiteral("GD-DEV-0001");
            Outbox outbox(*r.store, oo);
            QElapsedTimer t;
            t.start();
            const auto lease = outbox.leaseNext(QStringLiteral("bench"), nowMono + run, 60'000);
            cold << double(t.nsecsElapsed()) / 1e6;
            QVERIFY(lease.isOk());
            QVERIFY(lease.value.has_value());
            QVERIFY(!lease.value->envelope.isEmpty());
            QCOMPARE(lease.value->blobs.size(), 1);
            if (run == 0) {
                // A whole batch of 20 (what one pass of the engine takes at most), warm after the first.
                t.restart();
                for (int i = 0; i < 20; ++i)
                    QVERIFY(outbox.leaseNext(QStringLiteral("bench"), nowMono, 60'000).value.has_value());
                batchMs = double(t.nsecsElapsed()) / 1e6;
            }
        }
        std::sort(cold.begin(), cold.end());
        const double median = cold[cold.size() / 2];
        const bool ok = median <= 10.0;
        const QByteArray line =
            "{\"bench\":\"queue_batch\",\"metric\":\"lease_next_cold_ms\",\"value\":" +
            QByteArray::number(median, 'f', 3) + ",\"budget\":10,\"ok\":" + (ok ? "true" : "false") +
            ",\"rows\":" + QByteArray::number(kRows) + ",\"max_ms\":" + QByteArray::number(cold.last(), 'f', 3) +
            ",\"batch_of_20_ms\":" + QByteArray::number(batchMs, 'f', 3) + kiosk::bench::smokeField() + "}";
        std::printf("%s\n", line.constData());
        std::fflush(stdout);
        QVERIFY2(kiosk::bench::passesAtMost(median, 10.0), "leaseNext from a 100k-row queue is over 10 ms cold");
    }
};

QTEST_GUILESS_MAIN(BenchQueueBatch)
#include "bench_queue_batch.moc"
