// The QR code of an order's pay_url for the citizen's phone (WeChat, Alipay, UnionPay, 粤省事): libqrencode,
// error correction M, the standard quiet zone of 4 modules, whole pixels per module.
#pragma once

#include <QImage>
#include <QString>

namespace kiosk::app {

// A square image at most `side` pixels wide (smaller when `side` is not a whole number of modules); null when the
// text cannot be encoded.
QImage paymentQrImage(const QString &payUrl, int side);

} // namespace kiosk::app
