// The checks of platform-api.md, each written from the contract's words (the section is named in the rule).
#include "offline_queue/sandbox/conformance_check.h"

#include "offline_queue/sandbox/http.h"
#include "offline_queue/sandbox/sandbox_util.h"

#include <QCryptographicHash>
#include <QDate>
#include <QDateTime>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTimeZone>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>

namespace kiosk::sandbox {

namespace {

constexpr double kMaxSafe = 9007199254740991.0; // 2^53 - 1

template <auto Free> struct Deleter {
    template <typename T> void operator()(T *p) const { Free(p); }
};
using Key = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using Cert = std::unique_ptr<X509, Deleter<X509_free>>;
using KeyCtx = std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX_free>>;
using MdCtx = std::unique_ptr<EVP_MD_CTX, Deleter<EVP_MD_CTX_free>>;
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, Deleter<EVP_CIPHER_CTX_free>>;
using Bio = std::unique_ptr<BIO, Deleter<BIO_free>>;

Bio memBio(const QByteArray &pem)
{
    return Bio(BIO_new_mem_buf(pem.constData(), int(pem.size())));
}

bool matches(const char *pattern, const QString &text)
{
    return QRegularExpression(QString::fromLatin1(pattern)).match(text).hasMatch();
}

bool isLowerSha256(const QJsonValue &v)
{
    return v.isString() && matches("^[0-9a-f]{64}$", v.toString());
}

bool isUuidV4(const QString &s)
{
    return matches("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-4[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$", s);
}

bool isSafeInt(const QJsonValue &v, double min, double max = kMaxSafe)
{
    if (!v.isDouble())
        return false;
    const double d = v.toDouble();
    return std::isfinite(d) && std::trunc(d) == d && d >= min && d <= max;
}

// RFC 3339 date-time; `numericOffset` refuses "Z" (the kiosk writes its own offset, "Formats").
bool isRfc3339(const QString &s, bool numericOffset = false)
{
    static const QRegularExpression re(
        QStringLiteral("^(\\d{4})-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2}):(\\d{2})(\\.\\d+)?(Z|[+-](\\d{2}):(\\d{2}))$"));
    const QRegularExpressionMatch m = re.match(s);
    if (!m.hasMatch() || (numericOffset && m.captured(8) == QLatin1String("Z")))
        return false;
    const QDate d(m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).toInt());
    return d.isValid() && m.captured(4).toInt() < 24 && m.captured(5).toInt() < 60 && m.captured(6).toInt() < 61 &&
           (m.captured(9).isEmpty() || (m.captured(9).toInt() < 24 && m.captured(10).toInt() < 60));
}

// GB/T 7408 calendar date, extended format.
bool isGbt7408Date(const QString &s)
{
    return matches("^\\d{4}-\\d{2}-\\d{2}$", s) && QDate::fromString(s, QStringLiteral("yyyy-MM-dd")).isValid();
}

void jcsString(const QString &s, QByteArray *out)
{
    out->append('"');
    for (const QChar c : s) {
        const char16_t u = c.unicode();
        switch (u) {
        case '"': out->append("\\\""); break;
        case '\\': out->append("\\\\"); break;
        case '\b': out->append("\\b"); break;
        case '\f': out->append("\\f"); break;
        case '\n': out->append("\\n"); break;
        case '\r': out->append("\\r"); break;
        case '\t': out->append("\\t"); break;
        default:
            if (u < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", unsigned(u));
                out->append(buf);
            } else {
                out->append(QString(c).toUtf8()); // surrogates are joined below
            }
        }
    }
    out->append('"');
}

bool jcsValue(const QJsonValue &v, QByteArray *out, QString *why)
{
    switch (v.type()) {
    case QJsonValue::Null: out->append("null"); return true;
    case QJsonValue::Bool: out->append(v.toBool() ? "true" : "false"); return true;
    case QJsonValue::Double: {
        const double d = v.toDouble();
        if (!std::isfinite(d) || std::trunc(d) != d) {
            *why = QStringLiteral("a number that is not an integer");
            return false;
        }
        if (std::fabs(d) > kMaxSafe) {
            *why = QStringLiteral("an integer beyond 2^53-1");
            return false;
        }
        out->append(QByteArray::number(qint64(d)));
        return true;
    }
    case QJsonValue::String: {
        // Whole string at once, so a surrogate pair becomes one UTF-8 sequence.
        QByteArray s;
        const QString text = v.toString();
        s.append('"');
        qsizetype start = 0;
        for (qsizetype i = 0; i < text.size(); ++i) {
            const char16_t u = text.at(i).unicode();
            if (u == '"' || u == '\\' || u < 0x20) {
                s.append(text.mid(start, i - start).toUtf8());
                QByteArray esc;
                jcsString(QString(text.at(i)), &esc);
                s.append(esc.mid(1, esc.size() - 2));
                start = i + 1;
            }
        }
        s.append(text.mid(start).toUtf8());
        s.append('"');
        out->append(s);
        return true;
    }
    case QJsonValue::Array: {
        out->append('[');
        bool first = true;
        for (const QJsonValue e : v.toArray()) {
            if (!first)
                out->append(',');
            first = false;
            if (!jcsValue(e, out, why))
                return false;
        }
        out->append(']');
        return true;
    }
    case QJsonValue::Object: {
        const QJsonObject o = v.toObject();
        QStringList keys = o.keys();
        // QString's ordering is by UTF-16 code units, which is what RFC 8785 section 3.2.3 asks for.
        std::sort(keys.begin(), keys.end(), [](const QString &a, const QString &b) { return a < b; });
        out->append('{');
        bool first = true;
        for (const QString &k : keys) {
            if (!first)
                out->append(',');
            first = false;
            jcsValue(QJsonValue(k), out, why);
            out->append(':');
            if (!jcsValue(o.value(k), out, why))
                return false;
        }
        out->append('}');
        return true;
    }
    case QJsonValue::Undefined: break;
    }
    *why = QStringLiteral("an undefined value");
    return false;
}

// RSA-OAEP with SHA-256 and MGF1-SHA-256, empty label ("Sealing").
std::optional<QByteArray> oaepUnwrap(const QByteArray &privatePem, const QByteArray &wrapped)
{
    Bio bio = memBio(privatePem);
    Key key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
    if (!key)
        return std::nullopt;
    KeyCtx ctx(EVP_PKEY_CTX_new(key.get(), nullptr));
    size_t len = 0;
    if (!ctx || EVP_PKEY_decrypt_init(ctx.get()) <= 0 ||
        EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_OAEP_PADDING) <= 0 ||
        EVP_PKEY_CTX_set_rsa_oaep_md(ctx.get(), EVP_sha256()) <= 0 ||
        EVP_PKEY_CTX_set_rsa_mgf1_md(ctx.get(), EVP_sha256()) <= 0 ||
        EVP_PKEY_decrypt(ctx.get(), nullptr, &len, reinterpret_cast<const unsigned char *>(wrapped.constData()),
                         size_t(wrapped.size())) <= 0)
        return std::nullopt;
    QByteArray out(qsizetype(len), '\0');
    if (EVP_PKEY_decrypt(ctx.get(), reinterpret_cast<unsigned char *>(out.data()), &len,
                         reinterpret_cast<const unsigned char *>(wrapped.constData()), size_t(wrapped.size())) <= 0)
        return std::nullopt;
    out.resize(qsizetype(len));
    return out;
}

