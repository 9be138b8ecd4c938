// Small pure helpers of the sandbox platform: dates in Asia/Shanghai, working days, masking, the Person enumerations, a
// minimal PDF writer.
#pragma once

#include <QByteArray>
#include <QDate>
#include <QDateTime>
#include <QString>
#include <QStringList>

namespace kiosk::sandbox {

// RFC 3339 in UTC with 'Z' (the platform may answer with Z), whole seconds.
QString rfc3339Utc(const QDateTime &when);
// The calendar date in Asia/Shanghai (UTC+8 all year: China has had no daylight saving time since 1991).
QDate shanghaiDate(const QDateTime &when);
// `days` working days after `from` (Saturdays and Sundays skipped; public holidays are not modelled). 0 days: `from`.
QDate addWorkingDays(const QDate &from, int days);

// 张三 -> 张*; Latin names keep their first letter: "Smith John" -> "S*********".
QString maskName(const QString &name);
// 440106199001011235 -> 4401**********1235 (the first 4 and the last 4 characters are kept).
QString maskIdNumber(const QString &id);

// The contract's enumerations of a Person (platform-api.md): `id_type` and `verified_by`.
const QStringList &personIdTypes();
const QStringList &personVerifiedBy();

// A valid PDF 1.4 file with one A4 page per entry of `pages`, each page a few lines of Helvetica text. Characters
// outside printable ASCII are written as '?': the standard 14 fonts carry no CJK glyphs.
QByteArray minimalPdf(const QList<QStringList> &pages, const QString &title);

} // namespace kiosk::sandbox
