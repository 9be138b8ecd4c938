// Specification of WLT photo decoding: the vendor library path fails safely (missing library, missing symbol,
// decoder failure, unreadable output) and reads a proper BMP; the simulator format survives a round trip.
#include <QTest>

#include "idcard_test_printers.h"

#include "drivers/idcard/simulated_photo_decoder.h"

using namespace kiosk::drivers::idcard;

namespace {

QByteArray wltStartingWith(uchar b, uchar g, uchar r)
{
    QByteArray w(1024, '\x01');
    w[0] = char(b);
    w[1] = char(g);
    w[2] = char(r);
    return w;
}

QImage portrait()
{
    // A vertical grey ramp with a dark square: enough structure to see that the scaling keeps it in place.
    QImage img(204, 252, QImage::Format_RGB32);
    for (int y = 0; y < img.height(); ++y)
        for (int x = 0; x < img.width(); ++x)
            img.setPixel(x, y, qRgb(y, y, y));
    for (int y = 40; y < 100; ++y)
        for (int x = 60; x < 140; ++x)
            img.setPixel(x, y, qRgb(0, 0, 0));
    return img;
}

} // namespace

class TestPhotoDecoder : public QObject
{
    Q_OBJECT

private slots:
    void vendorLibrary_missing_isTypedErrorNotCrash()
    {
        DlopenPhotoDecoder d(QStringLiteral("/nonexistent/libwlt2bmp.so"));
        const PhotoDecodeResult r = d.decode(QByteArray(1024, '\0'));
        QCOMPARE(r.error, PhotoDecodeError::LibraryNotFound);
        QVERIFY(!r.detail.isEmpty());
        QVERIFY(!d.isLoaded());
    }

    void vendorLibrary_notConfigured_isLibraryNotFound()
    {
        DlopenPhotoDecoder d{QString()};
        QCOMPARE(d.load().error, PhotoDecodeError::LibraryNotFound);
    }

    void vendorLibrary_withoutEntryPoint_isSymbolNotFound()
    {
        DlopenPhotoDecoder d(QStringLiteral(FAKE_WLT_NOSYM));
        const PhotoDecodeResult r = d.decode(QByteArray(1024, '\0'));
        QCOMPARE(r.error, PhotoDecodeError::SymbolNotFound);
        QVERIFY(r.detail.contains(QLatin1String("unpack")));
    }

    void vendorLibrary_otherSymbolName_canBeConfigured()
    {
        DlopenPhotoDecoder d(QStringLiteral(FAKE_WLT_NOSYM), QStringLiteral("wlt_decode_other"));
        const PhotoDecodeResult r = d.decode(wltStartingWith(10, 20, 30));
        QVERIFY2(r.isOk(), qPrintable(r.detail));
        QCOMPARE(r.image.size(), QSize(102, 126));
    }

    void vendorLibrary_wellBehaved_givesUprightRgbImage()
    {
        DlopenPhotoDecoder d(QStringLiteral(FAKE_WLT_OK));
        QVERIFY(d.load().isOk());
        QVERIFY(d.isLoaded());
        QVERIFY(d.name().startsWith(QLatin1String("vendor:")));
        const PhotoDecodeResult r = d.decode(wltStartingWith(0x11, 0x22, 0x33)); // B G R
        QVERIFY2(r.isOk(), qPrintable(r.detail));
        QCOMPARE(r.image.size(), QSize(102, 126));
        QCOMPARE(r.image.pixel(0, 0), qRgb(0x33, 0x22, 0x11)); // top: the colour, channels swapped
        QCOMPARE(r.image.pixel(101, 125), qRgb(0, 0, 0));      // bottom: black
    }

    void vendorLibrary_reportingFailure_isDecodeFailed()
    {
        DlopenPhotoDecoder d(QStringLiteral(FAKE_WLT_FAIL));
        const PhotoDecodeResult r = d.decode(QByteArray(1024, '\0'));
        QCOMPARE(r.error, PhotoDecodeError::DecodeFailed);
        QVERIFY(r.detail.contains(QLatin1String("-1")));
    }

