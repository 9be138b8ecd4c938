// DAO of the `evaluations` table: 好差评 evaluations waiting to be sent (platform-api.md: POST /v1/evaluations,
// Idempotency-Key = id). Durable like submissions, not sealed (they hold no personal data), deleted once sent.
#pragma once

#include "offline_queue/outbox_types.h"
#include "offline_queue/storage/store.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace kiosk::queue {

struct PendingEvaluation {
    QString id;
    QByteArray body;
    int attempts = 0;
};

// An evaluation the platform refused (4xx: e.g. 404 for an unknown case or a wrong query code, 422): a dead letter
// for technicians, as a refused submission is; what it is about is read from its body (no personal data).
struct DeadEvaluation {
    QString id;
    QString caseOrLocalNo;
    QString itemCode;
    QString lastError;
    int attempts = 0;
};

class EvaluationQueue
{
public:
    EvaluationQueue(Store &store, OutboxOptions options);

    // The same id twice is AlreadyPresent.
    StoreResult<EnqueueOutcome> enqueue(const QString &id, const QByteArray &body);
    StoreResult<QList<PendingEvaluation>> pending(int limit);
    StoreError markSent(const QString &id); // the platform has it: deleted
    StoreError markFailed(const QString &id, const QString &error, bool dead);
    StoreResult<QList<DeadEvaluation>> dead(int limit);
    // Only for an evaluation in state dead; NotFound otherwise.
    StoreError retryDead(const QString &id);  // back to pending
    StoreError deleteDead(const QString &id); // a supervisor's decision

private:
    Store &store_;
    OutboxOptions options_;
};

} // namespace kiosk::queue