// AES-256-GCM with a 12-byte IV and a 16-byte tag.
std::optional<QByteArray> gcmOpen(const QByteArray &key, const QByteArray &iv, const QByteArray &aad,
                                  const QByteArray &ciphertext, QByteArray tag)
{
    CipherCtx ctx(EVP_CIPHER_CTX_new());
    int len = 0;
    QByteArray out(ciphertext.size() + 16, '\0');
    auto u = [](const QByteArray &b) { return reinterpret_cast<const unsigned char *>(b.constData()); };
    if (!ctx || key.size() != 32 || iv.size() != 12 || tag.size() != 16 ||
        EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, 12, nullptr) != 1 ||
        EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr, u(key), u(iv)) != 1 ||
        EVP_DecryptUpdate(ctx.get(), nullptr, &len, u(aad), int(aad.size())) != 1)
        return std::nullopt;
    qsizetype done = 0;
    for (qsizetype off = 0; off < ciphertext.size(); off += (1 << 24)) {
        const int n = int(qMin<qsizetype>(1 << 24, ciphertext.size() - off));
        if (EVP_DecryptUpdate(ctx.get(), reinterpret_cast<unsigned char *>(out.data()) + done, &len,
                              u(ciphertext) + off, n) != 1)
            return std::nullopt;
        done += len;
    }
    if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, 16, tag.data()) != 1 ||
        EVP_DecryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char *>(out.data()) + done, &len) != 1)
        return std::nullopt;
    out.resize(done + len);
    return out;
}

// ECDSA P-256 with SHA-256 over `message`, DER signature, with the certificate's public key.
bool ecdsaValid(const QByteArray &certificatePem, const QByteArray &message, const QByteArray &der, QString *why)
{
    Bio bio = memBio(certificatePem);
    Cert cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    EVP_PKEY *pub = cert ? X509_get0_pubkey(cert.get()) : nullptr;
    if (!pub) {
        *why = QStringLiteral("no client certificate to verify with");
        return false;
    }
    if (EVP_PKEY_get_base_id(pub) != EVP_PKEY_EC || EVP_PKEY_get_bits(pub) != 256) {
        *why = QStringLiteral("the client certificate's key is not EC P-256");
        return false;
    }
    MdCtx md(EVP_MD_CTX_new());
    if (!md || EVP_DigestVerifyInit(md.get(), nullptr, EVP_sha256(), nullptr, pub) != 1) {
        *why = QStringLiteral("cannot set up the verification");
        return false;
    }
    const int ok =
        EVP_DigestVerify(md.get(), reinterpret_cast<const unsigned char *>(der.constData()), size_t(der.size()),
                         reinterpret_cast<const unsigned char *>(message.constData()), size_t(message.size()));
    if (ok != 1)
        *why = QStringLiteral("the signature does not verify over the RFC 8785 bytes of the envelope without "
                              "`signature`");
    return ok == 1;
}

