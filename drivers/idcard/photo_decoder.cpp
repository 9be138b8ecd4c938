// WLT photo decoding: the vendor library behind QLibrary (dlopen).
#include "drivers/idcard/photo_decoder.h"

#include "drivers/idcard/card_record.h"
#include "drivers/idcard/frame_codec.h"

#include <QLibrary>
#include <QLoggingCategory>
#include <QMutexLocker>
#include <QtEndian>

#include <cstring>

namespace kiosk::drivers::idcard {

Q_LOGGING_CATEGORY(lcPhotoDecoder, "kiosk.drivers.idcard.photo")

namespace {

// Far more than any 102x126 bitmap (38862 bytes with header); the vendor call gets no size argument, so the slack is
// our only protection against a library that writes a little more than documented.
constexpr int kVendorOutputBuffer = 64 * 1024;
constexpr int kBmpHeaderSize = 54;

qint32 le32(const QByteArray &b, int offset)
{
    return qFromLittleEndian<qint32>(b.constData() + offset);
}
quint16 le16(const QByteArray &b, int offset)
{
    return qFromLittleEndian<quint16>(b.constData() + offset);
}

// Reads a 24-bit uncompressed BMP of exactly 102x126 from the start of `bmp`.
PhotoDecodeResult readBmp(const QByteArray &bmp)
{
    PhotoDecodeResult r;
    auto bad = [&r](const QString &detail) {
        r.error = PhotoDecodeError::BadOutput;
        r.detail = detail;
        return r;
    };
    if (bmp.size() < kBmpHeaderSize || bmp[0] != 'B' || bmp[1] != 'M')
        return bad(QStringLiteral("decoder output is not a BMP"));
    const qint32 dataOffset = le32(bmp, 10);
    const qint32 width = le32(bmp, 18);
    const qint32 height = le32(bmp, 22);
    const quint16 bpp = le16(bmp, 28);
    const qint32 compression = le32(bmp, 30);
    if (width != kPhotoWidth || (height != kPhotoHeight && height != -kPhotoHeight) || bpp != 24 || compression != 0)
        return bad(QStringLiteral("decoder output is %1x%2 at %3 bits (compression %4), expected %5x%6 at 24")
                       .arg(width)
                       .arg(height)
                       .arg(bpp)
                       .arg(compression)
                       .arg(kPhotoWidth)
                       .arg(kPhotoHeight));
    const int stride = (kPhotoWidth * 3 + 3) & ~3;
    if (dataOffset < kBmpHeaderSize || qint64(dataOffset) + qint64(stride) * kPhotoHeight > bmp.size())
        return bad(QStringLiteral("decoder output's pixel data lies outside the buffer"));

    QImage img(kPhotoWidth, kPhotoHeight, QImage::Format_RGB32);
    const bool bottomUp = height > 0;
    for (int y = 0; y < kPhotoHeight; ++y) {
        const int srcRow = bottomUp ? kPhotoHeight - 1 - y : y;
        const uchar *src = reinterpret_cast<const uchar *>(bmp.constData()) + dataOffset + srcRow * stride;
        auto *dst = reinterpret_cast<QRgb *>(img.scanLine(y));
        for (int x = 0; x < kPhotoWidth; ++x)
            dst[x] = qRgb(src[3 * x + 2], src[3 * x + 1], src[3 * x]); // BGR
    }
    r.image = img;
    return r;
}

} // namespace

QString toString(PhotoDecodeError error)
{
    switch (error) {
    case PhotoDecodeError::None: return QStringLiteral("ok");
    case PhotoDecodeError::WrongLength: return QStringLiteral("wrong length");
    case PhotoDecodeError::LibraryNotFound: return QStringLiteral("library not found");
    case PhotoDecodeError::SymbolNotFound: return QStringLiteral("symbol not found");
    case PhotoDecodeError::DecodeFailed: return QStringLiteral("decode failed");
    case PhotoDecodeError::BadOutput: return QStringLiteral("bad decoder output");
    case PhotoDecodeError::NotSimulatorPhoto: return QStringLiteral("not a simulator photo");
    }
    return QStringLiteral("unknown error");
}

// ---- vendor library ----

DlopenPhotoDecoder::DlopenPhotoDecoder(const QString &libraryPath, const QString &symbol, int successCode)
    : path_(libraryPath), symbol_(symbol), successCode_(successCode)
{}

// Deleting the QLibrary does not unload it: vendor libraries are not known to survive unloading, so they stay
// mapped until the process exits.
DlopenPhotoDecoder::~DlopenPhotoDecoder() = default;

QString DlopenPhotoDecoder::name() const
{
    return QStringLiteral("vendor:") + path_;
}

PhotoDecodeResult DlopenPhotoDecoder::load()
{
    QMutexLocker lock(&mutex_);
    PhotoDecodeResult r;
    if (unpack_)
        return r;
    if (path_.isEmpty()) {
        r.error = PhotoDecodeError::LibraryNotFound;
        r.detail = QStringLiteral("no photo decoder library configured");
        return r;
    }
    if (!library_)
        library_ = std::make_unique<QLibrary>(path_);
    if (!library_->isLoaded() && !library_->load()) {
        r.error = PhotoDecodeError::LibraryNotFound;
        r.detail = library_->errorString();
        qCWarning(lcPhotoDecoder) << "cannot load photo decoder library:" << r.detail;
        return r;
    }
    unpack_ = reinterpret_cast<UnpackFn>(library_->resolve(symbol_.toLatin1().constData()));
    if (!unpack_) {
        r.error = PhotoDecodeError::SymbolNotFound;
        r.detail = QStringLiteral("%1 has no symbol '%2'").arg(path_, symbol_);
        qCWarning(lcPhotoDecoder) << "photo decoder library lacks its entry point:" << r.detail;
    }
    return r;
}

PhotoDecodeResult DlopenPhotoDecoder::decode(const QByteArray &wlt)
{
    PhotoDecodeResult r;
    if (wlt.size() != kWltPhotoSize) {
        r.error = PhotoDecodeError::WrongLength;
        r.detail = QStringLiteral("photo is %1 bytes, expected %2").arg(wlt.size()).arg(kWltPhotoSize);
        return r;
    }
    r = load();
    if (!r.isOk())
        return r;

    QMutexLocker lock(&mutex_);
    // The vendor signature takes non-const pointers: give it private copies it may scribble on.
    QByteArray src = wlt;
    src.detach();
    QByteArray dst(kVendorOutputBuffer, '\0');
    const int rc = unpack_(src.data(), dst.data(), 1);
    if (rc != successCode_) {
        r.error = PhotoDecodeError::DecodeFailed;
        r.detail = QStringLiteral("vendor decoder returned %1").arg(rc);
    } else {
        r = readBmp(dst);
    }
    secureZero(src);
    secureZero(dst);
    return r;
}

} // namespace kiosk::drivers::idcard
