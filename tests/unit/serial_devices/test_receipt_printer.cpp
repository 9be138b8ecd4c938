// Specification of the receipt printer driver against a scripted ESC/POS printer on a FakeTransport: DLE EOT
// status table, chunked jobs checked before and after, paper out mid-receipt, cover open, silence, unplug.
#include <QSignalSpy>
#include <QTest>

#include <atomic>

#include "drivers/receipt_printer/escpos_encoder.h"
#include "drivers/receipt_printer/receipt_printer.h"
#include "drivers/transport/fake_transport.h"
#include "unit/serial_devices/serial_test_printers.h"

using namespace kiosk::drivers;
using namespace kiosk::drivers::escpos;

namespace {

const QByteArray kQuery1 = QByteArray::fromHex("100401");
const QByteArray kQuery2 = QByteArray::fromHex("100402");
const QByteArray kQuery4 = QByteArray::fromHex("100404");

// Status bytes as an Epson-compatible printer sends them (0x12 = the fixed bits only: all well).
constexpr int kOk = 0x12;
constexpr int kN1Offline = 0x1A;   // bit3
constexpr int kN2CoverOpen = 0x16; // bit2
constexpr int kN2PaperStop = 0x32; // bit5
constexpr int kN2Error = 0x52;     // bit6
constexpr int kN4NearEnd = 0x1E;   // bits 2-3
constexpr int kN4PaperOut = 0x72;  // bits 5-6

// The printer on the far end: answers DLE EOT from its current state, swallows job bytes, and can run out of
// paper after a given number of them.
class ScriptedPrinter
{
public:
    explicit ScriptedPrinter(std::shared_ptr<FakePort> port) : port_(std::move(port))
    {
        port_->setResponder([this](const QByteArray &w) { return answer(w); });
    }
    ~ScriptedPrinter() { port_->setResponder(nullptr); }

    void setStatus(int n1, int n2, int n4)
    {
        n1_ = n1;
        n2_ = n2;
        n4_ = n4;
    }
    void runOutOfPaperAfter(qint64 jobBytes) { paperOutAfter_ = jobBytes; }
    qint64 jobBytes() const { return jobBytes_; }

private:
    QList<FakeReply> answer(const QByteArray &w)
    {
        if (w == kQuery1)
            return {FakeReply{QByteArray(1, char(n1_.load()))}};
        if (w == kQuery2)
            return {FakeReply{QByteArray(1, char(n2_.load()))}};
        if (w == kQuery4)
            return {FakeReply{QByteArray(1, char(n4_.load()))}};
        jobBytes_ += w.size();
        if (paperOutAfter_ >= 0 && jobBytes_ >= paperOutAfter_)
            setStatus(kN1Offline, kN2PaperStop, kN4PaperOut);
        return {};
    }

    std::shared_ptr<FakePort> port_;
    std::atomic<int> n1_{kOk};
    std::atomic<int> n2_{kOk};
    std::atomic<int> n4_{kOk};
    std::atomic<qint64> paperOutAfter_{-1};
    std::atomic<qint64> jobBytes_{0};
};

ReceiptPrinterConfig fastConfig()
{
    ReceiptPrinterConfig c;
    c.port = QStringLiteral("fake");
    c.statusIntervalMs = 60000; // no idle polls unless a test asks for them
    c.statusTimeoutMs = 100;
    c.chunkSize = 64;
    c.settleMs = 20;
    c.reopenIntervalMs = 50;
    return c;
}

QByteArray sampleJob(int size = 300)
{
    EscPosEncoder e;
    e.initialize().chineseMode(true).line(QStringLiteral("广东政务服务受理回执")).feedLines(1);
    QByteArray job = e.bytes();
    while (job.size() < size)
        job.append(char('A' + job.size() % 26));
    return job.left(size);
}

struct Rig {
    explicit Rig(ReceiptPrinterConfig config = fastConfig()) : printer(port->factory(), config) {}

    std::shared_ptr<FakePort> port = FakePort::create(QStringLiteral("fake"));
    ScriptedPrinter device{port};
    ReceiptPrinter printer;
    QSignalSpy status{&printer, &Device::statusChanged};
    QSignalSpy jobs{&printer, &ReceiptPrinter::jobFinished};

    bool openAndSettle(DeviceState expected = DeviceState::Online)
    {
        printer.open();
        return QTest::qWaitFor([&] { return printer.status().state == expected; }, 3000);
    }
    PrintResult resultAt(int i) const { return jobs.at(i).at(1).value<PrintResult>(); }
    quint64 idAt(int i) const { return jobs.at(i).at(0).value<quint64>(); }
};

} // namespace

