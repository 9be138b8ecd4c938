// Specification of the sync state machine against a scripted platform on a simulated clock: what is sent and in which
// order, what each answer does to the item (ack, upload-and-repeat, dead letter, backoff), that an outage or an empty
// queue costs a handful of wake-ups per hour rather than a busy loop, and the retention purge after the ack.
#include <QSet>
#include <QTest>

#include "sync_test_support.h"

using namespace kiosk;
using namespace kiosk::queue;
using namespace kiosk::test;

namespace {

struct Rig {
    QueueFixture q;
    FakePlatform platform;
    std::unique_ptr<SyncCore> core;
    QStringList alerts;
    QStringList dead;
    QList<SyncStatus> published;

    explicit Rig(SyncSettings settings = testSettings())
    {
        platform.clock = [this] { return q.mono; };
        core = std::make_unique<SyncCore>(q.store(), q.outbox(), platform, settings, q.clock());
        core->onAlert = [this](const QString &m) { alerts << m; };
        core->onDead = [this](const QString &l, const QString &) { dead << l; };
        core->onStatus = [this](const SyncStatus &s) { published << s; };
        core->recover();
    }

    // Runs passes as the engine's timer would, until the simulated clock passes `ms` from now; returns the passes.
    int runFor(qint64 ms)
    {
        const qint64 end = q.mono + ms;
        int passes = 0;
        for (;;) {
            const std::optional<qint64> wake = core->nextWakeMono();
            if (!wake || *wake > end)
                break;
            if (*wake > q.mono)
                q.advance(*wake - q.mono);
            core->runPass();
            if (++passes > 1'000'000)
                break;
        }
        if (q.mono < end)
            q.advance(end - q.mono);
        return passes;
    }
};

} // namespace

class TestSyncCore : public QObject
{
    Q_OBJECT

private slots:
    void dueSubmission_isAckedAfterHeadPutThenPostOfTheStoredBytes()
    {
        Rig rig;
        const Sealed s = rig.q.enqueue(2);
        const PassReport report = rig.core->runPass();
        QCOMPARE(report.acked, 1);

        const QList<FakePlatform::Call> calls = rig.platform.calls();
        QCOMPARE(calls.size(), 5);
        QCOMPARE(calls[0].op, QStringLiteral("head"));
        QCOMPARE(calls[0].key, s.blobs[0].sha256);
        QCOMPARE(calls[1].op, QStringLiteral("put"));
        QCOMPARE(calls[1].body, s.blobs[0].bytes);
        QCOMPARE(calls[2].op, QStringLiteral("head"));
        QCOMPARE(calls[3].op, QStringLiteral("put"));
        QCOMPARE(calls[4].op, QStringLiteral("post"));
        QCOMPARE(calls[4].key, s.envelope.id);     // Idempotency-Key = the envelope id
        QCOMPARE(calls[4].body, s.envelope.bytes); // byte for byte what was sealed

        const SubmissionInfo info = rig.q.info(s.envelope.id);
        QCOMPARE(info.state, SubmissionState::Acked);
        QVERIFY(info.caseNo.startsWith("GDZW"));
        const SyncStatus st = rig.core->status();
        QCOMPARE(st.pending, 0);
        QCOMPARE(st.lastSync, rig.q.wall);
        QVERIFY(st.error.isEmpty());
    }

    void blobAlreadyOnThePlatform_isNotUploadedAgain()
    {
        Rig rig;
        const Sealed s = rig.q.enqueue(2);
        rig.platform.putBlob(s.blobs[0].sha256, s.blobs[0].bytes, {});
        rig.core->runPass();
        QCOMPARE(rig.platform.count("put"), 2); // the one above and the second page only
        QCOMPARE(rig.q.info(s.envelope.id).state, SubmissionState::Acked);
    }

    void missingBlobs412_areUploadedAndThePostRepeatedAtOnce()
    {
        Rig rig;
        const Sealed s = rig.q.enqueue(2);
        // The platform claims both pages are there (a blob store that lost them): the POST then names them.
        rig.platform.script("head", answer(200));
        rig.platform.script("head", answer(200));
        const PassReport report = rig.core->runPass();
        QCOMPARE(report.acked, 1);
        QCOMPARE(rig.platform.count("post"), 2);
        QCOMPARE(rig.platform.count("put"), 2);
        QVERIFY(rig.platform.hasBlob(s.blobs[0].sha256));
        QVERIFY(rig.platform.hasBlob(s.blobs[1].sha256));
        QCOMPARE(rig.q.info(s.envelope.id).attempts, 1); // one attempt, not a retry
    }

