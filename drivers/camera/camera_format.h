// Choosing a camera mode from what a camera offers, as pure functions over plain values (QCameraFormat has no public
// constructor, so the choice is made on this copy and tested without a camera).
#pragma once

#include <QList>
#include <QSize>

namespace kiosk::drivers {

struct CameraFormatInfo {
    QSize resolution;
    float minFps = 0;
    float maxFps = 0;
    bool compressed = false; // MJPEG and the like: more pixels per second over USB 2
};

// The document camera: the most pixels; among equals a compressed format (full frame rate over USB 2), then the
// higher frame rate. -1 when the list is empty.
int chooseLargestFormat(const QList<CameraFormatInfo> &formats);

// The face camera: the resolution closest in area to `preferred` among formats reaching `minFps`
// (all formats if none does); among equals the higher frame rate. -1 when the list is empty.
int chooseFormatNear(const QList<CameraFormatInfo> &formats, QSize preferred, float minFps);

} // namespace kiosk::drivers
