// Backoff arithmetic kept pure (no clock, no randomness of its own) so its bounds are testable exactly.
#include "offline_queue/backoff.h"

#include <QRandomGenerator>
#include <QRegularExpression>

#include <cmath>

namespace kiosk::queue {

namespace {

int monthNumber(QStringView name)
{
    static const QStringList months{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    return int(months.indexOf(name.toString())) + 1;
}

} // namespace

// RFC 9110 section 5.6.7: IMF-fixdate, and the obsolete RFC 850 and asctime forms a recipient must still accept. Parsed
// by hand because QDateTime's RFC 2822 parser (Qt 6.4) rejects the "GMT" zone that every server sends.
QDateTime parseHttpDate(const QByteArray &value)
{
    static const QRegularExpression imf(
        QStringLiteral("^[A-Z][a-z]{2}, (\\d{2}) ([A-Z][a-z]{2}) (\\d{4}) (\\d{2}):(\\d{2}):(\\d{2}) GMT$"));
    static const QRegularExpression rfc850(
        QStringLiteral("^[A-Z][a-z]+, (\\d{2})-([A-Z][a-z]{2})-(\\d{2}) (\\d{2}):(\\d{2}):(\\d{2}) GMT$"));
    static const QRegularExpression asctime(
        QStringLiteral("^[A-Z][a-z]{2} ([A-Z][a-z]{2}) ([ \\d]\\d) (\\d{2}):(\\d{2}):(\\d{2}) (\\d{4})$"));
    const QString text = QString::fromLatin1(value);
    int day = 0, month = 0, year = 0, h = 0, m = 0, sec = 0;
    QRegularExpressionMatch match;
    if ((match = imf.match(text)).hasMatch()) {
        day = match.captured(1).toInt();
        month = monthNumber(match.capturedView(2));
        year = match.captured(3).toInt();
        h = match.captured(4).toInt();
        m = match.captured(5).toInt();
        sec = match.captured(6).toInt();
    } else if ((match = rfc850.match(text)).hasMatch()) {
        day = match.captured(1).toInt();
        month = monthNumber(match.capturedView(2));
        year = 2000 + match.captured(3).toInt(); // two-digit years: only recent dates matter for a retry
        h = match.captured(4).toInt();
        m = match.captured(5).toInt();
        sec = match.captured(6).toInt();
    } else if ((match = asctime.match(text)).hasMatch()) {
        month = monthNumber(match.capturedView(1));
        day = match.captured(2).trimmed().toInt();
        h = match.captured(3).toInt();
        m = match.captured(4).toInt();
        sec = match.captured(5).toInt();
        year = match.captured(6).toInt();
    } else {
        return {};
    }
    const QDate date(year, month, day);
    const QTime time(h, m, sec);
    if (!date.isValid() || !time.isValid())
        return {};
    return QDateTime(date, time, Qt::UTC);
}

qint64 backoffCeilingMs(const BackoffPolicy &policy, int failures)
{
    const qint64 base = qMax<qint64>(0, policy.baseMs);
    const qint64 cap = qMax<qint64>(0, policy.capMs);
    if (base == 0)
        return 0;
    qint64 ceiling = base;
    // Doubling stops at the cap, so neither the shift nor the product can overflow however many failures there were.
    for (int i = 0; i < failures && ceiling < cap; ++i)
        ceiling = ceiling > cap / 2 ? cap : ceiling * 2;
    return qMin(ceiling, cap);
}

qint64 backoffDelayMs(const BackoffPolicy &policy, int failures, double uniform01, std::optional<qint64> retryAfterMs)
{
    const qint64 ceiling = backoffCeilingMs(policy, qMax(0, failures));
    const double u = std::isfinite(uniform01) ? qBound(0.0, uniform01, 1.0) : 0.0;
    qint64 delay = qint64(std::floor(u * double(ceiling + 1)));
    delay = qMin(delay, ceiling);
    if (retryAfterMs) {
        const qint64 floorMs = qBound<qint64>(0, *retryAfterMs, qMax<qint64>(0, policy.retryAfterCapMs));
        delay = qMax(delay, floorMs);
    }
    return delay;
}

qint64 backoffDelayMs(const BackoffPolicy &policy, int failures, std::optional<qint64> retryAfterMs)
{
    return backoffDelayMs(policy, failures, QRandomGenerator::global()->generateDouble(), retryAfterMs);
}

std::optional<qint64> parseRetryAfterMs(const QByteArray &value, const QDateTime &now)
{
    const QByteArray v = value.trimmed();
    if (v.isEmpty())
        return std::nullopt;
    bool digits = true;
    for (char c : v)
        digits = digits && c >= '0' && c <= '9';
    if (digits) {
        if (v.size() > 12) // more than ~31,000 years: treat as garbage rather than overflow
            return std::nullopt;
        return v.toLongLong() * 1000;
    }
    const QDateTime when = parseHttpDate(v);
    if (!when.isValid())
        return std::nullopt;
    return qMax<qint64>(0, now.msecsTo(when));
}

} // namespace kiosk::queue
