// Interactive platform calls on their own thread.
#include "app/platform/platform_service.h"

#include <QJsonArray>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QTimer>
#include <QUrl>
#include <QUrlQuery>

#include <mutex>
#include <utility>

#include "common/worker_thread.h"
#include "offline_queue/curl_platform_client.h"
#include "offline_queue/platform_client.h"

Q_LOGGING_CATEGORY(lcPlatform, "kiosk.app.platform")

namespace kiosk::app {

QString toString(CallProblem problem)
{
    switch (problem) {
    case CallProblem::None: return QStringLiteral("none");
    case CallProblem::Offline: return QStringLiteral("offline");
    case CallProblem::NotFound: return QStringLiteral("not_found");
    case CallProblem::Rejected: return QStringLiteral("rejected");
    case CallProblem::Unauthorised: return QStringLiteral("unauthorised");
    case CallProblem::ServerError: return QStringLiteral("server_error");
    case CallProblem::NotConfigured: return QStringLiteral("not_configured");
    }
    return QStringLiteral("none");
}

namespace {

CallProblem problemOf(const queue::ApiResult &r)
{
    if (r.networkError == queue::NetworkError::Config)
        return CallProblem::NotConfigured;
    if (r.networkError == queue::NetworkError::BadJson || r.networkError == queue::NetworkError::TooLarge)
        return CallProblem::ServerError;
    if (r.networkError != queue::NetworkError::None)
        return CallProblem::Offline;
    if (r.isSuccess())
        return CallProblem::None;
    switch (r.httpStatus) {
    case 401:
    case 403: return CallProblem::Unauthorised;
    case 404: return CallProblem::NotFound;
    case 400:
    case 409:
    case 410:
    case 422: return CallProblem::Rejected;
    default: return CallProblem::ServerError;
    }
}

template <typename T> CallResult<T> failed(const queue::ApiResult &r)
{
    CallResult<T> out;
    out.problem = problemOf(r);
    out.detail = r.describe();
    return out;
}

QDateTime parseTime(const QJsonValue &v)
{
    return QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
}

} // namespace

namespace {

// Lives on the platform thread and owns the client there. Answers go back through its signal, which Qt disconnects
// when the service is destroyed: a call still running after a stop that timed out never reaches a deleted service.
class PlatformWorker : public QObject
{
    Q_OBJECT
public:
    explicit PlatformWorker(std::unique_ptr<queue::PlatformClient> client) : client_(std::move(client)) {}
    queue::PlatformClient *client() const { return client_.get(); }

signals:
    void answered(const std::function<void()> &onGuiThread);

private:
    std::unique_ptr<queue::PlatformClient> client_;
};

} // namespace

// The download under way (its client, for cancel from the GUI thread) and a generation that cancel bumps, so that
// downloads queued before a cancel end at once instead of starting.
struct PlatformService::Downloads {
    std::mutex mutex;
    queue::PlatformClient *current = nullptr;
    quint64 generation = 0;
};

PlatformService::PlatformService(queue::PlatformClientConfig config, QObject *parent)
    : QObject(parent)
    , config_(std::make_unique<queue::PlatformClientConfig>(std::move(config)))
    , downloads_(std::make_shared<Downloads>())
{}

PlatformService::PlatformService(QObject *parent) : PlatformService(queue::PlatformClientConfig{}, parent) {}

bool PlatformService::isConfigured() const
{
    return !config_->baseUrl.isEmpty();
}

PlatformService::~PlatformService()
{
    stop();
}

void PlatformService::start(int probeIntervalMs)
{
    if (thread_ || !isConfigured())
        return;
    auto *worker = new PlatformWorker(std::make_unique<queue::CurlPlatformClient>(*config_));
    client_ = worker->client();
    connect(worker, &PlatformWorker::answered, this, [](const std::function<void()> &f) { f(); });
    worker_ = worker;
    thread_ = std::make_unique<common::WorkerThread>(worker, QStringLiteral("platform"));
    auto *downloader = new PlatformWorker(nullptr);
    connect(downloader, &PlatformWorker::answered, this, [](const std::function<void()> &f) { f(); });
    downloadWorker_ = downloader;
    downloadThread_ = std::make_unique<common::WorkerThread>(downloader, QStringLiteral("platform-downloads"));
    probe_ = new QTimer(this);
    probe_->setInterval(probeIntervalMs);
    connect(probe_, &QTimer::timeout, this, &PlatformService::fetchSubmissionKey);
    probe_->start();
    fetchSubmissionKey();
}

void PlatformService::stop()
{
    if (probe_)
        probe_->stop();
    if (!thread_)
        return;
    client_->cancel();
    cancelDownloads();
    // Bounded: a call that does not end within the bound is left to finish on its own (its answer is dropped).
    if (!thread_->stop())
        qCWarning(lcPlatform) << "platform thread did not stop in time; left to finish";
    if (!downloadThread_->stop())
        qCWarning(lcPlatform) << "download thread did not stop in time; left to finish";
    thread_.reset();
    downloadThread_.reset();
    downloadWorker_ = nullptr;
    worker_ = nullptr;
    client_ = nullptr;
}

void PlatformService::noteReachability(const queue::ApiResult &r)
{
    // Any HTTP answer means the platform is there; 5xx still counts as reachable but unwell.
    const bool online = r.networkError == queue::NetworkError::None && r.httpStatus > 0;
    if (online == online_)
        return;
    online_ = online;
    qCInfo(lcPlatform) << "platform" << (online ? "reachable" : "unreachable:") << (online ? QString() : r.describe());
    emit onlineChanged(online);
}

void PlatformService::run(Call call, QObject *context, std::function<void(const queue::ApiResult &)> deliver)
{
    if (!thread_) {
        queue::ApiResult r;
        r.networkError = queue::NetworkError::Config;
        r.errorText = QStringLiteral("platform not configured");
        QPointer<QObject> ctx(context);
        QTimer::singleShot(0, this, [ctx, deliver, r] {
            if (ctx)
                deliver(r);
        });
        return;
    }
    QPointer<QObject> ctx(context);
    auto *worker = static_cast<PlatformWorker *>(worker_);
    thread_->post([this, worker, call = std::move(call), ctx, deliver = std::move(deliver)] {
        const queue::ApiResult r = call(*worker->client());
        // Runs on the GUI thread, only while this service exists (the connection made in start()).
        emit worker->answered([this, r, ctx, deliver] {
            if (r.networkError != queue::NetworkError::Aborted) // a cancel says nothing about the platform
                noteReachability(r);
            if (ctx)
                deliver(r);
        });
    });
}

void PlatformService::fetchSubmissionKey()
{
    run([](queue::PlatformClient &c) { return c.getSubmissionKey(); }, this,
        [this](const queue::ApiResult &r) {
            if (!r.isSuccess()) {
                qCDebug(lcPlatform).noquote() << "submission key:" << r.describe();
                return;
            }
            const QString keyId = r.json.value(QStringLiteral("key_id")).toString();
            const QByteArray pem = r.json.value(QStringLiteral("public_key_pem")).toString().toLatin1();
            if (keyId.isEmpty() || keyId.size() > 64 || pem.isEmpty()) {
                qCWarning(lcPlatform) << "submission key answer without key_id or public_key_pem";
                return;
            }
            emit submissionKeyReceived(keyId, pem);
        });
}

void PlatformService::checkConnection(QObject *context, std::function<void(ConnectionCheck)> done)
{
    auto arrived = std::make_shared<QDateTime>();
    const int pins = int(config_->pins.size());
    const bool configured = isConfigured();
    run(
        [arrived](queue::PlatformClient &c) {
            queue::ApiResult r = c.getSubmissionKey();
            *arrived = QDateTime::currentDateTimeUtc();
            return r;
        },
        context,
        [arrived, pins, configured, done](const queue::ApiResult &r) {
            ConnectionCheck check;
            check.configured = configured;
            check.httpStatus = r.httpStatus;
            check.networkError = queue::toString(r.networkError);
            check.errorText = r.networkError == queue::NetworkError::None ? QString() : r.describe();
            check.pins = pins;
            check.serverDate = r.serverDate;
            check.localDate = arrived->isValid() ? *arrived : QDateTime::currentDateTimeUtc();
            if (done)
                done(check);
        });
}

void PlatformService::fetchCatalogue(std::optional<qint64> since, const QByteArray &etag, QObject *context,
                                     std::function<void(CallResult<CatalogueAnswer>)> done)
{
    run([since, etag](queue::PlatformClient &c) { return c.getCatalogue(since, etag); }, context,
        [done](const queue::ApiResult &r) {
            CallResult<CatalogueAnswer> out;
            if (r.notModified()) {
                out.value.notModified = true;
                out.value.etag = r.etag;
                return done(out);
            }
            if (!r.isSuccess())
                return done(failed<CatalogueAnswer>(r));
            out.value.json = r.json;
            out.value.etag = r.etag;
            done(out);
        });
}

void PlatformService::verifyQr(const QString &code, QObject *context, std::function<void(CallResult<QrIdentity>)> done)
{
    run([code](queue::PlatformClient &c) { return c.checkQrIdentity(code); }, context,
        [done](const queue::ApiResult &r) {
            if (!r.isSuccess())
                return done(failed<QrIdentity>(r));
            CallResult<QrIdentity> out;
            out.value.verified = r.json.value(QStringLiteral("verified")).toBool();
            out.value.identityToken = r.json.value(QStringLiteral("identity_token")).toString().left(512);
            out.value.nameMasked = r.json.value(QStringLiteral("name_masked")).toString().left(32);
            out.value.idMasked = r.json.value(QStringLiteral("id_masked")).toString().left(32);
            out.value.expiresAt = parseTime(r.json.value(QStringLiteral("expires_at")));
            if (!out.value.verified || out.value.identityToken.isEmpty()) {
                out.problem = CallProblem::Rejected;
                out.detail = QStringLiteral("code not verified");
            }
            done(out);
        });
}

void PlatformService::lookupCase(const CaseReference &ref, QObject *context,
                                 std::function<void(CallResult<CaseInfo>)> done)
{
    run(
        [ref](queue::PlatformClient &c) {
            return ref.isLocalNo() ? c.getCaseByLocalNo(ref.number, ref.queryCode)
                                   : c.getCase(ref.number, ref.queryCode);
        },
        context,
        [done](const queue::ApiResult &r) {
            if (!r.isSuccess())
                return done(failed<CaseInfo>(r));
            CallResult<CaseInfo> out;
            out.value = CaseInfo::fromJson(r.json);
            done(out);
        });
}

void PlatformService::queryCases(const QString &token, QObject *context,
                                 std::function<void(CallResult<QList<CaseInfo>>)> done)
{
    run([token](queue::PlatformClient &c) { return c.queryCases(token); }, context,
        [done](const queue::ApiResult &r) {
            if (!r.isSuccess())
                return done(failed<QList<CaseInfo>>(r));
            CallResult<QList<CaseInfo>> out;
            out.value = CaseInfo::listFromJson(r.json);
            done(out);
        });
}

void PlatformService::listDocuments(const QString &token, QObject *context,
                                    std::function<void(CallResult<QList<DocumentInfo>>)> done)
{
    run([token](queue::PlatformClient &c) { return c.listDocuments(token); }, context,
        [done](const queue::ApiResult &r) {
            if (!r.isSuccess())
                return done(failed<QList<DocumentInfo>>(r));
            CallResult<QList<DocumentInfo>> out;
            for (const QJsonValue v : r.json.value(QStringLiteral("documents")).toArray()) {
                const QJsonObject o = v.toObject();
                DocumentInfo d;
                d.id = o.value(QStringLiteral("id")).toString().left(128);
                d.title = o.value(QStringLiteral("title")).toString().left(200);
                d.issuer = o.value(QStringLiteral("issuer")).toString().left(200);
                d.issuedAt = parseTime(o.value(QStringLiteral("issued_at")));
                d.pages = o.value(QStringLiteral("pages")).toInt();
                if (!d.id.isEmpty())
                    out.value.append(d);
                if (out.value.size() >= 100)
                    break;
            }
            done(out);
        });
}

void PlatformService::cancelDownloads()
{
    std::lock_guard<std::mutex> lock(downloads_->mutex);
    ++downloads_->generation;
    if (downloads_->current)
        downloads_->current->cancel();
}

void PlatformService::fetchDocument(const QString &id, const QString &token, QObject *context,
                                    std::function<void(CallResult<QByteArray>)> done)
{
    auto deliver = [done](const queue::ApiResult &r) {
        if (!r.isSuccess())
            return done(failed<QByteArray>(r));
        CallResult<QByteArray> out;
        out.value = r.bytes;
        if (!out.value.startsWith("%PDF-")) {
            out.problem = CallProblem::ServerError;
            out.detail = QStringLiteral("the document is not a PDF");
            out.value.clear();
        }
        done(out);
    };
    if (!downloadThread_) {
        run({}, context, deliver); // not started: answered NotConfigured like every call
        return;
    }
    QPointer<QObject> ctx(context);
    auto *worker = static_cast<PlatformWorker *>(downloadWorker_);
    const quint64 generation = [this] {
        std::lock_guard<std::mutex> lock(downloads_->mutex);
        return downloads_->generation;
    }();
    downloadThread_->post([this, worker, config = *config_, downloads = downloads_, generation, id, token, ctx,
                           deliver = std::move(deliver)] {
        queue::ApiResult r;
        {
            // Its own connection: a cancel aborts this download only, and the interactive one stays warm.
            queue::CurlPlatformClient client(config);
            bool cancelled = false;
            {
                std::lock_guard<std::mutex> lock(downloads->mutex);
                cancelled = downloads->generation != generation;
                if (!cancelled)
                    downloads->current = &client;
            }
            if (cancelled) {
                r.networkError = queue::NetworkError::Aborted;
                r.errorText = QStringLiteral("download cancelled before it started");
            } else {
                r = client.fetchDocument(id, token);
                std::lock_guard<std::mutex> lock(downloads->mutex);
                downloads->current = nullptr;
            }
        }
        emit worker->answered([this, r, ctx, deliver] {
            if (r.networkError != queue::NetworkError::Aborted) // a cancel says nothing about the platform
                noteReachability(r);
            if (ctx)
                deliver(r);
        });
    });
}

bool CaseReference::isLocalNo() const
{
    static const QRegularExpression localNo(QStringLiteral("-\\d{8}-\\d{6,}$"));
    return localNo.match(number).hasMatch();
}

bool isQueryCode(const QString &text)
{
    static const QRegularExpression code(QStringLiteral("^[0-9]{8}$"));
    return code.match(text).hasMatch();
}

CaseReference caseReferenceFromScan(const QString &scanned)
{
    QString text = scanned.trimmed();
    QString code;
    if (text.size() > 512)
        return {};
    const QUrl url(text, QUrl::StrictMode);
    if (url.isValid() && (url.scheme() == QLatin1String("https") || url.scheme() == QLatin1String("http"))) {
        const QUrlQuery q(url);
        for (const char *key : {"no", "local_no", "case_no"}) {
            const QString v = q.queryItemValue(QLatin1String(key), QUrl::FullyDecoded);
            if (!v.isEmpty()) {
                text = v;
                break;
            }
        }
        for (const char *key : {"code", "query_code"}) {
            const QString v = q.queryItemValue(QLatin1String(key), QUrl::FullyDecoded);
            if (!v.isEmpty()) {
                code = v;
                break;
            }
        }
    } else if (const qsizetype slash = text.indexOf(QLatin1Char('/')); slash > 0) {
        code = text.mid(slash + 1).trimmed();
        text = text.left(slash).trimmed();
    }
    static const QRegularExpression ref(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9-]{3,79}$"));
    if (!ref.match(text).hasMatch())
        return {};
    return {text, isQueryCode(code) ? code : QString()};
}

} // namespace kiosk::app

#include "platform_service.moc"
