// Tests the simulated reader's replies byte for byte: card state machine, reads that parse back, error statuses.
#include <QTest>

#include "drivers/idcard/card_record.h"
#include "drivers/idcard/frame_codec.h"
#include "drivers/simulators/card_catalogue.h"
#include "drivers/simulators/sam_responder.h"
#include "simulator_test_support.h"

using namespace kiosk::drivers::simulators;
using namespace kiosk::drivers::idcard;
using simulator_test::hex;

namespace {

QByteArray reply(SamResponder &r, const QByteArray &frame)
{
    SamCommandDecoder d;
    const auto frames = d.feed(frame);
    if (frames.size() != 1)
        return "decoder did not find exactly one frame";
    return r.answer(frames[0]).reply;
}

SamReply decodeReply(const QByteArray &bytes)
{
    ReplyDecoder d;
    const auto frames = d.feed(bytes);
    return frames.size() == 1 && frames[0].isOk() ? frames[0].reply : SamReply{};
}

SimulatedCard builtInCard(const QString &id)
{
    const CardCatalogueResult r = CardCatalogue::load(CardCatalogue::builtInPath());
    return r.catalogue.card(id).value_or(SimulatedCard{});
}

} // namespace

class TestSamResponder : public QObject
{
    Q_OBJECT
private slots:
    void samCommandsAnswerOk()
    {
        SamResponder r;
        QCOMPARE(reply(r, simulator_test::resetSam()), hex("AA AA AA 96 69 00 04 00 00 90 94"));
        QCOMPARE(reply(r, hex("AA AA AA 96 69 00 03 11 FF ED")), hex("AA AA AA 96 69 00 04 00 00 90 94"));
        const SamReply id = decodeReply(reply(r, hex("AA AA AA 96 69 00 03 12 FF EE")));
        QCOMPARE(id.sw3, std::uint8_t(0x90));
        QCOMPARE(id.data.size(), 16);
    }

    void findWithoutCardRepliesNoCard()
    {
        SamResponder r;
        QCOMPARE(reply(r, simulator_test::findCard()), simulator_test::noCard());
        QCOMPARE(reply(r, simulator_test::selectCard()), hex("AA AA AA 96 69 00 04 00 00 81 85"));
        QCOMPARE(reply(r, simulator_test::readBase()), hex("AA AA AA 96 69 00 04 00 00 41 45"));
    }

    void findSelectReadGivesTheCardsRecord()
    {
        SamResponder r;
        const SimulatedCard card = builtInCard(QStringLiteral("resident"));
        QVERIFY(!card.id.isEmpty());
        r.insertCard(card);
        QCOMPARE(reply(r, simulator_test::findCard()), simulator_test::findOk()); // devices.md's find-OK bytes
        QCOMPARE(reply(r, simulator_test::selectCard()), simulator_test::selectOk());
        const QByteArray read = reply(r, simulator_test::readBase());
        QCOMPARE(read.size(), 1295);
        QCOMPARE(read.left(13), hex("AA AA AA 96 69 05 08 00 00 90 01 00 04"));
        const SamReply decoded = decodeReply(read);
        QVERIFY(decoded.isOk());
        const CardParseResult parsed = parseReadPayload(decoded.data);
        QVERIFY2(parsed.isOk(), qPrintable(parsed.detail));
        QCOMPARE(parsed.record.name, card.record.name);
        QCOMPARE(parsed.record.idNumber, card.record.idNumber);
        QCOMPARE(parsed.record.wlt, card.record.wlt);
        QCOMPARE(r.counters().reads, 1);
    }

    void readNeedsASelectAfterTheLastFind()
    {
        SamResponder r;
        r.insertCard(builtInCard(QStringLiteral("resident")));
        QCOMPARE(reply(r, simulator_test::readBase()).at(9), char(0x41));   // never found or selected
        QCOMPARE(reply(r, simulator_test::selectCard()).at(9), char(0x81)); // select before find fails
        reply(r, simulator_test::findCard());
        reply(r, simulator_test::selectCard());
        QCOMPARE(reply(r, simulator_test::readBase()).size(), 1295);
        QCOMPARE(reply(r, simulator_test::readBase()).size(), 1295); // rereading a selected card is fine
        reply(r, simulator_test::findCard());                        // a new find re-activates the card
        QCOMPARE(reply(r, simulator_test::readBase()).at(9), char(0x41));
    }

