// Specification of sealing (platform-api.md "Sealing"): the exact envelope and blob formats, checked both through the
// Opener and independently with raw OpenSSL calls, and every kind of tampering detected with its own error.
#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>

#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "queue_test_support.h"

#include "offline_queue/envelope.h"
#include "offline_queue/platform_side/envelope_open.h"

using namespace kiosk;
using namespace kiosk::queue;

Q_DECLARE_METATYPE(kiosk::queue::OpenErrorCode)

namespace {

const QString kLocalNo = QStringLiteral("GD-TEST-0001-20240601-000042");

EnvelopeMeta sampleMeta()
{
    return {QStringLiteral("6f1c2a0e-8b4d-4c3a-9e7f-1a2b3c4d5e6f"), kLocalNo, test::kKioskId, test::fixedTime(),
            QStringLiteral("11440100MB2C91222Q4440111009000"),      3};
}

QJsonObject parseObject(const QByteArray &bytes)
{
    return QJsonDocument::fromJson(bytes).object();
}

// Signs as the kiosk would, with raw OpenSSL: lets tests tamper with a member and still pass the signature check, so
// the deeper checks (GCM tag, key unwrap) are exercised on their own.
QByteArray resign(QJsonObject envelope)
{
    envelope.remove("signature");
    const QByteArray canonical = canonicalJson(envelope);
    BIO *bio = BIO_new_mem_buf(test::testKeys().kioskPrivate.constData(), int(test::testKeys().kioskPrivate.size()));
    EVP_PKEY *key = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    size_t len = 0;
    EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, key);
    EVP_DigestSign(ctx, nullptr, &len, reinterpret_cast<const unsigned char *>(canonical.constData()),
                   canonical.size());
    QByteArray sig(int(len), Qt::Uninitialized);
    EVP_DigestSign(ctx, reinterpret_cast<unsigned char *>(sig.data()), &len,
                   reinterpret_cast<const unsigned char *>(canonical.constData()), canonical.size());
    sig.resize(int(len));
    EVP_MD_CTX_free(ctx);
    EVP_PKEY_free(key);
    envelope.insert("signature", QString::fromLatin1(sig.toBase64()));
    return canonicalJson(envelope);
}

QString flipBase64Byte(const QString &b64, int index)
{
    QByteArray raw = QByteArray::fromBase64(b64.toLatin1());
    raw[index] = char(raw[index] ^ 0x01);
    return QString::fromLatin1(raw.toBase64());
}

EVP_PKEY *loadKey(const QByteArray &pem, bool isPrivate)
{
    BIO *bio = BIO_new_mem_buf(pem.constData(), int(pem.size()));
    EVP_PKEY *key = isPrivate ? PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr)
                              : PEM_read_bio_PUBKEY(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    return key;
}

// RSA-OAEP-256 unwrap + AES-256-GCM decrypt written out from the contract, independent of crypto_util.
QByteArray independentDecrypt(const QByteArray &wrapped, const QByteArray &iv, const QByteArray &ciphertext,
                              const QByteArray &tag, const QByteArray &aad)
{
    EVP_PKEY *rsa = loadKey(test::testKeys().platformPrivate, true);
    EVP_PKEY_CTX *pctx = EVP_PKEY_CTX_new(rsa, nullptr);
    EVP_PKEY_decrypt_init(pctx);
    EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_OAEP_PADDING);
    EVP_PKEY_CTX_set_rsa_oaep_md(pctx, EVP_sha256());
    EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, EVP_sha256());
    unsigned char key[512];
    size_t keyLen = sizeof key;
    const bool unwrapped =
        EVP_PKEY_decrypt(pctx, key, &keyLen, reinterpret_cast<const unsigned char *>(wrapped.constData()),
                         wrapped.size()) == 1;
    EVP_PKEY_CTX_free(pctx);
    EVP_PKEY_free(rsa);
    if (!unwrapped || keyLen != 32)
        return {};
    EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
    QByteArray out(ciphertext.size() + 16, Qt::Uninitialized);
    int len = 0;
    int total = 0;
    EVP_DecryptInit_ex(c, EVP_aes_256_gcm(), nullptr, key, reinterpret_cast<const unsigned char *>(iv.constData()));
    EVP_DecryptUpdate(c, nullptr, &len, reinterpret_cast<const unsigned char *>(aad.constData()), aad.size());
    EVP_DecryptUpdate(c, reinterpret_cast<unsigned char *>(out.data()), &len,
                      reinterpret_cast<const unsigned char *>(ciphertext.constData()), ciphertext.size());
    total = len;
    QByteArray t = tag;
    EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_TAG, 16, t.data());
    const bool ok = EVP_DecryptFinal_ex(c, reinterpret_cast<unsigned char *>(out.data()) + total, &len) == 1;
    EVP_CIPHER_CTX_free(c);
    if (!ok)
        return {};
    out.resize(total + len);
    return out;
}

} // namespace