class TestReceiptPrinter : public QObject
{
    Q_OBJECT

private slots:
    void statusRound_mapsDleEotRepliesToDeviceStatus_data();
    void statusRound_mapsDleEotRepliesToDeviceStatus();
    void print_sendsChunksBetweenTwoStatusRoundsAndReportsPrinted();
    void print_withPaperLow_printsAndSaysPaperLow();
    void paperOutMidReceipt_isPaperOutNeverPrinted();
    void paperOutBeforeTheJob_sendsNothing();
    void coverOpen_isCoverOpenWithAHint();
    void silentPrinter_isOfflineAndTheJobIsNotReportedPrinted();
    void jobs_runInOrderWithTheirIds();
    void emptyJob_isRejected();
    void idlePolling_followsThePaperWithoutFlooding();
    void unplugMidJob_isDisconnectedAndReplugPrintsAgain();
    void printWithoutAPrinter_isDisconnectedAtOnce();
    void selfTest_reportsTheStatusBytes();
};

void TestReceiptPrinter::statusRound_mapsDleEotRepliesToDeviceStatus_data()
{
    QTest::addColumn<int>("n1");
    QTest::addColumn<int>("n2");
    QTest::addColumn<int>("n4");
    QTest::addColumn<DeviceState>("state");
    QTest::addColumn<QString>("detail");
    QTest::addColumn<QString>("hint");

    QTest::newRow("all well") << kOk << kOk << kOk << DeviceState::Online << "ready"
                              << "";
    QTest::newRow("paper near end: still usable") << kOk << kOk << kN4NearEnd << DeviceState::Online << "paper low"
                                                  << "replace the roll soon";
    QTest::newRow("paper out") << kN1Offline << kN2PaperStop << kN4PaperOut << DeviceState::UserError << "paper out"
                               << "load an 80 mm roll";
    QTest::newRow("paper out on the roll sensor only")
        << kOk << kOk << kN4PaperOut << DeviceState::UserError << "paper out"
        << "load an 80 mm roll";
    QTest::newRow("cover open") << kN1Offline << kN2CoverOpen << kOk << DeviceState::UserError << "cover open"
                                << "close the cover";
    QTest::newRow("cover open and paper out") << kN1Offline << (kN2CoverOpen | kN2PaperStop) << kN4PaperOut
                                              << DeviceState::UserError << "paper out, cover open"
                                              << "load an 80 mm roll and close the cover";
    QTest::newRow("printer error") << kN1Offline << kN2Error << kOk << DeviceState::HardwareError
                                   << "printer reports an error"
                                   << "switch the printer off and on; call a technician if it persists";
    QTest::newRow("offline, no cause given") << kN1Offline << kOk << kOk << DeviceState::Offline << "printer offline"
                                             << "check the printer's panel; press its online/feed button";
    QTest::newRow("not a status byte") << kOk << 0xFF << kOk << DeviceState::HardwareError
                                       << "printer sent an invalid status reply"
                                       << "check the printer's port and baud rate; switch it off and on";
}

void TestReceiptPrinter::statusRound_mapsDleEotRepliesToDeviceStatus()
{
    QFETCH(int, n1);
    QFETCH(int, n2);
    QFETCH(int, n4);
    QFETCH(DeviceState, state);
    QFETCH(QString, detail);
    QFETCH(QString, hint);

    Rig rig;
    rig.device.setStatus(n1, n2, n4);
    rig.printer.open();
    QTRY_COMPARE(rig.status.count(), 1);
    QCOMPARE(rig.printer.status().state, state);
    QCOMPARE(rig.printer.status().detail, detail);
    QCOMPARE(rig.printer.status().recoveryHint, hint);
    const QList<QByteArray> w = rig.port->writes();
    QCOMPARE(w.value(0).toHex(' '), kQuery1.toHex(' '));
    QCOMPARE(w.value(1).toHex(' '), kQuery2.toHex(' '));
    if (n2 != 0xFF)
        QCOMPARE(w.value(2).toHex(' '), kQuery4.toHex(' '));
}

void TestReceiptPrinter::print_sendsChunksBetweenTwoStatusRoundsAndReportsPrinted()
{
    Rig rig;
    QVERIFY(rig.openAndSettle());
    rig.port->clearWrites();
    const QByteArray job = sampleJob(300);
    const quint64 id = rig.printer.print(job);
    QTRY_COMPARE(rig.jobs.count(), 1);
    QCOMPARE(rig.idAt(0), id);
    QCOMPARE(rig.resultAt(0), PrintResult::Printed);

    const QList<QByteArray> w = rig.port->writes();
    QCOMPARE(w.size(), 3 + 5 + 3); // DLE EOT 1 2 4, five 64-byte pieces, DLE EOT 1 2 4
    QCOMPARE(w.mid(0, 3), (QList<QByteArray>{kQuery1, kQuery2, kQuery4}));
    QCOMPARE(w.mid(8, 3), (QList<QByteArray>{kQuery1, kQuery2, kQuery4}));
    QByteArray sent;
    for (int i = 3; i < 8; ++i) {
        QVERIFY(w.at(i).size() <= 64);
        sent += w.at(i);
    }
    QCOMPARE(sent, job);
    QStringList states;
    for (const QList<QVariant> &s : std::as_const(rig.status))
        states << kiosk::drivers::toString(s.at(0).value<DeviceStatus>().state);
    QCOMPARE(states, (QStringList{"online", "busy", "online"}));
}

