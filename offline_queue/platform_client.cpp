// Checking the platform's answers defensively: bounded JSON depth, objects only, problem+json, expected members.
#include "offline_queue/platform_client.h"

#include "offline_queue/envelope.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

namespace kiosk::queue {

QString toString(NetworkError error)
{
    switch (error) {
    case NetworkError::None: return QStringLiteral("none");
    case NetworkError::Dns: return QStringLiteral("dns");
    case NetworkError::Connect: return QStringLiteral("connect");
    case NetworkError::Tls: return QStringLiteral("tls");
    case NetworkError::Pin: return QStringLiteral("pin");
    case NetworkError::Timeout: return QStringLiteral("timeout");
    case NetworkError::Reset: return QStringLiteral("reset");
    case NetworkError::TooLarge: return QStringLiteral("too_large");
    case NetworkError::BadJson: return QStringLiteral("bad_json");
    case NetworkError::Aborted: return QStringLiteral("aborted");
    case NetworkError::Config: return QStringLiteral("config");
    case NetworkError::Other: return QStringLiteral("other");
    }
    return QStringLiteral("other");
}

QString ApiResult::describe() const
{
    if (networkError != NetworkError::None) {
        if (httpStatus != 0)
            return QStringLiteral("HTTP %1 with an unusable answer (%2): %3")
                .arg(httpStatus)
                .arg(toString(networkError), errorText);
        return QStringLiteral("network (%1): %2").arg(toString(networkError), errorText);
    }
    QString line = QStringLiteral("HTTP %1").arg(httpStatus);
    QString type = problem.type.section(QLatin1Char('/'), -1);
    if (!type.isEmpty())
        line += QStringLiteral(" (%1)").arg(type);
    const QString text = !problem.detail.isEmpty() ? problem.detail : problem.title;
    if (!text.isEmpty())
        line += QStringLiteral(": ") + text;
    return line;
}

int jsonNestingDepth(const QByteArray &json)
{
    int depth = 0;
    int deepest = 0;
    bool inString = false;
    bool escaped = false;
    for (const char c : json) {
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
            continue;
        }
        switch (c) {
        case '"': inString = true; break;
        case '{':
        case '[': deepest = qMax(deepest, ++depth); break;
        case '}':
        case ']':
            if (--depth < 0)
                return -1;
            break;
        default: break;
        }
    }
    return depth == 0 && !inString ? deepest : -1;
}

std::optional<QJsonObject> parseJsonObject(const QByteArray &body, int maxDepth, QString *why)
{
    auto fail = [why](const QString &reason) -> std::optional<QJsonObject> {
        if (why)
            *why = reason;
        return std::nullopt;
    };
    const int depth = jsonNestingDepth(body);
    if (depth < 0)
        return fail(QStringLiteral("unbalanced JSON (%1 bytes)").arg(body.size()));
    if (depth > maxDepth)
        return fail(QStringLiteral("JSON nested %1 levels deep (limit %2)").arg(depth).arg(maxDepth));
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError)
        return fail(QStringLiteral("invalid JSON at offset %1: %2").arg(error.offset).arg(error.errorString()));
    if (!doc.isObject())
        return fail(doc.isArray() ? QStringLiteral("JSON array where an object was expected")
                                  : QStringLiteral("JSON value where an object was expected"));
    return doc.object();
}

Problem problemFrom(const QJsonObject &object)
{
    Problem p;
    p.type = object.value(QLatin1String("type")).toString();
    p.title = object.value(QLatin1String("title")).toString();
    const QJsonValue status = object.value(QLatin1String("status"));
    if (status.isDouble()) {
        const double s = status.toDouble();
        if (s >= 100 && s <= 599 && s == double(int(s)))
            p.status = int(s);
    }
    p.detail = object.value(QLatin1String("detail")).toString();
    // Only names that can be blob names: a malformed entry must never become a path segment of a request.
    const QJsonArray missing = object.value(QLatin1String("missing")).toArray();
    for (const QJsonValue &v : missing) {
        const QString sha = v.toString();
        if (isLowerHexSha256(sha) && !p.missing.contains(sha))
            p.missing.append(sha);
    }
    // Details are for technicians, not for unbounded storage.
    p.title.truncate(200);
    p.detail.truncate(1000);
    return p;
}

namespace {
ApiResult paymentsUnsupported()
{
    ApiResult r;
    r.networkError = NetworkError::Config;
    r.errorText = QStringLiteral("this platform client does not take payments");
    return r;
}
} // namespace

ApiResult PlatformClient::postPayment(const QString &, const QByteArray &)
{
    return paymentsUnsupported();
}

ApiResult PlatformClient::getPayment(const QString &)
{
    return paymentsUnsupported();
}

ApiResult PlatformClient::cancelPayment(const QString &)
{
    return paymentsUnsupported();
}

ApiResult PlatformClient::fetchPaymentInvoice(const QString &)
{
    return paymentsUnsupported();
}

void interpretAnswer(ApiResult &result, const AnswerExpectation &expect, int maxDepth)
{
    const QByteArray type = result.contentType.toLower();
    const bool success = result.httpStatus >= 200 && result.httpStatus < 300;
    const bool looksJson = type.contains("json") || result.bytes.trimmed().startsWith('{');

    if (!success) {
        // A problem body helps the technician; a broken one does not change what the status says.
        if (looksJson && !result.bytes.isEmpty()) {
            if (const auto obj = parseJsonObject(result.bytes, maxDepth))
                result.problem = problemFrom(*obj);
        }
        return;
    }
    if (!expect.jsonObject)
        return;
    QString why;
    const std::optional<QJsonObject> obj = parseJsonObject(result.bytes, maxDepth, &why);
    if (!obj) {
        result.networkError = NetworkError::BadJson;
        result.errorText = why;
        return;
    }
    for (const QString &member : expect.requiredStrings) {
        const QJsonValue v = obj->value(member);
        if (!v.isString() || v.toString().isEmpty() ||
            (expect.maxStringChars > 0 && v.toString().size() > expect.maxStringChars)) {
            result.networkError = NetworkError::BadJson;
            result.errorText = QStringLiteral("the answer lacks a usable '%1'").arg(member);
            return;
        }
    }
    result.json = *obj;
}

} // namespace kiosk::queue
