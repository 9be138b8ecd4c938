// Tests the simulated receipt printer: DLE EOT answers per paper/cover state, receipts split at cuts and rendered,
// print data dropped while the printer is stopped.
#include <QImage>
#include <QTemporaryDir>
#include <QTest>

#include "drivers/receipt_printer/escpos_encoder.h"
#include "drivers/receipt_printer/escpos_status.h"
#include "drivers/simulators/receipt_printer_model.h"
#include "unit/receipt_printer/sample_receipt.h"

using namespace kiosk::drivers::simulators;
using namespace kiosk::drivers::escpos;

Q_DECLARE_METATYPE(kiosk::drivers::escpos::PrinterPaperState)

namespace {

QByteArray query(int n)
{
    return statusQuery(StatusQuery(n));
}

QByteArray shortReceipt(const QString &line)
{
    EscPosEncoder e;
    e.initialize().chineseMode(true).line(line).feedLines(2).cut();
    return e.bytes();
}

} // namespace

class TestReceiptPrinterModel : public QObject
{
    Q_OBJECT
private slots:
    void statusBytesFollowPaperAndCover_data()
    {
        QTest::addColumn<PrinterPaperState>("paper");
        QTest::addColumn<bool>("coverOpen");
        QTest::addColumn<int>("n");
        QTest::addColumn<int>("expected");
        using P = PrinterPaperState;
        QTest::newRow("ok: printer online") << P::Ok << false << 1 << 0x12;
        QTest::newRow("ok: no offline cause") << P::Ok << false << 2 << 0x12;
        QTest::newRow("ok: no error") << P::Ok << false << 3 << 0x12;
        QTest::newRow("ok: roll paper present") << P::Ok << false << 4 << 0x12;
        QTest::newRow("near end: still online") << P::NearEnd << false << 1 << 0x12;
        QTest::newRow("near end: roll bits 2-3") << P::NearEnd << false << 4 << 0x1E;
        QTest::newRow("out: offline") << P::Out << false << 1 << 0x1A;
        QTest::newRow("out: stopped at paper end") << P::Out << false << 2 << 0x32;
        QTest::newRow("out: both roll sensors empty") << P::Out << false << 4 << 0x7E;
        QTest::newRow("cover open: offline") << P::Ok << true << 1 << 0x1A;
        QTest::newRow("cover open: cause bit 2") << P::Ok << true << 2 << 0x16;
        QTest::newRow("cover open: paper itself fine") << P::Ok << true << 4 << 0x12;
    }
    void statusBytesFollowPaperAndCover()
    {
        QFETCH(PrinterPaperState, paper);
        QFETCH(bool, coverOpen);
        QFETCH(int, n);
        QFETCH(int, expected);
        ReceiptPrinterModel m(QString(), false);
        m.setPaper(paper);
        m.setCoverOpen(coverOpen);
        QCOMPARE(m.receive(query(n)), QByteArray(1, char(expected)));
        // The kiosk's own status parser reads back the state the simulator was put in.
        const StatusParseResult parsed = parseStatusReply(StatusQuery(n), std::uint8_t(expected));
        QVERIFY(parsed.ok());
        if (n == 4)
            QCOMPARE(toString(*parsed.reply.paper), toString(paper));
        if (n == 2)
            QCOMPARE(*parsed.reply.coverOpen, coverOpen);
        if (n == 1)
            QCOMPARE(*parsed.reply.offline, coverOpen || paper == PrinterPaperState::Out);
    }

    void sampleReceiptBecomesOneRenderedReceipt()
    {
        QTemporaryDir dir;
        const auto sample = kiosk::test::acceptanceReceipt();
        ReceiptPrinterModel m(dir.path(), true);
        QVERIFY(m.receive(sample.bytes).isEmpty());
        const QList<SimulatedReceipt> receipts = m.receipts();
        QCOMPARE(receipts.size(), 1);
        QCOMPARE(receipts[0].number, 1);
        QCOMPARE(receipts[0].text, sample.expectedLines);
        QCOMPARE(receipts[0].qrPayloads, QList<QByteArray>{sample.qrPayload});
        QVERIFY(receipts[0].cut);
        QVERIFY(receipts[0].issues.isEmpty());
        QCOMPARE(receipts[0].png, dir.filePath(QStringLiteral("receipt-1.png")));
        const QImage png(receipts[0].png);
        QCOMPARE(png.width(), kPrintableDots);
        QVERIFY(png.height() > 300);
    }

