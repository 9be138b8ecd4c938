// The platform side of sealing: verify an envelope's signature, unwrap its key and decrypt the payload and the blobs.
//
// The kiosk application never holds a platform PRIVATE key and never links this into a path that could open what it
// sealed: the Opener exists for the platform sandbox (offline_queue/sandbox) and for tests that prove the seal.
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QString>

#include <memory>

namespace kiosk::queue {

enum class OpenErrorCode {
    None,
    Malformed,           // not an envelope/blob of this format (missing or mistyped member, bad base64, bad lengths)
    BadSignature,        // the signature does not verify with the kiosk's key over the canonical bytes
    KioskMismatch,       // the certificate's CN is not the envelope's kiosk_id
    CertificateNotValid, // the kiosk certificate was not valid at created_at
    UnknownKeyId,        // no platform private key under this key_id (the platform answers 422 unknown-key)
    UnwrapFailed,        // RSA-OAEP refused the wrapped key: sealed to another key, or tampered
    TagMismatch,         // AES-GCM authentication failed: ciphertext, IV, tag or AAD changed
    HashMismatch,        // a blob's bytes do not hash to its name
    InvalidKey,          // a key given to the Opener is not usable
};

QString toString(OpenErrorCode code);

struct OpenError {
    OpenErrorCode code = OpenErrorCode::None;
    QString message;
    bool isOk() const { return code == OpenErrorCode::None; }
};

template <typename T> struct OpenResult {
    T value{};
    OpenError error;
    bool isOk() const { return error.isOk(); }
};

struct OpenedEnvelope {
    QJsonObject envelope; // as received, signature included
    QJsonObject payload;  // decrypted
    QDateTime createdAt;
};

class Opener
{
public:
    Opener();
    // Convenience for the common case of one platform key and one kiosk.
    Opener(const QString &keyId, const QByteArray &platformPrivateKeyPem, const QByteArray &kioskCertificateOrKeyPem);
    ~Opener();
    Opener(const Opener &) = delete;
    Opener &operator=(const Opener &) = delete;

    // The platform keeps every retired key (>= 400 days): add each under its key_id.
    OpenError addPlatformKey(const QString &keyId, const QByteArray &privateKeyPem);
    // The kiosk's certificate (PEM; its CN must equal the envelope's kiosk_id and it must be valid at created_at) or
    // its bare SPKI public key (no name or validity checks).
    OpenError setKioskKey(const QByteArray &certificateOrPublicKeyPem);
    // Any error met by the constructor's convenience form.
    const OpenError &setupError() const { return setupError_; }

    // Signature first (nothing is decrypted for an unsigned envelope), then key_id, unwrap, decrypt.
    OpenResult<OpenedEnvelope> open(const QByteArray &envelopeBytes) const;
    // Only the structural and signature checks (what the platform does before looking at blobs).
    OpenResult<QJsonObject> verify(const QByteArray &envelopeBytes) const;
    // A sealed blob; `expectedSha256` (its name) is checked when given.
    OpenResult<QByteArray> openBlob(const QByteArray &sealed, const QString &expectedSha256 = {}) const;

private:
    struct Keys;
    std::unique_ptr<Keys> keys_;
    OpenError setupError_;
};

} // namespace kiosk::queue
