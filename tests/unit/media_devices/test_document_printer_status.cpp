// Specification of how CUPS queue and job states become device statuses and job results, of the in-memory PDF
// helpers, and of a document printer whose CUPS server cannot be reached (no cupsd needed for any of this).
#include <QPainter>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTextDocument>

#include "drivers/document_printer/cups_status.h"
#include "drivers/document_printer/document_printer.h"
#include "drivers/document_printer/pdf_render.h"

using namespace kiosk::drivers;
using namespace kiosk::drivers::cups;

Q_DECLARE_METATYPE(DeviceState)
Q_DECLARE_METATYPE(PrintJobResult)
Q_DECLARE_METATYPE(std::optional<PrintJobResult>)

namespace {

// kiosk::drivers::toString (found by ADL) would hide QTest::toString for these enums, so they are compared by name.
QString name(const std::optional<PrintJobResult> &r)
{
    return r ? toString(*r) : QStringLiteral("still running");
}

PrinterSnapshot snapshot(int state, const QStringList &reasons, bool accepting = true)
{
    PrinterSnapshot s;
    s.queue = QStringLiteral("KIOSK_A4");
    s.state = state;
    s.reasons = reasons;
    s.acceptingJobs = accepting;
    return s;
}

// pdfinfo's page count, or -1 when poppler-utils is not installed.
int pdfinfoPages(const QByteArray &pdf)
{
    const QString pdfinfo = QStandardPaths::findExecutable(QStringLiteral("pdfinfo"));
    if (pdfinfo.isEmpty())
        return -1;
    QProcess p;
    p.start(pdfinfo, {QStringLiteral("-")});
    p.write(pdf);
    p.closeWriteChannel();
    if (!p.waitForFinished(10000) || p.exitCode() != 0)
        return 0;
    for (const QByteArray &line : p.readAllStandardOutput().split('\n')) {
        if (line.startsWith("Pages:"))
            return line.mid(6).trimmed().toInt();
    }
    return 0;
}

} // namespace

class TestDocumentPrinterStatus : public QObject
{
    Q_OBJECT

private slots:
    void queueState_mapsToDeviceStatus_data();
    void queueState_mapsToDeviceStatus();
    void paperOut_saysWhatToDo();
    void missingQueue_namesTheQueueAndHowToFixIt();
    void reasonStem_dropsSeveritySuffix_data();
    void reasonStem_dropsSeveritySuffix();
    void jobState_mapsToResult_data();
    void jobState_mapsToResult();
    void resultNames_areStable();

    void renderPdfPages_givesOnePdfPagePerPaintedPage();
    void renderPdfPages_withoutPages_isAnError();
    void renderPdfDocument_laysOutLongTextOnSeveralPages();
    void cjkFont_isInstalled();
    void selfTestPage_isOneA4Page();
    void plainSelfTestPdf_isAValidOnePagePdf();

    void unreachableCups_isOfflineAndJobsFailToSubmit();
    void printer_isAKindDocumentPrinterWithPdfCapability();
};

