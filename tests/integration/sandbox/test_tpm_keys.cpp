// Keys at rest sealed to a TPM (issue 15), against a real software TPM (swtpm, the TPM 2.0 reference implementation)
// driven by Debian's tpm2-tools, exactly as the kiosk drives a hardware TPM:
// - sealing removes the clear key and leaves a file that holds no byte of it; it unseals to the same key in memory;
// - a second TPM (another machine: the thief's) cannot open it, nor can an altered file, nor one renamed to another
// key;
// - the kiosk's TLS client presents the sealed key from memory (CURLOPT_SSLKEY_BLOB) in a mutual-TLS call to the
//   sandbox, with no clear key on disk at any time;
// - `kioskctl keys status` says "not hardware-protected" (exit 1) for clear files and `keys seal` fixes that.
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

#include "offline_queue/curl_platform_client.h"
#include "offline_queue/storage/key_store.h"
#include "sandbox_harness.h"
#include "support/software_tpm.h"

using namespace kiosk;
namespace keys = kiosk::queue::keys;

namespace {

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeAll(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

// Every file under `dir` that holds a PEM private key or `secret` (a clear key left anywhere).
QStringList filesHolding(const QString &dir, const QByteArray &secret)
{
    QStringList found;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        const QByteArray bytes = readAll(path);
        if (bytes.contains("PRIVATE KEY") || (!secret.isEmpty() && bytes.contains(secret)))
            found << path;
    }
    return found;
}

} // namespace

