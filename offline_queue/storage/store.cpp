// Opens the queue database with durable pragmas, recovers from a corrupt file without a crash loop, runs migrations.
#include "offline_queue/storage/store.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>

#include <sqlite3.h>

#include <fcntl.h>
#include <unistd.h>

namespace kiosk::queue {

Q_LOGGING_CATEGORY(lcStore, "kiosk.queue.store")

QString toString(StoreErrorCode code)
{
    switch (code) {
    case StoreErrorCode::None: return QStringLiteral("none");
    case StoreErrorCode::OpenFailed: return QStringLiteral("open_failed");
    case StoreErrorCode::Corrupt: return QStringLiteral("corrupt");
    case StoreErrorCode::NewerSchema: return QStringLiteral("newer_schema");
    case StoreErrorCode::MigrationFailed: return QStringLiteral("migration_failed");
    case StoreErrorCode::Busy: return QStringLiteral("busy");
    case StoreErrorCode::DiskFull: return QStringLiteral("disk_full");
    case StoreErrorCode::DiskFloor: return QStringLiteral("disk_floor");
    case StoreErrorCode::Io: return QStringLiteral("io");
    case StoreErrorCode::Constraint: return QStringLiteral("constraint");
    case StoreErrorCode::NotFound: return QStringLiteral("not_found");
    case StoreErrorCode::Conflict: return QStringLiteral("conflict");
    case StoreErrorCode::InvalidArgument: return QStringLiteral("invalid_argument");
    case StoreErrorCode::InvalidState: return QStringLiteral("invalid_state");
    case StoreErrorCode::Sql: return QStringLiteral("sql");
    }
    return QStringLiteral("unknown");
}

QString toString(MigrationResult result)
{
    switch (result) {
    case MigrationResult::Current: return QStringLiteral("current");
    case MigrationResult::Upgraded: return QStringLiteral("upgraded");
    case MigrationResult::Failed: return QStringLiteral("failed");
    case MigrationResult::NewerIncompatible: return QStringLiteral("newer_incompatible");
    }
    return QStringLiteral("unknown");
}

namespace {

StoreErrorCode codeFor(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_OK:
    case SQLITE_ROW:
    case SQLITE_DONE: return StoreErrorCode::None;
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return StoreErrorCode::Busy;
    case SQLITE_FULL: return StoreErrorCode::DiskFull;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB: return StoreErrorCode::Corrupt;
    case SQLITE_IOERR:
    case SQLITE_READONLY: return StoreErrorCode::Io;
    case SQLITE_CONSTRAINT: return StoreErrorCode::Constraint;
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_AUTH: return StoreErrorCode::OpenFailed;
    default: return StoreErrorCode::Sql;
    }
}

bool isCorruption(int rc)
{
    return (rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB;
}

StoreError sqliteError(sqlite3 *db, int rc, const QString &context)
{
    const QString detail = db ? QString::fromUtf8(sqlite3_errmsg(db)) : QString::fromUtf8(sqlite3_errstr(rc));
    return {codeFor(rc), QStringLiteral("%1: %2 (SQLite %3)").arg(context, detail).arg(rc)};
}

// Runs `sql` and collects the first column of every row as text.
int queryStrings(sqlite3 *db, const char *sql, QStringList *rows)
{
    sqlite3_stmt *stmt = nullptr;
    int rc = sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr);
    if (rc != SQLITE_OK)
        return rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(stmt, 0));
        rows->append(text ? QString::fromUtf8(text) : QString());
    }
    sqlite3_finalize(stmt);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

