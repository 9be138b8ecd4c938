// DocumentPrinter against a real cupsd: a cups-pdf queue (output PDF checked with pdfinfo), a raw socket queue to a
// local socat (byte-exact capture), a queue whose printer never answers (timeout, cancel), a disabled queue and a
// missing one. Needs root (lpadmin) and a running cupsd (packaging/test-services.sh starts one); otherwise it skips
// with the reason. Every queue it creates is deleted again.
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QPainter>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <pwd.h>
#include <unistd.h>

#include <memory>

#include "drivers/document_printer/document_printer.h"
#include "drivers/document_printer/pdf_render.h"
#include "integration/cups_support.h"

using namespace kiosk::drivers;
using namespace kiosk;

namespace {

const QString kPdfQueue = QStringLiteral("KIOSK_TEST_PDF");
const QString kRawQueue = QStringLiteral("KIOSK_TEST_RAW");
const QString kDeadQueue = QStringLiteral("KIOSK_TEST_DEAD");
const QString &kPpd = test::kCupsPdfPpd;
constexpr int kJobTimeoutMs = 60000;

using test::cupsPdfOutputDir;
using test::pdfPages;
using test::run;
using test::Run;

QString uniqueToken()
{
    return QStringLiteral("kiosktest%1").arg(QRandomGenerator::global()->generate(), 8, 16, QLatin1Char('0'));
}

// The not-yet-finished jobs of a queue, as lpstat lists them.
QString openJobs(const QString &queue)
{
    return run(QStringLiteral("lpstat"), {QStringLiteral("-o"), queue}).out.trimmed();
}

PdfRenderResult threePageSheet(const QString &token)
{
    PdfPageSetup setup;
    setup.title = QStringLiteral("integration test sheet");
    return renderPdfPages(setup, 3, [&](QPainter &p, const PdfPageContext &page) {
        QFont f(cjkFontFamily());
        f.setPointSize(16);
        p.setFont(f);
        p.drawRect(page.printable);
        p.drawText(page.printable.adjusted(50, 50, -50, -50), Qt::AlignTop | Qt::AlignLeft,
                   QStringLiteral("一次性告知单（测试）第 %1 / %2 页\n%3")
                       .arg(page.pageIndex + 1)
                       .arg(page.pageCount)
                       .arg(token));
    });
}

} // namespace

class TestDocumentPrinterCups : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void init();

    void onlineQueue_isOnlineWithModelAndCapabilities();
    void generatedPdf_printsOnCupsPdf_withItsPageCount();
    void selfTest_printsOneTestPage();
    void rawQueue_receivesExactlyTheBytesSent();
    void printPdfFile_streamsTheFileUnchanged();
    void unreadableFile_failsToSubmit();
    void disabledQueue_isStopped_andItsJobsAreWithdrawn();
    void missingQueue_isNoDevice_andPrintingFailsToSubmit();
    void printerThatNeverAnswers_timesOut_andTheJobIsWithdrawn();
    void cancel_endsTheJobCancelled();
    void corruptPdf_isAborted();

private:
    std::unique_ptr<DocumentPrinter> makePrinter(const QString &queue, int jobTimeoutMs = kJobTimeoutMs);
    PrintJobOutcome waitForOutcome(DocumentPrinter &printer, quint64 ticket, int timeoutMs = kJobTimeoutMs + 10000);
    QString waitForCupsPdfOutput(const QString &token);
    bool lpadmin(const QStringList &args);

    QTemporaryDir work_;
    QString outputDir_;
    QString rawCapture_;
    std::unique_ptr<QProcess> socat_;
    QStringList tokens_; // cups-pdf output files of ours, removed at the end
    QList<int> jobIds_;  // cups-pdf names files of untitled-looking jobs "<user>_PDF-job_<id>.pdf"
    bool queuesCreated_ = false;
};

bool TestDocumentPrinterCups::lpadmin(const QStringList &args)
{
    const Run r = run(QStringLiteral("lpadmin"), args);
    if (r.exitCode != 0)
        qWarning("lpadmin %s: %s", qPrintable(args.join(QLatin1Char(' '))), qPrintable(r.out));
    return r.exitCode == 0;
}

