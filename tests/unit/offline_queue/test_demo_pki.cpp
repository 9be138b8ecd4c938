// Specification of packaging/make-demo-pki.sh: the certificates verify (or fail) as their names promise, the pins are
// the curl sha256// form of the server's SPKI, the run is idempotent, and the keys seal and open real envelopes.
#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <openssl/x509v3.h>

#include "queue_test_support.h"

#include "offline_queue/envelope.h"
#include "offline_queue/platform_side/envelope_open.h"

using namespace kiosk;
using namespace kiosk::queue;

namespace {

QString scriptPath()
{
    QString root = qEnvironmentVariable("KIOSK_SOURCE_DIR");
    if (root.isEmpty())
        root = QStringLiteral(QT_TESTCASE_SOURCEDIR "/../../..");
    return QDir(root).filePath("packaging/make-demo-pki.sh");
}

struct Run {
    int exitCode = -1;
    QString output;
};

Run runScript(const QStringList &args)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start("bash", QStringList{scriptPath()} + args);
    if (!p.waitForFinished(120000))
        return {};
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromLocal8Bit(p.readAll())};
}

X509 *loadCert(const QString &path)
{
    const QByteArray pem = test::readAll(path);
    BIO *bio = BIO_new_mem_buf(pem.constData(), int(pem.size()));
    X509 *cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    return cert;
}

EVP_PKEY *loadPrivate(const QString &path)
{
    const QByteArray pem = test::readAll(path);
    BIO *bio = BIO_new_mem_buf(pem.constData(), int(pem.size()));
    EVP_PKEY *key = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    return key;
}

// X509_V_OK or the verification error of `leaf` against `caPath` alone.
int verifyAgainst(const QString &caPath, const QString &leafPath, int purpose)
{
    X509 *ca = loadCert(caPath);
    X509 *leaf = loadCert(leafPath);
    X509_STORE *store = X509_STORE_new();
    X509_STORE_add_cert(store, ca);
    X509_STORE_CTX *ctx = X509_STORE_CTX_new();
    X509_STORE_CTX_init(ctx, store, leaf, nullptr);
    X509_STORE_CTX_set_purpose(ctx, purpose);
    const int rc = X509_verify_cert(ctx);
    const int err = rc == 1 ? X509_V_OK : X509_STORE_CTX_get_error(ctx);
    X509_STORE_CTX_free(ctx);
    X509_STORE_free(store);
    X509_free(leaf);
    X509_free(ca);
    return err;
}

QString pinOf(EVP_PKEY *key)
{
    unsigned char *der = nullptr;
    const int len = i2d_PUBKEY(key, &der);
    const QByteArray spki(reinterpret_cast<const char *>(der), len);
    OPENSSL_free(der);
    return "sha256//" + QString::fromLatin1(QCryptographicHash::hash(spki, QCryptographicHash::Sha256).toBase64());
}

QString commonName(X509 *cert)
{
    char buf[256] = {};
    X509_NAME_get_text_by_NID(X509_get_subject_name(cert), NID_commonName, buf, sizeof buf);
    return QString::fromUtf8(buf);
}

const QStringList kFiles{"ca.crt",
                         "ca.key",
                         "server.crt",
                         "server.key",
                         "server-backup.key",
                         "pins.txt",
                         "kiosk.crt",
                         "kiosk.key",
                         "submission.key",
                         "submission.pub",
                         "submission.key_id",
                         "other-ca.crt",
                         "other-ca.key",
                         "other-server.crt",
                         "other-server.key",
                         "other-kiosk.crt",
                         "other-kiosk.key",
                         "expired-server.crt",
                         "expired-server.key",
                         "expired-kiosk.crt",
                         "expired-kiosk.key",
                         "wronghost-server.crt",
                         "wronghost-server.key"};

} // namespace

class TestDemoPki : public QObject
{
    Q_OBJECT

    QTemporaryDir tmp;
    QString dir;

    QString f(const QString &name) const { return QDir(dir).filePath(name); }

private slots:
    void initTestCase()
    {
        QVERIFY(QFileInfo::exists(scriptPath()));
        dir = tmp.filePath(QStringLiteral("pki 演示")); // a space and CJK in the path
        const Run r = runScript({dir});
        QVERIFY2(r.exitCode == 0, qPrintable(r.output));
    }

