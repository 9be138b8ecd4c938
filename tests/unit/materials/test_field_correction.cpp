// Field post-correction (field_correction.h): the division and surname lists as compiled in; a reading one
// character away from a listed division, with that character's confidence low, is corrected and reported (never
// silently); a confident character, a name of another city or an ambiguous match is not; a surname is corrected only
// to one the engine had among its alternatives; a character PP-OCR cannot read (镕) leaves the field empty for the
// citizen; dates must be calendar dates and ID numbers pass GB 11643. Real readings of rendered crops through
// OcrEngine (the 浈 of 浈江区, which PP-OCR reads as 淡) and synthetic readings with chosen confidences.
#include <QTest>

#include "app/materials/field_correction.h"
#include "app/materials/ocr_engine.h"
#include "unit/materials/material_fixtures.h"

using namespace kiosk::app;
using namespace kiosk::test;

namespace {

// A reading of `text` with every character at `confidence` except those in `low` (position -> confidence), each
// character 40 px wide, with `alternatives` at position 0.
OcrResult reading(const QString &text, double confidence, const QMap<int, double> &low = {},
                  const QStringList &alternatives = {})
{
    OcrResult r;
    r.text = text;
    r.engine = QStringLiteral("ppocr");
    OcrLine line;
    line.text = text;
    for (int i = 0; i < text.size(); ++i) {
        OcrSymbol s;
        s.text = text.mid(i, 1);
        s.box = QRect(i * 40, 0, 38, 40);
        s.confidence = float(100 * low.value(i, confidence));
        if (i == 0)
            s.alternatives = alternatives;
        line.symbols << s;
    }
    r.lines << line;
    return r;
}

} // namespace

class TestFieldCorrection : public QObject
{
    Q_OBJECT
    OcrEngine engine_;

private slots:
    void listsAreComplete()
    {
        QCOMPARE(guangdongCities().size(), 21);
        QCOMPARE(guangdongCounties(QString()).size(), 122);
        QVERIFY(guangdongCounties(QStringLiteral("韶关市")).contains(QStringLiteral("浈江区")));
        QVERIFY(guangdongCounties(QStringLiteral("东莞市")).isEmpty());
        QVERIFY(isListedSurname(QStringLiteral("冼丽华")));
        QVERIFY(isListedSurname(QStringLiteral("欧阳娜")));
        QVERIFY(!isListedSurname(QStringLiteral("洗丽华")));
        QVERIFY(!isListedSurname(QStringLiteral("户志强"))); // left out on purpose (a misreading of 卢)
    }

    void realReadingOfADistrictIsCorrected()
    {
        const QString truth = QStringLiteral("广东省韶关市浈江区东河街道");
        const OcrResult r = engine_.recognise(fieldCrop(truth), OcrMode::Line);
        QVERIFY2(r.ok(), qPrintable(r.detail));
        // PP-OCR alone gets 浈 wrong, with a low confidence: without correction the field would be wrong.
        FieldCorrectionOptions off;
        off.correct = false;
        QVERIFY(checkField(FieldKind::Address, r, off).value != truth);
        const CheckedField c = checkField(FieldKind::Address, r, {}, fieldCrop(truth));
        QCOMPARE(c.value, truth);
        QCOMPARE(c.read, r.text);
        QCOMPARE(c.corrections.size(), 1);
        QCOMPARE(c.corrections.at(0).position, 6);
        QCOMPARE(c.corrections.at(0).corrected, QStringLiteral("浈"));
        QCOMPARE(c.corrections.at(0).list, QStringLiteral("divisions"));
        QVERIFY(c.corrections.at(0).confidence < 0.9);
        QVERIFY(c.confirm);
        QCOMPARE(c.problem, QStringLiteral("corrected"));
    }

    void confidentCharactersAreNotCorrected()
    {
        // 患州市 read with full confidence stays as read (and is not marked for a correction).
        const CheckedField c = checkField(FieldKind::Address, reading(QStringLiteral("广东省患州市惠城区"), 0.99));
        QCOMPARE(c.value, QStringLiteral("广东省患州市惠城区"));
        QVERIFY(c.corrections.isEmpty());
        // The same with the doubtful character's confidence low: corrected to the listed city.
        const CheckedField d =
            checkField(FieldKind::Address, reading(QStringLiteral("广东省患州市惠城区"), 0.99, {{3, 0.4}}));
        QCOMPARE(d.value, QStringLiteral("广东省惠州市惠城区"));
        QCOMPARE(d.corrections.size(), 1);
    }

