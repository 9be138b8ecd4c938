// TPM-sealed keys at rest: AES-256-GCM under a KEK sealed with tpm2-tools (see key_store.h).
#include "offline_queue/storage/key_store.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QMutex>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>

#include <fcntl.h>
#include <openssl/crypto.h>
#include <sys/stat.h>
#include <unistd.h>

#include "offline_queue/storage/crypto_util.h"

namespace kiosk::queue::keys {

namespace {

constexpr char kMagic[] = "kiosk-sealed-key 1";
constexpr int kKekSize = crypto::kAesKeySize;

QMutex optionsMutex;
TpmOptions processOptions;
// Unsealed keys by path: the TPM is asked once per process and key (on a hardware TPM the primary key alone takes up
// to a second), then every client of the same key gets it from memory.
QMutex cacheMutex;
QHash<QString, QByteArray> unsealedCache;

QByteArray aadFor(const QString &keyPath)
{
    return QByteArrayLiteral("kiosk-sealed-key:") + QFileInfo(keyPath).fileName().toUtf8();
}

struct SealedFile {
    QByteArray tpmPublic, tpmPrivate, iv, tag, ciphertext;
};

QByteArray serialise(const SealedFile &s)
{
    QByteArray out = QByteArray(kMagic) + '\n';
    auto line = [&out](const char *name, const QByteArray &v) { out += QByteArray(name) + ' ' + v.toBase64() + '\n'; };
    line("tpm-public", s.tpmPublic);
    line("tpm-private", s.tpmPrivate);
    line("iv", s.iv);
    line("tag", s.tag);
    line("ciphertext", s.ciphertext);
    return out;
}

bool parse(const QByteArray &text, SealedFile *s, QString *error)
{
    const QList<QByteArray> lines = text.split('\n');
    if (lines.isEmpty() || lines.first() != kMagic) {
        *error = QStringLiteral("not a sealed key file (no '%1' line)").arg(QLatin1String(kMagic));
        return false;
    }
    QByteArray *fields[] = {&s->tpmPublic, &s->tpmPrivate, &s->iv, &s->tag, &s->ciphertext};
    const char *names[] = {"tpm-public", "tpm-private", "iv", "tag", "ciphertext"};
    for (int i = 0; i < 5; ++i) {
        const QByteArray want = QByteArray(names[i]) + ' ';
        if (lines.size() <= i + 1 || !lines.at(i + 1).startsWith(want)) {
            *error = QStringLiteral("sealed key file: line '%1' missing").arg(QLatin1String(names[i]));
            return false;
        }
        const auto decoded =
            QByteArray::fromBase64Encoding(lines.at(i + 1).mid(want.size()), QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded || decoded.decoded.isEmpty()) {
            *error = QStringLiteral("sealed key file: line '%1' is not base64").arg(QLatin1String(names[i]));
            return false;
        }
        *fields[i] = decoded.decoded;
    }
    if (s->iv.size() != crypto::kGcmIvSize || s->tag.size() != crypto::kGcmTagSize || s->ciphertext.size() > 65536) {
        *error = QStringLiteral("sealed key file: wrong sizes");
        return false;
    }
    return true;
}

bool aesGcmDecrypt(const QByteArray &kek, const SealedFile &s, const QByteArray &aad, QByteArray *plain)
{
    crypto::CipherCtx ctx(EVP_CIPHER_CTX_new());
    int len = 0;
    QByteArray out(s.ciphertext.size(), '\0');
    const auto *key = reinterpret_cast<const unsigned char *>(kek.constData());
    const auto *iv = reinterpret_cast<const unsigned char *>(s.iv.constData());
    bool ok = ctx && EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) == 1 &&
              EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, int(s.iv.size()), nullptr) == 1 &&
              EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr, key, iv) == 1 &&
              EVP_DecryptUpdate(ctx.get(), nullptr, &len, reinterpret_cast<const unsigned char *>(aad.constData()),
                                int(aad.size())) == 1 &&
              EVP_DecryptUpdate(ctx.get(), reinterpret_cast<unsigned char *>(out.data()), &len,
                                reinterpret_cast<const unsigned char *>(s.ciphertext.constData()),
                                int(s.ciphertext.size())) == 1;
    const int written = len;
    ok = ok &&
         EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, int(s.tag.size()),
                             const_cast<char *>(s.tag.constData())) == 1 &&
         EVP_DecryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char *>(out.data()) + written, &len) == 1;
    if (!ok) {
        wipe(out);
        crypto::takeOpenSslError();
        return false;
    }
    out.resize(written + len);
    *plain = out;
    return true;
}

