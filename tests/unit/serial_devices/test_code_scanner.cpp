// Specification of the code scanner: the payload filter (size, strict UTF-8, control / bidi / format characters),
// CR/LF/Enter framing across chunk boundaries, and the device over a FakeTransport and over a wedge (evdev pipe).
#include <QSignalSpy>
#include <QTest>

#include <linux/input.h>
#include <unistd.h>

#include "drivers/code_scanner/code_scanner.h"
#include "drivers/code_scanner/payload_filter.h"
#include "drivers/transport/evdev_transport.h"
#include "drivers/transport/fake_transport.h"
#include "unit/serial_devices/serial_test_printers.h"

using namespace kiosk::drivers;
using namespace kiosk::drivers::codescanner;

namespace {

QByteArray utf8(const char32_t *text)
{
    return QString::fromUcs4(text).toUtf8();
}

CodeScannerConfig fastConfig()
{
    CodeScannerConfig c;
    c.port = QStringLiteral("fake");
    c.interCharacterTimeoutMs = 150;
    c.reopenIntervalMs = 50;
    return c;
}

QStringList scanned(const QSignalSpy &spy)
{
    QStringList out;
    for (const QList<QVariant> &args : spy)
        out << args.at(0).toString();
    return out;
}

PayloadRejection reasonAt(const QSignalSpy &spy, int i)
{
    return spy.at(i).at(0).value<PayloadRejection>();
}

} // namespace

class TestCodeScanner : public QObject
{
    Q_OBJECT

private slots:
    void checkPayload_acceptsPlainData_data();
    void checkPayload_acceptsPlainData();
    void checkPayload_rejectsWithATypedReason_data();
    void checkPayload_rejectsWithATypedReason();
    void checkPayload_detailNeverQuotesThePayload();
    void lineFramer_findsTheSameLinesHoweverTheBytesAreChunked_data();
    void lineFramer_findsTheSameLinesHoweverTheBytesAreChunked();
    void lineFramer_overlongLineIsDiscardedAsItArrivesAndReportedAtItsEnd();

    void scanner_emitsCodesFramedByCrOrLfAcrossChunks();
    void scanner_rejectsBadPayloadsAndKeepsScanning();
    void scanner_dropsAFragmentFollowedBySilence();
    void scanner_unplugGivesNoDeviceAndReplugComesBack();
    void scanner_selfTestPassesWhenThePortIsOpen();
    void scanner_overAKeyboardWedgeEndsCodesWithEnter();
};

void TestCodeScanner::checkPayload_acceptsPlainData_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("text");
    QTest::newRow("digits") << QByteArray("4401061990") << QStringLiteral("4401061990");
    QTest::newRow("a URL stays text") << QByteArray("https://example.gov.cn/a?b=1&c=<x>")
                                      << QStringLiteral("https://example.gov.cn/a?b=1&c=<x>");
    QTest::newRow("Chinese") << utf8(U"粤省事码:GD-123") << QStringLiteral("粤省事码:GD-123");
    QTest::newRow("Arabic letters are fine, only the controls are not")
        << utf8(U"\u0645\u0631\u062D\u0628\u0627") << QString::fromUcs4(U"\u0645\u0631\u062D\u0628\u0627");
    QTest::newRow("4-byte UTF-8 (CJK ext B)") << utf8(U"\U00020000") << QString::fromUcs4(U"\U00020000");
    QTest::newRow("space and punctuation") << QByteArray("A B-C_D.E") << QStringLiteral("A B-C_D.E");
    QTest::newRow("exactly the cap") << QByteArray(kDefaultMaxPayloadBytes, 'x')
                                     << QString(kDefaultMaxPayloadBytes, QLatin1Char('x'));
}

void TestCodeScanner::checkPayload_acceptsPlainData()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, text);
    const PayloadCheck c = checkPayload(bytes);
    QVERIFY2(c.isOk(), qPrintable(c.detail));
    QCOMPARE(c.text, text);
}

