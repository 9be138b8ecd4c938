// A synthetic ID-photo stand-in, drawn pixel by pixel (no QPainter text, no fonts, no QGuiApplication needed).
#pragma once

#include <QImage>

#include <cstdint>

namespace kiosk::drivers::simulators {

// A 102x126 greyscale head-and-shoulders silhouette on a light background (an oval face, hair, eyes, shoulders).
// `seed` varies the tones and proportions slightly so that different test cards get different portraits.
QImage placeholderPortrait(std::uint32_t seed);

} // namespace kiosk::drivers::simulators