// One tpm2-tools step: `program args`, `input` on stdin, stdout returned in *output (may be the KEK: never logged).
class Tpm
{
public:
    explicit Tpm(const TpmOptions &options) : options_(options) {}

    bool ready(QString *error)
    {
        if (!dir_.isValid()) {
            *error = QStringLiteral("no private temporary folder for the TPM context files");
            return false;
        }
        return true;
    }
    QString file(const char *name) const { return dir_.filePath(QLatin1String(name)); }

    bool run(const QString &tool, const QStringList &args, QString *error, const QByteArray &input = {},
             QByteArray *output = nullptr)
    {
        if (!step(tool, args, error, input, output))
            return false;
        // Without a resource manager the tools leave their transient objects loaded; the TPM has only three slots.
        QString ignored;
        step(QStringLiteral("tpm2_flushcontext"), {QStringLiteral("-t")}, &ignored, {}, nullptr);
        return true;
    }

private:
    bool step(const QString &tool, const QStringList &args, QString *error, const QByteArray &input, QByteArray *output)
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        if (!options_.tcti.isEmpty())
            env.insert(QStringLiteral("TPM2TOOLS_TCTI"), options_.tcti);
        p.setProcessEnvironment(env);
        const QString program = options_.toolsDir.isEmpty() ? tool : QDir(options_.toolsDir).filePath(tool);
        p.start(program, args);
        if (!p.waitForStarted(options_.timeoutMs)) {
            *error = QStringLiteral("%1 did not start (tpm2-tools installed?)").arg(tool);
            return false;
        }
        if (!input.isEmpty())
            p.write(input);
        p.closeWriteChannel();
        if (!p.waitForFinished(options_.timeoutMs)) {
            p.kill();
            p.waitForFinished(1000);
            *error = QStringLiteral("%1 did not finish within %2 ms").arg(tool).arg(options_.timeoutMs);
            return false;
        }
        QByteArray out = p.readAllStandardOutput();
        if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
            wipe(out);
            // The tools' stderr names TPM error codes, never the sealed data.
            const QString why =
                QString::fromLocal8Bit(p.readAllStandardError()).trimmed().section(QLatin1Char('\n'), -1);
            *error = QStringLiteral("%1 failed: %2").arg(tool, why.left(300));
            return false;
        }
        if (output)
            *output = out;
        else
            wipe(out);
        return true;
    }

    TpmOptions options_;
    QTemporaryDir dir_{QDir::tempPath() + QStringLiteral("/kiosk-tpm-XXXXXX")};
};

bool createPrimary(Tpm &tpm, QString *error)
{
    // The owner hierarchy's ECC P-256 storage key, from the default template: the TPM re-derives the same key from
    // its seed every time, so it is never stored.
    return tpm.run(QStringLiteral("tpm2_createprimary"),
                   {QStringLiteral("-Q"), QStringLiteral("-C"), QStringLiteral("o"), QStringLiteral("-g"),
                    QStringLiteral("sha256"), QStringLiteral("-G"), QStringLiteral("ecc"), QStringLiteral("-c"),
                    tpm.file("primary.ctx")},
                   error);
}

bool writeFile(const QString &path, const QByteArray &bytes, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, f.errorString());
        return false;
    }
    f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    const bool ok = f.write(bytes) == bytes.size() && f.flush() && ::fsync(f.handle()) == 0;
    f.close();
    if (!ok)
        *error = QStringLiteral("cannot write %1").arg(path);
    return ok;
}

QByteArray readFile(const QString &path, qint64 cap, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, f.errorString());
        return {};
    }
    QByteArray bytes = f.read(cap + 1);
    if (bytes.size() > cap) {
        wipe(bytes);
        *error = QStringLiteral("%1 is larger than %2 bytes").arg(path).arg(cap);
        return {};
    }
    return bytes;
}

