// Specification of the SAM_V frame codec: exact command bytes from devices.md, status meanings, and the
// incremental reply decoder under every chunking, corruption and garbage we could think of.
#include <QRandomGenerator>
#include <QTest>

#include "idcard_test_printers.h"

#include "drivers/idcard/frame_codec.h"

using namespace kiosk::drivers::idcard;

namespace {

QByteArray hex(const char *h)
{
    return QByteArray::fromHex(h);
}

QList<DecodedFrame> feedInChunks(ReplyDecoder &d, const QByteArray &bytes, const QList<int> &sizes)
{
    QList<DecodedFrame> out;
    qsizetype pos = 0;
    int i = 0;
    while (pos < bytes.size()) {
        const int n = sizes.isEmpty() ? 1 : sizes[i++ % sizes.size()];
        out += d.feed(bytes.mid(pos, n));
        pos += n;
    }
    return out;
}

} // namespace

class TestFrameCodec : public QObject
{
    Q_OBJECT

private slots:
    void commands_matchDevicesMdBytes_data()
    {
        QTest::addColumn<QByteArray>("actual");
        QTest::addColumn<QByteArray>("expected");
        // The four examples spelled out in devices.md, then the rest computed by hand (CHK = XOR from LEN_H).
        QTest::newRow("reset SAM 10 FF") << encodeCommand(SamCommand::ResetSam) << hex("AAAAAA9669000310FFEC");
        QTest::newRow("find card 20 01") << encodeCommand(SamCommand::FindCard) << hex("AAAAAA9669000320 0122");
        QTest::newRow("select card 20 02") << encodeCommand(SamCommand::SelectCard) << hex("AAAAAA96690003200221");
        QTest::newRow("read base 30 01") << encodeCommand(SamCommand::ReadBase) << hex("AAAAAA96690003300132");
        QTest::newRow("SAM status 11 FF") << encodeCommand(SamCommand::SamStatus) << hex("AAAAAA9669000311FFED");
        QTest::newRow("SAM id 12 FF") << encodeCommand(SamCommand::SamId) << hex("AAAAAA9669000312FFEE");
        QTest::newRow("appended address 30 03")
            << encodeCommand(SamCommand::ReadAppendedAddress) << hex("AAAAAA96690003300330");
        QTest::newRow("base+fingerprint 30 10")
            << encodeCommand(SamCommand::ReadBaseWithFingerprint) << hex("AAAAAA96690003301023");
        QTest::newRow("baud 115200 60 00") << encodeSetBaudRate(SamBaudRate::B115200) << hex("AAAAAA96690003600063");
        QTest::newRow("baud 9600 60 04") << encodeSetBaudRate(SamBaudRate::B9600) << hex("AAAAAA96690003600467");
        QTest::newRow("max RF frame 61 FF 50") << encodeSetMaxRfFrame() << hex("AAAAAA96690004 61FF50CA");
    }
    void commands_matchDevicesMdBytes()
    {
        QFETCH(QByteArray, actual);
        QFETCH(QByteArray, expected);
        QCOMPARE(actual.toHex(' '), expected.toHex(' '));
    }

    void checksum_coversLengthBytesButNotPreamble()
    {
        const QByteArray f = encodeCommand(0x20, 0x01);
        QCOMPARE(xorChecksum(f.constData() + 5, f.size() - 6), std::uint8_t(f.back()));
        QCOMPARE(xorChecksum(nullptr, 0), std::uint8_t(0));
    }

    void lengthField_isBigEndianAndCountsChecksum()
    {
        const QByteArray f = encodeCommand(0x30, 0x01, QByteArray(300, '\x11'));
        QCOMPARE(int(uchar(f[5])), 0x01); // 2 + 300 + 1 = 303 = 0x012F
        QCOMPARE(int(uchar(f[6])), 0x2F);
        QCOMPARE(f.size(), 7 + 303);
    }

    void findOkReply_encodesToDevicesMdBytes()
    {
        QCOMPARE(encodeReply(SamStatus::CardFound, QByteArray(4, '\0')).toHex(' '),
                 hex("AAAAAA96690008 00009F 00000000 97").toHex(' '));
    }

