// Camera mode choice (see camera_format.h).
#include "drivers/camera/camera_format.h"

#include <cstdlib>

namespace kiosk::drivers {

namespace {
qint64 area(QSize s)
{
    return qint64(s.width()) * s.height();
}
} // namespace

int chooseLargestFormat(const QList<CameraFormatInfo> &formats)
{
    int best = -1;
    for (int i = 0; i < formats.size(); ++i) {
        if (best < 0) {
            best = i;
            continue;
        }
        const CameraFormatInfo &a = formats[i];
        const CameraFormatInfo &b = formats[best];
        if (area(a.resolution) != area(b.resolution)) {
            if (area(a.resolution) > area(b.resolution))
                best = i;
        } else if (a.compressed != b.compressed) {
            if (a.compressed)
                best = i;
        } else if (a.maxFps > b.maxFps) {
            best = i;
        }
    }
    return best;
}

int chooseFormatNear(const QList<CameraFormatInfo> &formats, QSize preferred, float minFps)
{
    bool anyFastEnough = false;
    for (const CameraFormatInfo &f : formats)
        anyFastEnough = anyFastEnough || f.maxFps >= minFps;

    int best = -1;
    qint64 bestDistance = 0;
    for (int i = 0; i < formats.size(); ++i) {
        const CameraFormatInfo &f = formats[i];
        if (anyFastEnough && f.maxFps < minFps)
            continue;
        const qint64 distance = std::llabs(area(f.resolution) - area(preferred));
        if (best < 0 || distance < bestDistance || (distance == bestDistance && f.maxFps > formats[best].maxFps)) {
            best = i;
            bestDistance = distance;
        }
    }
    return best;
}

} // namespace kiosk::drivers