void TestDocumentPrinterCups::initTestCase()
{
    const QString why = test::cupsUnavailableReason({QStringLiteral("cupsdisable"), QStringLiteral("socat")});
    if (!why.isEmpty())
        QSKIP(qPrintable(why));

    QVERIFY(work_.isValid());
    outputDir_ = cupsPdfOutputDir();
    qInfo("cups-pdf writes to %s", qPrintable(outputDir_));

    // Queues left over by an interrupted run are replaced.
    for (const QString &q : {kPdfQueue, kRawQueue, kDeadQueue})
        run(QStringLiteral("lpadmin"), {QStringLiteral("-x"), q});

    // A local TCP "printer" that appends whatever it receives to a file.
    quint16 port = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    }
    rawCapture_ = work_.filePath(QStringLiteral("raw.bin"));
    socat_ = std::make_unique<QProcess>();
    socat_->start(QStringLiteral("socat"),
                  {QStringLiteral("-u"), QStringLiteral("TCP-LISTEN:%1,bind=127.0.0.1,reuseaddr,fork").arg(port),
                   QStringLiteral("OPEN:%1,creat,append").arg(rawCapture_)});
    QVERIFY(socat_->waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            QTcpSocket s;
            s.connectToHost(QHostAddress::LocalHost, port);
            return s.waitForConnected(100);
        }(),
        5000);

    // A port nobody listens on: the socket backend keeps retrying, so jobs there never finish by themselves.
    quint16 deadPort = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        deadPort = probe.serverPort();
    }

    queuesCreated_ = true;
    QVERIFY(lpadmin({QStringLiteral("-p"), kPdfQueue, QStringLiteral("-E"), QStringLiteral("-v"),
                     QStringLiteral("cups-pdf:/"), QStringLiteral("-P"), kPpd}));
    QVERIFY(lpadmin({QStringLiteral("-p"), kRawQueue, QStringLiteral("-E"), QStringLiteral("-v"),
                     QStringLiteral("socket://127.0.0.1:%1").arg(port), QStringLiteral("-m"), QStringLiteral("raw")}));
    QVERIFY(
        lpadmin({QStringLiteral("-p"), kDeadQueue, QStringLiteral("-E"), QStringLiteral("-v"),
                 QStringLiteral("socket://127.0.0.1:%1").arg(deadPort), QStringLiteral("-m"), QStringLiteral("raw")}));
}

void TestDocumentPrinterCups::cleanupTestCase()
{
    if (queuesCreated_) {
        for (const QString &q : {kPdfQueue, kRawQueue, kDeadQueue}) {
            run(QStringLiteral("cancel"), {QStringLiteral("-a"), q});
            run(QStringLiteral("lpadmin"), {QStringLiteral("-x"), q});
        }
    }
    if (socat_) {
        socat_->kill();
        socat_->waitForFinished(3000);
    }
    const QByteArray keep = qgetenv("KIOSK_TEST_KEEP_OUTPUT"); // a folder to copy the printed PDFs to, for a look
    for (const QString &token : std::as_const(tokens_)) {
        QDirIterator it(outputDir_, {QStringLiteral("*%1*").arg(token)}, QDir::Files);
        while (it.hasNext()) {
            const QString file = it.next();
            if (!keep.isEmpty())
                QFile::copy(file, QDir(QString::fromLocal8Bit(keep)).filePath(QFileInfo(file).fileName()));
            QFile::remove(file);
        }
    }
    for (int id : std::as_const(jobIds_)) {
        QDirIterator it(outputDir_, {QStringLiteral("*-job_%1.pdf").arg(id)}, QDir::Files);
        while (it.hasNext())
            QFile::remove(it.next());
    }
}

void TestDocumentPrinterCups::init()
{
    // Every test starts from enabled queues.
    for (const QString &q : {kPdfQueue, kRawQueue, kDeadQueue}) {
        run(QStringLiteral("cupsenable"), {q});
        run(QStringLiteral("cupsaccept"), {q});
    }
}

std::unique_ptr<DocumentPrinter> TestDocumentPrinterCups::makePrinter(const QString &queue, int jobTimeoutMs)
{
    DocumentPrinterConfig config;
    config.queue = queue;
    config.jobTimeoutMs = jobTimeoutMs;
    config.jobPollIntervalMs = 200;
    config.statusPollIntervalMs = 0; // only when asked, so the tests see each change they cause
    auto printer = std::make_unique<DocumentPrinter>(config);
    QSignalSpy first(printer.get(), &Device::statusChanged);
    first.wait(10000);
    return printer;
}

