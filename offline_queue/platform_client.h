// The provincial platform's HTTP API (platform-api.md) as an interface with one typed result for every call, so the
// sync engine is tested against a scripted fake and the transport (curl_platform_client) can change without it.
//
// Threads: an implementation serves one thread at a time (it reuses one connection); every call is synchronous and
// may block for the configured timeouts, so never call it on the GUI thread. cancel() alone is thread-safe.
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace kiosk::queue {

// Why there is no usable HTTP answer. Everything but None is a transient fault for a queued submission.
enum class NetworkError {
    None,
    Dns,      // the host name did not resolve
    Connect,  // no TCP connection (refused, unreachable)
    Tls,      // the handshake failed: certificate chain, host name, expiry, protocol, our client certificate refused
    Pin,      // the server's key matches neither pinned key: refused before any request byte was sent
    Timeout,  // connect, total or low-speed timeout
    Reset,    // the connection broke or closed before a complete answer
    TooLarge, // the answer exceeded its cap (1 MiB for JSON); the transfer was aborted
    BadJson,  // the answer was not the JSON expected (syntax, depth, not an object, members missing)
    Aborted,  // cancel() was called
    Config,   // our side: unusable URL, unreadable certificate or key file, libcurl refused an option
    Other,
};

// none | dns | connect | tls | pin | timeout | reset | too_large | bad_json | aborted | config | other
QString toString(NetworkError error);

// An application/problem+json answer (RFC 9457 members the platform uses).
struct Problem {
    QString type;
    QString title;
    int status = 0;
    QString detail;
    QStringList missing; // 412 only: names of blobs the platform lacks (only well-formed lowercase sha256 kept)

    bool isEmpty() const { return type.isEmpty() && title.isEmpty() && status == 0 && detail.isEmpty(); }
};

struct ApiResult {
    int httpStatus = 0; // 0: no HTTP answer, see networkError
    NetworkError networkError = NetworkError::None;
    QString errorText;                  // English, for logs and the status line; never holds personal data
    Problem problem;                    // parsed when the answer was problem+json (any status)
    std::optional<qint64> retryAfterMs; // Retry-After (seconds or HTTP date), on any status that carries it
    QJsonObject json;                   // the JSON object of a 2xx answer where one is expected
    QByteArray bytes;                   // the raw body (a PDF for fetchDocument)
    QByteArray etag;
    QByteArray contentType;
    QDateTime serverDate;        // the answer's Date header (1 s resolution); invalid without one. For the clock check.
    QString requestId;           // the X-Request-Id of this attempt
    qint64 requestBytesSent = 0; // HTTP bytes (head + body) handed to TLS: 0 when the handshake was refused
    int newConnections = 0;      // 0 when an existing connection was reused
    // Times the transport itself sent the request again on a fresh connection because a reused one died before
    // any answer (libcurl does this once); each resend carried a new X-Request-Id, requestId is the last.
    int resends = 0;

    bool isSuccess() const { return networkError == NetworkError::None && httpStatus >= 200 && httpStatus < 300; }
    bool notModified() const { return networkError == NetworkError::None && httpStatus == 304; }
    // One line for logs and the status: "HTTP 503 (unavailable): detail" or "network (connect): ...".
    QString describe() const;
};

// Upload progress of the request in flight: body bytes sent so far, of `total`.
using ProgressFn = std::function<void(qint64 sent, qint64 total)>;

class PlatformClient
{
public:
    virtual ~PlatformClient() = default;

    // GET /v1/keys/submission -> {"key_id","alg","public_key_pem"}
    virtual ApiResult getSubmissionKey() = 0;
    // HEAD /v1/blobs/{sha256} -> 200 present / 404 absent
    virtual ApiResult headBlob(const QString &sha256) = 0;
    // PUT /v1/blobs/{sha256} -> 201 / 200 / 422 hash mismatch
    virtual ApiResult putBlob(const QString &sha256, const QByteArray &sealed, const ProgressFn &progress) = 0;
    // POST /v1/submissions with Idempotency-Key = id; `envelope` is sent byte for byte. A 2xx answer must carry a
    // `case_no` (else BadJson: the platform's answer is not usable and the item is retried).
    virtual ApiResult postSubmission(const QString &id, const QByteArray &envelope, const ProgressFn &progress) = 0;
    // GET /v1/catalogue[?since=V] with If-None-Match; 304 -> notModified().
    virtual ApiResult getCatalogue(std::optional<qint64> sinceVersion, const QByteArray &etag) = 0;
    // GET /v1/cases/{case_no}?query_code= and GET /v1/cases?local_no=&query_code=: the case's 查询码 goes with every
    // lookup (a missing or wrong one is answered 404, as an unknown case).
    virtual ApiResult getCase(const QString &caseNo, const QString &queryCode) = 0;
    virtual ApiResult getCaseByLocalNo(const QString &localNo, const QString &queryCode) = 0;
    virtual ApiResult queryCases(const QString &identityToken) = 0;
    virtual ApiResult checkQrIdentity(const QString &code) = 0;
    virtual ApiResult listDocuments(const QString &identityToken) = 0;
    // The PDF bytes in ApiResult::bytes (a larger cap than JSON answers).
    virtual ApiResult fetchDocument(const QString &id, const QString &identityToken) = 0;
    // POST /v1/evaluations with Idempotency-Key = id (the evaluation's `id`).
    virtual ApiResult postEvaluation(const QString &id, const QJsonObject &evaluation) = 0;
    virtual ApiResult postHeartbeat(const QJsonObject &heartbeat) = 0;
    // POST /v1/audit/anchor {"kiosk_id","seq","head_hash"} (kiosk_id is this client's) -> 204
    virtual ApiResult postAuditAnchor(qint64 seq, const QString &headHash) = 0;

    // Payments (platform-api.md section "Payments"). Not pure: a client that does not take payments (a test fake of
    // the sync engine) answers NetworkError::Config, so the kiosk treats the order's state as unknown and keeps it.
    // POST /v1/payments with Idempotency-Key = id; `body` is sent byte for byte (a replay must be identical). A 2xx
    // answer must carry `payment_id` and `status`.
    virtual ApiResult postPayment(const QString &id, const QByteArray &body);
    // GET /v1/payments/{payment_id}
    virtual ApiResult getPayment(const QString &paymentId);
    // POST /v1/payments/{payment_id}/cancel with the body {}
    virtual ApiResult cancelPayment(const QString &paymentId);
    // GET /v1/payments/{payment_id}/invoice: the PDF bytes in ApiResult::bytes.
    virtual ApiResult fetchPaymentInvoice(const QString &paymentId);

    // Thread-safe: aborts the transfer in progress and every later one with NetworkError::Aborted (shutdown).
    virtual void cancel() = 0;
};

// --- answer checking, shared by every transport (pure, unit-tested) ----------------------------------------------

inline constexpr qint64 kMaxJsonAnswerBytes = 1024 * 1024;      // platform-api.md: bodies are at most 1 MiB
inline constexpr qint64 kMaxDocumentBytes = 32LL * 1024 * 1024; // PDFs and blobs: at most 32 MiB
inline constexpr int kMaxJsonDepth = 32;                        // no platform object nests deeper than a few levels

// The deepest nesting of arrays and objects in `json` (strings are skipped, escapes honoured); -1 when brackets do
// not balance. Run before QJsonDocument so a hostile answer cannot make the parser recurse without bound.
int jsonNestingDepth(const QByteArray &json);

// A JSON object, or nullopt with `why` (syntax error, nesting deeper than `maxDepth`, an array or scalar).
std::optional<QJsonObject> parseJsonObject(const QByteArray &body, int maxDepth = kMaxJsonDepth,
                                           QString *why = nullptr);

// {type,title,status,detail,missing}; members of the wrong type are ignored.
Problem problemFrom(const QJsonObject &object);

// What a call expects of a 2xx answer.
struct AnswerExpectation {
    bool jsonObject = false;     // the body must be a JSON object
    QStringList requiredStrings; // ...with these non-empty string members
    int maxStringChars = 0;      // ...each at most this long (0: no limit)
};

// Fills problem/json/networkError of a completed HTTP exchange from its status, Content-Type and body: problem+json
// on any status is parsed into `problem`; a 2xx that does not meet `expect` becomes NetworkError::BadJson.
void interpretAnswer(ApiResult &result, const AnswerExpectation &expect, int maxDepth = kMaxJsonDepth);

} // namespace kiosk::queue

Q_DECLARE_METATYPE(kiosk::queue::NetworkError)