    void missingBlobs412WithoutAList_checksEveryBlobAgain()
    {
        Rig rig;
        const Sealed s = rig.q.enqueue(1);
        rig.platform.script("post", problemAnswer(412, "missing-blobs", "broken list"));
        QCOMPARE(rig.core->runPass().acked, 1);
        QCOMPARE(rig.platform.count("head"), 2);
        QCOMPARE(rig.platform.count("post"), 2);
    }

    void missingBlobs412_repeatedBeyondTheBound_isRetriedLater()
    {
        Rig rig;
        const Sealed s = rig.q.enqueue(1);
        for (int i = 0; i < 3; ++i) {
            ApiResult r = problemAnswer(412, "missing-blobs", "still missing");
            r.problem.missing << s.blobs[0].sha256;
            rig.platform.script("post", r);
        }
        const PassReport report = rig.core->runPass();
        QCOMPARE(report.retried, 1);
        QCOMPARE(rig.platform.count("post"), 3);
        const SubmissionInfo info = rig.q.info(s.envelope.id);
        QCOMPARE(info.state, SubmissionState::Pending);
        QVERIFY(info.nextAttemptMono > rig.q.mono);
    }

    void idempotencyConflict409_isADeadLetterWithAlert_andNeverRetried()
    {
        Rig rig;
        const Sealed s = rig.q.enqueue(1);
        rig.platform.script("post", problemAnswer(409, "idempotency-conflict", "same key, other bytes"));
        const PassReport report = rig.core->runPass();
        QCOMPARE(report.dead, 1);
        QCOMPARE(rig.alerts.size(), 1);
        QVERIFY(rig.alerts.first().contains(s.envelope.localNo));
        const SubmissionInfo info = rig.q.info(s.envelope.id);
        QCOMPARE(info.state, SubmissionState::Dead);
        QVERIFY2(info.lastError.contains("409"), qPrintable(info.lastError));
        QCOMPARE(rig.dead, QStringList{s.envelope.localNo});

        rig.runFor(48LL * 3600 * 1000);
        QCOMPARE(rig.platform.count("post"), 1);
    }

