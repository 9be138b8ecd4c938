// Parsing, matching and merging of the sandbox's fault rules (command line and control endpoint share one format).
#include "offline_queue/sandbox/faults.h"

#include "offline_queue/sandbox/http.h"

#include <QStringList>

#include <algorithm>
#include <cmath>

namespace kiosk::sandbox {

namespace {

const char kStatus[] = "status";
const char kRetryAfter[] = "retry_after";
const char kRetryAfterDate[] = "retry_after_date";
const char kLatency[] = "latency_ms";
const char kBandwidth[] = "bandwidth";
const char kReset[] = "reset_after_bytes";
const char kLose[] = "lose_response";
const char kMalformed[] = "malformed_json";
const char kOversized[] = "oversized";
const char kCount[] = "count";
const char kEndpoint[] = "endpoint";
const char kMethod[] = "method";

bool toInt(const QJsonValue &v, qint64 min, qint64 max, qint64 *out)
{
    double d = 0;
    if (v.isDouble()) {
        d = v.toDouble();
    } else if (v.isString()) {
        bool ok = false;
        d = double(v.toString().toLongLong(&ok));
        if (!ok)
            return false;
    } else {
        return false;
    }
    if (!std::isfinite(d) || std::trunc(d) != d || d < double(min) || d > double(max))
        return false;
    *out = qint64(d);
    return true;
}

bool toBool(const QJsonValue &v, bool *out)
{
    if (v.isBool()) {
        *out = v.toBool();
        return true;
    }
    const QString s = v.toString().toLower();
    if (s == QLatin1String("true") || s == QLatin1String("1") || s == QLatin1String("yes")) {
        *out = true;
        return true;
    }
    if (s == QLatin1String("false") || s == QLatin1String("0") || s == QLatin1String("no")) {
        *out = false;
        return true;
    }
    return false;
}

bool matches(const FaultRule &rule, const QString &path, const QByteArray &method)
{
    if (!rule.method.isEmpty() && rule.method != method)
        return false;
    if (rule.endpoint == QLatin1String("all"))
        return path.startsWith(QLatin1String("/v1/"));
    if (rule.endpoint.startsWith(QLatin1Char('/')))
        return path.startsWith(rule.endpoint);
    return endpointOf(path) == rule.endpoint;
}

} // namespace

const QStringList &endpointNames()
{
    static const QStringList names{
        QStringLiteral("catalogue"),   QStringLiteral("keys"),        QStringLiteral("blobs"),
        QStringLiteral("submissions"), QStringLiteral("cases"),       QStringLiteral("identity"),
        QStringLiteral("documents"),   QStringLiteral("evaluations"), QStringLiteral("audit"),
        QStringLiteral("heartbeat"),   QStringLiteral("payments")};
    return names;
}

QString endpointOf(const QString &path)
{
    if (!path.startsWith(QLatin1String("/v1/")))
        return {};
    const QString first = path.mid(4).section(QLatin1Char('/'), 0, 0);
    if (first == QLatin1String("catalogue") || first == QLatin1String("blobs") ||
        first == QLatin1String("submissions") || first == QLatin1String("cases") ||
        first == QLatin1String("identity") || first == QLatin1String("documents") ||
        first == QLatin1String("evaluations") || first == QLatin1String("audit") ||
        first == QLatin1String("heartbeat") || first == QLatin1String("keys") || first == QLatin1String("payments"))
        return first;
    return {};
}

QJsonObject FaultRule::toJson() const
{
    QJsonObject o;
    o.insert(QLatin1String(kEndpoint), endpoint);
    if (!method.isEmpty())
        o.insert(QLatin1String(kMethod), QString::fromLatin1(method));
    if (status)
        o.insert(QLatin1String(kStatus), status);
    if (!retryAfter.isEmpty())
        o.insert(QLatin1String(kRetryAfter), retryAfter);
    if (retryAfterDateSeconds >= 0)
        o.insert(QLatin1String(kRetryAfterDate), retryAfterDateSeconds);
    if (latencyMs)
        o.insert(QLatin1String(kLatency), latencyMs);
    if (bandwidth)
        o.insert(QLatin1String(kBandwidth), bandwidth);
    if (resetAfterBytes >= 0)
        o.insert(QLatin1String(kReset), resetAfterBytes);
    if (loseResponse)
        o.insert(QLatin1String(kLose), true);
    if (malformedJson)
        o.insert(QLatin1String(kMalformed), true);
    if (oversized)
        o.insert(QLatin1String(kOversized), true);
    o.insert(QLatin1String(kCount), remaining);
    o.insert(QStringLiteral("hits"), hits);
    return o;
}

std::optional<FaultRule> FaultRule::fromJson(const QJsonObject &o, QString *error)
{
    auto fail = [error](const QString &why) -> std::optional<FaultRule> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    static const QStringList known{
        kEndpoint, kMethod,    kStatus,    kRetryAfter, kRetryAfterDate,       kLatency, kBandwidth, kReset,
        kLose,     kMalformed, kOversized, kCount,      QStringLiteral("hits")};
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (!known.contains(it.key()))
            return fail(QStringLiteral("unknown fault member '%1' (known: %2)").arg(it.key(), known.join(", ")));
    }
    FaultRule r;
    if (o.contains(QLatin1String(kEndpoint))) {
        r.endpoint = o.value(QLatin1String(kEndpoint)).toString();
        if (r.endpoint != QLatin1String("all") && !r.endpoint.startsWith(QLatin1String("/v1/")) &&
            !endpointNames().contains(r.endpoint))
            return fail(QStringLiteral("unknown endpoint '%1': use all, a path prefix /v1/..., or one of %2")
                            .arg(r.endpoint, endpointNames().join(", ")));
    }
    if (o.contains(QLatin1String(kMethod))) {
        r.method = o.value(QLatin1String(kMethod)).toString().toUpper().toLatin1();
        if (!QList<QByteArray>{"GET", "HEAD", "POST", "PUT"}.contains(r.method))
            return fail(QStringLiteral("method must be GET, HEAD, POST or PUT"));
    }
    qint64 n = 0;
    if (o.contains(QLatin1String(kStatus))) {
        if (!toInt(o.value(QLatin1String(kStatus)), 400, 599, &n))
            return fail(QStringLiteral("status must be an integer 400..599"));
        r.status = int(n);
    }
    if (o.contains(QLatin1String(kRetryAfter))) {
        const QJsonValue v = o.value(QLatin1String(kRetryAfter));
        if (v.isDouble() && toInt(v, 0, 100000000, &n))
            r.retryAfter = QString::number(n);
        else if (v.isString() && !v.toString().isEmpty())
            r.retryAfter = v.toString();
        else
            return fail(QStringLiteral("retry_after must be seconds or an HTTP date"));
    }
    if (o.contains(QLatin1String(kRetryAfterDate))) {
        if (!toInt(o.value(QLatin1String(kRetryAfterDate)), 0, 100000000, &n))
            return fail(QStringLiteral("retry_after_date must be a number of seconds from now"));
        r.retryAfterDateSeconds = int(n);
    }
    if ((!r.retryAfter.isEmpty() || r.retryAfterDateSeconds >= 0) && !r.status)
        return fail(QStringLiteral("retry_after needs a status"));
    if (o.contains(QLatin1String(kLatency))) {
        if (!toInt(o.value(QLatin1String(kLatency)), 0, 600000, &n))
            return fail(QStringLiteral("latency_ms must be 0..600000"));
        r.latencyMs = int(n);
    }
    if (o.contains(QLatin1String(kBandwidth))) {
        if (!toInt(o.value(QLatin1String(kBandwidth)), 1, qint64(1) << 40, &n))
            return fail(QStringLiteral("bandwidth must be a positive number of bytes per second"));
        r.bandwidth = n;
    }
    if (o.contains(QLatin1String(kReset))) {
        if (!toInt(o.value(QLatin1String(kReset)), 0, qint64(1) << 40, &n))
            return fail(QStringLiteral("reset_after_bytes must be >= 0"));
        r.resetAfterBytes = n;
    }
    const struct {
        const char *name;
        bool *out;
    } flags[] = {{kLose, &r.loseResponse}, {kMalformed, &r.malformedJson}, {kOversized, &r.oversized}};
    for (const auto &f : flags) {
        if (o.contains(QLatin1String(f.name)) && !toBool(o.value(QLatin1String(f.name)), f.out))
            return fail(QStringLiteral("%1 must be true or false").arg(QLatin1String(f.name)));
    }
    if (o.contains(QLatin1String(kCount))) {
        if (!toInt(o.value(QLatin1String(kCount)), -1, 1000000000, &n) || n == 0)
            return fail(QStringLiteral("count must be a positive number of requests (or -1: until cleared)"));
        r.remaining = int(n);
    }
    if (!r.status && !r.latencyMs && !r.bandwidth && r.resetAfterBytes < 0 && !r.loseResponse && !r.malformedJson &&
        !r.oversized)
        return fail(QStringLiteral("the fault does nothing: give status, latency_ms, bandwidth, reset_after_bytes, "
                                   "lose_response, malformed_json or oversized"));
    return r;
}

