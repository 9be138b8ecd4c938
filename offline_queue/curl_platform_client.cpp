// libcurl transport of the platform API: per call a reset easy handle (connections survive the reset), the security
// options, the headers of platform-api.md, capped answers, and libcurl's result mapped to a typed NetworkError.
#include "offline_queue/curl_platform_client.h"

#include "offline_queue/backoff.h"
#include "offline_queue/envelope.h"
#include "offline_queue/storage/key_store.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QUrl>
#include <QUuid>

#include <curl/curl.h>

#include <cstring>
#include <mutex>

namespace kiosk::queue {

Q_LOGGING_CATEGORY(lcPlatformClient, "kiosk.queue.platform_client")

namespace {

// curl_global_init is not thread-safe with every TLS backend: once per process, before the first handle.
void globalInit()
{
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

CURL *handle(void *p)
{
    return static_cast<CURL *>(p);
}

// State of one exchange, shared with libcurl's callbacks.
struct Transfer {
    QByteArray body;
    qint64 cap = 0;
    bool tooLarge = false;
    QByteArray retryAfter;
    QByteArray etag;
    QByteArray contentType;
    QByteArray date;
    const ProgressFn *progress = nullptr;
    qint64 uploadTotal = 0;
    qint64 lastReported = -1;
    const std::atomic<bool> *cancelled = nullptr;
    char *requestIdValue = nullptr; // inside our X-Request-Id header line, rewritten for every resend
    int sends = 0;
    QString requestId;
};

size_t onWrite(char *data, size_t size, size_t count, void *user)
{
    auto *t = static_cast<Transfer *>(user);
    const size_t n = size * count;
    if (t->body.size() + qint64(n) > t->cap) {
        t->tooLarge = true;
        return 0; // makes libcurl abort the transfer with CURLE_WRITE_ERROR
    }
    t->body.append(data, qsizetype(n));
    return n;
}

size_t onHeader(char *data, size_t size, size_t count, void *user)
{
    auto *t = static_cast<Transfer *>(user);
    const size_t n = size * count;
    const QByteArray line = QByteArray(data, qsizetype(n)).trimmed();
    if (line.startsWith("HTTP/")) {
        // A new status line (after "100 Continue"): only the final answer's fields count.
        t->retryAfter.clear();
        t->etag.clear();
        t->contentType.clear();
        t->date.clear();
        return n;
    }
    const qsizetype colon = line.indexOf(':');
    if (colon <= 0)
        return n;
    const QByteArray name = line.left(colon).trimmed().toLower();
    const QByteArray value = line.mid(colon + 1).trimmed().left(512);
    if (name == "retry-after")
        t->retryAfter = value;
    else if (name == "etag")
        t->etag = value;
    else if (name == "content-type")
        t->contentType = value;
    else if (name == "date")
        t->date = value;
    return n;
}

int onProgress(void *user, curl_off_t, curl_off_t, curl_off_t, curl_off_t ulnow)
{
    auto *t = static_cast<Transfer *>(user);
    if (t->cancelled && t->cancelled->load())
        return 1; // CURLE_ABORTED_BY_CALLBACK
    if (t->progress && *t->progress && qint64(ulnow) != t->lastReported) {
        t->lastReported = qint64(ulnow);
        (*t->progress)(qint64(ulnow), t->uploadTotal);
    }
    return 0;
}

// Called before each time the request goes out. libcurl resends a request by itself when a reused connection turns
// out dead before any answer; platform-api.md wants a new X-Request-Id for every attempt, so a resend gets a fresh
// one, written over the old (same length) in the header list libcurl reads when it builds the request.
int onPrerequest(void *user, char *, char *, int, int)
{
    auto *t = static_cast<Transfer *>(user);
    if (++t->sends > 1 && t->requestIdValue) {
        const QByteArray fresh = QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
        memcpy(t->requestIdValue, fresh.constData(), size_t(fresh.size()));
        t->requestId = QString::fromLatin1(fresh);
    }
    return CURL_PREREQFUNC_OK;
}

NetworkError classify(CURLcode rc, const Transfer &t, const QByteArray &errbuf)
{
    switch (rc) {
    case CURLE_OK: return NetworkError::None;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY: return NetworkError::Dns;
    case CURLE_COULDNT_CONNECT: return NetworkError::Connect;
    case CURLE_OPERATION_TIMEDOUT: return NetworkError::Timeout;
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH: return NetworkError::Pin;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_USE_SSL_FAILED: return NetworkError::Tls;
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_BAD_FUNCTION_ARGUMENT:
    case CURLE_UNKNOWN_OPTION:
    case CURLE_NOT_BUILT_IN: return NetworkError::Config;
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
        // With TLS 1.3 the server checks our certificate after the client considers the handshake done: its
        // refusal arrives as an alert on the first read. That is a TLS refusal, not a broken connection.
        return errbuf.contains("alert") ? NetworkError::Tls : NetworkError::Reset;
    case CURLE_WRITE_ERROR:
    case CURLE_FILESIZE_EXCEEDED:
        return t.tooLarge || rc == CURLE_FILESIZE_EXCEEDED ? NetworkError::TooLarge : NetworkError::Other;
    case CURLE_ABORTED_BY_CALLBACK: return NetworkError::Aborted;
    default: return NetworkError::Other;
    }
}

QString encodeSegment(const QString &segment)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(segment));
}

} // namespace