void fsyncDirectoryOf(const QString &path)
{
    const QByteArray dir = QFile::encodeName(QFileInfo(path).absolutePath());
    const int fd = ::open(dir.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

enum class Attempt { Ok, Corrupt, Failed, Newer };

struct Opened {
    Attempt status = Attempt::Failed;
    sqlite3 *db = nullptr;
    StoreError error;
    int userVersion = 0;
};

Opened failWith(sqlite3 *db, int rc, const QString &context)
{
    Opened out;
    out.error = sqliteError(db, rc, context);
    out.status = isCorruption(rc) ? Attempt::Corrupt : Attempt::Failed;
    sqlite3_close_v2(db);
    return out;
}

Opened tryOpen(const QString &path, const StoreOptions &options, int newestKnown)
{
    const QByteArray nativePath = QFile::encodeName(path);
    if (!QFileInfo::exists(path)) {
        // SQLite would create the file 0644 and give -wal/-shm the same mode; sealed or not, it is ours alone.
        const int fd = ::open(nativePath.constData(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd >= 0)
            ::close(fd);
    }

    sqlite3 *db = nullptr;
    int rc = sqlite3_open_v2(nativePath.constData(), &db,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr);
    if (rc != SQLITE_OK)
        return failWith(db, rc, QStringLiteral("open %1").arg(path));
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, options.busyTimeoutMs);
    // While the file is only being probed, closing must not checkpoint the WAL into it or delete the WAL: a corrupt
    // file and its WAL are moved aside exactly as found, for salvage. Switched back on once the file is trusted.
    sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);

    // user_version is the first read of the header ("file is not a database" surfaces here). A file from a newer
    // build is refused before anything (even the journal mode) is written to it.
    QStringList version;
    rc = queryStrings(db, "PRAGMA user_version", &version);
    if (rc != SQLITE_OK)
        return failWith(db, rc, QStringLiteral("read user_version"));
    const int userVersion = version.value(0).toInt();
    if (userVersion > newestKnown) {
        Opened out;
        out.status = Attempt::Newer;
        out.userVersion = userVersion;
        sqlite3_close_v2(db);
        return out;
    }

    QStringList mode;
    rc = queryStrings(db, "PRAGMA journal_mode=WAL", &mode);
    if (rc != SQLITE_OK)
        return failWith(db, rc, QStringLiteral("set journal_mode=WAL"));
    if (mode.value(0).compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0) {
        Opened out;
        out.error = {StoreErrorCode::OpenFailed,
                     QStringLiteral("journal_mode stayed '%1', WAL is required").arg(mode.value(0))};
        sqlite3_close_v2(db);
        return out;
    }
    // FULL: a commit returns only after the WAL is fsynced, so "enqueued" means "on disk" even on power loss.
    // secure_delete: purged envelopes are overwritten with zeros instead of lingering in free pages.
    rc = sqlite3_exec(db, "PRAGMA synchronous=FULL; PRAGMA secure_delete=ON; PRAGMA foreign_keys=ON;", nullptr, nullptr,
                      nullptr);
    if (rc != SQLITE_OK)
        return failWith(db, rc, QStringLiteral("set pragmas"));

    QStringList check;
    rc = queryStrings(db, "PRAGMA quick_check", &check);
    if (rc != SQLITE_OK)
        return failWith(db, rc, QStringLiteral("quick_check"));
    if (check != QStringList{QStringLiteral("ok")}) {
        Opened out;
        out.status = Attempt::Corrupt;
        out.error = {
            StoreErrorCode::Corrupt,
            QStringLiteral("quick_check reported %1 problem(s), first: %2").arg(check.size()).arg(check.value(0))};
        sqlite3_close_v2(db);
        return out;
    }

    sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 0, nullptr);
    Opened out;
    out.status = Attempt::Ok;
    out.db = db;
    out.userVersion = userVersion;
    return out;
}

// Renames the database and its companions to `<path>.corrupt-<timestamp>[-wal|-shm|-journal]`.
StoreResult<QString> moveAside(const QString &path, const QDateTime &now)
{
    const QString stamp = now.toUTC().toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'"));
    QString target = path + QStringLiteral(".corrupt-") + stamp;
    for (int n = 2; QFileInfo::exists(target) || QFileInfo::exists(target + QStringLiteral("-wal")); ++n)
        target = path + QStringLiteral(".corrupt-") + stamp + QLatin1Char('-') + QString::number(n);

    StoreResult<QString> result;
    if (!QFile::rename(path, target)) {
        result.error = {StoreErrorCode::Io, QStringLiteral("could not move the corrupt database %1 aside").arg(path)};
        return result;
    }
    for (const char *suffix : {"-wal", "-shm", "-journal"}) {
        const QString companion = path + QLatin1String(suffix);
        if (QFileInfo::exists(companion) && !QFile::rename(companion, target + QLatin1String(suffix))) {
            // A stale WAL next to a fresh database would be replayed into it: remove it rather than keep it there.
            qCWarning(lcStore) << "could not move" << companion << "aside; removing it";
            QFile::remove(companion);
        }
    }
    fsyncDirectoryOf(path);
    result.value = target;
    return result;
}