void TestCodeScanner::checkPayload_rejectsWithATypedReason_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<PayloadRejection>("reason");
    using R = PayloadRejection;
    QTest::newRow("empty") << QByteArray() << R::Empty;
    QTest::newRow("one byte over the cap") << QByteArray(kDefaultMaxPayloadBytes + 1, 'x') << R::TooLong;
    QTest::newRow("lone continuation byte") << QByteArray("ab\x80") << R::InvalidUtf8;
    QTest::newRow("overlong slash C0 AF") << QByteArray("\xC0\xAF") << R::InvalidUtf8;
    QTest::newRow("overlong E0 80 AF") << QByteArray("\xE0\x80\xAF") << R::InvalidUtf8;
    QTest::newRow("UTF-16 surrogate ED A0 80") << QByteArray("\xED\xA0\x80") << R::InvalidUtf8;
    QTest::newRow("above U+10FFFF") << QByteArray("\xF4\x90\x80\x80") << R::InvalidUtf8;
    QTest::newRow("F5 lead byte") << QByteArray("\xF5\x80\x80\x80") << R::InvalidUtf8;
    QTest::newRow("truncated sequence") << QByteArray("\xE4\xB8") << R::InvalidUtf8;
    QTest::newRow("GBK bytes are not UTF-8") << QByteArray("\xD4\xC1") << R::InvalidUtf8;
    QTest::newRow("NUL") << QByteArray("ab\0cd", 5) << R::ControlCharacter;
    QTest::newRow("TAB") << QByteArray("a\tb") << R::ControlCharacter;
    QTest::newRow("ESC (printer and terminal commands)") << QByteArray("a\x1B[2Jb") << R::ControlCharacter;
    QTest::newRow("DEL") << QByteArray("a\x7F") << R::ControlCharacter;
    QTest::newRow("C1 NEL U+0085") << utf8(U"a\u0085b") << R::ControlCharacter;
    QTest::newRow("line separator U+2028") << utf8(U"a\u2028b") << R::ControlCharacter;
    QTest::newRow("right-to-left override U+202E") << utf8(U"invoice\u202Efdp.exe") << R::BidiControl;
    QTest::newRow("left-to-right embedding U+202A") << utf8(U"\u202Aabc") << R::BidiControl;
    QTest::newRow("pop directional formatting U+202C") << utf8(U"abc\u202C") << R::BidiControl;
    QTest::newRow("left-to-right isolate U+2066") << utf8(U"\u2066abc") << R::BidiControl;
    QTest::newRow("pop directional isolate U+2069") << utf8(U"abc\u2069") << R::BidiControl;
    QTest::newRow("right-to-left mark U+200F") << utf8(U"a\u200Fb") << R::BidiControl;
    QTest::newRow("zero width space U+200B") << utf8(U"44010\u200B6") << R::FormatCharacter;
    QTest::newRow("zero width joiner U+200D") << utf8(U"a\u200Db") << R::FormatCharacter;
    // (raw bytes: QString::fromUcs4 would swallow a leading BOM before the filter saw it)
    QTest::newRow("byte order mark U+FEFF in front") << QByteArray("\xEF\xBB\xBF"
                                                                   "abc")
                                                     << R::FormatCharacter;
    QTest::newRow("byte order mark U+FEFF inside") << QByteArray("ab\xEF\xBB\xBF"
                                                                 "c")
                                                   << R::FormatCharacter;
    QTest::newRow("soft hyphen U+00AD") << utf8(U"a\u00ADb") << R::FormatCharacter;
    QTest::newRow("tag character U+E0041") << utf8(U"a\U000E0041") << R::FormatCharacter;
    QTest::newRow("noncharacter U+FFFE") << utf8(U"a\uFFFE") << R::Noncharacter;
    QTest::newRow("noncharacter U+FDD0") << utf8(U"\uFDD0") << R::Noncharacter;
}

void TestCodeScanner::checkPayload_rejectsWithATypedReason()
{
    QFETCH(QByteArray, bytes);
    QFETCH(PayloadRejection, reason);
    const PayloadCheck c = checkPayload(bytes);
    QCOMPARE(c.rejection, reason);
    QVERIFY(!c.detail.isEmpty());
    QVERIFY(c.text.isEmpty());
}

void TestCodeScanner::checkPayload_detailNeverQuotesThePayload()
{
    const PayloadCheck c = checkPayload(utf8(U"SECRET4401\u202Eabc"));
    QCOMPARE(c.rejection, PayloadRejection::BidiControl);
    QCOMPARE(c.detail, QStringLiteral("U+202E at byte 10"));
    QVERIFY(!c.detail.contains(QStringLiteral("SECRET")));
}

void TestCodeScanner::lineFramer_findsTheSameLinesHoweverTheBytesAreChunked_data()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<QList<QByteArray>>("lines");
    QTest::newRow("CR") << QByteArray("ABC\rDEF\r") << QList<QByteArray>{"ABC", "DEF"};
    QTest::newRow("LF") << QByteArray("ABC\nDEF\n") << QList<QByteArray>{"ABC", "DEF"};
    QTest::newRow("CR LF is one terminator") << QByteArray("ABC\r\nDEF\r\n") << QList<QByteArray>{"ABC", "DEF"};
    QTest::newRow("blank lines are skipped") << QByteArray("\r\n\r\nA\n\n") << QList<QByteArray>{"A"};
    QTest::newRow("unterminated tail stays pending") << QByteArray("A\rBC") << QList<QByteArray>{"A"};
}

