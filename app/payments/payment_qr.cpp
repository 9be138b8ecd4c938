// Drawing the pay_url's QR code.
#include "app/payments/payment_qr.h"

#include <QPainter>

#include <qrencode.h>

namespace kiosk::app {

QImage paymentQrImage(const QString &payUrl, int side)
{
    const QByteArray data = payUrl.toUtf8();
    if (data.isEmpty())
        return {};
    QRcode *code =
        QRcode_encodeData(int(data.size()), reinterpret_cast<const unsigned char *>(data.constData()), 0, QR_ECLEVEL_M);
    if (!code)
        return {};
    constexpr int kQuiet = 4;
    const int modules = code->width + 2 * kQuiet;
    const int module = qMax(1, side / modules);
    QImage image(modules * module, modules * module, QImage::Format_Grayscale8);
    image.fill(255);
    QPainter p(&image);
    for (int y = 0; y < code->width; ++y)
        for (int x = 0; x < code->width; ++x)
            if (code->data[y * code->width + x] & 1)
                p.fillRect((x + kQuiet) * module, (y + kQuiet) * module, module, module, Qt::black);
    p.end();
    QRcode_free(code);
    return image;
}

} // namespace kiosk::app
