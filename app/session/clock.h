// Injectable time sources: timers and idle handling run on the monotonic clock; tests drive a manual one.
#pragma once

#include <QElapsedTimer>
#include <QtGlobal>

namespace kiosk::app {

class Clock
{
public:
    virtual ~Clock() = default;
    virtual qint64 monotonicMs() const = 0;
};

class SteadyClock final : public Clock
{
public:
    SteadyClock() { timer_.start(); }
    qint64 monotonicMs() const override { return timer_.elapsed(); }

private:
    QElapsedTimer timer_; // QElapsedTimer uses CLOCK_MONOTONIC on Linux
};

class ManualClock final : public Clock
{
public:
    qint64 monotonicMs() const override { return now_; }
    void advanceMs(qint64 ms) { now_ += ms; }

private:
    qint64 now_ = 0;
};

} // namespace kiosk::app
