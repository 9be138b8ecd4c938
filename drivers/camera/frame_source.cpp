// The monotonic frame clock shared by all frame sources.
#include "drivers/camera/frame_source.h"

#include <QElapsedTimer>

namespace kiosk::drivers {

qint64 monotonicNowMs()
{
    QElapsedTimer t;
    t.start();
    return t.msecsSinceReference();
}

} // namespace kiosk::drivers
