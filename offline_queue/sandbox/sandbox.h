// The platform sandbox: the state behind the platform API (keys, catalogue, demo identities, database, faults,
// request log) and the two HTTP handlers over it: PlatformApi (platform-api.md, mutual TLS) and ControlApi (plain
// HTTP on 127.0.0.1 for tests and the demo: faults, commands, received submissions, reset, the fleet page).
#pragma once

#include "offline_queue/platform_side/envelope_open.h"
#include "offline_queue/sandbox/catalogue.h"
#include "offline_queue/sandbox/conformance_check.h"
#include "offline_queue/sandbox/faults.h"
#include "offline_queue/sandbox/http.h"
#include "offline_queue/sandbox/payments.h"
#include "offline_queue/sandbox/sandbox_db.h"

#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <deque>
#include <functional>
#include <map>
#include <memory>

namespace kiosk::sandbox {

struct SandboxOptions {
    QString pkiDir;          // make-demo-pki.sh output: server.crt/.key, ca.crt, submission.key/.key_id, kiosk.crt
    QString dataDir;         // the sandbox database and the blobs
    QString cataloguePath;   // empty: the built-in copy of resources/catalogue/catalogue.json
    QString identitiesPath;  // empty: the built-in demo QR codes
    int advanceSeconds = 30; // a case moves one step along its timeline this often; 0: it stays 'received'
    int tokenTtlSeconds = 300;
    qint64 configVersion = 1;
    QList<FaultRule> faults;
    QList<std::pair<QString, QString>> extraKeys; // (key_id, PEM file): retired keys that still open envelopes
    std::function<QDateTime()> clock;             // default: the system clock, UTC
};

// A 粤省事 code the sandbox recognises, and the citizen behind it.
struct Citizen {
    QString code;
    QString name;
    QString idType;
    QString idNumber;
    QDateTime codeExpiresAt; // invalid: the code itself does not expire
    QJsonArray documents;    // [{id,title,title_en,issuer,issued_at,pages}]
};

struct PlatformKeyRecord {
    QString keyId;
    QByteArray privatePem;
    QByteArray publicPem;
    bool current = false;
    QString origin; // pki | extra | rotated
    QString createdAt;
};

struct RequestRecord {
    qint64 seq = 0;
    QString at;
    quint64 connection = 0;
    int indexOnConnection = 0;
    QString method;
    QString path; // never the query string (it may hold an identity token)
    int status = 0;
    QString outcome;
    QString kioskId;
    QString requestId;
    QString idempotencyKey;
    qint64 bodyBytes = 0;
    QString fault;

    QJsonObject toJson() const;
};

class Sandbox
{
public:
    static std::unique_ptr<Sandbox> create(const SandboxOptions &options, QString *error);
    ~Sandbox();

    QDateTime now() const { return options_.clock ? options_.clock() : QDateTime::currentDateTimeUtc(); }
    SandboxOptions &options() { return options_; }
    SandboxDb &db() { return *db_; }
    Catalogue &catalogue() { return catalogue_; }
    FaultSet &faults() { return faults_; }
    SandboxPayments &payments() { return payments_; }
    const QList<Citizen> &citizens() const { return citizens_; }
    const Citizen *citizenByCode(const QString &code) const;
    QString defaultKioskId() const { return defaultKioskId_; }
    QString blobPath(const QString &sha256) const;

    // Platform keys: the current one is served by GET /v1/keys/submission; all of them open envelopes.
    const QList<PlatformKeyRecord> &keys() const { return keys_; }
    const PlatformKeyRecord *currentKey() const;
    // A fresh RSA key becomes current; the previous ones stay (retired). Returns the new key_id or empty + error.
    QString rotateKey(int bits, QString *error);

    // An Opener holding every platform key and this kiosk certificate (cached per certificate).
    const queue::Opener *openerFor(const QByteArray &certificatePem, QString *error);
    // An Opener with only the platform keys (blobs).
    const queue::Opener &blobOpener();

    // The citizen behind a valid identity token, or null (unknown or expired).
    std::optional<Citizen> citizenForToken(const QString &token);

    // Moves a case along received -> accepted -> in_review -> approved as time passes (rows written lazily).
    queue::StoreError advanceCase(const QString &caseNo);
    // The Case object of platform-api.md, or nullopt when there is no such case.
    std::optional<QJsonObject> caseJson(const QString &caseNo, queue::StoreError *error);

    // What kiosks sent that does not conform to platform-api.md (GET /control/deviations).
    ConformanceChecker &checker() { return checker_; }

