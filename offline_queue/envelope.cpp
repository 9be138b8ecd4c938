// Canonical JSON and the Sealer: the kiosk side of platform-api.md "Sealing", byte for byte.
#include "offline_queue/envelope.h"

#include "offline_queue/crypto_util.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QUuid>

#include <openssl/crypto.h>

#include <algorithm>
#include <cmath>

namespace kiosk::queue {

QString toString(SealErrorCode code)
{
    switch (code) {
    case SealErrorCode::None: return QStringLiteral("none");
    case SealErrorCode::InvalidPlatformKey: return QStringLiteral("invalid_platform_key");
    case SealErrorCode::InvalidKioskKey: return QStringLiteral("invalid_kiosk_key");
    case SealErrorCode::InvalidInput: return QStringLiteral("invalid_input");
    case SealErrorCode::Crypto: return QStringLiteral("crypto");
    }
    return QStringLiteral("unknown");
}

// --- Canonical JSON ---------------------------------------------------------------------------------------------

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

SealError fail(SealErrorCode code, const QString &message)
{
    return {code, message};
}

// Cleanses a secret held in a QByteArray we own (detached, so the bytes are ours alone).
void cleanse(QByteArray &bytes)
{
    if (!bytes.isEmpty())
        OPENSSL_cleanse(bytes.data(), size_t(bytes.size()));
    bytes.clear();
}

struct SecretKey {
    unsigned char bytes[crypto::kAesKeySize];
    ~SecretKey() { OPENSSL_cleanse(bytes, sizeof bytes); }
};

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

// --- SealedEnvelope ---------------------------------------------------------------------------------------------

SealResult<SealedEnvelope> SealedEnvelope::fromBytes(const QByteArray &bytes)
{
    SealResult<SealedEnvelope> r;
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject()) {
        r.error = fail(SealErrorCode::InvalidInput, QStringLiteral("envelope is not a JSON object"));
        return r;
    }
    const QJsonObject o = doc.object();
    for (const char *member : {"id", "local_no", "kiosk_id", "item_code", "created_at", "signature"}) {
        if (!o.value(QLatin1String(member)).isString()) {
            r.error = fail(SealErrorCode::InvalidInput, QStringLiteral("envelope member '%1' missing").arg(member));
            return r;
        }
    }
    if (!o.value(QLatin1String("blobs")).isArray()) {
        r.error = fail(SealErrorCode::InvalidInput, QStringLiteral("envelope member 'blobs' missing"));
        return r;
    }
    SealedEnvelope &e = r.value;
    e.id = o.value(QLatin1String("id")).toString();
    e.localNo = o.value(QLatin1String("local_no")).toString();
    e.kioskId = o.value(QLatin1String("kiosk_id")).toString();
    e.itemCode = o.value(QLatin1String("item_code")).toString();
    e.createdAt = o.value(QLatin1String("created_at")).toString();
    for (const QJsonValue v : o.value(QLatin1String("blobs")).toArray()) {
        const QJsonObject b = v.toObject();
        BlobRef ref{b.value(QLatin1String("sha256")).toString(), b.value(QLatin1String("size")).toInteger(-1),
                    b.value(QLatin1String("material_id")).toString(), b.value(QLatin1String("page")).toInteger(-1)};
        if (!isLowerHexSha256(ref.sha256) || ref.size <= 0) {
            r.error = fail(SealErrorCode::InvalidInput, QStringLiteral("envelope lists a malformed blob"));
            return r;
        }
        e.blobs << ref;
    }
    if (!isUuidV4(e.id)) {
        r.error = fail(SealErrorCode::InvalidInput, QStringLiteral("envelope id is not a UUID v4"));
        return r;
    }
    e.bytes = bytes;
    return r;
}

// --- Sealer -----------------------------------------------------------------------------------------------------

struct Sealer::Keys {
    crypto::PKey platform;
    crypto::PKey kiosk;
};

