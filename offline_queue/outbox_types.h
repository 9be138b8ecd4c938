// The value types every DAO of the outbox shares: a submission's state, what an enqueue did, and the options the
// outbox's DAOs are made with.
#pragma once

#include <QDateTime>
#include <QString>

#include <functional>
#include <optional>

namespace kiosk::queue {

enum class SubmissionState { Pending, InFlight, Acked, Dead };

QString toString(SubmissionState state); // pending | in_flight | acked | dead
std::optional<SubmissionState> submissionStateFromString(const QString &text);

enum class EnqueueOutcome { Queued, AlreadyPresent };

struct OutboxOptions {
    QString kioskId; // the first part of local numbers; must match the kiosk certificate's CN
    // enqueue refuses (DiskFloor) when the database folder would keep less than this free after the write.
    qint64 diskFloorBytes = 256LL * 1024 * 1024;
    std::function<QDateTime()> wallClock; // default: the system clock; tests inject a fixed one

    QDateTime now() const { return wallClock ? wallClock() : QDateTime::currentDateTimeUtc(); }
};

// Asia/Shanghai: UTC+8, no daylight saving since 1991. Local numbers are dated in it.
inline constexpr int kBeijingOffsetS = 8 * 3600;

} // namespace kiosk::queue
