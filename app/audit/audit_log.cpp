// The audit hash chain on SQLite: append, verify, tail, checkpointed pruning and the anchor bookkeeping.
#include "app/audit/audit_log.h"

#include "offline_queue/storage/canonical_json.h"
#include "offline_queue/storage/crypto_util.h"
#include "offline_queue/storage/key_store.h"
#include "offline_queue/storage/sanitize.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QMutexLocker>
#include <QSettings>

#include <openssl/crypto.h>
#include <openssl/hmac.h>

#include <cerrno>
#include <cmath>
#include <fcntl.h>
#include <unistd.h>

namespace kiosk::app {

Q_LOGGING_CATEGORY(lcAudit, "kiosk.app.audit")

using queue::Statement;
using queue::StoreError;
using queue::StoreErrorCode;
using queue::StoreResult;
using queue::Transaction;

namespace {

constexpr int kKeySize = 32;
constexpr int kMaxDetailDepth = 8;
constexpr qint64 kClockSlackMs = 5 * 60 * 1000; // rotate() tolerates this much of a clock step backwards

QList<queue::Migration> migrations()
{
    return {{1, QStringLiteral("audit chain, head, checkpoints, anchor"),
             R"sql(
CREATE TABLE audit_record (
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  kind TEXT NOT NULL,
  detail BLOB NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq INTEGER NOT NULL,
  hash TEXT NOT NULL
);
CREATE TABLE audit_checkpoint (
  seq INTEGER PRIMARY KEY,
  hash TEXT NOT NULL,
  at TEXT NOT NULL,
  pruned INTEGER NOT NULL,
  prev_mac TEXT NOT NULL,
  mac TEXT NOT NULL
);
CREATE TABLE audit_anchor (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq INTEGER NOT NULL,
  hash TEXT NOT NULL,
  at TEXT NOT NULL
);
)sql"},
            // Issue 15: the head and the last anchored (seq, hash) carry a MAC, so that cutting the tail (and writing a
            // head that matches what is left) or moving the anchor back no longer verifies. Rows of version 1 get
            // their MAC once, right after this step (AuditLog::openImpl).
            {2, QStringLiteral("MACs of the head and of the last anchor"),
             R"sql(
ALTER TABLE audit_head ADD COLUMN mac TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_anchor ADD COLUMN mac TEXT NOT NULL DEFAULT '';
)sql"}};
}

QString hmacHex(const QByteArray &key, const QByteArray &data, bool *ok)
{
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int outLen = 0;
    const unsigned char *r =
        HMAC(EVP_sha256(), key.constData(), int(key.size()), reinterpret_cast<const unsigned char *>(data.constData()),
             size_t(data.size()), out, &outLen);
    if (ok)
        *ok = r != nullptr && outLen == 32;
    if (!r)
        return {};
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(out), int(outLen)).toHex());
}

bool sameHex(const QString &a, const QString &b)
{
    const QByteArray x = a.toLatin1();
    const QByteArray y = b.toLatin1();
    return x.size() == y.size() && CRYPTO_memcmp(x.constData(), y.constData(), size_t(x.size())) == 0;
}

QString formatAt(const QDateTime &when)
{
    // Asia/Shanghai is UTC+8 without daylight saving: a fixed width string that also sorts by time.
    return when.toOffsetFromUtc(8 * 3600).toString(QStringLiteral("yyyy-MM-dd'T'HH:mm:ss.zzz")) +
           QStringLiteral("+08:00");
}

QJsonValue guardValue(const QJsonValue &v, int depth)
{
    switch (v.type()) {
    case QJsonValue::String: return queue::sanitizeErrorText(v.toString());
    case QJsonValue::Double: {
        const double d = v.toDouble();
        if (std::isfinite(d) && std::floor(d) == d && std::fabs(d) <= double(queue::kMaxSafeInteger))
            return QJsonValue(qint64(d));
        return QString::number(d, 'g', 15); // canonical JSON holds no floats
    }
    case QJsonValue::Array: {
        if (depth >= kMaxDetailDepth)
            return QStringLiteral("...");
        QJsonArray out;
        for (const QJsonValue &e : v.toArray())
            out.append(guardValue(e, depth + 1));
        return out;
    }
    case QJsonValue::Object: {
        if (depth >= kMaxDetailDepth)
            return QStringLiteral("...");
        QJsonObject out;
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            out.insert(queue::sanitizeErrorText(it.key()), guardValue(it.value(), depth + 1));
        return out;
    }
    default: return v;
    }
}

struct HeadRow {
    bool present = false;
    qint64 seq = 0;
    QString hash;
    QString mac;
    QString at; // audit_anchor only
};

// The head (audit_head) or the last anchor (audit_anchor): one row each, same shape.
HeadRow readHeadLike(queue::Store &store, const char *sql, StoreError *error)
{
    HeadRow h;
    Statement s = store.prepare(sql);
    const Statement::Step step = s.step();
    if (step == Statement::Step::Error) {
        *error = s.error();
    } else if (step == Statement::Step::Row) {
        h.present = true;
        h.seq = s.int64(0);
        h.hash = s.text(1);
        h.mac = s.text(2);
        h.at = s.text(3);
    }
    return h;
}

HeadRow readHead(queue::Store &store, StoreError *error)
{
    return readHeadLike(store, "SELECT seq, hash, mac, '' FROM audit_head WHERE id = 1", error);
}

HeadRow readAnchor(queue::Store &store, StoreError *error)
{
    return readHeadLike(store, "SELECT seq, hash, mac, at FROM audit_anchor WHERE id = 1", error);
}

struct CheckpointRow {
    qint64 seq = 0;
    QString hash;
    QString at;
    qint64 pruned = 0;
    QString prevMac;
    QString mac;
};

QList<CheckpointRow> readCheckpoints(queue::Store &store, StoreError *error)
{
    QList<CheckpointRow> out;
    Statement s = store.prepare("SELECT seq, hash, at, pruned, prev_mac, mac FROM audit_checkpoint ORDER BY seq");
    for (;;) {
        const Statement::Step step = s.step();
        if (step == Statement::Step::Error) {
            *error = s.error();
            break;
        }
        if (step != Statement::Step::Row)
            break;
        out.append({s.int64(0), s.text(1), s.text(2), s.int64(3), s.text(4), s.text(5)});
    }
    return out;
}

AuditRecord recordFrom(const Statement &s)
{
    AuditRecord r;
    r.seq = s.int64(0);
    r.at = s.text(1);
    r.kind = s.text(2);
    r.detail = s.blob(3);
    r.prevHash = s.text(4);
    r.hash = s.text(5);
    return r;
}

StoreError fail(StoreErrorCode code, const QString &message)
{
    return StoreError::make(code, message);
}

} // namespace