std::optional<FaultRule> FaultRule::fromSpec(const QString &spec, QString *error)
{
    const qsizetype colon = spec.indexOf(QLatin1Char(':'));
    QJsonObject o;
    o.insert(QLatin1String(kEndpoint), colon < 0 ? spec : spec.left(colon));
    if (colon >= 0) {
        for (const QString &part : spec.mid(colon + 1).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            const qsizetype eq = part.indexOf(QLatin1Char('='));
            const QString key = (eq < 0 ? part : part.left(eq)).trimmed();
            const QString value = eq < 0 ? QStringLiteral("true") : part.mid(eq + 1).trimmed();
            bool isNumber = false;
            const qint64 number = value.toLongLong(&isNumber);
            if (key == QLatin1String(kRetryAfter) && !isNumber)
                o.insert(key, value); // an HTTP date (holds commas: write it URL-style or use the control endpoint)
            else if (isNumber)
                o.insert(key, double(number));
            else
                o.insert(key, value);
        }
    }
    std::optional<FaultRule> r = fromJson(o, error);
    if (!r && error)
        *error = QStringLiteral("--fault '%1': %2").arg(spec, *error);
    return r;
}

QJsonArray FaultSet::toJson() const
{
    QJsonArray a;
    for (const FaultRule &r : rules_)
        a.append(r.toJson());
    return a;
}

