// Specification of the ESC/POS renderer: what the printer would print, drawn and decoded, and no crash on bad bytes.
#define ZX_USE_UTF8
#include <ZXing/ReadBarcode.h>

#include <QRandomGenerator>
#include <QTest>

#include "drivers/receipt_printer/escpos_encoder.h"
#include "drivers/receipt_printer/escpos_renderer.h"
#include "unit/receipt_printer/sample_receipt.h"

#include <algorithm>

using namespace kiosk::drivers::escpos;
using Kind = RenderIssue::Kind;

Q_DECLARE_METATYPE(RenderIssue::Kind)

namespace {

RenderOptions decodeOnly()
{
    RenderOptions options;
    options.drawImages = false;
    return options;
}

QByteArray hex(const char *spaced)
{
    return QByteArray::fromHex(QByteArray(spaced).replace(' ', ""));
}

bool hasIssue(const RenderResult &r, Kind kind)
{
    return std::any_of(r.issues.cbegin(), r.issues.cend(), [kind](const RenderIssue &i) { return i.kind == kind; });
}

QString issueList(const RenderResult &r)
{
    QStringList list;
    for (const RenderIssue &i : r.issues)
        list << QStringLiteral("%1@%2: %3").arg(toString(i.kind)).arg(i.offset).arg(i.message);
    return list.join(QStringLiteral("; "));
}

// Bounding box of the dark pixels (value < 128) in `rows` of `image`.
QRect inkBox(const QImage &image, int top = 0, int bottom = -1)
{
    const QImage gray = image.convertToFormat(QImage::Format_Grayscale8);
    if (bottom < 0)
        bottom = gray.height();
    int minX = gray.width(), minY = bottom, maxX = -1, maxY = -1;
    for (int y = top; y < bottom; ++y) {
        const uchar *line = gray.constScanLine(y);
        for (int x = 0; x < gray.width(); ++x) {
            if (line[x] < 128) {
                minX = std::min(minX, x);
                maxX = std::max(maxX, x);
                minY = std::min(minY, y);
                maxY = std::max(maxY, y);
            }
        }
    }
    return maxX < 0 ? QRect() : QRect(QPoint(minX, minY), QPoint(maxX, maxY));
}

// Dark pixels in the first `rows` rows (above the cut mark).
qint64 inkPixels(const QImage &image, int rows)
{
    const QImage gray = image.convertToFormat(QImage::Format_Grayscale8);
    qint64 n = 0;
    for (int y = 0; y < std::min(rows, gray.height()); ++y) {
        const uchar *line = gray.constScanLine(y);
        for (int x = 0; x < gray.width(); ++x)
            n += line[x] < 128;
    }
    return n;
}

// Scans the page like a phone would; returns the payloads of every QR symbol found.
QList<QByteArray> scanQrCodes(const QImage &page)
{
    const QImage gray = page.convertToFormat(QImage::Format_Grayscale8);
    const ZXing::ImageView view(gray.constBits(), gray.width(), gray.height(), ZXing::ImageFormat::Lum,
                                int(gray.bytesPerLine()));
    ZXing::DecodeHints hints;
    hints.setFormats(ZXing::BarcodeFormat::QRCode);
    QList<QByteArray> found;
    for (const ZXing::Result &r : ZXing::ReadBarcodes(view, hints)) {
        if (r.isValid())
            found << QByteArray(reinterpret_cast<const char *>(r.bytes().data()), qsizetype(r.bytes().size()));
    }
    return found;
}

QByteArray textReceipt(const QStringList &lines, CutMode cut = CutMode::Full)
{
    EscPosEncoder e;
    e.initialize().chineseMode(true);
    for (const QString &l : lines)
        e.line(l);
    e.feedLines(3).cut(cut);
    return e.bytes();
}

} // namespace

