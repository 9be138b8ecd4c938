// Specification of the HID keyboard-wedge transport: the US-layout key table, shift handling, and reading real
// struct input_event records (synthesized, through a pipe, since there is no evdev device here).
#include <QSignalSpy>
#include <QTest>

#include <linux/input.h>
#include <unistd.h>

#include "drivers/transport/evdev_transport.h"
#include "unit/serial_devices/serial_test_printers.h"

using namespace kiosk::drivers;

namespace {

input_event event(std::uint16_t type, std::uint16_t code, std::int32_t value)
{
    input_event e{};
    e.type = type;
    e.code = code;
    e.value = value;
    return e;
}

// What a scanner's keyboard sends for one key: MSC_SCAN, press, SYN, release, SYN.
void appendKey(QByteArray &out, std::uint16_t code, bool shift = false)
{
    QList<input_event> evs;
    if (shift)
        evs << event(EV_KEY, KEY_LEFTSHIFT, 1) << event(EV_SYN, SYN_REPORT, 0);
    evs << event(EV_MSC, MSC_SCAN, 0x70004) << event(EV_KEY, code, 1) << event(EV_SYN, SYN_REPORT, 0)
        << event(EV_KEY, code, 0) << event(EV_SYN, SYN_REPORT, 0);
    if (shift)
        evs << event(EV_KEY, KEY_LEFTSHIFT, 0) << event(EV_SYN, SYN_REPORT, 0);
    for (const input_event &e : evs)
        out.append(reinterpret_cast<const char *>(&e), sizeof e);
}

QByteArray joined(const QSignalSpy &spy)
{
    QByteArray all;
    for (const QList<QVariant> &args : spy)
        all += args.at(0).toByteArray();
    return all;
}

struct Pipe {
    int fds[2] = {-1, -1};
    Pipe() { QVERIFY(::pipe(fds) == 0); }
    ~Pipe() { closeWriter(); }
    void closeWriter()
    {
        if (fds[1] >= 0)
            ::close(fds[1]);
        fds[1] = -1;
    }
    bool write(const QByteArray &b) { return ::write(fds[1], b.constData(), size_t(b.size())) == b.size(); }
};

} // namespace

class TestEvdevTransport : public QObject
{
    Q_OBJECT

private slots:
    void translate_followsTheUsLayout_data();
    void translate_followsTheUsLayout();
    void feed_typesOnPressOnlyAndTracksBothShiftKeys();
    void feed_countsKeysThatTypeNothing();
    void pipeOfInputEvents_becomesTheTypedBytes();
    void eventSplitAcrossReads_isReassembled();
    void writerClosing_isDisconnected();
    void grabbingSomethingThatIsNotAnEvdevDevice_failsToOpen();
    void missingDeviceNode_isOpenFailed();
    void write_isRefusedBecauseWedgesTakeNoCommands();
};