StoreError validateMigrations(const QList<Migration> &migrations)
{
    for (int i = 0; i < migrations.size(); ++i) {
        if (migrations[i].version != i + 1)
            return {StoreErrorCode::InvalidArgument,
                    QStringLiteral("migration %1 has version %2; versions must run 1, 2, 3... without gaps")
                        .arg(i)
                        .arg(migrations[i].version)};
    }
    return {};
}

} // namespace

// --- Statement -------------------------------------------------------------------------------------------------

Statement::Statement(sqlite3 *db, sqlite3_stmt *stmt, StoreError error) : db_(db), stmt_(stmt), error_(std::move(error))
{}

Statement::Statement(Statement &&other) noexcept : db_(other.db_), stmt_(other.stmt_), error_(std::move(other.error_))
{
    other.stmt_ = nullptr;
    other.db_ = nullptr;
}

Statement &Statement::operator=(Statement &&other) noexcept
{
    if (this != &other) {
        sqlite3_finalize(stmt_);
        db_ = other.db_;
        stmt_ = other.stmt_;
        error_ = std::move(other.error_);
        other.stmt_ = nullptr;
        other.db_ = nullptr;
    }
    return *this;
}

Statement::~Statement()
{
    sqlite3_finalize(stmt_);
}

void Statement::noteBindResult(int rc)
{
    if (rc != SQLITE_OK && error_.isOk())
        error_ = sqliteError(db_, rc, QStringLiteral("bind"));
}

Statement &Statement::bindText(int index, const QString &value)
{
    if (!stmt_)
        return *this;
    if (value.isNull())
        return bindNull(index);
    const QByteArray utf8 = value.toUtf8();
    noteBindResult(sqlite3_bind_text64(stmt_, index, utf8.constData(), sqlite3_uint64(utf8.size()), SQLITE_TRANSIENT,
                                       SQLITE_UTF8));
    return *this;
}

Statement &Statement::bindBlob(int index, const QByteArray &value)
{
    if (!stmt_)
        return *this;
    if (value.isNull())
        return bindNull(index);
    if (value.isEmpty()) {
        noteBindResult(sqlite3_bind_zeroblob(stmt_, index, 0));
        return *this;
    }
    noteBindResult(
        sqlite3_bind_blob64(stmt_, index, value.constData(), sqlite3_uint64(value.size()), SQLITE_TRANSIENT));
    return *this;
}

Statement &Statement::bindBlobNoCopy(int index, const QByteArray &value)
{
    if (!stmt_ || value.isEmpty())
        return bindBlob(index, value);
    noteBindResult(sqlite3_bind_blob64(stmt_, index, value.constData(), sqlite3_uint64(value.size()), SQLITE_STATIC));
    return *this;
}

Statement &Statement::bindInt(int index, qint64 value)
{
    if (stmt_)
        noteBindResult(sqlite3_bind_int64(stmt_, index, value));
    return *this;
}

Statement &Statement::bindNull(int index)
{
    if (stmt_)
        noteBindResult(sqlite3_bind_null(stmt_, index));
    return *this;
}

Statement::Step Statement::step()
{
    if (!stmt_ || !error_.isOk()) {
        if (error_.isOk())
            error_ = {StoreErrorCode::Sql, QStringLiteral("step on an invalid statement")};
        return Step::Error;
    }
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW)
        return Step::Row;
    if (rc == SQLITE_DONE)
        return Step::Done;
    error_ = sqliteError(db_, rc, QStringLiteral("step"));
    return Step::Error;
}