class TestEscPosRenderer : public QObject
{
    Q_OBJECT

private slots:
    void acceptanceReceipt_roundTrip_givesTheSameLinesAndAScannableQr();
    void page_is576DotsWide_whitePaperBlackPrint_withACutMark();
    void twoCuts_giveTwoPages();
    void cutWithNothingPrinted_givesNoPage_andWarns();
    void printingAfterTheLastCut_isAnUncutPage_andWarns();
    void charactersWithoutLineFeed_areNotPrinted_andWarn();
    void lineLongerThanThePaper_wrapsLikeThePrinter_data();
    void lineLongerThanThePaper_wrapsLikeThePrinter();
    void alignment_placesTheLine_data();
    void alignment_placesTheLine();
    void characterSize_scalesTheCell();
    void bold_printsHeavier();
    void fourByteGb18030_decodesToTheSupplementaryCharacter();
    void invalidGb18030_isReplacedAndWarned_andResynchronises();
    void highBytesWhileChineseModeOff_printAsQuestionMarks_andWarn();
    void unknownCommands_areSkippedWithWarnings_andTextSurvives_data();
    void unknownCommands_areSkippedWithWarnings_andTextSurvives();
    void absurdParameters_areIgnoredWithWarnings_data();
    void absurdParameters_areIgnoredWithWarnings();
    void qrStoreBeyond7089Bytes_isAnError();
    void qrStoreLengthRunningPastTheEnd_isTruncated();
    void qrWiderThanThePaper_isNotPrinted_andWarns();
    void qrPrintWithoutStore_warns();
    void truncatedReceipt_atEveryByte_neverCrashes();
    void randomBytes_neverCrash_andStayBounded();
    void pageWithoutCut_isCappedInHeight();
    void manyReceipts_areCappedInCountAndHeight();
    void issueFlood_isCapped();
    void statusQueriesInTheStream_areReported();
    void decodeOnly_givesTextAndQrWithoutImages();
    void missingFont_isReported_andTheReceiptIsStillDrawn();
};

void TestEscPosRenderer::acceptanceReceipt_roundTrip_givesTheSameLinesAndAScannableQr()
{
    const kiosk::test::SampleReceipt receipt = kiosk::test::acceptanceReceipt();
    QVERIFY(receipt.encodedOk);
    EscPosRenderer renderer;
    const RenderResult r = renderer.render(receipt.bytes);
    QVERIFY2(r.issues.isEmpty(), qPrintable(issueList(r)));
    QCOMPARE(r.pages.size(), 1);
    QCOMPARE(r.text(), receipt.expectedLines);
    QCOMPARE(r.qrPayloads(), QList<QByteArray>{receipt.qrPayload});
    QVERIFY(r.pages.first().cut);

    // The QR is really there: a barcode reader finds exactly the stored payload on the drawn page.
    QCOMPARE(scanQrCodes(r.pages.first().image), QList<QByteArray>{receipt.qrPayload});

    const QByteArray savePath = qgetenv("KIOSK_RECEIPT_SAMPLE_PNG");
    if (!savePath.isEmpty())
        QVERIFY(r.pages.first().image.save(QString::fromLocal8Bit(savePath), "PNG"));
}

void TestEscPosRenderer::page_is576DotsWide_whitePaperBlackPrint_withACutMark()
{
    EscPosRenderer renderer;
    const QList<QImage> pages = renderer.renderPages(textReceipt({QStringLiteral("张三 GD")}));
    QCOMPARE(pages.size(), 1);
    const QImage &page = pages.first();
    QCOMPARE(page.width(), kPrintableDots);
    QCOMPARE(page.pixelColor(kPrintableDots - 1, 0), QColor(Qt::white));
    const QRect ink = inkBox(page, 0, 46);
    QVERIFY(!ink.isNull());
    QVERIFY2(ink.left() < 24 && ink.right() < 12 * 8, "text is printed from the left edge");
    // The cut mark: a dashed line on the last row, both dark and white pixels along it.
    int dark = 0;
    const int y = page.height() - 1;
    for (int x = 0; x < page.width(); ++x)
        dark += qGray(page.pixel(x, y)) < 128;
    QVERIFY2(dark > page.width() / 3 && dark < page.width(), qPrintable(QString::number(dark)));
}

void TestEscPosRenderer::twoCuts_giveTwoPages()
{
    const QByteArray bytes = textReceipt({QStringLiteral("第一张"), QStringLiteral("A")}) +
                             textReceipt({QStringLiteral("第二张")}, CutMode::Partial);
    EscPosRenderer renderer;
    const RenderResult r = renderer.render(bytes);
    QVERIFY2(r.issues.isEmpty(), qPrintable(issueList(r)));
    QCOMPARE(r.pages.size(), 2);
    QCOMPARE(r.pages.at(0).text, (QStringList{QStringLiteral("第一张"), QStringLiteral("A")}));
    QCOMPARE(r.pages.at(1).text, QStringList{QStringLiteral("第二张")});
    QVERIFY(r.pages.at(0).cut && r.pages.at(1).cut);
    QVERIFY(r.pages.at(0).image.height() > r.pages.at(1).image.height());
    QCOMPARE(r.images().size(), 2);
}

