// The Sealer: the kiosk side of platform-api.md "Sealing", byte for byte.
#include "offline_queue/envelope.h"

#include "offline_queue/storage/crypto_util.h"

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

namespace {

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