class TestEnvelope : public QObject
{
    Q_OBJECT

    std::unique_ptr<Sealer> sealer;
    std::unique_ptr<Opener> opener;
    SealedBlob page;
    SealedEnvelope sealed;
    const QByteArray pagePlain = QByteArray("\xff\xd8\xff\xe0 pretend JPEG page ") + QByteArray(5000, 'x');

private slots:
    void initTestCase()
    {
        sealer = std::make_unique<Sealer>(test::testPlatformKey(), test::testKeys().kioskPrivate);
        QVERIFY2(sealer->isValid(), qPrintable(sealer->error().message));
        opener = std::make_unique<Opener>(test::testKeys().keyId, test::testKeys().platformPrivate,
                                          test::testKeys().kioskCertificate);
        QVERIFY2(opener->setupError().isOk(), qPrintable(opener->setupError().message));
        const auto blob = sealer->sealBlob(pagePlain);
        QVERIFY(blob.isOk());
        page = blob.value;
        const auto env = sealer->sealEnvelope(sampleMeta(), test::samplePayload(), {page.ref("id_card_front", 1)});
        QVERIFY2(env.isOk(), qPrintable(env.error.message));
        sealed = env.value;
    }

    void sealThenOpen_givesBackThePayloadAndThePage()
    {
        const auto opened = opener->open(sealed.bytes);
        QVERIFY2(opened.isOk(), qPrintable(opened.error.message));
        QCOMPARE(opened.value.payload, test::samplePayload());
        const auto plain = opener->openBlob(page.bytes, page.sha256);
        QVERIFY2(plain.isOk(), qPrintable(plain.error.message));
        QCOMPARE(plain.value, pagePlain);
    }

    void envelope_holdsExactlyTheContractMembers()
    {
        const QJsonObject o = parseObject(sealed.bytes);
        QStringList keys = o.keys();
        keys.sort();
        QCOMPARE(keys, QStringList({"blobs", "created_at", "id", "item_code", "item_version", "iv", "key_id", "kind",
                                    "kiosk_id", "local_no", "payload", "signature", "tag", "wrapped_key"}));
        QCOMPARE(o["id"].toString(), sampleMeta().id);
        QCOMPARE(o["local_no"].toString(), kLocalNo);
        QCOMPARE(o["kiosk_id"].toString(), test::kKioskId);
        QCOMPARE(o["created_at"].toString(), QStringLiteral("2024-06-01T10:00:00+08:00"));
        QCOMPARE(o["item_version"].toInteger(), 3);
        QCOMPARE(o["kind"].toString(), QStringLiteral("application"));
        QCOMPARE(o["key_id"].toString(), test::testKeys().keyId);
        QCOMPARE(QByteArray::fromBase64(o["iv"].toString().toLatin1()).size(), 12);
        QCOMPARE(QByteArray::fromBase64(o["tag"].toString().toLatin1()).size(), 16);
        QCOMPARE(QByteArray::fromBase64(o["wrapped_key"].toString().toLatin1()).size(), 256); // RSA-2048 test key
        const QJsonArray blobs = o["blobs"].toArray();
        QCOMPARE(blobs.size(), 1);
        QCOMPARE(blobs[0].toObject(),
                 QJsonObject(
                     {{"sha256", page.sha256}, {"size", page.size()}, {"material_id", "id_card_front"}, {"page", 1}}));
    }