class TestTpmKeys : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        for (const char *tool : {"tpm2_createprimary", "tpm2_create", "tpm2_load", "tpm2_unseal", "tpm2_flushcontext"})
            QVERIFY2(!QStandardPaths::findExecutable(QLatin1String(tool)).isEmpty(),
                     "tpm2-tools not installed (packaging/install-deps.sh installs it)");
        const QString why = tpm_.start();
        QVERIFY2(why.isEmpty(), qPrintable(why));
        QVERIFY(tmp_.isValid());
    }

    void init() { keys::forgetUnsealedKeys(); }

    void sealing_removesTheClearKey_andUnsealsToTheSameBytes()
    {
        const QString dir = tmp_.filePath(QStringLiteral("roundtrip"));
        QVERIFY(QDir().mkpath(dir));
        const QString path = dir + QStringLiteral("/audit.key");
        QByteArray key(32, '\0');
        for (int i = 0; i < key.size(); ++i)
            key[i] = char(0xA0 ^ i);
        QVERIFY(writeAll(path, key));
        QVERIFY(!keys::protectionProblem({path}).isEmpty());

        const QString why = keys::sealKey(path, tpm_.options());
        QVERIFY2(why.isEmpty(), qPrintable(why));
        QVERIFY(!QFile::exists(path));
        QVERIFY(keys::isSealed(path));
        QVERIFY2(keys::protectionProblem({path}).isEmpty(), qPrintable(keys::protectionProblem({path})));
        const QByteArray sealed = readAll(keys::sealedPathOf(path));
        QVERIFY(sealed.startsWith("kiosk-sealed-key 1\n"));
        QVERIFY(!sealed.contains(key));
        QVERIFY(!sealed.contains(key.toBase64()));
        QCOMPARE(QFile(keys::sealedPathOf(path)).permissions() & (QFileDevice::ReadOther | QFileDevice::ReadGroup),
                 QFileDevice::Permissions());

        keys::forgetUnsealedKeys();
        keys::KeyMaterial back = keys::loadKey(path, tpm_.options());
        QVERIFY2(back.ok(), qPrintable(back.error));
        QVERIFY(back.hardwareProtected);
        QCOMPARE(back.bytes, key);
        // Sealing twice is refused (the clear key is gone; nothing to seal).
        QVERIFY(!keys::sealKey(path, tpm_.options()).isEmpty());
    }

    void anotherTpm_alteredFiles_andSwappedFiles_openNothing()
    {
        const QString dir = tmp_.filePath(QStringLiteral("thief"));
        QVERIFY(QDir().mkpath(dir));
        const QString path = dir + QStringLiteral("/kiosk.key");
        const QByteArray key = "-----BEGIN PRIVATE KEY-----\nnot a real key, but 64 bytes of secret text\n"
                               "-----END PRIVATE KEY-----\n";
        QVERIFY(writeAll(path, key));
        QVERIFY(keys::sealKey(path, tpm_.options()).isEmpty());

        // The files taken to another machine: its TPM has another seed, so another primary key.
        test::SoftwareTpm other;
        const QString started = other.start();
        QVERIFY2(started.isEmpty(), qPrintable(started));
        keys::forgetUnsealedKeys();
        keys::KeyMaterial stolen = keys::loadKey(path, other.options());
        QVERIFY(!stolen.ok());
        QVERIFY(stolen.bytes.isEmpty());
        QVERIFY2(stolen.error.contains(QStringLiteral("TPM")), qPrintable(stolen.error));

        // One bit of the ciphertext changed: GCM refuses it.
        const QString sealedPath = keys::sealedPathOf(path);
        const QByteArray original = readAll(sealedPath);
        QList<QByteArray> lines = original.split('\n');
        for (QByteArray &line : lines) {
            if (line.startsWith("ciphertext ")) {
                QByteArray ct = QByteArray::fromBase64(line.mid(11));
                ct[0] = char(ct[0] ^ 1);
                line = "ciphertext " + ct.toBase64();
            }
        }
        QVERIFY(writeAll(sealedPath, lines.join('\n')));
        keys::KeyMaterial altered = keys::loadKey(path, tpm_.options());
        QVERIFY(!altered.ok());
        QVERIFY(altered.bytes.isEmpty());
        QVERIFY(writeAll(sealedPath, original));

        // The sealed TLS key copied over the audit key's name: the associated data names the file, so it does not open.
        const QString swapped = dir + QStringLiteral("/audit.key");
        QVERIFY(QFile::copy(sealedPath, keys::sealedPathOf(swapped)));
        keys::KeyMaterial wrongRole = keys::loadKey(swapped, tpm_.options());
        QVERIFY(!wrongRole.ok());
        QVERIFY(wrongRole.bytes.isEmpty());

        keys::KeyMaterial right = keys::loadKey(path, tpm_.options());
        QVERIFY2(right.ok(), qPrintable(right.error));
        QCOMPARE(right.bytes, key);
    }

    void theTlsClient_presentsTheSealedKeyFromMemory()
    {
        const QString pki = tmp_.filePath(QStringLiteral("pki"));
        QVERIFY(QDir().mkpath(pki));
        test::SandboxProcess sandbox;
        const QString why = sandbox.startWithDemoPki(pki);
        QVERIFY2(why.isEmpty(), qPrintable(why));

        // The kiosk's own copy of its certificate and key, as a commissioned kiosk holds them.
        const QString kioskDir = tmp_.filePath(QStringLiteral("kiosk-data"));
        QVERIFY(QDir().mkpath(kioskDir + QStringLiteral("/pki")));
        queue::PlatformClientConfig c = sandbox.clientConfig();
        const QString keyPath = kioskDir + QStringLiteral("/pki/kiosk.key");
        QVERIFY(QFile::copy(c.clientKeyFile, keyPath));
        QVERIFY(QFile::copy(c.clientCertFile, kioskDir + QStringLiteral("/pki/kiosk.crt")));
        c.clientKeyFile = keyPath;
        c.clientCertFile = kioskDir + QStringLiteral("/pki/kiosk.crt");
        const QByteArray pem = readAll(keyPath);
        QVERIFY(pem.contains("PRIVATE KEY"));
        QVERIFY(keys::sealKey(keyPath, tpm_.options()).isEmpty());
        QVERIFY(filesHolding(kioskDir, {}).isEmpty());

        keys::forgetUnsealedKeys();
        keys::setTpmOptions(tpm_.options());
        {
            queue::CurlPlatformClient client(c);
            QVERIFY2(client.configProblem().isEmpty(), qPrintable(client.configProblem()));
            // The submission key is served to authenticated kiosks only: the handshake needed our certificate's key.
            const queue::ApiResult r = client.getSubmissionKey();
            QVERIFY2(r.isSuccess(), qPrintable(r.describe()));
            QVERIFY(filesHolding(kioskDir, {}).isEmpty());
            // The TPM's context files went to a private temporary folder, gone again.
            QVERIFY(QDir(QDir::tempPath()).entryList({QStringLiteral("kiosk-tpm-*")}, QDir::Dirs).isEmpty());
        }

        // A TPM that does not hold the key: the client refuses to call and says why (no fallback to anything).
        test::SoftwareTpm other;
        QVERIFY(other.start().isEmpty());
        keys::forgetUnsealedKeys();
        keys::setTpmOptions(other.options());
        queue::CurlPlatformClient refused(c);
        const queue::ApiResult r = refused.getSubmissionKey();
        QVERIFY(!r.isSuccess());
        QVERIFY(r.networkError == queue::NetworkError::Config);
        QVERIFY2(r.errorText.contains(QStringLiteral("TLS key")), qPrintable(r.errorText));
        keys::setTpmOptions({});
    }

    void kioskctl_reportsClearKeys_andSealsThem()
    {
        const QString data = tmp_.filePath(QStringLiteral("ctl-data"));
        QVERIFY(QDir().mkpath(data + QStringLiteral("/pki")));
        QVERIFY(writeAll(data + QStringLiteral("/pki/kiosk.key"), "-----BEGIN PRIVATE KEY-----\nxyz\n"));
        QVERIFY(writeAll(data + QStringLiteral("/audit.key"), QByteArray(32, 'k')));
        const QString conf = tmp_.filePath(QStringLiteral("ctl.conf"));
        QVERIFY(writeAll(
            conf, QStringLiteral("[kiosk]\ndata_dir=%1\n[keys]\ntcti=%2\n").arg(data, tpm_.options().tcti).toUtf8()));
        auto run = [&conf](const QStringList &args, QJsonObject *json) {
            QProcess p;
            p.start(QStringLiteral(KIOSKCTL_BINARY),
                    args + QStringList{QStringLiteral("--json"), QStringLiteral("--config"), conf});
            p.waitForFinished(60000);
            *json = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
            return p.exitCode();
        };
        QJsonObject j;
        QCOMPARE(run({QStringLiteral("keys"), QStringLiteral("status")}, &j), 1);
        QCOMPARE(j.value(QStringLiteral("hardware_protected")).toBool(true), false);
        QCOMPARE(j.value(QStringLiteral("keys")).toArray().size(), 2);
        QCOMPARE(run({QStringLiteral("keys"), QStringLiteral("seal")}, &j), 0);
        for (const QJsonValue v : j.value(QStringLiteral("keys")).toArray())
            QVERIFY2(v.toObject().value(QStringLiteral("ok")).toBool(), QJsonDocument(j).toJson().constData());
        QVERIFY(!QFile::exists(data + QStringLiteral("/pki/kiosk.key")));
        QVERIFY(!QFile::exists(data + QStringLiteral("/audit.key")));
        QCOMPARE(run({QStringLiteral("keys"), QStringLiteral("status")}, &j), 0);
        QCOMPARE(j.value(QStringLiteral("hardware_protected")).toBool(false), true);
        for (const QJsonValue v : j.value(QStringLiteral("keys")).toArray())
            QCOMPARE(v.toObject().value(QStringLiteral("state")).toString(), QStringLiteral("sealed"));
    }

private:
    test::SoftwareTpm tpm_;
    QTemporaryDir tmp_;
};

QTEST_GUILESS_MAIN(TestTpmKeys)
#include "test_tpm_keys.moc"