// --- records --------------------------------------------------------------------------------------------------------

QJsonObject AuditRecord::toJson() const
{
    return QJsonObject{{QStringLiteral("seq"), seq},
                       {QStringLiteral("at"), at},
                       {QStringLiteral("kind"), kind},
                       {QStringLiteral("detail"), QJsonDocument::fromJson(detail).object()},
                       {QStringLiteral("prev_hash"), prevHash},
                       {QStringLiteral("hash"), hash}};
}

QJsonObject AuditVerifyResult::toJson() const
{
    return QJsonObject{{QStringLiteral("ok"), ok},
                       {QStringLiteral("records"), records},
                       {QStringLiteral("first_bad_seq"), ok ? QJsonValue() : QJsonValue(firstBadSeq)},
                       {QStringLiteral("detail"), detail.isEmpty() ? QJsonValue() : QJsonValue(detail)},
                       {QStringLiteral("checkpoint_seq"), checkpointSeq},
                       {QStringLiteral("head_seq"), head.seq},
                       {QStringLiteral("head_hash"), head.hash.isEmpty() ? QJsonValue() : QJsonValue(head.hash)}};
}

// --- options and key ------------------------------------------------------------------------------------------------

AuditOptions loadAuditOptions(QSettings &ini, const QString &dataDir, QStringList *problems)
{
    AuditOptions o;
    auto file = [&](const char *key, const QString &fallback) {
        const QString v = ini.value(QLatin1String(key)).toString().trimmed();
        const QString name = v.isEmpty() ? fallback : v;
        return QDir::isAbsolutePath(name) ? name : QDir(dataDir).filePath(name);
    };
    o.databasePath = file("audit/database", QStringLiteral("audit.sqlite"));
    o.keyPath = file("audit/key_file", QStringLiteral("audit.key"));
    const QVariant days = ini.value(QStringLiteral("audit/retention_days"));
    if (days.isValid()) {
        bool ok = false;
        const int d = days.toString().trimmed().toInt(&ok);
        if (!ok || d < 183 || d > 3650) {
            if (problems)
                problems->append(QStringLiteral("audit/retention_days: '%1' must be from 183 (6 months) to 3650; "
                                                "using %2")
                                     .arg(days.toString())
                                     .arg(o.retentionDays));
        } else {
            o.retentionDays = d;
        }
    }
    return o;
}

