// The two OCR engines behind OcrEngine (libkiosk_ocr.so): the module is loaded only by load(), on the calling thread,
// and brings Tesseract and OpenCV DNN with it (neither is mapped before); text lines go to PP-OCR, pages and ID numbers
// to Tesseract with the GB 11643 check and to PP-OCR only when that check fails; PP-OCR's dictionary is known (a
// character outside it, like 镕, is reported unreadable); cancellation ends a page between lines; and a missing model
// folder gives EngineUnavailable with the fetch script's name rather than a crash.
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <atomic>

#include "app/materials/field_extractor.h"
#include "app/materials/ocr_engine.h"
#include "unit/materials/material_fixtures.h"

using namespace kiosk::app;
using namespace kiosk::test;

namespace {

bool mapped(const char *library)
{
    QFile maps(QStringLiteral("/proc/self/maps"));
    if (!maps.open(QIODevice::ReadOnly))
        qFatal("cannot read /proc/self/maps");
    return maps.readAll().contains(library);
}

QImage renderPage(const QStringList &lines)
{
    QImage page(1240, 1754, QImage::Format_Grayscale8); // A4 at 150 dpi
    page.fill(255);
    QPainter p(&page);
    p.setRenderHint(QPainter::TextAntialiasing);
    p.setFont(cjkFont(30));
    p.setPen(Qt::black);
    for (int i = 0; i < lines.size(); ++i)
        p.drawText(110, 160 + 70 * i, lines.at(i));
    p.end();
    page.setDotsPerMeterX(5906);
    page.setDotsPerMeterY(5906);
    return page;
}

} // namespace

class TestOcrEngines : public QObject
{
    Q_OBJECT
    OcrEngine engine_;

private slots:
    void moduleIsLoadedOnlyByLoad()
    {
        // kiosk_app itself links neither Tesseract, Leptonica nor OpenCV DNN: the kiosk's start never maps them.
        QVERIFY(!mapped("libtesseract"));
        QVERIFY(!mapped("libleptonica"));
        QVERIFY(!mapped("libopencv_dnn"));
        QString error;
        QVERIFY2(engine_.load(&error), qPrintable(error));
        QVERIFY(mapped("libkiosk_ocr.so"));
        QVERIFY(mapped("libtesseract"));
        QVERIFY(mapped("libopencv_dnn"));
    }

