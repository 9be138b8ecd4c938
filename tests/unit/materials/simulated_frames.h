// A document camera's live stream under a test's control: frames are pushed by the test while the source is started.
#pragma once

#include "drivers/camera/frame_source.h"

namespace kiosk::test {

class SimulatedFrames : public drivers::FrameSource
{
public:
    void start() override
    {
        active_ = true;
        ++starts;
    }
    void stop() override { active_ = false; }
    bool isActive() const override { return active_; }
    drivers::DeviceStatus status() const override
    {
        return {drivers::DeviceState::Online, QStringLiteral("simulated"), QString()};
    }
    QString model() const override { return QStringLiteral("simulated document camera"); }
    QString port() const override { return QStringLiteral("sim"); }
    kiosk::drivers::DeviceCapabilities capabilities() const override { return {}; }
    void push(const QImage &frame)
    {
        if (active_)
            emit frameReady(frame, 0);
    }
    int starts = 0;

private:
    bool active_ = false;
};

} // namespace kiosk::test
