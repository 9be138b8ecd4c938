// The sandbox platform's state: start-up from the PKI folder, keys and key rotation, Openers per kiosk certificate,
// demo identities, case timelines, the request log and reset.
#include "offline_queue/sandbox/sandbox.h"

#include "offline_queue/envelope.h"
#include "offline_queue/sandbox/sandbox_util.h"
#include "offline_queue/storage/crypto_util.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSslCertificate>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

namespace kiosk::sandbox {

Q_LOGGING_CATEGORY(lcSandbox, "kiosk.sandbox")

using queue::StoreError;

namespace {

constexpr std::size_t kRequestLogSize = 5000;

QByteArray readFile(const QString &path, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("cannot read %1: %2").arg(path, f.errorString());
        return {};
    }
    return f.readAll();
}

QByteArray bioBytes(BIO *bio)
{
    char *data = nullptr;
    const long len = BIO_get_mem_data(bio, &data);
    QByteArray out(data, int(len));
    BIO_free(bio);
    return out;
}

QByteArray publicPemOf(EVP_PKEY *key)
{
    BIO *bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PUBKEY(bio, key);
    return bioBytes(bio);
}

QString keyIdOf(EVP_PKEY *key, const char *prefix)
{
    unsigned char *der = nullptr;
    const int len = i2d_PUBKEY(key, &der);
    if (len <= 0)
        return {};
    const QByteArray spki(reinterpret_cast<const char *>(der), len);
    OPENSSL_free(der);
    return QLatin1String(prefix) + queue::sha256Hex(spki).left(16);
}

const char *const kChain[] = {"received", "accepted", "in_review", "approved"};

QString stepNote(int step, const QString &kioskId, const QString &delivery)
{
    switch (step) {
    case 0: return QStringLiteral("received from kiosk %1").arg(kioskId);
    case 1: return QStringLiteral("accepted (受理) by the department");
    case 2: return QStringLiteral("under review (审查)");
    default: return QStringLiteral("approved (办结); result by %1").arg(delivery);
    }
}

std::optional<QList<Citizen>> parseCitizens(const QByteArray &json, QString *error)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &pe);
    const QJsonArray codes = doc.object().value(QLatin1String("codes")).toArray();
    if (pe.error != QJsonParseError::NoError || !doc.isObject() || codes.isEmpty()) {
        *error = QStringLiteral("the identities file needs {\"codes\":[{code,name,id_type,id_number,documents}]}");
        return std::nullopt;
    }
    QList<Citizen> out;
    for (const QJsonValue v : codes) {
        const QJsonObject o = v.toObject();
        Citizen c;
        c.code = o.value(QLatin1String("code")).toString();
        c.name = o.value(QLatin1String("name")).toString();
        c.idType = o.value(QLatin1String("id_type")).toString(QStringLiteral("resident"));
        c.idNumber = o.value(QLatin1String("id_number")).toString();
        c.documents = o.value(QLatin1String("documents")).toArray();
        if (o.contains(QLatin1String("expires_at"))) {
            c.codeExpiresAt = QDateTime::fromString(o.value(QLatin1String("expires_at")).toString(), Qt::ISODate);
            if (!c.codeExpiresAt.isValid()) {
                *error = QStringLiteral("code %1: expires_at is not RFC 3339").arg(c.code);
                return std::nullopt;
            }
        }
        if (c.code.isEmpty() || c.name.isEmpty() || c.idNumber.isEmpty()) {
            *error = QStringLiteral("every code needs code, name and id_number");
            return std::nullopt;
        }
        out.append(c);
    }
    return out;
}

} // namespace

QJsonObject RequestRecord::toJson() const
{
    return QJsonObject{{QStringLiteral("seq"), seq},
                       {QStringLiteral("at"), at},
                       {QStringLiteral("connection"), qint64(connection)},
                       {QStringLiteral("index_on_connection"), indexOnConnection},
                       {QStringLiteral("method"), method},
                       {QStringLiteral("path"), path},
                       {QStringLiteral("status"), status},
                       {QStringLiteral("outcome"), outcome},
                       {QStringLiteral("kiosk_id"), kioskId},
                       {QStringLiteral("request_id"), requestId},
                       {QStringLiteral("idempotency_key"), idempotencyKey},
                       {QStringLiteral("body_bytes"), bodyBytes},
                       {QStringLiteral("fault"), fault}};
}