StoreError Statement::run()
{
    Step s;
    while ((s = step()) == Step::Row) {
    }
    return s == Step::Done ? StoreError{} : error_;
}

void Statement::reset()
{
    if (stmt_) {
        sqlite3_reset(stmt_);
        sqlite3_clear_bindings(stmt_);
    }
    error_ = {};
}

bool Statement::isNull(int column) const
{
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

qint64 Statement::int64(int column) const
{
    return sqlite3_column_int64(stmt_, column);
}

QString Statement::text(int column) const
{
    if (isNull(column))
        return {};
    const auto *p = reinterpret_cast<const char *>(sqlite3_column_text(stmt_, column));
    return QString::fromUtf8(p, sqlite3_column_bytes(stmt_, column));
}

QByteArray Statement::blob(int column) const
{
    if (isNull(column))
        return {};
    const auto *p = static_cast<const char *>(sqlite3_column_blob(stmt_, column));
    const int n = sqlite3_column_bytes(stmt_, column);
    return p ? QByteArray(p, n) : QByteArray(0, Qt::Uninitialized);
}

// --- Store -----------------------------------------------------------------------------------------------------

Store::Store(sqlite3 *db, const QString &path) : db_(db), path_(path) {}

Store::~Store()
{
    sqlite3_close_v2(db_);
}

StoreOpenResult Store::open(const QString &path, const QList<Migration> &migrations, const StoreOptions &options)
{
    StoreOpenResult result;
    result.error = validateMigrations(migrations);
    if (!result.error.isOk())
        return result;
    const int newest = int(migrations.size());
    result.toVersion = newest;

    Opened opened = tryOpen(path, options, newest);
    if (opened.status == Attempt::Corrupt && options.recoverCorrupt) {
        const QDateTime now = options.wallClock ? options.wallClock() : QDateTime::currentDateTimeUtc();
        const StoreResult<QString> moved = moveAside(path, now);
        if (!moved.isOk()) {
            result.error = moved.error;
            result.alert = QStringLiteral("The queue database is corrupt (%1) and could not be moved aside: %2")
                               .arg(opened.error.message, moved.error.message);
            qCCritical(lcStore).noquote() << result.alert;
            return result;
        }
        result.recovered = true;
        result.movedAsideTo = moved.value;
        result.alert = QStringLiteral("The queue database was corrupt (%1). It was moved to %2 and a fresh one was "
                                      "created; queued submissions must be salvaged from the old file.")
                           .arg(opened.error.message, moved.value);
        qCCritical(lcStore).noquote() << result.alert;
        // One more attempt only: a fresh file that fails too is an error, never a loop.
        opened = tryOpen(path, options, newest);
    }
    if (opened.status == Attempt::Newer) {
        result.fromVersion = opened.userVersion;
        result.migration = MigrationResult::NewerIncompatible;
        result.error = {StoreErrorCode::NewerSchema,
                        QStringLiteral("%1 has schema version %2; this build knows up to %3. A newer kiosk version "
                                       "wrote it: refusing to open it rather than risk it.")
                            .arg(path)
                            .arg(opened.userVersion)
                            .arg(newest)};
        result.alert = result.error.message;
        qCCritical(lcStore).noquote() << result.alert;
        return result;
    }
    if (opened.status != Attempt::Ok) {
        result.error = opened.error;
        if (opened.status == Attempt::Corrupt)
            result.error.code = StoreErrorCode::Corrupt;
        if (result.alert.isEmpty())
            result.alert = QStringLiteral("The queue database could not be opened: %1").arg(opened.error.message);
        qCCritical(lcStore).noquote() << result.alert;
        return result;
    }

    std::unique_ptr<Store> store(new Store(opened.db, path));
    result.fromVersion = opened.userVersion;
    if (opened.userVersion == newest) {
        store->schemaVersion_ = newest;
        result.migration = MigrationResult::Current;
        result.store = std::move(store);
        return result;
    }

    for (const Migration &m : migrations) {
        if (m.version <= opened.userVersion)
            continue;
        Transaction tx(*store);
        StoreError err = tx.beginError();
        if (err.isOk())
            err = store->exec(m.sql.constData());
        if (err.isOk())
            err = store->exec(QByteArray("PRAGMA user_version = " + QByteArray::number(m.version)).constData());
        if (err.isOk())
            err = tx.commit();
        if (!err.isOk()) {
            result.migration = MigrationResult::Failed;
            result.error = {
                StoreErrorCode::MigrationFailed,
                QStringLiteral("migration %1 (%2) failed: %3").arg(m.version).arg(m.description, err.message)};
            result.alert = result.error.message;
            qCCritical(lcStore).noquote() << result.alert;
            return result;
        }
        store->schemaVersion_ = m.version;
        qCInfo(lcStore) << "migrated" << path << "to schema" << m.version << m.description;
    }
    result.migration = MigrationResult::Upgraded;
    result.store = std::move(store);
    return result;
}

StoreError Store::exec(const char *sql)
{
    char *message = nullptr;
    const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &message);
    if (rc == SQLITE_OK)
        return {};
    StoreError err{codeFor(rc), QStringLiteral("%1 (SQLite %2)").arg(QString::fromUtf8(message)).arg(rc)};
    sqlite3_free(message);
    return err;
}

