// Schema and a small typed query helper for the sandbox platform's database.
#include "offline_queue/sandbox/sandbox_db.h"

namespace kiosk::sandbox {

using queue::Statement;
using queue::StoreError;
using queue::StoreErrorCode;

QList<queue::Migration> SandboxDb::migrations()
{
    return {
        {1, QStringLiteral("platform sandbox tables"), R"sql(
CREATE TABLE platform_keys (
    key_id TEXT PRIMARY KEY,
    private_pem BLOB NOT NULL,
    public_pem BLOB NOT NULL,
    is_current INTEGER NOT NULL DEFAULT 0,
    origin TEXT NOT NULL,             -- pki | extra | rotated
    created_at TEXT NOT NULL
);
CREATE TABLE kiosk_certs (
    kiosk_id TEXT NOT NULL,
    sha256 TEXT NOT NULL,             -- of the DER certificate
    pem BLOB NOT NULL,
    first_seen TEXT NOT NULL,
    PRIMARY KEY (kiosk_id, sha256)
);
CREATE TABLE blobs (
    sha256 TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    kiosk_id TEXT NOT NULL,
    received_at TEXT NOT NULL
);
CREATE TABLE submissions (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    kiosk_id TEXT NOT NULL,
    local_no TEXT NOT NULL UNIQUE,
    case_no TEXT NOT NULL UNIQUE,
    item_code TEXT NOT NULL,
    item_version INTEGER NOT NULL,
    key_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    received_at TEXT NOT NULL,
    received_epoch INTEGER NOT NULL,
    envelope BLOB NOT NULL,
    payload TEXT NOT NULL,            -- decrypted: this is the platform side
    applicant_id_type TEXT NOT NULL,
    applicant_id_number TEXT NOT NULL,
    applicant_name TEXT NOT NULL,
    delivery_method TEXT NOT NULL,
    promised_date TEXT NOT NULL,
    status TEXT NOT NULL,
    auto_advance INTEGER NOT NULL DEFAULT 1,
    replays INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX submissions_applicant ON submissions (applicant_id_number);
CREATE TABLE timeline (
    case_no TEXT NOT NULL,
    step INTEGER NOT NULL,
    at TEXT NOT NULL,
    status TEXT NOT NULL,
    note TEXT NOT NULL,
    PRIMARY KEY (case_no, step)
);
CREATE TABLE idempotency (
    kiosk_id TEXT NOT NULL,
    endpoint TEXT NOT NULL,
    key TEXT NOT NULL,
    body_sha256 TEXT NOT NULL,
    status INTEGER NOT NULL,
    answer BLOB NOT NULL,
    stored_at TEXT NOT NULL,
    PRIMARY KEY (kiosk_id, endpoint, key)
);
CREATE TABLE evaluations (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL,
    kiosk_id TEXT NOT NULL,
    body TEXT NOT NULL,
    received_at TEXT NOT NULL,
    UNIQUE (kiosk_id, id)
);
CREATE TABLE anchors (
    kiosk_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    head_hash TEXT NOT NULL,
    received_at TEXT NOT NULL,
    PRIMARY KEY (kiosk_id, seq)
);
CREATE TABLE heartbeats (
    kiosk_id TEXT PRIMARY KEY,
    body TEXT NOT NULL,
    received_at TEXT NOT NULL,
    count INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE commands (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    kiosk_id TEXT NOT NULL,
    name TEXT NOT NULL,
    queued_at TEXT NOT NULL,
    delivered_at TEXT
);
CREATE TABLE used_codes (
    code TEXT PRIMARY KEY,
    used_at TEXT NOT NULL
);
CREATE TABLE identity_tokens (
    token TEXT PRIMARY KEY,
    code TEXT NOT NULL,
    expires_epoch INTEGER NOT NULL
);
CREATE TABLE counters (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
)sql"},
        {2, QStringLiteral("the latest self-test report per kiosk (the fleet page)"), R"sql(
CREATE TABLE selftests (
    kiosk_id TEXT PRIMARY KEY,
    report TEXT NOT NULL,             -- as carried by the heartbeat, signature included
    verified INTEGER NOT NULL,        -- the signature verified with the connection's client certificate
    problem TEXT,                     -- why not (NULL when it verified)
    received_at TEXT NOT NULL
);
)sql"},
    };
}

std::unique_ptr<SandboxDb> SandboxDb::open(const QString &path, QString *error)
{
    queue::StoreOpenResult opened = queue::Store::open(path, migrations());
    if (!opened.isOk()) {
        if (error)
            *error = opened.error.message;
        return nullptr;
    }
    const StoreError err = opened.store->exec("PRAGMA synchronous=NORMAL; PRAGMA secure_delete=OFF;");
    if (!err.isOk()) {
        if (error)
            *error = err.message;
        return nullptr;
    }
    return std::unique_ptr<SandboxDb>(new SandboxDb(std::move(opened.store)));
}

namespace {

void bindAll(Statement &st, const QVariantList &binds)
{
    for (int i = 0; i < binds.size(); ++i) {
        const QVariant &v = binds[i];
        if (!v.isValid()) {
            st.bindNull(i + 1);
            continue;
        }
        switch (v.typeId()) {
        case QMetaType::QString: st.bindText(i + 1, v.toString()); break;
        case QMetaType::QByteArray: st.bindBlob(i + 1, v.toByteArray()); break;
        case QMetaType::Bool: st.bindInt(i + 1, v.toBool() ? 1 : 0); break;
        default: st.bindInt(i + 1, v.toLongLong()); break;
        }
    }
}

} // namespace

QList<Row> SandboxDb::query(const char *sql, const QVariantList &binds, const char *columns, StoreError *error)
{
    QList<Row> rows;
    Statement st = store_->prepare(sql);
    bindAll(st, binds);
    const int n = int(qstrlen(columns));
    Statement::Step step;
    while ((step = st.step()) == Statement::Step::Row) {
        Row row;
        row.reserve(n);
        for (int c = 0; c < n; ++c) {
            if (st.isNull(c)) {
                row.append(QVariant());
                continue;
            }
            switch (columns[c]) {
            case 'i': row.append(st.int64(c)); break;
            case 'b': row.append(st.blob(c)); break;
            default: row.append(st.text(c)); break;
            }
        }
        rows.append(row);
    }
    if (error)
        *error = step == Statement::Step::Done ? StoreError{} : st.error();
    return rows;
}

std::optional<Row> SandboxDb::queryOne(const char *sql, const QVariantList &binds, const char *columns,
                                       StoreError *error)
{
    const QList<Row> rows = query(sql, binds, columns, error);
    if (rows.isEmpty())
        return std::nullopt;
    return rows.first();
}

StoreError SandboxDb::exec(const char *sql, const QVariantList &binds)
{
    Statement st = store_->prepare(sql);
    bindAll(st, binds);
    return st.run();
}

qint64 SandboxDb::nextCounter(const QString &name, StoreError *error)
{
    StoreError err = exec("INSERT INTO counters (name, value) VALUES (?, 1) "
                          "ON CONFLICT (name) DO UPDATE SET value = value + 1",
                          {name});
    qint64 value = 0;
    if (err.isOk()) {
        const auto row = queryOne("SELECT value FROM counters WHERE name = ?", {name}, "i", &err);
        if (row)
            value = row->value(0).toLongLong();
        else if (err.isOk())
            err = {StoreErrorCode::NotFound, QStringLiteral("counter %1 vanished").arg(name)};
    }
    if (error)
        *error = err;
    return value;
}

StoreError SandboxDb::wipe()
{
    queue::Transaction tx(*store_);
    if (!tx.beginError().isOk())
        return tx.beginError();
    const StoreError err =
        store_->exec("DELETE FROM kiosk_certs; DELETE FROM blobs; DELETE FROM submissions; "
                     "DELETE FROM timeline; DELETE FROM idempotency; DELETE FROM evaluations; "
                     "DELETE FROM anchors; DELETE FROM heartbeats; DELETE FROM selftests; DELETE FROM commands; "
                     "DELETE FROM used_codes; DELETE FROM identity_tokens; DELETE FROM counters;");
    if (!err.isOk())
        return err;
    return tx.commit();
}

} // namespace kiosk::sandbox
