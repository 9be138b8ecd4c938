// The platform client over libcurl: mutual TLS with the kiosk's certificate, the platform's CA only, two pinned keys,
// TLS >= 1.2, bounded timeouts and answer sizes, the request headers platform-api.md requires.
//
// One CURL easy handle per object, reused for every call so the TLS connection (and its session) is kept alive
// between requests; curl_easy_reset() before each call clears the options but keeps the connection cache. An object
// is used by one thread at a time (the sync thread owns one; a worker that queries cases makes its own). The easy
// interface is enough because the engine sends one item at a time in order (blobs, then the envelope): the multi
// interface would only pay off for parallel uploads, which a kiosk's narrow uplink does not want.
#pragma once

#include "offline_queue/platform_client.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>

namespace kiosk::queue {

struct PlatformClientConfig {
    QString baseUrl;        // https://host[:port][/prefix]; only https is accepted
    QString kioskId;        // X-Kiosk-Id; the CN of the client certificate
    QString clientCertFile; // PEM
    QString clientKeyFile;  // PEM; or sealed to the TPM beside it (<file>.sealed, offline_queue/storage/key_store.h)
    QString caFile;         // PEM: the platform's CA, the only one trusted (the system store is not consulted)
    QStringList pins;       // "sha256//<base64 SPKI sha256>": primary and backup; at least one is required
    QString pinProblem;     // why the configured pins are unusable (loadSyncSettings); non-empty: the client refuses
    int connectTimeoutMs = 10'000;
    int requestTimeoutMs = 60'000;   // whole exchange of a JSON call
    int transferTimeoutMs = 600'000; // whole exchange of a blob upload or a document download
    int lowSpeedBytesPerS = 100;     // abort when slower than this...
    int lowSpeedTimeS = 30;          // ...for this long (a stalled link, a server that stopped answering)
    qint64 maxJsonBytes = kMaxJsonAnswerBytes;
    qint64 maxDocumentBytes = kMaxDocumentBytes;
    int maxJsonDepth = kMaxJsonDepth;
    QString proxy; // empty: no proxy, whatever the environment says
    QString userAgent = QStringLiteral("gd-kiosk");
    std::function<QDateTime()> wallClock; // for Retry-After dates; default: the system clock
};

class CurlPlatformClient final : public PlatformClient
{
public:
    explicit CurlPlatformClient(PlatformClientConfig config);
    ~CurlPlatformClient() override;
    CurlPlatformClient(const CurlPlatformClient &) = delete;
    CurlPlatformClient &operator=(const CurlPlatformClient &) = delete;

    const PlatformClientConfig &config() const { return config_; }
    // Empty when the configuration is usable; otherwise every call fails with NetworkError::Config and this text.
    QString configProblem() const { return configProblem_; }
    // Why a client made from `config` would refuse to connect because of its key pins (none, or unusable ones);
    // empty when the pins are usable. Pinning fails closed: without a valid pin no request is ever made.
    static QString pinProblemOf(const PlatformClientConfig &config);

    ApiResult getSubmissionKey() override;
    ApiResult headBlob(const QString &sha256) override;
    ApiResult putBlob(const QString &sha256, const QByteArray &sealed, const ProgressFn &progress) override;
    ApiResult postSubmission(const QString &id, const QByteArray &envelope, const ProgressFn &progress) override;
    ApiResult getCatalogue(std::optional<qint64> sinceVersion, const QByteArray &etag) override;
    ApiResult getCase(const QString &caseNo, const QString &queryCode) override;
    ApiResult getCaseByLocalNo(const QString &localNo, const QString &queryCode) override;
    ApiResult queryCases(const QString &identityToken) override;
    ApiResult checkQrIdentity(const QString &code) override;
    ApiResult listDocuments(const QString &identityToken) override;
    ApiResult fetchDocument(const QString &id, const QString &identityToken) override;
    ApiResult postEvaluation(const QString &id, const QJsonObject &evaluation) override;
    ApiResult postHeartbeat(const QJsonObject &heartbeat) override;
    ApiResult postAuditAnchor(qint64 seq, const QString &headHash) override;
    ApiResult postPayment(const QString &id, const QByteArray &body) override;
    ApiResult getPayment(const QString &paymentId) override;
    ApiResult cancelPayment(const QString &paymentId) override;
    ApiResult fetchPaymentInvoice(const QString &paymentId) override;
    void cancel() override;

    // One request as the calls above build it; public for the benchmark's raw comparison and for tests.
    struct Request {
        QByteArray method = "GET";
        QString path;                                // "/v1/..." with segments already percent-encoded
        QList<std::pair<QByteArray, QString>> query; // values are percent-encoded here, '+' and '/' included
        QByteArray body;
        QByteArray contentType;
        QByteArray idempotencyKey;
        QByteArray accept = "application/json, application/problem+json";
        QList<std::pair<QByteArray, QByteArray>> extraHeaders;
        qint64 maxAnswerBytes = 0; // 0: maxJsonBytes
        bool longTransfer = false; // transferTimeoutMs instead of requestTimeoutMs
        AnswerExpectation expect;
        const ProgressFn *progress = nullptr;
    };
    ApiResult perform(const Request &request);

private:
    QString checkConfig() const;
    QString loadClientKey(); // into clientKey_, once; the reason when the key (sealed or not) cannot be had

    PlatformClientConfig config_;
    QString configProblem_;
    QByteArray pinList_;   // "sha256//a;sha256//b"
    QByteArray clientKey_; // PEM in memory (from the file or unsealed by the TPM); wiped in the destructor
    void *curl_ = nullptr;
    std::atomic<bool> cancelled_{false};
};

// "sha256//" + base64 of 32 bytes; the form curl and pins.txt use.
bool isValidPin(const QString &pin);

} // namespace kiosk::queue