    void aListedNameReadExactlyIsNeverCorrected()
    {
        // 光明区 (Shenzhen) is listed and one character from 高明区 (Foshan); with the city misread (深市) nothing
        // narrows the counties, and a low confidence on 光 must still not turn a listed name into another.
        const CheckedField c =
            checkField(FieldKind::Address, reading(QStringLiteral("广东省深市光明区汤塘镇"), 0.99, {{5, 0.4}}));
        QCOMPARE(c.value, QStringLiteral("广东省深市光明区汤塘镇"));
        QVERIFY(c.corrections.isEmpty());
        // 佛山市 read exactly is not "corrected" into 中山市 either.
        const CheckedField d =
            checkField(FieldKind::Address, reading(QStringLiteral("广东省佛山市顺德区"), 0.99, {{3, 0.3}}));
        QCOMPARE(d.value, QStringLiteral("广东省佛山市顺德区"));
        QVERIFY(d.corrections.isEmpty());
    }

    void aCountyOfAnotherCityIsNoMatch()
    {
        // 惠阳区 belongs to 惠州市: in 佛山市 a low-confidence 惠旧区 is not "corrected" into it.
        const CheckedField c =
            checkField(FieldKind::Address, reading(QStringLiteral("广东省佛山市惠旧区"), 0.99, {{7, 0.3}}));
        QVERIFY(c.corrections.isEmpty());
        QVERIFY(c.confirm); // still marked: the character is doubtful
        QCOMPARE(c.problem, QStringLiteral("doubtful_character"));
    }

    void surnamesAreCorrectedOnlyToAnAlternative()
    {
        const CheckedField low =
            checkField(FieldKind::Name, reading(QStringLiteral("洗丽华"), 0.99, {{0, 0.7}}, {QStringLiteral("冼")}));
        QCOMPARE(low.value, QStringLiteral("冼丽华"));
        QCOMPARE(low.corrections.size(), 1);
        QCOMPARE(low.corrections.at(0).list, QStringLiteral("surnames"));
        QVERIFY(low.confirm);
        // Confident: kept as read, but marked for the citizen (not a listed surname).
        const CheckedField high =
            checkField(FieldKind::Name, reading(QStringLiteral("洗丽华"), 0.995, {}, {QStringLiteral("冼")}));
        QCOMPARE(high.value, QStringLiteral("洗丽华"));
        QVERIFY(high.corrections.isEmpty());
        QCOMPARE(high.problem, QStringLiteral("unlisted_surname"));
        // Low, but no listed alternative: nothing invented.
        const CheckedField none = checkField(FieldKind::Name, reading(QStringLiteral("洗丽华"), 0.99, {{0, 0.5}}));
        QCOMPARE(none.value, QStringLiteral("洗丽华"));
        QVERIFY(none.confirm);
        // A listed surname is left alone whatever its confidence.
        QVERIFY(checkField(FieldKind::Name, reading(QStringLiteral("卢志强"), 0.99, {{0, 0.7}}, {QStringLiteral("户")}))
                    .corrections.isEmpty());
    }

    void aCharacterOutsideTheDictionaryIsLeftToTheCitizen()
    {
        QVERIFY(engine_.load());
        QVERIFY(!engine_.ppocrCanRead(QStringLiteral("镕")));
        const OcrResult r = engine_.recognise(fieldCrop(QStringLiteral("黄镕基")), OcrMode::Line);
        QVERIFY2(r.ok(), qPrintable(r.detail));
        QVERIFY(r.text != QStringLiteral("黄镕基")); // it can never be read by this model
        const CheckedField c = checkField(FieldKind::Name, r);
        QVERIFY(c.unreadable);
        QVERIFY(c.value.isEmpty());
        QCOMPARE(c.problem, QStringLiteral("missing_character"));
        // A name the model can read, set the same way, is not flagged.
        const CheckedField ok =
            checkField(FieldKind::Name, engine_.recognise(fieldCrop(QStringLiteral("黄志基")), OcrMode::Line));
        QVERIFY(!ok.unreadable);
        QCOMPARE(ok.value, QStringLiteral("黄志基"));
    }

    void datesAndIdNumbersAreChecked()
    {
        QCOMPARE(checkField(FieldKind::Date, reading(QStringLiteral("2019年05月06日"), 0.99)).value,
                 QStringLiteral("2019-05-06"));
        const CheckedField bad = checkField(FieldKind::Date, reading(QStringLiteral("2019年02月30日"), 0.99));
        QVERIFY(bad.value.isEmpty());
        QVERIFY(bad.unreadable);
        QCOMPARE(bad.problem, QStringLiteral("not_a_date"));
        const QString id = makeIdNumber(QStringLiteral("440204"), QDate(1990, 3, 7), 12);
        QVERIFY(checkField(FieldKind::IdNumber, reading(id, 0.99)).problem.isEmpty());
        QString wrong = id;
        wrong[16] = wrong.at(16) == QLatin1Char('1') ? QLatin1Char('2') : QLatin1Char('1');
        QCOMPARE(checkField(FieldKind::IdNumber, reading(wrong, 0.99)).problem, QStringLiteral("bad_check_digit"));
    }
};

QTEST_MAIN(TestFieldCorrection)
#include "test_field_correction.moc"