    void makesEveryFile_withPrivateKeysReadableByTheOwnerOnly()
    {
        for (const QString &name : kFiles) {
            QVERIFY2(QFileInfo::exists(f(name)), qPrintable(name));
            if (name.endsWith(".key"))
                QCOMPARE(QFileInfo(f(name)).permissions() & (QFile::ReadGroup | QFile::ReadOther),
                         QFile::Permissions());
        }
        QVERIFY(QDir(dir).entryList({".pki-work.*"}, QDir::Dirs | QDir::Hidden).isEmpty());
    }

    void serverCertificate_isForLocalhostAnd127001_andVerifiesWithTheDemoCa()
    {
        QCOMPARE(verifyAgainst(f("ca.crt"), f("server.crt"), X509_PURPOSE_SSL_SERVER), X509_V_OK);
        X509 *cert = loadCert(f("server.crt"));
        QCOMPARE(X509_check_host(cert, "localhost", 0, 0, nullptr), 1);
        QCOMPARE(X509_check_ip_asc(cert, "127.0.0.1", 0), 1);
        EVP_PKEY *key = loadPrivate(f("server.key"));
        QCOMPARE(X509_check_private_key(cert, key), 1);
        EVP_PKEY_free(key);
        X509_free(cert);
    }

    void kioskCertificate_isAClientCertificateWithTheKioskIdOnAP256Key()
    {
        QCOMPARE(verifyAgainst(f("ca.crt"), f("kiosk.crt"), X509_PURPOSE_SSL_CLIENT), X509_V_OK);
        X509 *cert = loadCert(f("kiosk.crt"));
        QCOMPARE(commonName(cert), QStringLiteral("GD-DEV-0001"));
        EVP_PKEY *key = loadPrivate(f("kiosk.key"));
        QVERIFY(EVP_PKEY_is_a(key, "EC"));
        char group[64] = {};
        size_t len = 0;
        EVP_PKEY_get_group_name(key, group, sizeof group, &len);
        QCOMPARE(QByteArray(group), QByteArray("prime256v1"));
        QCOMPARE(X509_check_private_key(cert, key), 1);
        EVP_PKEY_free(key);
        X509_free(cert);
    }

    void submissionKey_isRsa3072_withADerivedKeyId()
    {
        EVP_PKEY *key = loadPrivate(f("submission.key"));
        QVERIFY(EVP_PKEY_is_a(key, "RSA"));
        QCOMPARE(EVP_PKEY_get_bits(key), 3072);
        EVP_PKEY_free(key);
        QVERIFY(test::readAll(f("submission.pub")).startsWith("-----BEGIN PUBLIC KEY-----"));
        const QString keyId = QString::fromLatin1(test::readAll(f("submission.key_id"))).trimmed();
        QVERIFY2(QRegularExpression("^demo-[0-9a-f]{16}$").match(keyId).hasMatch(), qPrintable(keyId));
    }