void TestEscPosRenderer::cutWithNothingPrinted_givesNoPage_andWarns()
{
    EscPosRenderer renderer;
    const RenderResult r = renderer.render(textReceipt({QStringLiteral("A")}) + hex("1D 56 00"));
    QCOMPARE(r.pages.size(), 1);
    QVERIFY(hasIssue(r, Kind::EmptyCut));
}

void TestEscPosRenderer::printingAfterTheLastCut_isAnUncutPage_andWarns()
{
    EscPosRenderer renderer;
    const RenderResult r = renderer.render(textReceipt({QStringLiteral("A")}) + QByteArray("tail\n"));
    QCOMPARE(r.pages.size(), 2);
    QVERIFY(!r.pages.at(1).cut);
    QCOMPARE(r.pages.at(1).text, QStringList{QStringLiteral("tail")});
    QVERIFY(hasIssue(r, Kind::UncutTail));
}

void TestEscPosRenderer::charactersWithoutLineFeed_areNotPrinted_andWarn()
{
    EscPosRenderer renderer;
    const RenderResult r = renderer.render(QByteArray("printed\nstuck"));
    QCOMPARE(r.text(), QStringList{QStringLiteral("printed")});
    QVERIFY(hasIssue(r, Kind::DiscardedBuffer));
    // ESC @ clears the buffer too.
    const RenderResult reset = renderer.render(QByteArray("lost") + hex("1B 40") + "kept\n" + hex("1D 56 00"));
    QCOMPARE(reset.text(), QStringList{QStringLiteral("kept")});
    QVERIFY(hasIssue(reset, Kind::DiscardedBuffer));
}

void TestEscPosRenderer::lineLongerThanThePaper_wrapsLikeThePrinter_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<int>("sizeWidth");
    QTest::addColumn<QStringList>("printed");
    QTest::newRow("48 ascii fit") << QString(48, u'x') << 1 << QStringList{QString(48, u'x')};
    QTest::newRow("49 ascii wrap") << QString(49, u'x') << 1 << QStringList{QString(48, u'x'), QStringLiteral("x")};
    QTest::newRow("25 cjk wrap") << QString(25, QChar(0x4E00)) << 1
                                 << QStringList{QString(24, QChar(0x4E00)), QString(QChar(0x4E00))};
    QTest::newRow("47 ascii + cjk: the cjk moves down")
        << QString(47, u'x') + QChar(0x4E00) << 1 << QStringList{QString(47, u'x'), QString(QChar(0x4E00))};
    QTest::newRow("double width: 24 ascii per line")
        << QString(25, u'x') << 2 << QStringList{QString(24, u'x'), QStringLiteral("x")};
}

void TestEscPosRenderer::lineLongerThanThePaper_wrapsLikeThePrinter()
{
    QFETCH(QString, line);
    QFETCH(int, sizeWidth);
    QFETCH(QStringList, printed);
    EscPosEncoder e;
    e.initialize().chineseMode(true).characterSize(sizeWidth, 1).line(line).cut();
    EscPosRenderer renderer(decodeOnly());
    const RenderResult r = renderer.render(e.bytes());
    QCOMPARE(r.text(), printed);
}

void TestEscPosRenderer::alignment_placesTheLine_data()
{
    QTest::addColumn<int>("align");
    QTest::addColumn<int>("expectedCentre");
    QTest::newRow("left") << int(Align::Left) << 24;
    QTest::newRow("centre") << int(Align::Centre) << kPrintableDots / 2;
    QTest::newRow("right") << int(Align::Right) << kPrintableDots - 24;
}

