// The counters table: local numbers by day and the submission sequence.
#include "offline_queue/local_numbers.h"

#include <QRegularExpression>

namespace kiosk::queue {

LocalNumbers::LocalNumbers(Store &store, OutboxOptions options) : store_(store), options_(std::move(options)) {}

QString LocalNumbers::counterNameFor(const QDate &beijingDate)
{
    return QStringLiteral("local_no:") + beijingDate.toString(QStringLiteral("yyyyMMdd"));
}

bool LocalNumbers::parse(const QString &localNo, QString *counter, qint64 *seq)
{
    static const QRegularExpression re(QStringLiteral("^.+-([0-9]{8})-([0-9]{6,15})$"));
    const QRegularExpressionMatch m = re.match(localNo);
    if (!m.hasMatch())
        return false;
    *counter = QStringLiteral("local_no:") + m.captured(1);
    *seq = m.captured(2).toLongLong();
    return true;
}

StoreResult<QString> LocalNumbers::allocate()
{
    StoreResult<QString> r;
    if (options_.kioskId.isEmpty()) {
        r.error = StoreError::make(StoreErrorCode::InvalidArgument, QStringLiteral("no kiosk id configured"));
        return r;
    }
    const QDate date = options_.now().toOffsetFromUtc(kBeijingOffsetS).date();
    Transaction tx(store_);
    if (!tx.isActive()) {
        r.error = tx.beginError();
        return r;
    }
    Statement s = store_.prepare("INSERT INTO counters (name, value) VALUES (?1, 1) "
                                 "ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value");
    s.bindText(1, counterNameFor(date));
    if (s.step() != Statement::Step::Row) {
        r.error = s.error();
        return r;
    }
    const qint64 seq = s.int64(0);
    s = Statement();
    // Committed (and fsynced) before the number leaves this function: a crash afterwards cannot hand it out again.
    r.error = tx.commit();
    if (!r.isOk())
        return r;
    r.value = QStringLiteral("%1-%2-%3")
                  .arg(options_.kioskId, date.toString(QStringLiteral("yyyyMMdd")))
                  .arg(seq, 6, 10, QLatin1Char('0'));
    return r;
}

StoreResult<qint64> LocalNumbers::nextSubmissionSeq()
{
    StoreResult<qint64> r;
    Statement s = store_.prepare("INSERT INTO counters (name, value) VALUES ('submission_seq', 1) "
                                 "ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value");
    if (s.step() != Statement::Step::Row) {
        r.error = s.error();
        return r;
    }
    r.value = s.int64(0);
    return r;
}

StoreError LocalNumbers::raise(const QString &name, qint64 atLeast)
{
    Statement s = store_.prepare("INSERT INTO counters (name, value) VALUES (?1, ?2) "
                                 "ON CONFLICT (name) DO UPDATE SET value = max(value, excluded.value)");
    s.bindText(1, name).bindInt(2, atLeast);
    return s.run();
}

StoreError LocalNumbers::noteStored(const QString &localNo)
{
    QString counter;
    qint64 seq = 0;
    if (!parse(localNo, &counter, &seq))
        return {};
    return raise(counter, seq);
}

LocalNumbers::Floor LocalNumbers::todaysTimeFloor() const
{
    const QDateTime beijing = options_.now().toOffsetFromUtc(kBeijingOffsetS);
    return {counterNameFor(beijing.date()), qint64(beijing.time().msecsSinceStartOfDay() / 1000) * 10};
}

} // namespace kiosk::queue