QByteArray loadOrCreateAuditKey(const QString &path, QString *error)
{
    auto readKey = [&]() -> QByteArray {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("cannot read the audit key %1: %2").arg(path, f.errorString());
            return {};
        }
        const QByteArray key = f.read(kKeySize + 1);
        if (key.size() != kKeySize) {
            *error = QStringLiteral("the audit key %1 holds %2 bytes, not %3").arg(path).arg(key.size()).arg(kKeySize);
            return {};
        }
        return key;
    };
    // Sealed to the TPM at commissioning (`kioskctl keys seal`): unsealed into memory, never written in clear again.
    if (QFileInfo::exists(queue::keys::sealedPathOf(path))) {
        queue::keys::KeyMaterial k = queue::keys::loadKey(path);
        if (!k.ok()) {
            *error = QStringLiteral("the audit key: %1").arg(k.error);
            return {};
        }
        if (k.bytes.size() != kKeySize) {
            *error = QStringLiteral("the sealed audit key holds %1 bytes, not %2").arg(k.bytes.size()).arg(kKeySize);
            queue::keys::wipe(k.bytes);
            return {};
        }
        return k.bytes;
    }
    if (QFileInfo::exists(path))
        return readKey();

    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath())) {
        *error = QStringLiteral("cannot create the folder of %1").arg(path);
        return {};
    }
    QByteArray key(kKeySize, '\0');
    if (!queue::crypto::randomSecretBytes(reinterpret_cast<unsigned char *>(key.data()), kKeySize)) {
        *error = QStringLiteral("no randomness for the audit key");
        return {};
    }
    // Written to a private temporary name, fsynced, then linked into place: link() fails if another process won the
    // race, and then that process's key is the one (a reader never sees a half-written key).
    const QByteArray target = QFile::encodeName(path);
    const QByteArray tmp = target + ".tmp-" + QByteArray::number(::getpid());
    ::unlink(tmp.constData());
    const int fd = ::open(tmp.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        *error =
            QStringLiteral("cannot create the audit key %1: %2").arg(path, QString::fromLocal8Bit(strerror(errno)));
        return {};
    }
    const bool written = ::write(fd, key.constData(), size_t(key.size())) == kKeySize && ::fsync(fd) == 0;
    ::close(fd);
    if (!written) {
        ::unlink(tmp.constData());
        *error = QStringLiteral("cannot write the audit key %1").arg(path);
        return {};
    }
    const int linked = ::link(tmp.constData(), target.constData());
    const int linkErrno = errno;
    ::unlink(tmp.constData());
    if (linked != 0) {
        if (linkErrno == EEXIST)
            return readKey();
        *error =
            QStringLiteral("cannot place the audit key %1: %2").arg(path, QString::fromLocal8Bit(strerror(linkErrno)));
        return {};
    }
    const int dirFd = ::open(QFile::encodeName(info.absolutePath()).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dirFd >= 0) {
        ::fsync(dirFd);
        ::close(dirFd);
    }
    qCInfo(lcAudit) << "created a new audit key at" << path;
    return key;
}

// --- AuditLog -------------------------------------------------------------------------------------------------------

AuditLog::AuditLog(std::unique_ptr<queue::Store> store, QByteArray key, AuditOptions options)
    : store_(std::move(store)), key_(std::move(key)), options_(std::move(options))
{
    if (!options_.wallClock)
        options_.wallClock = [] { return QDateTime::currentDateTimeUtc(); };
}

AuditLog::~AuditLog()
{
    key_.fill('\0');
}

QString AuditLog::genesisHash()
{
    return QString(64, QLatin1Char('0'));
}

AuditOpenResult AuditLog::open(const AuditOptions &options)
{
    return openImpl(options, false);
}

AuditOpenResult AuditLog::openExisting(const AuditOptions &options)
{
    return openImpl(options, true);
}