    void readBaseReply_isLength0x0508And1295Bytes()
    {
        QByteArray payload;
        payload += hex("01000400");
        payload += QByteArray(256 + 1024, '\x20');
        const QByteArray f = encodeReply(SamStatus::Ok, payload);
        QCOMPARE(f.size(), 1295);
        QCOMPARE(f.mid(5, 2), hex("0508"));
    }

    void status_hasReadableMeaning_data()
    {
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("words");
        QTest::newRow("90") << 0x90 << "0x90 operation succeeded";
        QTest::newRow("9F") << 0x9F << "0x9F card found";
        QTest::newRow("80") << 0x80 << "0x80 no card found";
        QTest::newRow("81") << 0x81 << "0x81 card select failed";
        QTest::newRow("41") << 0x41 << "0x41 card read failed";
        QTest::newRow("40") << 0x40 << "0x40 unknown card type";
        QTest::newRow("91") << 0x91 << "0x91 the card has no content for this item";
        QTest::newRow("10") << 0x10 << "0x10 reader received a command with a bad checksum";
        QTest::newRow("11") << 0x11 << "0x11 reader received a command with a bad length";
        QTest::newRow("21") << 0x21 << "0x21 reader did not recognise the command";
        QTest::newRow("23") << 0x23 << "0x23 operation not authorised";
        QTest::newRow("24") << 0x24 << "0x24 unrecognised error";
        QTest::newRow("31") << 0x31 << "0x31 card failed to authenticate the SAM";
        QTest::newRow("32") << 0x32 << "0x32 SAM failed to authenticate the card";
        QTest::newRow("33") << 0x33 << "0x33 information verification failed";
        QTest::newRow("47") << 0x47 << "0x47 random number generation failed";
        QTest::newRow("60") << 0x60 << "0x60 SAM self-test failed";
        QTest::newRow("66") << 0x66 << "0x66 SAM is not authorised";
    }
    void status_hasReadableMeaning()
    {
        QFETCH(int, code);
        QFETCH(QString, words);
        QVERIFY(isKnownStatus(std::uint8_t(code)));
        QCOMPARE(describeStatus(std::uint8_t(code)), words);
    }

    void unknownStatus_isReportedAsUnknown()
    {
        QVERIFY(!isKnownStatus(0x7A));
        QVERIFY(!isKnownStatus(0x00));
        QCOMPARE(describeStatus(0x7A), QStringLiteral("0x7A unknown status code"));
        QCOMPARE(describeStatus(0x00), QStringLiteral("0x00 unknown status code"));
    }

    void unknownStatusReply_isDecodedWithItsCode()
    {
        ReplyDecoder d;
        const auto frames = d.feed(encodeReply(std::uint8_t(0x7A)));
        QCOMPARE(frames.size(), 1);
        QVERIFY(frames[0].isOk());
        QCOMPARE(int(frames[0].reply.sw3), 0x7A);
        QVERIFY(!frames[0].reply.isOk());
        QVERIFY(frames[0].reply.describe().contains(QLatin1String("unknown status code")));
    }

    void decoder_wholeFrame_yieldsReply()
    {
        ReplyDecoder d;
        const auto frames = d.feed(hex("AAAAAA9669000800009F0000000097"));
        QCOMPARE(frames.size(), 1);
        QVERIFY(frames[0].isOk());
        QCOMPARE(frames[0].reply.status(), SamStatus::CardFound);
        QCOMPARE(frames[0].reply.data, QByteArray(4, '\0'));
        QCOMPARE(d.garbageBytes(), 0);
        QCOMPARE(d.pendingBytes(), 0);
    }

    void decoder_byteByByte_yieldsSameFrames()
    {
        const QByteArray payload = QByteArray(1284, '\x5A');
        const QByteArray stream = encodeReply(SamStatus::Ok, payload) + encodeReply(SamStatus::NoCard) +
                                  encodeReply(SamStatus::CardFound, QByteArray(4, '\0'));
        ReplyDecoder d;
        QList<DecodedFrame> frames;
        for (char c : stream) {
            const auto got = d.feed(&c, 1);
            frames += got;
        }
        QCOMPARE(frames.size(), 3);
        QCOMPARE(frames[0].reply.data, payload);
        QCOMPARE(frames[1].reply.status(), SamStatus::NoCard);
        QCOMPARE(frames[2].reply.status(), SamStatus::CardFound);
        QCOMPARE(d.garbageBytes(), 0);
    }