struct Findings {
    QList<Finding> list;
    void add(const QString &rule, const QString &detail) { list.append({rule, detail}); }
    void require(bool ok, const QString &rule, const QString &detail)
    {
        if (!ok)
            add(rule, detail);
    }
};

bool isStringOrNull(const QJsonObject &o, const char *name)
{
    return o.contains(QLatin1String(name)) &&
           (o.value(QLatin1String(name)).isString() || o.value(QLatin1String(name)).isNull());
}

} // namespace

QJsonObject Deviation::toJson() const
{
    return QJsonObject{{QStringLiteral("at"), at},
                       {QStringLiteral("request"), request},
                       {QStringLiteral("request_id"), requestId},
                       {QStringLiteral("kiosk_id"), kioskId},
                       {QStringLiteral("rule"), finding.rule},
                       {QStringLiteral("detail"), finding.detail}};
}

QByteArray jcsBytes(const QJsonValue &value, QString *why)
{
    QByteArray out;
    QString reason;
    if (!jcsValue(value, &out, &reason)) {
        if (why)
            *why = reason;
        return {};
    }
    return out;
}

bool gb11643CheckDigitValid(const QString &id)
{
    if (!matches("^\\d{17}[0-9X]$", id))
        return false;
    static const int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (int i = 0; i < 17; ++i)
        sum += (id.at(i).unicode() - '0') * weights[i];
    static const char check[] = "10X98765432";
    return id.at(17) == QLatin1Char(check[sum % 11]);
}

std::optional<QByteArray> strictBase64(const QString &text)
{
    if (text.isEmpty() || text.size() % 4 != 0 || !matches("^[A-Za-z0-9+/]*={0,2}$", text))
        return std::nullopt;
    const auto r = QByteArray::fromBase64Encoding(text.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!r)
        return std::nullopt;
    // Canonical: re-encoding gives the same text (no stray bits in the last group).
    if (QString::fromLatin1(r.decoded.toBase64()) != text)
        return std::nullopt;
    return r.decoded;
}

QList<Finding> ConformanceChecker::checkPerson(const QJsonValue &v, const QString &where) const
{
    Findings f;
    if (!v.isObject()) {
        f.add(where, QStringLiteral("not a Person object"));
        return f.list;
    }
    const QJsonObject p = v.toObject();
    const QStringList &idTypes = personIdTypes();
    const QStringList &verifiedBy = personVerifiedBy();
    const QString idType = p.value(QLatin1String("id_type")).toString();
    const QString idNumber = p.value(QLatin1String("id_number")).toString();
    f.require(idTypes.contains(idType), where + QStringLiteral(".id_type"), QStringLiteral("not one of the id types"));
    f.require(!idNumber.isEmpty(), where + QStringLiteral(".id_number"), QStringLiteral("missing or empty"));
    f.require(p.value(QLatin1String("name")).isString() && !p.value(QLatin1String("name")).toString().isEmpty(),
              where + QStringLiteral(".name"), QStringLiteral("missing or empty"));
    f.require(verifiedBy.contains(p.value(QLatin1String("verified_by")).toString()),
              where + QStringLiteral(".verified_by"), QStringLiteral("not card|qr|face|staff"));
    if (p.contains(QLatin1String("name_en")))
        f.require(p.value(QLatin1String("name_en")).isString(), where + QStringLiteral(".name_en"),
                  QStringLiteral("not a string"));
    if (p.contains(QLatin1String("sex"))) {
        // GB/T 2261.1: 0 not known, 1 male, 2 female, 9 not stated; as a JSON string.
        const QJsonValue sex = p.value(QLatin1String("sex"));
        f.require(sex.isString() && QStringList({"0", "1", "2", "9"}).contains(sex.toString()),
                  where + QStringLiteral(".sex"), QStringLiteral("not a GB/T 2261.1 code string (\"1\", \"2\")"));
    }
    if (p.contains(QLatin1String("birth_date")))
        f.require(isGbt7408Date(p.value(QLatin1String("birth_date")).toString()), where + QStringLiteral(".birth_date"),
                  QStringLiteral("not a GB/T 7408 YYYY-MM-DD date"));
    if (p.contains(QLatin1String("nationality")))
        f.require(matches("^[A-Z]{3}$", p.value(QLatin1String("nationality")).toString()),
                  where + QStringLiteral(".nationality"), QStringLiteral("not ISO 3166-1 alpha-3"));
    if (idType == QLatin1String("resident"))
        f.require(gb11643CheckDigitValid(idNumber), where + QStringLiteral(".id_number"),
                  QStringLiteral("not a GB 11643 citizen number (18 characters, check digit)"));
    if (idType == QLatin1String("qr")) {
        // The identity token of the 粤省事 check as id_number, the masked name as name ("Payload", Person).
        const std::optional<QString> masked =
            context_.maskedNameOfToken ? context_.maskedNameOfToken(idNumber) : std::nullopt;
        if (!masked)
            f.add(where + QStringLiteral(".id_number"),
                  QStringLiteral("id_type qr: not an identity_token this platform issued"));
        else
            f.require(p.value(QLatin1String("name")).toString() == *masked, where + QStringLiteral(".name"),
                      QStringLiteral("id_type qr: not the masked name of the identity check"));
    }
    return f.list;
}

