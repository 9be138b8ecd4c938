// Specification of the outbox's per-table DAOs on their own, each on a fresh database: LocalNumbers (counters),
// BlobStore (blobs, submission_blobs) and EvaluationQueue (evaluations). The Outbox that composes them, and
// OutboxTransfer's export/import/salvage, are specified in test_outbox.cpp.
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

#include "queue_test_support.h"

#include "offline_queue/blob_store.h"
#include "offline_queue/envelope.h"
#include "offline_queue/evaluation_queue.h"
#include "offline_queue/local_numbers.h"
#include "offline_queue/outbox.h"
#include "offline_queue/storage/store.h"

using namespace kiosk;
using namespace kiosk::queue;

namespace {

const Sealer &sealer()
{
    static const Sealer s(test::testPlatformKey(), test::testKeys().kioskPrivate);
    return s;
}

SealedBlob sealedPage(int size = 3000)
{
    QByteArray b(size, Qt::Uninitialized);
    QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(b.data()), size / 4);
    const SealResult<SealedBlob> sealed = sealer().sealBlob(b);
    if (!sealed.isOk())
        qFatal("sealing failed: %s", qPrintable(sealed.error.message));
    return sealed.value;
}

const QString kEvaluationId = QStringLiteral("9d7a1c2e-1111-4222-8333-444455556666");

} // namespace

class TestOutboxDaos : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> tmp;
    QDateTime clock;
    std::unique_ptr<Store> store;

    OutboxOptions options()
    {
        OutboxOptions o;
        o.kioskId = test::kKioskId;
        o.diskFloorBytes = 0;
        o.wallClock = [this] { return clock; };
        return o;
    }

    qint64 scalar(const char *sql)
    {
        Statement st = store->prepare(sql);
        return st.step() == Statement::Step::Row ? st.int64(0) : -1;
    }

    StoreError exec(const QString &sql) { return store->exec(sql.toUtf8().constData()); }

    SealedEnvelope envelopeListing(Outbox &box, const QList<SealedBlob> &pages)
    {
        QList<BlobRef> refs;
        for (int i = 0; i < pages.size(); ++i)
            refs << pages[i].ref("id_card", i + 1);
        const EnvelopeMeta meta{{},    box.allocateLocalNo().value,       test::kKioskId,
                                clock, "11440100MB2C91222Q4440111009000", 3};
        const SealResult<SealedEnvelope> e = sealer().sealEnvelope(meta, test::samplePayload(), refs);
        if (!e.isOk())
            qFatal("sealing failed: %s", qPrintable(e.error.message));
        return e.value;
    }