void TestReceiptPrinter::print_withPaperLow_printsAndSaysPaperLow()
{
    Rig rig;
    rig.device.setStatus(kOk, kOk, kN4NearEnd);
    QVERIFY(rig.openAndSettle());
    rig.printer.print(sampleJob());
    QTRY_COMPARE(rig.jobs.count(), 1);
    QCOMPARE(rig.resultAt(0), PrintResult::Printed);
    QCOMPARE(rig.printer.status().detail, QStringLiteral("paper low"));
}

void TestReceiptPrinter::paperOutMidReceipt_isPaperOutNeverPrinted()
{
    Rig rig;
    QVERIFY(rig.openAndSettle());
    rig.device.runOutOfPaperAfter(100); // the roll ends while the receipt is going out
    rig.printer.print(sampleJob(400));
    QTRY_COMPARE(rig.jobs.count(), 1);
    QCOMPARE(rig.resultAt(0), PrintResult::PaperOut);
    QCOMPARE(rig.printer.status().state, DeviceState::UserError);
    QCOMPARE(rig.printer.status().recoveryHint, QStringLiteral("load an 80 mm roll"));
    // A second receipt is refused up front without sending a byte of it.
    const qint64 sent = rig.device.jobBytes();
    rig.printer.print(sampleJob(200));
    QTRY_COMPARE(rig.jobs.count(), 2);
    QCOMPARE(rig.resultAt(1), PrintResult::PaperOut);
    QCOMPARE(rig.device.jobBytes(), sent);
    // Paper loaded: prints again.
    rig.device.runOutOfPaperAfter(-1);
    rig.device.setStatus(kOk, kOk, kOk);
    rig.printer.print(sampleJob(200));
    QTRY_COMPARE(rig.jobs.count(), 3);
    QCOMPARE(rig.resultAt(2), PrintResult::Printed);
    QCOMPARE(rig.printer.status().state, DeviceState::Online);
}

void TestReceiptPrinter::paperOutBeforeTheJob_sendsNothing()
{
    Rig rig;
    rig.device.setStatus(kN1Offline, kN2PaperStop, kN4PaperOut);
    QVERIFY(rig.openAndSettle(DeviceState::UserError));
    rig.printer.print(sampleJob());
    QTRY_COMPARE(rig.jobs.count(), 1);
    QCOMPARE(rig.resultAt(0), PrintResult::PaperOut);
    QCOMPARE(rig.device.jobBytes(), 0);
}

void TestReceiptPrinter::coverOpen_isCoverOpenWithAHint()
{
    Rig rig;
    rig.device.setStatus(kN1Offline, kN2CoverOpen, kOk);
    QVERIFY(rig.openAndSettle(DeviceState::UserError));
    QCOMPARE(rig.printer.status().recoveryHint, QStringLiteral("close the cover"));
    rig.printer.print(sampleJob());
    QTRY_COMPARE(rig.jobs.count(), 1);
    QCOMPARE(rig.resultAt(0), PrintResult::CoverOpen);
    QCOMPARE(rig.device.jobBytes(), 0);
}

void TestReceiptPrinter::silentPrinter_isOfflineAndTheJobIsNotReportedPrinted()
{
    Rig rig;
    QVERIFY(rig.openAndSettle());
    // It answers the check before the job, then goes silent: whether the receipt came out is unknown.
    rig.port->addReply(kQuery1, QByteArray(1, char(kOk)), 0, 1);
    rig.port->addReply(kQuery2, QByteArray(1, char(kOk)), 0, 1);
    rig.port->addReply(kQuery4, QByteArray(1, char(kOk)), 0, 1);
    rig.port->addReply(kQuery1, QByteArray(), 0, -1); // answers nothing from now on
    rig.printer.print(sampleJob());
    QTRY_COMPARE(rig.jobs.count(), 1);
    QCOMPARE(rig.resultAt(0), PrintResult::Offline);
    QCOMPARE(rig.printer.status().state, DeviceState::Offline);
    QCOMPARE(rig.printer.status().detail, QStringLiteral("printer not answering"));

    rig.port->setStalled(true);
    rig.printer.print(sampleJob());
    QTRY_COMPARE(rig.jobs.count(), 2);
    QCOMPARE(rig.resultAt(1), PrintResult::Offline);
}