    void removedCardIsNoLongerFound()
    {
        SamResponder r;
        r.insertCard(builtInCard(QStringLiteral("resident")));
        QCOMPARE(reply(r, simulator_test::findCard()), simulator_test::findOk());
        r.removeCard();
        QCOMPARE(reply(r, simulator_test::findCard()), simulator_test::noCard());
    }

    void readWithFingerprintAppendsFpLen_data()
    {
        QTest::addColumn<QString>("card");
        QTest::addColumn<int>("frameSize");
        QTest::addColumn<int>("fpLen");
        QTest::newRow("no fingerprint: fpLen 0, 1297 bytes") << "resident" << 1297 << 0;
        QTest::newRow("512-byte fingerprint: 1809 bytes") << "resident_fingerprint" << 1809 << 512;
    }
    void readWithFingerprintAppendsFpLen()
    {
        QFETCH(QString, card);
        QFETCH(int, frameSize);
        QFETCH(int, fpLen);
        SamResponder r;
        r.insertCard(builtInCard(card));
        reply(r, simulator_test::findCard());
        reply(r, simulator_test::selectCard());
        const QByteArray read = reply(r, encodeCommand(SamCommand::ReadBaseWithFingerprint));
        QCOMPARE(read.size(), frameSize);
        const SamReply decoded = decodeReply(read);
        QVERIFY(decoded.isOk());
        QCOMPARE((std::uint8_t(decoded.data[4]) << 8) | std::uint8_t(decoded.data[5]), fpLen);
        QVERIFY(parseReadPayload(decoded.data).isOk());
    }

    void appendedAddressIsEmptyUnlessTheCardHasOne()
    {
        SamResponder r;
        r.insertCard(builtInCard(QStringLiteral("resident")));
        reply(r, simulator_test::findCard());
        reply(r, simulator_test::selectCard());
        QCOMPARE(reply(r, encodeCommand(SamCommand::ReadAppendedAddress)), hex("AA AA AA 96 69 00 04 00 00 91 95"));

        const SimulatedCard moved = builtInCard(QStringLiteral("resident_long_term"));
        QVERIFY(!moved.appendedAddress.isEmpty());
        r.insertCard(moved);
        reply(r, simulator_test::findCard());
        reply(r, simulator_test::selectCard());
        const SamReply decoded = decodeReply(reply(r, encodeCommand(SamCommand::ReadAppendedAddress)));
        QVERIFY(decoded.isOk());
        const AppendedAddressResult address = parseAppendedAddress(decoded.data);
        QVERIFY(address.isOk());
        QCOMPARE(address.address, moved.appendedAddress);
    }

    void badFramesGetTheirErrorStatus()
    {
        SamResponder r;
        QCOMPARE(reply(r, hex("AA AA AA 96 69 00 03 20 01 23")), simulator_test::checksumError());
        QCOMPARE(reply(r, hex("AA AA AA 96 69 00 02 20 22")), hex("AA AA AA 96 69 00 04 00 00 11 15"));
        QCOMPARE(reply(r, encodeCommand(0x99, 0x01)), simulator_test::badCommand());
        QCOMPARE(reply(r, encodeCommand(0x20, 0x01, hex("00"))), simulator_test::badCommand()); // find takes no data
        QCOMPARE(r.counters().badChecksum, 1);
        QCOMPARE(r.counters().badLength, 1);
        QCOMPARE(r.counters().unknownCommands, 2);
    }

    void baudCommandChangesTheWireTimeSpeed()
    {
        SamResponder r;
        QCOMPARE(reply(r, encodeSetBaudRate(SamBaudRate::B9600)), hex("AA AA AA 96 69 00 04 00 00 90 94"));
        QCOMPARE(r.baudRate(), 9600);
        QCOMPARE(reply(r, encodeSetMaxRfFrame()), hex("AA AA AA 96 69 00 04 00 00 90 94"));
        QCOMPARE(reply(r, encodeCommand(0x60, 0x05)), simulator_test::badCommand());
    }

    void wireTimeIsTenBitsPerByte()
    {
        QCOMPARE(wireTimeMs(1295, 115200), 113); // 12950 bits at 115200 baud = 112.4 ms
        QCOMPARE(wireTimeMs(15, 9600), 16);
        QCOMPARE(wireTimeMs(0, 115200), 0);
    }
};

QTEST_GUILESS_MAIN(TestSamResponder)
#include "test_sam_responder.moc"