void TestDocumentPrinterStatus::queueState_mapsToDeviceStatus_data()
{
    QTest::addColumn<int>("state");
    QTest::addColumn<QStringList>("reasons");
    QTest::addColumn<bool>("accepting");
    QTest::addColumn<DeviceState>("expected");

    QTest::newRow("idle, no reasons") << int(PrinterIdle) << QStringList{"none"} << true << DeviceState::Online;
    QTest::newRow("processing") << int(PrinterProcessing) << QStringList{"none"} << true << DeviceState::Busy;
    QTest::newRow("stopped (cupsdisable)")
        << int(PrinterStopped) << QStringList{"paused"} << true << DeviceState::HardwareError;
    QTest::newRow("stopped, no reason") << int(PrinterStopped) << QStringList{} << true << DeviceState::HardwareError;
    QTest::newRow("media-empty-error") << int(PrinterProcessing) << QStringList{"media-empty-error"} << true
                                       << DeviceState::UserError;
    QTest::newRow("media-empty without suffix")
        << int(PrinterIdle) << QStringList{"media-empty"} << true << DeviceState::UserError;
    QTest::newRow("media-empty stops the queue: still paper out")
        << int(PrinterStopped) << QStringList{"paused", "media-empty-error"} << true << DeviceState::UserError;
    QTest::newRow("media-needed") << int(PrinterProcessing) << QStringList{"media-needed-error"} << true
                                  << DeviceState::UserError;
    QTest::newRow("media-jam") << int(PrinterStopped) << QStringList{"media-jam-error"} << true
                               << DeviceState::UserError;
    QTest::newRow("cover open") << int(PrinterProcessing) << QStringList{"cover-open-error"} << true
                                << DeviceState::UserError;
    QTest::newRow("door open, as a report only")
        << int(PrinterIdle) << QStringList{"door-open-report"} << true << DeviceState::Online;
    QTest::newRow("toner empty") << int(PrinterIdle) << QStringList{"toner-empty-error"} << true
                                 << DeviceState::UserError;
    QTest::newRow("paper low is only a warning")
        << int(PrinterIdle) << QStringList{"media-low-warning"} << true << DeviceState::Online;
    QTest::newRow("toner low is only a report")
        << int(PrinterIdle) << QStringList{"toner-low-report"} << true << DeviceState::Online;
    QTest::newRow("offline-report") << int(PrinterProcessing) << QStringList{"offline-report"} << true
                                    << DeviceState::Offline;
    QTest::newRow("connecting to device")
        << int(PrinterProcessing) << QStringList{"connecting-to-device"} << true << DeviceState::Offline;
    QTest::newRow("rejecting jobs") << int(PrinterIdle) << QStringList{"none"} << false << DeviceState::HardwareError;
    QTest::newRow("unknown printer error")
        << int(PrinterIdle) << QStringList{"fuser-over-temp-error"} << true << DeviceState::HardwareError;
    QTest::newRow("scheduler note is not a fault")
        << int(PrinterIdle) << QStringList{"cups-waiting-for-job-completed"} << true << DeviceState::Online;
    QTest::newRow("missing filter warning")
        << int(PrinterIdle) << QStringList{"cups-missing-filter-warning"} << true << DeviceState::Online;
}

void TestDocumentPrinterStatus::queueState_mapsToDeviceStatus()
{
    QFETCH(int, state);
    QFETCH(QStringList, reasons);
    QFETCH(bool, accepting);
    QFETCH(DeviceState, expected);

    const DeviceStatus status = deviceStatusFor(snapshot(state, reasons, accepting));
    QCOMPARE(toString(status.state), toString(expected));
    QVERIFY(!status.detail.isEmpty());
    if (expected != DeviceState::Online && expected != DeviceState::Busy)
        QVERIFY2(!status.recoveryHint.isEmpty(), qPrintable(status.detail));
}

void TestDocumentPrinterStatus::paperOut_saysWhatToDo()
{
    const DeviceStatus status = deviceStatusFor(snapshot(PrinterStopped, {"media-empty-error"}));
    QCOMPARE(toString(status.state), toString(DeviceState::UserError));
    QVERIFY(status.detail.contains(QLatin1String("Paper out")));
    QVERIFY(status.detail.contains(QLatin1String("stopped")));
    QVERIFY(status.recoveryHint.contains(QLatin1String("Load A4 paper")));
    QVERIFY(status.recoveryHint.contains(QLatin1String("cupsenable KIOSK_A4")));
}

void TestDocumentPrinterStatus::missingQueue_namesTheQueueAndHowToFixIt()
{
    PrinterSnapshot s = snapshot(PrinterIdle, {});
    s.exists = false;
    const DeviceStatus status = deviceStatusFor(s);
    QCOMPARE(toString(status.state), toString(DeviceState::NoDevice));
    QVERIFY(status.detail.contains(QLatin1String("KIOSK_A4")));
    QVERIFY(status.recoveryHint.contains(QLatin1String("lpadmin")));

    s.serviceReachable = false;
    QCOMPARE(toString(deviceStatusFor(s).state),
             toString(DeviceState::Offline)); // no cupsd: we cannot even tell whether the queue exists
}

