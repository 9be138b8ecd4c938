// Tests the simulated reader's decoder of host frames: documented commands, any chunking, garbage and bad frames.
#include <QTest>

#include "drivers/idcard/frame_codec.h"
#include "drivers/simulators/sam_command_decoder.h"
#include "simulator_test_support.h"

using namespace kiosk::drivers::simulators;
using simulator_test::hex;

class TestSamCommandDecoder : public QObject
{
    Q_OBJECT
private slots:
    void decodesEveryDocumentedCommand_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::addColumn<int>("cmd");
        QTest::addColumn<int>("para");
        QTest::addColumn<QByteArray>("data");
        QTest::newRow("reset SAM 10 FF") << hex("AA AA AA 96 69 00 03 10 FF EC") << 0x10 << 0xFF << QByteArray();
        QTest::newRow("SAM status 11 FF") << hex("AA AA AA 96 69 00 03 11 FF ED") << 0x11 << 0xFF << QByteArray();
        QTest::newRow("SAM id 12 FF") << hex("AA AA AA 96 69 00 03 12 FF EE") << 0x12 << 0xFF << QByteArray();
        QTest::newRow("find 20 01") << simulator_test::findCard() << 0x20 << 0x01 << QByteArray();
        QTest::newRow("select 20 02") << simulator_test::selectCard() << 0x20 << 0x02 << QByteArray();
        QTest::newRow("read base 30 01") << simulator_test::readBase() << 0x30 << 0x01 << QByteArray();
        QTest::newRow("max RF frame 61 FF 50") << hex("AA AA AA 96 69 00 04 61 FF 50 CA") << 0x61 << 0xFF << hex("50");
        QTest::newRow("baud 60 04") << hex("AA AA AA 96 69 00 03 60 04 67") << 0x60 << 0x04 << QByteArray();
    }
    void decodesEveryDocumentedCommand()
    {
        QFETCH(QByteArray, frame);
        QFETCH(int, cmd);
        QFETCH(int, para);
        QFETCH(QByteArray, data);
        SamCommandDecoder d;
        const auto frames = d.feed(frame);
        QCOMPARE(frames.size(), 1);
        QVERIFY(frames[0].isOk());
        QCOMPARE(int(frames[0].cmd), cmd);
        QCOMPARE(int(frames[0].para), para);
        QCOMPARE(frames[0].data, data);
        QCOMPARE(d.pendingBytes(), 0);
        // The kiosk's own encoder builds the same bytes.
        QCOMPARE(frame, kiosk::drivers::idcard::encodeCommand(std::uint8_t(cmd), std::uint8_t(para), data));
    }

    void partialFrameWaitsForTheRest_atEverySplitPoint()
    {
        const QByteArray frame = simulator_test::readBase();
        for (int split = 1; split < frame.size(); ++split) {
            SamCommandDecoder d;
            QVERIFY(d.feed(frame.left(split)).isEmpty());
            QCOMPARE(d.pendingBytes(), split);
            const auto frames = d.feed(frame.mid(split));
            QCOMPARE(frames.size(), 1);
            QCOMPARE(frames[0].code(), std::uint16_t(0x3001));
        }
    }

    void byteByByteFeedingFindsEveryFrame()
    {
        const QByteArray stream =
            simulator_test::findCard() + simulator_test::selectCard() + simulator_test::readBase();
        SamCommandDecoder d;
        QList<SamCommandFrame> frames;
        for (char c : stream)
            frames += d.feed(QByteArray(1, c));
        QCOMPARE(frames.size(), 3);
        QCOMPARE(frames[0].code(), std::uint16_t(0x2001));
        QCOMPARE(frames[1].code(), std::uint16_t(0x2002));
        QCOMPARE(frames[2].code(), std::uint16_t(0x3001));
    }

    void garbageBeforeAFrameIsSkippedAndCounted()
    {
        SamCommandDecoder d;
        const auto frames = d.feed(hex("00 FF AA 13 AA AA") + simulator_test::findCard());
        QCOMPARE(frames.size(), 1);
        QVERIFY(frames[0].isOk());
        QCOMPARE(d.garbageBytes(), 6);
    }

    void badChecksumIsReportedAndTheNextFrameStillDecodes()
    {
        SamCommandDecoder d;
        const auto frames = d.feed(hex("AA AA AA 96 69 00 03 20 01 23") + simulator_test::findCard());
        QCOMPARE(frames.size(), 2);
        QCOMPARE(frames[0].error, SamCommandFrame::Error::BadChecksum);
        QVERIFY(frames[1].isOk());
    }

    void lengthOutsideTheCommandRangeIsBadLength_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::newRow("LEN 2 cannot hold CMD PARA CHK") << hex("AA AA AA 96 69 00 02 20 22");
        QTest::newRow("LEN 0x0508 is a reply length, not a command") << hex("AA AA AA 96 69 05 08 30 01");
    }
    void lengthOutsideTheCommandRangeIsBadLength()
    {
        QFETCH(QByteArray, frame);
        SamCommandDecoder d;
        const auto frames = d.feed(frame + simulator_test::findCard());
        QCOMPARE(frames.size(), 2);
        QCOMPARE(frames[0].error, SamCommandFrame::Error::BadLength);
        QVERIFY(frames[1].isOk()); // resynchronised on the next preamble
    }

    void discardPartialForgetsAnIncompleteFrame()
    {
        SamCommandDecoder d;
        QVERIFY(d.feed(simulator_test::readBase().left(6)).isEmpty());
        QCOMPARE(d.discardPartial(), 6);
        QCOMPARE(d.pendingBytes(), 0);
        QCOMPARE(d.feed(simulator_test::findCard()).size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestSamCommandDecoder)
#include "test_sam_command_decoder.moc"