QList<Finding> ConformanceChecker::checkPayload(const QJsonObject &p) const
{
    Findings f;
    for (const char *m : {"applicant", "agent", "principal_authorisation", "form", "materials", "consent", "commitment",
                          "delivery", "prereview", "channel", "query_code"})
        f.require(p.contains(QLatin1String(m)), QStringLiteral("payload.%1").arg(QLatin1String(m)),
                  QStringLiteral("missing (members written \"X or null\" are always present)"));
    f.list += checkPerson(p.value(QLatin1String("applicant")), QStringLiteral("payload.applicant"));
    const QJsonValue agent = p.value(QLatin1String("agent"));
    const QJsonValue letter = p.value(QLatin1String("principal_authorisation"));
    if (!agent.isNull() && !agent.isUndefined()) {
        f.list += checkPerson(agent, QStringLiteral("payload.agent"));
        f.require(letter.isArray() && !letter.toArray().isEmpty(), QStringLiteral("payload.principal_authorisation"),
                  QStringLiteral("an agent applies without the letter of authorisation's pages"));
    } else {
        f.require(letter.isNull(), QStringLiteral("payload.principal_authorisation"),
                  QStringLiteral("not null while no agent applies"));
    }
    for (const QJsonValue v : letter.toArray())
        f.require(isLowerSha256(v), QStringLiteral("payload.principal_authorisation[]"),
                  QStringLiteral("not a lowercase hex sha256"));
    const QJsonObject form = p.value(QLatin1String("form")).toObject();
    f.require(p.value(QLatin1String("form")).isObject(), QStringLiteral("payload.form"),
              QStringLiteral("not an object"));
    for (auto it = form.begin(); it != form.end(); ++it)
        f.require(it.value().isString(), QStringLiteral("payload.form.%1").arg(it.key()),
                  QStringLiteral("not a string"));
    f.require(p.value(QLatin1String("materials")).isArray(), QStringLiteral("payload.materials"),
              QStringLiteral("not an array"));
    for (const QJsonValue v : p.value(QLatin1String("materials")).toArray()) {
        const QJsonObject m = v.toObject();
        const QString status = m.value(QLatin1String("status")).toString();
        f.require(m.value(QLatin1String("material_id")).isString() &&
                      !m.value(QLatin1String("material_id")).toString().isEmpty(),
                  QStringLiteral("payload.materials[].material_id"), QStringLiteral("missing or empty"));
        f.require(QStringList({"provided", "tolerated", "shared"}).contains(status),
                  QStringLiteral("payload.materials[].status"), QStringLiteral("not provided|tolerated|shared"));
        const QJsonArray pages = m.value(QLatin1String("pages")).toArray();
        f.require(m.value(QLatin1String("pages")).isArray(), QStringLiteral("payload.materials[].pages"),
                  QStringLiteral("not an array"));
        f.require((status == QLatin1String("provided")) == !pages.isEmpty(),
                  QStringLiteral("payload.materials[].pages"),
                  QStringLiteral("a provided material has pages, a tolerated or shared one none"));
        for (const QJsonValue page : pages)
            f.require(isLowerSha256(page), QStringLiteral("payload.materials[].pages[]"),
                      QStringLiteral("not a lowercase hex sha256"));
    }
    const QJsonValue consent = p.value(QLatin1String("consent"));
    if (!consent.isNull() && !consent.isUndefined()) {
        const QJsonObject c = consent.toObject();
        for (const char *m : {"purpose", "text_version"})
            f.require(c.value(QLatin1String(m)).isString() && !c.value(QLatin1String(m)).toString().isEmpty(),
                      QStringLiteral("payload.consent.%1").arg(QLatin1String(m)), QStringLiteral("missing or empty"));
        f.require(isLowerSha256(c.value(QLatin1String("text_sha256"))), QStringLiteral("payload.consent.text_sha256"),
                  QStringLiteral("not a lowercase hex sha256"));
        f.require(
            QStringList({"agree", "decline", "withdrawn"}).contains(c.value(QLatin1String("decision")).toString()),
            QStringLiteral("payload.consent.decision"), QStringLiteral("not agree|decline|withdrawn"));
        f.require(isRfc3339(c.value(QLatin1String("at")).toString()), QStringLiteral("payload.consent.at"),
                  QStringLiteral("not an RFC 3339 time"));
        f.require(QStringList({"face", "alternative"}).contains(c.value(QLatin1String("method_used")).toString()),
                  QStringLiteral("payload.consent.method_used"), QStringLiteral("not face|alternative"));
        for (const char *never : {"image", "template", "photo", "embedding"})
            f.require(!c.contains(QLatin1String(never)), QStringLiteral("payload.consent"),
                      QStringLiteral("holds an image or a template"));
    }
    const QJsonValue commitment = p.value(QLatin1String("commitment"));
    if (!commitment.isNull() && !commitment.isUndefined()) {
        const QJsonObject c = commitment.toObject();
        f.require(c.value(QLatin1String("text_version")).isString(), QStringLiteral("payload.commitment.text_version"),
                  QStringLiteral("not a string"));
        f.require(isLowerSha256(c.value(QLatin1String("text_sha256"))),
                  QStringLiteral("payload.commitment.text_sha256"), QStringLiteral("not a lowercase hex sha256"));
        f.require(isLowerSha256(c.value(QLatin1String("signature_blob"))),
                  QStringLiteral("payload.commitment.signature_blob"), QStringLiteral("not a lowercase hex sha256"));
    }
    const QJsonObject d = p.value(QLatin1String("delivery")).toObject();
    const QString method = d.value(QLatin1String("method")).toString();
    f.require(QStringList({"pickup", "mail", "self_print", "online"}).contains(method),
              QStringLiteral("payload.delivery.method"), QStringLiteral("not pickup|mail|self_print|online"));
    f.require(isStringOrNull(d, "address") && isStringOrNull(d, "phone"), QStringLiteral("payload.delivery"),
              QStringLiteral("address and phone are each a string or null"));
    if (method == QLatin1String("mail"))
        f.require(d.value(QLatin1String("address")).isString(), QStringLiteral("payload.delivery.address"),
                  QStringLiteral("mail without an address"));
    f.require(p.value(QLatin1String("prereview")).isArray(), QStringLiteral("payload.prereview"),
              QStringLiteral("not an array"));
    for (const QJsonValue v : p.value(QLatin1String("prereview")).toArray())
        f.require(v.toObject().value(QLatin1String("code")).isString() &&
                      v.toObject().value(QLatin1String("message")).isString(),
                  QStringLiteral("payload.prereview[]"), QStringLiteral("not {code, message} strings"));
    f.require(p.value(QLatin1String("channel")).toString() == QLatin1String("kiosk"), QStringLiteral("payload.channel"),
              QStringLiteral("not \"kiosk\""));
    f.require(p.value(QLatin1String("query_code")).isString() &&
                  matches("^[0-9]{8}$", p.value(QLatin1String("query_code")).toString()),
              QStringLiteral("payload.query_code"), QStringLiteral("not 8 decimal digits"));
    return f.list;
}