void TestEscPosRenderer::alignment_placesTheLine()
{
    QFETCH(int, align);
    QFETCH(int, expectedCentre);
    EscPosEncoder e;
    e.initialize().chineseMode(true).align(Align(align)).line(QStringLiteral("国国")).cut();
    EscPosRenderer renderer;
    const QList<QImage> pages = renderer.renderPages(e.bytes());
    QCOMPARE(pages.size(), 1);
    const QRect ink = inkBox(pages.first(), 0, 46);
    QVERIFY(!ink.isNull());
    QVERIFY2(qAbs(ink.center().x() - expectedCentre) <= 3,
             qPrintable(QStringLiteral("ink centre %1, expected %2").arg(ink.center().x()).arg(expectedCentre)));
}

void TestEscPosRenderer::characterSize_scalesTheCell()
{
    EscPosRenderer renderer;
    EscPosEncoder normal, big;
    normal.initialize().chineseMode(true).line(QStringLiteral("国")).cut();
    big.initialize().chineseMode(true).characterSize(3, 2).line(QStringLiteral("国")).cut();
    const QRect a = inkBox(renderer.renderPages(normal.bytes()).first(), 0, 46);
    const QRect b = inkBox(renderer.renderPages(big.bytes()).first(), 0, 70);
    QVERIFY(!a.isNull() && !b.isNull());
    QVERIFY2(qAbs(b.width() - 3 * a.width()) <= 4,
             qPrintable(QStringLiteral("%1 vs %2").arg(b.width()).arg(a.width())));
    QVERIFY2(qAbs(b.height() - 2 * a.height()) <= 3,
             qPrintable(QStringLiteral("%1 vs %2").arg(b.height()).arg(a.height())));
}

void TestEscPosRenderer::bold_printsHeavier()
{
    EscPosRenderer renderer;
    EscPosEncoder plain, bold;
    plain.initialize().chineseMode(true).line(QStringLiteral("受理编号 GD")).cut();
    bold.initialize().chineseMode(true).bold(true).line(QStringLiteral("受理编号 GD")).cut();
    const qint64 p = inkPixels(renderer.renderPages(plain.bytes()).first(), 46);
    const qint64 b = inkPixels(renderer.renderPages(bold.bytes()).first(), 46);
    QVERIFY2(b > p + p / 5, qPrintable(QStringLiteral("bold %1 vs plain %2").arg(b).arg(p)));
}

void TestEscPosRenderer::fourByteGb18030_decodesToTheSupplementaryCharacter()
{
    EscPosRenderer renderer(decodeOnly());
    const RenderResult r = renderer.render(hex("1C 26 95 32 82 36 41 0A"));
    QCOMPARE(r.text(), QStringList{QString::fromUcs4(U"\U00020000", 1) + QLatin1Char('A')});
    QVERIFY2(r.issues.size() == 1 && hasIssue(r, Kind::UncutTail), qPrintable(issueList(r)));
}

void TestEscPosRenderer::invalidGb18030_isReplacedAndWarned_andResynchronises()
{
    EscPosRenderer renderer(decodeOnly());
    // FF is never a lead byte; 81 followed by LF is a broken pair and the LF must still end the line.
    const RenderResult r = renderer.render(hex("D5 C5 FF 41 81 0A 42 0A"));
    QCOMPARE(r.text(), (QStringList{QStringLiteral("张\uFFFDA\uFFFD"), QStringLiteral("B")}));
    QVERIFY(hasIssue(r, Kind::InvalidText));
}

void TestEscPosRenderer::highBytesWhileChineseModeOff_printAsQuestionMarks_andWarn()
{
    EscPosRenderer renderer(decodeOnly());
    const RenderResult r = renderer.render(hex("1C 2E D5 C5 0A 1C 26 D5 C5 0A"));
    QCOMPARE(r.text(), (QStringList{QStringLiteral("??"), QStringLiteral("张")}));
    QVERIFY(hasIssue(r, Kind::TextOutsideChineseMode));
}

