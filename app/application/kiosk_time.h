// The kiosk's civil time zone: dates the citizen reads (promised dates, case events, document dates) are calendar
// dates in Guangdong. Records keep UTC; only what is shown or counted in days is converted.
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QTimeZone>

namespace kiosk::app {

inline QTimeZone kioskTimeZone()
{
    return QTimeZone(QByteArrayLiteral("Asia/Shanghai"));
}

// `when` as the citizen reads it at the kiosk.
inline QDateTime kioskLocalTime(const QDateTime &when)
{
    return when.toTimeZone(kioskTimeZone());
}

} // namespace kiosk::app
