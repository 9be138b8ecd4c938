// Range-checked numbers from configuration text (INI values), with the problem said the same way everywhere:
// "'abc' must be a whole number from 1 to 10; using 5". Used by every settings loader of app/ and offline_queue/.
#pragma once

#include <QString>
#include <QStringList>
#include <QVariant>

namespace kiosk::common {

// `value` as a whole number in [min, max]; otherwise `fallback`, and `problem` (when given) says why.
inline int boundedInt(const QVariant &value, int min, int max, int fallback, QString *problem = nullptr)
{
    bool ok = false;
    const int v = value.toString().trimmed().toInt(&ok);
    if (ok && v >= min && v <= max)
        return v;
    if (problem)
        *problem = QStringLiteral("'%1' must be a whole number from %2 to %3; using %4")
                       .arg(value.toString())
                       .arg(min)
                       .arg(max)
                       .arg(fallback);
    return fallback;
}

// `value` as a number in [min, max] (`unit` names it in the problem: "a number", "a number of seconds").
inline double boundedNumber(const QVariant &value, double min, double max, double fallback, QString *problem = nullptr,
                            const QString &unit = QStringLiteral("a number"))
{
    bool ok = false;
    const double v = value.toString().trimmed().toDouble(&ok);
    if (ok && v >= min && v <= max)
        return v;
    if (problem)
        *problem = QStringLiteral("'%1' must be %2 from %3 to %4; using %5")
                       .arg(value.toString(), unit)
                       .arg(min)
                       .arg(max)
                       .arg(fallback);
    return fallback;
}

// `value` as one text: QSettings reads an unquoted INI value with commas ("swtpm:host=127.0.0.1,port=2321") as a list,
// which toString() turns into nothing; this joins it back as it was written.
inline QString settingText(const QVariant &value)
{
    if (value.typeId() == QMetaType::QStringList)
        return value.toStringList().join(QLatin1Char(','));
    return value.toString();
}

} // namespace kiosk::common
