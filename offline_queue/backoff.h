// Retry timing as pure functions: exponential backoff with full jitter, bounded, and the platform's Retry-After.
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QtGlobal>

#include <optional>

namespace kiosk::queue {

struct BackoffPolicy {
    qint64 baseMs = 30'000;              // the first retry waits up to 30 s (platform-api.md, production)
    qint64 capMs = 3'600'000;            // no retry waits longer than 1 h...
    qint64 retryAfterCapMs = 86'400'000; // ...unless the platform asks, and then at most a day (a garbage date
                                         // must not park an item for years)
};

// The upper bound of the wait before retry number `failures` (0 after the first failure): min(cap, base * 2^failures).
qint64 backoffCeilingMs(const BackoffPolicy &policy, int failures);

// Full jitter: a uniform draw in [0, ceiling]. `uniform01` is in [0, 1) (injected so tests are deterministic). A
// Retry-After from the platform is a floor: the wait is max(retryAfter, jittered), capped by retryAfterCapMs.
qint64 backoffDelayMs(const BackoffPolicy &policy, int failures, double uniform01,
                      std::optional<qint64> retryAfterMs = std::nullopt);
// The same with QRandomGenerator::global().
qint64 backoffDelayMs(const BackoffPolicy &policy, int failures, std::optional<qint64> retryAfterMs = std::nullopt);

// A Retry-After header value: delta seconds ("120") or an HTTP date ("Wed, 21 Oct 2015 07:28:00 GMT"), relative to
// `now`. A date in the past gives 0; anything unparsable gives nullopt (the caller falls back to plain backoff).
std::optional<qint64> parseRetryAfterMs(const QByteArray &value, const QDateTime &now);
// An HTTP date (IMF-fixdate, RFC 850, asctime) in UTC; invalid when it is none of them.
QDateTime parseHttpDate(const QByteArray &value);

} // namespace kiosk::queue
