// Shared by the offline-queue tests: keys and a kiosk certificate made in-process, a sample payload, file helpers.
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QTest>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "offline_queue/envelope.h"
#include "offline_queue/outbox.h"
#include "offline_queue/platform_side/envelope_open.h"
#include "offline_queue/storage/store.h"

// QCOMPARE of the queue's enums compares their names, so a failure prints "tag_mismatch" rather than nothing.
// (Overloading QTest::toString does not work here: ADL finds the library's own QString toString(enum) first.)
#define KIOSK_QUEUE_QCOMPARE_BY_NAME(Type, nameOf)                                                                     \
    namespace QTest {                                                                                                  \
    inline bool qCompare(const Type &a, const Type &b, const char *actual, const char *expected, const char *file,     \
                         int line)                                                                                     \
    {                                                                                                                  \
        return qCompare(nameOf(a), nameOf(b), actual, expected, file, line);                                           \
    }                                                                                                                  \
    }

namespace queue_test_names {
inline QString outcomeName(kiosk::queue::EnqueueOutcome o)
{
    return o == kiosk::queue::EnqueueOutcome::Queued ? QStringLiteral("queued") : QStringLiteral("already_present");
}
} // namespace queue_test_names

KIOSK_QUEUE_QCOMPARE_BY_NAME(kiosk::queue::OpenErrorCode, kiosk::queue::toString)
KIOSK_QUEUE_QCOMPARE_BY_NAME(kiosk::queue::SealErrorCode, kiosk::queue::toString)
KIOSK_QUEUE_QCOMPARE_BY_NAME(kiosk::queue::StoreErrorCode, kiosk::queue::toString)
KIOSK_QUEUE_QCOMPARE_BY_NAME(kiosk::queue::MigrationResult, kiosk::queue::toString)
KIOSK_QUEUE_QCOMPARE_BY_NAME(kiosk::queue::SubmissionState, kiosk::queue::toString)
KIOSK_QUEUE_QCOMPARE_BY_NAME(kiosk::queue::EnqueueOutcome, queue_test_names::outcomeName)

namespace kiosk::test {

inline QByteArray bioBytes(BIO *bio)
{
    char *data = nullptr;
    const long len = BIO_get_mem_data(bio, &data);
    QByteArray out(data, int(len));
    BIO_free(bio);
    return out;
}

inline QByteArray privatePem(EVP_PKEY *key)
{
    BIO *bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
    return bioBytes(bio);
}

inline QByteArray publicPem(EVP_PKEY *key)
{
    BIO *bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PUBKEY(bio, key);
    return bioBytes(bio);
}

// A self-signed certificate for `key` with CN = `cn`, valid from `notBefore` for `days`.
inline QByteArray certificatePem(EVP_PKEY *key, const QString &cn, const QDateTime &notBefore, int days)
{
    X509 *cert = X509_new();
    X509_set_version(cert, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
    ASN1_TIME_set(X509_getm_notBefore(cert), time_t(notBefore.toSecsSinceEpoch()));
    ASN1_TIME_set(X509_getm_notAfter(cert), time_t(notBefore.addDays(days).toSecsSinceEpoch()));
    X509_set_pubkey(cert, key);
    X509_NAME *name = X509_get_subject_name(cert);
    const QByteArray cnUtf8 = cn.toUtf8();
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char *>(cnUtf8.constData()),
                               -1, -1, 0);
    X509_set_issuer_name(cert, name);
    X509_sign(cert, key, EVP_sha256());
    BIO *bio = BIO_new(BIO_s_mem());
    PEM_write_bio_X509(bio, cert);
    X509_free(cert);
    return bioBytes(bio);
}

struct TestKeys {
    QString keyId = QStringLiteral("test-key-2024");
    QByteArray platformPrivate, platformPublic;
    QByteArray otherPlatformPrivate; // a second RSA key: must not open what was sealed to the first
    QByteArray kioskPrivate, kioskPublic, kioskCertificate;
    QByteArray otherKioskPublic; // must not verify the kiosk's signatures
};

inline const QString kKioskId = QStringLiteral("GD-TEST-0001");

// Generated once per test process (RSA generation costs a few hundred ms).
inline const TestKeys &testKeys()
{
    static const TestKeys keys = [] {
        TestKeys k;
        EVP_PKEY *rsa = EVP_RSA_gen(2048);
        EVP_PKEY *rsa2 = EVP_RSA_gen(2048);
        EVP_PKEY *ec = EVP_EC_gen("P-256");
        EVP_PKEY *ec2 = EVP_EC_gen("P-256");
        k.platformPrivate = privatePem(rsa);
        k.platformPublic = publicPem(rsa);
        k.otherPlatformPrivate = privatePem(rsa2);
        k.kioskPrivate = privatePem(ec);
        k.kioskPublic = publicPem(ec);
        k.kioskCertificate = certificatePem(ec, kKioskId, QDateTime(QDate(2020, 1, 1), QTime(0, 0), Qt::UTC), 365 * 20);
        k.otherKioskPublic = publicPem(ec2);
        EVP_PKEY_free(rsa);
        EVP_PKEY_free(rsa2);
        EVP_PKEY_free(ec);
        EVP_PKEY_free(ec2);
        return k;
    }();
    return keys;
}

inline queue::PlatformKey testPlatformKey()
{
    return {testKeys().keyId, testKeys().platformPublic};
}

// A payload shaped like platform-api.md "Payload", with CJK, an emoji and characters JCS must escape.
inline QJsonObject samplePayload()
{
    const QJsonObject person{{"id_type", "resident"},
                             {"id_number", "440106199003072437"},
                             {"name", QStringLiteral("张三丰")},
                             {"sex", "1"},
                             {"birth_date", "1990-03-07"},
                             {"verified_by", "card"}};
    return QJsonObject{
        {"applicant", person},
        {"agent", QJsonValue::Null},
        {"principal_authorisation", QJsonValue::Null},
        {"form",
         QJsonObject{{"address", QStringLiteral("广州市天河区体育西路1号 \"A\"座\n2楼 😀")}, {"phone", "13800138000"}}},
        {"materials", QJsonArray{}},
        {"consent", QJsonValue::Null},
        {"commitment", QJsonValue::Null},
        {"delivery", QJsonObject{{"method", "pickup"}, {"address", QJsonValue::Null}, {"phone", QJsonValue::Null}}},
        {"prereview", QJsonArray{}},
        {"channel", "kiosk"},
        {"query_code", "20481234"},
    };
}

inline QDateTime fixedTime(int year = 2024, int month = 6, int day = 1, int h = 10, int m = 0)
{
    // A Beijing wall-clock time, expressed with its offset.
    return QDateTime(QDate(year, month, day), QTime(h, m), Qt::OffsetFromUTC, 8 * 3600);
}

inline QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

inline bool writeAll(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

} // namespace kiosk::test
