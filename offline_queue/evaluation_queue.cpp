// The evaluations table.
#include "offline_queue/evaluation_queue.h"

#include "offline_queue/storage/canonical_json.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace kiosk::queue {

EvaluationQueue::EvaluationQueue(Store &store, OutboxOptions options) : store_(store), options_(std::move(options)) {}

StoreResult<EnqueueOutcome> EvaluationQueue::enqueue(const QString &id, const QByteArray &body)
{
    StoreResult<EnqueueOutcome> r;
    if (!isUuidV4(id) || body.isEmpty() || body.size() > 64 * 1024) {
        r.error = StoreError::make(StoreErrorCode::InvalidArgument, QStringLiteral("evaluation id or body unusable"));
        return r;
    }
    Statement s = store_.prepare("INSERT INTO evaluations (id, body, state, created_ms) VALUES (?1, ?2, 'pending', ?3) "
                                 "ON CONFLICT (id) DO NOTHING");
    s.bindText(1, id).bindBlob(2, body).bindInt(3, options_.now().toMSecsSinceEpoch());
    r.error = s.run();
    r.value = store_.changes() == 0 ? EnqueueOutcome::AlreadyPresent : EnqueueOutcome::Queued;
    return r;
}

StoreResult<QList<PendingEvaluation>> EvaluationQueue::pending(int limit)
{
    StoreResult<QList<PendingEvaluation>> r;
    Statement s = store_.prepare(
        "SELECT id, body, attempts FROM evaluations WHERE state = 'pending' ORDER BY created_ms, id LIMIT ?1");
    s.bindInt(1, limit);
    for (;;) {
        const Statement::Step step = s.step();
        if (step == Statement::Step::Row) {
            r.value.append({s.text(0), s.blob(1), int(s.int64(2))});
            continue;
        }
        if (step == Statement::Step::Error)
            r.error = s.error();
        break;
    }
    return r;
}

StoreError EvaluationQueue::markSent(const QString &id)
{
    Statement s = store_.prepare("DELETE FROM evaluations WHERE id = ?1");
    s.bindText(1, id);
    return s.run();
}

StoreError EvaluationQueue::markFailed(const QString &id, const QString &error, bool dead)
{
    Statement s = store_.prepare("UPDATE evaluations SET attempts = attempts + 1, last_error = ?2, "
                                 "state = CASE WHEN ?3 THEN 'dead' ELSE state END WHERE id = ?1");
    s.bindText(1, id).bindText(2, error).bindInt(3, dead ? 1 : 0);
    return s.run();
}

StoreResult<QList<DeadEvaluation>> EvaluationQueue::dead(int limit)
{
    StoreResult<QList<DeadEvaluation>> r;
    Statement s = store_.prepare("SELECT id, body, last_error, attempts FROM evaluations WHERE state = 'dead' "
                                 "ORDER BY created_ms, id LIMIT ?1");
    s.bindInt(1, limit);
    for (;;) {
        const Statement::Step step = s.step();
        if (step == Statement::Step::Row) {
            const QJsonObject body = QJsonDocument::fromJson(s.blob(1)).object();
            const QString caseNo = body.value(QLatin1String("case_no")).toString();
            r.value.append({s.text(0), caseNo.isEmpty() ? body.value(QLatin1String("local_no")).toString() : caseNo,
                            body.value(QLatin1String("item_code")).toString(), s.text(2), int(s.int64(3))});
            continue;
        }
        if (step == Statement::Step::Error)
            r.error = s.error();
        break;
    }
    return r;
}

namespace {

StoreError changeDead(Store &store, const char *sql, const QString &id)
{
    Statement s = store.prepare(sql);
    s.bindText(1, id);
    StoreError e = s.run();
    if (e.isOk() && store.changes() == 0)
        e = StoreError::make(StoreErrorCode::NotFound, QStringLiteral("no dead evaluation %1").arg(id));
    return e;
}

} // namespace

StoreError EvaluationQueue::retryDead(const QString &id)
{
    return changeDead(store_, "UPDATE evaluations SET state = 'pending' WHERE id = ?1 AND state = 'dead'", id);
}

StoreError EvaluationQueue::deleteDead(const QString &id)
{
    return changeDead(store_, "DELETE FROM evaluations WHERE id = ?1 AND state = 'dead'", id);
}

} // namespace kiosk::queue