    void decoder_randomChunks_yieldSameFrames()
    {
        QRandomGenerator rng(20240101); // fixed seed: failures reproduce
        QByteArray payload(1284, '\0');
        for (char &c : payload)
            c = char(rng.bounded(256));
        QByteArray stream;
        for (int i = 0; i < 10; ++i)
            stream += encodeReply(SamStatus::Ok, payload) + encodeReply(SamStatus::CardFound, QByteArray(4, '\0'));
        for (int round = 0; round < 50; ++round) {
            QList<int> sizes;
            for (int i = 0; i < 64; ++i)
                sizes << 1 + rng.bounded(700);
            ReplyDecoder d;
            const auto frames = feedInChunks(d, stream, sizes);
            QCOMPARE(frames.size(), 20);
            for (int i = 0; i < frames.size(); ++i) {
                QVERIFY(frames[i].isOk());
                QCOMPARE(frames[i].reply.data, i % 2 == 0 ? payload : QByteArray(4, '\0'));
            }
            QCOMPARE(d.pendingBytes(), 0);
        }
    }

    void decoder_garbageBeforePreamble_isSkippedAndCounted()
    {
        ReplyDecoder d;
        QByteArray stream = hex("00FF13AAAA96"); // 6 bytes of noise, including a broken preamble
        stream += encodeReply(SamStatus::NoCard);
        const auto frames = feedInChunks(d, stream, {2});
        QCOMPARE(frames.size(), 1);
        QCOMPARE(frames[0].reply.status(), SamStatus::NoCard);
        QCOMPARE(d.garbageBytes(), 6);
    }

    void decoder_extraLeadingAA_isGarbageNotAFrameStart()
    {
        ReplyDecoder d;
        const auto frames = d.feed(hex("AA") + encodeReply(SamStatus::Ok));
        QCOMPARE(frames.size(), 1);
        QVERIFY(frames[0].isOk());
        QCOMPARE(d.garbageBytes(), 1);
    }

    void decoder_badChecksum_isReportedAndNextFrameStillFound()
    {
        QByteArray bad = encodeReply(SamStatus::Ok, QByteArray(1284, '\x33'));
        bad[100] = char(bad[100] ^ 0x01);
        ReplyDecoder d;
        const auto frames = d.feed(bad + encodeReply(SamStatus::NoCard));
        QCOMPARE(frames.size(), 2);
        QCOMPARE(frames[0].error, FrameError::BadChecksum);
        QVERIFY(frames[0].detail.contains(QLatin1String("checksum")));
        QVERIFY(frames[1].isOk());
        QCOMPARE(frames[1].reply.status(), SamStatus::NoCard);
    }

    void decoder_wrongChecksumByte_isBadChecksum()
    {
        QByteArray f = hex("AAAAAA9669000800009F0000000098");
        ReplyDecoder d;
        const auto frames = d.feed(f);
        QCOMPARE(frames.size(), 1);
        QCOMPARE(frames[0].error, FrameError::BadChecksum);
        QVERIFY(frames[0].detail.contains(QLatin1String("0x98")));
        QVERIFY(frames[0].detail.contains(QLatin1String("0x97")));
    }

    void decoder_lostByte_resynchronisesOnFollowingFrame()
    {
        QByteArray first = encodeReply(SamStatus::Ok, QByteArray(40, '\x01'));
        first.remove(20, 1); // a byte lost on the wire: LEN now reaches into the next frame
        ReplyDecoder d;
        auto frames =
            d.feed(first + encodeReply(SamStatus::NoCard) + encodeReply(SamStatus::CardFound, QByteArray(4, '\0')));
        frames += d.flush();
        QVERIFY(frames.size() >= 2);
        QCOMPARE(frames[0].error, FrameError::BadChecksum);
        QVERIFY(frames.last().isOk());
        QCOMPARE(frames.last().reply.status(), SamStatus::CardFound);
    }

