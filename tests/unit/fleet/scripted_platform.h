// Shared by the audit, maintenance and fleet unit tests: a PlatformClient whose heartbeat and anchor answers are
// scripted per call (thread-safe, so a service on its own thread can use it), recording what it was sent and when.
#pragma once

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QMutexLocker>
#include <QThread>

#include <atomic>
#include <deque>
#include <functional>
#include <memory>

#include "offline_queue/platform_client.h"

namespace kiosk::test {

inline queue::ApiResult httpAnswer(int status, const QJsonObject &json = {})
{
    queue::ApiResult r;
    r.httpStatus = status;
    r.json = json;
    if (!json.isEmpty())
        r.bytes = QJsonDocument(json).toJson(QJsonDocument::Compact);
    return r;
}

inline queue::ApiResult problemAnswer(int status, const QString &detail)
{
    queue::ApiResult r;
    r.httpStatus = status;
    r.problem.status = status;
    r.problem.title = QStringLiteral("scripted");
    r.problem.detail = detail;
    return r;
}

inline queue::ApiResult networkDown(queue::NetworkError e = queue::NetworkError::Connect)
{
    queue::ApiResult r;
    r.networkError = e;
    r.errorText = QStringLiteral("scripted outage");
    return r;
}

inline QJsonObject commandsAnswer(const QList<std::pair<QString, QString>> &idAndName)
{
    QJsonArray list;
    for (const auto &c : idAndName)
        list.append(QJsonObject{{QStringLiteral("id"), c.first}, {QStringLiteral("name"), c.second}});
    return QJsonObject{{QStringLiteral("config_version"), QStringLiteral("1")}, {QStringLiteral("commands"), list}};
}

class ScriptedPlatform : public queue::PlatformClient
{
public:
    struct AnchorCall {
        qint64 seq = 0;
        QString hash;
    };

    // Answers taken in order; when empty, `defaultHeartbeat` / `defaultAnchor`.
    void scriptHeartbeat(const queue::ApiResult &a)
    {
        QMutexLocker l(&mutex_);
        heartbeatScript_.push_back(a);
    }
    void scriptAnchor(const queue::ApiResult &a)
    {
        QMutexLocker l(&mutex_);
        anchorScript_.push_back(a);
    }
    // Each heartbeat call blocks this long (a slow uplink), in ms.
    std::atomic<int> heartbeatDelayMs{0};
    queue::ApiResult defaultHeartbeat = httpAnswer(200, commandsAnswer({}));
    queue::ApiResult defaultAnchor = httpAnswer(204);
    // Called (on the caller's thread) with each heartbeat body.
    std::function<void(const QJsonObject &)> onHeartbeat;

    QList<QJsonObject> heartbeats() const
    {
        QMutexLocker l(&mutex_);
        return heartbeats_;
    }
    QList<AnchorCall> anchors() const
    {
        QMutexLocker l(&mutex_);
        return anchors_;
    }
    int heartbeatCount() const
    {
        QMutexLocker l(&mutex_);
        return int(heartbeats_.size());
    }
    int maxConcurrentHeartbeats() const { return maxConcurrent_.load(); }

    queue::ApiResult postHeartbeat(const QJsonObject &heartbeat) override
    {
        const int now = ++concurrent_;
        int seen = maxConcurrent_.load();
        while (now > seen && !maxConcurrent_.compare_exchange_weak(seen, now)) {
        }
        if (onHeartbeat)
            onHeartbeat(heartbeat);
        if (const int d = heartbeatDelayMs.load(); d > 0)
            QThread::msleep(ulong(d));
        queue::ApiResult a;
        {
            QMutexLocker l(&mutex_);
            heartbeats_.append(heartbeat);
            if (!heartbeatScript_.empty()) {
                a = heartbeatScript_.front();
                heartbeatScript_.pop_front();
            } else {
                a = defaultHeartbeat;
            }
        }
        --concurrent_;
        return a;
    }
    queue::ApiResult postAuditAnchor(qint64 seq, const QString &headHash) override
    {
        QMutexLocker l(&mutex_);
        anchors_.append({seq, headHash});
        if (anchorScript_.empty())
            return defaultAnchor;
        const queue::ApiResult a = anchorScript_.front();
        anchorScript_.pop_front();
        return a;
    }

    // Not used by these parts.
    queue::ApiResult getSubmissionKey() override { return unused(); }
    queue::ApiResult headBlob(const QString &) override { return unused(); }
    queue::ApiResult putBlob(const QString &, const QByteArray &, const queue::ProgressFn &) override
    {
        return unused();
    }
    queue::ApiResult postSubmission(const QString &, const QByteArray &, const queue::ProgressFn &) override
    {
        return unused();
    }
    queue::ApiResult getCatalogue(std::optional<qint64>, const QByteArray &) override { return unused(); }
    queue::ApiResult getCase(const QString &, const QString &) override { return unused(); }
    queue::ApiResult getCaseByLocalNo(const QString &, const QString &) override { return unused(); }
    queue::ApiResult queryCases(const QString &) override { return unused(); }
    queue::ApiResult checkQrIdentity(const QString &) override { return unused(); }
    queue::ApiResult listDocuments(const QString &) override { return unused(); }
    queue::ApiResult fetchDocument(const QString &, const QString &) override { return unused(); }
    queue::ApiResult postEvaluation(const QString &, const QJsonObject &) override { return unused(); }
    void cancel() override {}

private:
    static queue::ApiResult unused() { return networkDown(queue::NetworkError::Other); }

    mutable QMutex mutex_;
    std::deque<queue::ApiResult> heartbeatScript_;
    std::deque<queue::ApiResult> anchorScript_;
    QList<QJsonObject> heartbeats_;
    QList<AnchorCall> anchors_;
    std::atomic<int> concurrent_{0};
    std::atomic<int> maxConcurrent_{0};
};

// A client that forwards to a ScriptedPlatform the test keeps (services own and destroy their clients).
class ForwardingPlatform final : public ScriptedPlatform
{
public:
    explicit ForwardingPlatform(std::shared_ptr<ScriptedPlatform> target) : target_(std::move(target)) {}
    queue::ApiResult postHeartbeat(const QJsonObject &heartbeat) override { return target_->postHeartbeat(heartbeat); }
    queue::ApiResult postAuditAnchor(qint64 seq, const QString &headHash) override
    {
        return target_->postAuditAnchor(seq, headHash);
    }

private:
    std::shared_ptr<ScriptedPlatform> target_;
};

} // namespace kiosk::test
