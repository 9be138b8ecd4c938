// Tests the simulator's test cards: every card kind present, every card valid and byte-exact through the kiosk's
// parser, portraits in the SIMW format, and clear errors for broken catalogue files.
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include "app/identity/gb11643.h"
#include "drivers/idcard/card_record.h"
#include "drivers/idcard/simulated_photo_decoder.h"
#include "drivers/simulators/card_catalogue.h"
#include "drivers/simulators/placeholder_portrait.h"

using namespace kiosk::drivers::simulators;
using namespace kiosk::drivers::idcard;

namespace {

CardCatalogue builtIn()
{
    const CardCatalogueResult r = CardCatalogue::load(CardCatalogue::builtInPath());
    return r.catalogue;
}

QJsonObject minimalCard()
{
    return QJsonObject{
        {"id", "c1"},
        {"card_type", "resident"},
        {"name", "张三"},
        {"sex", "male"},
        {"ethnicity", "汉"},
        {"birth_date", "1990-03-07"},
        {"address", "广东省广州市天河区示例路1号"},
        {"id_number", "440106199003071231"},
        {"authority", "广州市公安局天河分局"},
        {"valid_from", "2016-05-20"},
        {"valid_to", "2036-05-20"},
    };
}

QByteArray catalogueWith(const QJsonArray &cards)
{
    return QJsonDocument(QJsonObject{{"cards", cards}}).toJson();
}

// Mean grey level of a decoded portrait, to tell a drawing from a blank.
double meanGrey(const QImage &image)
{
    const QImage g = image.convertToFormat(QImage::Format_Grayscale8);
    double sum = 0;
    for (int y = 0; y < g.height(); ++y)
        for (int x = 0; x < g.width(); ++x)
            sum += g.constScanLine(y)[x];
    return sum / (g.width() * g.height());
}

} // namespace

class TestCardCatalogue : public QObject
{
    Q_OBJECT
private slots:
    void builtInCatalogueLoads()
    {
        const CardCatalogueResult r = CardCatalogue::load(CardCatalogue::builtInPath());
        QVERIFY2(r.isOk(), qPrintable(r.error));
    }

    void builtInCatalogueHoldsEveryCardKindTheKioskMustHandle()
    {
        const CardCatalogue c = builtIn();
        QVERIFY(c.card("resident") && !c.card("resident")->record.validToLongTerm);
        QVERIFY(c.card("resident_long_term") && c.card("resident_long_term")->record.validToLongTerm);
        QVERIFY(c.card("resident_expired"));
        QVERIFY(c.card("hkmt_permit")->record.type == CardType::HkMacaoTaiwanPermit);
        QVERIFY(c.card("foreign_permanent")->record.type == CardType::ForeignPermanent);
        QVERIFY(c.card("foreign_permanent_2023")->record.type == CardType::ForeignPermanent2023);
    }

    void onlyTheExpiredCardIsExpired()
    {
        // A fixed "today" so that the test does not start failing when the other cards reach their end dates.
        const auto summaries = builtIn().summaries(QDate(2026, 11, 22));
        int expiredCards = 0;
        for (const QJsonObject &s : summaries) {
            QCOMPARE(s.value("expired").toBool(), s.value("id").toString() == QLatin1String("resident_expired"));
            expiredCards += s.value("expired").toBool() ? 1 : 0;
        }
        QVERIFY(summaries.size() > 1);
        QCOMPARE(expiredCards, 1);
    }

    void everyCardRoundTripsThroughTheKiosksParser()
    {
        const CardCatalogue c = builtIn();
        for (const QString &id : c.ids()) {
            const CardRecord record = c.card(id)->record;
            const CardEncodeResult encoded = encodeReadPayload(record);
            QVERIFY2(encoded.isOk(), qPrintable(id));
            const CardParseResult parsed = parseReadPayload(encoded.bytes);
            QVERIFY2(parsed.isOk(), qPrintable(id + QLatin1String(": ") + parsed.detail));
            QCOMPARE(toString(parsed.record.type), toString(record.type));
            QCOMPARE(parsed.record.name, record.name);
            QCOMPARE(parsed.record.nameEn, record.nameEn);
            QCOMPARE(parsed.record.idNumber, record.idNumber);
            QCOMPARE(parsed.record.birthDate, record.birthDate);
            QCOMPARE(parsed.record.validTo, record.validTo);
        }
    }

    void idNumbersCarryValidGb11643CheckDigits()
    {
        const CardCatalogue c = builtIn();
        kiosk::app::IdNumberCheckOptions options;
        options.acceptForeignPermanent2023 = true;
        options.today = QDate(2026, 11, 22);
        for (const QString &id : c.ids()) {
            const CardRecord record = c.card(id)->record;
            if (record.type == CardType::ForeignPermanent)
                continue; // the 2017 card's 15-character permit number is not a GB 11643 number
            const auto check = kiosk::app::checkIdNumber(record.idNumber, options);
            QVERIFY2(check.valid, qPrintable(id + QLatin1String(": ") + check.reason));
            QCOMPARE(check.birthDate, record.birthDate);
        }
    }

