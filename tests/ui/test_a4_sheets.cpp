// The A4 sheets: the guide's one-time notification sheet (一次性告知单) and the A4 acceptance notice, rendered to PDF
// in each UI language and read back with poppler (pdftotext, pdfinfo); page 1 of each is rasterised with pdftoppm
// into <build>/screenshots for people to look at. Then the guide's print button: with no A4 printer the citizen is
// told so; with a printer whose queue does not exist the sheet is rendered on the service's thread, handed to the
// printer, and the failure comes back to the button that asked.
#include <QDir>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <ZXing/ReadBarcode.h>

#include "app/application/peripherals.h"
#include "app/application/visit_state.h"
#include "app/catalogue/catalogue_service.h"
#include "app/receipts/a4_sheets.h"
#include "app/receipts/receipt.h"
#include "drivers/document_printer/document_printer.h"
#include "support/kiosk_fixture.h"

using kiosk::test::KioskFixture;
using namespace kiosk;

namespace {

QString screenshotDir()
{
    QString dir = qEnvironmentVariable("KIOSK_SCREENSHOT_DIR");
    if (dir.isEmpty())
        dir = qEnvironmentVariable("KIOSK_BINARY_DIR", QDir::tempPath()) + QStringLiteral("/screenshots");
    QDir().mkpath(dir);
    return dir;
}

QString runTool(const QString &tool, const QStringList &args)
{
    QProcess p;
    p.start(tool, args);
    if (!p.waitForFinished(30000))
        return {};
    return QString::fromUtf8(p.readAllStandardOutput());
}

QString folded(QString text);

// pdftotext's text of `pdf` (written to `dir`), with spaces and line breaks removed so table cells read on.
QString pdfText(const QByteArray &pdf, const QString &dir, const QString &name)
{
    QFile f(dir + QLatin1Char('/') + name + QStringLiteral(".pdf"));
    if (!f.open(QIODevice::WriteOnly))
        return {};
    f.write(pdf);
    f.close();
    QString text = runTool(QStringLiteral("pdftotext"), {f.fileName(), QStringLiteral("-")});
    text.remove(QRegularExpression(QStringLiteral("\\s")));
    return folded(text);
}

// Qt's ToUnicode map of the embedded CJK font names some glyphs by radical code points (⼀ U+2F00 for 一, ⻔ U+2ED4 for
// 门, ⺠ U+2EA0 for 民): NFKC folds the Kangxi radicals (and full-width punctuation), the supplement radicals met here
// are mapped by hand. Expected texts go through the same folding.
QString folded(QString text)
{
    text = text.normalized(QString::NormalizationForm_KC);
    text.replace(QChar(0x2ED4), QChar(0x95E8)).replace(QChar(0x2EA0), QChar(0x6C11));
    return text;
}

} // namespace

class A4SheetsTest : public QObject
{
    Q_OBJECT
    QTemporaryDir tmp_;

private slots:
    void initTestCase()
    {
        QVERIFY(tmp_.isValid());
        for (const char *tool : {"pdftotext", "pdftoppm"}) {
            if (QStandardPaths::findExecutable(QLatin1String(tool)).isEmpty())
                QSKIP("poppler-utils is not installed (packaging/install-deps.sh)");
        }
    }

