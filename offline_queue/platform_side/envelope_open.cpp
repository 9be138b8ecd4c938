// Verifies and opens sealed envelopes and blobs with the platform's private keys (sandbox and tests only).
#include "offline_queue/platform_side/envelope_open.h"

#include "offline_queue/platform_side/crypto_open.h"
#include "offline_queue/envelope.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

#include <openssl/crypto.h>
#include <openssl/x509.h>

#include <cmath>
#include <map>

namespace kiosk::queue {

QString toString(OpenErrorCode code)
{
    switch (code) {
    case OpenErrorCode::None: return QStringLiteral("none");
    case OpenErrorCode::Malformed: return QStringLiteral("malformed");
    case OpenErrorCode::BadSignature: return QStringLiteral("bad_signature");
    case OpenErrorCode::KioskMismatch: return QStringLiteral("kiosk_mismatch");
    case OpenErrorCode::CertificateNotValid: return QStringLiteral("certificate_not_valid");
    case OpenErrorCode::UnknownKeyId: return QStringLiteral("unknown_key_id");
    case OpenErrorCode::UnwrapFailed: return QStringLiteral("unwrap_failed");
    case OpenErrorCode::TagMismatch: return QStringLiteral("tag_mismatch");
    case OpenErrorCode::HashMismatch: return QStringLiteral("hash_mismatch");
    case OpenErrorCode::InvalidKey: return QStringLiteral("invalid_key");
    }
    return QStringLiteral("unknown");
}

struct Opener::Keys {
    std::map<QString, crypto::PKey> platform; // key_id -> private key
    crypto::PKey kiosk;
    crypto::Certificate kioskCertificate; // null when only a bare public key was given
};

namespace {

OpenError err(OpenErrorCode code, const QString &message)
{
    return {code, message};
}

struct SecretKey {
    unsigned char bytes[crypto::kAesKeySize];
    ~SecretKey() { OPENSSL_cleanse(bytes, sizeof bytes); }
};

bool isSafeInteger(const QJsonValue &v, qint64 min)
{
    if (!v.isDouble())
        return false;
    const double d = v.toDouble();
    if (!std::isfinite(d) || std::trunc(d) != d)
        return false;
    const qint64 i = v.toInteger(std::numeric_limits<qint64>::min());
    return i >= min && i <= kMaxSafeInteger;
}

QString commonName(X509 *cert)
{
    X509_NAME *subject = X509_get_subject_name(cert);
    const int idx = X509_NAME_get_index_by_NID(subject, NID_commonName, -1);
    if (idx < 0)
        return {};
    unsigned char *utf8 = nullptr;
    const int len = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, idx)));
    if (len < 0)
        return {};
    const QString cn = QString::fromUtf8(reinterpret_cast<const char *>(utf8), len);
    OPENSSL_free(utf8);
    return cn;
}

const QSet<QString> &envelopeMembers()
{
    static const QSet<QString> members{
        QStringLiteral("id"),         QStringLiteral("local_no"),  QStringLiteral("kiosk_id"),
        QStringLiteral("created_at"), QStringLiteral("item_code"), QStringLiteral("item_version"),
        QStringLiteral("kind"),       QStringLiteral("key_id"),    QStringLiteral("wrapped_key"),
        QStringLiteral("iv"),         QStringLiteral("tag"),       QStringLiteral("payload"),
        QStringLiteral("blobs"),      QStringLiteral("signature")};
    return members;
}

// The structural checks of platform-api.md "Objects: Envelope"; fills the decoded binary members.
struct Decoded {
    QByteArray wrappedKey, iv, tag, payload, signature;
    QDateTime createdAt;
};

