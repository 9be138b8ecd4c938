// Automatic capture on the document camera: a page is taken when it is found whole in the live view and held still
// for a moment. PageSteadiness judges the stream of page detections (the rectifier's own page finding on each
// analysed preview frame); it is pure and clock-free, so tests feed it detections and times.
#pragma once

#include <QPolygonF>
#include <QSize>
#include <QString>

#include "app/materials/rectifier.h"

namespace kiosk::app {

enum class PageWatchState {
    NoPage,   // no page edge in view
    CutOff,   // the page runs out of the picture
    TooSmall, // the page is too far away
    Moving,   // found, but still moving
    Holding,  // found and still: counting down to the capture
    Capture,  // held still long enough: take it now
    Taken,    // this page was taken and is still there: waiting for the next page
};
QString toString(PageWatchState state); // no_page | cut_off | too_small | moving | holding | capture | taken

struct PageWatchSettings {
    qint64 holdMs = 800;           // how long the page must stay still
    double maxShift = 0.015;       // corner movement allowed while holding, as a fraction of the picture's diagonal
    double minAreaFraction = 0.12; // as QualityLimits::minPageAreaFraction
};

class PageSteadiness
{
public:
    explicit PageSteadiness(const PageWatchSettings &settings = {});

    // One analysed frame of `frameSize` at `timeMs` (a monotonic clock). Capture is answered once per still page;
    // the page must move or leave the view before it is answered again.
    PageWatchState update(const PageDetection &detection, const QSize &frameSize, qint64 timeMs);
    PageWatchState state() const { return state_; }
    double holdProgress() const { return progress_; } // 0..1 while holding
    void reset();

private:
    PageWatchSettings settings_;
    PageWatchState state_ = PageWatchState::NoPage;
    QPolygonF reference_;
    qint64 holdStart_ = -1;
    bool taken_ = false;
    double progress_ = 0;
};

} // namespace kiosk::app
