// Specification of the outbox: local numbers that never repeat, one durable enqueue, exclusive leases, retries and
// dead letters, the purge that leaves no sealed bytes in the files, export/import, the disk floor and salvage.
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <sqlite3.h>

#include <memory>
#include <mutex>

#include "queue_test_support.h"

#include "offline_queue/envelope.h"
#include "offline_queue/outbox.h"
#include "offline_queue/storage/store.h"

using namespace kiosk;
using namespace kiosk::queue;

namespace {

struct Submission {
    SealedEnvelope envelope;
    QList<SealedBlob> blobs;
};

const Sealer &sealer()
{
    static const Sealer s(test::testPlatformKey(), test::testKeys().kioskPrivate);
    return s;
}

QByteArray randomPage(int size)
{
    QByteArray b(size, Qt::Uninitialized);
    QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(b.data()), size / 4);
    return b;
}

qint64 fileSize(const QString &path)
{
    return QFileInfo(path).exists() ? QFileInfo(path).size() : 0;
}

// The bytes of the database file and its WAL, as an attacker with the disk would read them.
QByteArray rawFiles(const QString &dbPath)
{
    return test::readAll(dbPath) + test::readAll(dbPath + "-wal");
}

} // namespace

class TestOutbox : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> tmp;
    QString dbPath;
    QDateTime clock;
    std::unique_ptr<Store> store;
    std::unique_ptr<Outbox> outbox;

    OutboxOptions options()
    {
        OutboxOptions o;
        o.kioskId = test::kKioskId;
        o.diskFloorBytes = 0;
        o.wallClock = [this] { return clock; };
        return o;
    }

    void open(const QString &path)
    {
        outbox.reset();
        store.reset();
        StoreOpenResult r = Store::open(path, Outbox::migrations());
        QVERIFY2(r.isOk(), qPrintable(r.error.message));
        store = std::move(r.store);
        outbox = std::make_unique<Outbox>(*store, options());
    }

    Submission make(Outbox &box, int pages = 1, int pageSize = 4000)
    {
        Submission s;
        QList<BlobRef> refs;
        for (int i = 0; i < pages; ++i) {
            const auto b = sealer().sealBlob(randomPage(pageSize));
            s.blobs << b.value;
            refs << b.value.ref("household_register", i + 1);
        }
        const auto localNo = box.allocateLocalNo();
        EnvelopeMeta meta{{}, localNo.value, test::kKioskId, clock, "11440100MB2C91222Q4440111009000", 3};
        const auto e = sealer().sealEnvelope(meta, test::samplePayload(), refs);
        if (!e.isOk())
            qFatal("sealing failed: %s", qPrintable(e.error.message));
        s.envelope = e.value;
        return s;
    }
    Submission make(int pages = 1, int pageSize = 4000) { return make(*outbox, pages, pageSize); }

    Submission enqueueOne(int pages = 1)
    {
        Submission s = make(pages);
        const auto r = outbox->enqueue(s.envelope, s.blobs);
        if (!r.isOk())
            qFatal("enqueue failed: %s", qPrintable(r.error.message));
        return s;
    }

    qint64 scalar(const char *sql)
    {
        Statement st = store->prepare(sql);
        return st.step() == Statement::Step::Row ? st.int64(0) : -1;
    }