OpenError checkShape(const QJsonObject &o, Decoded *d)
{
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (!envelopeMembers().contains(it.key()))
            return err(OpenErrorCode::Malformed, QStringLiteral("unknown member '%1'").arg(it.key()));
    }
    for (const QString &m : envelopeMembers()) {
        if (!o.contains(m))
            return err(OpenErrorCode::Malformed, QStringLiteral("member '%1' is missing").arg(m));
        if (m != QLatin1String("item_version") && m != QLatin1String("blobs") && !o.value(m).isString())
            return err(OpenErrorCode::Malformed, QStringLiteral("member '%1' is not a string").arg(m));
    }
    if (!isUuidV4(o.value(QLatin1String("id")).toString()))
        return err(OpenErrorCode::Malformed, QStringLiteral("id is not a lowercase UUID v4"));
    if (!isSafeInteger(o.value(QLatin1String("item_version")), 0))
        return err(OpenErrorCode::Malformed, QStringLiteral("item_version is not a non-negative integer"));
    if (o.value(QLatin1String("kind")).toString() != QLatin1String("application"))
        return err(OpenErrorCode::Malformed, QStringLiteral("kind is not 'application'"));
    const QString createdAt = o.value(QLatin1String("created_at")).toString();
    d->createdAt = QDateTime::fromString(createdAt, Qt::ISODate);
    if (!d->createdAt.isValid() || createdAt.size() < 20 || createdAt.at(10) != u'T')
        return err(OpenErrorCode::Malformed, QStringLiteral("created_at is not RFC 3339"));
    const QString keyId = o.value(QLatin1String("key_id")).toString();
    if (keyId.isEmpty() || keyId.size() > kMaxKeyIdChars)
        return err(OpenErrorCode::Malformed, QStringLiteral("key_id must hold 1..64 characters"));
    if (!o.value(QLatin1String("blobs")).isArray())
        return err(OpenErrorCode::Malformed, QStringLiteral("blobs is not an array"));
    for (const QJsonValue v : o.value(QLatin1String("blobs")).toArray()) {
        const QJsonObject b = v.toObject();
        if (!v.isObject() || b.size() != 4 || !isLowerHexSha256(b.value(QLatin1String("sha256")).toString()) ||
            !isSafeInteger(b.value(QLatin1String("size")), 1) || !b.value(QLatin1String("material_id")).isString() ||
            !isSafeInteger(b.value(QLatin1String("page")), 0))
            return err(OpenErrorCode::Malformed, QStringLiteral("a blobs entry is not {sha256,size,material_id,page}"));
    }
    const struct {
        const char *name;
        QByteArray *out;
        int exactSize;
    } binaries[] = {{"wrapped_key", &d->wrappedKey, -1},
                    {"iv", &d->iv, crypto::kGcmIvSize},
                    {"tag", &d->tag, crypto::kGcmTagSize},
                    {"payload", &d->payload, -1},
                    {"signature", &d->signature, -1}};
    for (const auto &b : binaries) {
        if (!fromBase64Strict(o.value(QLatin1String(b.name)).toString(), b.out))
            return err(OpenErrorCode::Malformed, QStringLiteral("%1 is not padded standard base64").arg(b.name));
        if (b.exactSize >= 0 && b.out->size() != b.exactSize)
            return err(OpenErrorCode::Malformed, QStringLiteral("%1 must be %2 bytes").arg(b.name).arg(b.exactSize));
    }
    return {};
}

} // namespace

Opener::Opener() : keys_(std::make_unique<Keys>()) {}

Opener::Opener(const QString &keyId, const QByteArray &platformPrivateKeyPem,
               const QByteArray &kioskCertificateOrKeyPem)
    : Opener()
{
    setupError_ = addPlatformKey(keyId, platformPrivateKeyPem);
    const OpenError kiosk = setKioskKey(kioskCertificateOrKeyPem);
    if (setupError_.isOk())
        setupError_ = kiosk;
}

Opener::~Opener() = default;

OpenError Opener::addPlatformKey(const QString &keyId, const QByteArray &privateKeyPem)
{
    crypto::PKey key = crypto::loadPrivateKey(privateKeyPem);
    if (keyId.isEmpty() || !crypto::isRsa(key.get(), 2048))
        return err(OpenErrorCode::InvalidKey,
                   QStringLiteral("not an RSA private key of >= 2048 bits: %1").arg(crypto::takeOpenSslError()));
    keys_->platform[keyId] = std::move(key);
    return {};
}