AuditOpenResult AuditLog::openImpl(const AuditOptions &options, bool mustExist)
{
    AuditOpenResult out;
    if (mustExist && !QFileInfo::exists(options.databasePath)) {
        out.error = fail(StoreErrorCode::NotFound, QStringLiteral("no audit log at %1").arg(options.databasePath));
        return out;
    }
    if (mustExist && !QFileInfo::exists(options.keyPath) &&
        !QFileInfo::exists(queue::keys::sealedPathOf(options.keyPath))) {
        out.error =
            fail(StoreErrorCode::NotFound,
                 QStringLiteral("the audit key %1 is missing: the log cannot be verified").arg(options.keyPath));
        return out;
    }
    QString keyError;
    QByteArray key = loadOrCreateAuditKey(options.keyPath, &keyError);
    if (key.isEmpty()) {
        out.error = fail(StoreErrorCode::OpenFailed, keyError);
        return out;
    }
    queue::StoreOptions so;
    so.recoverCorrupt = options.recoverCorrupt && !mustExist;
    if (options.wallClock)
        so.wallClock = options.wallClock;
    queue::StoreOpenResult r = queue::Store::open(options.databasePath, migrations(), so);
    if (!r.isOk()) {
        out.error = r.error;
        return out;
    }
    out.log.reset(new AuditLog(std::move(r.store), std::move(key), options));
    if (r.migration == queue::MigrationResult::Upgraded && r.fromVersion == 1) {
        const StoreError e = out.log->macLegacyRows();
        if (!e.isOk())
            qCWarning(lcAudit).noquote() << "the head and anchor of the older chain were not MACed:" << e.message;
    }
    if (r.recovered) {
        out.alert = r.alert.isEmpty() ? QStringLiteral("the audit log was corrupt and has been moved aside") : r.alert;
        qCWarning(lcAudit) << "audit log was corrupt; moved aside to" << r.movedAsideTo << "- a new chain starts";
        out.log->append(QString::fromLatin1(audit_kind::kAuditRecovered),
                        {{QStringLiteral("moved_aside_to"), QFileInfo(r.movedAsideTo).fileName()}});
    }
    return out;
}

QString AuditLog::path() const
{
    return store_->path();
}

QString AuditLog::now() const
{
    return formatAt(options_.wallClock());
}

QByteArray AuditLog::canonicalDetail(const QJsonObject &detail, QString *error)
{
    const QJsonObject guarded = guardValue(detail, 0).toObject();
    return queue::canonicalJson(guarded, error);
}

QString AuditLog::recordHash(const QByteArray &key, qint64 seq, const QString &at, const QString &kind,
                             const QByteArray &canonicalDetail, const QString &prevHash, bool *ok)
{
    // The detail is bound by the SHA-256 of its exact stored bytes: any change to them, even one that keeps the JSON
    // meaning, breaks the MAC, and verification never has to re-parse what it checks.
    const QJsonObject record{{QStringLiteral("type"), QStringLiteral("record")},
                             {QStringLiteral("v"), 1},
                             {QStringLiteral("seq"), seq},
                             {QStringLiteral("at"), at},
                             {QStringLiteral("kind"), kind},
                             {QStringLiteral("detail_sha256"), queue::sha256Hex(canonicalDetail)},
                             {QStringLiteral("prev_hash"), prevHash}};
    QString error;
    const QByteArray bytes = queue::canonicalJson(record, &error);
    if (bytes.isEmpty()) {
        if (ok)
            *ok = false;
        return {};
    }
    return hmacHex(key, bytes, ok);
}

QString AuditLog::checkpointMac(qint64 seq, const QString &hash, const QString &at, qint64 pruned,
                                const QString &prevMac) const
{
    const QJsonObject cp{{QStringLiteral("type"), QStringLiteral("checkpoint")},
                         {QStringLiteral("v"), 1},
                         {QStringLiteral("seq"), seq},
                         {QStringLiteral("hash"), hash},
                         {QStringLiteral("at"), at},
                         {QStringLiteral("pruned"), pruned},
                         {QStringLiteral("prev_mac"), prevMac}};
    return hmacHex(key_, queue::canonicalJson(cp), nullptr);
}

QString AuditLog::headMac(const char *type, qint64 seq, const QString &hash, const QString &at) const
{
    const QJsonObject o{{QStringLiteral("type"), QLatin1String(type)},
                        {QStringLiteral("v"), 1},
                        {QStringLiteral("seq"), seq},
                        {QStringLiteral("hash"), hash},
                        {QStringLiteral("at"), at}};
    return hmacHex(key_, queue::canonicalJson(o), nullptr);
}

