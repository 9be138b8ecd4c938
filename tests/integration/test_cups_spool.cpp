// After the kiosk prints an A4 sheet (personal data), nothing of the job stays in cupsd's spool: with the package's
// own settings (packaging/cups/cupsd-kiosk.conf, written into cupsd.conf by the package's kiosk-cups-settings, as
// cups.service.d/kiosk.conf does before each start) cupsd deletes a printed job's document (d<job>-<n>) at once, and
// the kiosk, once it has seen its job complete, purges it: no record (c<job>) and no history entry remain. A control
// run of the same cupsd without those settings keeps the document, which is what the settings are for. The cupsd here
// is a private one (its own configuration, spool, socket and a raw queue to /dev/null), not the machine's: root,
// /usr/sbin/cupsd.
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>
#include <unistd.h>

#include <memory>

#include "drivers/document_printer/document_printer.h"
#include "drivers/document_printer/pdf_render.h"
#include "integration/cups_support.h"

using namespace kiosk::drivers;
using kiosk::test::run;
using kiosk::test::Run;

namespace {

const QString kQueue = QStringLiteral("KIOSK_SPOOL_TEST");

// A private cupsd: configuration, spool, cache, state and logs under `dir`, listening on dir/cups.sock only.
class PrivateCupsd
{
public:
    PrivateCupsd() : dir_(tmp_.path()) {}
    ~PrivateCupsd() { stop(); }

    QString socket() const { return dir_ + QStringLiteral("/cups.sock"); }
    QString spool() const { return dir_ + QStringLiteral("/spool"); }
    QString dir() const { return dir_; }

    // Empty on success, else what went wrong. `kioskSettings`: run the package's kiosk-cups-settings on cupsd.conf.
    QString start(bool kioskSettings)
    {
        for (const char *sub : {"etc", "etc/ppd", "spool", "cache", "state", "log"})
            QDir().mkpath(dir_ + QLatin1Char('/') + QLatin1String(sub));
        ::chmod(QFile::encodeName(dir_).constData(), 0755); // cupsd's filters run as lp
        const QString files = dir_ + QStringLiteral("/etc/cups-files.conf");
        const QString conf = dir_ + QStringLiteral("/etc/cupsd.conf");
        if (!write(files, QStringLiteral("ServerRoot %1/etc\nRequestRoot %1/spool\n"
                                         "CacheDir %1/cache\nStateDir %1/state\nServerBin /usr/lib/cups\n"
                                         "DataDir /usr/share/cups\nErrorLog %1/log/error_log\n"
                                         "AccessLog %1/log/access_log\nPageLog %1/log/page_log\n"
                                         "FileDevice Yes\nUser lp\nGroup lp\nSystemGroup root\n")
                              .arg(dir_)) ||
            !write(conf, QStringLiteral("Listen %1\nLogLevel info\nBrowsing No\nWebInterface No\n"
                                        "DefaultAuthType None\n<Location />\n  Order allow,deny\n  Allow all\n"
                                        "</Location>\n<Policy default>\n  <Limit All>\n    Order deny,allow\n"
                                        "  </Limit>\n</Policy>\n")
                             .arg(socket())) ||
            !write(dir_ + QStringLiteral("/etc/printers.conf"), {}))
            return QStringLiteral("cannot write the configuration in ") + dir_;
        if (kioskSettings) {
            const QString src = qEnvironmentVariable("KIOSK_SOURCE_DIR");
            const Run r = run(QStringLiteral("sh"), {src + QStringLiteral("/packaging/cups/kiosk-cups-settings"), conf,
                                                     src + QStringLiteral("/packaging/cups/cupsd-kiosk.conf")});
            if (r.exitCode != 0)
                return QStringLiteral("kiosk-cups-settings: ") + r.out;
        }
        cupsd_.setProgram(QStringLiteral("/usr/sbin/cupsd"));
        cupsd_.setArguments({QStringLiteral("-f"), QStringLiteral("-c"), conf, QStringLiteral("-s"), files});
        cupsd_.setProcessChannelMode(QProcess::MergedChannels);
        cupsd_.start();
        if (!cupsd_.waitForStarted(5000))
            return QStringLiteral("cupsd did not start: ") + cupsd_.errorString();
        for (int i = 0; i < 100 && !QFile::exists(socket()); ++i)
            QTest::qWait(100);
        for (int i = 0; i < 50; ++i) {
            if (run(QStringLiteral("lpstat"), {QStringLiteral("-h"), socket(), QStringLiteral("-r")})
                    .out.contains(QLatin1String("scheduler is running")))
                break;
            QTest::qWait(100);
        }
        const Run added =
            run(QStringLiteral("lpadmin"),
                {QStringLiteral("-h"), socket(), QStringLiteral("-p"), kQueue, QStringLiteral("-E"),
                 QStringLiteral("-v"), QStringLiteral("file:/dev/null"), QStringLiteral("-m"), QStringLiteral("raw")});
        if (added.exitCode != 0)
            return QStringLiteral("lpadmin: %1; cupsd: %2; error_log: %3")
                .arg(added.out, QString::fromLocal8Bit(cupsd_.readAll()), errorLog());
        return {};
    }