OpenError Opener::setKioskKey(const QByteArray &certificateOrPublicKeyPem)
{
    keys_->kioskCertificate = crypto::loadCertificate(certificateOrPublicKeyPem);
    keys_->kiosk = keys_->kioskCertificate ? crypto::PKey(X509_get_pubkey(keys_->kioskCertificate.get()))
                                           : crypto::loadPublicKey(certificateOrPublicKeyPem);
    if (!crypto::isP256(keys_->kiosk.get())) {
        keys_->kiosk.reset();
        keys_->kioskCertificate.reset();
        return err(OpenErrorCode::InvalidKey,
                   QStringLiteral("the kiosk key is not an EC P-256 key: %1").arg(crypto::takeOpenSslError()));
    }
    return {};
}

OpenResult<QJsonObject> Opener::verify(const QByteArray &envelopeBytes) const
{
    OpenResult<QJsonObject> r;
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(envelopeBytes, &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject()) {
        r.error = err(OpenErrorCode::Malformed, QStringLiteral("not a JSON object: %1").arg(pe.errorString()));
        return r;
    }
    const QJsonObject o = doc.object();
    Decoded d;
    r.error = checkShape(o, &d);
    if (!r.isOk())
        return r;
    if (!keys_->kiosk) {
        r.error = err(OpenErrorCode::InvalidKey, QStringLiteral("no kiosk key to verify with"));
        return r;
    }
    if (X509 *cert = keys_->kioskCertificate.get()) {
        const QString kioskId = o.value(QLatin1String("kiosk_id")).toString();
        if (commonName(cert) != kioskId) {
            r.error = err(OpenErrorCode::KioskMismatch, QStringLiteral("certificate CN is not kiosk_id"));
            return r;
        }
        time_t at = time_t(d.createdAt.toSecsSinceEpoch());
        if (X509_cmp_time(X509_get0_notBefore(cert), &at) > 0 || X509_cmp_time(X509_get0_notAfter(cert), &at) < 0) {
            r.error = err(OpenErrorCode::CertificateNotValid,
                          QStringLiteral("the kiosk certificate was not valid at created_at"));
            return r;
        }
    }
    QJsonObject unsignedEnvelope = o;
    unsignedEnvelope.remove(QLatin1String("signature"));
    QString why;
    const QByteArray canonical = canonicalJson(unsignedEnvelope, &why);
    if (canonical.isEmpty()) {
        r.error = err(OpenErrorCode::Malformed, QStringLiteral("outside the canonical JSON subset: %1").arg(why));
        return r;
    }
    if (crypto::ecdsaVerify(keys_->kiosk.get(), canonical, d.signature) != crypto::Verify::Valid) {
        r.error = err(OpenErrorCode::BadSignature, QStringLiteral("the signature does not verify"));
        return r;
    }
    r.value = o;
    return r;
}

OpenResult<OpenedEnvelope> Opener::open(const QByteArray &envelopeBytes) const
{
    OpenResult<OpenedEnvelope> r;
    const OpenResult<QJsonObject> verified = verify(envelopeBytes);
    if (!verified.isOk()) {
        r.error = verified.error;
        return r;
    }
    const QJsonObject &o = verified.value;
    Decoded d;
    checkShape(o, &d); // already passed in verify(); decodes the binaries again
    const QString keyId = o.value(QLatin1String("key_id")).toString();
    const auto key = keys_->platform.find(keyId);
    if (key == keys_->platform.end()) {
        r.error = err(OpenErrorCode::UnknownKeyId, QStringLiteral("no platform key '%1'").arg(keyId));
        return r;
    }
    SecretKey secret;
    if (!crypto::rsaOaepUnwrap(key->second.get(), d.wrappedKey, secret.bytes, sizeof secret.bytes)) {
        r.error =
            err(OpenErrorCode::UnwrapFailed, QStringLiteral("the wrapped key does not open with '%1'").arg(keyId));
        return r;
    }
    QByteArray plaintext;
    const QByteArray aad = o.value(QLatin1String("id")).toString().toUtf8();
    switch (crypto::aesGcmDecrypt(secret.bytes, d.iv, aad, d.payload, d.tag, &plaintext)) {
    case crypto::GcmOpen::Ok: break;
    case crypto::GcmOpen::TagMismatch:
        r.error = err(OpenErrorCode::TagMismatch, QStringLiteral("payload authentication failed"));
        return r;
    case crypto::GcmOpen::Error:
        r.error = err(OpenErrorCode::Malformed, QStringLiteral("payload could not be decrypted"));
        return r;
    }
    QJsonParseError pe;
    const QJsonDocument payload = QJsonDocument::fromJson(plaintext, &pe);
    OPENSSL_cleanse(plaintext.data(), size_t(plaintext.size()));
    if (pe.error != QJsonParseError::NoError || !payload.isObject()) {
        r.error = err(OpenErrorCode::Malformed, QStringLiteral("the payload is not a JSON object"));
        return r;
    }
    r.value.envelope = o;
    r.value.payload = payload.object();
    r.value.createdAt = d.createdAt;
    return r;
}

