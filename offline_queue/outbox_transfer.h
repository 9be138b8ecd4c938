// The outbox's ways in and out besides enqueue: export of every not-yet-acked item to removable media (sealed files
// plus manifest.json, written last), idempotent import of such an export, and salvage from a corrupt file that
// Store::open moved aside. Reads and writes files; stores through Outbox::enqueueAs and the LocalNumbers DAO.
#pragma once

#include "offline_queue/outbox_types.h"
#include "offline_queue/storage/store.h"

#include <QString>
#include <QStringList>

namespace kiosk::queue {

class Outbox;

struct ExportReport {
    int submissions = 0;
    int blobs = 0;
    QString manifestPath;
};

struct ImportReport {
    int imported = 0;
    int alreadyPresent = 0;
    QStringList problems; // one line per submission that could not be imported (the rest still are)
};

struct SalvageReport {
    bool countersRead = false;    // the old file's counters were readable
    bool floorApplied = false;    // they were not: today's local numbers now start from a time-derived floor
    int submissionsRecovered = 0; // sealed submissions copied into the fresh store
    QStringList problems;
};

class OutboxTransfer
{
public:
    OutboxTransfer(Store &store, Outbox &outbox, OutboxOptions options);

    // Writes every not-yet-acked item as sealed files plus manifest.json (last, so a partial export is recognisable).
    StoreResult<ExportReport> exportTo(const QString &dir);
    // Idempotent: items already present are counted, not duplicated.
    StoreResult<ImportReport> importFrom(const QString &dir);
    // After Store::open moved a corrupt file aside: best-effort copy of its sealed items and local-number counters.
    // When the counters cannot be read, today's sequence restarts above LocalNumbers::todaysTimeFloor().
    StoreResult<SalvageReport> salvageFrom(const QString &corruptPath);

private:
    Store &store_;
    Outbox &outbox_;
    OutboxOptions options_;
};

} // namespace kiosk::queue
