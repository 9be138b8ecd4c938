// The decrypting halves of the sealing primitives. Platform side only: kiosk_storage has the encrypting halves, so the
// kiosk binary holds no code that decrypts what it sealed.
#pragma once

#include "offline_queue/storage/crypto_util.h"

namespace kiosk::queue::crypto {

enum class GcmOpen { Ok, TagMismatch, Error };
GcmOpen aesGcmDecrypt(const unsigned char *key, const QByteArray &iv, const QByteArray &aad,
                      const QByteArray &ciphertext, const QByteArray &tag, QByteArray *plaintext);

// RSA-OAEP with SHA-256 and MGF1-SHA-256, empty label. Writes exactly `keySize` bytes to `key` or fails (a wrong key,
// a tampered block or a different length).
bool rsaOaepUnwrap(EVP_PKEY *privateKey, const QByteArray &wrapped, unsigned char *key, int keySize);

} // namespace kiosk::queue::crypto