    void portraitsAreSimulatorPhotosThatDecode()
    {
        const CardCatalogue c = builtIn();
        SimulatedPhotoDecoder decoder;
        for (const QString &id : c.ids()) {
            const QByteArray wlt = c.card(id)->record.wlt;
            QCOMPARE(wlt.size(), kWltPhotoSize);
            QVERIFY(SimulatedPhotoDecoder::isSimulatorPhoto(wlt));
            const PhotoDecodeResult photo = decoder.decode(wlt);
            QVERIFY(photo.isOk());
            QCOMPARE(photo.image.size(), QSize(kPhotoWidth, kPhotoHeight));
            const double mean = meanGrey(photo.image);
            QVERIFY2(mean > 60 && mean < 230, qPrintable(QStringLiteral("%1: mean grey %2").arg(id).arg(mean)));
        }
        QVERIFY(c.card("resident")->record.wlt != c.card("hkmt_permit")->record.wlt); // each card its own face
    }

    void placeholderPortraitIsAFaceShapeOnALightBackground()
    {
        const QImage p = placeholderPortrait(42);
        QCOMPARE(p.size(), QSize(kPhotoWidth, kPhotoHeight));
        QVERIFY(p.pixelColor(2, 2).value() > 200);                              // background
        QVERIFY(p.pixelColor(kPhotoWidth / 2 + 12, 62).value() > 140);          // cheek
        QVERIFY(p.pixelColor(kPhotoWidth / 2, 22).value() < 90);                // hair
        QVERIFY(p.pixelColor(kPhotoWidth / 2 - 9, 52).value() < 60);            // an eye
        QVERIFY(p.pixelColor(kPhotoWidth / 2, kPhotoHeight - 2).value() < 130); // clothes
        QCOMPARE(placeholderPortrait(42), p);                                   // deterministic
    }

    void photoFileIsUsedForThePortrait()
    {
        QTemporaryDir dir;
        QImage white(200, 250, QImage::Format_RGB32);
        white.fill(Qt::white);
        QVERIFY(white.save(dir.filePath("portrait.png")));
        QJsonObject card = minimalCard();
        card.insert("photo", "portrait.png");
        const CardCatalogueResult r = CardCatalogue::parse(catalogueWith({card}), dir.path());
        QVERIFY2(r.isOk(), qPrintable(r.error));
        SimulatedPhotoDecoder decoder;
        QVERIFY(meanGrey(decoder.decode(r.catalogue.card("c1")->record.wlt).image) > 250);
    }

    void brokenCataloguesAreRejectedWithTheReason_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("errorPart");
        const auto with = [](const char *key, const QJsonValue &value) {
            QJsonObject c = minimalCard();
            if (value.isUndefined())
                c.remove(QLatin1String(key));
            else
                c.insert(QLatin1String(key), value);
            return catalogueWith({c});
        };
        QTest::newRow("not JSON") << QByteArray("{cards: [") << "not valid JSON";
        QTest::newRow("no cards array") << QByteArray("{\"card\": []}") << "\"cards\" array";
        QTest::newRow("empty") << catalogueWith({}) << "no cards";
        QTest::newRow("missing id") << with("id", QJsonValue::Undefined) << "\"id\" is missing";
        QTest::newRow("bad id") << with("id", "Has Space") << "lowercase";
        QTest::newRow("duplicate id") << catalogueWith({minimalCard(), minimalCard()}) << "used twice";
        QTest::newRow("unknown key (typo)") << with("birthdate", "1990-03-07") << "unknown key \"birthdate\"";
        QTest::newRow("unknown card type") << with("card_type", "passport") << "card_type must be";
        QTest::newRow("bad sex") << with("sex", "m") << "sex must be";
        QTest::newRow("unknown ethnicity") << with("ethnicity", "火星") << "GB 3304";
        QTest::newRow("bad date") << with("birth_date", "1990-02-30") << "birth_date";
        QTest::newRow("long-term only for valid_to") << with("valid_from", "long-term") << "valid_from";
        QTest::newRow("name too long for its slot") << with("name", QString(16, QChar(0x5F20))) << "field too long";
        QTest::newRow("ID number not 18 characters") << with("id_number", "44010619900307") << "parser rejects";
        QTest::newRow("appended address too long")
            << with("appended_address", QString(36, QChar(0x8DEF))) << "appended_address";
        QTest::newRow("fingerprint size") << with("fingerprint_size", 100) << "fingerprint_size";
        QTest::newRow("unreadable photo") << with("photo", "missing.png") << "cannot be read";
    }
    void brokenCataloguesAreRejectedWithTheReason()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, errorPart);
        const CardCatalogueResult r = CardCatalogue::parse(json, QDir::tempPath());
        QVERIFY(!r.isOk());
        QVERIFY2(r.error.contains(errorPart), qPrintable(r.error));
        QVERIFY(r.catalogue.ids().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCardCatalogue)
#include "test_card_catalogue.moc"
