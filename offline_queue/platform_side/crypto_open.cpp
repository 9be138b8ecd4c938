// The decrypting halves of the sealing primitives (AES-256-GCM open, RSA-OAEP-256 unwrap): platform side only.
#include "offline_queue/platform_side/crypto_open.h"

#include <openssl/crypto.h>
#include <openssl/err.h>

#include <cstring>

namespace kiosk::queue::crypto {

GcmOpen aesGcmDecrypt(const unsigned char *key, const QByteArray &iv, const QByteArray &aad,
                      const QByteArray &ciphertext, const QByteArray &tag, QByteArray *plaintext)
{
    if (iv.size() != kGcmIvSize || tag.size() != kGcmTagSize)
        return GcmOpen::Error;
    CipherCtx ctx(EVP_CIPHER_CTX_new());
    if (!ctx || EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, kGcmIvSize, nullptr) != 1 ||
        EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr, key, reinterpret_cast<const unsigned char *>(iv.constData())) !=
            1)
        return GcmOpen::Error;
    int len = 0;
    if (!aad.isEmpty() &&
        EVP_DecryptUpdate(ctx.get(), nullptr, &len, reinterpret_cast<const unsigned char *>(aad.constData()),
                          int(aad.size())) != 1)
        return GcmOpen::Error;
    QByteArray out(ciphertext.size(), Qt::Uninitialized);
    auto *dst = reinterpret_cast<unsigned char *>(out.data());
    const auto *src = reinterpret_cast<const unsigned char *>(ciphertext.constData());
    qsizetype written = 0;
    for (qsizetype off = 0; off < ciphertext.size(); off += kEvpChunk) {
        const int n = int(qMin(kEvpChunk, ciphertext.size() - off));
        if (EVP_DecryptUpdate(ctx.get(), dst + written, &len, src + off, n) != 1)
            return GcmOpen::Error;
        written += len;
    }
    QByteArray t = tag;
    if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kGcmTagSize, t.data()) != 1)
        return GcmOpen::Error;
    if (EVP_DecryptFinal_ex(ctx.get(), dst + written, &len) != 1) {
        // Unauthenticated plaintext must not survive a failed tag check.
        OPENSSL_cleanse(out.data(), size_t(out.size()));
        ERR_clear_error();
        return GcmOpen::TagMismatch;
    }
    *plaintext = out;
    return GcmOpen::Ok;
}

bool rsaOaepUnwrap(EVP_PKEY *privateKey, const QByteArray &wrapped, unsigned char *key, int keySize)
{
    PKeyCtx ctx(EVP_PKEY_CTX_new(privateKey, nullptr));
    if (!ctx || EVP_PKEY_decrypt_init(ctx.get()) != 1 || !setOaep(ctx.get()))
        return false;
    size_t outLen = 0;
    const auto *in = reinterpret_cast<const unsigned char *>(wrapped.constData());
    if (EVP_PKEY_decrypt(ctx.get(), nullptr, &outLen, in, size_t(wrapped.size())) != 1)
        return false;
    QByteArray out(qsizetype(outLen), Qt::Uninitialized);
    const bool ok = EVP_PKEY_decrypt(ctx.get(), reinterpret_cast<unsigned char *>(out.data()), &outLen, in,
                                     size_t(wrapped.size())) == 1 &&
                    outLen == size_t(keySize);
    if (ok)
        memcpy(key, out.constData(), size_t(keySize));
    OPENSSL_cleanse(out.data(), size_t(out.size()));
    if (!ok)
        ERR_clear_error();
    return ok;
}

} // namespace kiosk::queue::crypto