QList<Finding> ConformanceChecker::checkEnvelope(const QByteArray &body, const QByteArray &certificatePem,
                                                 const QString &idempotencyKey, const QString &kioskId) const
{
    Findings f;
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject()) {
        f.add(QStringLiteral("Envelope"), QStringLiteral("the body is not a JSON object"));
        return f.list;
    }
    const QJsonObject e = doc.object();
    auto str = [&e](const char *m) { return e.value(QLatin1String(m)).toString(); };
    for (const char *m : {"id", "local_no", "kiosk_id", "created_at", "item_code", "item_version", "kind", "key_id",
                          "wrapped_key", "iv", "tag", "payload", "blobs", "signature"})
        f.require(e.contains(QLatin1String(m)), QStringLiteral("Envelope.%1").arg(QLatin1String(m)),
                  QStringLiteral("missing"));
    const QString id = str("id");
    f.require(isUuidV4(id), QStringLiteral("Envelope.id"), QStringLiteral("not a UUID v4"));
    f.require(idempotencyKey == id, QStringLiteral("Idempotency"),
              QStringLiteral("Idempotency-Key is not the envelope's id"));
    f.require(str("kiosk_id") == kioskId, QStringLiteral("Envelope.kiosk_id"),
              QStringLiteral("not the X-Kiosk-Id / certificate CN"));
    // <kiosk_id>-<yyyymmdd>-<seq>, the date in Asia/Shanghai, seq zero-padded to 6 digits ("Formats").
    const QRegularExpressionMatch ln =
        QRegularExpression(QStringLiteral("^(.+)-(\\d{8})-(\\d{6,})$")).match(str("local_no"));
    const QDate lnDate = ln.hasMatch() ? QDate::fromString(ln.captured(2), QStringLiteral("yyyyMMdd")) : QDate();
    f.require(ln.hasMatch() && ln.captured(1) == str("kiosk_id") && lnDate.isValid(),
              QStringLiteral("Envelope.local_no"), QStringLiteral("not <kiosk_id>-<yyyymmdd>-<seq of 6 digits>"));
    const QString created = str("created_at");
    f.require(isRfc3339(created, true), QStringLiteral("Envelope.created_at"),
              QStringLiteral("not RFC 3339 with the kiosk's numeric offset"));
    if (lnDate.isValid() && isRfc3339(created)) {
        const QDate shanghai = QDateTime::fromString(created, Qt::ISODateWithMs)
                                   .toTimeZone(QTimeZone(QByteArrayLiteral("Asia/Shanghai")))
                                   .date();
        // The number is handed out a moment before the envelope's time is taken: the same day, or just after midnight.
        f.require(lnDate == shanghai || lnDate.addDays(1) == shanghai, QStringLiteral("Envelope.local_no"),
                  QStringLiteral("its date is not the Asia/Shanghai date of created_at"));
    }
    f.require(!str("item_code").isEmpty(), QStringLiteral("Envelope.item_code"), QStringLiteral("missing or empty"));
    f.require(isSafeInt(e.value(QLatin1String("item_version")), 0), QStringLiteral("Envelope.item_version"),
              QStringLiteral("not a non-negative integer"));
    f.require(str("kind") == QLatin1String("application"), QStringLiteral("Envelope.kind"),
              QStringLiteral("not \"application\""));
    f.require(!str("key_id").isEmpty() && str("key_id").size() <= 64, QStringLiteral("Envelope.key_id"),
              QStringLiteral("empty or longer than 64"));
    const std::optional<QByteArray> wrapped = strictBase64(str("wrapped_key"));
    const std::optional<QByteArray> iv = strictBase64(str("iv"));
    const std::optional<QByteArray> tag = strictBase64(str("tag"));
    const std::optional<QByteArray> ciphertext = strictBase64(str("payload"));
    const std::optional<QByteArray> signature = strictBase64(str("signature"));
    for (const auto &[name, v] : {std::pair{"wrapped_key", &wrapped}, std::pair{"iv", &iv}, std::pair{"tag", &tag},
                                  std::pair{"payload", &ciphertext}, std::pair{"signature", &signature}})
        f.require(v->has_value(), QStringLiteral("Encodings"),
                  QStringLiteral("%1 is not standard base64 with padding").arg(QLatin1String(name)));
    f.require(!iv || iv->size() == 12, QStringLiteral("Sealing"), QStringLiteral("iv is not 12 bytes"));
    f.require(!tag || tag->size() == 16, QStringLiteral("Sealing"), QStringLiteral("tag is not 16 bytes"));
    QSet<QString> listed;
    f.require(e.value(QLatin1String("blobs")).isArray(), QStringLiteral("Envelope.blobs"),
              QStringLiteral("not an array"));
    for (const QJsonValue v : e.value(QLatin1String("blobs")).toArray()) {
        const QJsonObject b = v.toObject();
        f.require(isLowerSha256(b.value(QLatin1String("sha256"))) && isSafeInt(b.value(QLatin1String("size")), 1) &&
                      b.value(QLatin1String("material_id")).isString() && isSafeInt(b.value(QLatin1String("page")), 1),
                  QStringLiteral("Envelope.blobs[]"),
                  QStringLiteral("not {sha256, size >= 1, material_id, page >= 1}"));
        listed.insert(b.value(QLatin1String("sha256")).toString());
    }

    // Signature: ECDSA P-256/SHA-256 over the JCS bytes of the envelope without `signature` ("Sealing").
    QJsonObject unsignedEnvelope = e;
    unsignedEnvelope.remove(QStringLiteral("signature"));
    QString why;
    const QByteArray canonical = jcsBytes(unsignedEnvelope, &why);
    if (canonical.isEmpty())
        f.add(QStringLiteral("Sealing"), QStringLiteral("the envelope holds %1").arg(why));
    else if (signature && !ecdsaValid(certificatePem, canonical, *signature, &why))
        f.add(QStringLiteral("Sealing.signature"), why);

    // Unsealing: the wrapped key with the platform key of key_id, then the payload with AAD = the id's bytes.
    const QByteArray privatePem =
        context_.platformPrivateKey ? context_.platformPrivateKey(str("key_id")) : QByteArray();
    if (privatePem.isEmpty()) {
        f.add(QStringLiteral("Sealing.key_id"), QStringLiteral("a key_id the platform never issued"));
        return f.list;
    }
    if (!wrapped || !iv || !tag || !ciphertext)
        return f.list;
    const std::optional<QByteArray> key = oaepUnwrap(privatePem, *wrapped);
    if (!key || key->size() != 32) {
        f.add(QStringLiteral("Sealing.wrapped_key"),
              QStringLiteral("does not unwrap to a 256-bit key with RSA-OAEP (SHA-256, MGF1-SHA-256)"));
        return f.list;
    }
    const std::optional<QByteArray> plain = gcmOpen(*key, *iv, id.toUtf8(), *ciphertext, *tag);
    if (!plain) {
        f.add(QStringLiteral("Sealing.payload"), QStringLiteral("does not open with AES-256-GCM, AAD = the id"));
        return f.list;
    }
    const QJsonDocument payloadDoc = QJsonDocument::fromJson(*plain, &pe);
    if (pe.error != QJsonParseError::NoError || !payloadDoc.isObject()) {
        f.add(QStringLiteral("Payload"), QStringLiteral("the opened payload is not a UTF-8 JSON object"));
        return f.list;
    }
    const QJsonObject payload = payloadDoc.object();
    f.list += checkPayload(payload);
    // Every sealed blob the payload names is listed in the envelope, and only those.
    QSet<QString> named;
    for (const QJsonValue m : payload.value(QLatin1String("materials")).toArray())
        for (const QJsonValue page : m.toObject().value(QLatin1String("pages")).toArray())
            named.insert(page.toString());
    for (const QJsonValue v : payload.value(QLatin1String("principal_authorisation")).toArray())
        named.insert(v.toString());
    const QJsonValue sig = payload.value(QLatin1String("commitment")).toObject().value(QLatin1String("signature_blob"));
    if (sig.isString())
        named.insert(sig.toString());
    f.require(named == listed, QStringLiteral("Envelope.blobs"),
              QStringLiteral("the blobs listed are not the sealed pages the payload names (%1 listed, %2 named)")
                  .arg(listed.size())
                  .arg(named.size()));
    return f.list;
}