void TestDocumentPrinterStatus::reasonStem_dropsSeveritySuffix_data()
{
    QTest::addColumn<QString>("reason");
    QTest::addColumn<QString>("stem");
    QTest::addColumn<bool>("isError");
    QTest::newRow("error") << "media-empty-error"
                           << "media-empty" << true;
    QTest::newRow("warning") << "media-low-warning"
                             << "media-low" << false;
    QTest::newRow("report") << "offline-report"
                            << "offline" << false;
    QTest::newRow("no suffix counts as error") << "paused"
                                               << "paused" << true;
}

void TestDocumentPrinterStatus::reasonStem_dropsSeveritySuffix()
{
    QFETCH(QString, reason);
    QFETCH(QString, stem);
    QFETCH(bool, isError);
    QCOMPARE(reasonStem(reason), stem);
    QCOMPARE(reasonIsError(reason), isError);
}

void TestDocumentPrinterStatus::jobState_mapsToResult_data()
{
    QTest::addColumn<int>("jobState");
    QTest::addColumn<QStringList>("reasons");
    QTest::addColumn<bool>("printerStopped");
    QTest::addColumn<std::optional<PrintJobResult>>("expected");

    const std::optional<PrintJobResult> running;
    QTest::newRow("pending") << int(JobPending) << QStringList{"none"} << false << running;
    QTest::newRow("held") << int(JobHeld) << QStringList{"job-hold-until-specified"} << false << running;
    QTest::newRow("processing") << int(JobProcessing) << QStringList{"job-printing"} << false << running;
    QTest::newRow("completed") << int(JobCompleted) << QStringList{"job-completed-successfully"} << false
                               << std::optional(PrintJobResult::Completed);
    QTest::newRow("completed with warnings") << int(JobCompleted) << QStringList{"job-completed-with-warnings"} << false
                                             << std::optional(PrintJobResult::Completed);
    QTest::newRow("aborted") << int(JobAborted) << QStringList{"aborted-by-system"} << false
                             << std::optional(PrintJobResult::Aborted);
    QTest::newRow("canceled") << int(JobCanceled) << QStringList{"job-canceled-by-user"} << false
                              << std::optional(PrintJobResult::Cancelled);
    QTest::newRow("pending on a stopped queue")
        << int(JobPending) << QStringList{"none"} << true << std::optional(PrintJobResult::StoppedPrinter);
    QTest::newRow("processing-stopped by the printer") << int(JobProcessingStopped) << QStringList{"printer-stopped"}
                                                       << true << std::optional(PrintJobResult::StoppedPrinter);
    QTest::newRow("stopped after filter errors (queue idle)")
        << int(JobProcessingStopped) << QStringList{"job-completed-with-errors"} << false
        << std::optional(PrintJobResult::Aborted);
    QTest::newRow("document format error") << int(JobProcessingStopped) << QStringList{"document-format-error"} << false
                                           << std::optional(PrintJobResult::Aborted);
    QTest::newRow("completed even if the queue stopped afterwards")
        << int(JobCompleted) << QStringList{"job-completed-successfully"} << true
        << std::optional(PrintJobResult::Completed);
}

void TestDocumentPrinterStatus::jobState_mapsToResult()
{
    QFETCH(int, jobState);
    QFETCH(QStringList, reasons);
    QFETCH(bool, printerStopped);
    QFETCH(std::optional<PrintJobResult>, expected);
    QCOMPARE(name(finishedJobResult(jobState, reasons, printerStopped)), name(expected));
}