private slots:
    void init()
    {
        tmp = std::make_unique<QTemporaryDir>();
        clock = test::fixedTime();
        StoreOpenResult r = Store::open(tmp->filePath("queue.db"), Outbox::migrations());
        QVERIFY2(r.isOk(), qPrintable(r.error.message));
        store = std::move(r.store);
    }
    void cleanup()
    {
        store.reset();
        tmp.reset();
    }

    // --- LocalNumbers -------------------------------------------------------------------------------------------

    void localNumbers_noteStored_raisesTheDaysCounter_neverLowersIt()
    {
        LocalNumbers numbers(*store, options());
        QVERIFY(numbers.noteStored("GD-TEST-0001-20240601-000050").isOk());
        QVERIFY(numbers.noteStored("GD-TEST-0001-20240601-000007").isOk());
        QVERIFY(numbers.noteStored("not a local number").isOk()); // left alone
        QCOMPARE(numbers.allocate().value, QStringLiteral("GD-TEST-0001-20240601-000051"));
        QCOMPARE(scalar("SELECT count(*) FROM counters"), 1);
    }

    void localNumbers_submissionSequence_isACounterOfItsOwn()
    {
        LocalNumbers numbers(*store, options());
        QCOMPARE(numbers.nextSubmissionSeq().value, qint64(1));
        QCOMPARE(numbers.nextSubmissionSeq().value, qint64(2));
        QCOMPARE(numbers.allocate().value, QStringLiteral("GD-TEST-0001-20240601-000001"));
        QCOMPARE(scalar("SELECT value FROM counters WHERE name = 'submission_seq'"), 2);
    }

    void localNumbers_timeFloor_isTenTimesTheSecondsSinceBeijingMidnight()
    {
        clock = QDateTime(QDate(2024, 6, 1), QTime(17, 0, 30), Qt::UTC); // 01:00:30 on 2 June in Guangdong
        const LocalNumbers::Floor floor = LocalNumbers(*store, options()).todaysTimeFloor();
        QCOMPARE(floor.counter, QStringLiteral("local_no:20240602"));
        QCOMPARE(floor.seq, qint64(3630) * 10);
    }

    void localNumbers_parse_data()
    {
        QTest::addColumn<QString>("localNo");
        QTest::addColumn<QString>("counter");
        QTest::addColumn<qint64>("seq");
        QTest::newRow("six digits") << "GD-TEST-0001-20240601-000042"
                                    << "local_no:20240601" << qint64(42);
        QTest::newRow("past six digits") << "GD-X-20241231-1234567"
                                         << "local_no:20241231" << qint64(1234567);
        QTest::newRow("five digits") << "GD-X-20240601-00042" << QString() << qint64(-1);
        QTest::newRow("no kiosk id") << "20240601-000042" << QString() << qint64(-1);
        QTest::newRow("letters in the date") << "GD-X-2024O601-000042" << QString() << qint64(-1);
    }

    void localNumbers_parse()
    {
        QFETCH(QString, localNo);
        QFETCH(QString, counter);
        QFETCH(qint64, seq);
        QString gotCounter;
        qint64 gotSeq = -1;
        QCOMPARE(LocalNumbers::parse(localNo, &gotCounter, &gotSeq), !counter.isEmpty());
        QCOMPARE(gotCounter, counter);
        QCOMPARE(gotSeq, seq);
    }

    // --- BlobStore ----------------------------------------------------------------------------------------------

    void blobStore_aPageSharedByTwoSubmissions_isStoredOnce_andErasedWithTheLastList()
    {
        Outbox box(*store, options());
        const SealedBlob page = sealedPage();
        const SealedEnvelope first = envelopeListing(box, {page});
        const SealedEnvelope second = envelopeListing(box, {page});
        QVERIFY(box.enqueue(first, {page}).isOk());
        QVERIFY(box.enqueue(second, {}).isOk()); // already stored: not given again

        BlobStore blobs(*store);
        QCOMPARE(scalar("SELECT count(*) FROM blobs"), 1);
        const StoreResult<QList<BlobInfo>> listed = blobs.listFor(second.id);
        QVERIFY(listed.isOk());
        QCOMPARE(listed.value.size(), 1);
        QCOMPARE(listed.value[0].sha256, page.sha256);
        QCOMPARE(listed.value[0].size, page.size());
        const StoreResult<QList<StoredBlob>> sealed = blobs.sealedFor(first.id);
        QVERIFY(sealed.isOk());
        QCOMPARE(sealed.value.size(), 1);
        QCOMPARE(sealed.value[0].sealed, page.bytes);

        QVERIFY(exec("DELETE FROM submissions WHERE id = '" + first.id + "'").isOk());
        QVERIFY(blobs.unlinkOrphans().isOk());
        QCOMPARE(blobs.deleteUnlinked().value, 0); // the second submission still lists it
        QCOMPARE(blobs.bytes(page.sha256).value, page.bytes);

        QVERIFY(exec("DELETE FROM submissions WHERE id = '" + second.id + "'").isOk());
        QVERIFY(blobs.unlinkOrphans().isOk());
        QCOMPARE(blobs.deleteUnlinked().value, 1);
        QCOMPARE(blobs.bytes(page.sha256).error.code, StoreErrorCode::NotFound);
    }

    void blobStore_aListedBlobNeitherGivenNorStored_isRefused()
    {
        Outbox box(*store, options());
        const SealedBlob page = sealedPage();
        const SealedEnvelope envelope = envelopeListing(box, {page});
        BlobStore blobs(*store);
        QCOMPARE(blobs.storeFor(envelope, {}).code, StoreErrorCode::InvalidArgument);
        QCOMPARE(scalar("SELECT count(*) FROM blobs"), 0);
        QVERIFY(blobs.storeFor(envelope, {{page.sha256, &page}}).isOk());
        QCOMPARE(blobs.bytes(page.sha256).value, page.bytes);
    }

    void blobStore_unlinkAckedBefore_takesOnlyListsOfItemsAckedBeforeTheCutoff()
    {
        Outbox box(*store, options());
        const SealedBlob oldPage = sealedPage();
        const SealedBlob newPage = sealedPage();
        const SealedEnvelope older = envelopeListing(box, {oldPage});
        const SealedEnvelope newer = envelopeListing(box, {newPage});
        QVERIFY(box.enqueue(older, {oldPage}).isOk());
        QVERIFY(box.enqueue(newer, {newPage}).isOk());
        for (const SealedEnvelope *e : {&older, &newer}) {
            QVERIFY(box.leaseNext("w", 0, 1000).isOk());
            QVERIFY(box.markAcked(e->id, "C-" + e->localNo).isOk());
            clock = clock.addSecs(3600);
        }
        BlobStore blobs(*store);
        QVERIFY(blobs.unlinkAckedBefore(test::fixedTime().addSecs(1800).toMSecsSinceEpoch()).isOk());
        QCOMPARE(blobs.deleteUnlinked().value, 1);
        QCOMPARE(blobs.bytes(oldPage.sha256).error.code, StoreErrorCode::NotFound);
        QCOMPARE(blobs.bytes(newPage.sha256).value, newPage.bytes);
    }

    // --- EvaluationQueue ----------------------------------------------------------------------------------------

    void evaluations_areQueuedOnce_failuresCount_andADeadOneIsNoLongerPending()
    {
        EvaluationQueue evaluations(*store, options());
        const QByteArray body = R"({"score":5})";
        QCOMPARE(evaluations.enqueue(kEvaluationId, body).value, EnqueueOutcome::Queued);
        QCOMPARE(evaluations.enqueue(kEvaluationId, body).value, EnqueueOutcome::AlreadyPresent);

        QVERIFY(evaluations.markFailed(kEvaluationId, "HTTP 503", false).isOk());
        StoreResult<QList<PendingEvaluation>> pending = evaluations.pending(10);
        QVERIFY(pending.isOk());
        QCOMPARE(pending.value.size(), 1);
        QCOMPARE(pending.value[0].id, kEvaluationId);
        QCOMPARE(pending.value[0].body, body);
        QCOMPARE(pending.value[0].attempts, 1);

        QVERIFY(evaluations.markFailed(kEvaluationId, "HTTP 422", true).isOk());
        QVERIFY(evaluations.pending(10).value.isEmpty());
        QCOMPARE(scalar("SELECT count(*) FROM evaluations WHERE state = 'dead' AND attempts = 2"), 1);
    }

    void evaluations_sent_isDeleted_andOldestGoFirst()
    {
        EvaluationQueue evaluations(*store, options());
        const QString later = QStringLiteral("0d7a1c2e-1111-4222-8333-444455556666");
        QVERIFY(evaluations.enqueue(kEvaluationId, "{}").isOk());
        clock = clock.addSecs(1);
        QVERIFY(evaluations.enqueue(later, "{}").isOk());
        const QList<PendingEvaluation> pending = evaluations.pending(1).value;
        QCOMPARE(pending.size(), 1);
        QCOMPARE(pending[0].id, kEvaluationId); // by creation time, not by id
        QVERIFY(evaluations.markSent(kEvaluationId).isOk());
        QCOMPARE(evaluations.pending(10).value.size(), 1);
        QCOMPARE(scalar("SELECT count(*) FROM evaluations"), 1);
    }

    void evaluations_refused_areDeadLettersThatCanBeRetriedOrDeleted()
    {
        EvaluationQueue evaluations(*store, options());
        const QString other = QStringLiteral("0d7a1c2e-1111-4222-8333-444455556666");
        QVERIFY(
            evaluations.enqueue(kEvaluationId, R"({"case_no":"GDZW20261122000004","item_code":"GD-RS-017"})").isOk());
        clock = clock.addSecs(1);
        QVERIFY(
            evaluations.enqueue(other, R"({"local_no":"GD-DEV-0001-20261122-000009","item_code":"GD-HJ-002"})").isOk());
        QVERIFY(evaluations.dead(10).value.isEmpty());
        QVERIFY(evaluations.markFailed(kEvaluationId, QStringLiteral("404 not-found"), true).isOk());
        QVERIFY(evaluations.markFailed(other, QStringLiteral("422 invalid-evaluation"), true).isOk());
        const QList<DeadEvaluation> dead = evaluations.dead(10).value;
        QCOMPARE(dead.size(), 2);
        QCOMPARE(dead[0].id, kEvaluationId);
        QCOMPARE(dead[0].caseOrLocalNo, QStringLiteral("GDZW20261122000004"));
        QCOMPARE(dead[0].itemCode, QStringLiteral("GD-RS-017"));
        QCOMPARE(dead[0].lastError, QStringLiteral("404 not-found"));
        QCOMPARE(dead[1].caseOrLocalNo, QStringLiteral("GD-DEV-0001-20261122-000009"));
        QVERIFY(evaluations.retryDead(kEvaluationId).isOk());
        QCOMPARE(evaluations.pending(10).value.size(), 1);
        QCOMPARE(evaluations.retryDead(kEvaluationId).code, StoreErrorCode::NotFound); // pending now, not dead
        QVERIFY(evaluations.deleteDead(other).isOk());
        QCOMPARE(evaluations.deleteDead(other).code, StoreErrorCode::NotFound);
        QVERIFY(evaluations.dead(10).value.isEmpty());
        QCOMPARE(scalar("SELECT count(*) FROM evaluations"), 1);
    }

    void evaluations_refuseAMalformedIdOrBody_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("not a uuid v4") << "not-a-uuid" << QByteArray("{}");
        QTest::newRow("upper case") << kEvaluationId.toUpper() << QByteArray("{}");
        QTest::newRow("empty body") << kEvaluationId << QByteArray();
        QTest::newRow("body over 64 KiB") << kEvaluationId << QByteArray(64 * 1024 + 1, 'x');
    }

    void evaluations_refuseAMalformedIdOrBody()
    {
        QFETCH(QString, id);
        QFETCH(QByteArray, body);
        EvaluationQueue evaluations(*store, options());
        QCOMPARE(evaluations.enqueue(id, body).error.code, StoreErrorCode::InvalidArgument);
        QCOMPARE(scalar("SELECT count(*) FROM evaluations"), 0);
    }
};

QTEST_GUILESS_MAIN(TestOutboxDaos)
#include "test_outbox_daos.moc"