QList<Finding> ConformanceChecker::checkBlob(const QString &name, const QByteArray &b) const
{
    // "KSB1" | key_id length (1) | key_id | wrapped key length (2, BE) | wrapped key | IV (12) | ciphertext | tag (16)
    Findings f;
    const QString hash = QString::fromLatin1(QCryptographicHash::hash(b, QCryptographicHash::Sha256).toHex());
    f.require(hash == name, QStringLiteral("Sealing.blob"), QStringLiteral("its name is not the sha256 of its bytes"));
    auto bad = [&f](const QString &why) {
        f.add(QStringLiteral("Sealing.blob"), why);
        return f.list;
    };
    if (b.size() < 4 + 1 || !b.startsWith("KSB1"))
        return bad(QStringLiteral("does not start with \"KSB1\""));
    const int keyIdLen = quint8(b.at(4));
    qsizetype at = 5 + keyIdLen;
    if (keyIdLen == 0 || b.size() < at + 2)
        return bad(QStringLiteral("truncated key_id"));
    const QString keyId = QString::fromUtf8(b.mid(5, keyIdLen));
    const int wrappedLen = (quint8(b.at(at)) << 8) | quint8(b.at(at + 1));
    at += 2;
    if (b.size() < at + wrappedLen + 12 + 16)
        return bad(QStringLiteral("truncated"));
    const QByteArray wrapped = b.mid(at, wrappedLen);
    const QByteArray iv = b.mid(at + wrappedLen, 12);
    const QByteArray ciphertext = b.mid(at + wrappedLen + 12, b.size() - (at + wrappedLen + 12) - 16);
    const QByteArray tag = b.right(16);
    const QByteArray privatePem = context_.platformPrivateKey ? context_.platformPrivateKey(keyId) : QByteArray();
    if (privatePem.isEmpty())
        return bad(QStringLiteral("a key_id the platform never issued"));
    const std::optional<QByteArray> key = oaepUnwrap(privatePem, wrapped);
    if (!key || key->size() != 32)
        return bad(QStringLiteral("the wrapped key does not unwrap with RSA-OAEP"));
    const std::optional<QByteArray> plain = gcmOpen(*key, iv, QByteArrayLiteral("KSB1"), ciphertext, tag);
    if (!plain)
        return bad(QStringLiteral("does not open with AES-256-GCM, AAD = \"KSB1\""));
    f.require(plain->startsWith("\xFF\xD8\xFF") || plain->startsWith("\x89PNG\r\n\x1a\n"),
              QStringLiteral("Sealing.blob"), QStringLiteral("the plaintext is not a JPEG or PNG image"));
    return f.list;
}