PrintJobOutcome TestDocumentPrinterCups::waitForOutcome(DocumentPrinter &printer, quint64 ticket, int timeoutMs)
{
    QSignalSpy finished(&printer, &DocumentPrinter::jobFinished);
    PrintJobOutcome outcome;
    outcome.ticket = 0;
    (void)QTest::qWaitFor(
        [&] {
            for (const QList<QVariant> &args : std::as_const(finished)) {
                const auto o = args.at(0).value<PrintJobOutcome>();
                if (o.ticket == ticket) {
                    outcome = o;
                    if (o.jobId > 0)
                        jobIds_ << o.jobId;
                    return true;
                }
            }
            return false;
        },
        timeoutMs);
    return outcome;
}

QString TestDocumentPrinterCups::waitForCupsPdfOutput(const QString &token)
{
    QString found;
    (void)QTest::qWaitFor(
        [&] {
            QDirIterator it(outputDir_, {QStringLiteral("*%1*.pdf").arg(token)}, QDir::Files);
            if (it.hasNext())
                found = it.next();
            return !found.isEmpty();
        },
        10000);
    return found;
}

void TestDocumentPrinterCups::onlineQueue_isOnlineWithModelAndCapabilities()
{
    auto printer = makePrinter(kPdfQueue);
    QCOMPARE(toString(printer->status().state), toString(DeviceState::Online));
    QVERIFY2(printer->model().contains(QLatin1String("CUPS-PDF")), qPrintable(printer->model()));
    const DeviceCapabilities caps = printer->capabilities();
    QCOMPARE(caps.text(Capability::Queue), kPdfQueue);
    QVERIFY(caps.has(Capability::Color));
    QVERIFY(caps.has(Capability::Duplex));
    QVERIFY(caps.list(Capability::DocumentFormats).contains(QStringLiteral("application/pdf")));
}

void TestDocumentPrinterCups::generatedPdf_printsOnCupsPdf_withItsPageCount()
{
    const QString token = uniqueToken();
    tokens_ << token;
    const PdfRenderResult sheet = threePageSheet(token);
    QVERIFY2(sheet.ok(), qPrintable(sheet.error));

    auto printer = makePrinter(kPdfQueue);
    QSignalSpy submitted(printer.get(), &DocumentPrinter::jobSubmitted);
    const quint64 ticket = printer->printPdf(sheet.pdf, token);
    const PrintJobOutcome outcome = waitForOutcome(*printer, ticket);
    QCOMPARE(outcome.ticket, ticket);
    QVERIFY2(outcome.result == PrintJobResult::Completed,
             qPrintable(toString(outcome.result) + QStringLiteral(": ") + outcome.detail));
    QVERIFY(outcome.jobId > 0);
    QCOMPARE(submitted.count(), 1);
    QCOMPARE(submitted.at(0).at(1).toInt(), outcome.jobId);

    const QString output = waitForCupsPdfOutput(token);
    QVERIFY2(!output.isEmpty(), qPrintable(QStringLiteral("no *%1*.pdf in %2").arg(token, outputDir_)));
    QCOMPARE(pdfPages(output), 3);
    QCOMPARE(toString(printer->status().state), toString(DeviceState::Online));
}

void TestDocumentPrinterCups::selfTest_printsOneTestPage()
{
    auto printer = makePrinter(kPdfQueue);
    QSignalSpy done(printer.get(), &Device::selfTestFinished);
    const QDateTime before = QDateTime::currentDateTime().addSecs(-1);
    printer->selfTest();
    QVERIFY(done.wait(kJobTimeoutMs));
    const auto r = done.at(0).at(0).value<SelfTestResult>();
    QVERIFY2(r.passed, qPrintable(r.summary));
    QVERIFY(r.details.value(QStringLiteral("job_id")).toInt() > 0);

    // The self-test job is titled "kiosk self-test"; cups-pdf names its file after the title.
    QString output;
    (void)QTest::qWaitFor(
        [&] {
            QDirIterator it(outputDir_, {QStringLiteral("*self-test*.pdf")}, QDir::Files);
            while (it.hasNext()) {
                const QString f = it.next();
                if (QFileInfo(f).lastModified() >= before)
                    output = f;
            }
            return !output.isEmpty();
        },
        10000);
    QVERIFY2(!output.isEmpty(), qPrintable(outputDir_));
    QCOMPARE(pdfPages(output), 1);
    const QByteArray keep = qgetenv("KIOSK_TEST_KEEP_OUTPUT");
    if (!keep.isEmpty())
        QFile::copy(output, QDir(QString::fromLocal8Bit(keep)).filePath(QStringLiteral("self-test.pdf")));
    QFile::remove(output);
}