Sandbox::Sandbox(const SandboxOptions &options)
    : options_(options)
    , initial_(options)
    , checker_(CheckerContext{[this](const QString &keyId) {
                                  for (const PlatformKeyRecord &k : keys_)
                                      if (k.keyId == keyId)
                                          return k.privatePem;
                                  return QByteArray();
                              },
                              [this](const QString &token) -> std::optional<QString> {
                                  // Any token this platform issued, also after its lifetime ("Payload", Person).
                                  StoreError err;
                                  const auto row =
                                      db_ ? db_->queryOne("SELECT code FROM identity_tokens WHERE token = ?", {token},
                                                          "t", &err)
                                          : std::nullopt;
                                  const Citizen *c = row ? citizenByCode(row->value(0).toString()) : nullptr;
                                  if (!c)
                                      return std::nullopt;
                                  return maskName(c->name);
                              }})
{}

Sandbox::~Sandbox() = default;

std::unique_ptr<Sandbox> Sandbox::create(const SandboxOptions &options, QString *error)
{
    std::unique_ptr<Sandbox> s(new Sandbox(options));
    QString why;
    auto fail = [&](const QString &message) -> std::unique_ptr<Sandbox> {
        if (error)
            *error = message;
        return nullptr;
    };

    if (!QDir().mkpath(QDir(options.dataDir).filePath(QStringLiteral("blobs"))))
        return fail(QStringLiteral("cannot create %1/blobs").arg(options.dataDir));
    s->db_ = SandboxDb::open(QDir(options.dataDir).filePath(QStringLiteral("sandbox.sqlite")), &why);
    if (!s->db_)
        return fail(QStringLiteral("sandbox database: %1").arg(why));

    const QString cataloguePath =
        options.cataloguePath.isEmpty() ? QStringLiteral(":/sandbox/catalogue.json") : options.cataloguePath;
    const QByteArray catalogue = readFile(cataloguePath, &why);
    if (catalogue.isEmpty() || !s->catalogue_.load(catalogue, &why))
        return fail(QStringLiteral("catalogue %1: %2").arg(cataloguePath, why));

    const QString identitiesPath =
        options.identitiesPath.isEmpty() ? QStringLiteral(":/sandbox/demo_identities.json") : options.identitiesPath;
    const QByteArray identities = readFile(identitiesPath, &why);
    std::optional<QList<Citizen>> citizens = identities.isEmpty() ? std::nullopt : parseCitizens(identities, &why);
    if (!citizens)
        return fail(QStringLiteral("identities %1: %2").arg(identitiesPath, why));
    s->citizens_ = *citizens;

    const QList<QSslCertificate> kiosk =
        QSslCertificate::fromPath(QDir(options.pkiDir).filePath(QStringLiteral("kiosk.crt")));
    if (!kiosk.isEmpty())
        s->defaultKioskId_ = kiosk.first().subjectInfo(QSslCertificate::CommonName).value(0);

    why = s->loadKeys(false);
    if (!why.isEmpty())
        return fail(why);
    for (const FaultRule &r : options.faults)
        s->faults_.add(r);
    return s;
}

QString Sandbox::loadKeys(bool resetKeys)
{
    openers_.clear();
    blobOpener_.reset();
    if (resetKeys) {
        const StoreError err = db_->exec("DELETE FROM platform_keys");
        if (!err.isOk())
            return err.message;
    }
    QString why;
    const QString pki = options_.pkiDir;
    const QByteArray pkiPrivate = readFile(QDir(pki).filePath(QStringLiteral("submission.key")), &why);
    const QString pkiKeyId =
        QString::fromUtf8(readFile(QDir(pki).filePath(QStringLiteral("submission.key_id")), &why)).trimmed();
    if (pkiPrivate.isEmpty() || pkiKeyId.isEmpty())
        return QStringLiteral("the PKI folder lacks the submission key: %1").arg(why);

    QList<std::tuple<QString, QByteArray, QString>> wanted{{pkiKeyId, pkiPrivate, QStringLiteral("pki")}};
    for (const auto &[keyId, file] : options_.extraKeys) {
        const QByteArray pem = readFile(file, &why);
        if (pem.isEmpty())
            return QStringLiteral("--extra-key %1: %2").arg(keyId, why);
        wanted.append({keyId, pem, QStringLiteral("extra")});
    }
    StoreError err;
    const bool hadCurrent =
        db_->queryOne("SELECT key_id FROM platform_keys WHERE is_current = 1", {}, "t", &err).has_value();
    if (!err.isOk())
        return err.message;
    bool pkiIsNew = false;
    for (const auto &[keyId, pem, origin] : wanted) {
        queue::crypto::PKey key = queue::crypto::loadPrivateKey(pem);
        if (!key || !queue::crypto::isRsa(key.get(), 2048) || keyId.isEmpty() || keyId.size() > queue::kMaxKeyIdChars)
            return QStringLiteral("key %1 is not an RSA private key of >= 2048 bits with a key_id of 1..64 characters")
                .arg(keyId);
        err = db_->exec("INSERT OR IGNORE INTO platform_keys (key_id, private_pem, public_pem, is_current, origin, "
                        "created_at) VALUES (?, ?, ?, 0, ?, ?)",
                        {keyId, pem, publicPemOf(key.get()), origin, rfc3339Utc(now())});
        if (!err.isOk())
            return err.message;
        if (origin == QLatin1String("pki") && db_->store().changes() > 0)
            pkiIsNew = true;
    }
    if (pkiIsNew || !hadCurrent) {
        err = db_->exec("UPDATE platform_keys SET is_current = (key_id = ?)", {pkiKeyId});
        if (!err.isOk())
            return err.message;
    }
    const QList<Row> rows = db_->query(
        "SELECT key_id, private_pem, public_pem, is_current, origin, created_at FROM platform_keys ORDER BY created_at",
        {}, "tbbitt", &err);
    if (!err.isOk())
        return err.message;
    keys_.clear();
    for (const Row &row : rows) {
        keys_.append({row[0].toString(), row[1].toByteArray(), row[2].toByteArray(), row[3].toLongLong() != 0,
                      row[4].toString(), row[5].toString()});
    }
    return {};
}