Sealer::Sealer(const PlatformKey &platformKey, const QByteArray &kioskPrivateKeyPem)
    : keys_(std::make_unique<Keys>()), keyId_(platformKey.keyId)
{
    if (keyId_.isEmpty() || keyId_.size() > kMaxKeyIdChars || keyId_.toUtf8().size() > 255) {
        error_ = fail(SealErrorCode::InvalidPlatformKey, QStringLiteral("key_id must hold 1..64 characters"));
        return;
    }
    keys_->platform = crypto::loadPublicKey(platformKey.publicKeyPem);
    if (!crypto::isRsa(keys_->platform.get(), 2048)) {
        error_ = fail(SealErrorCode::InvalidPlatformKey,
                      QStringLiteral("the platform key is not an RSA public key of at least 2048 bits (%1)")
                          .arg(crypto::takeOpenSslError()));
        return;
    }
    keys_->kiosk = crypto::loadPrivateKey(kioskPrivateKeyPem);
    if (!crypto::isP256(keys_->kiosk.get())) {
        error_ =
            fail(SealErrorCode::InvalidKioskKey,
                 QStringLiteral("the kiosk key is not an EC P-256 private key (%1)").arg(crypto::takeOpenSslError()));
        return;
    }
}

Sealer::~Sealer() = default;

SealResult<SealedBlob> Sealer::sealBlob(const QByteArray &plaintext) const
{
    SealResult<SealedBlob> r;
    if (!isValid()) {
        r.error = error_;
        return r;
    }
    if (plaintext.isEmpty()) {
        r.error = fail(SealErrorCode::InvalidInput, QStringLiteral("an empty blob"));
        return r;
    }
    SecretKey key;
    QByteArray iv(crypto::kGcmIvSize, Qt::Uninitialized);
    if (!crypto::randomSecretBytes(key.bytes, sizeof key.bytes) ||
        !crypto::randomBytes(reinterpret_cast<unsigned char *>(iv.data()), int(iv.size()))) {
        r.error = fail(SealErrorCode::Crypto, QStringLiteral("no randomness: %1").arg(crypto::takeOpenSslError()));
        return r;
    }
    QByteArray wrapped;
    QByteArray ciphertext;
    QByteArray tag;
    const QByteArray magic(kBlobMagic, kBlobMagicSize);
    if (!crypto::rsaOaepWrap(keys_->platform.get(), key.bytes, sizeof key.bytes, &wrapped) ||
        !crypto::aesGcmEncrypt(key.bytes, iv, magic, plaintext, &ciphertext, &tag)) {
        r.error =
            fail(SealErrorCode::Crypto, QStringLiteral("sealing a blob failed: %1").arg(crypto::takeOpenSslError()));
        return r;
    }
    const QByteArray keyId = keyId_.toUtf8();
    QByteArray &out = r.value.bytes;
    out.reserve(kBlobMagicSize + 1 + keyId.size() + 2 + wrapped.size() + iv.size() + ciphertext.size() + tag.size());
    out.append(magic);
    out.append(char(keyId.size()));
    out.append(keyId);
    out.append(char((wrapped.size() >> 8) & 0xff));
    out.append(char(wrapped.size() & 0xff));
    out.append(wrapped);
    out.append(iv);
    out.append(ciphertext);
    out.append(tag);
    r.value.sha256 = crypto::sha256Hex(out);
    return r;
}