    void stop()
    {
        if (cupsd_.state() == QProcess::NotRunning)
            return;
        cupsd_.terminate();
        if (!cupsd_.waitForFinished(10000)) {
            cupsd_.kill();
            cupsd_.waitForFinished(3000);
        }
    }

    // The spool's files of job `jobId`: its record c<5 digits> and its documents d<5 digits>-<n>.
    QStringList jobFiles(int jobId) const
    {
        const QString id = QStringLiteral("%1").arg(jobId, 5, 10, QLatin1Char('0'));
        return QDir(spool()).entryList({QStringLiteral("c") + id, QStringLiteral("d") + id + QStringLiteral("-*")},
                                       QDir::Files | QDir::Hidden);
    }

    QString errorLog() const
    {
        QFile f(dir_ + QStringLiteral("/log/error_log"));
        return f.open(QIODevice::ReadOnly) ? QString::fromLocal8Bit(f.readAll()) : QString();
    }

private:
    static bool write(const QString &path, const QString &text)
    {
        QFile f(path);
        return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(text.toUtf8()) == text.toUtf8().size();
    }

    QTemporaryDir tmp_;
    QString dir_;
    QProcess cupsd_;
};

} // namespace

class TestCupsSpool : public QObject
{
    Q_OBJECT

    // Prints one generated A4 page on the private cupsd's queue; the outcome and the CUPS job id.
    PrintJobOutcome printOnePage(const PrivateCupsd &cupsd)
    {
        DocumentPrinterConfig config;
        config.queue = kQueue;
        config.server = cupsd.socket();
        config.jobTimeoutMs = 30000;
        config.jobPollIntervalMs = 200;
        config.statusPollIntervalMs = 0;
        DocumentPrinter printer(config);
        QSignalSpy first(&printer, &Device::statusChanged);
        first.wait(10000);
        const PdfRenderResult page = renderSelfTestPage(kQueue, QDateTime::currentDateTime());
        PrintJobOutcome outcome;
        if (!page.ok())
            return outcome;
        QSignalSpy finished(&printer, &DocumentPrinter::jobFinished);
        const quint64 ticket = printer.printPdf(page.pdf, QStringLiteral("kiosk self-print"));
        (void)QTest::qWaitFor([&] { return !finished.isEmpty(); }, 40000);
        if (!finished.isEmpty())
            outcome = finished.first().at(0).value<PrintJobOutcome>();
        if (outcome.ticket != ticket)
            outcome = {};
        return outcome;
    }

    // Prints a file with lp (not the kiosk, which purges its jobs itself) and waits until cupsd has printed it; the
    // job id, or 0.
    static int lpPrint(const PrivateCupsd &cupsd, const QString &file)
    {
        const Run r = run(QStringLiteral("lp"), {QStringLiteral("-h"), cupsd.socket(), QStringLiteral("-d"), kQueue,
                                                 QStringLiteral("-t"), QStringLiteral("kiosk self-print"), file});
        static const QRegularExpression id(QStringLiteral("request id is \\S+-(\\d+)"));
        const int jobId = id.match(r.out).captured(1).toInt();
        for (int i = 0; jobId > 0 && i < 100; ++i) {
            if (!run(QStringLiteral("lpstat"), {QStringLiteral("-h"), cupsd.socket(), QStringLiteral("-o"), kQueue})
                     .out.contains(QStringLiteral("-%1 ").arg(jobId)))
                return jobId; // no longer among the jobs not completed
            QTest::qWait(100);
        }
        return 0;
    }