QList<Finding> ConformanceChecker::checkEvaluation(const QByteArray &body, const QString &idempotencyKey) const
{
    Findings f;
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    if (!doc.isObject()) {
        f.add(QStringLiteral("Evaluation"), QStringLiteral("the body is not a JSON object"));
        return f.list;
    }
    const QJsonObject e = doc.object();
    const QString id = e.value(QLatin1String("id")).toString();
    f.require(isUuidV4(id), QStringLiteral("Evaluation.id"), QStringLiteral("not a UUID v4"));
    f.require(id == idempotencyKey, QStringLiteral("Idempotency"), QStringLiteral("Idempotency-Key is not the id"));
    const bool caseNo =
        e.value(QLatin1String("case_no")).isString() && !e.value(QLatin1String("case_no")).toString().isEmpty();
    const bool localNo =
        e.value(QLatin1String("local_no")).isString() && !e.value(QLatin1String("local_no")).toString().isEmpty();
    f.require(caseNo || localNo, QStringLiteral("Evaluation.case_no"), QStringLiteral("neither case_no nor local_no"));
    if (localNo && !caseNo)
        f.require(matches("^.+-\\d{8}-\\d{6,}$", e.value(QLatin1String("local_no")).toString()),
                  QStringLiteral("Evaluation.local_no"), QStringLiteral("not <kiosk_id>-<yyyymmdd>-<seq>"));
    f.require(matches("^[0-9]{8}$", e.value(QLatin1String("query_code")).toString()),
              QStringLiteral("Evaluation.query_code"), QStringLiteral("missing or not 8 decimal digits"));
    f.require(!e.value(QLatin1String("item_code")).toString().isEmpty(), QStringLiteral("Evaluation.item_code"),
              QStringLiteral("missing or empty"));
    f.require(isSafeInt(e.value(QLatin1String("score")), 1, 5), QStringLiteral("Evaluation.score"),
              QStringLiteral("not an integer 1..5"));
    static const QStringList reasons{"slow",           "unclear_guide",  "device_fault",
                                     "too_many_steps", "staff_attitude", "other"};
    QSet<QString> seen;
    f.require(e.value(QLatin1String("reasons")).isArray(), QStringLiteral("Evaluation.reasons"),
              QStringLiteral("not an array"));
    for (const QJsonValue r : e.value(QLatin1String("reasons")).toArray()) {
        f.require(reasons.contains(r.toString()) && !seen.contains(r.toString()), QStringLiteral("Evaluation.reasons"),
                  QStringLiteral("an unknown or repeated reason code"));
        seen.insert(r.toString());
    }
    const QJsonValue comment = e.value(QLatin1String("comment"));
    f.require(comment.isUndefined() || comment.isNull() ||
                  (comment.isString() && comment.toString().toUcs4().size() <= 200),
              QStringLiteral("Evaluation.comment"), QStringLiteral("not a string of at most 200 code points"));
    return f.list;
}