    void notificationSheet_inEachLanguage_hasEverythingTheGuideSays_data()
    {
        QTest::addColumn<QString>("language");
        QTest::addColumn<QStringList>("expected");
        // GD-RS-001 社会保障卡申领: a shared material, a required one, an optional one, agent allowed, two delivery
        // methods. (pdftotext loses digit runs that follow Latin text in Qt's PDFs: the English hotline is not read.)
        QTest::newRow("zh_CN") << QStringLiteral("zh_CN")
                               << QStringList{"一次性告知单",   "社会保障卡申领",     "办理部门", "受理条件",
                                              "需要准备的材料", "已通过数据共享获取", "必须提交", "按需提供",
                                              "电子件1份",      "法定时限",           "承诺时限", "20个工作日",
                                              "收费",           "窗口领取",           "邮寄送达", "设定依据",
                                              "12345",          "天河区政务服务中心"};
        QTest::newRow("zh_HK") << QStringLiteral("zh_HK") << QStringList{"一次性告知單", "社會保障卡申領", "辦理部門",
                                                                         "受理條件",     "必須提交",       "12345"};
        QTest::newRow("en") << QStringLiteral("en")
                            << QStringList{"One-timenotificationsheet",
                                           "Socialsecuritycardapplication",
                                           "Department",
                                           "Whattobring",
                                           "Required",
                                           "Statutorytimelimit",
                                           "workingdays",
                                           "Fee",
                                           "Collectatthecounter",
                                           "hotline"};
    }
    void notificationSheet_inEachLanguage_hasEverythingTheGuideSays()
    {
        QFETCH(QString, language);
        QFETCH(QStringList, expected);
        KioskFixture k({1080, 1920}, {}, true);
        k.session->begin();
        k.session->setLanguage(language); // installs that language's translator
        const auto cat = k.catalogue->catalogue();
        QVERIFY(cat);
        const app::ServiceItem *item = cat->item(QStringLiteral("GD-RS-001"));
        QVERIFY(item);
        const QString html =
            app::NotificationSheet::html(*item, cat->departmentName(item->department, language), language,
                                         QStringLiteral("广州市天河区政务服务中心"), QStringLiteral("12345"),
                                         QDateTime(QDate(2026, 12, 6), QTime(10, 0)));
        QElapsedTimer t;
        t.start();
        const app::A4Pdf pdf = app::renderA4Html(html, QStringLiteral("kiosk notification sheet"));
        qInfo("%s: rendered %d page(s), %lld bytes in %lld ms", qPrintable(language), pdf.pageCount,
              qint64(pdf.pdf.size()), t.elapsed());
        QVERIFY2(pdf.ok(), qPrintable(pdf.error));
        QVERIFY(pdf.pageCount >= 1 && pdf.pageCount <= 3);
        const QString text = pdfText(pdf.pdf, tmp_.path(), QStringLiteral("sheet-") + language);
        // Page 1 as an image for people to look at.
        const QString png = screenshotDir() + QStringLiteral("/a4-notification-") + language;
        runTool(QStringLiteral("pdftoppm"), {QStringLiteral("-r"), QStringLiteral("70"), QStringLiteral("-png"),
                                             QStringLiteral("-singlefile"), QStringLiteral("-f"), QStringLiteral("1"),
                                             tmp_.filePath(QStringLiteral("sheet-") + language + ".pdf"), png});
        QVERIFY(QFileInfo(png + QStringLiteral(".png")).size() > 0);
        for (const QString &e : expected)
            QVERIFY2(text.contains(folded(e), Qt::CaseInsensitive), qPrintable(e + QStringLiteral(" not in: ") + text));
        // Every material of the item is listed.
        for (const app::ItemMaterial &m : item->materials) {
            QString name = m.name.in(language).left(6); // a long name wraps in its cell and reads interleaved
            name.remove(QRegularExpression(QStringLiteral("\\s")));
            QVERIFY2(text.contains(folded(name)), qPrintable(name));
        }
    }

    void acceptanceNotice_carriesTheReceiptsFacts_andOnlyTheMaskedName()
    {
        KioskFixture k({1080, 1920}, {}, true);
        k.session->begin();
        k.session->setLanguage(QStringLiteral("zh_CN"));
        app::ReceiptData r;
        r.centreName = QStringLiteral("广州市天河区政务服务中心");
        r.itemName = QStringLiteral("社会保障卡申领");
        r.itemCode = QStringLiteral("GD-RS-001");
        r.localNo = QStringLiteral("GD-DEV-0001-20261206-000042");
        r.caseNo = QStringLiteral("GDZW20261206000007");
        r.createdAt = QDateTime(QDate(2026, 12, 6), QTime(10, 5));
        r.promisedDays = 10;
        r.promisedDate = QDate(2026, 12, 18);
        r.maskedName = QStringLiteral("王*");
        r.agentMaskedName = QStringLiteral("张*");
        r.toleratedMaterials = {QStringLiteral("近期免冠彩色证件照")};
        r.delivery = app::ReceiptText::deliveryName(QStringLiteral("pickup"));
        r.hotline = QStringLiteral("12345");
        r.queued = false;
        r.queryPayload = app::receiptQueryPayload(QStringLiteral("https://example.invalid/progress?no={no}"), r.localNo,
                                                  QStringLiteral("55501234"));
        const app::A4Pdf pdf = app::renderA4Html(app::ReceiptText::a4Html(r), QStringLiteral("kiosk notice"));
        QVERIFY2(pdf.ok(), qPrintable(pdf.error));
        QCOMPARE(pdf.pageCount, 1);
        const QString text = pdfText(pdf.pdf, tmp_.path(), QStringLiteral("notice"));
        runTool(QStringLiteral("pdftoppm"),
                {QStringLiteral("-r"), QStringLiteral("70"), QStringLiteral("-png"), QStringLiteral("-singlefile"),
                 tmp_.filePath(QStringLiteral("notice.pdf")), screenshotDir() + QStringLiteral("/a4-notice-zh_CN")});
        // pdftotext loses digit runs that follow Latin letters in Qt's PDFs (GD-DEV-0001-... reads "GD-DEV---"; the
        // page image shows them): the numbers are checked in the laid-out HTML, the words in the PDF.
        const QString html = app::ReceiptText::a4Html(r);
        QVERIFY(html.contains(r.localNo) && html.contains(r.caseNo));
        for (const QString &e :
             {QStringLiteral("受理回执"), QStringLiteral("受理编号：GD-DEV-"), QStringLiteral("办件编号：GDZW"),
              QStringLiteral("申请人：王*"), QStringLiteral("代办人：张*"), QStringLiteral("2026-12-18"),
              QStringLiteral("近期免冠彩色证件照"), QStringLiteral("窗口领取"), QStringLiteral("已上报省政务服务平台")})
            QVERIFY2(text.contains(folded(e)), qPrintable(e + QStringLiteral(" not in: ") + text));
        // The progress QR code is on the page and reads back as the receipt's payload (page 1 at 150 dpi, ZXing).
        runTool(QStringLiteral("pdftoppm"),
                {QStringLiteral("-r"), QStringLiteral("150"), QStringLiteral("-gray"), QStringLiteral("-png"),
                 QStringLiteral("-singlefile"), tmp_.filePath(QStringLiteral("notice.pdf")),
                 tmp_.filePath(QStringLiteral("notice-150"))});
        const QImage page =
            QImage(tmp_.filePath(QStringLiteral("notice-150.png"))).convertToFormat(QImage::Format_Grayscale8);
        QVERIFY(!page.isNull());
        const ZXing::ImageView view(page.constBits(), page.width(), page.height(), ZXing::ImageFormat::Lum,
                                    int(page.bytesPerLine()));
        ZXing::DecodeHints hints;
        hints.setFormats(ZXing::BarcodeFormat::QRCode);
        QStringList read;
        for (const ZXing::Result &code : ZXing::ReadBarcodes(view, hints))
            if (code.isValid())
                read << QString::fromUtf8(reinterpret_cast<const char *>(code.bytes().data()),
                                          qsizetype(code.bytes().size()));
        QCOMPARE(read, QStringList{r.queryPayload});

        // Without a payload there is no code, and the notice does not tell the citizen to scan one.
        r.queryPayload.clear();
        const QString plain = app::ReceiptText::a4Html(r);
        QVERIFY(!plain.contains(QStringLiteral("kiosk-qr:")));
        QVERIFY(!plain.contains(QStringLiteral("扫码")));

        // Fees (issue 17): nothing about them when none is due; what is due and how to pay later; once paid, the
        // amount and the e-invoice number, as on the thermal receipt.
        QVERIFY(!plain.contains(QStringLiteral("缴费")));
        r.feeDueFen = 7500;
        const QString due = app::ReceiptText::a4Html(r);
        QVERIFY2(due.contains(QStringLiteral("待缴费用：75.00 元")) && due.contains(QStringLiteral("稍后缴费")) &&
                     due.contains(r.caseNo),
                 qPrintable(due));
        r.paidFen = 7500;
        r.paidAt = QDateTime::currentDateTimeUtc();
        r.invoiceNo = QStringLiteral("4400202612070001");
        const QString paid = app::ReceiptText::a4Html(r);
        QVERIFY(paid.contains(QStringLiteral("已缴费：75.00 元")) && paid.contains(r.invoiceNo));
        QVERIFY(!paid.contains(QStringLiteral("稍后缴费")));
    }

