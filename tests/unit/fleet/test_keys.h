// Shared by the fleet unit tests: fresh key pairs in PEM (EC P-256 like the kiosk's, or RSA to be refused).
#pragma once

#include <QByteArray>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

namespace kiosk::test {

struct KeyPair {
    QByteArray privatePem;
    QByteArray publicPem;
};

inline QByteArray bioText(BIO *bio)
{
    char *data = nullptr;
    const long n = BIO_get_mem_data(bio, &data);
    QByteArray out(data, int(n));
    BIO_free(bio);
    return out;
}

inline KeyPair makeKey(bool ec)
{
    EVP_PKEY *key = ec ? EVP_EC_gen("P-256") : EVP_RSA_gen(2048);
    KeyPair k;
    BIO *priv = BIO_new(BIO_s_mem());
    PEM_write_bio_PrivateKey(priv, key, nullptr, nullptr, 0, nullptr, nullptr);
    k.privatePem = bioText(priv);
    BIO *pub = BIO_new(BIO_s_mem());
    PEM_write_bio_PUBKEY(pub, key);
    k.publicPem = bioText(pub);
    EVP_PKEY_free(key);
    return k;
}

} // namespace kiosk::test
