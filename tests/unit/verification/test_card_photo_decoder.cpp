// Which card photos the face step can decode is configuration (devices/idcard_reader.photo_decoder), never the
// photo's own bytes: a production kiosk (the reader vendor's library, or none) never decodes the simulator's "SIMW"
// photos; a demo kiosk configured with the simulator's libkiosk_simw_wlt.so decodes them as it would a real card's.
#include <QTest>

#include "app/verification/face_step.h"
#include "drivers/idcard/card_record.h"
#include "drivers/idcard/simulated_photo_decoder.h"

using namespace kiosk;
using drivers::idcard::SimulatedPhotoDecoder;

class TestCardPhotoDecoder : public QObject
{
    Q_OBJECT

    static QImage portrait()
    {
        // Left half dark, right half light: survives the 40x51, 16-grey simulator format.
        QImage img(102, 126, QImage::Format_RGB32);
        img.fill(Qt::white);
        for (int y = 0; y < img.height(); ++y)
            for (int x = 0; x < img.width() / 2; ++x)
                img.setPixel(x, y, qRgb(20, 20, 20));
        return img;
    }
    static app::FaceStep step(const QString &library) { return app::FaceStep(nullptr, nullptr, {}, library); }

private slots:
    void productionWithoutLibrary_neverDecodesASimulatorPhoto()
    {
        const QByteArray wlt = SimulatedPhotoDecoder::encode(portrait());
        QVERIFY(SimulatedPhotoDecoder::isSimulatorPhoto(wlt));
        QVERIFY(step(QString()).cardPhoto(wlt).isNull());
    }

    void productionWithTheVendorLibrary_neverDecodesASimulatorPhoto()
    {
        // A vendor library that is configured but is not the simulator's: SIMW bytes go to it like any WLT, and the
        // simulator's decoder is not consulted (a missing library gives no photo rather than a simulated one).
        const QByteArray wlt = SimulatedPhotoDecoder::encode(portrait());
        QVERIFY(step(QStringLiteral("/nonexistent/libwlt2bmp.so")).cardPhoto(wlt).isNull());
    }

    void demoWithTheSimulatorLibrary_decodesTheSimulatorPhoto()
    {
        const QByteArray wlt = SimulatedPhotoDecoder::encode(portrait());
        const QImage photo = step(QStringLiteral(KIOSK_SIMW_WLT)).cardPhoto(wlt);
        QCOMPARE(photo.size(), QSize(102, 126));
        // The library's BMP comes back the right way round: dark on the left, light on the right, top and bottom.
        for (int y : {5, 63, 120}) {
            QVERIFY2(qGray(photo.pixel(10, y)) < 60, qPrintable(QString::number(qGray(photo.pixel(10, y)))));
            QVERIFY2(qGray(photo.pixel(91, y)) > 200, qPrintable(QString::number(qGray(photo.pixel(91, y)))));
        }
    }

    void demoWithTheSimulatorLibrary_doesNotDecodeARealCardsPhoto()
    {
        QByteArray wlt(drivers::idcard::kWltPhotoSize, '\x5A'); // any WLT without the SIMW magic
        QVERIFY(!SimulatedPhotoDecoder::isSimulatorPhoto(wlt));
        QVERIFY(step(QStringLiteral(KIOSK_SIMW_WLT)).cardPhoto(wlt).isNull());
    }
};

QTEST_GUILESS_MAIN(TestCardPhotoDecoder)
#include "test_card_photo_decoder.moc"