    void createdAt_isWrittenWithTheBeijingOffset_data()
    {
        QTest::addColumn<QDateTime>("when");
        QTest::addColumn<QString>("expected");
        QTest::newRow("UTC evening is next morning in Beijing")
            << QDateTime(QDate(2024, 6, 1), QTime(17, 30, 5), Qt::UTC) << "2024-06-02T01:30:05+08:00";
        QTest::newRow("already +08:00") << test::fixedTime() << "2024-06-01T10:00:00+08:00";
        QTest::newRow("milliseconds dropped")
            << QDateTime(QDate(2024, 1, 2), QTime(3, 4, 5, 678), Qt::UTC) << "2024-01-02T11:04:05+08:00";
    }
    void createdAt_isWrittenWithTheBeijingOffset()
    {
        QFETCH(QDateTime, when);
        QFETCH(QString, expected);
        QCOMPARE(formatCreatedAt(when), expected);
    }

    void storedBytes_areCanonicalJson()
    {
        QCOMPARE(canonicalJson(parseObject(sealed.bytes)), sealed.bytes);
        QVERIFY(!sealed.bytes.contains(' '));
        QVERIFY(!sealed.bytes.contains('\n'));
    }

    void signature_isEcdsaSha256OverTheCanonicalBytesWithoutSignature()
    {
        QJsonObject o = parseObject(sealed.bytes);
        const QByteArray der = QByteArray::fromBase64(o.take("signature").toString().toLatin1());
        QCOMPARE(der.at(0), char(0x30)); // a DER SEQUENCE, not a raw r||s pair
        const QByteArray canonical = canonicalJson(o);
        EVP_PKEY *pub = loadKey(test::testKeys().kioskPublic, false);
        EVP_MD_CTX *ctx = EVP_MD_CTX_new();
        EVP_DigestVerifyInit(ctx, nullptr, EVP_sha256(), nullptr, pub);
        const int rc =
            EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char *>(der.constData()), der.size(),
                             reinterpret_cast<const unsigned char *>(canonical.constData()), canonical.size());
        EVP_MD_CTX_free(ctx);
        EVP_PKEY_free(pub);
        QCOMPARE(rc, 1);
    }

    void payload_decryptsPerTheContractWithoutTheOpener()
    {
        const QJsonObject o = parseObject(sealed.bytes);
        const QByteArray plain =
            independentDecrypt(QByteArray::fromBase64(o["wrapped_key"].toString().toLatin1()),
                               QByteArray::fromBase64(o["iv"].toString().toLatin1()),
                               QByteArray::fromBase64(o["payload"].toString().toLatin1()),
                               QByteArray::fromBase64(o["tag"].toString().toLatin1()), o["id"].toString().toUtf8());
        QVERIFY(!plain.isEmpty());
        QCOMPARE(plain, canonicalJson(test::samplePayload())); // UTF-8 canonical JSON inside the seal too
        QVERIFY(plain.contains(QStringLiteral("张三丰").toUtf8()));
    }

    void blob_layoutFollowsTheContract()
    {
        const QByteArray &b = page.bytes;
        QCOMPARE(b.left(4), QByteArray("KSB1"));
        const int keyIdLen = quint8(b[4]);
        QCOMPARE(QString::fromUtf8(b.mid(5, keyIdLen)), test::testKeys().keyId);
        int pos = 5 + keyIdLen;
        const int wrappedLen = (quint8(b[pos]) << 8) | quint8(b[pos + 1]);
        QCOMPARE(wrappedLen, 256);
        pos += 2;
        const QByteArray wrapped = b.mid(pos, wrappedLen);
        pos += wrappedLen;
        const QByteArray iv = b.mid(pos, 12);
        pos += 12;
        const QByteArray ciphertext = b.mid(pos, b.size() - pos - 16);
        QCOMPARE(ciphertext.size(), pagePlain.size());
        QCOMPARE(independentDecrypt(wrapped, iv, ciphertext, b.right(16), "KSB1"), pagePlain);
    }

    void blobName_isSha256OfTheSealedBytes_andSizeTheirLength()
    {
        QCOMPARE(page.sha256,
                 QString::fromLatin1(QCryptographicHash::hash(page.bytes, QCryptographicHash::Sha256).toHex()));
        QVERIFY(isLowerHexSha256(page.sha256));
        QCOMPARE(page.size(), qint64(page.bytes.size()));
    }

    void everySeal_usesAFreshKeyAndIv()
    {
        const auto a = sealer->sealBlob(pagePlain);
        const auto b = sealer->sealBlob(pagePlain);
        QVERIFY(a.value.bytes != b.value.bytes);
        QVERIFY(a.value.sha256 != b.value.sha256);
        const auto e1 = parseObject(sealer->sealEnvelope(sampleMeta(), test::samplePayload(), {}).value.bytes);
        const auto e2 = parseObject(sealer->sealEnvelope(sampleMeta(), test::samplePayload(), {}).value.bytes);
        QVERIFY(e1["iv"] != e2["iv"]);
        QVERIFY(e1["wrapped_key"] != e2["wrapped_key"]);
        QVERIFY(e1["payload"] != e2["payload"]);
    }

    void emptyId_getsAFreshUuidV4()
    {
        EnvelopeMeta meta = sampleMeta();
        meta.id.clear();
        const auto e = sealer->sealEnvelope(meta, test::samplePayload(), {});
        QVERIFY(e.isOk());
        QVERIFY(isUuidV4(e.value.id));
        QCOMPARE(parseObject(e.value.bytes)["id"].toString(), e.value.id);
    }

    void base64_isStandardWithPadding_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<QByteArray>("encoded");
        QTest::newRow("1 byte: two pads") << QByteArray("\x01", 1) << QByteArray("AQ==");
        QTest::newRow("2 bytes: one pad") << QByteArray("\x01\x02", 2) << QByteArray("AQI=");
        QTest::newRow("3 bytes: none") << QByteArray("\x01\x02\x03", 3) << QByteArray("AQID");
        QTest::newRow("standard alphabet, not URL-safe") << QByteArray("\xfb\xff\xbf", 3) << QByteArray("+/+/");
        QTest::newRow("16-byte tag ends with ==") << QByteArray(16, '\0') << QByteArray("AAAAAAAAAAAAAAAAAAAAAA==");
    }
    void base64_isStandardWithPadding()
    {
        QFETCH(QByteArray, raw);
        QFETCH(QByteArray, encoded);
        QCOMPARE(toBase64(raw), encoded);
        QByteArray back;
        QVERIFY(fromBase64Strict(QString::fromLatin1(encoded), &back));
        QCOMPARE(back, raw);
    }

    void base64_strictDecodingRefusesVariants_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("missing padding") << "AQ";
        QTest::newRow("short padding") << "AQ=";
        QTest::newRow("URL-safe alphabet") << "-_-_";
        QTest::newRow("whitespace") << "AQ ==";
        QTest::newRow("trailing newline") << "AQID\n";
        QTest::newRow("stray bits in the last symbol") << "AR==";
        QTest::newRow("non-ASCII") << QStringLiteral("AQ\u00e9=");
    }
    void base64_strictDecodingRefusesVariants()
    {
        QFETCH(QString, text);
        QByteArray out;
        QVERIFY(!fromBase64Strict(text, &out));
    }

    void envelopeBase64Members_arePadded()
    {
        const QJsonObject o = parseObject(sealed.bytes);
        QVERIFY(o["tag"].toString().endsWith("==")); // 16 bytes
        for (const char *m : {"wrapped_key", "iv", "tag", "payload", "signature"}) {
            QByteArray out;
            QVERIFY2(fromBase64Strict(o[m].toString(), &out), m);
            QCOMPARE(o[m].toString().size() % 4, 0);
        }
    }

    void tampering_isDetected_data()
    {
        QTest::addColumn<QString>("member");
        QTest::addColumn<bool>("resigned"); // re-signed by the kiosk key, so the deeper check must catch it
        QTest::addColumn<OpenErrorCode>("expected");
        using E = OpenErrorCode;
        QTest::newRow("payload byte flipped") << "payload" << false << E::BadSignature;
        QTest::newRow("signature byte flipped") << "signature" << false << E::BadSignature;
        QTest::newRow("local_no changed") << "local_no" << false << E::BadSignature;
        QTest::newRow("item_version changed") << "item_version" << false << E::BadSignature;
        QTest::newRow("blob entry changed") << "blobs" << false << E::BadSignature;
        QTest::newRow("member added") << "extra" << false << E::Malformed;
        QTest::newRow("member removed") << "kind" << false << E::Malformed;
        QTest::newRow("payload flipped, re-signed") << "payload" << true << E::TagMismatch;
        QTest::newRow("iv flipped, re-signed") << "iv" << true << E::TagMismatch;
        QTest::newRow("tag flipped, re-signed") << "tag" << true << E::TagMismatch;
        QTest::newRow("id changed (the AAD), re-signed") << "id" << true << E::TagMismatch;
        QTest::newRow("wrapped key flipped, re-signed") << "wrapped_key" << true << E::UnwrapFailed;
        QTest::newRow("key_id changed, re-signed") << "key_id" << true << E::UnknownKeyId;
        QTest::newRow("kiosk_id changed, re-signed") << "kiosk_id" << true << E::KioskMismatch;
    }
    void tampering_isDetected()
    {
        QFETCH(QString, member);
        QFETCH(bool, resigned);
        QFETCH(OpenErrorCode, expected);
        QJsonObject o = parseObject(sealed.bytes);
        if (member == "payload" || member == "signature" || member == "iv" || member == "tag" ||
            member == "wrapped_key")
            o[member] = flipBase64Byte(o[member].toString(), 5);
        else if (member == "local_no")
            o[member] = QStringLiteral("GD-TEST-0001-20240601-000043");
        else if (member == "item_version")
            o[member] = 4;
        else if (member == "blobs")
            o[member] = QJsonArray{QJsonObject{
                {"sha256", page.sha256}, {"size", page.size()}, {"material_id", "id_card_back"}, {"page", 1}}};
        else if (member == "extra")
            o[member] = "x";
        else if (member == "kind")
            o.remove(member);
        else if (member == "id")
            o[member] = QStringLiteral("6f1c2a0e-8b4d-4c3a-9e7f-1a2b3c4d5e70");
        else if (member == "key_id")
            o[member] = QStringLiteral("retired-key");
        else if (member == "kiosk_id")
            o[member] = QStringLiteral("GD-TEST-0002");
        const QByteArray bytes = resigned ? resign(o) : QJsonDocument(o).toJson(QJsonDocument::Compact);
        const auto r = opener->open(bytes);
        QCOMPARE(r.error.code, expected);
        QVERIFY(r.value.payload.isEmpty());
    }

    void blobTampering_isDetected_data()
    {
        QTest::addColumn<int>("offsetFromEnd"); // byte to flip, counted from the end; 0: none
        QTest::addColumn<bool>("checkName");
        QTest::addColumn<OpenErrorCode>("expected");
        using E = OpenErrorCode;
        QTest::newRow("ciphertext byte, name checked") << 100 << true << E::HashMismatch;
        QTest::newRow("ciphertext byte, no name") << 100 << false << E::TagMismatch;
        QTest::newRow("tag byte") << 3 << false << E::TagMismatch;
        QTest::newRow("iv byte") << 16 + 5000 + 20 << false << E::TagMismatch;
    }
    void blobTampering_isDetected()
    {
        QFETCH(int, offsetFromEnd);
        QFETCH(bool, checkName);
        QFETCH(OpenErrorCode, expected);
        QByteArray b = page.bytes;
        const int at = b.size() - offsetFromEnd;
        b[at] = char(b[at] ^ 0x80);
        const auto r = opener->openBlob(b, checkName ? page.sha256 : QString());
        QCOMPARE(r.error.code, expected);
        QVERIFY(r.value.isEmpty());
    }

    void malformedBlobs_areRefused_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("other magic") << QByteArray("KSB2").append(page.bytes.mid(4));
        QTest::newRow("truncated after key id") << page.bytes.left(5 + test::testKeys().keyId.size() + 1);
        QTest::newRow("truncated inside the wrapped key") << page.bytes.left(100);
        QTest::newRow("no room for a tag") << page.bytes.left(5 + test::testKeys().keyId.size() + 2 + 256 + 12 + 10);
    }
    void malformedBlobs_areRefused()
    {
        QFETCH(QByteArray, bytes);
        const auto r = opener->openBlob(bytes);
        QVERIFY(!r.isOk());
        QVERIFY(r.error.code == OpenErrorCode::Malformed || r.error.code == OpenErrorCode::TagMismatch);
    }

    void wrappedKey_opensOnlyWithTheRightPrivateKey()
    {
        Opener wrong(test::testKeys().keyId, test::testKeys().otherPlatformPrivate, test::testKeys().kioskCertificate);
        QVERIFY(wrong.setupError().isOk());
        QCOMPARE(wrong.open(sealed.bytes).error.code, OpenErrorCode::UnwrapFailed);
        QCOMPARE(wrong.openBlob(page.bytes).error.code, OpenErrorCode::UnwrapFailed);
    }

    void retiredKeys_stillOpenTheirEnvelopes()
    {
        Opener platform;
        QVERIFY(platform.addPlatformKey("current-2025", test::testKeys().otherPlatformPrivate).isOk());
        QVERIFY(platform.addPlatformKey(test::testKeys().keyId, test::testKeys().platformPrivate).isOk());
        QVERIFY(platform.setKioskKey(test::testKeys().kioskPublic).isOk());
        QVERIFY(platform.open(sealed.bytes).isOk());
    }

    void anotherKiosksKey_doesNotVerify()
    {
        Opener other(test::testKeys().keyId, test::testKeys().platformPrivate, test::testKeys().otherKioskPublic);
        QCOMPARE(other.open(sealed.bytes).error.code, OpenErrorCode::BadSignature);
    }

    void certificateMustBeValidAtCreatedAt()
    {
        EnvelopeMeta meta = sampleMeta();
        meta.createdAt = QDateTime(QDate(2019, 12, 31), QTime(12, 0), Qt::UTC); // the test certificate starts in 2020
        const auto e = sealer->sealEnvelope(meta, test::samplePayload(), {});
        QCOMPARE(opener->open(e.value.bytes).error.code, OpenErrorCode::CertificateNotValid);
    }

    void kioskCannotOpen_withWhatItHolds()
    {
        // The kiosk holds the platform PUBLIC key only: it is not a key the Opener accepts.
        Opener kioskSide;
        QCOMPARE(kioskSide.addPlatformKey(test::testKeys().keyId, test::testKeys().platformPublic).code,
                 OpenErrorCode::InvalidKey);
        QVERIFY(kioskSide.setKioskKey(test::testKeys().kioskCertificate).isOk());
        QCOMPARE(kioskSide.open(sealed.bytes).error.code, OpenErrorCode::UnknownKeyId);
    }

    void sealerRefusesUnusableKeys()
    {
        QCOMPARE(Sealer({"k", test::testKeys().kioskPublic}, test::testKeys().kioskPrivate).error().code,
                 SealErrorCode::InvalidPlatformKey); // EC, not RSA
        QCOMPARE(Sealer({"k", test::testKeys().platformPublic}, test::testKeys().platformPrivate).error().code,
                 SealErrorCode::InvalidKioskKey); // RSA, not P-256
        QCOMPARE(Sealer({"", test::testKeys().platformPublic}, test::testKeys().kioskPrivate).error().code,
                 SealErrorCode::InvalidPlatformKey);
        QCOMPARE(
            Sealer({QString(65, 'k'), test::testKeys().platformPublic}, test::testKeys().kioskPrivate).error().code,
            SealErrorCode::InvalidPlatformKey);
        QCOMPARE(Sealer({"k", "not a pem"}, test::testKeys().kioskPrivate).error().code,
                 SealErrorCode::InvalidPlatformKey);
        const Sealer broken({"k", "not a pem"}, test::testKeys().kioskPrivate);
        QVERIFY(!broken.sealBlob("x").isOk());
    }

    void sealerRefusesBadInput_data()
    {
        QTest::addColumn<QString>("what");
        QTest::newRow("id not a UUID v4") << "id";
        QTest::newRow("uppercase UUID") << "upper";
        QTest::newRow("local_no of another kiosk") << "local_no";
        QTest::newRow("local_no with a short seq") << "short_seq";
        QTest::newRow("invalid time") << "created_at";
        QTest::newRow("empty item code") << "item_code";
        QTest::newRow("float in the payload") << "float";
        QTest::newRow("malformed blob ref") << "blob";
    }
    void sealerRefusesBadInput()
    {
        QFETCH(QString, what);
        EnvelopeMeta meta = sampleMeta();
        QJsonObject payload = test::samplePayload();
        QList<BlobRef> blobs{page.ref("id_card_front", 1)};
        if (what == "id")
            meta.id = "6f1c2a0e-8b4d-1c3a-9e7f-1a2b3c4d5e6f"; // version 1
        else if (what == "upper")
            meta.id = meta.id.toUpper();
        else if (what == "local_no")
            meta.localNo = "GD-OTHER-0009-20240601-000001";
        else if (what == "short_seq")
            meta.localNo = "GD-TEST-0001-20240601-42";
        else if (what == "created_at")
            meta.createdAt = QDateTime();
        else if (what == "item_code")
            meta.itemCode.clear();
        else if (what == "float")
            payload.insert("fee", 12.5);
        else if (what == "blob")
            blobs[0].sha256 = blobs[0].sha256.toUpper();
        const auto r = sealer->sealEnvelope(meta, payload, blobs);
        QCOMPARE(r.error.code, SealErrorCode::InvalidInput);
        QVERIFY(r.value.bytes.isEmpty());
    }

    void sealedEnvelope_readsBackItsMetadata()
    {
        const auto back = SealedEnvelope::fromBytes(sealed.bytes);
        QVERIFY(back.isOk());
        QCOMPARE(back.value.id, sealed.id);
        QCOMPARE(back.value.localNo, sealed.localNo);
        QCOMPARE(back.value.itemCode, sealed.itemCode);
        QCOMPARE(back.value.createdAt, sealed.createdAt);
        QCOMPARE(back.value.blobs, sealed.blobs);
        QVERIFY(!SealedEnvelope::fromBytes("{}").isOk());
        QVERIFY(!SealedEnvelope::fromBytes("not json").isOk());
    }
};

QTEST_GUILESS_MAIN(TestEnvelope)
#include "test_envelope.moc"
