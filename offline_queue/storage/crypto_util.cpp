// OpenSSL EVP calls for AES-256-GCM encryption, RSA-OAEP-256 key wrapping, ECDSA P-256 and SHA-256, with every buffer checked.
#include "offline_queue/storage/crypto_util.h"

#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>

#include <QStringList>

#include <cstring>

namespace kiosk::queue::crypto {

namespace {

using MdCtx = std::unique_ptr<EVP_MD_CTX, OpenSslFree<EVP_MD_CTX_free>>;
using Bio = std::unique_ptr<BIO, OpenSslFree<BIO_free>>;

Bio memoryBio(const QByteArray &data)
{
    return Bio(BIO_new_mem_buf(data.constData(), int(data.size())));
}

} // namespace

bool setOaep(EVP_PKEY_CTX *ctx)
{
    return EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_OAEP_PADDING) > 0 &&
           EVP_PKEY_CTX_set_rsa_oaep_md(ctx, EVP_sha256()) > 0 && EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, EVP_sha256()) > 0;
}

QString takeOpenSslError()
{
    QStringList parts;
    unsigned long e;
    while ((e = ERR_get_error()) != 0) {
        char buf[256];
        ERR_error_string_n(e, buf, sizeof buf);
        parts << QString::fromLatin1(buf);
    }
    return parts.isEmpty() ? QStringLiteral("no OpenSSL detail") : parts.join(QStringLiteral("; "));
}

QByteArray sha256(const QByteArray &data)
{
    QByteArray out(32, Qt::Uninitialized);
    unsigned int len = 0;
    if (EVP_Digest(data.constData(), size_t(data.size()), reinterpret_cast<unsigned char *>(out.data()), &len,
                   EVP_sha256(), nullptr) != 1 ||
        len != 32)
        return {};
    return out;
}

QString sha256Hex(const QByteArray &data)
{
    return QString::fromLatin1(sha256(data).toHex());
}

bool randomBytes(unsigned char *out, int size)
{
    return RAND_bytes(out, size) == 1;
}

bool randomSecretBytes(unsigned char *out, int size)
{
    return RAND_priv_bytes(out, size) == 1;
}

PKey loadPublicKey(const QByteArray &pem)
{
    {
        Bio bio = memoryBio(pem);
        if (EVP_PKEY *key = PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr))
            return PKey(key);
    }
    ERR_clear_error();
    Certificate cert = loadCertificate(pem);
    if (!cert)
        return {};
    return PKey(X509_get_pubkey(cert.get()));
}

PKey loadPrivateKey(const QByteArray &pem)
{
    Bio bio = memoryBio(pem);
    // An empty passphrase callback result: encrypted keys fail instead of prompting on a terminal.
    static auto noPassword = [](char *, int, int, void *) { return 0; };
    return PKey(PEM_read_bio_PrivateKey(bio.get(), nullptr, noPassword, nullptr));
}

Certificate loadCertificate(const QByteArray &pem)
{
    Bio bio = memoryBio(pem);
    return Certificate(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
}

bool isRsa(EVP_PKEY *key, int minBits)
{
    return key && EVP_PKEY_is_a(key, "RSA") && EVP_PKEY_get_bits(key) >= minBits;
}

bool isP256(EVP_PKEY *key)
{
    if (!key || !EVP_PKEY_is_a(key, "EC"))
        return false;
    char name[64] = {};
    size_t len = 0;
    if (EVP_PKEY_get_group_name(key, name, sizeof name, &len) != 1)
        return false;
    const QByteArray group(name, int(len));
    return group == "prime256v1" || group == "P-256" || group == "secp256r1";
}

bool aesGcmEncrypt(const unsigned char *key, const QByteArray &iv, const QByteArray &aad, const QByteArray &plaintext,
                   QByteArray *ciphertext, QByteArray *tag)
{
    if (iv.size() != kGcmIvSize)
        return false;
    CipherCtx ctx(EVP_CIPHER_CTX_new());
    if (!ctx || EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, kGcmIvSize, nullptr) != 1 ||
        EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr, key, reinterpret_cast<const unsigned char *>(iv.constData())) !=
            1)
        return false;
    int len = 0;
    if (!aad.isEmpty() &&
        EVP_EncryptUpdate(ctx.get(), nullptr, &len, reinterpret_cast<const unsigned char *>(aad.constData()),
                          int(aad.size())) != 1)
        return false;
    // GCM is a stream mode: the ciphertext is exactly as long as the plaintext.
    QByteArray out(plaintext.size(), Qt::Uninitialized);
    auto *dst = reinterpret_cast<unsigned char *>(out.data());
    const auto *src = reinterpret_cast<const unsigned char *>(plaintext.constData());
    qsizetype written = 0;
    for (qsizetype off = 0; off < plaintext.size(); off += kEvpChunk) {
        const int n = int(qMin(kEvpChunk, plaintext.size() - off));
        if (EVP_EncryptUpdate(ctx.get(), dst + written, &len, src + off, n) != 1)
            return false;
        written += len;
    }
    if (EVP_EncryptFinal_ex(ctx.get(), dst + written, &len) != 1)
        return false;
    written += len;
    if (written != plaintext.size())
        return false;
    QByteArray t(kGcmTagSize, Qt::Uninitialized);
    if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kGcmTagSize, t.data()) != 1)
        return false;
    *ciphertext = out;
    *tag = t;
    return true;
}

bool rsaOaepWrap(EVP_PKEY *publicKey, const unsigned char *key, int keySize, QByteArray *wrapped)
{
    PKeyCtx ctx(EVP_PKEY_CTX_new(publicKey, nullptr));
    if (!ctx || EVP_PKEY_encrypt_init(ctx.get()) != 1 || !setOaep(ctx.get()))
        return false;
    size_t outLen = 0;
    if (EVP_PKEY_encrypt(ctx.get(), nullptr, &outLen, key, size_t(keySize)) != 1)
        return false;
    QByteArray out(qsizetype(outLen), Qt::Uninitialized);
    if (EVP_PKEY_encrypt(ctx.get(), reinterpret_cast<unsigned char *>(out.data()), &outLen, key, size_t(keySize)) != 1)
        return false;
    out.resize(qsizetype(outLen));
    *wrapped = out;
    return true;
}

bool ecdsaSign(EVP_PKEY *privateKey, const QByteArray &message, QByteArray *derSignature)
{
    MdCtx ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, privateKey) != 1)
        return false;
    size_t len = 0;
    const auto *msg = reinterpret_cast<const unsigned char *>(message.constData());
    if (EVP_DigestSign(ctx.get(), nullptr, &len, msg, size_t(message.size())) != 1)
        return false;
    QByteArray sig(qsizetype(len), Qt::Uninitialized);
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char *>(sig.data()), &len, msg, size_t(message.size())) !=
        1)
        return false;
    sig.resize(qsizetype(len));
    *derSignature = sig;
    return true;
}

Verify ecdsaVerify(EVP_PKEY *publicKey, const QByteArray &message, const QByteArray &derSignature)
{
    MdCtx ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, publicKey) != 1)
        return Verify::Error;
    const int rc = EVP_DigestVerify(
        ctx.get(), reinterpret_cast<const unsigned char *>(derSignature.constData()), size_t(derSignature.size()),
        reinterpret_cast<const unsigned char *>(message.constData()), size_t(message.size()));
    ERR_clear_error();
    // 0 is a wrong signature; a negative value is a malformed one (not DER): both mean "not signed by this key".
    return rc == 1 ? Verify::Valid : Verify::Invalid;
}

} // namespace kiosk::queue::crypto