    void statusClassification_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<bool>("dead");
        QTest::newRow("400 bad request") << 400 << true;
        QTest::newRow("401 unauthorised") << 401 << true;
        QTest::newRow("403 forbidden") << 403 << true;
        QTest::newRow("404 not found") << 404 << true;
        QTest::newRow("413 too large") << 413 << true;
        QTest::newRow("422 unprocessable") << 422 << true;
        QTest::newRow("408 request timeout") << 408 << false;
        QTest::newRow("429 too many requests") << 429 << false;
        QTest::newRow("500 internal") << 500 << false;
        QTest::newRow("502 bad gateway") << 502 << false;
        QTest::newRow("503 unavailable") << 503 << false;
        QTest::newRow("504 gateway timeout") << 504 << false;
        QTest::newRow("302 redirect (unexpected)") << 302 << false;
    }
    void statusClassification()
    {
        QFETCH(int, status);
        QFETCH(bool, dead);
        Rig rig;
        const Sealed s = rig.q.enqueue(1);
        rig.platform.script("post", problemAnswer(status, "x", "detail of the platform"));
        rig.core->runPass();
        const SubmissionInfo info = rig.q.info(s.envelope.id);
        QCOMPARE(info.state, dead ? SubmissionState::Dead : SubmissionState::Pending);
        if (!dead)
            QVERIFY(info.nextAttemptMono > rig.q.mono);
    }

    void unprocessable422_isADeadLetterWithThePlatformsDetail()
    {
        Rig rig;
        const Sealed s = rig.q.enqueue(1);
        rig.platform.script("post", problemAnswer(422, "unknown-key", "key_id demo-0000 is not known"));
        rig.core->runPass();
        const SubmissionInfo info = rig.q.info(s.envelope.id);
        QCOMPARE(info.state, SubmissionState::Dead);
        QVERIFY2(info.lastError.contains("key_id demo-0000 is not known"), qPrintable(info.lastError));
        QVERIFY2(info.lastError.contains("unknown-key"), qPrintable(info.lastError));
        QVERIFY(rig.alerts.isEmpty()); // the dead letter itself is the technician's signal
    }

    void platformDetail_withAnIdNumber_isMaskedBeforeItIsStored()
    {
        Rig rig;
        const Sealed s = rig.q.enqueue(1);
        rig.platform.script("post", problemAnswer(422, "invalid-payload", "id_number 440106199003072437 invalid"));
        rig.core->runPass();
        const QString stored = rig.q.info(s.envelope.id).lastError;
        QVERIFY2(!stored.contains("440106199003072437"), qPrintable(stored));
        QVERIFY2(stored.contains("4401**********2437"), qPrintable(stored));
    }

    void serviceUnavailable503_waitsAtLeastRetryAfter()
    {
        Rig rig;
        const Sealed s = rig.q.enqueue(1);
        rig.q.jitter = 0.0; // the jittered part is as short as it gets: Retry-After alone decides
        rig.platform.script("head", problemAnswer(503, "unavailable", "maintenance", 120'000));
        rig.core->runPass();
        QCOMPARE(rig.q.info(s.envelope.id).nextAttemptMono, rig.q.mono + 120'000);
        QVERIFY(rig.core->status().error.contains("503"));

        rig.runFor(119'000);
        QCOMPARE(rig.platform.count("head"), 1); // nothing before the platform's time
        rig.runFor(2'000);
        QCOMPARE(rig.q.info(s.envelope.id).state, SubmissionState::Acked);
        QVERIFY(rig.core->status().error.isEmpty());
    }

    void retryAfterLongerThanTheCap_isStillHonoured()
    {
        SyncSettings settings = testSettings();
        settings.backoffCapMs = 60'000;
        Rig rig(settings);
        const Sealed s = rig.q.enqueue(1);
        rig.platform.script("post", problemAnswer(429, "slow-down", "", 7'200'000));
        rig.core->runPass();
        QVERIFY(rig.q.info(s.envelope.id).nextAttemptMono >= rig.q.mono + 7'200'000);
    }

    void networkFailures_backOffWithFullJitterUpToTheCap()
    {
        SyncSettings settings = testSettings();
        settings.backoffBaseMs = 30'000;
        settings.backoffCapMs = 3'600'000;
        Rig rig(settings);
        const Sealed s = rig.q.enqueue(1);
        rig.platform.networkDown = true;
        rig.q.jitter = 0.9999999; // the top of each interval: the ceiling itself
        for (int attempt = 1; attempt <= 10; ++attempt) {
            rig.core->runPass();
            const SubmissionInfo info = rig.q.info(s.envelope.id);
            QCOMPARE(info.attempts, attempt);
            const qint64 ceiling = qMin<qint64>(3'600'000, 30'000LL << (attempt - 1));
            QCOMPARE(info.nextAttemptMono - rig.q.mono, ceiling);
            rig.q.advance(ceiling);
        }
        // The bottom of the interval: at once (1 ms), never in the past.
        rig.q.jitter = 0.0;
        rig.core->runPass();
        QCOMPARE(rig.q.info(s.envelope.id).nextAttemptMono - rig.q.mono, 1);
    }

    void unusableAnswers_areTransientNeverDead_data()
    {
        QTest::addColumn<int>("error");
        QTest::addColumn<bool>("alert");
        QTest::newRow("bad json") << int(NetworkError::BadJson) << false;
        QTest::newRow("too large") << int(NetworkError::TooLarge) << false;
        QTest::newRow("reset") << int(NetworkError::Reset) << false;
        QTest::newRow("timeout") << int(NetworkError::Timeout) << false;
        QTest::newRow("dns") << int(NetworkError::Dns) << false;
        QTest::newRow("connect") << int(NetworkError::Connect) << false;
        QTest::newRow("tls") << int(NetworkError::Tls) << true;
        QTest::newRow("pin") << int(NetworkError::Pin) << true;
    }
    void unusableAnswers_areTransientNeverDead()
    {
        QFETCH(int, error);
        QFETCH(bool, alert);
        Rig rig;
        const Sealed s = rig.q.enqueue(1);
        ApiResult r = networkFailure(NetworkError(error));
        r.httpStatus = NetworkError(error) == NetworkError::BadJson ? 201 : 0;
        rig.platform.script("post", r);
        const PassReport report = rig.core->runPass();
        QCOMPARE(report.retried, 1);
        QCOMPARE(rig.q.info(s.envelope.id).state, SubmissionState::Pending);
        QCOMPARE(rig.alerts.size(), alert ? 1 : 0);
        // Counted once for the metrics, under its kind (a refused handshake or pin: tls).
        const bool tls = NetworkError(error) == NetworkError::Tls || NetworkError(error) == NetworkError::Pin;
        QCOMPARE(rig.core->status().failures,
                 (QMap<QString, quint64>{{tls ? QStringLiteral("tls") : QStringLiteral("network"), 1}}));
        rig.runFor(120'000);
        QCOMPARE(rig.q.info(s.envelope.id).state, SubmissionState::Acked);
        QCOMPARE(rig.platform.timesAccepted(s.envelope.id), 1);
    }

    // The platform's refusals by kind for the metrics: 429, 5xx, other 4xx (a dead letter counts too).
    void httpFailures_areCountedByKind()
    {
        Rig rig;
        rig.q.enqueue(1);
        rig.platform.script("post", problemAnswer(429, "rate_limited", "slow down", 1000));
        rig.core->runPass();
        rig.runFor(60'000);
        rig.q.enqueue(1);
        rig.platform.script("post", problemAnswer(503, "unavailable", "maintenance", 1000));
        rig.runFor(60'000);
        rig.q.enqueue(1);
        rig.platform.script("post", problemAnswer(422, "invalid", "bad field"));
        rig.runFor(60'000);
        QCOMPARE(rig.core->status().failures,
                 (QMap<QString, quint64>{
                     {QStringLiteral("429"), 1}, {QStringLiteral("5xx"), 1}, {QStringLiteral("4xx"), 1}}));
    }

    void offlineForASimulatedHour_costsAFewProbesNotABusyLoop()
    {
        Rig rig;
        for (int i = 0; i < 5; ++i)
            rig.q.enqueue(1);
        rig.platform.networkDown = true;
        QRandomGenerator rng(20240601);
        rig.core = std::make_unique<SyncCore>(rig.q.store(), rig.q.outbox(), rig.platform, testSettings(),
                                              SyncClock{[&rig] { return rig.q.mono; }, [&rig] { return rig.q.wall; },
                                                        [&rng] { return rng.generateDouble(); }});
        const int passes = rig.runFor(3'600'000);
        const int calls = rig.platform.totalCalls();
        qInfo("one simulated hour offline: %d passes, %d calls", passes, calls);
        QVERIFY2(calls >= 3, "the engine must keep probing");
        QVERIFY2(calls <= 40, qPrintable(QStringLiteral("%1 calls in an hour offline").arg(calls)));
        QVERIFY(passes <= 60);

        // Back online: everything goes within the cap, without a technician.
        rig.platform.networkDown = false;
        const int onlinePasses = rig.runFor(3'600'000);
        QVERIFY2(onlinePasses <= 20, qPrintable(QStringLiteral("%1 passes in the hour back online").arg(onlinePasses)));
        QCOMPARE(rig.core->status().pending, 0);
        QCOMPARE(rig.platform.receivedSubmissions().size(), 5);
    }

    void nothingDue_meansNoCallsAndNoWakeUps()
    {
        Rig rig;
        rig.core->runPass(); // the start-up pass (looks for items to purge; finds none)
        QCOMPARE(rig.core->nextWakeMono(), std::nullopt);
        QCOMPARE(rig.runFor(3'600'000), 0);
        QCOMPARE(rig.platform.totalCalls(), 0);

        // An item waiting two hours for its Retry-After: one hour passes with no pass and no call.
        const Sealed s = rig.q.enqueue(1);
        rig.platform.script("head", problemAnswer(503, "unavailable", "", 7'200'000));
        rig.core->runPass();
        QCOMPARE(rig.platform.totalCalls(), 1);
        QCOMPARE(rig.runFor(3'600'000), 0);
        QCOMPARE(rig.platform.totalCalls(), 1);
        QCOMPARE(rig.runFor(3'700'000), 1);
        QCOMPARE(rig.q.info(s.envelope.id).state, SubmissionState::Acked);
    }

    void failureHold_keepsTheRestOfTheQueueBack()
    {
        Rig rig;
        for (int i = 0; i < 3; ++i)
            rig.q.enqueue(1);
        rig.platform.networkDown = true;
        rig.q.jitter = 0.5;
        const PassReport first = rig.core->runPass();
        QCOMPARE(first.retried, 1);
        QVERIFY(first.heldBack);
        QCOMPARE(rig.platform.totalCalls(), 1);        // one probe, not one per queued item
        const PassReport second = rig.core->runPass(); // at the same moment
        QVERIFY(second.heldBack);
        QCOMPARE(rig.platform.totalCalls(), 1);
        QVERIFY(*rig.core->nextWakeMono() > rig.q.mono);
    }

    void batch_endsAPassWithMoreDue()
    {
        SyncSettings settings = testSettings();
        settings.batch = 2;
        Rig rig(settings);
        for (int i = 0; i < 5; ++i)
            rig.q.enqueue(0);
        PassReport r = rig.core->runPass();
        QCOMPARE(r.acked, 2);
        QVERIFY(r.moreDue);
        r = rig.core->runPass();
        r = rig.core->runPass();
        QCOMPARE(r.acked, 1);
        QVERIFY(!r.moreDue);
        QCOMPARE(rig.platform.receivedSubmissions().size(), 5);
    }

    void purge_erasesSealedBytesFiveMinutesAfterTheAck()
    {
        Rig rig;
        const Sealed s = rig.q.enqueue(1);
        rig.core->runPass();
        QCOMPARE(rig.q.info(s.envelope.id).state, SubmissionState::Acked);
        QVERIFY(rig.q.info(s.envelope.id).envelopeSize > 0);
        const std::optional<qint64> wake = rig.core->nextWakeMono();
        QVERIFY(wake);
        QCOMPARE(*wake, rig.q.mono + 300'000); // the engine wakes for the purge

        rig.q.advance(299'000);
        rig.core->runPass();
        QVERIFY(rig.q.info(s.envelope.id).envelopeSize > 0);
        QVERIFY(rig.q.outbox().blobBytes(s.blobs[0].sha256).isOk());

        rig.q.advance(2'000);
        rig.core->runPass();
        QCOMPARE(rig.q.info(s.envelope.id).envelopeSize, 0);
        QCOMPARE(rig.q.outbox().blobBytes(s.blobs[0].sha256).error.code, StoreErrorCode::NotFound);
        QCOMPARE(rig.q.info(s.envelope.id).caseNo.isEmpty(), false); // the receipt's case number stays
        QCOMPARE(rig.core->nextWakeMono(), std::nullopt);
    }

    void syncNow_liftsBackoffAndHold()
    {
        Rig rig;
        const Sealed s = rig.q.enqueue(1);
        rig.platform.script("head", problemAnswer(503, "unavailable", "", 3'600'000));
        rig.core->runPass();
        QCOMPARE(rig.q.info(s.envelope.id).state, SubmissionState::Pending);
        QVERIFY(rig.core->makeAllDue().isOk());
        rig.core->runPass();
        QCOMPARE(rig.q.info(s.envelope.id).state, SubmissionState::Acked);
    }

    void cancelledClient_leavesTheItemDueForTheNextRun()
    {
        Rig rig;
        const Sealed s = rig.q.enqueue(1);
        rig.platform.cancel();
        const PassReport r = rig.core->runPass();
        QVERIFY(r.stopped);
        const SubmissionInfo info = rig.q.info(s.envelope.id);
        QCOMPARE(info.state, SubmissionState::Pending);
        QVERIFY(info.nextAttemptMono <= rig.q.mono);
    }

    void expiredLeaseOfAnotherWorker_isTakenOver()
    {
        Rig rig;
        const Sealed s = rig.q.enqueue(1);
        const auto lease = rig.q.outbox().leaseNext("crashed-worker", rig.q.mono, 60'000);
        QVERIFY(lease.value);
        rig.core->runPass();
        QCOMPARE(rig.platform.totalCalls(), 0);
        QCOMPARE(*rig.core->nextWakeMono(), rig.q.mono + 60'000);
        rig.runFor(60'000);
        QCOMPARE(rig.q.info(s.envelope.id).state, SubmissionState::Acked);
    }

    void recover_releasesLeasesOfAPreviousRun()
    {
        Rig rig;
        const Sealed s = rig.q.enqueue(1);
        QVERIFY(rig.q.outbox().leaseNext("previous-boot", rig.q.mono + 1'000'000'000, 60'000).value);
        SyncCore fresh(rig.q.store(), rig.q.outbox(), rig.platform, testSettings(), rig.q.clock());
        QVERIFY(fresh.recover().isOk());
        QCOMPARE(fresh.runPass().acked, 1);
        QCOMPARE(rig.q.info(s.envelope.id).state, SubmissionState::Acked);
    }

    void replayAfterALostAnswer_isAckedWithTheSameCase()
    {
        Rig rig;
        const Sealed s = rig.q.enqueue(1);
        bool committed = false;
        QString firstCase;
        rig.platform.beforePost = [&] {
            if (committed)
                return;
            // The platform commits, then the answer is lost on the way back.
            committed = true;
            firstCase =
                rig.platform.postSubmission(s.envelope.id, s.envelope.bytes, {}).json.value("case_no").toString();
            rig.platform.script("post", networkFailure(NetworkError::Reset, "connection reset by peer"));
        };
        QCOMPARE(rig.core->runPass().retried, 1);
        QCOMPARE(rig.q.info(s.envelope.id).state, SubmissionState::Pending);
        rig.runFor(120'000);
        // The replay of the same key and bytes gets the stored answer: the same case, accepted once.
        QCOMPARE(rig.q.info(s.envelope.id).state, SubmissionState::Acked);
        QCOMPARE(rig.q.info(s.envelope.id).caseNo, firstCase);
        QCOMPARE(rig.platform.timesAccepted(s.envelope.id), 1);
    }

    void status_reportsCountsProgressAndErrors()
    {
        Rig rig;
        const Sealed a = rig.q.enqueue(2);
        SyncStatus beforeEnvelope;
        rig.platform.beforePost = [&] { beforeEnvelope = rig.core->status(); };
        rig.core->runPass();
        rig.platform.beforePost = nullptr;
        // While the envelope goes out, the item is named by its receipt number and both pages count as sent.
        QCOMPARE(beforeEnvelope.currentLocalNo, a.envelope.localNo);
        QCOMPARE(beforeEnvelope.bytesTotal, a.envelope.bytes.size() + a.blobs[0].size() + a.blobs[1].size());
        QCOMPARE(beforeEnvelope.bytesSent, a.blobs[0].size() + a.blobs[1].size());
        QVERIFY(rig.published.last().currentLocalNo.isEmpty());
        QCOMPARE(rig.published.last().lastSync, rig.q.wall);

        rig.q.enqueue(1);
        rig.q.enqueue(1);
        rig.platform.script("post", problemAnswer(422, "invalid-payload", "no"));
        rig.platform.script("post", networkFailure(NetworkError::Timeout, "operation timed out"));
        rig.core->runPass();
        const SyncStatus st = rig.core->status();
        QCOMPARE(st.dead, 1);
        QCOMPARE(st.pending, 1);
        QCOMPARE(st.inFlight, 0);
        QVERIFY2(st.error.contains("timeout"), qPrintable(st.error));
        QVERIFY(st.nextAttemptInMs > 0);
        rig.q.advance(90'000);
        QCOMPARE(rig.core->status().oldestAgeS, 90);

        const QJsonObject json = st.toJson();
        QCOMPARE(json.keys(), (QStringList{"dead", "error", "in_flight", "last_sync", "oldest_age_s", "pending"}));
        QVERIFY(json.value("last_sync").toString().endsWith("+08:00"));
    }
};

QTEST_GUILESS_MAIN(TestSyncCore)
#include "test_sync_core.moc"
