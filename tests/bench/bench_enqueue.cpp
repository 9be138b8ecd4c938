// Benchmark `enqueue` (design.md section 5): durable enqueue of a sealed 2 KB form + 1 MB page, median of 20, against
// raw SQLite WAL+FULL inserts of the same bytes in the same folder and run. Prints one JSON line.
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTemporaryDir>

#include <sqlite3.h>

#include <algorithm>
#include <cstdio>
#include <vector>

#include "bench_support.h"
#include "unit/offline_queue/queue_test_support.h"

#include "offline_queue/outbox.h"

using namespace kiosk;

namespace {

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

QByteArray randomBytes(qsizetype n)
{
    QByteArray b(n, Qt::Uninitialized);
    QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(b.data()), n / 4);
    return b;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int runs = argc > 1 ? std::max(3, atoi(argv[1])) : kiosk::bench::iterations(20, 3);
    QTemporaryDir dir;
    if (!dir.isValid())
        return 2;

    // Sealing happens when the citizen confirms, before enqueue: it is prepared outside the timed part.
    queue::Sealer sealer(test::testPlatformKey(), test::testKeys().kioskPrivate);
    QJsonObject payload = test::samplePayload();
    QJsonObject form = payload.value("form").toObject();
    form.insert("remarks", QString(1800, QChar(u'办')).left(600)); // ~2 KB of form values in UTF-8
    payload.insert("form", form);

    auto opened = queue::Store::open(dir.filePath("queue.db"), queue::Outbox::migrations());
    if (!opened.isOk())
        return 2;
    queue::Outbox outbox(*opened.store, {test::kKioskId, 0, {}});
    struct Item {
        queue::SealedEnvelope envelope;
        queue::SealedBlob blob;
    };
    std::vector<Item> items;
    for (int i = 0; i < runs; ++i) {
        const auto blob = sealer.sealBlob(randomBytes(1024 * 1024));
        const auto localNo = outbox.allocateLocalNo();
        queue::EnvelopeMeta meta{{}, localNo.value, test::kKioskId, test::fixedTime(), "11440100MB2C91", 3};
        const auto env = sealer.sealEnvelope(meta, payload, {blob.value.ref("id_card_front", 1)});
        if (!blob.isOk() || !env.isOk())
            return 2;
        items.push_back({env.value, blob.value});
    }

    // Baseline: the same bytes into a bare WAL+FULL database in the same folder, one transaction per submission.
    // The two are interleaved so that both see the same load on a shared machine.
    sqlite3 *db = nullptr;
    sqlite3_open(QFile::encodeName(dir.filePath("raw.db")).constData(), &db);
    sqlite3_exec(
        db,
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
        "CREATE TABLE s (id TEXT PRIMARY KEY, envelope BLOB); CREATE TABLE b (sha256 TEXT PRIMARY KEY, sealed BLOB);",
        nullptr, nullptr, nullptr);
    sqlite3_stmt *insS = nullptr;
    sqlite3_stmt *insB = nullptr;
    sqlite3_prepare_v2(db, "INSERT INTO s VALUES (?1, ?2)", -1, &insS, nullptr);
    sqlite3_prepare_v2(db, "INSERT INTO b VALUES (?1, ?2)", -1, &insB, nullptr);
    std::vector<double> enqueueMs;
    std::vector<double> rawMs;
    for (const Item &item : items) {
        QElapsedTimer t;
        t.start();
        const auto r = outbox.enqueue(item.envelope, {item.blob});
        enqueueMs.push_back(t.nsecsElapsed() / 1e6);
        if (!r.isOk()) {
            std::fprintf(stderr, "enqueue failed: %s\n", qPrintable(r.error.message));
            return 1;
        }

        const QByteArray id = item.envelope.id.toUtf8();
        const QByteArray sha = item.blob.sha256.toUtf8();
        t.restart();
        sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
        sqlite3_bind_text(insB, 1, sha.constData(), int(sha.size()), SQLITE_STATIC);
        sqlite3_bind_blob(insB, 2, item.blob.bytes.constData(), int(item.blob.bytes.size()), SQLITE_STATIC);
        sqlite3_step(insB);
        sqlite3_reset(insB);
        sqlite3_bind_text(insS, 1, id.constData(), int(id.size()), SQLITE_STATIC);
        sqlite3_bind_blob(insS, 2, item.envelope.bytes.constData(), int(item.envelope.bytes.size()), SQLITE_STATIC);
        sqlite3_step(insS);
        sqlite3_reset(insS);
        const int rc = sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
        rawMs.push_back(t.nsecsElapsed() / 1e6);
        if (rc != SQLITE_OK)
            return 1;
    }
    sqlite3_finalize(insS);
    sqlite3_finalize(insB);
    sqlite3_close(db);

    const double value = median(enqueueMs);
    const double baseline = median(rawMs);
    const double ratio = value / baseline;
    // ">= 0.5x the raw rate" is "at most 2x the raw time per submission".
    const bool ok = ratio <= 2.0;
    const QJsonObject line = kiosk::bench::marked({{"bench", "enqueue"},
                                                   {"metric", "enqueue_2kb_form_1mb_blob_median_ms"},
                                                   {"value", qRound(value * 100) / 100.0},
                                                   {"baseline", "raw_sqlite_wal_full_insert_ms"},
                                                   {"baseline_value", qRound(baseline * 100) / 100.0},
                                                   {"ratio", qRound(ratio * 100) / 100.0},
                                                   {"budget", 2.0},
                                                   {"runs", runs},
                                                   {"ok", ok}});
    std::printf("%s\n", QJsonDocument(line).toJson(QJsonDocument::Compact).constData());
    return kiosk::bench::passesAtMost(ratio, 2.0) ? 0 : 1;
}