bool isValidPin(const QString &pin)
{
    if (!pin.startsWith(QLatin1String("sha256//")))
        return false;
    QByteArray raw;
    return fromBase64Strict(pin.mid(8), &raw) && raw.size() == 32;
}

CurlPlatformClient::CurlPlatformClient(PlatformClientConfig config) : config_(std::move(config))
{
    globalInit();
    curl_ = curl_easy_init();
    if (!config_.wallClock)
        config_.wallClock = [] { return QDateTime::currentDateTimeUtc(); };
    QStringList pins;
    for (const QString &p : std::as_const(config_.pins)) {
        if (!p.trimmed().isEmpty())
            pins << p.trimmed();
    }
    config_.pins = pins;
    pinList_ = pins.join(QLatin1Char(';')).toLatin1();
    configProblem_ = checkConfig();
    if (!configProblem_.isEmpty())
        qCWarning(lcPlatformClient).noquote() << "platform client not usable:" << configProblem_;
}

QString CurlPlatformClient::pinProblemOf(const PlatformClientConfig &config)
{
    if (!config.pinProblem.isEmpty())
        return config.pinProblem;
    int usable = 0;
    for (const QString &p : config.pins) {
        if (p.trimmed().isEmpty())
            continue;
        if (!isValidPin(p.trimmed()))
            return QStringLiteral("a pin is not sha256//<base64 of 32 bytes>: '%1'; refusing to connect").arg(p);
        ++usable;
    }
    if (usable == 0)
        return QStringLiteral("no server key pin configured; refusing to connect to the platform");
    return {};
}

CurlPlatformClient::~CurlPlatformClient()
{
    if (curl_)
        curl_easy_cleanup(handle(curl_));
    keys::wipe(clientKey_);
}

QString CurlPlatformClient::loadClientKey()
{
    const QString &path = config_.clientKeyFile;
    if (!clientKey_.isEmpty() || path.isEmpty())
        return {};
    // Neither a key nor a sealed key: no client key is presented and the platform refuses the handshake, which is
    // what a technician must see (as with a missing certificate).
    if (!QFileInfo::exists(path) && !QFileInfo::exists(keys::sealedPathOf(path)))
        return {};
    keys::KeyMaterial k = keys::loadKey(path);
    if (!k.ok())
        return QStringLiteral("the kiosk's TLS key: %1").arg(k.error);
    clientKey_ = k.bytes;
    keys::wipe(k.bytes);
    return {};
}

