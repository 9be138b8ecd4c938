// Canonical JSON (the RFC 8785 subset of platform-api.md) and the small text helpers that go with it: base64, sha256
// names, UUID v4 ids and the kiosk's RFC 3339 timestamps. Used by sealing, the audit log and signed reports alike.
#include "offline_queue/storage/canonical_json.h"

#include "offline_queue/storage/crypto_util.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>

namespace kiosk::queue {

namespace {

// RFC 8785 section 3.2.3: property names sort by their UTF-16 code units, compared as unsigned integers. QString's
// own ordering is not relied upon here on purpose: this comparison is the contract.
bool utf16Less(const QString &a, const QString &b)
{
    const auto *pa = reinterpret_cast<const char16_t *>(a.utf16());
    const auto *pb = reinterpret_cast<const char16_t *>(b.utf16());
    return std::lexicographical_compare(pa, pa + a.size(), pb, pb + b.size());
}

bool appendString(QByteArray &out, const QString &s, QString *error)
{
    out.append('"');
    const auto *p = reinterpret_cast<const char16_t *>(s.utf16());
    const qsizetype n = s.size();
    qsizetype runStart = 0; // copy runs of characters that need no escape in one go
    auto flush = [&](qsizetype end) {
        if (end > runStart)
            out.append(QStringView(p + runStart, end - runStart).toUtf8());
    };
    for (qsizetype i = 0; i < n; ++i) {
        const char16_t c = p[i];
        if (QChar::isHighSurrogate(c)) {
            if (i + 1 < n && QChar::isLowSurrogate(p[i + 1])) {
                ++i;
                continue;
            }
            if (error)
                *error = QStringLiteral("a string holds an unpaired surrogate");
            return false;
        }
        if (QChar::isLowSurrogate(c)) {
            if (error)
                *error = QStringLiteral("a string holds an unpaired surrogate");
            return false;
        }
        if (c >= 0x20 && c != u'"' && c != u'\\')
            continue;
        flush(i);
        runStart = i + 1;
        switch (c) {
        case u'"': out.append("\\\""); break;
        case u'\\': out.append("\\\\"); break;
        case u'\b': out.append("\\b"); break;
        case u'\f': out.append("\\f"); break;
        case u'\n': out.append("\\n"); break;
        case u'\r': out.append("\\r"); break;
        case u'\t': out.append("\\t"); break;
        default: {
            static const char hex[] = "0123456789abcdef";
            const char esc[] = {'\\', 'u', '0', '0', hex[(c >> 4) & 0xf], hex[c & 0xf]};
            out.append(esc, sizeof esc);
        }
        }
    }
    flush(n);
    out.append('"');
    return true;
}

bool appendValue(QByteArray &out, const QJsonValue &v, QString *error);

bool appendObject(QByteArray &out, const QJsonObject &o, QString *error)
{
    QStringList keys = o.keys();
    std::sort(keys.begin(), keys.end(), utf16Less);
    out.append('{');
    bool first = true;
    for (const QString &k : keys) {
        if (!first)
            out.append(',');
        first = false;
        if (!appendString(out, k, error) || (out.append(':'), !appendValue(out, o.value(k), error)))
            return false;
    }
    out.append('}');
    return true;
}

bool appendValue(QByteArray &out, const QJsonValue &v, QString *error)
{
    switch (v.type()) {
    case QJsonValue::Null: out.append("null"); return true;
    case QJsonValue::Bool: out.append(v.toBool() ? "true" : "false"); return true;
    case QJsonValue::String: return appendString(out, v.toString(), error);
    case QJsonValue::Array: {
        out.append('[');
        const QJsonArray a = v.toArray();
        for (qsizetype i = 0; i < a.size(); ++i) {
            if (i)
                out.append(',');
            if (!appendValue(out, a.at(i), error))
                return false;
        }
        out.append(']');
        return true;
    }
    case QJsonValue::Object: return appendObject(out, v.toObject(), error);
    case QJsonValue::Double: {
        // QJsonValue keeps integers as qint64 when they came in as integers; toInteger() is exact for those and for
        // doubles without a fraction. Anything else is outside the subset the platform agreed to.
        const double d = v.toDouble();
        if (!std::isfinite(d) || std::trunc(d) != d) {
            if (error)
                *error = QStringLiteral("a number has a fraction (only integers are allowed)");
            return false;
        }
        const qint64 i = v.toInteger(std::numeric_limits<qint64>::min());
        if (i == std::numeric_limits<qint64>::min() || i > kMaxSafeInteger || i < -kMaxSafeInteger) {
            if (error)
                *error = QStringLiteral("an integer is beyond 2^53-1");
            return false;
        }
        out.append(QByteArray::number(i));
        return true;
    }
    case QJsonValue::Undefined: break;
    }
    if (error)
        *error = QStringLiteral("an undefined JSON value");
    return false;
}

const QRegularExpression &uuidV4Pattern()
{
    static const QRegularExpression re(
        QStringLiteral("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"));
    return re;
}

} // namespace

QByteArray canonicalJson(const QJsonObject &object, QString *error)
{
    QByteArray out;
    out.reserve(256);
    if (!appendObject(out, object, error))
        return {};
    return out;
}

QByteArray toBase64(const QByteArray &bytes)
{
    return bytes.toBase64(QByteArray::Base64Encoding);
}

bool fromBase64Strict(const QString &text, QByteArray *out)
{
    for (const QChar c : text) {
        if (c.unicode() > 0x7f)
            return false;
    }
    const QByteArray ascii = text.toLatin1();
    const auto decoded =
        QByteArray::fromBase64Encoding(ascii, QByteArray::Base64Encoding | QByteArray::AbortOnBase64DecodingErrors);
    // Re-encoding must give the same text: rejects missing padding, stray bits in the last symbol and whitespace.
    if (!decoded || decoded.decoded.toBase64(QByteArray::Base64Encoding) != ascii)
        return false;
    *out = decoded.decoded;
    return true;
}

QString sha256Hex(const QByteArray &bytes)
{
    return crypto::sha256Hex(bytes);
}

bool isLowerHexSha256(const QString &text)
{
    if (text.size() != 64)
        return false;
    return std::all_of(text.begin(), text.end(),
                       [](QChar c) { return (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f'); });
}

bool isUuidV4(const QString &text)
{
    return uuidV4Pattern().match(text).hasMatch();
}

QString formatCreatedAt(const QDateTime &when)
{
    // Asia/Shanghai has been UTC+8 without daylight saving since 1991: a fixed offset needs no tz database.
    return when.toOffsetFromUtc(8 * 3600).toString(QStringLiteral("yyyy-MM-dd'T'HH:mm:ss")) + QStringLiteral("+08:00");
}

} // namespace kiosk::queue