SealResult<SealedEnvelope> Sealer::sealEnvelope(const EnvelopeMeta &meta, const QJsonObject &payload,
                                                const QList<BlobRef> &blobs) const
{
    SealResult<SealedEnvelope> r;
    if (!isValid()) {
        r.error = error_;
        return r;
    }
    const QString id = meta.id.isEmpty() ? QUuid::createUuid().toString(QUuid::WithoutBraces) : meta.id;
    auto invalid = [&r](const QString &why) {
        r.error = fail(SealErrorCode::InvalidInput, why);
        return r;
    };
    if (!isUuidV4(id))
        return invalid(QStringLiteral("id must be a lowercase UUID v4"));
    if (meta.kioskId.isEmpty())
        return invalid(QStringLiteral("kiosk_id is empty"));
    static const QRegularExpression localNoTail(QStringLiteral("^-[0-9]{8}-[0-9]{6,}$"));
    if (!meta.localNo.startsWith(meta.kioskId) ||
        !localNoTail.match(QStringView(meta.localNo).mid(meta.kioskId.size())).hasMatch())
        return invalid(QStringLiteral("local_no is not <kiosk_id>-<yyyymmdd>-<seq>"));
    if (!meta.createdAt.isValid())
        return invalid(QStringLiteral("created_at is not a valid time"));
    if (meta.itemCode.isEmpty())
        return invalid(QStringLiteral("item_code is empty"));
    if (meta.itemVersion < 0 || meta.itemVersion > kMaxSafeInteger)
        return invalid(QStringLiteral("item_version is out of range"));
    QJsonArray blobArray;
    for (const BlobRef &b : blobs) {
        if (!isLowerHexSha256(b.sha256) || b.size <= 0 || b.materialId.isEmpty() || b.page < 0 ||
            b.page > kMaxSafeInteger)
            return invalid(QStringLiteral("a blob reference is malformed"));
        blobArray.append(QJsonObject{{QStringLiteral("sha256"), b.sha256},
                                     {QStringLiteral("size"), b.size},
                                     {QStringLiteral("material_id"), b.materialId},
                                     {QStringLiteral("page"), b.page}});
    }

    QString why;
    QByteArray plaintext = canonicalJson(payload, &why);
    if (plaintext.isEmpty())
        return invalid(QStringLiteral("payload cannot be sealed: %1").arg(why));

    SecretKey key;
    QByteArray iv(crypto::kGcmIvSize, Qt::Uninitialized);
    if (!crypto::randomSecretBytes(key.bytes, sizeof key.bytes) ||
        !crypto::randomBytes(reinterpret_cast<unsigned char *>(iv.data()), int(iv.size()))) {
        cleanse(plaintext);
        r.error = fail(SealErrorCode::Crypto, QStringLiteral("no randomness: %1").arg(crypto::takeOpenSslError()));
        return r;
    }
    QByteArray wrapped;
    QByteArray ciphertext;
    QByteArray tag;
    const bool sealed = crypto::rsaOaepWrap(keys_->platform.get(), key.bytes, sizeof key.bytes, &wrapped) &&
                        crypto::aesGcmEncrypt(key.bytes, iv, id.toUtf8(), plaintext, &ciphertext, &tag);
    cleanse(plaintext);
    if (!sealed) {
        r.error = fail(SealErrorCode::Crypto, QStringLiteral("sealing failed: %1").arg(crypto::takeOpenSslError()));
        return r;
    }

    const QString createdAt = formatCreatedAt(meta.createdAt);
    QJsonObject envelope{
        {QStringLiteral("id"), id},
        {QStringLiteral("local_no"), meta.localNo},
        {QStringLiteral("kiosk_id"), meta.kioskId},
        {QStringLiteral("created_at"), createdAt},
        {QStringLiteral("item_code"), meta.itemCode},
        {QStringLiteral("item_version"), meta.itemVersion},
        {QStringLiteral("kind"), QStringLiteral("application")},
        {QStringLiteral("key_id"), keyId_},
        {QStringLiteral("wrapped_key"), QString::fromLatin1(toBase64(wrapped))},
        {QStringLiteral("iv"), QString::fromLatin1(toBase64(iv))},
        {QStringLiteral("tag"), QString::fromLatin1(toBase64(tag))},
        {QStringLiteral("payload"), QString::fromLatin1(toBase64(ciphertext))},
        {QStringLiteral("blobs"), blobArray},
    };
    const QByteArray unsignedBytes = canonicalJson(envelope, &why);
    QByteArray signature;
    if (unsignedBytes.isEmpty())
        return invalid(QStringLiteral("envelope cannot be canonicalised: %1").arg(why));
    if (!crypto::ecdsaSign(keys_->kiosk.get(), unsignedBytes, &signature)) {
        r.error = fail(SealErrorCode::Crypto, QStringLiteral("signing failed: %1").arg(crypto::takeOpenSslError()));
        return r;
    }
    envelope.insert(QStringLiteral("signature"), QString::fromLatin1(toBase64(signature)));

    SealedEnvelope &e = r.value;
    e.id = id;
    e.localNo = meta.localNo;
    e.kioskId = meta.kioskId;
    e.itemCode = meta.itemCode;
    e.createdAt = createdAt;
    e.blobs = blobs;
    e.bytes = canonicalJson(envelope);
    return r;
}

} // namespace kiosk::queue