StoreError AuditLog::macLegacyRows()
{
    // Once, when the file was just upgraded from version 1 (no MACs yet): whatever it holds now is what it held.
    QMutexLocker lock(&mutex_);
    Transaction tx(*store_);
    if (!tx.isActive())
        return tx.beginError();
    StoreError e;
    const HeadRow head = readHead(*store_, &e);
    if (e.isOk() && head.present) {
        Statement up = store_->prepare("UPDATE audit_head SET mac = ? WHERE id = 1");
        up.bindText(1, headMac("head", head.seq, head.hash, QString()));
        e = up.run();
    }
    const HeadRow anchor = e.isOk() ? readAnchor(*store_, &e) : HeadRow{};
    if (e.isOk() && anchor.present) {
        Statement up = store_->prepare("UPDATE audit_anchor SET mac = ? WHERE id = 1");
        up.bindText(1, headMac("anchor", anchor.seq, anchor.hash, anchor.at));
        e = up.run();
    }
    if (e.isOk())
        e = tx.commit();
    return e;
}

StoreResult<qint64> AuditLog::append(const QString &kind, const QJsonObject &detail)
{
    QMutexLocker lock(&mutex_);
    return appendLocked(kind, detail);
}

StoreResult<qint64> AuditLog::appendLocked(const QString &kind, const QJsonObject &detail)
{
    StoreResult<qint64> r;
    if (kind.isEmpty() || kind.size() > 64) {
        r.error = fail(StoreErrorCode::InvalidArgument, QStringLiteral("an audit kind is 1..64 characters"));
        return r;
    }
    QString why;
    const QByteArray detailBytes = canonicalDetail(detail, &why);
    if (detailBytes.isEmpty()) {
        r.error = fail(StoreErrorCode::InvalidArgument, QStringLiteral("audit detail cannot be stored: ") + why);
        return r;
    }
    Transaction tx(*store_);
    if (!tx.isActive()) {
        r.error = tx.beginError();
        return r;
    }
    StoreError e;
    const HeadRow head = readHead(*store_, &e);
    if (!e.isOk()) {
        r.error = e;
        return r;
    }
    qint64 prevSeq = head.seq;
    QString prevHash = head.hash;
    if (!head.present) {
        // No head yet: the first record, or after the last checkpoint when the head row was lost.
        prevSeq = 0;
        prevHash = genesisHash();
        const QList<CheckpointRow> cps = readCheckpoints(*store_, &e);
        if (!cps.isEmpty()) {
            prevSeq = cps.last().seq;
            prevHash = cps.last().hash;
        }
        Statement last = store_->prepare("SELECT seq, hash FROM audit_record ORDER BY seq DESC LIMIT 1");
        if (last.step() == Statement::Step::Row && last.int64(0) > prevSeq) {
            prevSeq = last.int64(0);
            prevHash = last.text(1);
        }
    }
    const qint64 seq = prevSeq + 1;
    const QString at = now();
    bool ok = false;
    const QString hash = recordHash(key_, seq, at, kind, detailBytes, prevHash, &ok);
    if (!ok) {
        r.error = fail(StoreErrorCode::InvalidArgument, QStringLiteral("cannot compute the record's MAC"));
        return r;
    }
    Statement ins =
        store_->prepare("INSERT INTO audit_record (seq, at, kind, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?)");
    ins.bindInt(1, seq)
        .bindText(2, at)
        .bindText(3, kind)
        .bindBlob(4, detailBytes)
        .bindText(5, prevHash)
        .bindText(6, hash);
    e = ins.run();
    if (e.isOk()) {
        Statement up = store_->prepare("INSERT INTO audit_head (id, seq, hash, mac) VALUES (1, ?, ?, ?) "
                                       "ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, "
                                       "mac = excluded.mac");
        up.bindInt(1, seq).bindText(2, hash).bindText(3, headMac("head", seq, hash, QString()));
        e = up.run();
    }
    if (e.isOk())
        e = tx.commit();
    if (!e.isOk()) {
        r.error = e;
        return r;
    }
    r.value = seq;
    return r;
}

AuditSink AuditLog::sink()
{
    return [this](const QString &kind, const QJsonObject &detail) {
        const StoreResult<qint64> r = append(kind, detail);
        if (!r.isOk())
            qCWarning(lcAudit) << "audit event" << kind << "not recorded:" << r.error.message;
    };
}

