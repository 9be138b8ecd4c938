// Shared by the fault tests: the sandbox harness of tests/integration/sandbox (process, control endpoint, demo PKI),
// a platform client that records every call with its monotonic time, and checks on what the sandbox received.
#pragma once

#include <QDir>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QMutex>
#include <QMutexLocker>
#include <QTest>

#include <sqlite3.h>

#include "fault_sealing.h"
#include "integration/sandbox/sandbox_harness.h"

#include "offline_queue/curl_platform_client.h"
#include "offline_queue/platform_client.h"

namespace kiosk::faults {

inline bool sandboxBuilt(QString *why)
{
    const QString binary = QStringLiteral(KIOSK_SANDBOX_BINARY);
    if (binary.isEmpty() || !QFile::exists(binary)) {
        *why = QStringLiteral("platform-sandbox is not built (%1); the fault suite needs it")
                   .arg(binary.isEmpty() ? QStringLiteral("KIOSK_BUILD_SIMULATORS=OFF") : binary);
        return false;
    }
    return true;
}

// The demo PKI, made once per test executable in the build tree (make-demo-pki.sh is idempotent).
inline QString demoPki(const QString &name, QString *error)
{
    const QString binary = qEnvironmentVariable("KIOSK_BINARY_DIR");
    const QString dir = binary.isEmpty() ? QDir::temp().filePath(QStringLiteral("kiosk-pki-") + name)
                                         : QDir(binary).filePath(QStringLiteral("tests/pki-") + name);
    *error = test::makeDemoPki(dir);
    return dir;
}

// A copy of `pki` in which the server presents <serverName>.crt/.key (a wrong CA, expired, wrong host name).
inline QString pkiVariant(const QString &pki, const QString &serverName, const QString &into)
{
    QDir().mkpath(into);
    for (const QString &f : QDir(pki).entryList(QDir::Files)) {
        QFile::remove(QDir(into).filePath(f));
        QFile::copy(QDir(pki).filePath(f), QDir(into).filePath(f));
    }
    QFile::remove(QDir(into).filePath("server.crt"));
    QFile::remove(QDir(into).filePath("server.key"));
    QFile::copy(QDir(pki).filePath(serverName + ".crt"), QDir(into).filePath("server.crt"));
    QFile::copy(QDir(pki).filePath(serverName + ".key"), QDir(into).filePath("server.key"));
    return into;
}

inline QString sandboxUrl(const test::SandboxProcess &s)
{
    return QStringLiteral("https://localhost:%1").arg(s.port());
}

inline QJsonObject controlJson(const test::SandboxProcess &s, const QByteArray &method, const QByteArray &path,
                               const QJsonObject &body = {})
{
    return s.control(method, path, body).json();
}

inline qint64 requestCount(const test::SandboxProcess &s)
{
    return controlJson(s, "GET", "/control/state").value("counts").toObject().value("requests").toInteger(-1);
}

// id -> how many submissions rows the sandbox holds for it (exactly once means 1).
inline QHash<QString, int> receivedIds(const test::SandboxProcess &s, QHash<QString, qint64> *replays = nullptr)
{
    QHash<QString, int> ids;
    // The id listing opens nothing: quick also after thousands of kill -9 rounds (the full listing opens every blob).
    const QJsonArray list = controlJson(s, "GET", "/control/submissions/ids").value("submissions").toArray();
    for (const QJsonValue &v : list) {
        const QString id = v.toObject().value("id").toString();
        ids[id] += 1;
        if (replays)
            (*replays)[id] += v.toObject().value("replays").toInteger();
    }
    return ids;
}

// Total hits of the fault rules now installed.
inline qint64 faultHits(const test::SandboxProcess &s)
{
    qint64 hits = 0;
    for (const QJsonValue &v : controlJson(s, "GET", "/control/faults").value("faults").toArray())
        hits += v.toObject().value("hits").toInteger();
    return hits;
}

inline QString integrityCheck(const QString &dbPath)
{
    sqlite3 *db = nullptr;
    if (sqlite3_open_v2(dbPath.toUtf8().constData(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
        const QString e = QString::fromUtf8(sqlite3_errmsg(db));
        sqlite3_close(db);
        return QStringLiteral("open: ") + e;
    }
    sqlite3_busy_timeout(db, 10000);
    QStringList rows;
    sqlite3_stmt *st = nullptr;
    if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, nullptr) == SQLITE_OK) {
        while (sqlite3_step(st) == SQLITE_ROW)
            rows << QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(st, 0)));
    } else {
        rows << QString::fromUtf8(sqlite3_errmsg(db));
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return rows.join(QLatin1Char(';'));
}

// Forwards to the real client and notes each call (operation, monotonic ms, status, error).
class RecordingClient : public queue::PlatformClient
{
public:
    struct Call {
        QString op;
        qint64 atMs = 0;
        int status = 0;
        queue::NetworkError error = queue::NetworkError::None;
        qint64 requestBytes = 0;
        int resends = 0; // libcurl's own resend on a fresh connection (with a fresh X-Request-Id)
    };

    RecordingClient(std::unique_ptr<queue::PlatformClient> inner, std::shared_ptr<QList<Call>> log,
                    std::shared_ptr<QMutex> mutex)
        : inner_(std::move(inner)), log_(std::move(log)), mutex_(std::move(mutex))
    {}

    queue::ApiResult getSubmissionKey() override { return note("key", inner_->getSubmissionKey()); }
    queue::ApiResult headBlob(const QString &s) override { return note("head", inner_->headBlob(s)); }
    queue::ApiResult putBlob(const QString &s, const QByteArray &b, const queue::ProgressFn &p) override
    {
        return note("put", inner_->putBlob(s, b, p));
    }
    queue::ApiResult postSubmission(const QString &i, const QByteArray &e, const queue::ProgressFn &p) override
    {
        return note("post", inner_->postSubmission(i, e, p));
    }
    queue::ApiResult getCatalogue(std::optional<qint64> v, const QByteArray &e) override
    {
        return inner_->getCatalogue(v, e);
    }
    queue::ApiResult getCase(const QString &c, const QString &q) override { return inner_->getCase(c, q); }
    queue::ApiResult getCaseByLocalNo(const QString &l, const QString &q) override
    {
        return inner_->getCaseByLocalNo(l, q);
    }
    queue::ApiResult queryCases(const QString &t) override { return inner_->queryCases(t); }
    queue::ApiResult checkQrIdentity(const QString &c) override { return inner_->checkQrIdentity(c); }
    queue::ApiResult listDocuments(const QString &t) override { return inner_->listDocuments(t); }
    queue::ApiResult fetchDocument(const QString &i, const QString &t) override { return inner_->fetchDocument(i, t); }
    queue::ApiResult postEvaluation(const QString &i, const QJsonObject &e) override
    {
        return inner_->postEvaluation(i, e);
    }
    queue::ApiResult postHeartbeat(const QJsonObject &h) override { return inner_->postHeartbeat(h); }
    queue::ApiResult postAuditAnchor(qint64 s, const QString &h) override { return inner_->postAuditAnchor(s, h); }
    void cancel() override { inner_->cancel(); }

private:
    queue::ApiResult note(const char *op, queue::ApiResult r)
    {
        QMutexLocker l(mutex_.get());
        log_->append({QString::fromLatin1(op), queue::SyncClock::system().monoMs(), r.httpStatus, r.networkError,
                      r.requestBytesSent, r.resends});
        return r;
    }
    std::unique_ptr<queue::PlatformClient> inner_;
    std::shared_ptr<QList<Call>> log_;
    std::shared_ptr<QMutex> mutex_;
};

} // namespace kiosk::faults