void TestEscPosRenderer::unknownCommands_areSkippedWithWarnings_andTextSurvives_data()
{
    QTest::addColumn<QByteArray>("command");
    QTest::addColumn<RenderIssue::Kind>("kind");
    QTest::newRow("ESC F0 unknown") << hex("1B F0") << Kind::UnknownCommand;
    QTest::newRow("GS 01 unknown") << hex("1D 01") << Kind::UnknownCommand;
    QTest::newRow("FS z unknown") << hex("1C 7A") << Kind::UnknownCommand;
    QTest::newRow("DLE 7F unknown") << hex("10 7F") << Kind::UnknownCommand;
    QTest::newRow("BEL control byte") << hex("07") << Kind::UnknownCommand;
    QTest::newRow("ESC t code table") << hex("1B 74 00") << Kind::UnsupportedCommand;
    QTest::newRow("ESC p drawer kick") << hex("1B 70 00 19 FA") << Kind::UnsupportedCommand;
    QTest::newRow("GS v 0 raster 2x3") << hex("1D 76 30 00 02 00 03 00 FF FF FF FF FF FF") << Kind::UnsupportedCommand;
    QTest::newRow("ESC * bit image") << hex("1B 2A 21 02 00 01 02 03 04 05 06") << Kind::UnsupportedCommand;
    QTest::newRow("GS k CODE39 NUL-terminated") << QByteArray("\x1d\x6b\x04"
                                                              "ABC",
                                                              6) +
                                                       QByteArray(1, '\0')
                                                << Kind::UnsupportedCommand;
    QTest::newRow("GS k CODE128 counted") << hex("1D 6B 49 03 41 42 43") << Kind::UnsupportedCommand;
    QTest::newRow("GS ( L graphics") << hex("1D 28 4C 02 00 30 45") << Kind::UnsupportedCommand;
    QTest::newRow("GS ( k PDF417") << hex("1D 28 6B 03 00 30 41 02") << Kind::UnsupportedCommand;
    QTest::newRow("GS 8 L 32-bit length") << hex("1D 38 4C 02 00 00 00 30 45") << Kind::UnsupportedCommand;
    QTest::newRow("FS q NV image 1x1") << hex("1C 71 01 01 00 01 00 00 00 00 00 00 00 00 00")
                                       << Kind::UnsupportedCommand;
}

void TestEscPosRenderer::unknownCommands_areSkippedWithWarnings_andTextSurvives()
{
    QFETCH(QByteArray, command);
    QFETCH(RenderIssue::Kind, kind);
    EscPosRenderer renderer(decodeOnly());
    const RenderResult r = renderer.render(hex("1C 26") + "AB" + command + "CD\n" + hex("1D 56 00"));
    QCOMPARE(r.text(), QStringList{QStringLiteral("ABCD")});
    QVERIFY2(hasIssue(r, kind), qPrintable(issueList(r)));
    QVERIFY2(!r.hasErrors(), qPrintable(issueList(r)));
}

void TestEscPosRenderer::absurdParameters_areIgnoredWithWarnings_data()
{
    QTest::addColumn<QByteArray>("command");
    QTest::newRow("GS ! FF (bits 3 and 7)") << hex("1D 21 FF");
    QTest::newRow("GS ! 88") << hex("1D 21 88");
    QTest::newRow("ESC a 7") << hex("1B 61 07");
    QTest::newRow("GS V 7") << hex("1D 56 07");
    QTest::newRow("QR module size 0") << hex("1D 28 6B 03 00 31 43 00");
    QTest::newRow("QR module size 200") << hex("1D 28 6B 03 00 31 43 C8");
    QTest::newRow("QR level 0x34") << hex("1D 28 6B 03 00 31 45 34");
    QTest::newRow("QR store without m") << hex("1D 28 6B 02 00 31 50");
    QTest::newRow("GS ( k length 0") << hex("1D 28 6B 00 00");
    QTest::newRow("DLE EOT 9") << hex("10 04 09");
}

void TestEscPosRenderer::absurdParameters_areIgnoredWithWarnings()
{
    QFETCH(QByteArray, command);
    EscPosRenderer renderer;
    const RenderResult r = renderer.render(hex("1C 26") + command + "AB\n" + hex("1D 56 00"));
    QCOMPARE(r.text(), QStringList{QStringLiteral("AB")});
    QVERIFY2(hasIssue(r, Kind::InvalidParameter), qPrintable(issueList(r)));
    // The size did not change: "AB" is still two 12-dot cells on a 24-dot line.
    const QRect ink = inkBox(r.pages.first().image, 0, 46);
    QVERIFY2(ink.width() <= 24 && ink.height() <= 24,
             qPrintable(QStringLiteral("%1x%2").arg(ink.width()).arg(ink.height())));
}