QByteArray unsealKek(const SealedFile &s, const TpmOptions &options, QString *error)
{
    Tpm tpm(options);
    if (!tpm.ready(error) || !createPrimary(tpm, error))
        return {};
    if (!writeFile(tpm.file("kek.pub"), s.tpmPublic, error) || !writeFile(tpm.file("kek.priv"), s.tpmPrivate, error))
        return {};
    if (!tpm.run(QStringLiteral("tpm2_load"),
                 {QStringLiteral("-Q"), QStringLiteral("-C"), tpm.file("primary.ctx"), QStringLiteral("-u"),
                  tpm.file("kek.pub"), QStringLiteral("-r"), tpm.file("kek.priv"), QStringLiteral("-c"),
                  tpm.file("kek.ctx")},
                 error))
        return {};
    QByteArray kek;
    if (!tpm.run(QStringLiteral("tpm2_unseal"), {QStringLiteral("-c"), tpm.file("kek.ctx")}, error, {}, &kek))
        return {};
    if (kek.size() != kKekSize) {
        wipe(kek);
        *error = QStringLiteral("the TPM unsealed %1 bytes, not a %2-byte key").arg(kek.size()).arg(kKekSize);
        return {};
    }
    return kek;
}

} // namespace

void setTpmOptions(const TpmOptions &options)
{
    QMutexLocker lock(&optionsMutex);
    processOptions = options;
}

TpmOptions tpmOptions()
{
    QMutexLocker lock(&optionsMutex);
    return processOptions;
}

QString sealedPathOf(const QString &keyPath)
{
    return keyPath + QLatin1String(kSealedSuffix);
}

void wipe(QByteArray &bytes)
{
    if (!bytes.isEmpty())
        OPENSSL_cleanse(bytes.data(), size_t(bytes.size()));
    bytes.clear();
}

KeyMaterial loadKey(const QString &keyPath)
{
    return loadKey(keyPath, tpmOptions());
}

KeyMaterial loadKey(const QString &keyPath, const TpmOptions &tpm)
{
    KeyMaterial m;
    const QString sealedPath = sealedPathOf(keyPath);
    if (!QFileInfo::exists(sealedPath)) {
        if (!QFileInfo::exists(keyPath)) {
            m.error = QStringLiteral("no key: neither %1 nor %2 exists").arg(keyPath, sealedPath);
            return m;
        }
        m.bytes = readFile(keyPath, 65536, &m.error);
        return m;
    }
    QMutexLocker cacheLock(&cacheMutex);
    if (const auto cached = unsealedCache.constFind(sealedPath); cached != unsealedCache.constEnd()) {
        m.bytes = cached.value();
        m.hardwareProtected = true;
        return m;
    }
    SealedFile s;
    const QByteArray text = readFile(sealedPath, 262144, &m.error);
    if (!m.error.isEmpty())
        return m;
    if (!parse(text, &s, &m.error))
        return m;
    QString why;
    QByteArray kek = unsealKek(s, tpm, &why);
    if (kek.isEmpty()) {
        m.error = QStringLiteral("the TPM did not unseal %1: %2").arg(sealedPath, why);
        return m;
    }
    QByteArray plain;
    const bool opened = aesGcmDecrypt(kek, s, aadFor(keyPath), &plain);
    wipe(kek);
    if (!opened) {
        m.error = QStringLiteral("%1 does not open with this TPM's key (altered, or sealed for another key file)")
                      .arg(sealedPath);
        return m;
    }
    m.bytes = plain;
    unsealedCache.insert(sealedPath, plain);
    m.hardwareProtected = true;
    return m;
}

void forgetUnsealedKeys()
{
    QMutexLocker lock(&cacheMutex);
    for (auto it = unsealedCache.begin(); it != unsealedCache.end(); ++it)
        wipe(it.value());
    unsealedCache.clear();
}

bool isSealed(const QString &keyPath)
{
    return QFileInfo::exists(sealedPathOf(keyPath)) && !QFileInfo::exists(keyPath);
}