void TestReceiptPrinter::jobs_runInOrderWithTheirIds()
{
    Rig rig;
    QVERIFY(rig.openAndSettle());
    const quint64 a = rig.printer.print(sampleJob(100));
    const quint64 b = rig.printer.print(sampleJob(150));
    const quint64 c = rig.printer.print(sampleJob(200));
    QVERIFY(a != b && b != c);
    QTRY_COMPARE(rig.jobs.count(), 3);
    QCOMPARE((QList<quint64>{rig.idAt(0), rig.idAt(1), rig.idAt(2)}), (QList<quint64>{a, b, c}));
    for (int i = 0; i < 3; ++i)
        QCOMPARE(rig.resultAt(i), PrintResult::Printed);
    QCOMPARE(rig.device.jobBytes(), 450);
}

void TestReceiptPrinter::emptyJob_isRejected()
{
    Rig rig;
    QVERIFY(rig.openAndSettle());
    rig.printer.print(QByteArray());
    QTRY_COMPARE(rig.jobs.count(), 1);
    QCOMPARE(rig.resultAt(0), PrintResult::EmptyJob);
}

void TestReceiptPrinter::idlePolling_followsThePaperWithoutFlooding()
{
    ReceiptPrinterConfig config = fastConfig();
    config.statusIntervalMs = 20;
    Rig rig(config);
    QVERIFY(rig.openAndSettle());
    QTRY_VERIFY(rig.port->writes().count(kQuery4) >= 10);
    QCOMPARE(rig.status.count(), 1); // polled ten times, told once
    rig.device.setStatus(kOk, kOk, kN4NearEnd);
    QTRY_COMPARE(rig.printer.status().detail, QStringLiteral("paper low"));
    rig.device.setStatus(kN1Offline, kN2PaperStop, kN4PaperOut);
    QTRY_COMPARE(rig.printer.status().state, DeviceState::UserError);
    const int polls = int(rig.port->writes().count(kQuery4));
    QTRY_VERIFY(rig.port->writes().count(kQuery4) >= polls + 5);
    QCOMPARE(rig.status.count(), 3);
}

void TestReceiptPrinter::unplugMidJob_isDisconnectedAndReplugPrintsAgain()
{
    ReceiptPrinterConfig config = fastConfig();
    config.chunkIntervalMs = 30; // a slow printer: the job takes a while to go out
    Rig rig(config);
    QVERIFY(rig.openAndSettle());
    rig.printer.print(sampleJob(640));
    QTRY_VERIFY(rig.device.jobBytes() >= 64);
    rig.port->unplug();
    QTRY_COMPARE(rig.jobs.count(), 1);
    QCOMPARE(rig.resultAt(0), PrintResult::Disconnected);
    QCOMPARE(rig.printer.status().state, DeviceState::NoDevice);
    QCOMPARE(rig.printer.status().detail, QStringLiteral("receipt printer unplugged"));

    rig.port->replug();
    QTRY_COMPARE(rig.printer.status().state, DeviceState::Online);
    rig.printer.print(sampleJob(100));
    QTRY_COMPARE(rig.jobs.count(), 2);
    QCOMPARE(rig.resultAt(1), PrintResult::Printed);
}

void TestReceiptPrinter::printWithoutAPrinter_isDisconnectedAtOnce()
{
    Rig rig;
    rig.port->unplug();
    rig.printer.open();
    QTRY_VERIFY(rig.printer.status().detail.startsWith(QStringLiteral("no receipt printer at")));
    QCOMPARE(rig.printer.status().state, DeviceState::NoDevice);
    rig.printer.print(sampleJob());
    QTRY_COMPARE(rig.jobs.count(), 1);
    QCOMPARE(rig.resultAt(0), PrintResult::Disconnected);
}

void TestReceiptPrinter::selfTest_reportsTheStatusBytes()
{
    Rig rig;
    rig.device.setStatus(kOk, kOk, kN4NearEnd);
    QVERIFY(rig.openAndSettle());
    QSignalSpy done(&rig.printer, &Device::selfTestFinished);
    rig.printer.selfTest();
    QTRY_COMPARE(done.count(), 1);
    const SelfTestResult r = done.at(0).at(0).value<SelfTestResult>();
    QVERIFY2(r.passed, qPrintable(r.summary));
    QCOMPARE(r.details.value(QStringLiteral("paper")).toString(), QStringLiteral("near_end"));
    QCOMPARE(r.details.value(QStringLiteral("cover_open")).toBool(), false);
}

QTEST_GUILESS_MAIN(TestReceiptPrinter)
#include "test_receipt_printer.moc"