AuditHead AuditLog::head() const
{
    QMutexLocker lock(&mutex_);
    StoreError e;
    const HeadRow h = readHead(*store_, &e);
    return h.present ? AuditHead{h.seq, h.hash} : AuditHead{};
}

AuditVerifyResult AuditLog::verify() const
{
    QMutexLocker lock(&mutex_);
    AuditVerifyResult v;
    auto bad = [&v](qint64 seq, const QString &detail) {
        v.ok = false;
        v.firstBadSeq = seq;
        v.detail = detail;
        return v;
    };
    // One read snapshot: a concurrent append from another process cannot make a consistent chain look broken.
    Transaction snapshot(*store_, Transaction::Mode::Deferred);
    StoreError e;

    // Checkpoints: each MACed and chained to the one before; the newest is where the records must continue.
    const QList<CheckpointRow> cps = readCheckpoints(*store_, &e);
    if (!e.isOk())
        return bad(0, QStringLiteral("cannot read checkpoints: ") + e.message);
    QString prevMac = genesisHash();
    qint64 baseSeq = 0;
    QString baseHash = genesisHash();
    for (const CheckpointRow &cp : cps) {
        if (!sameHex(cp.prevMac, prevMac) || cp.seq <= baseSeq ||
            !sameHex(checkpointMac(cp.seq, cp.hash, cp.at, cp.pruned, cp.prevMac), cp.mac))
            return bad(cp.seq, QStringLiteral("the checkpoint at seq %1 is not authentic (edited, forged or out of "
                                              "order)")
                                   .arg(cp.seq));
        prevMac = cp.mac;
        baseSeq = cp.seq;
        baseHash = cp.hash;
    }
    v.checkpointSeq = baseSeq;

    Statement s = store_->prepare("SELECT seq, at, kind, detail, prev_hash, hash FROM audit_record ORDER BY seq");
    qint64 expected = baseSeq + 1;
    QString prevHash = baseHash;
    qint64 lastSeq = baseSeq;
    QString lastHash = baseHash;
    for (;;) {
        const Statement::Step step = s.step();
        if (step == Statement::Step::Error)
            return bad(0, QStringLiteral("cannot read records: ") + s.error().message);
        if (step != Statement::Step::Row)
            break;
        const AuditRecord r = recordFrom(s);
        if (r.seq <= baseSeq)
            return bad(r.seq,
                       QStringLiteral("record %1 lies behind the checkpoint at %2 (inserted)").arg(r.seq).arg(baseSeq));
        if (r.seq != expected)
            return bad(expected,
                       QStringLiteral("record %1 is missing (the next present is %2)").arg(expected).arg(r.seq));
        bool ok = false;
        const QString mac = recordHash(key_, r.seq, r.at, r.kind, r.detail, r.prevHash, &ok);
        if (!ok || !sameHex(mac, r.hash))
            return bad(r.seq, QStringLiteral("record %1 does not match its MAC (edited, moved or forged)").arg(r.seq));
        if (!sameHex(r.prevHash, prevHash))
            return bad(r.seq, QStringLiteral("record %1 does not follow record %2").arg(r.seq).arg(r.seq - 1));
        ++v.records;
        prevHash = r.hash;
        lastSeq = r.seq;
        lastHash = r.hash;
        ++expected;
    }

    const HeadRow head = readHead(*store_, &e);
    if (!e.isOk())
        return bad(0, QStringLiteral("cannot read the head: ") + e.message);
    if (!head.present) {
        if (lastSeq > 0)
            return bad(lastSeq, QStringLiteral("the head row is missing (records up to %1 are present)").arg(lastSeq));
        v.ok = true;
        return v;
    }
    v.head = {head.seq, head.hash};
    // The head is MACed: cutting the tail and writing a head that matches what is left does not verify.
    if (!sameHex(head.mac, headMac("head", head.seq, head.hash, QString())))
        return bad(head.seq, QStringLiteral("the head row (seq %1) does not match its MAC (edited or forged: the "
                                            "tail may have been cut)")
                                 .arg(head.seq));
    if (head.seq > lastSeq)
        return bad(lastSeq + 1,
                   QStringLiteral("records %1..%2 are missing (the chain was cut)").arg(lastSeq + 1).arg(head.seq));
    if (head.seq < lastSeq)
        return bad(head.seq + 1,
                   QStringLiteral("record %1 lies beyond the head at %2 (inserted)").arg(head.seq + 1).arg(head.seq));
    if (!sameHex(head.hash, lastHash))
        return bad(head.seq, QStringLiteral("the head row does not match record %1").arg(head.seq));

    // The last anchor the platform acknowledged: MACed, and the chain must still pass through it.
    const HeadRow anchor = readAnchor(*store_, &e);
    if (!e.isOk())
        return bad(0, QStringLiteral("cannot read the last anchor: ") + e.message);
    if (anchor.present) {
        if (!sameHex(anchor.mac, headMac("anchor", anchor.seq, anchor.hash, anchor.at)))
            return bad(anchor.seq, QStringLiteral("the last anchor (seq %1) does not match its MAC").arg(anchor.seq));
        v.anchorSeq = anchor.seq;
        const QString why = passesThrough(anchor.seq, anchor.hash, baseSeq, baseHash, head.seq);
        if (!why.isEmpty())
            return bad(anchor.seq, QStringLiteral("the chain no longer passes through the last anchor: ") + why);
    }
    v.ok = true;
    return v;
}