void TestEscPosRenderer::qrStoreBeyond7089Bytes_isAnError()
{
    const int length = 7090 + 3;
    QByteArray store = hex("1D 28 6B") + char(length & 0xFF) + char(length >> 8) + hex("31 50 30");
    store += QByteArray(7090, 'A');
    EscPosRenderer renderer;
    const RenderResult r = renderer.render(store + hex("1D 28 6B 03 00 31 51 30") + "after\n" + hex("1D 56 00"));
    QVERIFY(r.hasErrors());
    QVERIFY(hasIssue(r, Kind::QrTooLarge));
    QVERIFY(hasIssue(r, Kind::QrWithoutData)); // the oversized store was not kept
    QVERIFY(r.qrPayloads().isEmpty());
    QCOMPARE(r.text(), QStringList{QStringLiteral("after")});
}

void TestEscPosRenderer::qrStoreLengthRunningPastTheEnd_isTruncated()
{
    EscPosRenderer renderer;
    const RenderResult r = renderer.render(QByteArray("A\n") + hex("1D 28 6B FF FF 31 50 30 41 42 43"));
    QVERIFY(hasIssue(r, Kind::TruncatedCommand));
    QCOMPARE(r.text(), QStringList{QStringLiteral("A")});
}

void TestEscPosRenderer::qrWiderThanThePaper_isNotPrinted_andWarns()
{
    EscPosEncoder e;
    e.initialize().qrCode(QByteArray(1000, 'Z'), 16, QrErrorCorrection::L).lineFeed().line(QStringLiteral("x")).cut();
    QVERIFY(e.ok());
    EscPosRenderer renderer;
    const RenderResult r = renderer.render(e.bytes());
    QVERIFY(hasIssue(r, Kind::QrTooWide));
    QVERIFY(r.qrPayloads().isEmpty());
    QCOMPARE(r.pages.size(), 1);
}

void TestEscPosRenderer::qrPrintWithoutStore_warns()
{
    EscPosRenderer renderer;
    const RenderResult r = renderer.render(hex("1B 40 1D 28 6B 03 00 31 51 30") + "x\n" + hex("1D 56 00"));
    QVERIFY(hasIssue(r, Kind::QrWithoutData));
    QCOMPARE(r.pages.size(), 1);
}

void TestEscPosRenderer::truncatedReceipt_atEveryByte_neverCrashes()
{
    const QByteArray full = kiosk::test::acceptanceReceipt().bytes;
    EscPosRenderer decoder(decodeOnly());
    int truncated = 0;
    for (qsizetype n = 0; n < full.size(); ++n) {
        const RenderResult r = decoder.render(full.left(n));
        QVERIFY(r.pages.size() <= 1);
        truncated += hasIssue(r, Kind::TruncatedCommand);
    }
    QVERIFY2(truncated > 50, qPrintable(QString::number(truncated))); // cut inside QR and mode commands
    // Drawing a sample of the prefixes too: the draw path sees every kind of partial page.
    EscPosRenderer drawing;
    for (qsizetype n = 0; n < full.size(); n += 37)
        QVERIFY(drawing.render(full.left(n)).pages.size() <= 1);
}

void TestEscPosRenderer::randomBytes_neverCrash_andStayBounded()
{
    QRandomGenerator rng(20261122);
    const QByteArray receipt = kiosk::test::acceptanceReceipt().bytes;
    // Bytes drawn mostly from command prefixes and lengths, so commands are started (and broken) often.
    const QByteArray alphabet = hex("1B 1C 1D 10 0A 0D 09 00 28 6B 31 50 51 30 21 56 FF 80 81 D5 C5 40 61 64 45 76");
    RenderOptions options;
    options.maxPageHeight = 4000;
    options.maxTotalHeight = 12000;
    EscPosRenderer renderer(options);
    for (int round = 0; round < 300; ++round) {
        QByteArray bytes;
        const int size = 1 + rng.bounded(3000);
        bytes.reserve(size);
        for (int i = 0; i < size; ++i) {
            bytes.append(rng.bounded(3) == 0 ? char(rng.bounded(256)) : alphabet.at(rng.bounded(alphabet.size())));
        }
        if (round % 3 == 0) { // a real receipt with random corruption
            bytes = receipt;
            for (int k = 0; k < 8; ++k)
                bytes[rng.bounded(int(bytes.size()))] = char(rng.bounded(256));
        }
        const RenderResult r = renderer.render(bytes);
        int total = 0;
        for (const ReceiptPage &page : r.pages) {
            QCOMPARE(page.image.width(), kPrintableDots);
            QVERIFY(page.image.height() <= options.maxPageHeight + 64);
            total += page.image.height();
        }
        QVERIFY(total <= options.maxTotalHeight);
        QVERIFY(r.issues.size() <= options.maxIssues + 1);
    }
}