void TestDocumentPrinterCups::rawQueue_receivesExactlyTheBytesSent()
{
    const PdfRenderResult sheet = threePageSheet(uniqueToken());
    QVERIFY(sheet.ok());
    QFile::remove(rawCapture_);

    auto printer = makePrinter(kRawQueue);
    const quint64 ticket = printer->printPdf(sheet.pdf, QStringLiteral("raw capture"));
    const PrintJobOutcome outcome = waitForOutcome(*printer, ticket);
    QVERIFY2(outcome.result == PrintJobResult::Completed,
             qPrintable(toString(outcome.result) + QStringLiteral(": ") + outcome.detail));
    QTRY_COMPARE_WITH_TIMEOUT(QFileInfo(rawCapture_).size(), qint64(sheet.pdf.size()), 5000);
    QFile capture(rawCapture_);
    QVERIFY(capture.open(QIODevice::ReadOnly));
    QVERIFY(capture.readAll() == sheet.pdf);
}

void TestDocumentPrinterCups::printPdfFile_streamsTheFileUnchanged()
{
    // Larger than one 64 KiB chunk, so the streaming loop goes round more than once.
    QByteArray pdf = plainSelfTestPdf(QStringLiteral("file"), QDateTime::currentDateTime());
    pdf += "%" + QByteArray(200 * 1024, 'x') + "\n";
    const QString path = work_.filePath(QStringLiteral("big.pdf"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(pdf);
    f.close();
    QFile::remove(rawCapture_);

    auto printer = makePrinter(kRawQueue);
    const quint64 ticket = printer->printPdfFile(path, QStringLiteral("file capture"));
    const PrintJobOutcome outcome = waitForOutcome(*printer, ticket);
    QVERIFY2(outcome.result == PrintJobResult::Completed,
             qPrintable(toString(outcome.result) + QStringLiteral(": ") + outcome.detail));
    QTRY_COMPARE_WITH_TIMEOUT(QFileInfo(rawCapture_).size(), qint64(pdf.size()), 5000);
    QFile capture(rawCapture_);
    QVERIFY(capture.open(QIODevice::ReadOnly));
    QVERIFY(capture.readAll() == pdf);
}

void TestDocumentPrinterCups::unreadableFile_failsToSubmit()
{
    auto printer = makePrinter(kRawQueue);
    const quint64 ticket = printer->printPdfFile(work_.filePath(QStringLiteral("missing.pdf")), QStringLiteral("x"));
    const PrintJobOutcome outcome = waitForOutcome(*printer, ticket, 10000);
    QCOMPARE(toString(outcome.result), toString(PrintJobResult::SubmitFailed));
    QCOMPARE(outcome.jobId, 0);
    QVERIFY(!outcome.detail.isEmpty());
}

void TestDocumentPrinterCups::disabledQueue_isStopped_andItsJobsAreWithdrawn()
{
    auto printer = makePrinter(kPdfQueue);
    QCOMPARE(toString(printer->status().state), toString(DeviceState::Online));
    QCOMPARE(run(QStringLiteral("cupsdisable"), {kPdfQueue}).exitCode, 0);
    QSignalSpy status(printer.get(), &Device::statusChanged);
    printer->refreshStatus();
    QVERIFY(status.wait(10000));
    QCOMPARE(toString(printer->status().state), toString(DeviceState::HardwareError));
    QVERIFY2(printer->status().detail.contains(QLatin1String("stopped")), qPrintable(printer->status().detail));
    QVERIFY(printer->status().recoveryHint.contains(QLatin1String("cupsenable ") + kPdfQueue));

    // A job sent to the stopped queue would print whenever someone re-enables it: it is withdrawn instead.
    const quint64 ticket = printer->printPdf(plainSelfTestPdf(kPdfQueue, QDateTime::currentDateTime()),
                                             QStringLiteral("to a stopped queue"));
    const PrintJobOutcome outcome = waitForOutcome(*printer, ticket, 20000);
    QCOMPARE(toString(outcome.result), toString(PrintJobResult::StoppedPrinter));
    QVERIFY(outcome.jobId > 0);
    QVERIFY(outcome.detail.contains(QLatin1String("stopped")));
    QTRY_COMPARE_WITH_TIMEOUT(openJobs(kPdfQueue), QString(), 5000);

    QCOMPARE(run(QStringLiteral("cupsenable"), {kPdfQueue}).exitCode, 0);
    printer->refreshStatus();
    QTRY_COMPARE_WITH_TIMEOUT(toString(printer->status().state), toString(DeviceState::Online), 10000);
}

void TestDocumentPrinterCups::missingQueue_isNoDevice_andPrintingFailsToSubmit()
{
    auto printer = makePrinter(QStringLiteral("KIOSK_TEST_NO_SUCH_QUEUE"));
    QCOMPARE(toString(printer->status().state), toString(DeviceState::NoDevice));
    QVERIFY(printer->status().detail.contains(QLatin1String("KIOSK_TEST_NO_SUCH_QUEUE")));
    QVERIFY(!printer->status().recoveryHint.isEmpty());

    const quint64 ticket = printer->printPdf(plainSelfTestPdf(QStringLiteral("x"), QDateTime()), QStringLiteral("x"));
    const PrintJobOutcome outcome = waitForOutcome(*printer, ticket, 10000);
    QCOMPARE(toString(outcome.result), toString(PrintJobResult::SubmitFailed));
    QCOMPARE(outcome.jobId, 0);
    QVERIFY(outcome.detail.contains(QLatin1String("KIOSK_TEST_NO_SUCH_QUEUE")));
}

void TestDocumentPrinterCups::printerThatNeverAnswers_timesOut_andTheJobIsWithdrawn()
{
    auto printer = makePrinter(kDeadQueue, 2000);
    QElapsedTimer t;
    t.start();
    const quint64 ticket =
        printer->printPdf(plainSelfTestPdf(kDeadQueue, QDateTime::currentDateTime()), QStringLiteral("to nowhere"));
    const PrintJobOutcome outcome = waitForOutcome(*printer, ticket, 20000);
    QCOMPARE(toString(outcome.result), toString(PrintJobResult::TimedOut));
    QVERIFY(outcome.jobId > 0);
    QVERIFY2(t.elapsed() >= 2000 && t.elapsed() < 10000, qPrintable(QString::number(t.elapsed())));
    QVERIFY(outcome.detail.contains(QLatin1String("did not finish")));
    QTRY_COMPARE_WITH_TIMEOUT(openJobs(kDeadQueue), QString(), 5000);
}

void TestDocumentPrinterCups::cancel_endsTheJobCancelled()
{
    auto printer = makePrinter(kDeadQueue);
    QSignalSpy submitted(printer.get(), &DocumentPrinter::jobSubmitted);
    const quint64 ticket = printer->printPdf(plainSelfTestPdf(kDeadQueue, QDateTime::currentDateTime()),
                                             QStringLiteral("to be cancelled"));
    QVERIFY(submitted.wait(10000));
    printer->cancel(ticket);
    const PrintJobOutcome outcome = waitForOutcome(*printer, ticket, 20000);
    QCOMPARE(toString(outcome.result), toString(PrintJobResult::Cancelled));
    QCOMPARE(outcome.jobId, submitted.at(0).at(1).toInt());
    QTRY_COMPARE_WITH_TIMEOUT(openJobs(kDeadQueue), QString(), 5000);
}

void TestDocumentPrinterCups::corruptPdf_isAborted()
{
    // Claims to be a PDF but is not: the PDF filter fails and CUPS stops the job (the queue itself stays idle).
    QByteArray junk = "%PDF-1.4\n";
    for (int i = 0; i < 3000; ++i)
        junk += char(QRandomGenerator::global()->bounded(256));
    auto printer = makePrinter(kPdfQueue);
    const quint64 ticket = printer->printPdf(junk, QStringLiteral("corrupt document"));
    const PrintJobOutcome outcome = waitForOutcome(*printer, ticket);
    QCOMPARE(toString(outcome.result), toString(PrintJobResult::Aborted));
    QVERIFY(outcome.jobId > 0);
    QVERIFY(!outcome.detail.isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(openJobs(kPdfQueue), QString(), 5000);
    printer->refreshStatus();
    QTRY_COMPARE_WITH_TIMEOUT(toString(printer->status().state), toString(DeviceState::Online), 10000);
}

QTEST_MAIN(TestDocumentPrinterCups)
#include "test_document_printer_cups.moc"