QString CurlPlatformClient::checkConfig() const
{
    if (!curl_)
        return QStringLiteral("libcurl could not make a handle");
    const QUrl url(config_.baseUrl);
    if (!url.isValid() || url.scheme() != QLatin1String("https") || url.host().isEmpty())
        return QStringLiteral("the platform URL must be https://host[:port]: '%1'").arg(config_.baseUrl);
    if (config_.kioskId.isEmpty())
        return QStringLiteral("no kiosk id");
    // Fails closed: a CA alone is not enough (a compromised or coerced CA could issue the platform's name).
    if (const QString pins = pinProblemOf(config_); !pins.isEmpty())
        return pins;
    if (config_.caFile.isEmpty() || !QFileInfo(config_.caFile).isReadable())
        return QStringLiteral("the platform CA file is not readable: '%1'").arg(config_.caFile);
    // A missing client certificate is not refused here: the platform refuses it in the handshake, which is what a
    // technician must see (and what the TLS tests check). An unreadable one given by name is a configuration error.
    if (!config_.clientCertFile.isEmpty() && !QFileInfo(config_.clientCertFile).isReadable())
        return QStringLiteral("not readable: '%1'").arg(config_.clientCertFile);
    // The key may be sealed to the TPM (keys::sealedPathOf): it is unsealed on the first request, on the client's
    // own thread, and a TPM that refuses it is reported then.
    const QString &key = config_.clientKeyFile;
    if (!key.isEmpty() && !QFileInfo(key).isReadable() && !QFileInfo(keys::sealedPathOf(key)).isReadable())
        return QStringLiteral("not readable: '%1'").arg(key);
    return {};
}

void CurlPlatformClient::cancel()
{
    cancelled_.store(true);
}