void TestCodeScanner::lineFramer_findsTheSameLinesHoweverTheBytesAreChunked()
{
    QFETCH(QByteArray, stream);
    QFETCH(QList<QByteArray>, lines);
    // Every single split point, and byte by byte.
    for (int cut = 0; cut <= stream.size(); ++cut) {
        LineFramer f;
        QList<LineFramer::Line> found = f.feed(stream.left(cut));
        found += f.feed(stream.mid(cut));
        QList<QByteArray> got;
        for (const LineFramer::Line &l : std::as_const(found))
            got << l.bytes;
        QCOMPARE(got, lines);
    }
    LineFramer f;
    QList<QByteArray> got;
    for (const char c : stream)
        for (const LineFramer::Line &l : f.feed(QByteArray(1, c)))
            got << l.bytes;
    QCOMPARE(got, lines);
}

void TestCodeScanner::lineFramer_overlongLineIsDiscardedAsItArrivesAndReportedAtItsEnd()
{
    LineFramer f(8);
    QVERIFY(f.feed("0123456789abc").isEmpty());
    QVERIFY(f.hasPartial());
    const QList<LineFramer::Line> lines = f.feed("def\rOK\r");
    QCOMPARE(lines.size(), 2);
    QVERIFY(lines.at(0).overflowed);
    QCOMPARE(lines.at(0).length, 16);
    QVERIFY(lines.at(0).bytes.isEmpty());
    QCOMPARE(lines.at(1).bytes, QByteArray("OK"));
    QVERIFY(!lines.at(1).overflowed);
}

void TestCodeScanner::scanner_emitsCodesFramedByCrOrLfAcrossChunks()
{
    auto port = FakePort::create();
    CodeScanner scanner(port->factory(), fastConfig());
    QSignalSpy codes(&scanner, &CodeScanner::codeScanned);
    QSignalSpy rejected(&scanner, &CodeScanner::codeRejected);
    scanner.open();
    QTRY_COMPARE(scanner.status().state, DeviceState::Online);
    port->feed("GD");
    port->feed("-2024");
    port->feed("-0001\r");
    port->feed("\nSECOND\n");
    port->feed(utf8(U"粤").left(2));
    port->feed(utf8(U"粤").mid(2) + "THIRD\r\n");
    QTRY_COMPARE(codes.count(), 3);
    QCOMPARE(scanned(codes), (QStringList{"GD-2024-0001", "SECOND", QString::fromUcs4(U"粤THIRD")}));
    QCOMPARE(rejected.count(), 0);
}

void TestCodeScanner::scanner_rejectsBadPayloadsAndKeepsScanning()
{
    auto port = FakePort::create();
    CodeScanner scanner(port->factory(), fastConfig());
    QSignalSpy codes(&scanner, &CodeScanner::codeScanned);
    QSignalSpy rejected(&scanner, &CodeScanner::codeRejected);
    scanner.open();
    QTRY_COMPARE(scanner.status().state, DeviceState::Online);
    port->feed(utf8(U"pay\u202Etxt.exe") + "\r");
    port->feed(QByteArray("a\x1B[31mb\r"));
    port->feed(QByteArray(3000, 'Q') + "\r");
    port->feed(QByteArray("\xC0\xAF\r"));
    port->feed("VALID-1\r");
    QTRY_COMPARE(codes.count(), 1);
    QTRY_COMPARE(rejected.count(), 4);
    QCOMPARE(reasonAt(rejected, 0), PayloadRejection::BidiControl);
    QCOMPARE(reasonAt(rejected, 1), PayloadRejection::ControlCharacter);
    QCOMPARE(reasonAt(rejected, 2), PayloadRejection::TooLong);
    QCOMPARE(reasonAt(rejected, 3), PayloadRejection::InvalidUtf8);
    QVERIFY(rejected.at(2).at(1).toString().contains(QStringLiteral("3000")));
    QCOMPARE(scanned(codes), QStringList{"VALID-1"});
    QCOMPARE(scanner.status().state, DeviceState::Online); // bad input is not a device fault
}

void TestCodeScanner::scanner_dropsAFragmentFollowedBySilence()
{
    auto port = FakePort::create();
    CodeScanner scanner(port->factory(), fastConfig());
    QSignalSpy codes(&scanner, &CodeScanner::codeScanned);
    QSignalSpy rejected(&scanner, &CodeScanner::codeRejected);
    scanner.open();
    QTRY_COMPARE(scanner.status().state, DeviceState::Online);
    port->feed("HALF-A-CO");
    QTRY_COMPARE(rejected.count(), 1);
    QCOMPARE(reasonAt(rejected, 0), PayloadRejection::Incomplete);
    port->feed("WHOLE\r");
    QTRY_COMPARE(codes.count(), 1);
    QCOMPARE(scanned(codes), QStringList{"WHOLE"}); // the fragment did not glue itself on
}