    void guidePrintButton_withoutAPrinter_saysSo()
    {
        app::DocumentPrintService a4(nullptr);
        app::CitizenServices services;
        services.a4 = &a4;
        KioskFixture k({1080, 1920}, {}, true, services);
        k.session->begin();
        app::VisitState::of(k.session.get())->selectItem(QStringLiteral("GD-RS-001"));
        k.session->navigate(QStringLiteral("guide"));
        QVERIFY(k.click(QStringLiteral("printGuide")));
        QTRY_VERIFY(k.find<QLabel>(QStringLiteral("printGuideStatus")) &&
                    k.find<QLabel>(QStringLiteral("printGuideStatus"))->text().contains(QStringLiteral("暂不可用")));
    }

    void guidePrintButton_rendersOffTheGuiThread_andThePrintersAnswerReachesTheButton()
    {
        drivers::DocumentPrinterConfig config;
        config.queue = QStringLiteral("KIOSK_TEST_NO_SUCH_QUEUE");
        config.statusPollIntervalMs = 0;
        drivers::DocumentPrinter printer(config);
        app::DocumentPrintService a4(&printer);
        app::CitizenServices services;
        services.a4 = &a4;
        KioskFixture k({1080, 1920}, {}, true, services);
        k.session->begin();
        k.session->setLanguage(QStringLiteral("en"));
        app::VisitState::of(k.session.get())->selectItem(QStringLiteral("GD-RS-001"));
        k.session->navigate(QStringLiteral("guide"));
        QSignalSpy finished(&a4, &app::DocumentPrintService::finished);
        QElapsedTimer t;
        t.start();
        QVERIFY(k.click(QStringLiteral("printGuide")));
        const qint64 clickMs = t.elapsed();
        QVERIFY(finished.wait(30000));
        QCOMPARE(finished.at(0).at(1).value<app::A4Problem>(), app::A4Problem::Failed);
        QTRY_VERIFY(k.find<QLabel>(QStringLiteral("printGuideStatus"))->text().contains(QStringLiteral("not")));
        qInfo("the click returned after %lld ms (rendering happens on the service's thread)", clickMs);
    }
};

QTEST_MAIN(A4SheetsTest)
#include "test_a4_sheets.moc"