void TestDocumentPrinterStatus::resultNames_areStable()
{
    QCOMPARE(toString(PrintJobResult::Completed), QStringLiteral("completed"));
    QCOMPARE(toString(PrintJobResult::Aborted), QStringLiteral("aborted"));
    QCOMPARE(toString(PrintJobResult::Cancelled), QStringLiteral("cancelled"));
    QCOMPARE(toString(PrintJobResult::StoppedPrinter), QStringLiteral("stopped_printer"));
    QCOMPARE(toString(PrintJobResult::TimedOut), QStringLiteral("timed_out"));
    QCOMPARE(toString(PrintJobResult::SubmitFailed), QStringLiteral("submit_failed"));
}

void TestDocumentPrinterStatus::renderPdfPages_givesOnePdfPagePerPaintedPage()
{
    QList<int> painted;
    PdfPageSetup setup;
    setup.title = QStringLiteral("notification sheet");
    const PdfRenderResult r = renderPdfPages(setup, 3, [&](QPainter &p, const PdfPageContext &page) {
        painted << page.pageIndex;
        QCOMPARE(page.pageCount, 3);
        // A4 at 300 dpi minus 15 mm margins on each side: 180 x 267 mm.
        // (Qt rounds the margins to whole points, hence the 1 mm tolerance.)
        QVERIFY(qAbs(page.printable.width() - 180 * page.dotsPerMm) < page.dotsPerMm);
        QVERIFY(qAbs(page.printable.height() - 267 * page.dotsPerMm) < page.dotsPerMm);
        QFont f(cjkFontFamily());
        f.setPointSize(14);
        p.setFont(f);
        p.drawText(page.printable, Qt::AlignTop | Qt::AlignLeft,
                   QStringLiteral("一次性告知单 第%1页").arg(page.pageIndex + 1));
    });
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(painted, (QList<int>{0, 1, 2}));
    QCOMPARE(r.pageCount, 3);
    QVERIFY(r.pdf.startsWith("%PDF-"));
    QCOMPARE(countPdfPages(r.pdf), 3);
    const int pages = pdfinfoPages(r.pdf);
    if (pages >= 0)
        QCOMPARE(pages, 3);
}

void TestDocumentPrinterStatus::renderPdfPages_withoutPages_isAnError()
{
    const PdfRenderResult r = renderPdfPages(PdfPageSetup{}, 0, [](QPainter &, const PdfPageContext &) {});
    QVERIFY(!r.ok());
    QVERIFY(r.pdf.isEmpty());
}

void TestDocumentPrinterStatus::renderPdfDocument_laysOutLongTextOnSeveralPages()
{
    QTextDocument doc;
    QString html = QStringLiteral("<h1>告知承诺书</h1>");
    for (int i = 0; i < 120; ++i)
        html += QStringLiteral("<p>第%1条：申请人承诺所提交的材料真实、合法、有效。</p>").arg(i + 1);
    doc.setHtml(html);
    const PdfRenderResult r = renderPdfDocument(doc, PdfPageSetup{});
    QVERIFY2(r.ok(), qPrintable(r.error));
    QVERIFY2(r.pageCount >= 2, qPrintable(QString::number(r.pageCount)));
    const int pages = pdfinfoPages(r.pdf);
    if (pages >= 0)
        QCOMPARE(pages, r.pageCount);
}

void TestDocumentPrinterStatus::cjkFont_isInstalled()
{
    QVERIFY2(!cjkFontFamily().isEmpty(), "fonts-noto-cjk is missing: Chinese text would print as boxes");
}

void TestDocumentPrinterStatus::selfTestPage_isOneA4Page()
{
    const PdfRenderResult r = renderSelfTestPage(QStringLiteral("KIOSK_A4"), QDateTime::currentDateTime());
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(countPdfPages(r.pdf), 1);
    const int pages = pdfinfoPages(r.pdf);
    if (pages >= 0)
        QCOMPARE(pages, 1);
}

