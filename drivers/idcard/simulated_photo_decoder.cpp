// The simulator's reversible SIMW photo format (see simulated_photo_decoder.h).
#include "drivers/idcard/simulated_photo_decoder.h"

#include "drivers/idcard/card_record.h"

#include <cstring>

namespace kiosk::drivers::idcard {

QByteArray SimulatedPhotoDecoder::encode(const QImage &portrait)
{
    QImage grey;
    if (!portrait.isNull())
        grey = portrait.scaled(kWidth, kHeight, Qt::KeepAspectRatioByExpanding, Qt::SmoothTransformation)
                   .convertToFormat(QImage::Format_Grayscale8);
    if (!grey.isNull())
        grey = grey.copy((grey.width() - kWidth) / 2, (grey.height() - kHeight) / 2, kWidth, kHeight);

    QByteArray out(kWltPhotoSize, '\0');
    std::memcpy(out.data(), kMagic, sizeof kMagic);
    int n = 0;
    for (int y = 0; y < kHeight; ++y) {
        const uchar *line = grey.isNull() ? nullptr : grey.constScanLine(y);
        for (int x = 0; x < kWidth; ++x, ++n) {
            const int level = line ? (line[x] * 15 + 127) / 255 : 8;
            char &byte = out[4 + n / 2];
            byte = char(n % 2 == 0 ? (level << 4) : (uchar(byte) | level));
        }
    }
    return out;
}

bool SimulatedPhotoDecoder::isSimulatorPhoto(const QByteArray &wlt)
{
    return wlt.size() == kWltPhotoSize && std::memcmp(wlt.constData(), kMagic, sizeof kMagic) == 0;
}

PhotoDecodeResult SimulatedPhotoDecoder::decode(const QByteArray &wlt)
{
    PhotoDecodeResult r;
    if (wlt.size() != kWltPhotoSize) {
        r.error = PhotoDecodeError::WrongLength;
        r.detail = QStringLiteral("photo is %1 bytes, expected %2").arg(wlt.size()).arg(kWltPhotoSize);
        return r;
    }
    if (!isSimulatorPhoto(wlt)) {
        r.error = PhotoDecodeError::NotSimulatorPhoto;
        r.detail = QStringLiteral("no SIMW header: real WLT data needs the vendor decoder library");
        return r;
    }
    QImage small(kWidth, kHeight, QImage::Format_Grayscale8);
    int n = 0;
    for (int y = 0; y < kHeight; ++y) {
        uchar *line = small.scanLine(y);
        for (int x = 0; x < kWidth; ++x, ++n) {
            const uchar byte = uchar(wlt[4 + n / 2]);
            const int level = n % 2 == 0 ? byte >> 4 : byte & 0x0F;
            line[x] = uchar(level * 17);
        }
    }
    r.image = small.scaled(kPhotoWidth, kPhotoHeight, Qt::IgnoreAspectRatio, Qt::SmoothTransformation)
                  .convertToFormat(QImage::Format_RGB32);
    return r;
}

} // namespace kiosk::drivers::idcard