    void decoder_lengthTooSmall_isBadLength_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::newRow("LEN 0") << hex("AAAAAA9669000000");
        QTest::newRow("LEN 3") << hex("AAAAAA9669000300009003");
    }
    void decoder_lengthTooSmall_isBadLength()
    {
        QFETCH(QByteArray, frame);
        ReplyDecoder d;
        const auto frames = d.feed(frame);
        QVERIFY(!frames.isEmpty());
        QCOMPARE(frames[0].error, FrameError::BadLength);
    }

    void decoder_oversizedLength_isRejectedWithoutBuffering()
    {
        ReplyDecoder d;
        const auto frames = d.feed(hex("AAAAAA96691001")); // LEN 4097
        QCOMPARE(frames.size(), 1);
        QCOMPARE(frames[0].error, FrameError::OversizedLength);
        QVERIFY(frames[0].detail.contains(QLatin1String("4097")));
        QVERIFY(d.pendingBytes() < 5);
    }

    void decoder_lengthAtCap_isAccepted()
    {
        ReplyDecoder d;
        const auto frames = d.feed(encodeReply(SamStatus::Ok, QByteArray(kMaxReplyLength - 4, '\x07')));
        QCOMPARE(frames.size(), 1);
        QVERIFY(frames[0].isOk());
    }

    void decoder_customCap_isHonoured()
    {
        ReplyDecoder d(100);
        const auto frames = d.feed(encodeReply(SamStatus::Ok, QByteArray(200, '\x07')));
        QVERIFY(!frames.isEmpty());
        QCOMPARE(frames[0].error, FrameError::OversizedLength);
    }

    void decoder_flushMidFrame_reportsTruncated()
    {
        const QByteArray f = encodeReply(SamStatus::Ok, QByteArray(1284, '\x01'));
        ReplyDecoder d;
        QVERIFY(d.feed(f.left(600)).isEmpty());
        QCOMPARE(d.pendingBytes(), 600);
        const auto frames = d.flush();
        QCOMPARE(frames.size(), 1);
        QCOMPARE(frames[0].error, FrameError::Truncated);
        QVERIFY(frames[0].detail.contains(QLatin1String("600 of 1295")));
        QCOMPARE(d.pendingBytes(), 0);
    }

    void decoder_flushAfterPreambleOnly_reportsTruncated()
    {
        ReplyDecoder d;
        d.feed(hex("AAAAAA9669"));
        const auto frames = d.flush();
        QCOMPARE(frames.size(), 1);
        QCOMPARE(frames[0].error, FrameError::Truncated);
    }

    void decoder_flushWithPartialPreamble_countsItAsGarbage()
    {
        ReplyDecoder d;
        QVERIFY(d.feed(hex("AAAA")).isEmpty());
        QCOMPARE(d.pendingBytes(), 2);
        QVERIFY(d.flush().isEmpty());
        QCOMPARE(d.garbageBytes(), 2);
    }

    void decoder_pureGarbage_yieldsNothingAndKeepsNoMoreThanAPreambleTail()
    {
        ReplyDecoder d;
        QByteArray noise(10000, '\x55');
        QVERIFY(d.feed(noise).isEmpty());
        QCOMPARE(d.garbageBytes(), 10000);
        QCOMPARE(d.pendingBytes(), 0);
    }

    void decoder_afterFlush_decodesNewFrames()
    {
        ReplyDecoder d;
        d.feed(encodeReply(SamStatus::Ok).left(8));
        d.flush();
        const auto frames = d.feed(encodeReply(SamStatus::CardFound, QByteArray(4, '\0')));
        QCOMPARE(frames.size(), 1);
        QVERIFY(frames[0].isOk());
    }

    void reset_forgetsBufferAndCounters()
    {
        ReplyDecoder d;
        d.feed(hex("0102AAAAAA9669"));
        d.reset();
        QCOMPARE(d.pendingBytes(), 0);
        QCOMPARE(d.garbageBytes(), 0);
    }

    void replyWipe_zeroesAndClearsData()
    {
        SamReply r;
        r.sw3 = 0x90;
        r.data = QByteArray(16, '\x42');
        r.wipe();
        QVERIFY(r.data.isEmpty());
        QCOMPARE(int(r.sw3), 0);
    }

    void secureZero_zeroesEveryByteWithoutTouchingSharedCopies()
    {
        QByteArray a(32, '\x42');
        const QByteArray shared = a;
        secureZero(a);
        QCOMPARE(a, QByteArray(32, '\0'));
        QCOMPARE(shared, QByteArray(32, '\x42'));
    }
};

QTEST_GUILESS_MAIN(TestFrameCodec)
#include "test_frame_codec.moc"
