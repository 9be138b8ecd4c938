// The SQLite file the outbox lives in: durable pragmas, integrity check with recovery, versioned migrations, RAII
// transactions and typed errors (no exceptions, no exits).
//
// Threads: one Store (one connection) per thread. The connection is opened SQLITE_OPEN_FULLMUTEX so a misuse cannot
// corrupt SQLite's memory, but a Transaction is per connection: two threads sharing one Store would interleave their
// transactions. The sync engine opens its own Store on its own thread; WAL lets its reads run beside the GUI's writes.
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

#include <functional>
#include <memory>

struct sqlite3;
struct sqlite3_stmt;

namespace kiosk::queue {

enum class StoreErrorCode {
    None,
    OpenFailed,      // the file could not be opened or created (permissions, missing folder, locked by another process)
    Corrupt,         // not a database, or the integrity check failed, and recovery was off or failed
    NewerSchema,     // user_version is newer than this build knows: refused, nothing was changed
    MigrationFailed, // a migration step failed and was rolled back
    Busy,            // another connection held the lock for longer than the busy timeout
    DiskFull,        // SQLite reported SQLITE_FULL
    DiskFloor,       // refused before writing: free space in the database folder is below the configured floor
    Io,              // an I/O error from the file system
    Constraint,      // a uniqueness or check constraint failed
    NotFound,        // no such row
    Conflict,        // the same id already holds different bytes
    InvalidArgument, // the caller passed something malformed
    InvalidState,    // the row is not in a state that allows the operation
    Sql,             // any other SQLite error (a defect in a statement)
};

QString toString(StoreErrorCode code);

struct StoreError {
    StoreErrorCode code = StoreErrorCode::None;
    QString message; // English, for technicians and logs; never holds personal data

    bool isOk() const { return code == StoreErrorCode::None; }
    static StoreError make(StoreErrorCode code, const QString &message) { return {code, message}; }
};

template <typename T> struct StoreResult {
    T value{};
    StoreError error;
    bool isOk() const { return error.isOk(); }
};

// One schema step: `sql` runs in one transaction together with `PRAGMA user_version = version`.
struct Migration {
    int version = 0; // 1, 2, 3... without gaps
    QString description;
    QByteArray sql;
};

enum class MigrationResult {
    Current,           // the file already had the newest schema
    Upgraded,          // steps were applied (a fresh file counts: from 0)
    Failed,            // a step failed; the file stays at the last step that succeeded
    NewerIncompatible, // the file was written by a newer build: refused
};

QString toString(MigrationResult result);

struct StoreOptions {
    int busyTimeoutMs = 5000;
    // Move a corrupt file aside to `<name>.corrupt-<timestamp>` (with its -wal and -shm) and start a fresh one. Off:
    // a corrupt file is an error and is left where it is.
    bool recoverCorrupt = true;
    std::function<QDateTime()> wallClock; // for the timestamp of a moved-aside file; default: the system clock
};

class Store;

struct StoreOpenResult {
    std::unique_ptr<Store> store; // null when the file could not be used
    StoreError error;
    MigrationResult migration = MigrationResult::Failed;
    int fromVersion = 0;
    int toVersion = 0;
    bool recovered = false; // the previous file was corrupt, has been moved aside and a fresh one created
    QString movedAsideTo;   // where the corrupt file went (its -wal/-shm got the same name plus the suffix)
    QString alert;          // for the maintenance screen and the log; empty when there is nothing to report

    bool isOk() const { return store != nullptr; }
};

// A prepared statement; finalised when destroyed. Bind indexes start at 1, column indexes at 0, as in SQLite.
class Statement
{
public:
    enum class Step { Row, Done, Error };

    Statement() = default;
    Statement(Statement &&other) noexcept;
    Statement &operator=(Statement &&other) noexcept;
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;
    ~Statement();

    bool isValid() const { return stmt_ != nullptr && error_.isOk(); }
    const StoreError &error() const { return error_; }

    Statement &bindText(int index, const QString &value);
    Statement &bindBlob(int index, const QByteArray &value); // a null QByteArray binds SQL NULL
    // Without SQLite's private copy (pages of a 1 MiB blob are not duplicated): `value` must stay alive and unchanged
    // until the statement is stepped to the end, reset or destroyed.
    Statement &bindBlobNoCopy(int index, const QByteArray &value);
    Statement &bindInt(int index, qint64 value);
    Statement &bindNull(int index);

    Step step();
    // Steps to the end; for statements that return no rows.
    StoreError run();
    void reset();

    bool isNull(int column) const;
    qint64 int64(int column) const;
    QString text(int column) const;
    QByteArray blob(int column) const;

private:
    friend class Store;
    Statement(sqlite3 *db, sqlite3_stmt *stmt, StoreError error);
    void noteBindResult(int rc);

    sqlite3 *db_ = nullptr;
    sqlite3_stmt *stmt_ = nullptr;
    StoreError error_;
};

class Store
{
public:
    // Opens (creating if needed, mode 0600) and migrates `path` to the newest of `migrations`.
    static StoreOpenResult open(const QString &path, const QList<Migration> &migrations,
                                const StoreOptions &options = {});
    ~Store();
    Store(const Store &) = delete;
    Store &operator=(const Store &) = delete;

    QString path() const { return path_; }
    int schemaVersion() const { return schemaVersion_; }

    // One or more statements without results (schema, pragmas).
    StoreError exec(const char *sql);
    Statement prepare(const char *sql);
    qint64 changes() const;
    bool inTransaction() const;

    // PRAGMA wal_checkpoint(TRUNCATE): copies the WAL into the database and truncates the WAL to zero bytes, so
    // frames holding deleted content do not linger. `complete` is false when a reader kept some frames alive.
    StoreError checkpointTruncate(bool *complete = nullptr);

    // Rows of PRAGMA quick_check; {"ok"} when healthy.
    StoreResult<QStringList> quickCheck();

    // A typed error from the connection's last failure; `rc` is the SQLite result code.
    StoreError errorFrom(int rc, const QString &context) const;

    sqlite3 *handle() const { return db_; }

private:
    Store(sqlite3 *db, const QString &path);

    sqlite3 *db_ = nullptr;
    QString path_;
    int schemaVersion_ = 0;
};

// BEGIN IMMEDIATE on construction (the write lock is taken up front, so a commit cannot fail with a lock upgrade
// deadlock); ROLLBACK on destruction unless commit() succeeded. Deferred is for read-only snapshots (export).
class Transaction
{
public:
    enum class Mode { Immediate, Deferred };
    explicit Transaction(Store &store, Mode mode = Mode::Immediate);
    ~Transaction();
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;

    bool isActive() const { return active_; }
    const StoreError &beginError() const { return beginError_; }
    StoreError commit();
    void rollback();

private:
    Store &store_;
    bool active_ = false;
    StoreError beginError_;
};

} // namespace kiosk::queue