Statement Store::prepare(const char *sql)
{
    sqlite3_stmt *stmt = nullptr;
    const int rc = sqlite3_prepare_v2(db_, sql, -1, &stmt, nullptr);
    if (rc != SQLITE_OK)
        return Statement(db_, nullptr, sqliteError(db_, rc, QStringLiteral("prepare")));
    return Statement(db_, stmt, {});
}

qint64 Store::changes() const
{
    return sqlite3_changes64(db_);
}

bool Store::inTransaction() const
{
    return sqlite3_get_autocommit(db_) == 0;
}

StoreError Store::checkpointTruncate(bool *complete)
{
    int logFrames = 0;
    int checkpointed = 0;
    const int rc = sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_TRUNCATE, &logFrames, &checkpointed);
    if (complete)
        *complete = rc == SQLITE_OK;
    if (rc == SQLITE_OK || (rc & 0xff) == SQLITE_BUSY) {
        if (rc != SQLITE_OK)
            qCWarning(lcStore) << "checkpoint incomplete: a reader holds" << logFrames - checkpointed << "frames";
        return {};
    }
    return sqliteError(db_, rc, QStringLiteral("wal_checkpoint(TRUNCATE)"));
}

StoreResult<QStringList> Store::quickCheck()
{
    StoreResult<QStringList> result;
    const int rc = queryStrings(db_, "PRAGMA quick_check", &result.value);
    if (rc != SQLITE_OK)
        result.error = sqliteError(db_, rc, QStringLiteral("quick_check"));
    return result;
}

StoreError Store::errorFrom(int rc, const QString &context) const
{
    return sqliteError(db_, rc, context);
}

// --- Transaction -----------------------------------------------------------------------------------------------

Transaction::Transaction(Store &store, Mode mode) : store_(store)
{
    beginError_ = store_.exec(mode == Mode::Immediate ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED");
    active_ = beginError_.isOk();
}

Transaction::~Transaction()
{
    if (active_)
        rollback();
}

StoreError Transaction::commit()
{
    if (!active_)
        return beginError_.isOk() ? StoreError{StoreErrorCode::InvalidState, QStringLiteral("no transaction to commit")}
                                  : beginError_;
    StoreError err = store_.exec("COMMIT");
    if (err.isOk())
        active_ = false;
    else if (!store_.inTransaction())
        active_ = false; // SQLite already rolled back (e.g. an I/O error during commit)
    return err;
}

void Transaction::rollback()
{
    if (active_ && store_.inTransaction()) {
        const StoreError err = store_.exec("ROLLBACK");
        if (!err.isOk())
            qCWarning(lcStore).noquote() << "rollback failed:" << err.message;
    }
    active_ = false;
}

} // namespace kiosk::queue