void TestEvdevTransport::translate_followsTheUsLayout_data()
{
    QTest::addColumn<int>("code");
    QTest::addColumn<bool>("shift");
    QTest::addColumn<int>("expected"); // -1: types nothing

    QTest::newRow("KEY_A") << int(KEY_A) << false << int('a');
    QTest::newRow("shift KEY_A") << int(KEY_A) << true << int('A');
    QTest::newRow("KEY_Z") << int(KEY_Z) << false << int('z');
    QTest::newRow("shift KEY_Q") << int(KEY_Q) << true << int('Q');
    QTest::newRow("KEY_1") << int(KEY_1) << false << int('1');
    QTest::newRow("shift KEY_1") << int(KEY_1) << true << int('!');
    QTest::newRow("KEY_0") << int(KEY_0) << false << int('0');
    QTest::newRow("shift KEY_0") << int(KEY_0) << true << int(')');
    QTest::newRow("shift KEY_2") << int(KEY_2) << true << int('@');
    QTest::newRow("KEY_MINUS") << int(KEY_MINUS) << false << int('-');
    QTest::newRow("shift KEY_MINUS") << int(KEY_MINUS) << true << int('_');
    QTest::newRow("KEY_EQUAL") << int(KEY_EQUAL) << false << int('=');
    QTest::newRow("shift KEY_EQUAL") << int(KEY_EQUAL) << true << int('+');
    QTest::newRow("KEY_SLASH") << int(KEY_SLASH) << false << int('/');
    QTest::newRow("shift KEY_SLASH") << int(KEY_SLASH) << true << int('?');
    QTest::newRow("KEY_DOT") << int(KEY_DOT) << false << int('.');
    QTest::newRow("shift KEY_SEMICOLON") << int(KEY_SEMICOLON) << true << int(':');
    QTest::newRow("KEY_APOSTROPHE") << int(KEY_APOSTROPHE) << false << int('\'');
    QTest::newRow("shift KEY_APOSTROPHE") << int(KEY_APOSTROPHE) << true << int('"');
    QTest::newRow("shift KEY_3") << int(KEY_3) << true << int('#');
    QTest::newRow("shift KEY_LEFTBRACE") << int(KEY_LEFTBRACE) << true << int('{');
    QTest::newRow("KEY_BACKSLASH") << int(KEY_BACKSLASH) << false << int('\\');
    QTest::newRow("KEY_GRAVE") << int(KEY_GRAVE) << false << int('`');
    QTest::newRow("KEY_SPACE") << int(KEY_SPACE) << false << int(' ');
    QTest::newRow("KEY_ENTER") << int(KEY_ENTER) << false << int('\r');
    QTest::newRow("KEY_KPENTER") << int(KEY_KPENTER) << false << int('\r');
    QTest::newRow("KEY_KP7") << int(KEY_KP7) << false << int('7');
    QTest::newRow("KEY_KPMINUS") << int(KEY_KPMINUS) << false << int('-');
    QTest::newRow("KEY_TAB") << int(KEY_TAB) << false << int('\t');
    QTest::newRow("KEY_F1 types nothing") << int(KEY_F1) << false << -1;
    QTest::newRow("KEY_LEFTALT types nothing") << int(KEY_LEFTALT) << false << -1;
    QTest::newRow("KEY_ESC types nothing") << int(KEY_ESC) << false << -1;
}

void TestEvdevTransport::translate_followsTheUsLayout()
{
    QFETCH(int, code);
    QFETCH(bool, shift);
    QFETCH(int, expected);
    const std::optional<char> c = EvdevKeyTranslator::translate(std::uint16_t(code), shift);
    QCOMPARE(c ? int(*c) : -1, expected);
}

void TestEvdevTransport::feed_typesOnPressOnlyAndTracksBothShiftKeys()
{
    EvdevKeyTranslator t;
    QByteArray typed;
    auto feed = [&](std::uint16_t type, std::uint16_t code, std::int32_t value) {
        if (const auto c = t.feed(type, code, value))
            typed.append(*c);
    };
    feed(EV_KEY, KEY_A, 1);
    feed(EV_KEY, KEY_A, 2); // auto-repeat: ignored
    feed(EV_KEY, KEY_A, 0); // release: ignored
    feed(EV_KEY, KEY_RIGHTSHIFT, 1);
    feed(EV_KEY, KEY_B, 1);
    feed(EV_KEY, KEY_B, 0);
    feed(EV_KEY, KEY_RIGHTSHIFT, 0);
    feed(EV_KEY, KEY_LEFTSHIFT, 1);
    feed(EV_KEY, KEY_RIGHTSHIFT, 1);
    feed(EV_KEY, KEY_RIGHTSHIFT, 0); // left still held
    feed(EV_KEY, KEY_C, 1);
    feed(EV_KEY, KEY_LEFTSHIFT, 0);
    feed(EV_KEY, KEY_D, 1);
    feed(EV_SYN, SYN_REPORT, 0);
    feed(EV_MSC, MSC_SCAN, 0x70007);
    QCOMPARE(typed, QByteArray("aBCd"));
}

void TestEvdevTransport::feed_countsKeysThatTypeNothing()
{
    EvdevKeyTranslator t;
    QVERIFY(!t.feed(EV_KEY, KEY_F5, 1));
    QVERIFY(!t.feed(EV_KEY, KEY_LEFTCTRL, 1)); // a modifier is not a stray key
    QCOMPARE(t.untranslatedPresses(), 1);
}

