// The sandbox platform's own SQLite database (through the queue's Store: migrations, RAII transactions): cases with
// their decrypted payloads, idempotency answers, blobs, keys, kiosk certificates, anchors, heartbeats, commands.
#pragma once

#include "offline_queue/storage/store.h"

#include <QList>
#include <QString>
#include <QVariant>

#include <memory>
#include <optional>

namespace kiosk::sandbox {

using Row = QVariantList;

class SandboxDb
{
public:
    static QList<queue::Migration> migrations();
    // Opens (creating) `path`. The sandbox is a test platform: synchronous=NORMAL in WAL still survives a killed
    // process (only an OS crash could lose the last commits), and keeps the throughput benchmark about the kiosk.
    static std::unique_ptr<SandboxDb> open(const QString &path, QString *error);

    queue::Store &store() { return *store_; }

    // `binds`: QString -> TEXT, QByteArray -> BLOB, integers -> INTEGER, a null QVariant -> NULL.
    // `columns`: one letter per result column: t = text (QString), i = integer (qint64), b = blob (QByteArray);
    // a NULL column gives a null QVariant.
    QList<Row> query(const char *sql, const QVariantList &binds, const char *columns, queue::StoreError *error);
    std::optional<Row> queryOne(const char *sql, const QVariantList &binds, const char *columns,
                                queue::StoreError *error);
    queue::StoreError exec(const char *sql, const QVariantList &binds = {});

    // The next value of a named counter (case numbers); call inside a transaction.
    qint64 nextCounter(const QString &name, queue::StoreError *error);

    // Empties every table but the platform keys.
    queue::StoreError wipe();

private:
    explicit SandboxDb(std::unique_ptr<queue::Store> store) : store_(std::move(store)) {}
    std::unique_ptr<queue::Store> store_;
};

} // namespace kiosk::sandbox