const PlatformKeyRecord *Sandbox::currentKey() const
{
    for (const PlatformKeyRecord &k : keys_) {
        if (k.current)
            return &k;
    }
    return nullptr;
}

QString Sandbox::rotateKey(int bits, QString *error)
{
    EVP_PKEY *raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t(bits));
    queue::crypto::PKey key(raw);
    if (!key) {
        *error = QStringLiteral("RSA key generation failed: %1").arg(queue::crypto::takeOpenSslError());
        return {};
    }
    BIO *bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PrivateKey(bio, key.get(), nullptr, nullptr, 0, nullptr, nullptr);
    const QByteArray privatePem = bioBytes(bio);
    const QString keyId = keyIdOf(key.get(), "sbx-");
    queue::Transaction tx(db_->store());
    StoreError err = tx.beginError();
    if (err.isOk())
        err = db_->exec("UPDATE platform_keys SET is_current = 0");
    if (err.isOk())
        err = db_->exec("INSERT INTO platform_keys (key_id, private_pem, public_pem, is_current, origin, created_at) "
                        "VALUES (?, ?, ?, 1, 'rotated', ?)",
                        {keyId, privatePem, publicPemOf(key.get()), rfc3339Utc(now())});
    if (err.isOk())
        err = tx.commit();
    if (!err.isOk()) {
        *error = err.message;
        return {};
    }
    // Reload without touching the rows: loadKeys(false) keeps the current marker we just set.
    const QString why = loadKeys(false);
    if (!why.isEmpty()) {
        *error = why;
        return {};
    }
    qCInfo(lcSandbox) << "rotated the submission key; current key_id" << keyId;
    return keyId;
}

const queue::Opener *Sandbox::openerFor(const QByteArray &certificatePem, QString *error)
{
    const QString id = queue::sha256Hex(certificatePem);
    auto it = openers_.find(id);
    if (it != openers_.end())
        return it->second.get();
    auto opener = std::make_unique<queue::Opener>();
    for (const PlatformKeyRecord &k : keys_) {
        const queue::OpenError e = opener->addPlatformKey(k.keyId, k.privatePem);
        if (!e.isOk()) {
            *error = e.message;
            return nullptr;
        }
    }
    const queue::OpenError e = opener->setKioskKey(certificatePem);
    if (!e.isOk()) {
        *error = e.message;
        return nullptr;
    }
    return openers_.emplace(id, std::move(opener)).first->second.get();
}

const queue::Opener &Sandbox::blobOpener()
{
    if (!blobOpener_) {
        blobOpener_ = std::make_unique<queue::Opener>();
        for (const PlatformKeyRecord &k : keys_)
            blobOpener_->addPlatformKey(k.keyId, k.privatePem);
    }
    return *blobOpener_;
}

const Citizen *Sandbox::citizenByCode(const QString &code) const
{
    for (const Citizen &c : citizens_) {
        if (c.code == code)
            return &c;
    }
    return nullptr;
}

QString Sandbox::blobPath(const QString &sha256) const
{
    return QDir(options_.dataDir).filePath(QStringLiteral("blobs/") + sha256);
}

std::optional<Citizen> Sandbox::citizenForToken(const QString &token)
{
    if (token.isEmpty())
        return std::nullopt;
    StoreError err;
    const auto row =
        db_->queryOne("SELECT code, expires_epoch FROM identity_tokens WHERE token = ?", {token}, "ti", &err);
    if (!row || row->value(1).toLongLong() <= now().toSecsSinceEpoch())
        return std::nullopt;
    const Citizen *c = citizenByCode(row->value(0).toString());
    if (!c)
        return std::nullopt;
    return *c;
}

