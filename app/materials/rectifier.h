// Document rectification: finds the page in a document-camera photo or scan, corrects perspective to the page's true
// aspect, removes residual skew, flattens the lighting and optionally binarises, giving a ~200 dpi greyscale page.
#pragma once

#include <QImage>
#include <QPolygonF>
#include <QString>

namespace kiosk::app {

struct RectifyOptions {
    int outputDpi = 200;
    // Resolution of the input when it is known (a scan); 0 for photos, whose resolution follows from the page found.
    int sourceDpi = 0;
    // Look for the page's four corners. Off for flatbed scans, whose page lies on a white lid with no edge to find.
    bool detectPage = true;
    bool deskew = true;
    bool binarise = false;
    // The camera's focal length in pixels, when calibrated; 0 estimates it from the page (falling back to a typical
    // document camera's when the view is too frontal to tell).
    double focalLengthPx = 0;
    // Output long side cap in pixels (A4 at 200 dpi): keeps stored pages compact whatever the camera's resolution.
    int maxLongSide = 2339;
};

enum class RectifyError {
    None,
    EmptyImage,
};

struct RectifyResult {
    RectifyError error = RectifyError::None;
    QString detail;
    QImage page;                 // Format_Grayscale8, upright, its dots-per-metre set to the output dpi
    bool pageFound = false;      // four page corners were detected (otherwise the whole image was used)
    QPolygonF corners;           // in input pixels, clockwise from the top-left; the whole image without a page
    bool touchesBorder = false;  // the page found runs into the edge of the picture: part of it may be cut off
    double pageAreaFraction = 0; // page area / picture area
    double pageLongSidePx = 0;   // the page's long side as captured, in input pixels (resolution proxy)
    double aspect = 0;           // output height / width
    QString paper;               // "A-series" when the aspect matched ISO 216 and was snapped to it; else empty
    double skewDegrees = 0;      // rotation removed by deskew
    qint64 ms = 0;

    bool ok() const { return error == RectifyError::None; }
};

RectifyResult rectifyDocument(const QImage &input, const RectifyOptions &options = {});

// The page finding of rectifyDocument alone, for live preview frames: the page's corners in `image` pixels
// (clockwise from the top-left), found at up to `detectLongSide` pixels. A few milliseconds for a 640x480 frame.
struct PageDetection {
    bool found = false;
    QPolygonF corners;
    bool touchesBorder = false; // the page runs into the edge of the picture: part of it may be cut off
    double areaFraction = 0;    // page area / picture area
};
PageDetection detectPageCorners(const QImage &image, int detectLongSide = 480);

// Estimates the skew of text lines in a greyscale page, in degrees (positive: lines rise to the right).
double estimateSkewDegrees(const QImage &page);

} // namespace kiosk::app