void TestCodeScanner::scanner_unplugGivesNoDeviceAndReplugComesBack()
{
    auto port = FakePort::create();
    CodeScanner scanner(port->factory(), fastConfig());
    QSignalSpy codes(&scanner, &CodeScanner::codeScanned);
    QSignalSpy status(&scanner, &Device::statusChanged);
    scanner.open();
    QTRY_COMPARE(scanner.status().state, DeviceState::Online);
    port->feed("CUT-OFF-BY-UNP");
    QTRY_VERIFY(port->isOpen());
    port->unplug();
    QTRY_COMPARE(scanner.status().state, DeviceState::NoDevice);
    QCOMPARE(scanner.status().detail, QStringLiteral("code scanner unplugged"));
    QTest::qWait(150);
    port->replug();
    QTRY_COMPARE(scanner.status().state, DeviceState::Online);
    port->feed("AFTER\r");
    QTRY_COMPARE(codes.count(), 1);
    QCOMPARE(scanned(codes), QStringList{"AFTER"}); // a half code from before the unplug is dropped
    QCOMPARE(status.count(), 3);
}

void TestCodeScanner::scanner_selfTestPassesWhenThePortIsOpen()
{
    auto port = FakePort::create();
    CodeScanner scanner(port->factory(), fastConfig());
    QSignalSpy done(&scanner, &Device::selfTestFinished);
    scanner.open();
    QTRY_COMPARE(scanner.status().state, DeviceState::Online);
    scanner.selfTest();
    QTRY_COMPARE(done.count(), 1);
    QVERIFY(done.at(0).at(0).value<SelfTestResult>().passed);
    port->unplug();
    QTRY_COMPARE(scanner.status().state, DeviceState::NoDevice);
    scanner.selfTest();
    QTRY_COMPARE(done.count(), 2);
    QVERIFY(!done.at(1).at(0).value<SelfTestResult>().passed);
}

void TestCodeScanner::scanner_overAKeyboardWedgeEndsCodesWithEnter()
{
    int fds[2];
    QVERIFY(::pipe(fds) == 0);
    bool made = false;
    TransportFactory wedge = [&made, fd = fds[0]]() -> std::unique_ptr<Transport> {
        if (made)
            return nullptr; // one pipe, one link
        made = true;
        return EvdevTransport::fromDescriptor(fd, QStringLiteral("wedge-pipe"), false);
    };
    CodeScannerConfig config = fastConfig();
    config.connection = ScannerConnection::HidWedge;
    CodeScanner scanner(wedge, config);
    QSignalSpy codes(&scanner, &CodeScanner::codeScanned);
    scanner.open();
    QTRY_COMPARE(scanner.status().state, DeviceState::Online);
    QCOMPARE(scanner.capabilities().text(Capability::Connection), QStringLiteral("hid_wedge"));

    QByteArray events;
    auto key = [&events](std::uint16_t code, bool shift) {
        auto add = [&events](std::uint16_t type, std::uint16_t c, std::int32_t v) {
            input_event e{};
            e.type = type;
            e.code = c;
            e.value = v;
            events.append(reinterpret_cast<const char *>(&e), sizeof e);
        };
        if (shift)
            add(EV_KEY, KEY_LEFTSHIFT, 1);
        add(EV_KEY, code, 1);
        add(EV_SYN, SYN_REPORT, 0);
        add(EV_KEY, code, 0);
        if (shift)
            add(EV_KEY, KEY_LEFTSHIFT, 0);
        add(EV_SYN, SYN_REPORT, 0);
    };
    for (const auto &[code, shift] : std::initializer_list<std::pair<std::uint16_t, bool>>{
             {KEY_G, true}, {KEY_D, true}, {KEY_MINUS, false}, {KEY_4, false}, {KEY_2, false}, {KEY_ENTER, false}})
        key(code, shift);
    // Split mid-event, as reads may.
    QCOMPARE(::write(fds[1], events.constData(), 100), ssize_t(100));
    QTest::qWait(20);
    QCOMPARE(::write(fds[1], events.constData() + 100, size_t(events.size() - 100)), ssize_t(events.size() - 100));
    QTRY_COMPARE(codes.count(), 1);
    QCOMPARE(scanned(codes), QStringList{"GD-42"});
    ::close(fds[1]);
    QTRY_COMPARE(scanner.status().state, DeviceState::NoDevice);
}

QTEST_GUILESS_MAIN(TestCodeScanner)
#include "test_code_scanner.moc"
