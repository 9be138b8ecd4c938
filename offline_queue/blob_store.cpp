// The blobs and submission_blobs tables.
#include "offline_queue/blob_store.h"

#include <QSet>

namespace kiosk::queue {

BlobStore::BlobStore(Store &store) : store_(store) {}

StoreError BlobStore::storeFor(const SealedEnvelope &envelope, const QHash<QString, const SealedBlob *> &given)
{
    QSet<QString> stored;
    for (const BlobRef &ref : envelope.blobs) {
        if (stored.contains(ref.sha256))
            continue;
        stored.insert(ref.sha256);
        StoreError e;
        if (const SealedBlob *b = given.value(ref.sha256)) {
            Statement s =
                store_.prepare("INSERT INTO blobs (sha256, size, sealed) VALUES (?1, ?2, ?3) "
                               "ON CONFLICT (sha256) DO UPDATE SET sealed = excluded.sealed, size = excluded.size "
                               "WHERE blobs.sealed IS NULL");
            s.bindText(1, b->sha256).bindInt(2, b->size()).bindBlobNoCopy(3, b->bytes);
            e = s.run();
        } else {
            Statement s = store_.prepare("SELECT 1 FROM blobs WHERE sha256 = ?1 AND sealed IS NOT NULL");
            s.bindText(1, ref.sha256);
            const Statement::Step step = s.step();
            if (step == Statement::Step::Error)
                e = s.error();
            else if (step == Statement::Step::Done)
                e = StoreError::make(StoreErrorCode::InvalidArgument,
                                     QStringLiteral("blob %1 is neither given nor stored").arg(ref.sha256));
        }
        if (!e.isOk())
            return e;
    }
    return {};
}

StoreError BlobStore::link(const QString &submissionId, const QList<BlobRef> &blobs)
{
    for (int i = 0; i < blobs.size(); ++i) {
        Statement s = store_.prepare("INSERT INTO submission_blobs (submission_id, sha256, ord) VALUES (?1, ?2, ?3)");
        s.bindText(1, submissionId).bindText(2, blobs[i].sha256).bindInt(3, i);
        const StoreError e = s.run();
        if (!e.isOk())
            return e;
    }
    return {};
}

namespace {

// The rows of one submission's list, in envelope order, each read by `read`.
template <typename T, typename Read>
StoreResult<QList<T>> rowsOf(Store &store, const char *sql, const QString &submissionId, Read read)
{
    StoreResult<QList<T>> r;
    Statement s = store.prepare(sql);
    s.bindText(1, submissionId);
    Statement::Step step;
    while ((step = s.step()) == Statement::Step::Row)
        r.value.append(read(s));
    if (step == Statement::Step::Error)
        r.error = s.error();
    return r;
}

} // namespace

StoreResult<QList<BlobInfo>> BlobStore::listFor(const QString &submissionId)
{
    // Names and sizes only: a lease never reads the pages' bytes.
    return rowsOf<BlobInfo>(store_,
                            "SELECT sb.sha256, b.size FROM submission_blobs sb JOIN blobs b ON b.sha256 = sb.sha256 "
                            "WHERE sb.submission_id = ?1 ORDER BY sb.ord",
                            submissionId, [](const Statement &s) {
                                return BlobInfo{s.text(0), s.int64(1)};
                            });
}

StoreResult<QList<StoredBlob>> BlobStore::sealedFor(const QString &submissionId)
{
    return rowsOf<StoredBlob>(store_,
                              "SELECT b.sha256, b.size, b.sealed FROM submission_blobs sb "
                              "JOIN blobs b ON b.sha256 = sb.sha256 WHERE sb.submission_id = ?1 ORDER BY sb.ord",
                              submissionId, [](const Statement &s) {
                                  return StoredBlob{s.text(0), s.int64(1), s.blob(2)};
                              });
}

StoreResult<QByteArray> BlobStore::bytes(const QString &sha256)
{
    StoreResult<QByteArray> r;
    Statement s = store_.prepare("SELECT sealed FROM blobs WHERE sha256 = ?1 AND sealed IS NOT NULL");
    s.bindText(1, sha256);
    switch (s.step()) {
    case Statement::Step::Row: r.value = s.blob(0); break;
    case Statement::Step::Done:
        r.error = StoreError::make(StoreErrorCode::NotFound, QStringLiteral("no blob %1").arg(sha256));
        break;
    case Statement::Step::Error: r.error = s.error(); break;
    }
    return r;
}

StoreError BlobStore::unlinkAckedBefore(qint64 cutoffMs)
{
    Statement links = store_.prepare(
        "DELETE FROM submission_blobs WHERE submission_id IN "
        "(SELECT id FROM submissions WHERE state = 'acked' AND acked_wall < ?1 AND envelope IS NOT NULL)");
    links.bindInt(1, cutoffMs);
    return links.run();
}

StoreError BlobStore::unlinkOrphans()
{
    return store_.exec("DELETE FROM submission_blobs WHERE submission_id NOT IN (SELECT id FROM submissions)");
}

StoreResult<int> BlobStore::deleteUnlinked()
{
    StoreResult<int> r;
    r.error = store_.exec("DELETE FROM blobs WHERE sha256 NOT IN (SELECT sha256 FROM submission_blobs)");
    r.value = int(store_.changes());
    return r;
}

} // namespace kiosk::queue