ApiResult CurlPlatformClient::perform(const Request &req)
{
    ApiResult r;
    r.requestId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    if (cancelled_.load()) {
        r.networkError = NetworkError::Aborted;
        r.errorText = QStringLiteral("the client was cancelled");
        return r;
    }
    if (!configProblem_.isEmpty()) {
        r.networkError = NetworkError::Config;
        r.errorText = configProblem_;
        return r;
    }
    if (const QString keyProblem = loadClientKey(); !keyProblem.isEmpty()) {
        r.networkError = NetworkError::Config;
        r.errorText = keyProblem;
        return r;
    }
    CURL *c = handle(curl_);
    curl_easy_reset(c);

    QString base = config_.baseUrl;
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    QByteArray url = (base + req.path).toUtf8();
    for (qsizetype i = 0; i < req.query.size(); ++i)
        url += (i == 0 ? '?' : '&') + req.query[i].first + '=' + QUrl::toPercentEncoding(req.query[i].second);

    Transfer t;
    t.cap = req.maxAnswerBytes > 0 ? req.maxAnswerBytes : config_.maxJsonBytes;
    t.progress = req.progress;
    t.uploadTotal = req.body.size();
    t.cancelled = &cancelled_;

    const QByteArray cert = QFile::encodeName(config_.clientCertFile);
    const QByteArray ca = QFile::encodeName(config_.caFile);
    const QByteArray proxy = config_.proxy.toUtf8();
    const QByteArray agent = config_.userAgent.toUtf8();
    char errbuf[CURL_ERROR_SIZE] = {0};

    struct curl_slist *headers = nullptr;
    auto addHeader = [&headers](const QByteArray &line) { headers = curl_slist_append(headers, line.constData()); };
    addHeader("X-Kiosk-Id: " + config_.kioskId.toUtf8());
    addHeader("X-Request-Id: " + r.requestId.toLatin1());
    t.requestId = r.requestId;
    for (struct curl_slist *h = headers; h; h = h->next) {
        if (qstrncmp(h->data, "X-Request-Id: ", 14) == 0 && qstrlen(h->data) == 14 + 36)
            t.requestIdValue = h->data + 14;
    }
    addHeader("Accept: " + req.accept);
    if (!req.idempotencyKey.isEmpty())
        addHeader("Idempotency-Key: " + req.idempotencyKey);
    if (!req.contentType.isEmpty())
        addHeader("Content-Type: " + req.contentType);
    // Small bodies go at once: waiting for "100 Continue" costs a round trip per submission. Blobs (up to 32 MiB)
    // keep libcurl's default so the platform can refuse them before the upload.
    if (!req.longTransfer)
        addHeader("Expect:");
    for (const auto &h : req.extraHeaders)
        addHeader(h.first + ": " + h.second);

    CURLcode setupError = CURLE_OK;
    auto set = [&setupError](CURLcode rc) {
        if (setupError == CURLE_OK && rc != CURLE_OK)
            setupError = rc;
    };
    set(curl_easy_setopt(c, CURLOPT_URL, url.constData()));
    set(curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "https"));
    set(curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L));
    set(curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf));
    set(curl_easy_setopt(c, CURLOPT_PROXY, proxy.constData()));
    set(curl_easy_setopt(c, CURLOPT_USERAGENT, agent.constData()));
    set(curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L));
    set(curl_easy_setopt(c, CURLOPT_TCP_KEEPALIVE, 1L));
    // TLS: >= 1.2, the platform's CA only, host name checked, key pinned, our certificate presented.
    set(curl_easy_setopt(c, CURLOPT_SSLVERSION, long(CURL_SSLVERSION_TLSv1_2)));
    set(curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L));
    set(curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L));
    set(curl_easy_setopt(c, CURLOPT_CAINFO, ca.constData()));
    set(curl_easy_setopt(c, CURLOPT_CAPATH, nullptr));
    set(curl_easy_setopt(c, CURLOPT_PINNEDPUBLICKEY, pinList_.constData())); // never empty here: checkConfig
    if (!cert.isEmpty()) {
        set(curl_easy_setopt(c, CURLOPT_SSLCERT, cert.constData()));
        set(curl_easy_setopt(c, CURLOPT_SSLCERTTYPE, "PEM"));
    }
    // The key from memory (CURLOPT_SSLKEY_BLOB, not copied by libcurl): a sealed key is never in a file in clear.
    struct curl_blob keyBlob {
        clientKey_.data(), size_t(clientKey_.size()), CURL_BLOB_NOCOPY
    };
    if (!clientKey_.isEmpty()) {
        set(curl_easy_setopt(c, CURLOPT_SSLKEY_BLOB, &keyBlob));
        set(curl_easy_setopt(c, CURLOPT_SSLKEYTYPE, "PEM"));
    }
    // Time and size bounds.
    set(curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, long(config_.connectTimeoutMs)));
    set(curl_easy_setopt(c, CURLOPT_TIMEOUT_MS,
                         long(req.longTransfer ? config_.transferTimeoutMs : config_.requestTimeoutMs)));
    set(curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, long(config_.lowSpeedBytesPerS)));
    set(curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, long(config_.lowSpeedTimeS)));
    set(curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(t.cap)));
    // Callbacks.
    set(curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, onWrite));
    set(curl_easy_setopt(c, CURLOPT_WRITEDATA, &t));
    set(curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, onHeader));
    set(curl_easy_setopt(c, CURLOPT_HEADERDATA, &t));
    set(curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, onProgress));
    set(curl_easy_setopt(c, CURLOPT_XFERINFODATA, &t));
    set(curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L));
    set(curl_easy_setopt(c, CURLOPT_PREREQFUNCTION, onPrerequest));
    set(curl_easy_setopt(c, CURLOPT_PREREQDATA, &t));
    set(curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers));
    // Method and body. POSTFIELDS does not copy: `req.body` outlives the perform below.
    if (req.method == "HEAD") {
        set(curl_easy_setopt(c, CURLOPT_NOBODY, 1L));
    } else if (req.method == "GET") {
        set(curl_easy_setopt(c, CURLOPT_HTTPGET, 1L));
    } else {
        set(curl_easy_setopt(c, CURLOPT_POST, 1L));
        set(curl_easy_setopt(c, CURLOPT_POSTFIELDS, req.body.constData()));
        set(curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(req.body.size())));
        if (req.method != "POST")
            set(curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, req.method.constData()));
    }

    QElapsedTimer clock;
    clock.start();
    CURLcode rc = setupError;
    if (rc == CURLE_OK)
        rc = curl_easy_perform(c);
    curl_slist_free_all(headers);

    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    long headerBytes = 0;
    curl_easy_getinfo(c, CURLINFO_REQUEST_SIZE, &headerBytes);
    curl_off_t bodyBytes = 0;
    curl_easy_getinfo(c, CURLINFO_SIZE_UPLOAD_T, &bodyBytes);
    long connects = 0;
    curl_easy_getinfo(c, CURLINFO_NUM_CONNECTS, &connects);

    r.httpStatus = int(status);
    r.requestId = t.requestId;
    r.resends = qMax(0, t.sends - 1);
    if (r.resends > 0)
        qCInfo(lcPlatformClient).noquote()
            << req.method << req.path << "was resent on a fresh connection" << r.resends << "time(s)";
    r.requestBytesSent = qint64(headerBytes) + qint64(bodyBytes);
    r.newConnections = int(connects);
    r.bytes = std::move(t.body);
    r.etag = t.etag;
    r.contentType = t.contentType;
    if (!t.date.isEmpty())
        r.serverDate = parseHttpDate(t.date);
    if (!t.retryAfter.isEmpty())
        r.retryAfterMs = parseRetryAfterMs(t.retryAfter, config_.wallClock());

    const QByteArray err = QByteArray(errbuf).trimmed();
    r.networkError = classify(rc, t, err);
    if (r.networkError != NetworkError::None) {
        r.errorText = r.networkError == NetworkError::TooLarge
                          ? QStringLiteral("answer larger than %1 bytes; transfer aborted").arg(t.cap)
                          : QString::fromUtf8(err.isEmpty() ? QByteArray(curl_easy_strerror(rc)) : err);
        // A cut answer is no answer: the status of a half-received exchange must not be acted on.
        if (r.networkError != NetworkError::TooLarge)
            r.httpStatus = 0;
        r.bytes.clear();
    } else {
        interpretAnswer(r, req.expect, config_.maxJsonDepth);
    }
    qCDebug(lcPlatformClient).noquote() << req.method << req.path << "->" << r.httpStatus << toString(r.networkError)
                                        << clock.elapsed() << "ms request" << r.requestId;
    return r;
}

