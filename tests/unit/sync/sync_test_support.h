// Shared by the sync unit tests: a scripted fake platform (a correct platform by default, with scripted answers and
// an outage switch) and a queue fixture with a simulated monotonic clock, wall clock and jitter.
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QMutexLocker>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>

#include "unit/offline_queue/queue_test_support.h"

#include "offline_queue/outbox.h"
#include "offline_queue/platform_client.h"
#include "offline_queue/storage/store.h"
#include "offline_queue/sync_engine.h"

KIOSK_QUEUE_QCOMPARE_BY_NAME(kiosk::queue::NetworkError, kiosk::queue::toString)

namespace kiosk::test {

inline queue::ApiResult answer(int status, const QJsonObject &json = {})
{
    queue::ApiResult r;
    r.httpStatus = status;
    r.json = json;
    r.bytes = QJsonDocument(json).toJson(QJsonDocument::Compact);
    return r;
}

inline queue::ApiResult problemAnswer(int status, const QString &type, const QString &detail,
                                      std::optional<qint64> retryAfterMs = std::nullopt)
{
    queue::ApiResult r;
    r.httpStatus = status;
    r.problem.type = QStringLiteral("https://platform.invalid/problems/") + type;
    r.problem.title = type;
    r.problem.status = status;
    r.problem.detail = detail;
    r.retryAfterMs = retryAfterMs;
    return r;
}

inline queue::ApiResult networkFailure(queue::NetworkError error, const QString &text = QStringLiteral("simulated"))
{
    queue::ApiResult r;
    r.networkError = error;
    r.errorText = text;
    return r;
}

// A platform in memory: HEAD/PUT blobs, POST submissions with idempotency (same bytes -> 200 with the same case,
// other bytes -> 409) and 412 for missing blobs, as platform-api.md says. Scripted answers are used first.
class FakePlatform : public queue::PlatformClient
{
public:
    struct Call {
        QString op;  // head | put | post | other
        QString key; // blob name or submission id
        QByteArray body;
        qint64 mono = 0;
    };

    std::function<qint64()> clock = [] { return qint64(0); };
    std::atomic<bool> networkDown{false};
    std::function<void()> beforePost; // runs inside postSubmission (e.g. to block until cancelled)

    void script(const QString &op, const queue::ApiResult &r)
    {
        QMutexLocker l(&mutex_);
        scripts_[op].push_back(r);
    }
    QList<Call> calls() const
    {
        QMutexLocker l(&mutex_);
        return calls_;
    }
    int count(const QString &op) const
    {
        int n = 0;
        for (const Call &c : calls())
            n += c.op == op ? 1 : 0;
        return n;
    }
    int totalCalls() const { return int(calls().size()); }
    QHash<QString, QByteArray> receivedSubmissions() const
    {
        QMutexLocker l(&mutex_);
        return submissions_;
    }
    int timesAccepted(const QString &id) const
    {
        QMutexLocker l(&mutex_);
        return accepted_.value(id);
    }
    bool hasBlob(const QString &sha) const
    {
        QMutexLocker l(&mutex_);
        return blobs_.contains(sha);
    }
    void dropBlob(const QString &sha)
    {
        QMutexLocker l(&mutex_);
        blobs_.remove(sha);
    }
    bool wasCancelled() const { return cancelled_.load(); }

