// Sealing a submission exactly as platform-api.md "Sealing" says: canonical JSON (the JCS subset), the payload and each
// page encrypted to the platform key (AES-256-GCM under an RSA-OAEP-256 wrapped key), the envelope signed with the
// kiosk's ECDSA P-256 key. The kiosk holds only the platform's PUBLIC key: it can seal but never open what it sealed.
#pragma once

#include "offline_queue/storage/canonical_json.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <memory>

namespace kiosk::queue {

// --- Sealed objects ---------------------------------------------------------------------------------------------

inline constexpr char kBlobMagic[] = "KSB1";
inline constexpr int kBlobMagicSize = 4;
inline constexpr int kMaxKeyIdChars = 64;

enum class SealErrorCode {
    None,
    InvalidPlatformKey, // not an RSA public key of >= 2048 bits, or a bad key_id
    InvalidKioskKey,    // not an EC P-256 private key
    InvalidInput,       // metadata or a payload that cannot be sealed (e.g. a float in the JSON)
    Crypto,             // OpenSSL failed (entropy, memory)
};

QString toString(SealErrorCode code);

struct SealError {
    SealErrorCode code = SealErrorCode::None;
    QString message;
    bool isOk() const { return code == SealErrorCode::None; }
};

template <typename T> struct SealResult {
    T value{};
    SealError error;
    bool isOk() const { return error.isOk(); }
};

// The platform's submission key as GET /v1/keys/submission gives it.
struct PlatformKey {
    QString keyId;           // opaque, <= 64 characters
    QByteArray publicKeyPem; // SPKI "PUBLIC KEY" PEM of an RSA key
};

struct EnvelopeMeta {
    QString id; // UUID v4 = the Idempotency-Key; empty: the Sealer makes one
    QString localNo;
    QString kioskId;
    QDateTime createdAt; // written as RFC 3339 with +08:00
    QString itemCode;
    qint64 itemVersion = 0;
};

// One entry of the envelope's `blobs`.
struct BlobRef {
    QString sha256; // name of the sealed blob
    qint64 size = 0;
    QString materialId;
    qint64 page = 0;

    bool operator==(const BlobRef &o) const
    {
        return sha256 == o.sha256 && size == o.size && materialId == o.materialId && page == o.page;
    }
};

struct SealedBlob {
    QString sha256;   // lowercase hex sha256 of `bytes`: the blob's name
    QByteArray bytes; // "KSB1" | key_id len | key_id | wrapped len (BE16) | wrapped key | IV | ciphertext | tag

    qint64 size() const { return bytes.size(); }
    BlobRef ref(const QString &materialId, qint64 page) const { return {sha256, size(), materialId, page}; }
};

// The exact bytes stored and sent, and the non-secret members read from them.
struct SealedEnvelope {
    QString id;
    QString localNo;
    QString kioskId;
    QString itemCode;
    QString createdAt;
    QList<BlobRef> blobs;
    QByteArray bytes; // canonical JSON of the whole envelope, `signature` included

    // Reads the members above back from stored bytes (import, salvage). Checks the shape, not the crypto.
    static SealResult<SealedEnvelope> fromBytes(const QByteArray &bytes);
};

// Seals with the platform's public key and signs with the kiosk's private key. Const methods are safe to call from
// several threads at once (OpenSSL 3 keys are read-only once loaded).
class Sealer
{
public:
    Sealer(const PlatformKey &platformKey, const QByteArray &kioskPrivateKeyPem);
    ~Sealer();
    Sealer(const Sealer &) = delete;
    Sealer &operator=(const Sealer &) = delete;

    bool isValid() const { return error_.isOk(); }
    const SealError &error() const { return error_; }
    QString keyId() const { return keyId_; }

    // One material page (JPEG/PNG bytes) or the commitment signature image.
    SealResult<SealedBlob> sealBlob(const QByteArray &plaintext) const;
    // The payload (platform-api.md "Payload") encrypted with AAD = id, the envelope built and signed.
    SealResult<SealedEnvelope> sealEnvelope(const EnvelopeMeta &meta, const QJsonObject &payload,
                                            const QList<BlobRef> &blobs) const;

private:
    struct Keys;
    std::unique_ptr<Keys> keys_;
    QString keyId_;
    SealError error_;
};

} // namespace kiosk::queue