QString AuditLog::passesThrough(qint64 seq, const QString &hash, qint64 checkpointSeq, const QString &checkpointHash,
                                qint64 headSeq) const
{
    if (seq > headSeq)
        return QStringLiteral("seq %1 lies beyond the head at %2 (the tail was cut or the file rolled back)")
            .arg(seq)
            .arg(headSeq);
    if (seq == checkpointSeq)
        return sameHex(hash, checkpointHash)
                   ? QString()
                   : QStringLiteral("the checkpoint at seq %1 holds another hash (history rewritten)").arg(seq);
    if (seq < checkpointSeq)
        return {}; // pruned behind a verified checkpoint: nothing left to compare with
    Statement s = store_->prepare("SELECT hash FROM audit_record WHERE seq = ?");
    s.bindInt(1, seq);
    if (s.step() != Statement::Step::Row)
        return QStringLiteral("record %1 is missing").arg(seq);
    if (!sameHex(s.text(0), hash))
        return QStringLiteral("record %1 holds another hash (history rewritten)").arg(seq);
    return {};
}

AuditVerifyResult AuditLog::verifyAgainst(const QList<AuditHead> &anchors) const
{
    AuditVerifyResult v = verify();
    if (!v.ok)
        return v;
    QMutexLocker lock(&mutex_);
    Transaction snapshot(*store_, Transaction::Mode::Deferred);
    StoreError e;
    const QList<CheckpointRow> cps = readCheckpoints(*store_, &e);
    const qint64 cpSeq = cps.isEmpty() ? 0 : cps.last().seq;
    const QString cpHash = cps.isEmpty() ? genesisHash() : cps.last().hash;
    for (const AuditHead &a : anchors) {
        const QString why = passesThrough(a.seq, a.hash, cpSeq, cpHash, v.head.seq);
        if (!why.isEmpty()) {
            v.ok = false;
            v.firstBadSeq = a.seq;
            v.detail = QStringLiteral("the platform's anchor at seq %1 does not match: ").arg(a.seq) + why;
            return v;
        }
        ++v.anchorsChecked;
    }
    return v;
}

StoreResult<QList<AuditRecord>> AuditLog::tail(int count) const
{
    QMutexLocker lock(&mutex_);
    StoreResult<QList<AuditRecord>> r;
    Statement s =
        store_->prepare("SELECT seq, at, kind, detail, prev_hash, hash FROM audit_record ORDER BY seq DESC LIMIT ?");
    s.bindInt(1, qMax(0, count));
    for (;;) {
        const Statement::Step step = s.step();
        if (step == Statement::Step::Error) {
            r.error = s.error();
            return r;
        }
        if (step != Statement::Step::Row)
            break;
        r.value.prepend(recordFrom(s));
    }
    return r;
}