void TestEvdevTransport::pipeOfInputEvents_becomesTheTypedBytes()
{
    Pipe pipe;
    auto t = EvdevTransport::fromDescriptor(pipe.fds[0], QStringLiteral("pipe"), false);
    QSignalSpy bytes(t.get(), &Transport::bytesReceived);
    QVERIFY(t->open());
    QByteArray events;
    // "Ab-9?" + Enter, as a US-layout wedge types it.
    appendKey(events, KEY_A, true);
    appendKey(events, KEY_B);
    appendKey(events, KEY_MINUS);
    appendKey(events, KEY_9);
    appendKey(events, KEY_SLASH, true);
    appendKey(events, KEY_ENTER);
    QVERIFY(pipe.write(events));
    QTRY_COMPARE(joined(bytes), QByteArray("Ab-9?\r"));
}

void TestEvdevTransport::eventSplitAcrossReads_isReassembled()
{
    Pipe pipe;
    auto t = EvdevTransport::fromDescriptor(pipe.fds[0], QStringLiteral("pipe"), false);
    QSignalSpy bytes(t.get(), &Transport::bytesReceived);
    QVERIFY(t->open());
    QByteArray events;
    appendKey(events, KEY_X);
    appendKey(events, KEY_Y);
    const int cut = int(sizeof(input_event)) * 3 + 5; // in the middle of the X press
    QVERIFY(pipe.write(events.left(cut)));
    QTest::qWait(30);
    QVERIFY(pipe.write(events.mid(cut)));
    QTRY_COMPARE(joined(bytes), QByteArray("xy"));
}

void TestEvdevTransport::writerClosing_isDisconnected()
{
    Pipe pipe;
    auto t = EvdevTransport::fromDescriptor(pipe.fds[0], QStringLiteral("pipe"), false);
    QSignalSpy errors(t.get(), &Transport::errorOccurred);
    QSignalSpy closed(t.get(), &Transport::closed);
    QVERIFY(t->open());
    pipe.closeWriter();
    QTRY_COMPARE(closed.count(), 1);
    QCOMPARE(errors.count(), 1);
    QCOMPARE(errors.at(0).at(0).value<TransportError>().code, TransportErrorCode::Disconnected);
    QVERIFY(!t->isOpen());
}

void TestEvdevTransport::grabbingSomethingThatIsNotAnEvdevDevice_failsToOpen()
{
    Pipe pipe;
    auto t = EvdevTransport::fromDescriptor(pipe.fds[0], QStringLiteral("pipe"), true);
    QSignalSpy errors(t.get(), &Transport::errorOccurred);
    QVERIFY(!t->open());
    QCOMPARE(errors.count(), 1);
    QCOMPARE(errors.at(0).at(0).value<TransportError>().code, TransportErrorCode::OpenFailed);
    QVERIFY(errors.at(0).at(0).value<TransportError>().message.contains(QStringLiteral("grab")));
}

void TestEvdevTransport::missingDeviceNode_isOpenFailed()
{
    EvdevTransport t({QStringLiteral("/nonexistent/input/event99"), true});
    QSignalSpy errors(&t, &Transport::errorOccurred);
    QVERIFY(!t.open());
    QCOMPARE(errors.at(0).at(0).value<TransportError>().code, TransportErrorCode::OpenFailed);
}

void TestEvdevTransport::write_isRefusedBecauseWedgesTakeNoCommands()
{
    Pipe pipe;
    auto t = EvdevTransport::fromDescriptor(pipe.fds[0], QStringLiteral("pipe"), false);
    QSignalSpy errors(t.get(), &Transport::errorOccurred);
    QVERIFY(t->open());
    QVERIFY(!t->write("x"));
    QCOMPARE(errors.at(0).at(0).value<TransportError>().code, TransportErrorCode::Io);
    QVERIFY(t->isOpen());
}

QTEST_GUILESS_MAIN(TestEvdevTransport)
#include "test_evdev_transport.moc"