ApiResult CurlPlatformClient::getSubmissionKey()
{
    Request q;
    q.path = QStringLiteral("/v1/keys/submission");
    q.expect = {true, {QStringLiteral("key_id"), QStringLiteral("public_key_pem")}, 0};
    return perform(q);
}

ApiResult CurlPlatformClient::headBlob(const QString &sha256)
{
    Request q;
    q.method = "HEAD";
    q.path = QStringLiteral("/v1/blobs/") + encodeSegment(sha256);
    return perform(q);
}

ApiResult CurlPlatformClient::putBlob(const QString &sha256, const QByteArray &sealed, const ProgressFn &progress)
{
    Request q;
    q.method = "PUT";
    q.path = QStringLiteral("/v1/blobs/") + encodeSegment(sha256);
    q.body = sealed;
    q.contentType = "application/octet-stream";
    q.longTransfer = true;
    q.progress = &progress;
    return perform(q);
}

ApiResult CurlPlatformClient::postSubmission(const QString &id, const QByteArray &envelope, const ProgressFn &progress)
{
    Request q;
    q.method = "POST";
    q.path = QStringLiteral("/v1/submissions");
    q.body = envelope;
    q.contentType = "application/json";
    q.idempotencyKey = id.toUtf8();
    q.progress = &progress;
    q.expect = {true, {QStringLiteral("case_no")}, 40};
    return perform(q);
}

ApiResult CurlPlatformClient::getCatalogue(std::optional<qint64> sinceVersion, const QByteArray &etag)
{
    Request q;
    q.path = QStringLiteral("/v1/catalogue");
    if (sinceVersion)
        q.query.emplaceBack(QByteArray("since"), QString::number(*sinceVersion));
    if (!etag.isEmpty())
        q.extraHeaders.emplaceBack(QByteArray("If-None-Match"), etag);
    q.expect = {true, {}, 0};
    return perform(q);
}

ApiResult CurlPlatformClient::getCase(const QString &caseNo, const QString &queryCode)
{
    Request q;
    q.path = QStringLiteral("/v1/cases/") + encodeSegment(caseNo);
    q.query.emplaceBack(QByteArray("query_code"), queryCode);
    q.expect = {true, {QStringLiteral("case_no")}, 40};
    return perform(q);
}

ApiResult CurlPlatformClient::getCaseByLocalNo(const QString &localNo, const QString &queryCode)
{
    Request q;
    q.path = QStringLiteral("/v1/cases");
    q.query.emplaceBack(QByteArray("local_no"), localNo);
    q.query.emplaceBack(QByteArray("query_code"), queryCode);
    q.expect = {true, {QStringLiteral("case_no")}, 40};
    return perform(q);
}

ApiResult CurlPlatformClient::queryCases(const QString &identityToken)
{
    Request q;
    q.method = "POST";
    q.path = QStringLiteral("/v1/cases/query");
    q.body =
        QJsonDocument(QJsonObject{{QStringLiteral("identity_token"), identityToken}}).toJson(QJsonDocument::Compact);
    q.contentType = "application/json";
    q.expect = {true, {}, 0};
    return perform(q);
}