StoreResult<qint64> AuditLog::pruneThrough(qint64 seq)
{
    // Refuses to prune a chain that does not verify: a checkpoint must never launder an edited segment.
    const AuditVerifyResult check = verify();
    QMutexLocker lock(&mutex_);
    StoreResult<qint64> r;
    if (!check.ok) {
        r.error = fail(StoreErrorCode::InvalidState,
                       QStringLiteral("the audit chain does not verify (%1); nothing pruned").arg(check.detail));
        return r;
    }
    Transaction tx(*store_);
    if (!tx.isActive()) {
        r.error = tx.beginError();
        return r;
    }
    StoreError e;
    const HeadRow head = readHead(*store_, &e);
    const QList<CheckpointRow> cps = e.isOk() ? readCheckpoints(*store_, &e) : QList<CheckpointRow>{};
    if (!e.isOk()) {
        r.error = e;
        return r;
    }
    const qint64 baseSeq = cps.isEmpty() ? 0 : cps.last().seq;
    const qint64 through = qMin(seq, head.seq - 1); // the head record stays: appends and verification continue from it
    if (!head.present || through <= baseSeq)
        return r; // nothing to prune
    Statement last = store_->prepare("SELECT hash FROM audit_record WHERE seq = ?");
    last.bindInt(1, through);
    if (last.step() != Statement::Step::Row) {
        r.error = fail(StoreErrorCode::NotFound, QStringLiteral("record %1 is not in the log").arg(through));
        return r;
    }
    const QString hash = last.text(0);
    last.reset();
    Statement del = store_->prepare("DELETE FROM audit_record WHERE seq <= ?");
    del.bindInt(1, through);
    e = del.run();
    const qint64 removed = store_->changes();
    if (e.isOk()) {
        const QString at = now();
        const QString prevMac = cps.isEmpty() ? genesisHash() : cps.last().mac;
        Statement ins = store_->prepare(
            "INSERT INTO audit_checkpoint (seq, hash, at, pruned, prev_mac, mac) VALUES (?, ?, ?, ?, ?, ?)");
        ins.bindInt(1, through)
            .bindText(2, hash)
            .bindText(3, at)
            .bindInt(4, removed)
            .bindText(5, prevMac)
            .bindText(6, checkpointMac(through, hash, at, removed, prevMac));
        e = ins.run();
    }
    if (e.isOk())
        e = tx.commit();
    if (!e.isOk()) {
        r.error = e;
        return r;
    }
    qCInfo(lcAudit) << "pruned" << removed << "audit record(s) through seq" << through;
    r.value = removed;
    return r;
}

StoreResult<qint64> AuditLog::rotate()
{
    StoreResult<qint64> r;
    const QDateTime wall = options_.wallClock();
    qint64 through = 0;
    {
        QMutexLocker lock(&mutex_);
        Statement newest = store_->prepare("SELECT at FROM audit_record ORDER BY seq DESC LIMIT 1");
        if (newest.step() != Statement::Step::Row)
            return r;
        const QDateTime newestAt = QDateTime::fromString(newest.text(0), Qt::ISODateWithMs);
        if (newestAt.isValid() && wall.msecsTo(newestAt) > kClockSlackMs) {
            r.error = fail(StoreErrorCode::InvalidState,
                           QStringLiteral("the clock is earlier than the newest audit record; nothing pruned"));
            return r;
        }
        // Times are written with one fixed offset and width, so text order is time order.
        Statement old = store_->prepare("SELECT MAX(seq) FROM audit_record WHERE at < ?");
        old.bindText(1, formatAt(wall.addDays(-options_.retentionDays)));
        if (old.step() == Statement::Step::Row && !old.isNull(0))
            through = old.int64(0);
    }
    if (through <= 0)
        return r;
    r = pruneThrough(through);
    if (r.isOk() && r.value > 0)
        append(QString::fromLatin1(audit_kind::kAuditPruned),
               {{QStringLiteral("through_seq"), through}, {QStringLiteral("removed"), r.value}});
    return r;
}

std::optional<AuditHead> AuditLog::lastAnchored() const
{
    QMutexLocker lock(&mutex_);
    StoreError e;
    const HeadRow a = readAnchor(*store_, &e);
    // An anchor row that is not authentic is no anchor: it is reposted (and verify() names it).
    if (!a.present || !sameHex(a.mac, headMac("anchor", a.seq, a.hash, a.at)))
        return std::nullopt;
    return AuditHead{a.seq, a.hash};
}

StoreError AuditLog::recordAnchored(const AuditHead &head)
{
    QMutexLocker lock(&mutex_);
    Statement s = store_->prepare("INSERT INTO audit_anchor (id, seq, hash, at, mac) VALUES (1, ?, ?, ?, ?) "
                                  "ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, "
                                  "at = excluded.at, mac = excluded.mac");
    const QString at = now();
    s.bindInt(1, head.seq)
        .bindText(2, head.hash)
        .bindText(3, at)
        .bindText(4, headMac("anchor", head.seq, head.hash, at));
    return s.run();
}

} // namespace kiosk::app
