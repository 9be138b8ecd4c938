// A FrameSource for tests: start/stop are recorded, frames are pushed by the test (QImages with chosen monotonic
// timestamps), exactly as a camera would deliver them — and dropped while stopped, as the interface promises.
#pragma once

#include <QImage>

#include "drivers/camera/frame_source.h"

namespace kiosk::test {

class FakeFrameSource : public drivers::FrameSource
{
    // No Q_OBJECT: it adds no signals or slots (and a header outside the target would not be moc'ed).
public:
    using FrameSource::FrameSource;

    void start() override
    {
        ++starts;
        active_ = true;
        emit started();
    }
    void stop() override
    {
        ++stops;
        if (active_) {
            active_ = false;
            emit stopped();
        }
    }
    bool isActive() const override { return active_; }
    drivers::DeviceStatus status() const override { return {}; }
    QString model() const override { return QStringLiteral("fake camera"); }
    QString port() const override { return QStringLiteral("fake"); }
    kiosk::drivers::DeviceCapabilities capabilities() const override { return {}; }

    // Delivers a frame if started; returns whether it was delivered.
    bool push(const QImage &frame, qint64 timestampMs)
    {
        if (!active_)
            return false;
        emit frameReady(frame, timestampMs);
        return true;
    }

    int starts = 0;
    int stops = 0;

private:
    bool active_ = false;
};

} // namespace kiosk::test
