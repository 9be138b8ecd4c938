// The sandbox as a checker of platform-api.md: every request a kiosk sends is checked against the contract with code
// of its own, written from the contract's text (canonical JSON, the ECDSA signature, RSA-OAEP and AES-GCM unsealing,
// the sealed-blob layout, the payload's schema and codes: GB/T 2261.1 sex, GB/T 7408 dates, GB 11643 check digits,
// UUID v4, local numbers, query codes). It uses OpenSSL and Qt directly and none of the kiosk's sealing code
// (envelope, signed_json, canonical_json, crypto_util), so a defect the kiosk and its own opener share still shows.
// Whatever does not conform is recorded as a deviation, listed on the control API (GET /control/deviations), for the
// tests to assert empty; the sandbox's answers are not changed by it.
#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QSet>
#include <QString>

#include <functional>
#include <optional>

namespace kiosk::sandbox {

struct HttpRequest;

struct Finding {
    QString rule;   // where in the contract, e.g. "payload.applicant.sex"
    QString detail; // what was found (never a personal value)
};

struct Deviation {
    QString at;      // RFC 3339, UTC
    QString request; // "POST /v1/submissions"
    QString requestId;
    QString kioskId;
    Finding finding;
    QJsonObject toJson() const;
};

// What the platform knows that some checks need.
struct CheckerContext {
    // The private key (PEM) of a platform submission key_id; empty for a key_id the platform never issued.
    std::function<QByteArray(const QString &keyId)> platformPrivateKey;
    // The masked name behind an identity token the platform issued (at any time), or nullopt.
    std::function<std::optional<QString>(const QString &token)> maskedNameOfToken;
};

class ConformanceChecker
{
public:
    explicit ConformanceChecker(CheckerContext context) : context_(std::move(context)) {}

    // Checks one request as received (before it is answered) and records what deviates; returns that.
    QList<Deviation> inspect(const HttpRequest &request, const QString &now);

    // The parts, for unit tests and for inspect(). `certificatePem`: the client certificate the envelope must be
    // signed with; `idempotencyKey` and `kioskId` as the request carried them.
    QList<Finding> checkEnvelope(const QByteArray &body, const QByteArray &certificatePem,
                                 const QString &idempotencyKey, const QString &kioskId) const;
    QList<Finding> checkPayload(const QJsonObject &payload) const;
    QList<Finding> checkBlob(const QString &name, const QByteArray &sealed) const;
    QList<Finding> checkEvaluation(const QByteArray &body, const QString &idempotencyKey) const;

    QJsonArray deviations() const;
    int count() const { return int(log_.size()); }
    void clear();

private:
    QList<Finding> checkPerson(const QJsonValue &v, const QString &where) const;
    CheckerContext context_;
    QList<Deviation> log_;
    QSet<QByteArray> requestIds_; // X-Request-Id is new for every attempt
};

// RFC 8785 (JCS) for what envelopes may hold (strings, integers, arrays, objects, also true/false/null): members
// sorted by UTF-16 code units, minimal escapes, no whitespace. Empty with `why` for a float or an integer beyond
// 2^53-1.
QByteArray jcsBytes(const QJsonValue &value, QString *why);
// GB 11643: 17 digits and the ISO 7064 MOD 11-2 check character.
bool gb11643CheckDigitValid(const QString &idNumber);
// Standard base64 with padding (RFC 4648 section 4), nothing else; nullopt otherwise.
std::optional<QByteArray> strictBase64(const QString &text);

} // namespace kiosk::sandbox
