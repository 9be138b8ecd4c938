// The monotonic frame clock shared by all frame sources, and how a source adopts the status its worker observed.
#include "drivers/camera/frame_source.h"

#include <QElapsedTimer>

namespace kiosk::drivers {

qint64 monotonicNowMs()
{
    QElapsedTimer t;
    t.start();
    return t.msecsSinceReference();
}

void FrameSource::adoptObservedStatus(const DeviceStatus &observed, DeviceStatus &current, bool &active,
                                      quint64 &generation)
{
    if (observed.state == DeviceState::NoDevice && active) {
        active = false;
        ++generation;
        emit stopped();
    }
    if (observed != current) {
        current = observed;
        emit statusChanged(current);
    }
}

} // namespace kiosk::drivers