ApiResult CurlPlatformClient::checkQrIdentity(const QString &code)
{
    Request q;
    q.method = "POST";
    q.path = QStringLiteral("/v1/identity/qr");
    q.body = QJsonDocument(QJsonObject{{QStringLiteral("code"), code}}).toJson(QJsonDocument::Compact);
    q.contentType = "application/json";
    q.expect = {true, {}, 0};
    return perform(q);
}

ApiResult CurlPlatformClient::listDocuments(const QString &identityToken)
{
    Request q;
    q.path = QStringLiteral("/v1/documents");
    q.query.emplaceBack(QByteArray("identity_token"), identityToken);
    q.expect = {true, {}, 0};
    return perform(q);
}

ApiResult CurlPlatformClient::fetchDocument(const QString &id, const QString &identityToken)
{
    Request q;
    q.path = QStringLiteral("/v1/documents/") + encodeSegment(id);
    q.query.emplaceBack(QByteArray("identity_token"), identityToken);
    q.maxAnswerBytes = config_.maxDocumentBytes;
    q.longTransfer = true;
    q.accept = "application/pdf, application/problem+json";
    return perform(q);
}

ApiResult CurlPlatformClient::postEvaluation(const QString &id, const QJsonObject &evaluation)
{
    Request q;
    q.method = "POST";
    q.path = QStringLiteral("/v1/evaluations");
    // QJsonObject keeps its members sorted: the same evaluation always gives the same bytes, as a replay must.
    q.body = QJsonDocument(evaluation).toJson(QJsonDocument::Compact);
    q.contentType = "application/json";
    q.idempotencyKey = id.toUtf8();
    q.expect = {true, {}, 0};
    return perform(q);
}

ApiResult CurlPlatformClient::postHeartbeat(const QJsonObject &heartbeat)
{
    Request q;
    q.method = "POST";
    q.path = QStringLiteral("/v1/heartbeat");
    q.body = QJsonDocument(heartbeat).toJson(QJsonDocument::Compact);
    q.contentType = "application/json";
    q.expect = {true, {}, 0};
    return perform(q);
}

ApiResult CurlPlatformClient::postAuditAnchor(qint64 seq, const QString &headHash)
{
    Request q;
    q.method = "POST";
    q.path = QStringLiteral("/v1/audit/anchor");
    q.body = QJsonDocument(QJsonObject{{QStringLiteral("kiosk_id"), config_.kioskId},
                                       {QStringLiteral("seq"), seq},
                                       {QStringLiteral("head_hash"), headHash}})
                 .toJson(QJsonDocument::Compact);
    q.contentType = "application/json";
    return perform(q);
}

// The payment body holds the payer's one-time code for the payer_code method: it is handed to libcurl and nothing here
// logs a body (perform() logs the method, path, status and request id only).
ApiResult CurlPlatformClient::postPayment(const QString &id, const QByteArray &body)
{
    Request q;
    q.method = "POST";
    q.path = QStringLiteral("/v1/payments");
    q.body = body;
    q.contentType = "application/json";
    q.idempotencyKey = id.toUtf8();
    q.expect = {true, {QStringLiteral("payment_id"), QStringLiteral("status")}, 200};
    return perform(q);
}

ApiResult CurlPlatformClient::getPayment(const QString &paymentId)
{
    Request q;
    q.path = QStringLiteral("/v1/payments/") + encodeSegment(paymentId);
    q.expect = {true, {QStringLiteral("payment_id"), QStringLiteral("status")}, 200};
    return perform(q);
}

ApiResult CurlPlatformClient::cancelPayment(const QString &paymentId)
{
    Request q;
    q.method = "POST";
    q.path = QStringLiteral("/v1/payments/") + encodeSegment(paymentId) + QStringLiteral("/cancel");
    q.body = "{}";
    q.contentType = "application/json";
    q.expect = {true, {QStringLiteral("payment_id"), QStringLiteral("status")}, 200};
    return perform(q);
}

ApiResult CurlPlatformClient::fetchPaymentInvoice(const QString &paymentId)
{
    Request q;
    q.path = QStringLiteral("/v1/payments/") + encodeSegment(paymentId) + QStringLiteral("/invoice");
    q.maxAnswerBytes = config_.maxDocumentBytes;
    q.longTransfer = true;
    q.accept = "application/pdf, application/problem+json";
    return perform(q);
}

} // namespace kiosk::queue
