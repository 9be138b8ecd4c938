// Fault switches of the sandbox: rules that make chosen endpoints answer an error status (with Retry-After), wait,
// trickle, reset the connection mid-upload, lose the answer after the commit, or answer broken or oversized JSON,
// optionally for the next N matching requests only.
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace kiosk::sandbox {

struct FaultRule {
    QString endpoint = QStringLiteral("all"); // an endpoint name (see endpointNames()) or a path prefix "/v1/..."
    QByteArray method;                        // empty: every method
    int status = 0;                           // 400..599: answered instead of handling the request
    QString retryAfter;                       // with status: Retry-After sent as given ("120" or an HTTP date)
    int retryAfterDateSeconds = -1;           // with status: Retry-After as the HTTP date this many seconds ahead
    int latencyMs = 0;
    qint64 bandwidth = 0;        // bytes per second on the request body and on the answer
    qint64 resetAfterBytes = -1; // TCP reset after this many body bytes were read
    bool loseResponse = false;   // handle (commit), then close without answering
    bool malformedJson = false;  // answer with a body that is not JSON
    bool oversized = false;      // answer with a body over 1 MiB
    int remaining = -1;          // the next N matching requests only; -1: until cleared
    int hits = 0;                // how many requests it has applied to

    QJsonObject toJson() const;
    static std::optional<FaultRule> fromJson(const QJsonObject &object, QString *error);
    // The command-line form: ENDPOINT[:key=value,key=value,...] with the JSON member names as keys, e.g.
    // "submissions:status=503,retry_after=5,count=2" or "blobs:method=PUT,reset_after_bytes=1000" or
    // "all:lose_response". A boolean key alone means true.
    static std::optional<FaultRule> fromSpec(const QString &spec, QString *error);
};

// The merged effect of every rule that matched one request.
struct FaultEffects {
    int status = 0;
    QByteArray retryAfter;
    int latencyMs = 0;
    qint64 bandwidth = 0;
    qint64 resetAfterBytes = -1;
    bool loseResponse = false;
    bool malformedJson = false;
    bool oversized = false;
    QString note; // a short description for the request log; empty when nothing matched
};

// The endpoint names a rule may use besides "all" and path prefixes.
const QStringList &endpointNames();
// The endpoint name of a platform path ("/v1/submissions" -> "submissions"); empty for an unknown path.
QString endpointOf(const QString &path);

class FaultSet
{
public:
    void clear() { rules_.clear(); }
    void add(const FaultRule &rule) { rules_.append(rule); }
    const QList<FaultRule> &rules() const { return rules_; }
    QJsonArray toJson() const;

    // The effects for one request; counts down the rules it used (a used-up rule stays listed with count 0).
    FaultEffects take(const QString &path, const QByteArray &method, const QDateTime &now);

private:
    QList<FaultRule> rules_;
};

} // namespace kiosk::sandbox