    void record(RequestRecord r);
    QJsonArray requests(qint64 sinceSeq) const;
    qint64 requestCount() const { return requestSeq_; }

    // Back to the state right after start: empty database (keys: those of --pki and --extra-key), catalogue from
    // the file, the faults and tunables of the command line, no request log.
    QString reset();

private:
    explicit Sandbox(const SandboxOptions &options);
    QString loadKeys(bool resetKeys);

    SandboxOptions options_;
    const SandboxOptions initial_; // what reset() returns the tunables (advance, token TTL, config version) to
    std::unique_ptr<SandboxDb> db_;
    Catalogue catalogue_;
    FaultSet faults_;
    SandboxPayments payments_{*this};
    QList<Citizen> citizens_;
    QString defaultKioskId_;
    QList<PlatformKeyRecord> keys_;
    std::map<QString, std::unique_ptr<queue::Opener>> openers_; // by certificate sha256
    std::unique_ptr<queue::Opener> blobOpener_;
    std::deque<RequestRecord> requestLog_;
    ConformanceChecker checker_;
    qint64 requestSeq_ = 0;
};

// platform-api.md over mutual TLS.
class PlatformApi : public HttpHandler
{
public:
    explicit PlatformApi(Sandbox &sandbox) : s_(sandbox) {}
    RequestPlan plan(const HttpRequest &head) override;
    HttpResponse handle(const HttpRequest &request, const RequestPlan &plan) override;
    void finished(const HttpRequest &request, const RequestPlan &plan, int status, Outcome outcome) override;

private:
    HttpResponse route(const HttpRequest &r);
    HttpResponse getCatalogue(const HttpRequest &r);
    HttpResponse getSubmissionKey(const HttpRequest &r);
    HttpResponse headBlob(const HttpRequest &r, const QString &sha256);
    HttpResponse putBlob(const HttpRequest &r, const QString &sha256);
    HttpResponse postSubmission(const HttpRequest &r);
    HttpResponse getCase(const HttpRequest &r, const QString &caseNo);
    HttpResponse getCaseByLocalNo(const HttpRequest &r);
    std::optional<QString> caseFor(const char *column, const QString &number, const QString &queryCode,
                                   queue::StoreError *err);
    HttpResponse queryCases(const HttpRequest &r);
    HttpResponse identityQr(const HttpRequest &r);
    HttpResponse listDocuments(const HttpRequest &r);
    HttpResponse getDocument(const HttpRequest &r, const QString &id);
    HttpResponse postEvaluation(const HttpRequest &r);
    HttpResponse auditAnchor(const HttpRequest &r);
    HttpResponse heartbeat(const HttpRequest &r);

    Sandbox &s_;
};

// The control endpoint (plain HTTP, 127.0.0.1 only).
class ControlApi : public HttpHandler
{
public:
    ControlApi(Sandbox &sandbox, QString apiUrl) : s_(sandbox), apiUrl_(std::move(apiUrl)) {}
    void setControlUrl(const QString &url) { controlUrl_ = url; }
    RequestPlan plan(const HttpRequest &head) override;
    HttpResponse handle(const HttpRequest &request, const RequestPlan &plan) override;

private:
    HttpResponse state();
    HttpResponse setFaults(const HttpRequest &r);
    HttpResponse queueCommand(const HttpRequest &r);
    HttpResponse listCommands();
    HttpResponse submissions();
    HttpResponse submissionIds();
    HttpResponse evaluations();
    HttpResponse updateCatalogue(const HttpRequest &r);
    HttpResponse rotateKey(const HttpRequest &r);
    HttpResponse setCaseStatus(const HttpRequest &r);
    HttpResponse setConfig(const HttpRequest &r);
    HttpResponse fleet();
    HttpResponse deviations();
    HttpResponse payments(const HttpRequest &r); // the payer: pay, fail, expire; list; config

    Sandbox &s_;
    QString apiUrl_;
    QString controlUrl_;
};

// Checks a decrypted payload against platform-api.md "Payload"; on success, `referencedBlobs` holds every sha256 it
// names (pages, principal authorisation, commitment signature). Returns an empty string or what is wrong.
QString checkPayload(const QJsonObject &payload, QStringList *referencedBlobs);

// A JSON body that must be an object: nullopt and a 400 answer in `error` otherwise.
std::optional<QJsonObject> jsonObjectBody(const HttpRequest &r, HttpResponse *error);
// The StoreError answer: 500 with the message (no personal data in store messages).
HttpResponse storeFailure(const queue::StoreError &error);

} // namespace kiosk::sandbox