    void linesGoToPpocr_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("address") << QStringLiteral("广东省韶关市武江区西河镇");
        QTest::newRow("惠州") << QStringLiteral("广东省惠州市惠城区江北街道");
        QTest::newRow("name 卢") << QStringLiteral("卢志强");
        QTest::newRow("name 欧阳") << QStringLiteral("欧阳丽华");
        QTest::newRow("date") << QStringLiteral("2019年05月06日");
    }

    void linesGoToPpocr()
    {
        QFETCH(QString, text);
        const OcrResult r = engine_.recognise(fieldCrop(text), OcrMode::Line);
        QVERIFY2(r.ok(), qPrintable(r.detail));
        QCOMPARE(r.engine, QStringLiteral("ppocr"));
        QCOMPARE(r.text, text);
        QVERIFY(r.confidence > 0.8);
        QCOMPARE(r.lines.size(), 1);
        QCOMPARE(r.lines.at(0).symbols.size(), text.size());
        for (const OcrSymbol &s : r.lines.at(0).symbols)
            QVERIFY(s.confidence > 0 && s.confidence <= 100);
        // Symbol boxes run left to right inside the crop.
        for (int i = 1; i < r.lines.at(0).symbols.size(); ++i)
            QVERIFY(r.lines.at(0).symbols.at(i).box.left() >= r.lines.at(0).symbols.at(i - 1).box.left());
    }

    void idNumbersGoToTesseract()
    {
        const QString id = makeIdNumber(QStringLiteral("440203"), QDate(1990, 3, 7), 123);
        const OcrResult r = engine_.recognise(fieldCrop(id), OcrMode::IdNumber);
        QVERIFY2(r.ok(), qPrintable(r.detail));
        QCOMPARE(r.engine, QStringLiteral("tesseract"));
        QCOMPARE(r.text, id);
    }

    void idNumberFallsBackToPpocrWhenTheCheckFails()
    {
        // Tesseract's eng model with the 0-9X whitelist misreads this number set in a serif CJK face with wide
        // tracking and a stray mark (its check fails); PP-OCR reads it, and its reading passes the check.
        const QString id = makeIdNumber(QStringLiteral("440605"), QDate(1985, 4, 12), 2);
        QImage crop = fieldCrop(id, 30, QStringLiteral("AR PL UKai CN"));
        {
            QPainter p(&crop);
            p.setPen(QPen(QColor(90, 90, 90), 2));
            p.drawLine(0, crop.height() / 2 + 2, 14, crop.height() / 2 - 6);
        }
        OcrEngineConfig only;
        only.engine = OcrEngineKind::Tesseract;
        OcrEngine tesseract(only);
        const OcrResult t = tesseract.recognise(crop, OcrMode::IdNumber);
        QVERIFY(t.ok());
        QVERIFY2(!normaliseIdNumber(t.text).startsWith(id.left(17)) || t.text.size() != 18,
                 "Tesseract reads this crop right: the crop no longer exercises the fallback");
        const OcrResult r = engine_.recognise(crop, OcrMode::IdNumber);
        QVERIFY2(r.ok(), qPrintable(r.detail));
        QCOMPARE(r.engine, QStringLiteral("tesseract+ppocr"));
        QCOMPARE(normaliseIdNumber(r.text), id);
    }

    void pagesStayWithTesseractAndPpocrCanReadThem()
    {
        const QStringList lines = {QStringLiteral("常住人口登记卡"), QStringLiteral("姓名 卢丽华"),
                                   QStringLiteral("住址 广东省韶关市武江区西河镇"),
                                   QStringLiteral("公民身份号码 44060619850412002X")};
        OcrEngineConfig pc;
        pc.engine = OcrEngineKind::Ppocr;
        OcrEngine ppocr(pc);
        QCOMPARE(engine_.recognise(renderPage(lines), OcrMode::Page).engine, QStringLiteral("tesseract"));
        const OcrResult r = ppocr.recognise(renderPage(lines), OcrMode::Page);
        QVERIFY2(r.ok(), qPrintable(r.detail));
        QCOMPARE(r.engine, QStringLiteral("ppocr"));
        QCOMPARE(r.lines.size(), lines.size());
        for (int i = 0; i < lines.size(); ++i) {
            QString want = lines.at(i);
            QString got = r.lines.at(i).text;
            want.remove(QLatin1Char(' '));
            got.remove(QLatin1Char(' '));
            QCOMPARE(got, want);
            QVERIFY(r.lines.at(i).box.top() >= 100 + 70 * i && r.lines.at(i).box.bottom() <= 190 + 70 * i);
        }
    }

    void dictionaryIsKnown()
    {
        QVERIFY(engine_.ppocrCanRead(QStringLiteral("浈")));
        QVERIFY(engine_.ppocrCanRead(QStringLiteral("冼")));
        QVERIFY(!engine_.ppocrCanRead(QStringLiteral("镕")));
    }

    void cancelEndsAPage()
    {
        QStringList lines;
        for (int i = 0; i < 20; ++i)
            lines << QStringLiteral("第%1行 广东省佛山市顺德区容桂街道办理业务").arg(i + 1);
        std::atomic<int> polls{0};
        OcrEngineConfig pc;
        pc.engine = OcrEngineKind::Ppocr;
        OcrEngine ppocr(pc);
        const OcrResult r = ppocr.recognise(renderPage(lines), OcrMode::Page, [&] { return ++polls > 3; });
        QCOMPARE(toString(r.error), toString(OcrError::Cancelled));
        QVERIFY(r.text.isEmpty());
        QVERIFY(polls <= 5); // stopped at the next line, not at the end of the page
    }

    void missingModelsSayWhatToRun()
    {
        QTemporaryDir empty;
        OcrEngineConfig c;
        c.modelDir = empty.path();
        OcrEngine e(c);
        const OcrResult r = e.recognise(fieldCrop(QStringLiteral("卢志强")), OcrMode::Line);
        QCOMPARE(toString(r.error), toString(OcrError::EngineUnavailable));
        QVERIFY2(r.detail.contains(QStringLiteral("fetch-models.sh")), qPrintable(r.detail));
    }
};

QTEST_MAIN(TestOcrEngines)
#include "test_ocr_engines.moc"