void TestDocumentPrinterStatus::plainSelfTestPdf_isAValidOnePagePdf()
{
    const QByteArray pdf = plainSelfTestPdf(QStringLiteral("Q(1)"), QDateTime(QDate(2024, 1, 1), QTime(8, 0)));
    QVERIFY(pdf.startsWith("%PDF-1.4"));
    QVERIFY(pdf.contains("Q\\(1\\)")); // parentheses escaped in the PDF string
    // Every xref entry must point at its object.
    const qsizetype xref = pdf.indexOf("\nxref\n") + 1;
    QVERIFY(xref > 1);
    QCOMPARE(pdf.mid(pdf.indexOf("startxref\n") + 10).split('\n').first().toLongLong(), qint64(xref));
    const QList<QByteArray> lines = pdf.mid(xref).split('\n');
    for (int obj = 1; obj <= 5; ++obj) {
        const qint64 offset = lines.at(2 + obj).left(10).toLongLong();
        QVERIFY2(pdf.mid(offset).startsWith(QByteArray::number(obj) + " 0 obj"), qPrintable(QString::number(obj)));
    }
    const int pages = pdfinfoPages(pdf);
    if (pages >= 0)
        QCOMPARE(pages, 1);
}

void TestDocumentPrinterStatus::unreachableCups_isOfflineAndJobsFailToSubmit()
{
    // A unix socket that does not exist: libcups fails at once, with or without a cupsd on this machine.
    QTemporaryDir dir;
    DocumentPrinterConfig config;
    config.queue = QStringLiteral("KIOSK_A4");
    config.server = dir.filePath(QStringLiteral("no-cupsd.sock"));
    config.statusPollIntervalMs = 0;
    DocumentPrinter printer(config);
    QSignalSpy status(&printer, &Device::statusChanged);
    QTRY_VERIFY_WITH_TIMEOUT(status.count() >= 1, 10000);
    QCOMPARE(toString(printer.status().state), toString(DeviceState::Offline));
    QVERIFY(printer.status().detail.contains(QLatin1String("CUPS")));
    QVERIFY(!printer.status().recoveryHint.isEmpty());

    QSignalSpy finished(&printer, &DocumentPrinter::jobFinished);
    QSignalSpy submitted(&printer, &DocumentPrinter::jobSubmitted);
    const quint64 ticket = printer.printPdf(plainSelfTestPdf(QStringLiteral("x"), QDateTime()), QStringLiteral("t"));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
    const auto outcome = finished.at(0).at(0).value<PrintJobOutcome>();
    QCOMPARE(outcome.ticket, ticket);
    QCOMPARE(toString(outcome.result), toString(PrintJobResult::SubmitFailed));
    QCOMPARE(outcome.jobId, 0);
    QVERIFY(!outcome.detail.isEmpty());
    QCOMPARE(submitted.count(), 0);

    QSignalSpy selfTest(&printer, &Device::selfTestFinished);
    printer.selfTest();
    QTRY_COMPARE_WITH_TIMEOUT(selfTest.count(), 1, 10000);
    QVERIFY(!selfTest.at(0).at(0).value<SelfTestResult>().passed);
}

void TestDocumentPrinterStatus::printer_isAKindDocumentPrinterWithPdfCapability()
{
    QTemporaryDir dir;
    DocumentPrinterConfig config;
    config.queue = QStringLiteral("KIOSK_A4");
    config.server = dir.filePath(QStringLiteral("no-cupsd.sock"));
    DocumentPrinter printer(config);
    QVERIFY(printer.kind() == DeviceKind::DocumentPrinter);
    QVERIFY(printer.port().contains(QLatin1String("KIOSK_A4")));
    QVERIFY(printer.capabilities().list(Capability::PrintFormats).contains("application/pdf"));
    QCOMPARE(printer.capabilities().text(Capability::Paper), QStringLiteral("A4"));
}

QTEST_MAIN(TestDocumentPrinterStatus)
#include "test_document_printer_status.moc"
