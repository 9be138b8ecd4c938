// DAO of the `blobs` and `submission_blobs` tables: sealed pages stored once by their sha256 name (content-addressed,
// shared between submissions) and each submission's ordered list of them.
#pragma once

#include "offline_queue/envelope.h"
#include "offline_queue/storage/store.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>

namespace kiosk::queue {

struct BlobInfo {
    QString sha256;
    qint64 size = 0;
};

struct StoredBlob {
    QString sha256;
    qint64 size = 0;
    QByteArray sealed;
};

class BlobStore
{
public:
    explicit BlobStore(Store &store);

    // Every blob `envelope` lists is stored after this: a given one is written (or its bytes put back after a
    // purge), one not given must already be stored with its bytes (else InvalidArgument). Runs in the caller's
    // transaction; `given` is indexed by name and its bytes must stay alive until this returns.
    StoreError storeFor(const SealedEnvelope &envelope, const QHash<QString, const SealedBlob *> &given);
    // The submission's ordered list (envelope order). Runs in the caller's transaction.
    StoreError link(const QString &submissionId, const QList<BlobRef> &blobs);

    // Name and size of the submission's blobs, in envelope order.
    StoreResult<QList<BlobInfo>> listFor(const QString &submissionId);
    // Name, size and sealed bytes of the submission's blobs, in envelope order (export).
    StoreResult<QList<StoredBlob>> sealedFor(const QString &submissionId);
    StoreResult<QByteArray> bytes(const QString &sha256);

    // The lists of acked submissions whose envelope is still stored and was acked before `cutoffMs` (the purge).
    StoreError unlinkAckedBefore(qint64 cutoffMs);
    // The lists of submissions that no longer exist.
    StoreError unlinkOrphans();
    // Blobs no list refers to any more (secure_delete erases their bytes); the count deleted.
    StoreResult<int> deleteUnlinked();

private:
    Store &store_;
};

} // namespace kiosk::queue
