// Steadiness of the page in the document camera's live view.
#include "app/materials/page_watch.h"

#include <QLineF>

#include <cmath>

namespace kiosk::app {

QString toString(PageWatchState state)
{
    switch (state) {
    case PageWatchState::NoPage: return QStringLiteral("no_page");
    case PageWatchState::CutOff: return QStringLiteral("cut_off");
    case PageWatchState::TooSmall: return QStringLiteral("too_small");
    case PageWatchState::Moving: return QStringLiteral("moving");
    case PageWatchState::Holding: return QStringLiteral("holding");
    case PageWatchState::Capture: return QStringLiteral("capture");
    case PageWatchState::Taken: return QStringLiteral("taken");
    }
    return QStringLiteral("no_page");
}

PageSteadiness::PageSteadiness(const PageWatchSettings &settings) : settings_(settings) {}

void PageSteadiness::reset()
{
    state_ = PageWatchState::NoPage;
    reference_.clear();
    holdStart_ = -1;
    taken_ = false;
    progress_ = 0;
}

PageWatchState PageSteadiness::update(const PageDetection &d, const QSize &frameSize, qint64 timeMs)
{
    progress_ = 0;
    auto lost = [this](PageWatchState s) {
        reference_.clear();
        holdStart_ = -1;
        taken_ = false; // the page left: the next one may be taken
        return state_ = s;
    };
    if (!d.found || d.corners.size() != 4 || frameSize.isEmpty())
        return lost(PageWatchState::NoPage);
    if (d.touchesBorder)
        return lost(PageWatchState::CutOff);
    if (d.areaFraction < settings_.minAreaFraction)
        return lost(PageWatchState::TooSmall);

    const double diagonal = std::hypot(double(frameSize.width()), double(frameSize.height()));
    double shift = reference_.size() == 4 ? 0 : 1e9;
    for (int i = 0; i < 4 && reference_.size() == 4; ++i)
        shift = std::max(shift, QLineF(reference_.at(i), d.corners.at(i)).length() / diagonal);
    if (shift > settings_.maxShift) {
        reference_ = d.corners;
        holdStart_ = timeMs;
        taken_ = false; // moved: a new placement
        return state_ = PageWatchState::Moving;
    }
    if (taken_)
        return state_ = PageWatchState::Taken; // waits for the next page
    const qint64 held = timeMs - holdStart_;
    progress_ = settings_.holdMs > 0 ? std::clamp(double(held) / double(settings_.holdMs), 0.0, 1.0) : 1.0;
    if (held >= settings_.holdMs) {
        taken_ = true;
        return state_ = PageWatchState::Capture;
    }
    return state_ = PageWatchState::Holding;
}

} // namespace kiosk::app
