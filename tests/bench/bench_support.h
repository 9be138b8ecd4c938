// What every benchmark shares: the smoke mode CI runs them in and the verdict on a budget.
//
// KIOSK_BENCH_SMOKE=1 (packaging/run-tests.sh --bench-smoke, which CI runs): each bench measures only a few
// iterations and fails only when its budget is missed by more than 2x. That is an alarm against regressions (a
// change that makes start-up ten times slower), not a timing test: a loaded 2-core CI machine measures noise as
// much as the code. The JSON line still says `"ok"` against the budget itself, and `"smoke":true` so the README's
// table (packaging/bench-report.py) never takes its figures from a smoke run.
#pragma once

#include <QJsonObject>
#include <QtGlobal>

namespace kiosk::bench {

inline bool smoke()
{
    return qEnvironmentVariableIntValue("KIOSK_BENCH_SMOKE") > 0;
}

// How many iterations to measure: `full` in a benchmark run, `few` in smoke mode.
inline int iterations(int full, int few)
{
    return smoke() ? few : full;
}

// How far off its budget a figure may be before the bench fails: 1x in a benchmark run, 2x in smoke mode.
inline double slack()
{
    return smoke() ? 2.0 : 1.0;
}

// The bench's verdict on a figure that must stay at or below `budget` (a time, a ratio to a baseline, a size).
inline bool passesAtMost(double value, double budget)
{
    return value <= budget * slack();
}

// The verdict on a figure that must stay at or above `budget` (a throughput ratio).
inline bool passesAtLeast(double value, double budget)
{
    return value >= budget / slack();
}

// The JSON line with the mode it was measured in.
inline QJsonObject marked(QJsonObject line)
{
    if (smoke())
        line.insert(QStringLiteral("smoke"), true);
    return line;
}

// The same for a JSON line written by hand: `,"smoke":true` in smoke mode, nothing otherwise.
inline const char *smokeField()
{
    return smoke() ? ",\"smoke\":true" : "";
}

} // namespace kiosk::bench