    queue::ApiResult getSubmissionKey() override { return other(); }
    queue::ApiResult headBlob(const QString &sha256) override
    {
        if (auto r = begin(QStringLiteral("head"), sha256, {}))
            return *r;
        QMutexLocker l(&mutex_);
        return answer(blobs_.contains(sha256) ? 200 : 404);
    }
    queue::ApiResult putBlob(const QString &sha256, const QByteArray &sealed,
                             const queue::ProgressFn &progress) override
    {
        if (progress)
            progress(sealed.size() / 2, sealed.size());
        if (auto r = begin(QStringLiteral("put"), sha256, sealed))
            return *r;
        if (queue::sha256Hex(sealed) != sha256)
            return problemAnswer(422, QStringLiteral("hash-mismatch"), QStringLiteral("sha256 differs"));
        QMutexLocker l(&mutex_);
        const bool had = blobs_.contains(sha256);
        blobs_.insert(sha256, sealed);
        return answer(had ? 200 : 201);
    }
    queue::ApiResult postSubmission(const QString &id, const QByteArray &envelope,
                                    const queue::ProgressFn &progress) override
    {
        if (beforePost)
            beforePost();
        if (progress)
            progress(envelope.size(), envelope.size());
        if (auto r = begin(QStringLiteral("post"), id, envelope))
            return *r;
        QMutexLocker l(&mutex_);
        if (submissions_.contains(id)) {
            if (submissions_.value(id) != envelope)
                return problemAnswer(409, QStringLiteral("idempotency-conflict"), QStringLiteral("other bytes"));
            return answer(200, {{"case_no", caseNos_.value(id)}, {"status", "received"}});
        }
        QJsonArray missing;
        const QJsonArray listed = QJsonDocument::fromJson(envelope).object().value("blobs").toArray();
        for (const QJsonValue &b : listed) {
            const QString sha = b.toObject().value("sha256").toString();
            if (!blobs_.contains(sha))
                missing.append(sha);
        }
        if (!missing.isEmpty()) {
            queue::ApiResult r = problemAnswer(412, QStringLiteral("missing-blobs"), QStringLiteral("blobs missing"));
            for (const QJsonValue &m : std::as_const(missing))
                r.problem.missing << m.toString();
            return r;
        }
        const QString caseNo = QStringLiteral("GDZW20240601%1").arg(++cases_, 6, 10, QLatin1Char('0'));
        submissions_.insert(id, envelope);
        caseNos_.insert(id, caseNo);
        accepted_[id] += 1;
        return answer(201, {{"case_no", caseNo}, {"status", "received"}});
    }
    queue::ApiResult getCatalogue(std::optional<qint64>, const QByteArray &) override { return other(); }
    queue::ApiResult getCase(const QString &, const QString &) override { return other(); }
    queue::ApiResult getCaseByLocalNo(const QString &, const QString &) override { return other(); }
    queue::ApiResult queryCases(const QString &) override { return other(); }
    queue::ApiResult checkQrIdentity(const QString &) override { return other(); }
    queue::ApiResult listDocuments(const QString &) override { return other(); }
    queue::ApiResult fetchDocument(const QString &, const QString &) override { return other(); }
    queue::ApiResult postEvaluation(const QString &, const QJsonObject &) override { return other(); }
    queue::ApiResult postHeartbeat(const QJsonObject &) override { return other(); }
    queue::ApiResult postAuditAnchor(qint64, const QString &) override { return other(); }
    void cancel() override { cancelled_.store(true); }

private:
    std::optional<queue::ApiResult> begin(const QString &op, const QString &key, const QByteArray &body)
    {
        QMutexLocker l(&mutex_);
        calls_.append({op, key, body, clock()});
        if (cancelled_.load())
            return networkFailure(queue::NetworkError::Aborted, QStringLiteral("cancelled"));
        auto it = scripts_.find(op);
        if (it != scripts_.end() && !it->second.empty()) {
            queue::ApiResult r = it->second.front();
            it->second.pop_front();
            return r;
        }
        if (networkDown.load())
            return networkFailure(queue::NetworkError::Connect, QStringLiteral("connection refused"));
        return std::nullopt;
    }
    queue::ApiResult other()
    {
        if (auto r = begin(QStringLiteral("other"), {}, {}))
            return *r;
        return answer(200, {{"ok", true}});
    }