    void pins_areTheServerAndBackupSpkiHashes_inCurlForm()
    {
        const QStringList lines = QString::fromLatin1(test::readAll(f("pins.txt"))).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 2);
        X509 *cert = loadCert(f("server.crt"));
        QCOMPARE(lines[0], pinOf(X509_get0_pubkey(cert)));
        X509_free(cert);
        EVP_PKEY *backup = loadPrivate(f("server-backup.key"));
        QCOMPARE(lines[1], pinOf(backup));
        EVP_PKEY_free(backup);
        QVERIFY(lines[0] != lines[1]);
        QVERIFY(lines[0].endsWith('=')); // 32 bytes: padded standard base64
    }

    void negativeCertificates_failForTheirNamedReason()
    {
        QCOMPARE(verifyAgainst(f("ca.crt"), f("other-server.crt"), X509_PURPOSE_SSL_SERVER),
                 X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
        QCOMPARE(verifyAgainst(f("ca.crt"), f("other-kiosk.crt"), X509_PURPOSE_SSL_CLIENT),
                 X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
        QCOMPARE(verifyAgainst(f("other-ca.crt"), f("other-server.crt"), X509_PURPOSE_SSL_SERVER), X509_V_OK);
        QCOMPARE(verifyAgainst(f("ca.crt"), f("expired-server.crt"), X509_PURPOSE_SSL_SERVER),
                 X509_V_ERR_CERT_HAS_EXPIRED);
        QCOMPARE(verifyAgainst(f("ca.crt"), f("expired-kiosk.crt"), X509_PURPOSE_SSL_CLIENT),
                 X509_V_ERR_CERT_HAS_EXPIRED);
        // The wrong-host certificate is otherwise valid: only the name check must fail.
        QCOMPARE(verifyAgainst(f("ca.crt"), f("wronghost-server.crt"), X509_PURPOSE_SSL_SERVER), X509_V_OK);
        X509 *wrong = loadCert(f("wronghost-server.crt"));
        QCOMPARE(X509_check_host(wrong, "localhost", 0, 0, nullptr), 0);
        QCOMPARE(X509_check_ip_asc(wrong, "127.0.0.1", 0), 0);
        X509_free(wrong);
        X509 *expired = loadCert(f("expired-server.crt"));
        QCOMPARE(X509_check_host(expired, "localhost", 0, 0, nullptr), 1);
        X509_free(expired);
    }

    void keys_sealAndOpenARealEnvelope()
    {
        const PlatformKey platform{QString::fromLatin1(test::readAll(f("submission.key_id"))).trimmed(),
                                   test::readAll(f("submission.pub"))};
        Sealer sealer(platform, test::readAll(f("kiosk.key")));
        QVERIFY2(sealer.isValid(), qPrintable(sealer.error().message));
        const auto page = sealer.sealBlob("page");
        EnvelopeMeta meta{{}, "GD-DEV-0001-20240601-000001", "GD-DEV-0001", QDateTime::currentDateTimeUtc(), "ITEM", 1};
        const auto env = sealer.sealEnvelope(meta, test::samplePayload(), {page.value.ref("m", 1)});
        QVERIFY(env.isOk());
        const QJsonObject o = QJsonDocument::fromJson(env.value.bytes).object();
        QCOMPARE(QByteArray::fromBase64(o["wrapped_key"].toString().toLatin1()).size(), 384); // RSA-3072

        Opener opener(platform.keyId, test::readAll(f("submission.key")), test::readAll(f("kiosk.crt")));
        QVERIFY2(opener.setupError().isOk(), qPrintable(opener.setupError().message));
        const auto opened = opener.open(env.value.bytes);
        QVERIFY2(opened.isOk(), qPrintable(opened.error.message));
        QCOMPARE(opened.value.payload, test::samplePayload());
        QCOMPARE(opener.openBlob(page.value.bytes, page.value.sha256).value, QByteArray("page"));

        Opener withExpired(platform.keyId, test::readAll(f("submission.key")), test::readAll(f("expired-kiosk.crt")));
        QCOMPARE(withExpired.open(env.value.bytes).error.code, OpenErrorCode::CertificateNotValid);
        Opener withOtherKiosk(platform.keyId, test::readAll(f("submission.key")), test::readAll(f("other-kiosk.crt")));
        QCOMPARE(withOtherKiosk.open(env.value.bytes).error.code, OpenErrorCode::BadSignature);
    }

    void secondRun_changesNothing()
    {
        QHash<QString, QByteArray> before;
        QHash<QString, QDateTime> mtimes;
        for (const QString &name : kFiles) {
            before[name] = test::readAll(f(name));
            mtimes[name] = QFileInfo(f(name)).lastModified();
        }
        const Run r = runScript({dir});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.output.contains("nothing to do"), qPrintable(r.output));
        for (const QString &name : kFiles) {
            QCOMPARE(test::readAll(f(name)), before[name]);
            QCOMPARE(QFileInfo(f(name)).lastModified(), mtimes[name]);
        }
    }

    void anotherKioskIdForTheSameFolder_isRefused()
    {
        const Run r = runScript({dir, "GD-OTHER-0002"});
        QCOMPARE(r.exitCode, 65);
        QVERIFY(r.output.contains("GD-DEV-0001"));
    }

    void partialFolder_isRebuiltCompletely_withTheGivenKioskId()
    {
        const QString partial = tmp.filePath("partial");
        QDir().mkpath(partial);
        QVERIFY(test::writeAll(partial + "/ca.crt", "left over from an interrupted run"));
        QVERIFY(test::writeAll(partial + "/notes.txt", "someone else's file"));
        const Run r = runScript({partial, "GD-SZ-0420"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.output));
        QCOMPARE(verifyAgainst(partial + "/ca.crt", partial + "/kiosk.crt", X509_PURPOSE_SSL_CLIENT), X509_V_OK);
        X509 *cert = loadCert(partial + "/kiosk.crt");
        QCOMPARE(commonName(cert), QStringLiteral("GD-SZ-0420"));
        X509_free(cert);
        QCOMPARE(test::readAll(partial + "/notes.txt"), QByteArray("someone else's file"));
    }

    void badArguments_areUsageErrors()
    {
        QCOMPARE(runScript({}).exitCode, 64);
        QCOMPARE(runScript({tmp.filePath("x"), "bad id/with slash"}).exitCode, 64);
    }
};

QTEST_GUILESS_MAIN(TestDemoPki)
#include "test_demo_pki.moc"
