// DAO of the `counters` table: the kiosk's local numbers (`<kiosk_id>-<yyyymmdd>-<seq>`, printed on offline receipts)
// and the submissions' creation sequence. A number is durable before it is handed out and never handed out twice.
#pragma once

#include "offline_queue/outbox_types.h"
#include "offline_queue/storage/store.h"

#include <QDate>
#include <QString>

namespace kiosk::queue {

class LocalNumbers
{
public:
    LocalNumbers(Store &store, OutboxOptions options);

    // `<kiosk_id>-<yyyymmdd>-<seq>` (date in Asia/Shanghai, seq >= 6 digits), committed durably before it is
    // returned so it is never handed out twice, even if the submission is then abandoned.
    StoreResult<QString> allocate();

    // The next `created_seq` of a submission. Runs in the caller's transaction.
    StoreResult<qint64> nextSubmissionSeq();
    // Keeps "the counter is at least every stored number" true for a number stored by import or salvage; numbers
    // of another shape are left alone. Runs in the caller's transaction.
    StoreError noteStored(const QString &localNo);
    // The counter `name` becomes at least `atLeast`. Runs in the caller's transaction.
    StoreError raise(const QString &name, qint64 atLeast);

    // Today's counter and the floor its sequence restarts above when the counters of a corrupt file are lost:
    // seconds since midnight x 10, above any count issued earlier today unless more than ten a second were issued.
    struct Floor {
        QString counter;
        qint64 seq = 0;
    };
    Floor todaysTimeFloor() const;

    static QString counterNameFor(const QDate &beijingDate); // "local_no:<yyyymmdd>"
    // `<kiosk_id>-<yyyymmdd>-<seq>` -> counter name and seq; false for anything else.
    static bool parse(const QString &localNo, QString *counter, qint64 *seq);

private:
    Store &store_;
    OutboxOptions options_;
};

} // namespace kiosk::queue