private slots:
    void init()
    {
        tmp = std::make_unique<QTemporaryDir>();
        dbPath = tmp->filePath("queue.db");
        clock = test::fixedTime();
        open(dbPath);
    }
    void cleanup()
    {
        outbox.reset();
        store.reset();
        tmp.reset();
    }

    // --- local numbers ------------------------------------------------------------------------------------------

    void localNumber_isKioskIdBeijingDateAndASixDigitSequence()
    {
        QCOMPARE(outbox->allocateLocalNo().value, QStringLiteral("GD-TEST-0001-20240601-000001"));
        QCOMPARE(outbox->allocateLocalNo().value, QStringLiteral("GD-TEST-0001-20240601-000002"));
    }

    void localNumber_dateIsBeijingsNotUtcs()
    {
        clock = QDateTime(QDate(2024, 6, 1), QTime(17, 0), Qt::UTC); // 01:00 on 2 June in Guangdong
        QCOMPARE(outbox->allocateLocalNo().value, QStringLiteral("GD-TEST-0001-20240602-000001"));
    }

    void localNumbers_areUniqueAcross10000Allocations()
    {
        // Uniqueness, not fsync speed, is under test: on tmpfs 10,000 durable commits take a second, not forty.
        QTemporaryDir fast(QDir("/dev/shm").exists() ? "/dev/shm/kiosk-localno-XXXXXX" : QString());
        open(fast.filePath("queue.db"));
        QSet<QString> seen;
        QString previous;
        QElapsedTimer t;
        t.start();
        for (int i = 0; i < 10000; ++i) {
            if (i == 5000)
                clock = clock.addSecs(3600); // same day, later
            const auto r = outbox->allocateLocalNo();
            QVERIFY(r.isOk());
            QVERIFY2(!seen.contains(r.value), qPrintable(r.value));
            QVERIFY(r.value > previous); // fixed width: text order is numeric order
            seen.insert(r.value);
            previous = r.value;
        }
        qInfo("10,000 durable allocations in %lld ms", t.elapsed());
        QCOMPARE(seen.size(), 10000);
        QCOMPARE(previous, QStringLiteral("GD-TEST-0001-20240601-010000"));
        open(dbPath);
    }

    void localNumbers_continueAfterReopen_andAbandonedOnesAreNeverReused()
    {
        const QString abandoned = outbox->allocateLocalNo().value; // sealed, then the citizen walked away
        outbox->allocateLocalNo();
        open(dbPath); // a restart
        const QString next = outbox->allocateLocalNo().value;
        QVERIFY(next != abandoned);
        QCOMPARE(next, QStringLiteral("GD-TEST-0001-20240601-000003"));
    }

    void localNumbers_startAfreshEachDay_butNeverRepeatWhenTheClockGoesBack()
    {
        QSet<QString> seen;
        int repeats = 0;
        auto take = [&] {
            const QString n = outbox->allocateLocalNo().value;
            repeats += seen.contains(n) ? 1 : 0;
            seen.insert(n);
            return n;
        };
        take();
        clock = test::fixedTime(2024, 6, 1, 23, 59);
        QCOMPARE(take(), QStringLiteral("GD-TEST-0001-20240601-000002"));
        clock = test::fixedTime(2024, 6, 2, 0, 1);
        QCOMPARE(take(), QStringLiteral("GD-TEST-0001-20240602-000001"));
        open(dbPath);
        clock = test::fixedTime(2024, 6, 1, 12, 0); // the RTC or NTP set the clock back a day
        QCOMPARE(take(), QStringLiteral("GD-TEST-0001-20240601-000003"));
        clock = test::fixedTime(2024, 6, 2, 8, 0);
        QCOMPARE(take(), QStringLiteral("GD-TEST-0001-20240602-000002"));
        QCOMPARE(repeats, 0);
    }

    void localNumber_growsPastSixDigits()
    {
        QVERIFY(store->exec("INSERT INTO counters (name, value) VALUES ('local_no:20240601', 999999)").isOk());
        QCOMPARE(outbox->allocateLocalNo().value, QStringLiteral("GD-TEST-0001-20240601-1000000"));
    }

    void localNumber_needsAKioskId()
    {
        OutboxOptions o = options();
        o.kioskId.clear();
        Outbox anonymous(*store, o);
        QCOMPARE(anonymous.allocateLocalNo().error.code, StoreErrorCode::InvalidArgument);
    }

    // --- enqueue ------------------------------------------------------------------------------------------------

    void enqueue_storesTheExactSealedBytes()
    {
        const Submission s = enqueueOne(2);
        const auto lease = outbox->leaseNext("sync", 0, 60000);
        QVERIFY(lease.isOk() && lease.value);
        QCOMPARE(lease.value->id, s.envelope.id);
        QCOMPARE(lease.value->localNo, s.envelope.localNo);
        QCOMPARE(lease.value->envelope, s.envelope.bytes);
        QCOMPARE(lease.value->blobs.size(), 2);
        for (int i = 0; i < 2; ++i) {
            QCOMPARE(lease.value->blobs[i].sha256, s.blobs[i].sha256);
            QCOMPARE(lease.value->blobs[i].size, s.blobs[i].size());
            QCOMPARE(outbox->blobBytes(s.blobs[i].sha256).value, s.blobs[i].bytes);
        }
        // A second connection (the sync thread's) sees the committed row.
        StoreOpenResult other = Store::open(dbPath, Outbox::migrations());
        Statement st = other.store->prepare("SELECT local_no, state FROM submissions");
        QCOMPARE(st.step(), Statement::Step::Row);
        QCOMPARE(st.text(0), s.envelope.localNo);
        QCOMPARE(st.text(1), QStringLiteral("in_flight"));
        QCOMPARE(scalar("SELECT count(*) FROM receipts WHERE case_no IS NULL"), 1);
    }

    void enqueue_sameBytesAgain_isAlreadyPresent_otherBytesAreAConflict()
    {
        const Submission s = enqueueOne();
        QCOMPARE(outbox->enqueue(s.envelope, s.blobs).value, EnqueueOutcome::AlreadyPresent);
        // Same id, re-sealed (other key, IV, signature): a defect that must not silently replace what was receipted.
        EnvelopeMeta meta{s.envelope.id, s.envelope.localNo, test::kKioskId, clock, s.envelope.itemCode, 3};
        const auto resealed = sealer().sealEnvelope(meta, test::samplePayload(), s.envelope.blobs);
        QCOMPARE(outbox->enqueue(resealed.value, s.blobs).error.code, StoreErrorCode::Conflict);
        // Another id under a local number already used.
        meta.id.clear();
        const auto sameNumber = sealer().sealEnvelope(meta, test::samplePayload(), s.envelope.blobs);
        QCOMPARE(outbox->enqueue(sameNumber.value, s.blobs).error.code, StoreErrorCode::Conflict);
        QCOMPARE(scalar("SELECT count(*) FROM submissions"), 1);
    }

    void enqueue_refusesInconsistentInput_andWritesNothing_data()
    {
        QTest::addColumn<QString>("defect");
        QTest::newRow("blob bytes are not a sealed blob") << "magic";
        QTest::newRow("blob size differs from the listed size") << "size";
        QTest::newRow("a listed blob is missing") << "missing";
        QTest::newRow("a blob the envelope does not list") << "unlisted";
        QTest::newRow("metadata disagrees with the bytes") << "metadata";
        QTest::newRow("bytes are not an envelope") << "garbage";
    }
    void enqueue_refusesInconsistentInput_andWritesNothing()
    {
        QFETCH(QString, defect);
        Submission s = make(2);
        if (defect == "magic")
            s.blobs[1].bytes[0] = 'J';
        else if (defect == "size")
            s.blobs[1].bytes.chop(1);
        else if (defect == "missing")
            s.blobs.removeLast();
        else if (defect == "unlisted")
            s.blobs << sealer().sealBlob("extra page").value;
        else if (defect == "metadata")
            s.envelope.localNo = "GD-TEST-0001-20240601-000099";
        else
            s.envelope.bytes = "{\"id\":1}";
        QCOMPARE(outbox->enqueue(s.envelope, s.blobs).error.code, StoreErrorCode::InvalidArgument);
        QCOMPARE(scalar("SELECT count(*) FROM submissions"), 0);
        QCOMPARE(scalar("SELECT count(*) FROM blobs"), 0); // the first blob of a failed enqueue was rolled back
        QCOMPARE(scalar("SELECT count(*) FROM receipts"), 0);
    }

    void enqueue_refusesBelowTheDiskFloor_beforeWritingAnything()
    {
        const Submission s = make();
        const qint64 free = outbox->freeBytes().value;
        QVERIFY(free > 0);
        OutboxOptions tight = options();
        tight.diskFloorBytes = free + 1024LL * 1024 * 1024;
        Outbox guarded(*store, tight);
        const qint64 dbBefore = fileSize(dbPath);
        const qint64 walBefore = fileSize(dbPath + "-wal");
        const auto r = guarded.enqueue(s.envelope, s.blobs);
        QCOMPARE(r.error.code, StoreErrorCode::DiskFloor);
        QVERIFY(r.error.message.contains("floor"));
        QCOMPARE(fileSize(dbPath), dbBefore);
        QCOMPARE(fileSize(dbPath + "-wal"), walBefore);
        QCOMPARE(guarded.stats().value.pending, 0);
        // With room again the same sealed bytes go in.
        QCOMPARE(outbox->enqueue(s.envelope, s.blobs).value, EnqueueOutcome::Queued);
    }

    // --- leases -------------------------------------------------------------------------------------------------

    void lease_givesEachItemToOneWorker()
    {
        const Submission a = enqueueOne();
        const Submission b = enqueueOne();
        StoreOpenResult second = Store::open(dbPath, Outbox::migrations());
        Outbox other(*second.store, options());
        const auto first = outbox->leaseNext("worker-1", 1000, 30000);
        const auto got = other.leaseNext("worker-2", 1000, 30000);
        QVERIFY(first.value && got.value);
        QCOMPARE(first.value->id, a.envelope.id); // oldest first
        QCOMPARE(got.value->id, b.envelope.id);
        QVERIFY(!outbox->leaseNext("worker-1", 2000, 30000).value);
        QVERIFY(!other.leaseNext("worker-2", 2000, 30000).value);
        QCOMPARE(first.value->attempts, 1);
        QCOMPARE(first.value->leaseUntilMono, 31000);
    }

    void lease_workersOnTheirOwnThreadsNeverShareAnItem()
    {
        QSet<QString> queued;
        for (int i = 0; i < 24; ++i)
            queued.insert(enqueueOne().envelope.id);
        std::mutex m;
        QStringList taken;
        QList<QThread *> threads;
        for (int w = 0; w < 4; ++w) {
            threads << QThread::create([&, w] {
                StoreOpenResult r = Store::open(dbPath, Outbox::migrations());
                if (!r.isOk())
                    return;
                Outbox box(*r.store, options());
                for (;;) {
                    const auto lease = box.leaseNext(QStringLiteral("worker-%1").arg(w), 0, 600000);
                    if (!lease.isOk() || !lease.value)
                        break;
                    std::lock_guard<std::mutex> lock(m);
                    taken << lease.value->id;
                }
            });
            threads.last()->start();
        }
        for (QThread *t : threads) {
            QVERIFY(t->wait(60000));
            delete t;
        }
        QCOMPARE(taken.size(), 24);
        QCOMPARE(QSet<QString>(taken.begin(), taken.end()), queued);
    }

    void lease_expired_isTakenOverByAnotherWorker()
    {
        const Submission s = enqueueOne();
        QVERIFY(outbox->leaseNext("crashed", 1000, 5000).value);
        QVERIFY(!outbox->leaseNext("healthy", 5999, 5000).value);
        const auto again = outbox->leaseNext("healthy", 6000, 5000);
        QVERIFY(again.value);
        QCOMPARE(again.value->id, s.envelope.id);
        QCOMPARE(again.value->owner, QStringLiteral("healthy"));
        QCOMPARE(again.value->attempts, 2);
    }

    // --- retries, dead letters, acknowledgements -----------------------------------------------------------------

    void retry_waitsUntilDue_andRecordsTheError()
    {
        const Submission s = enqueueOne();
        QVERIFY(outbox->leaseNext("sync", 0, 60000).value);
        QVERIFY(outbox->markRetry(s.envelope.id, 30000, "HTTP 503").isOk());
        QVERIFY(!outbox->leaseNext("sync", 29999, 60000).value);
        const auto lease = outbox->leaseNext("sync", 30000, 60000);
        QVERIFY(lease.value);
        QCOMPARE(lease.value->attempts, 2);
        QCOMPARE(outbox->list().value.first().lastError, QStringLiteral("HTTP 503"));
    }

    void retry_onlyForAnItemInFlight()
    {
        const Submission s = enqueueOne();
        QCOMPARE(outbox->markRetry(s.envelope.id, 1, "x").code, StoreErrorCode::InvalidState);
        QCOMPARE(outbox->markRetry("00000000-0000-4000-8000-000000000000", 1, "x").code, StoreErrorCode::NotFound);
    }

    void freshItems_goBeforeRetriesThatAreDue()
    {
        const Submission failing = enqueueOne();
        QVERIFY(outbox->leaseNext("sync", 0, 1000).value);
        QVERIFY(outbox->markRetry(failing.envelope.id, 500, "timeout").isOk());
        const Submission fresh = enqueueOne();
        QCOMPARE(outbox->leaseNext("sync", 600, 1000).value->id, fresh.envelope.id);
        QCOMPARE(outbox->leaseNext("sync", 600, 1000).value->id, failing.envelope.id);
    }

    void deadLetters_areParked_andRetriedOnlyByATechnician()
    {
        const Submission a = enqueueOne();
        const Submission b = enqueueOne();
        QVERIFY(outbox->leaseNext("sync", 0, 1000).value);
        QVERIFY(outbox->markDead(a.envelope.id, "422 unknown-key: retired-key").isOk());
        QVERIFY(outbox->markDead(b.envelope.id, "409 idempotency conflict").isOk());
        QVERIFY(!outbox->leaseNext("sync", 1'000'000'000, 1000).value);
        QCOMPARE(outbox->stats().value.dead, 2);
        const QList<SubmissionInfo> items = outbox->list().value;
        QCOMPARE(items[0].state, SubmissionState::Dead);
        QCOMPARE(items[0].lastError, QStringLiteral("422 unknown-key: retired-key"));
        QVERIFY(outbox->retryDead(a.envelope.id).isOk());
        QCOMPARE(outbox->retryDead(a.envelope.id).code, StoreErrorCode::InvalidState);
        const auto lease = outbox->leaseNext("sync", 0, 1000);
        QCOMPARE(lease.value->id, a.envelope.id);
        QCOMPARE(lease.value->attempts, 1); // backoff starts over
        QCOMPARE(outbox->retryAllDead().value, 1);
        QCOMPARE(outbox->stats().value.dead, 0);
    }

    void deleteDead_removesOnlyADeadLetter_withItsOwnBlobs()
    {
        const Submission a = enqueueOne();
        const Submission b = enqueueOne();
        QVERIFY(outbox->leaseNext("sync", 0, 1000).value);
        QCOMPARE(outbox->deleteDead(a.envelope.id).code, StoreErrorCode::InvalidState); // in flight, not dead
        QCOMPARE(outbox->deleteDead(b.envelope.id).code, StoreErrorCode::InvalidState); // pending
        QVERIFY(outbox->markDead(a.envelope.id, "422 unknown-key").isOk());
        const qint64 blobsBefore = scalar("SELECT count(*) FROM blobs");
        QVERIFY(blobsBefore > 0);
        QVERIFY(outbox->deleteDead(a.envelope.id).isOk());
        QCOMPARE(outbox->stats().value.dead, 0);
        QCOMPARE(outbox->stats().value.pending, 1); // b untouched
        QCOMPARE(outbox->list().value.size(), 1);
        QCOMPARE(scalar("SELECT count(*) FROM submission_blobs WHERE submission_id NOT IN (SELECT id FROM "
                        "submissions)"),
                 0);
        QVERIFY(scalar("SELECT count(*) FROM blobs") < blobsBefore); // a's own blobs are gone
        QVERIFY(scalar("SELECT count(*) FROM blobs WHERE sha256 NOT IN (SELECT sha256 FROM submission_blobs)") == 0);
        QCOMPARE(outbox->deleteDead(a.envelope.id).code, StoreErrorCode::NotFound);
        QVERIFY(outbox->leaseNext("sync", 0, 1000).value); // b is still sendable, its blobs intact
    }

    void ack_keepsANonPersonalReceipt_andIsIdempotent()
    {
        const Submission s = enqueueOne();
        QVERIFY(outbox->leaseNext("sync", 0, 1000).value);
        clock = clock.addSecs(42);
        QVERIFY(outbox->markAcked(s.envelope.id, "GD2024060100012345").isOk());
        QVERIFY(outbox->markAcked(s.envelope.id, "GD2024060100012345").isOk()); // a replayed 200
        QCOMPARE(outbox->markAcked(s.envelope.id, "OTHER").code, StoreErrorCode::Conflict);
        QCOMPARE(outbox->markRetry(s.envelope.id, 0, "late").code, StoreErrorCode::InvalidState);
        QCOMPARE(outbox->markDead(s.envelope.id, "late").code, StoreErrorCode::InvalidState);
        QCOMPARE(outbox->markAcked("00000000-0000-4000-8000-000000000000", "X").code, StoreErrorCode::NotFound);
        Statement st = store->prepare("SELECT local_no, case_no, item_code, acked - created FROM receipts");
        QCOMPARE(st.step(), Statement::Step::Row);
        QCOMPARE(st.text(0), s.envelope.localNo);
        QCOMPARE(st.text(1), QStringLiteral("GD2024060100012345"));
        QCOMPARE(st.text(2), s.envelope.itemCode);
        QCOMPARE(st.int64(3), 42000);
        const QueueStats stats = outbox->stats().value;
        QCOMPARE(stats.acked, 1);
        QCOMPARE(stats.awaitingPurge, 1);
        QCOMPARE(stats.oldestAgeS, -1);
    }

    void stats_countStatesAndTheOldestWaitingItem()
    {
        enqueueOne();
        clock = clock.addSecs(30);
        const Submission b = enqueueOne();
        enqueueOne();
        QVERIFY(outbox->leaseNext("sync", 0, 1000).value);
        QVERIFY(outbox->markDead(b.envelope.id, "400").isOk());
        clock = clock.addSecs(60);
        const QueueStats s = outbox->stats().value;
        QCOMPARE(s.pending, 1);
        QCOMPARE(s.inFlight, 1);
        QCOMPARE(s.dead, 1);
        QCOMPARE(s.oldestAgeS, 90);
    }

    void restart_releasesLeases_andClampsDueTimesFromTheLastBoot()
    {
        const Submission a = enqueueOne();
        const Submission b = enqueueOne();
        QVERIFY(outbox->leaseNext("previous-process", 5'000'000, 60000).value);
        QVERIFY(outbox->leaseNext("previous-process", 5'000'000, 60000).value);
        QVERIFY(outbox->markRetry(b.envelope.id, 9'000'000, "503").isOk());
        open(dbPath);
        // A reboot: the monotonic clock starts near zero again.
        QCOMPARE(outbox->recoverAfterRestart(10, 3'600'000).value, 1);
        const auto first = outbox->leaseNext("sync", 10, 10'000'000);
        QCOMPARE(first.value->id, a.envelope.id);
        QVERIFY(!outbox->leaseNext("sync", 3'600'009, 1000).value);
        QCOMPARE(outbox->leaseNext("sync", 3'600'010, 1000).value->id, b.envelope.id);
    }

    // --- purge --------------------------------------------------------------------------------------------------

    void purge_leavesNoSealedBytesInTheDatabaseOrItsWal()
    {
        const Submission acked = enqueueOne(2);
        const Submission waiting = enqueueOne(1);
        // Fragments an attacker with the disk could look for: a slice of the payload ciphertext and of each page.
        const QJsonObject env = QJsonDocument::fromJson(acked.envelope.bytes).object();
        const QByteArray payloadFragment = env["payload"].toString().toLatin1().mid(40, 48);
        const QByteArray pageFragment1 = acked.blobs[0].bytes.mid(2000, 48);
        const QByteArray pageFragment2 = acked.blobs[1].bytes.mid(3000, 48);
        const QByteArray waitingFragment = waiting.blobs[0].bytes.mid(2000, 48);
        QVERIFY(rawFiles(dbPath).contains(payloadFragment)); // the search does find them while they are stored
        QVERIFY(rawFiles(dbPath).contains(pageFragment1));

        QVERIFY(outbox->leaseNext("sync", 0, 1000).value);
        QVERIFY(outbox->markAcked(acked.envelope.id, "CASE-1").isOk());
        const auto early = outbox->purgeAcked(clock); // acked at `clock`: not older than it
        QCOMPARE(early.value.envelopes, 0);
        clock = clock.addDays(8);
        const auto purged = outbox->purgeAcked(clock.addDays(-7));
        QVERIFY2(purged.isOk(), qPrintable(purged.error.message));
        QCOMPARE(purged.value.envelopes, 1);
        QCOMPARE(purged.value.blobs, 2);
        QVERIFY(purged.value.checkpointComplete);

        const QByteArray raw = rawFiles(dbPath);
        QCOMPARE(raw.count(payloadFragment), 0);
        QCOMPARE(raw.count(pageFragment1), 0);
        QCOMPARE(raw.count(pageFragment2), 0);
        QVERIFY(raw.contains(waitingFragment)); // not acked: untouched
        QCOMPARE(fileSize(dbPath + "-wal"), 0);
        QCOMPARE(outbox->blobBytes(acked.blobs[0].sha256).error.code, StoreErrorCode::NotFound);
        const QList<SubmissionInfo> items = outbox->list().value;
        QCOMPARE(items[0].envelopeSize, 0);
        QCOMPARE(items[0].caseNo, QStringLiteral("CASE-1"));
        // Found by its local number after the purge too (what a receipt printed offline is queried by).
        const auto found = outbox->findByLocalNo(acked.envelope.localNo);
        QVERIFY2(found.isOk(), qPrintable(found.error.message));
        QVERIFY(found.value.has_value());
        QCOMPARE(found.value->id, acked.envelope.id);
        QCOMPARE(found.value->state, SubmissionState::Acked);
        QCOMPARE(found.value->caseNo, QStringLiteral("CASE-1"));
        QCOMPARE(found.value->envelopeSize, 0);
        const auto other = outbox->findByLocalNo(waiting.envelope.localNo);
        QVERIFY(other.value.has_value());
        QCOMPARE(other.value->state, SubmissionState::Pending);
        QVERIFY(other.value->envelopeSize > 0);
        QVERIFY(outbox->findByLocalNo(QStringLiteral("GD-NONE-20250101-000001")).isOk());
        QVERIFY(!outbox->findByLocalNo(QStringLiteral("GD-NONE-20250101-000001")).value.has_value());
        QCOMPARE(outbox->stats().value.awaitingPurge, 0);
        // The id is remembered: an old export re-imported cannot send it twice.
        QCOMPARE(outbox->enqueue(acked.envelope, acked.blobs).value, EnqueueOutcome::AlreadyPresent);
        QCOMPARE(store->quickCheck().value, QStringList{"ok"});
    }

    // --- export / import ------------------------------------------------------------------------------------------

    void exportImport_roundTripsTheExactBytes_andIsIdempotent()
    {
        const Submission pending = enqueueOne(2);
        const Submission dead = enqueueOne(1);
        const Submission acked = enqueueOne(1);
        QVERIFY(outbox->leaseNext("sync", 0, 1000).value);
        QVERIFY(outbox->leaseNext("sync", 0, 1000).value);
        QVERIFY(outbox->leaseNext("sync", 0, 1000).value);
        QVERIFY(outbox->markRetry(pending.envelope.id, 0, "offline").isOk());
        QVERIFY(outbox->markDead(dead.envelope.id, "400 bad request").isOk());
        QVERIFY(outbox->markAcked(acked.envelope.id, "CASE-9").isOk());

        const QString stick = tmp->filePath(QStringLiteral("导出 U盘/queue"));
        const auto exported = outbox->exportTo(stick);
        QVERIFY2(exported.isOk(), qPrintable(exported.error.message));
        QCOMPARE(exported.value.submissions, 2);
        QCOMPARE(exported.value.blobs, 3);
        QVERIFY(QFileInfo::exists(exported.value.manifestPath));
        QVERIFY(outbox->exportTo(stick).isOk()); // again into the same folder
        QVERIFY(QDir(stick + "/blobs").entryList({"*.part"}, QDir::Files).isEmpty());

        // Another kiosk's (or a rebuilt) database.
        const QString otherPath = tmp->filePath("replacement/queue.db");
        QDir().mkpath(QFileInfo(otherPath).absolutePath());
        StoreOpenResult r = Store::open(otherPath, Outbox::migrations());
        Outbox replacement(*r.store, options());
        const auto imported = replacement.importFrom(stick);
        QVERIFY2(imported.isOk(), qPrintable(imported.error.message));
        QCOMPARE(imported.value.imported, 2);
        QCOMPARE(imported.value.alreadyPresent, 0);
        QVERIFY(imported.value.problems.isEmpty());
        const auto again = replacement.importFrom(stick);
        QCOMPARE(again.value.imported, 0);
        QCOMPARE(again.value.alreadyPresent, 2);
        const auto intoOriginal = outbox->importFrom(stick);
        QCOMPARE(intoOriginal.value.alreadyPresent, 2);

        const QList<SubmissionInfo> items = replacement.list().value;
        QCOMPARE(items.size(), 2);
        QCOMPARE(items[1].state, SubmissionState::Dead);
        QCOMPARE(items[1].lastError, QStringLiteral("400 bad request"));
        const auto lease = replacement.leaseNext("sync", 0, 1000);
        QCOMPARE(lease.value->envelope, pending.envelope.bytes);
        QCOMPARE(replacement.blobBytes(pending.blobs[1].sha256).value, pending.blobs[1].bytes);
        // The replacement's counters moved past the imported numbers.
        QCOMPARE(replacement.allocateLocalNo().value, QStringLiteral("GD-TEST-0001-20240601-000003"));
    }

    void import_reportsDamagedFiles_andImportsTheRest()
    {
        const Submission a = enqueueOne();
        enqueueOne();
        const QString stick = tmp->filePath("stick");
        QVERIFY(outbox->exportTo(stick).isOk());
        QVERIFY(test::writeAll(stick + "/blobs/" + a.blobs[0].sha256 + ".ksb", "damaged"));
        open(tmp->filePath("fresh.db"));
        const auto r = outbox->importFrom(stick);
        QVERIFY(r.isOk());
        QCOMPARE(r.value.imported, 1);
        QCOMPARE(r.value.problems.size(), 1);
        QVERIFY(r.value.problems.first().contains(a.envelope.id));
    }

    void import_onAnotherKiosk_refusesEnvelopesItCouldNeverDeliver()
    {
        enqueueOne();
        const QString stick = tmp->filePath("stick");
        QVERIFY(outbox->exportTo(stick).isOk());
        outbox.reset();
        store.reset();
        StoreOpenResult r = Store::open(tmp->filePath("other-kiosk.db"), Outbox::migrations());
        OutboxOptions o = options();
        o.kioskId = "GD-OTHER-0002";
        Outbox other(*r.store, o);
        const auto imported = other.importFrom(stick);
        QVERIFY(imported.isOk());
        QCOMPARE(imported.value.imported, 0);
        QCOMPARE(imported.value.problems.size(), 1);
        QVERIFY(imported.value.problems.first().contains("GD-TEST-0001"));
        QCOMPARE(other.stats().value.pending, 0);
    }

    void import_withoutAManifest_isNotFound()
    {
        QDir().mkpath(tmp->filePath("empty"));
        QCOMPARE(outbox->importFrom(tmp->filePath("empty")).error.code, StoreErrorCode::NotFound);
    }

    // --- salvage after corruption ------------------------------------------------------------------------------------

    void salvage_copiesSealedItemsAndCountersFromTheOldFile()
    {
        const Submission a = enqueueOne(2);
        enqueueOne();
        outbox->allocateLocalNo(); // 000003, abandoned
        QVERIFY(store->checkpointTruncate().isOk());
        const QString old = tmp->filePath("queue.db.corrupt-copy");
        QVERIFY(QFile::copy(dbPath, old));
        open(tmp->filePath("fresh.db"));
        const auto r = outbox->salvageFrom(old);
        QVERIFY2(r.isOk(), qPrintable(r.error.message));
        QVERIFY(r.value.countersRead);
        QVERIFY(!r.value.floorApplied);
        QCOMPARE(r.value.submissionsRecovered, 2);
        QVERIFY(r.value.problems.isEmpty());
        QCOMPARE(outbox->leaseNext("sync", 0, 1000).value->envelope, a.envelope.bytes);
        QCOMPARE(outbox->allocateLocalNo().value, QStringLiteral("GD-TEST-0001-20240601-000004"));
    }

    void salvage_ofAnUnreadableFile_startsTodaysNumbersAboveATimeFloor()
    {
        outbox->allocateLocalNo();
        outbox->allocateLocalNo();
        const QString old = tmp->filePath("garbage.corrupt");
        QVERIFY(test::writeAll(old, QByteArray(16384, '\x42')));
        open(tmp->filePath("fresh.db"));
        clock = test::fixedTime(2024, 6, 1, 10, 30); // 37,800 s after midnight in Beijing
        const auto r = outbox->salvageFrom(old);
        QVERIFY(r.isOk());
        QVERIFY(!r.value.countersRead);
        QVERIFY(r.value.floorApplied);
        QCOMPARE(outbox->allocateLocalNo().value, QStringLiteral("GD-TEST-0001-20240601-378001"));
    }

    void corruptQueue_isRecoveredAndSalvaged_withoutReusingANumber()
    {
        QStringList issued;
        for (int i = 0; i < 6; ++i)
            issued << enqueueOne().envelope.localNo;
        QVERIFY(store->checkpointTruncate().isOk());
        outbox.reset();
        store.reset();
        QByteArray bytes = test::readAll(dbPath);
        bytes.truncate(bytes.size() / 2);
        QVERIFY(test::writeAll(dbPath, bytes));

        StoreOpenResult r = Store::open(dbPath, Outbox::migrations());
        QVERIFY(r.isOk());
        QVERIFY(r.recovered);
        store = std::move(r.store);
        outbox = std::make_unique<Outbox>(*store, options());
        const auto salvage = outbox->salvageFrom(r.movedAsideTo);
        QVERIFY(salvage.isOk());
        const QString next = outbox->allocateLocalNo().value;
        QVERIFY2(!issued.contains(next), qPrintable(next));
        QVERIFY(next > issued.last());
    }
};

QTEST_GUILESS_MAIN(TestOutbox)
#include "test_outbox.moc"
