// libkiosk_simw_wlt.so: the simulator's SIMW photo format behind the vendor decoder's entry point
//     int unpack(char *src_wlt, char *dst_bmp, int bmpSave)
// so a demo kiosk configured with `devices/idcard_reader.photo_decoder=<this library>` decodes the simulator's card
// photos through the same DlopenPhotoDecoder path as a real reader's, and a production kiosk (configured with the
// vendor's library) never decodes SIMW at all. Writes the 24-bit bottom-up BMP the vendor libraries write.
#include <QImage>
#include <QtEndian>

#include <cstring>

#include "drivers/idcard/card_record.h"
#include "drivers/idcard/simulated_photo_decoder.h"

namespace {

using kiosk::drivers::idcard::kPhotoHeight;
using kiosk::drivers::idcard::kPhotoWidth;

constexpr int kHeaderSize = 54;
constexpr int kStride = (kPhotoWidth * 3 + 3) & ~3;

void writeBmp(const QImage &image, uchar *out)
{
    std::memset(out, 0, kHeaderSize + kStride * kPhotoHeight);
    out[0] = 'B';
    out[1] = 'M';
    qToLittleEndian<quint32>(kHeaderSize + kStride * kPhotoHeight, out + 2);
    qToLittleEndian<quint32>(kHeaderSize, out + 10);
    qToLittleEndian<quint32>(40, out + 14); // BITMAPINFOHEADER
    qToLittleEndian<qint32>(kPhotoWidth, out + 18);
    qToLittleEndian<qint32>(kPhotoHeight, out + 22); // positive: bottom-up rows
    qToLittleEndian<quint16>(1, out + 26);
    qToLittleEndian<quint16>(24, out + 28);
    for (int y = 0; y < kPhotoHeight; ++y) {
        const auto *src = reinterpret_cast<const QRgb *>(image.constScanLine(y));
        uchar *line = out + kHeaderSize + (kPhotoHeight - 1 - y) * kStride;
        for (int x = 0; x < kPhotoWidth; ++x) {
            line[3 * x] = uchar(qBlue(src[x]));
            line[3 * x + 1] = uchar(qGreen(src[x]));
            line[3 * x + 2] = uchar(qRed(src[x]));
        }
    }
}

} // namespace

// 1: decoded; -1: not a SIMW photo (a real card's WLT); -2: bmpSave other than 1 (the only mode we implement).
extern "C" Q_DECL_EXPORT int unpack(char *src, char *dst, int bmpSave)
{
    if (bmpSave != 1 || !src || !dst)
        return -2;
    const QByteArray wlt = QByteArray::fromRawData(src, kiosk::drivers::idcard::kWltPhotoSize);
    kiosk::drivers::idcard::SimulatedPhotoDecoder decoder;
    const auto result = decoder.decode(wlt);
    if (!result.isOk())
        return -1;
    writeBmp(result.image.convertToFormat(QImage::Format_RGB32), reinterpret_cast<uchar *>(dst));
    return 1;
}