QList<Deviation> ConformanceChecker::inspect(const HttpRequest &r, const QString &now)
{
    Findings f;
    const QString path = r.path;
    for (const char *h : {"x-kiosk-id", "x-request-id"})
        f.require(r.headerCount(h) == 1 && !r.header(h).isEmpty(), QStringLiteral("Transport"),
                  QStringLiteral("exactly one non-empty %1 header").arg(QLatin1String(h)));
    const QByteArray requestId = r.header("x-request-id");
    if (!requestId.isEmpty()) {
        f.require(!requestIds_.contains(requestId), QStringLiteral("Formats.X-Request-Id"),
                  QStringLiteral("an X-Request-Id seen before: it is new for every attempt"));
        requestIds_.insert(requestId);
    }
    const QString idempotencyKey = QString::fromUtf8(r.header("idempotency-key"));
    const QString kioskId = QString::fromUtf8(r.header("x-kiosk-id"));
    f.require(kioskId == r.peerCommonName, QStringLiteral("Sealing"),
              QStringLiteral("X-Kiosk-Id is not the client certificate's CN"));
    auto needsKey = [&] {
        f.require(r.headerCount("idempotency-key") == 1 && !idempotencyKey.isEmpty(), QStringLiteral("Idempotency"),
                  QStringLiteral("Idempotency-Key missing"));
    };
    const bool blobPut = r.method == "PUT" && path.startsWith(QLatin1String("/v1/blobs/"));
    f.require(blobPut || r.body.size() <= kMiB, QStringLiteral("Transport"), QStringLiteral("a body over 1 MiB"));
    if (r.method == "POST" && path == QLatin1String("/v1/submissions")) {
        needsKey();
        f.list += checkEnvelope(r.body, r.peerCertificate.toPem(), idempotencyKey, r.peerCommonName);
    } else if (blobPut) {
        f.list += checkBlob(path.mid(QStringLiteral("/v1/blobs/").size()), r.body);
    } else if (r.method == "POST" && path == QLatin1String("/v1/evaluations")) {
        needsKey();
        f.list += checkEvaluation(r.body, idempotencyKey);
    } else if (r.method == "GET" &&
               (path == QLatin1String("/v1/cases") ||
                (path.startsWith(QLatin1String("/v1/cases/")) && path != QLatin1String("/v1/cases/query")))) {
        // Every lookup by number carries the case's query code ("Endpoints").
        f.require(matches("^[0-9]{8}$", r.query.queryItemValue(QStringLiteral("query_code"), QUrl::FullyDecoded)),
                  QStringLiteral("Endpoints.cases"), QStringLiteral("a case lookup without an 8-digit query_code"));
    } else if (r.method == "POST" && path == QLatin1String("/v1/audit/anchor")) {
        const QJsonObject a = QJsonDocument::fromJson(r.body).object();
        f.require(a.value(QLatin1String("kiosk_id")).toString() == kioskId &&
                      isSafeInt(a.value(QLatin1String("seq")), 0) && isLowerSha256(a.value(QLatin1String("head_hash"))),
                  QStringLiteral("Endpoints.audit/anchor"),
                  QStringLiteral("not {kiosk_id, seq, head_hash (hex SHA-256)}"));
    } else if (r.method == "POST" && path == QLatin1String("/v1/heartbeat")) {
        const QJsonObject h = QJsonDocument::fromJson(r.body).object();
        const QJsonObject q = h.value(QLatin1String("queue")).toObject();
        bool devices = h.value(QLatin1String("devices")).isArray();
        for (const QJsonValue d : h.value(QLatin1String("devices")).toArray())
            devices = devices && d.toObject().value(QLatin1String("kind")).isString() &&
                      d.toObject().value(QLatin1String("status")).isString();
        const QJsonValue lastSync = h.value(QLatin1String("last_sync"));
        f.require(h.value(QLatin1String("kiosk_id")).toString() == kioskId &&
                      h.value(QLatin1String("app_version")).isString() && devices &&
                      isSafeInt(q.value(QLatin1String("pending")), 0) && isSafeInt(q.value(QLatin1String("dead")), 0) &&
                      isSafeInt(q.value(QLatin1String("oldest_age_s")), 0) &&
                      (lastSync.isNull() || isRfc3339(lastSync.toString())),
                  QStringLiteral("Endpoints.heartbeat"),
                  QStringLiteral("not {kiosk_id, app_version, devices[{kind,status,detail}], queue{pending,dead,"
                                 "oldest_age_s}, last_sync}"));
    }
    QList<Deviation> found;
    for (const Finding &x : f.list)
        found.append(
            {now, QString::fromLatin1(r.method) + QLatin1Char(' ') + path, QString::fromUtf8(requestId), kioskId, x});
    // Bounded: a flood of bad requests must not grow the sandbox without end.
    for (const Deviation &d : found)
        if (log_.size() < 10000)
            log_.append(d);
    return found;
}

QJsonArray ConformanceChecker::deviations() const
{
    QJsonArray a;
    for (const Deviation &d : log_)
        a.append(d.toJson());
    return a;
}

void ConformanceChecker::clear()
{
    log_.clear();
    requestIds_.clear();
}

} // namespace kiosk::sandbox
