// Turns the raw frames of one SANE scan (gray or RGB, 1/8/16 bit, single- or three-pass) into a QImage.
#pragma once

#include <QByteArray>
#include <QImage>
#include <QList>
#include <QString>

#include <sane/sane.h>

namespace kiosk::drivers {

struct SaneFrameData {
    SANE_Parameters params{}; // as sane_get_parameters said after sane_start (lines may be -1: unknown)
    QByteArray bytes;         // everything sane_read returned for the frame
};

struct SaneImageResult {
    QImage image; // Format_Grayscale8 for gray scans, Format_RGB888 for colour
    QString error;

    bool ok() const { return error.isEmpty(); }
};

// 16-bit samples come in the host's byte order (SANE standard 4.3.8) and are reduced to 8 bits; 1-bit gray uses
// SANE's convention that a set bit is black. Incomplete last lines are dropped.
SaneImageResult assembleSaneImage(const QList<SaneFrameData> &frames);

} // namespace kiosk::drivers
