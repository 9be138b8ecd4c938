// Draws the placeholder portrait with plain geometry on an 8-bit pixel buffer.
#include "drivers/simulators/placeholder_portrait.h"

#include <cmath>

#include "drivers/idcard/photo_decoder.h"

namespace kiosk::drivers::simulators {

namespace {

// Inside the ellipse centred at (cx, cy) with radii (rx, ry)?
bool inEllipse(double x, double y, double cx, double cy, double rx, double ry)
{
    const double dx = (x - cx) / rx;
    const double dy = (y - cy) / ry;
    return dx * dx + dy * dy <= 1.0;
}

} // namespace

QImage placeholderPortrait(std::uint32_t seed)
{
    using kiosk::drivers::idcard::kPhotoHeight;
    using kiosk::drivers::idcard::kPhotoWidth;
    // A tiny deterministic mix of the seed: tones and proportions, never anything random at run time.
    const auto pick = [seed](int shift, int range) { return int((seed >> shift) % std::uint32_t(range)); };
    const int background = 225 + pick(0, 25); // ID photos: white to light blue-grey
    const int skin = 165 + pick(5, 40);
    const int hair = 25 + pick(10, 50);
    const int clothes = 60 + pick(15, 60);
    const double faceRx = 22.0 + pick(20, 5);
    const double faceRy = 29.0 + pick(23, 4);
    const double cx = kPhotoWidth / 2.0;
    const double faceCy = 52.0;

    QImage img(kPhotoWidth, kPhotoHeight, QImage::Format_Grayscale8);
    for (int y = 0; y < kPhotoHeight; ++y) {
        uchar *line = img.scanLine(y);
        for (int x = 0; x < kPhotoWidth; ++x) {
            const double px = x + 0.5, py = y + 0.5;
            int v = background;
            // Shoulders: a wide ellipse rising from the bottom edge.
            if (inEllipse(px, py, cx, kPhotoHeight + 18.0, 56.0, 46.0))
                v = clothes;
            // Neck.
            if (std::abs(px - cx) < 10.0 && py > faceCy + 20.0 && py < kPhotoHeight - 18.0)
                v = skin - 15;
            // Hair: a slightly larger ellipse behind and above the face.
            if (inEllipse(px, py, cx, faceCy - 6.0, faceRx + 4.0, faceRy + 2.0))
                v = hair;
            // Face, leaving a fringe of hair at the top.
            if (inEllipse(px, py, cx, faceCy + 3.0, faceRx, faceRy) && py > faceCy - faceRy + 12.0)
                v = skin;
            // Eyes, brows, nose shadow, mouth.
            if (inEllipse(px, py, cx - 9.0, faceCy, 3.5, 2.0) || inEllipse(px, py, cx + 9.0, faceCy, 3.5, 2.0))
                v = 40;
            if ((std::abs(py - (faceCy - 6.0)) < 1.0) &&
                (std::abs(px - (cx - 9.0)) < 5.0 || std::abs(px - (cx + 9.0)) < 5.0))
                v = hair;
            if (std::abs(px - cx) < 1.5 && py > faceCy + 2.0 && py < faceCy + 11.0)
                v = skin - 30;
            if (inEllipse(px, py, cx, faceCy + 18.0, 8.0, 1.8))
                v = 110;
            line[x] = uchar(v);
        }
    }
    return img;
}

} // namespace kiosk::drivers::simulators
