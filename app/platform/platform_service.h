// The kiosk's interactive calls to the provincial platform (platform-api.md) while a citizen waits: the submission
// key, the 粤省事 QR identity check, progress queries, the citizen's documents for self-print. One connection on
// its own thread for the interactive calls (the sync engine has another for the queue) and a second thread for
// document downloads (up to the transfer timeout, 600 s), so a slow download never holds up the next citizen's QR
// check; results come back on the GUI thread as typed values.
// It also tells whether the platform is reachable now, which decides what the UI offers (the QR code is not offered
// while offline).
#pragma once

#include <QByteArray>
#include <QDate>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QPointer>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>

namespace kiosk::queue {
class PlatformClient;
struct PlatformClientConfig;
struct ApiResult;
} // namespace kiosk::queue
namespace kiosk::common {
class WorkerThread;
}

class QTimer;

namespace kiosk::app {

// Why a call gave no usable answer, in the terms the UI explains.
enum class CallProblem {
    None,
    Offline,       // no connection to the platform (network, TLS, timeout): "try again later" / the offline path
    NotFound,      // 404: no such case or document
    Rejected,      // 422: e.g. a QR code that is invalid, expired or already used
    Unauthorised,  // 401: the identity token expired
    ServerError,   // 5xx, 429, or an answer the kiosk cannot use
    NotConfigured, // no platform URL in the configuration
};
QString toString(CallProblem problem);

struct QrIdentity {
    bool verified = false;
    QString identityToken; // short-lived; stays in the visit, never logged
    QString nameMasked;
    QString idMasked;
    QDateTime expiresAt;
};

struct CaseEvent {
    QDateTime at;
    QString status;
    QString note;
};

struct CaseInfo {
    QString caseNo;
    QString localNo;
    QString itemCode;
    QString status; // queued | received | accepted | in_review | need_more | approved | rejected | delivered
    QDate promisedDate;
    QString applicantMasked;
    QList<CaseEvent> timeline;
    // The fee still due (platform-api.md Case: `amount_due_fen`, `payment_status` none|due|paid); an answer outside
    // those values reads as "none" (never a made-up amount).
    qint64 amountDueFen = 0;
    QString paymentStatus = QStringLiteral("none");
    // Both read untrusted platform answers (case_info.cpp, fuzzed by tests/fuzz/fuzz_case_answer): every string is
    // cut to a bound, the timeline to 100 events, the list ({"cases":[...]}) to 50 cases.
    static CaseInfo fromJson(const QJsonObject &o);
    static QList<CaseInfo> listFromJson(const QJsonObject &answer);
};

struct DocumentInfo {
    QString id;
    QString title;
    QString issuer;
    QDateTime issuedAt;
    int pages = 0;
};

struct CatalogueAnswer {
    bool notModified = false; // 304: the kiosk's version is current
    QJsonObject json;         // {"version","items":[...],"removed"?}
    QByteArray etag;
};

template <typename T> struct CallResult {
    T value{};
    CallProblem problem = CallProblem::None;
    QString detail; // English, for logs; never personal data
    bool ok() const { return problem == CallProblem::None; }
};

// One look at the platform for technicians: an HTTP answer at all, the TLS handshake and key pin, and the clock.
struct ConnectionCheck {
    int httpStatus = 0;   // 0: no HTTP answer
    QString networkError; // queue::toString(NetworkError): none | dns | connect | tls | pin | timeout | ...
    QString errorText;    // one line, no personal data
    int pins = 0;         // pinned keys configured
    QDateTime serverDate; // the answer's Date header; invalid without one
    QDateTime localDate;  // our clock when the answer arrived
    bool configured = false;
};

class PlatformService : public QObject
{
    Q_OBJECT
public:
    // `config.baseUrl` empty: every call answers NotConfigured and the kiosk is "offline".
    explicit PlatformService(queue::PlatformClientConfig config, QObject *parent = nullptr);
    // Not configured: every call answers NotConfigured (tests, a kiosk without a platform URL).
    explicit PlatformService(QObject *parent = nullptr);
    ~PlatformService() override;

    bool isConfigured() const;
    void start(int probeIntervalMs = 60'000); // thread up; fetches the key at once, then probes periodically
    void stop();
    bool isOnline() const { return online_; }

    // Each call runs on the platform thread; `done` runs on the GUI thread unless `context` is gone by then (a
    // screen that was wiped never sees the answer).
    void fetchSubmissionKey();
    // GET /v1/keys/submission as a probe (small, no personal data), reported as a ConnectionCheck.
    void checkConnection(QObject *context, std::function<void(ConnectionCheck)> done);
    // GET /v1/catalogue[?since=V] with If-None-Match.
    void fetchCatalogue(std::optional<qint64> since, const QByteArray &etag, QObject *context,
                        std::function<void(CallResult<CatalogueAnswer>)> done);
    void verifyQr(const QString &code, QObject *context, std::function<void(CallResult<QrIdentity>)> done);
    // By case or local number with the case's query code (GET /v1/cases/{no} or ?local_no=): NotFound also when the
    // code is missing or wrong (the platform answers exactly as for an unknown case).
    void lookupCase(const struct CaseReference &ref, QObject *context, std::function<void(CallResult<CaseInfo>)> done);
    void queryCases(const QString &identityToken, QObject *context,
                    std::function<void(CallResult<QList<CaseInfo>>)> done);
    void listDocuments(const QString &identityToken, QObject *context,
                       std::function<void(CallResult<QList<DocumentInfo>>)> done);
    // On the download thread, with a connection of its own per download.
    void fetchDocument(const QString &id, const QString &identityToken, QObject *context,
                       std::function<void(CallResult<QByteArray>)> done);
    // Aborts the download under way and those still waiting (their `done` gets Offline); a visit's end calls it.
    void cancelDownloads();

signals:
    void onlineChanged(bool online);
    void submissionKeyReceived(const QString &keyId, const QByteArray &publicKeyPem);

private:
    using Call = std::function<queue::ApiResult(queue::PlatformClient &)>;
    // Runs `call` on the platform thread, then `deliver` with its result on the GUI thread.
    void run(Call call, QObject *context, std::function<void(const queue::ApiResult &)> deliver);
    void noteReachability(const queue::ApiResult &result);

    std::unique_ptr<queue::PlatformClientConfig> config_;
    struct Downloads;
    std::unique_ptr<common::WorkerThread> thread_;
    QObject *worker_ = nullptr; // lives on thread_ and owns the client
    std::unique_ptr<common::WorkerThread> downloadThread_;
    QObject *downloadWorker_ = nullptr; // lives on downloadThread_; its signal brings answers back
    std::shared_ptr<Downloads> downloads_;
    queue::PlatformClient *client_ = nullptr; // the worker's, for cancel() from the GUI thread
    QTimer *probe_ = nullptr;
    bool online_ = false;
};

// A case as the citizen names it: the receipt's local number or the platform's case number, and the query code
// (查询码, 8 digits) printed with it.
struct CaseReference {
    QString number;
    QString queryCode; // empty when the text carried none
    bool isEmpty() const { return number.isEmpty(); }
    bool isLocalNo() const; // <kiosk_id>-<yyyymmdd>-<seq>
};
// 8 decimal digits, as platform-api.md makes them.
bool isQueryCode(const QString &text);

// The progress-query payload printed as the receipt's QR code and typed or scanned back: the local or case number
// and the query code inside (a URL template configured for phones with `no` and `code`, or "<number>/<code>", or the
// bare number). An empty number when none is found; a code that is not 8 digits is left out.
CaseReference caseReferenceFromScan(const QString &scanned);

} // namespace kiosk::app