    void vendorLibrary_successCodeIsConfigurable()
    {
        DlopenPhotoDecoder d(QStringLiteral(FAKE_WLT_FAIL), QStringLiteral("unpack"), -1);
        // Now "success", but the output is no bitmap: still an error, not a misread image.
        QCOMPARE(d.decode(QByteArray(1024, '\0')).error, PhotoDecodeError::BadOutput);
    }

    void vendorLibrary_writingNoBitmap_isBadOutput()
    {
        DlopenPhotoDecoder d(QStringLiteral(FAKE_WLT_GARBAGE));
        const PhotoDecodeResult r = d.decode(QByteArray(1024, '\0'));
        QCOMPARE(r.error, PhotoDecodeError::BadOutput);
    }

    void vendorLibrary_wrongInputSize_isRejectedBeforeTheCall()
    {
        DlopenPhotoDecoder d(QStringLiteral(FAKE_WLT_OK));
        QCOMPARE(d.decode(QByteArray(1023, '\0')).error, PhotoDecodeError::WrongLength);
    }

    void simulated_roundTrip_keepsThePortrait()
    {
        const QByteArray wlt = SimulatedPhotoDecoder::encode(portrait());
        QCOMPARE(wlt.size(), 1024);
        QCOMPARE(wlt.left(4), QByteArray("SIMW"));
        QVERIFY(SimulatedPhotoDecoder::isSimulatorPhoto(wlt));
        SimulatedPhotoDecoder d;
        const PhotoDecodeResult r = d.decode(wlt);
        QVERIFY2(r.isOk(), qPrintable(r.detail));
        QCOMPARE(r.image.size(), QSize(102, 126));
        // The dark square sits in the upper middle; the bottom is light (ramp), the top rows dark-ish.
        QVERIFY(qGray(r.image.pixel(51, 35)) < 40);
        QVERIFY(qGray(r.image.pixel(10, 120)) > 180);
        QVERIFY(qGray(r.image.pixel(10, 3)) < 40);
    }

    void simulated_encodingIsStable()
    {
        // Two encodings of the same portrait are the same 1024 bytes; an empty answer would not pass.
        const QByteArray first = SimulatedPhotoDecoder::encode(portrait());
        QCOMPARE(first.size(), 1024);
        QVERIFY(SimulatedPhotoDecoder::isSimulatorPhoto(first));
        QCOMPARE(SimulatedPhotoDecoder::encode(portrait()), first);
        // ... and they depend on the picture: an inverted portrait encodes differently.
        QImage inverted = portrait();
        inverted.invertPixels();
        const QByteArray other = SimulatedPhotoDecoder::encode(inverted);
        QCOMPARE(other.size(), 1024);
        QVERIFY(other != first);
    }

    void simulated_nullImage_givesMidGreyPhoto()
    {
        const QByteArray wlt = SimulatedPhotoDecoder::encode(QImage());
        SimulatedPhotoDecoder d;
        const PhotoDecodeResult r = d.decode(wlt);
        QVERIFY(r.isOk());
        QCOMPARE(qGray(r.image.pixel(50, 60)), 8 * 17);
    }

    void simulated_realWltData_isRefusedWithAReason()
    {
        SimulatedPhotoDecoder d;
        const PhotoDecodeResult r = d.decode(QByteArray(1024, '\x57'));
        QCOMPARE(r.error, PhotoDecodeError::NotSimulatorPhoto);
        QVERIFY(r.detail.contains(QLatin1String("vendor")));
        QCOMPARE(d.decode(QByteArray(10, '\0')).error, PhotoDecodeError::WrongLength);
    }
};

QTEST_GUILESS_MAIN(TestPhotoDecoder)
#include "test_photo_decoder.moc"