StoreError Sandbox::advanceCase(const QString &caseNo)
{
    StoreError err;
    const auto row = db_->queryOne(
        "SELECT received_epoch, auto_advance, kiosk_id, delivery_method FROM submissions WHERE case_no = ?", {caseNo},
        "iitt", &err);
    if (!row || !err.isOk())
        return err;
    const int advance = options_.advanceSeconds;
    if (row->value(1).toLongLong() == 0 || advance <= 0)
        return {};
    const qint64 received = row->value(0).toLongLong();
    const int target = int(std::min<qint64>(3, std::max<qint64>(0, now().toSecsSinceEpoch() - received) / advance));
    const auto last = db_->queryOne("SELECT MAX(step) FROM timeline WHERE case_no = ?", {caseNo}, "i", &err);
    const int done = last && !last->value(0).isNull() ? int(last->value(0).toLongLong()) : -1;
    if (!err.isOk() || done >= target)
        return err;
    queue::Transaction tx(db_->store());
    err = tx.beginError();
    for (int step = done + 1; err.isOk() && step <= target; ++step) {
        err = db_->exec("INSERT INTO timeline (case_no, step, at, status, note) VALUES (?, ?, ?, ?, ?)",
                        {caseNo, step, rfc3339Utc(QDateTime::fromSecsSinceEpoch(received + qint64(step) * advance)),
                         QString::fromLatin1(kChain[step]),
                         stepNote(step, row->value(2).toString(), row->value(3).toString())});
    }
    if (err.isOk())
        err = db_->exec("UPDATE submissions SET status = ? WHERE case_no = ?",
                        {QString::fromLatin1(kChain[target]), caseNo});
    if (err.isOk())
        err = tx.commit();
    return err;
}

std::optional<QJsonObject> Sandbox::caseJson(const QString &caseNo, StoreError *error)
{
    *error = advanceCase(caseNo);
    if (!error->isOk())
        return std::nullopt;
    const auto row =
        db_->queryOne("SELECT case_no, local_no, item_code, status, promised_date, delivery_method FROM submissions "
                      "WHERE case_no = ?",
                      {caseNo}, "tttttt", error);
    if (!row)
        return std::nullopt;
    QJsonArray timeline;
    for (const Row &t :
         db_->query("SELECT at, status, note FROM timeline WHERE case_no = ? ORDER BY step", {caseNo}, "ttt", error)) {
        timeline.append(QJsonObject{{QStringLiteral("at"), t[0].toString()},
                                    {QStringLiteral("status"), t[1].toString()},
                                    {QStringLiteral("note"), t[2].toString()}});
    }
    const auto [dueFen, paymentStatus] = payments_.dueOf(row->value(0).toString(), row->value(2).toString());
    return QJsonObject{{QStringLiteral("case_no"), row->value(0).toString()},
                       {QStringLiteral("amount_due_fen"), dueFen},
                       {QStringLiteral("payment_status"), paymentStatus},
                       {QStringLiteral("local_no"), row->value(1).toString()},
                       {QStringLiteral("item_code"), row->value(2).toString()},
                       {QStringLiteral("status"), row->value(3).toString()},
                       {QStringLiteral("timeline"), timeline},
                       {QStringLiteral("promised_date"), row->value(4).toString()},
                       {QStringLiteral("delivery"), QJsonObject{{QStringLiteral("method"), row->value(5).toString()}}}};
}

void Sandbox::record(RequestRecord r)
{
    r.seq = ++requestSeq_;
    requestLog_.push_back(std::move(r));
    while (requestLog_.size() > kRequestLogSize)
        requestLog_.pop_front();
}

QJsonArray Sandbox::requests(qint64 sinceSeq) const
{
    QJsonArray a;
    for (const RequestRecord &r : requestLog_) {
        if (r.seq > sinceSeq)
            a.append(r.toJson());
    }
    return a;
}

QString Sandbox::reset()
{
    const StoreError err = db_->wipe();
    if (!err.isOk())
        return err.message;
    QDir blobs(QDir(options_.dataDir).filePath(QStringLiteral("blobs")));
    for (const QString &name : blobs.entryList(QDir::Files | QDir::Hidden))
        blobs.remove(name);
    const QString why = loadKeys(true);
    if (!why.isEmpty())
        return why;
    catalogue_.reset();
    payments_.clear();
    options_.advanceSeconds = initial_.advanceSeconds;
    options_.tokenTtlSeconds = initial_.tokenTtlSeconds;
    options_.configVersion = initial_.configVersion;
    faults_.clear();
    for (const FaultRule &r : options_.faults)
        faults_.add(r);
    requestLog_.clear();
    checker_.clear();
    qCInfo(lcSandbox) << "reset";
    return {};
}

} // namespace kiosk::sandbox