    // Whether cupsd still lists job `jobId` among its completed jobs (its history).
    static bool inHistory(const PrivateCupsd &cupsd, int jobId)
    {
        const Run r = run(QStringLiteral("lpstat"), {QStringLiteral("-h"), cupsd.socket(), QStringLiteral("-W"),
                                                     QStringLiteral("completed"), QStringLiteral("-o"), kQueue});
        return r.out.contains(QStringLiteral("%1-%2 ").arg(kQueue).arg(jobId));
    }

    static QString pageFile(const PrivateCupsd &cupsd)
    {
        const PdfRenderResult page = renderSelfTestPage(kQueue, QDateTime::currentDateTime());
        const QString path = cupsd.dir() + QStringLiteral("/page.pdf");
        QFile f(path);
        if (!page.ok() || !f.open(QIODevice::WriteOnly) || f.write(page.pdf) != page.pdf.size())
            return {};
        ::chmod(QFile::encodeName(path).constData(), 0644);
        return path;
    }

private slots:
    void initTestCase()
    {
        if (geteuid() != 0)
            QSKIP("needs root to run a private cupsd (its filters run as lp); CI runs the integration tests as root");
        QVERIFY2(QFile::exists(QStringLiteral("/usr/sbin/cupsd")),
                 "cupsd is not installed (packaging/install-deps.sh)");
    }

    // The control: CUPS's defaults (PreserveJobFiles 86400, PreserveJobHistory Yes) keep the printed document.
    void withoutTheSettings_cupsdKeepsThePrintedDocument()
    {
        PrivateCupsd cupsd;
        QString why;
        QVERIFY2((why = cupsd.start(false)).isEmpty(), qPrintable(why));
        const int jobId = lpPrint(cupsd, pageFile(cupsd));
        QVERIFY(jobId > 0);
        QTest::qWait(500);
        QVERIFY2(cupsd.jobFiles(jobId).contains(QStringLiteral("d%1-001").arg(jobId, 5, 10, QLatin1Char('0'))),
                 qPrintable(cupsd.jobFiles(jobId).join(' ')));
        QVERIFY(inHistory(cupsd, jobId));
    }

    // The package's settings alone (a job the kiosk could not purge, e.g. killed meanwhile): the document goes at
    // once; the record is kept 30 s for the kiosk to read the outcome (packaging/cups/cupsd-kiosk.conf says why).
    void withTheSettings_thePrintedDocumentIsDeletedAtOnce()
    {
        PrivateCupsd cupsd;
        QString why;
        QVERIFY2((why = cupsd.start(true)).isEmpty(), qPrintable(why));
        const int jobId = lpPrint(cupsd, pageFile(cupsd));
        QVERIFY(jobId > 0);
        QStringList left;
        QTRY_VERIFY2_WITH_TIMEOUT((left = cupsd.jobFiles(jobId)).filter(QRegularExpression("^d")).isEmpty(),
                                  qPrintable(left.join(' ')), 5000);
    }

    // The kiosk's own print: it sees the page printed, then purges the job: no file and no record of it remain.
    void kioskPrint_isCompleted_andNothingOfTheJobRemains()
    {
        PrivateCupsd cupsd;
        QString why;
        QVERIFY2((why = cupsd.start(true)).isEmpty(), qPrintable(why));
        const PrintJobOutcome o = printOnePage(cupsd);
        QVERIFY(o.jobId > 0);
        QCOMPARE(toString(o.result), toString(PrintJobResult::Completed));
        QStringList left;
        QTRY_VERIFY2_WITH_TIMEOUT((left = cupsd.jobFiles(o.jobId)).isEmpty(), qPrintable(left.join(' ')), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(!inHistory(cupsd, o.jobId), 5000);
    }
};

QTEST_MAIN(TestCupsSpool)
#include "test_cups_spool.moc"