    void eachCutEndsAReceipt_evenInTinyChunks()
    {
        const QByteArray stream =
            shortReceipt(QStringLiteral("第一张")) + query(4) + shortReceipt(QStringLiteral("第二张"));
        ReceiptPrinterModel m(QString(), false);
        QByteArray replies;
        for (char c : stream)
            replies += m.receive(QByteArray(1, c));
        QCOMPARE(replies, QByteArray(1, char(0x12)));
        const QList<SimulatedReceipt> receipts = m.receipts();
        QCOMPARE(receipts.size(), 2);
        QCOMPARE(receipts[0].text.first(), QStringLiteral("第一张"));
        QCOMPARE(receipts[1].text.first(), QStringLiteral("第二张"));
        QCOMPARE(m.counters().cuts, 2);
    }

    void statusIsAnsweredBeforeAnyRendering()
    {
        ReceiptPrinterModel m(QString(), false);
        QCOMPARE(m.receive(shortReceipt(QStringLiteral("A")) + query(1)), QByteArray(1, char(0x12)));
        QCOMPARE(m.counters().statusQueries, 1);
        QCOMPARE(m.renderPending(), 1); // the receipt waited for this call
    }

    void paperOutStopsTakingPrintData_butStillAnswersStatus()
    {
        ReceiptPrinterModel m(QString(), false);
        m.setPaper(PrinterPaperState::Out);
        const QByteArray receipt = shortReceipt(QStringLiteral("打印不出来"));
        QCOMPARE(m.receive(receipt + query(4)), QByteArray(1, char(0x7E)));
        QCOMPARE(m.counters().bytesDropped, receipt.size());
        QVERIFY(m.receipts().isEmpty());
        // New paper: the next receipt prints; the dropped one is gone, as on a printer that stopped.
        m.setPaper(PrinterPaperState::Ok);
        m.receive(shortReceipt(QStringLiteral("换纸以后")));
        QCOMPARE(m.receipts().size(), 1);
        QCOMPARE(m.receipts()[0].text.first(), QStringLiteral("换纸以后"));
    }

    void paperRunningOutMidReceiptLeavesThePrintedPartUncut()
    {
        ReceiptPrinterModel m(QString(), false);
        EscPosEncoder first;
        first.initialize().chineseMode(true).line(QStringLiteral("已打印的一行"));
        m.receive(first.bytes());
        m.setPaper(PrinterPaperState::Out);
        EscPosEncoder rest;
        rest.line(QStringLiteral("没纸了")).cut();
        m.receive(rest.bytes());
        const QList<SimulatedReceipt> receipts = m.receipts();
        QCOMPARE(receipts.size(), 1);
        QCOMPARE(receipts[0].text, QStringList{QStringLiteral("已打印的一行")});
        QVERIFY(!receipts[0].cut);
        QCOMPARE(m.counters().bytesDropped, rest.bytes().size());
    }

    void coverOpenStopsPrintingLikePaperOut()
    {
        ReceiptPrinterModel m(QString(), false);
        m.setCoverOpen(true);
        m.receive(shortReceipt(QStringLiteral("盖子开着")));
        QVERIFY(m.receipts().isEmpty());
        QVERIFY(m.counters().bytesDropped > 0);
    }

    void cutWithNothingPrintedMakesNoReceipt()
    {
        ReceiptPrinterModel m(QString(), false);
        EscPosEncoder e;
        e.initialize().cut();
        m.receive(e.bytes());
        QVERIFY(m.receipts().isEmpty());
        QCOMPARE(m.counters().emptyCuts, 1);
    }
};

QTEST_GUILESS_MAIN(TestReceiptPrinterModel)
#include "test_receipt_printer_model.moc"