QString sealKey(const QString &keyPath, const TpmOptions &options)
{
    QString error;
    if (QFileInfo::exists(sealedPathOf(keyPath)))
        return QStringLiteral("%1 is sealed already").arg(keyPath);
    QByteArray key = readFile(keyPath, 65536, &error);
    if (!error.isEmpty())
        return error;
    if (key.isEmpty())
        return QStringLiteral("%1 is empty").arg(keyPath);

    QByteArray kek(kKekSize, '\0');
    SealedFile s;
    s.iv = QByteArray(crypto::kGcmIvSize, '\0');
    if (!crypto::randomSecretBytes(reinterpret_cast<unsigned char *>(kek.data()), kKekSize) ||
        !crypto::randomBytes(reinterpret_cast<unsigned char *>(s.iv.data()), int(s.iv.size()))) {
        wipe(key);
        return QStringLiteral("no randomness for the key-encryption key");
    }
    const bool encrypted = crypto::aesGcmEncrypt(reinterpret_cast<const unsigned char *>(kek.constData()), s.iv,
                                                 aadFor(keyPath), key, &s.ciphertext, &s.tag);
    {
        Tpm tpm(options);
        const bool sealed = encrypted && tpm.ready(&error) && createPrimary(tpm, &error) &&
                            tpm.run(QStringLiteral("tpm2_create"),
                                    {QStringLiteral("-Q"), QStringLiteral("-C"), tpm.file("primary.ctx"),
                                     QStringLiteral("-i"), QStringLiteral("-"), QStringLiteral("-u"),
                                     tpm.file("kek.pub"), QStringLiteral("-r"), tpm.file("kek.priv")},
                                    &error, kek);
        wipe(kek);
        if (!encrypted)
            error = QStringLiteral("AES-GCM failed: %1").arg(crypto::takeOpenSslError());
        if (!sealed || !encrypted) {
            wipe(key);
            return error;
        }
        QString readError;
        s.tpmPublic = readFile(tpm.file("kek.pub"), 4096, &readError);
        s.tpmPrivate = readFile(tpm.file("kek.priv"), 4096, &readError);
        if (!readError.isEmpty()) {
            wipe(key);
            return readError;
        }
    }

    const QString sealedPath = sealedPathOf(keyPath);
    const QString temporary = sealedPath + QStringLiteral(".part");
    if (!writeFile(temporary, serialise(s), &error) ||
        ::rename(QFile::encodeName(temporary).constData(), QFile::encodeName(sealedPath).constData()) != 0) {
        QFile::remove(temporary);
        wipe(key);
        return error.isEmpty() ? QStringLiteral("cannot rename %1 into place").arg(temporary) : error;
    }
    // Proof before the clear key goes: it unseals to the same bytes.
    KeyMaterial back = loadKey(keyPath, options);
    const bool same = back.ok() && back.bytes == key;
    wipe(back.bytes);
    if (!same) {
        QFile::remove(sealedPath);
        wipe(key);
        return QStringLiteral("the sealed key did not open again (%1): nothing changed").arg(back.error);
    }
    // Overwrite the clear file in place before unlinking it (on flash storage the old blocks may survive the
    // overwrite: commission on a fresh key, README says so).
    QByteArray zeros(key.size(), '\0');
    wipe(key);
    if (!writeFile(keyPath, zeros, &error))
        return error;
    if (!QFile::remove(keyPath))
        return QStringLiteral("sealed, but the clear %1 could not be removed").arg(keyPath);
    const int dir = ::open(QFile::encodeName(QFileInfo(keyPath).absolutePath()).constData(), O_RDONLY | O_DIRECTORY);
    if (dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
    return {};
}

QString protectionProblem(const QStringList &keyPaths)
{
    QStringList clear;
    for (const QString &path : keyPaths) {
        if (QFileInfo::exists(path))
            clear.append(QFileInfo(path).fileName());
    }
    if (clear.isEmpty())
        return {};
    return QStringLiteral("keys not hardware-protected: %1").arg(clear.join(QStringLiteral(", ")));
}

} // namespace kiosk::queue::keys
