// The device simulator's stand-in for the card's WLT photo ("SIMW"), for the simulators, the demo and the tests only:
// target kiosk_simulated_photo, which the kiosk binary never links (tests/packaging checks its symbols). The demo
// kiosk decodes SIMW photos by loading libkiosk_simw_wlt.so (simw_wlt_module.cpp) as its vendor decoder library.
#pragma once

#include <QByteArray>
#include <QImage>

#include "drivers/idcard/photo_decoder.h"

namespace kiosk::drivers::idcard {

// "SIMW" + a 40x51 greyscale portrait at 4 bits per pixel (high nibble first, rows top to bottom) = 4 + 1020 = 1024
// bytes. decode() scales it back to 102x126. It does NOT decode real cards.
class SimulatedPhotoDecoder : public PhotoDecoder
{
public:
    static constexpr int kWidth = 40;
    static constexpr int kHeight = 51;
    static constexpr char kMagic[4] = {'S', 'I', 'M', 'W'};

    // Packs any image into the 1024-byte simulator format (scaled to fill, centre-cropped, greyscale, 16 levels).
    static QByteArray encode(const QImage &portrait);
    static bool isSimulatorPhoto(const QByteArray &wlt);

    QString name() const override { return QStringLiteral("simulated"); }
    PhotoDecodeResult decode(const QByteArray &wlt) override;
};

} // namespace kiosk::drivers::idcard
