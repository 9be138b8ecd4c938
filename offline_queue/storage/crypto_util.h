// Thin OpenSSL EVP wrappers shared by the Sealer, the Opener, the audit log and maintenance auth (kiosk_storage; no
// state, no logging).
#pragma once

#include <QByteArray>
#include <QString>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <memory>

namespace kiosk::queue::crypto {

inline constexpr int kAesKeySize = 32; // AES-256
inline constexpr int kGcmIvSize = 12;
inline constexpr int kGcmTagSize = 16;

// An OpenSSL object owned by a unique_ptr that frees it with `Free`.
template <auto Free> struct OpenSslFree {
    template <typename T> void operator()(T *object) const { Free(object); }
};
using PKey = std::unique_ptr<EVP_PKEY, OpenSslFree<EVP_PKEY_free>>;
using Certificate = std::unique_ptr<X509, OpenSslFree<X509_free>>;
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, OpenSslFree<EVP_CIPHER_CTX_free>>;
using PKeyCtx = std::unique_ptr<EVP_PKEY_CTX, OpenSslFree<EVP_PKEY_CTX_free>>;

// EVP update calls take int lengths; blobs may be up to 32 MiB, so they are fed in chunks of this size.
inline constexpr qsizetype kEvpChunk = 1 << 24;

// The most recent OpenSSL error queue entries as text; clears the queue.
QString takeOpenSslError();

QByteArray sha256(const QByteArray &data);
QString sha256Hex(const QByteArray &data); // lowercase

bool randomBytes(unsigned char *out, int size);
bool randomSecretBytes(unsigned char *out, int size); // RAND_priv_bytes: a separate DRBG for keys

// Key loading from PEM. A public key may be an SPKI "PUBLIC KEY" block or a certificate; a private key PKCS#8 or the
// traditional "EC PRIVATE KEY"/"RSA PRIVATE KEY" forms (unencrypted).
PKey loadPublicKey(const QByteArray &pem);
PKey loadPrivateKey(const QByteArray &pem);
Certificate loadCertificate(const QByteArray &pem);
bool isRsa(EVP_PKEY *key, int minBits);
bool isP256(EVP_PKEY *key);

bool aesGcmEncrypt(const unsigned char *key, const QByteArray &iv, const QByteArray &aad, const QByteArray &plaintext,
                   QByteArray *ciphertext, QByteArray *tag);

// RSA-OAEP with SHA-256 and MGF1-SHA-256, empty label. The decrypting halves of AES-GCM and RSA-OAEP are the
// platform's (offline_queue/platform_side/crypto_open.h), not part of this library.
bool setOaep(EVP_PKEY_CTX *ctx); // sets that padding on an encrypt or decrypt context
bool rsaOaepWrap(EVP_PKEY *publicKey, const unsigned char *key, int keySize, QByteArray *wrapped);

// ECDSA with SHA-256 over `message` (hashed here, not pre-hashed), DER signature.
bool ecdsaSign(EVP_PKEY *privateKey, const QByteArray &message, QByteArray *derSignature);
enum class Verify { Valid, Invalid, Error };
Verify ecdsaVerify(EVP_PKEY *publicKey, const QByteArray &message, const QByteArray &derSignature);

} // namespace kiosk::queue::crypto