void TestEscPosRenderer::pageWithoutCut_isCappedInHeight()
{
    QByteArray bytes = "start\n";
    for (int i = 0; i < 2000; ++i)
        bytes += hex("1B 64 FF") + "x\n"; // 255 lines of feed each time: 15 million dots uncapped
    bytes += hex("1D 56 00");
    EscPosRenderer renderer;
    const RenderResult r = renderer.render(bytes);
    QCOMPARE(r.pages.size(), 1);
    QVERIFY(r.pages.first().image.height() <= RenderOptions{}.maxPageHeight + 64);
    QVERIFY(hasIssue(r, Kind::PageHeightCapped));
    QCOMPARE(r.text().first(), QStringLiteral("start"));
}

void TestEscPosRenderer::manyReceipts_areCappedInCountAndHeight()
{
    QByteArray bytes;
    for (int i = 0; i < 100; ++i)
        bytes += textReceipt({QStringLiteral("receipt %1").arg(i)});
    RenderOptions options;
    options.drawImages = false;
    EscPosRenderer renderer(options);
    const RenderResult r = renderer.render(bytes);
    QCOMPARE(r.pages.size(), options.maxPages);
    QVERIFY(hasIssue(r, Kind::OutputLimitReached));
    QCOMPARE(r.pages.last().text, QStringList{QStringLiteral("receipt 31")});
}

void TestEscPosRenderer::issueFlood_isCapped()
{
    EscPosRenderer renderer(decodeOnly());
    const RenderResult r = renderer.render(QByteArray(100000, '\x07'));
    QCOMPARE(r.issues.size(), RenderOptions{}.maxIssues + 1);
    QCOMPARE(toString(r.issues.last().kind), toString(Kind::TooManyIssues));
    QVERIFY(r.issues.last().message.contains(QString::number(100000 - RenderOptions{}.maxIssues)));
}

void TestEscPosRenderer::statusQueriesInTheStream_areReported()
{
    EscPosRenderer renderer(decodeOnly());
    const RenderResult r =
        renderer.render(statusQuery(StatusQuery::RollPaper) + "A\n" + statusQuery(StatusQuery::Printer));
    QVERIFY(r.statusQueries == (QList<StatusQuery>{StatusQuery::RollPaper, StatusQuery::Printer}));
    QCOMPARE(r.text(), QStringList{QStringLiteral("A")});
}

void TestEscPosRenderer::decodeOnly_givesTextAndQrWithoutImages()
{
    const kiosk::test::SampleReceipt receipt = kiosk::test::acceptanceReceipt();
    EscPosRenderer renderer(decodeOnly());
    const RenderResult r = renderer.render(receipt.bytes);
    QCOMPARE(r.text(), receipt.expectedLines);
    QCOMPARE(r.qrPayloads(), QList<QByteArray>{receipt.qrPayload});
    QCOMPARE(r.pages.size(), 1);
    QVERIFY(r.pages.first().image.isNull());
    QVERIFY(r.pages.first().height > 500);
}

void TestEscPosRenderer::missingFont_isReported_andTheReceiptIsStillDrawn()
{
    RenderOptions options;
    options.fontFamily = QStringLiteral("No Such Printer Font 7f3a");
    EscPosRenderer renderer(options);
    const RenderResult r = renderer.render(textReceipt({QStringLiteral("张三 GD")}));
    QVERIFY2(hasIssue(r, Kind::FontUnavailable), qPrintable(issueList(r)));
    QVERIFY(r.issues.first().message.contains(options.fontFamily));
    QCOMPARE(r.text(), QStringList{QStringLiteral("张三 GD")});
    QCOMPARE(r.pages.size(), 1);
    QVERIFY(!inkBox(r.pages.first().image, 0, 46).isNull()); // drawn in the stand-in font, or as boxes
}

QTEST_GUILESS_MAIN(TestEscPosRenderer)
#include "test_escpos_renderer.moc"
