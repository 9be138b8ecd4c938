// Turns the card's 1024-byte WLT photo into a 102x126 image through the reader vendor's library (dlopen).
//
// Real WLT data is proprietary and compressed with an undisclosed codec; there is no legitimate open-source decoder,
// so only the vendor's library (e.g. libwlt2bmp.so, loaded at run time by DlopenPhotoDecoder) can decode it. The kiosk
// keeps the raw WLT bytes and decodes them only for display and face verification. The device simulator's reversible
// "SIMW" stand-in is not here: see simulated_photo_decoder.h (never linked into the kiosk binary; the demo loads it
// as a vendor library, libkiosk_simw_wlt.so).
#pragma once

#include <QByteArray>
#include <QImage>
#include <QMutex>
#include <QString>

#include <memory>

class QLibrary;

namespace kiosk::drivers::idcard {

inline constexpr int kPhotoWidth = 102;
inline constexpr int kPhotoHeight = 126;

enum class PhotoDecodeError {
    None,
    WrongLength,       // the WLT is not 1024 bytes
    LibraryNotFound,   // the vendor library could not be loaded (path, missing dependency, wrong architecture)
    SymbolNotFound,    // the library lacks the entry point
    DecodeFailed,      // the decoder reported failure
    BadOutput,         // the decoder's output is not a 102x126 bitmap we can read
    NotSimulatorPhoto, // SimulatedPhotoDecoder was given data without the "SIMW" magic (e.g. a real card's WLT)
};

QString toString(PhotoDecodeError error);

struct PhotoDecodeResult {
    PhotoDecodeError error = PhotoDecodeError::None;
    QString detail;
    QImage image; // 102x126 when ok

    bool isOk() const { return error == PhotoDecodeError::None; }
};

class PhotoDecoder
{
public:
    virtual ~PhotoDecoder() = default;
    virtual QString name() const = 0; // for diagnostics: "vendor:/usr/lib/libwlt2bmp.so", "simulated"
    virtual PhotoDecodeResult decode(const QByteArray &wlt) = 0;
};

// Loads a vendor decoder library by path and calls its entry point, by default the common
//     int unpack(char *src_wlt, char *dst_bmp, int bmpSave);
// with bmpSave = 1, which on the libraries known to us fills dst with a complete 24-bit BMP (54-byte header,
// bottom-up BGR rows padded to 4 bytes: 38862 bytes) and returns 1. The output is parsed as a BMP and its size
// checked, so a library that writes something else is reported (BadOutput) instead of being misread.
// Some vendor builds also write a file (zp.bmp) into the working directory when bmpSave is set: run the kiosk with a
// private, non-persistent working directory. A missing library or symbol is a typed error, never a crash; a crash
// inside the vendor code itself cannot be contained in-process.
class DlopenPhotoDecoder : public PhotoDecoder
{
public:
    explicit DlopenPhotoDecoder(const QString &libraryPath, const QString &symbol = QStringLiteral("unpack"),
                                int successCode = 1);
    ~DlopenPhotoDecoder() override;

    // Loads the library and resolves the symbol (decode() does this on first use).
    PhotoDecodeResult load();
    bool isLoaded() const { return unpack_ != nullptr; }

    QString name() const override;
    PhotoDecodeResult decode(const QByteArray &wlt) override;

private:
    using UnpackFn = int (*)(char *, char *, int);

    QString path_;
    QString symbol_;
    int successCode_;
    std::unique_ptr<QLibrary> library_;
    UnpackFn unpack_ = nullptr;
    QMutex mutex_; // vendor decoders keep static state: one call at a time
};

} // namespace kiosk::drivers::idcard