FaultEffects FaultSet::take(const QString &path, const QByteArray &method, const QDateTime &now)
{
    FaultEffects e;
    QStringList notes;
    for (FaultRule &r : rules_) {
        if (r.remaining == 0 || !matches(r, path, method))
            continue;
        if (r.remaining > 0)
            --r.remaining;
        ++r.hits;
        if (r.status && !e.status) {
            e.status = r.status;
            if (r.retryAfterDateSeconds >= 0)
                e.retryAfter = httpDate(now.addSecs(r.retryAfterDateSeconds));
            else
                e.retryAfter = r.retryAfter.toLatin1();
        }
        e.latencyMs = std::max(e.latencyMs, r.latencyMs);
        if (r.bandwidth > 0)
            e.bandwidth = e.bandwidth > 0 ? std::min(e.bandwidth, r.bandwidth) : r.bandwidth;
        if (r.resetAfterBytes >= 0)
            e.resetAfterBytes =
                e.resetAfterBytes >= 0 ? std::min(e.resetAfterBytes, r.resetAfterBytes) : r.resetAfterBytes;
        e.loseResponse = e.loseResponse || r.loseResponse;
        e.malformedJson = e.malformedJson || r.malformedJson;
        e.oversized = e.oversized || r.oversized;
        QStringList parts;
        const QJsonObject j = r.toJson();
        for (auto it = j.begin(); it != j.end(); ++it) {
            if (it.key() != QLatin1String("hits") && it.key() != QLatin1String(kCount))
                parts << it.key() + QLatin1Char('=') + it.value().toVariant().toString();
        }
        notes << parts.join(QLatin1Char(','));
    }
    e.note = notes.join(QLatin1String("; "));
    return e;
}

} // namespace kiosk::sandbox