    mutable QMutex mutex_;
    QList<Call> calls_;
    std::map<QString, std::deque<queue::ApiResult>> scripts_;
    QHash<QString, QByteArray> blobs_;
    QHash<QString, QByteArray> submissions_;
    QHash<QString, QString> caseNos_;
    QHash<QString, int> accepted_;
    int cases_ = 0;
    std::atomic<bool> cancelled_{false};
};

struct Sealed {
    queue::SealedEnvelope envelope;
    QList<queue::SealedBlob> blobs;
};

inline const queue::Sealer &testSealer()
{
    static const queue::Sealer s(testPlatformKey(), testKeys().kioskPrivate);
    return s;
}

// A fresh queue database in a temporary folder, with the clocks the sync core is given.
class QueueFixture
{
public:
    qint64 mono = 10'000'000; // ms on the simulated monotonic clock
    QDateTime wall = QDateTime(QDate(2024, 6, 1), QTime(2, 0), Qt::UTC);
    double jitter = 0.5; // the next uniform draw in [0, 1)

    QueueFixture()
    {
        path_ = dir_.filePath(QStringLiteral("queue.sqlite"));
        reopen();
    }

    void reopen()
    {
        outbox_.reset();
        store_.reset();
        queue::StoreOpenResult r = queue::Store::open(path_, queue::Outbox::migrations());
        if (!r.isOk())
            qFatal("cannot open the test queue: %s", qPrintable(r.error.message));
        store_ = std::move(r.store);
        queue::OutboxOptions o;
        o.kioskId = kKioskId;
        o.diskFloorBytes = 0;
        o.wallClock = [this] { return wall; };
        outbox_ = std::make_unique<queue::Outbox>(*store_, o);
    }

    QString path() const { return path_; }
    queue::Store &store() { return *store_; }
    queue::Outbox &outbox() { return *outbox_; }

    queue::SyncClock clock()
    {
        queue::SyncClock c;
        c.monoMs = [this] { return mono; };
        c.wall = [this] { return wall; };
        c.uniform01 = [this] { return jitter; };
        return c;
    }

    void advance(qint64 ms)
    {
        mono += ms;
        wall = wall.addMSecs(ms);
    }

    Sealed make(int pages = 1, int pageSize = 3000)
    {
        Sealed s;
        QList<queue::BlobRef> refs;
        for (int i = 0; i < pages; ++i) {
            QByteArray page(pageSize, Qt::Uninitialized);
            QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(page.data()), pageSize / 4);
            const auto b = testSealer().sealBlob(page);
            s.blobs << b.value;
            refs << b.value.ref(QStringLiteral("id_card_copy"), i + 1);
        }
        const auto localNo = outbox_->allocateLocalNo();
        queue::EnvelopeMeta meta{
            {}, localNo.value, kKioskId, wall.toOffsetFromUtc(8 * 3600), "11440100MB2C91222Q4440111009000", 3};
        const auto e = testSealer().sealEnvelope(meta, samplePayload(), refs);
        if (!e.isOk())
            qFatal("sealing failed: %s", qPrintable(e.error.message));
        s.envelope = e.value;
        return s;
    }

    Sealed enqueue(int pages = 1, int pageSize = 3000)
    {
        Sealed s = make(pages, pageSize);
        const auto r = outbox_->enqueue(s.envelope, s.blobs);
        if (!r.isOk())
            qFatal("enqueue failed: %s", qPrintable(r.error.message));
        return s;
    }

    queue::SubmissionInfo info(const QString &id)
    {
        const auto all = outbox_->list(100000);
        for (const queue::SubmissionInfo &i : all.value) {
            if (i.id == id)
                return i;
        }
        return {};
    }

private:
    QTemporaryDir dir_;
    QString path_;
    std::unique_ptr<queue::Store> store_;
    std::unique_ptr<queue::Outbox> outbox_;
};

inline queue::SyncSettings testSettings()
{
    queue::SyncSettings s;
    s.kioskId = kKioskId;
    s.backoffBaseMs = 30'000;
    s.backoffCapMs = 3'600'000;
    s.purgeAfterMs = 300'000;
    s.batch = 20;
    s.leaseMs = 900'000;
    s.workerName = QStringLiteral("test-sync");
    return s;
}

} // namespace kiosk::test