OpenResult<QByteArray> Opener::openBlob(const QByteArray &sealed, const QString &expectedSha256) const
{
    OpenResult<QByteArray> r;
    if (!expectedSha256.isEmpty() && sha256Hex(sealed) != expectedSha256) {
        r.error = err(OpenErrorCode::HashMismatch, QStringLiteral("the blob does not hash to its name"));
        return r;
    }
    const auto *p = reinterpret_cast<const unsigned char *>(sealed.constData());
    const qsizetype n = sealed.size();
    auto malformed = [&r](const QString &why) {
        r.error = err(OpenErrorCode::Malformed, why);
        return r;
    };
    if (n < kBlobMagicSize + 1 || sealed.left(kBlobMagicSize) != QByteArray(kBlobMagic, kBlobMagicSize))
        return malformed(QStringLiteral("not a KSB1 blob"));
    qsizetype pos = kBlobMagicSize;
    const int keyIdLen = p[pos++];
    if (keyIdLen == 0 || pos + keyIdLen + 2 > n)
        return malformed(QStringLiteral("truncated key_id"));
    const QString keyId = QString::fromUtf8(sealed.constData() + pos, keyIdLen);
    pos += keyIdLen;
    const int wrappedLen = (p[pos] << 8) | p[pos + 1];
    pos += 2;
    if (wrappedLen == 0 || pos + wrappedLen + crypto::kGcmIvSize + crypto::kGcmTagSize > n)
        return malformed(QStringLiteral("truncated wrapped key, IV or tag"));
    const QByteArray wrapped = sealed.mid(pos, wrappedLen);
    pos += wrappedLen;
    const QByteArray iv = sealed.mid(pos, crypto::kGcmIvSize);
    pos += crypto::kGcmIvSize;
    const QByteArray ciphertext = sealed.mid(pos, n - pos - crypto::kGcmTagSize);
    const QByteArray tag = sealed.right(crypto::kGcmTagSize);

    const auto key = keys_->platform.find(keyId);
    if (key == keys_->platform.end()) {
        r.error = err(OpenErrorCode::UnknownKeyId, QStringLiteral("no platform key '%1'").arg(keyId));
        return r;
    }
    SecretKey secret;
    if (!crypto::rsaOaepUnwrap(key->second.get(), wrapped, secret.bytes, sizeof secret.bytes)) {
        r.error =
            err(OpenErrorCode::UnwrapFailed, QStringLiteral("the wrapped key does not open with '%1'").arg(keyId));
        return r;
    }
    switch (
        crypto::aesGcmDecrypt(secret.bytes, iv, QByteArray(kBlobMagic, kBlobMagicSize), ciphertext, tag, &r.value)) {
    case crypto::GcmOpen::Ok: return r;
    case crypto::GcmOpen::TagMismatch:
        r.error = err(OpenErrorCode::TagMismatch, QStringLiteral("blob authentication failed"));
        return r;
    case crypto::GcmOpen::Error: break;
    }
    r.error = err(OpenErrorCode::Malformed, QStringLiteral("the blob could not be decrypted"));
    return r;
}

} // namespace kiosk::queue
