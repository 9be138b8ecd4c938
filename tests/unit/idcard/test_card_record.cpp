// Specification of the card-record layouts (resident, J, I, Y): hand-built blocks at the devices.md offsets,
// encode -> reply frame -> decode round trips, and a typed error for every kind of bad block.
#include <QTest>

#include "idcard_test_printers.h"

#include "drivers/idcard/card_record.h"
#include "drivers/idcard/frame_codec.h"
#include "idcard_samples.h"

using namespace kiosk::drivers::idcard;
using namespace idcard_samples;

Q_DECLARE_METATYPE(kiosk::drivers::idcard::CardRecord)
Q_DECLARE_METATYPE(kiosk::drivers::idcard::CardRecordError)

namespace {

void compareRecords(const CardRecord &a, const CardRecord &b)
{
    QCOMPARE(a.type, b.type);
    QCOMPARE(a.name, b.name);
    QCOMPARE(a.nameEn, b.nameEn);
    QCOMPARE(a.sex, b.sex);
    QCOMPARE(a.ethnicityCode, b.ethnicityCode);
    QCOMPARE(a.ethnicity, b.ethnicity);
    QCOMPARE(a.birthDate, b.birthDate);
    QCOMPARE(a.address, b.address);
    QCOMPARE(a.idNumber, b.idNumber);
    QCOMPARE(a.authority, b.authority);
    QCOMPARE(a.validFrom, b.validFrom);
    QCOMPARE(a.validTo, b.validTo);
    QCOMPARE(a.validToLongTerm, b.validToLongTerm);
    QCOMPARE(a.passNumber, b.passNumber);
    QCOMPARE(a.issueCount, b.issueCount);
    QCOMPARE(a.nationality, b.nationality);
    QCOMPARE(a.cardVersion, b.cardVersion);
    QCOMPARE(a.oldNumberLink, b.oldNumberLink);
    QCOMPARE(a.wlt, b.wlt);
    QCOMPARE(a.fingerprint, b.fingerprint);
}

QString ucs2At(const QByteArray &block, int offset, int bytes)
{
    QString s;
    for (int i = 0; i < bytes; i += 2)
        s += QChar(qFromLittleEndian<quint16>(block.constData() + offset + i));
    return s;
}

QByteArray validResidentBlock()
{
    const CardEncodeResult enc = encodeTextBlock(resident());
    return enc.bytes;
}

} // namespace

class TestCardRecord : public QObject
{
    Q_OBJECT

private slots:
    void roundTrip_throughReadReplyFrame_data()
    {
        QTest::addColumn<CardRecord>("card");
        QTest::newRow("resident") << resident();
        QTest::newRow("resident, valid to 长期") << residentLongTerm();
        QTest::newRow("J: HK/Macao/Taiwan residence permit") << hkmtPermit();
        QTest::newRow("I: foreigner permanent residence 2017") << foreignPermanent();
        QTest::newRow("Y: foreigner permanent residence 2023") << foreignPermanent2023();
        CardRecord noChineseName = foreignPermanent();
        noChineseName.name.clear();
        QTest::newRow("I without Chinese name") << noChineseName;
        CardRecord shortEnglish = foreignPermanent2023();
        shortEnglish.nameEn = QStringLiteral("LEE, ANNA");
        shortEnglish.issueCount = 2;
        shortEnglish.oldNumberLink = QStringLiteral("001");
        QTest::newRow("Y with short English name, renewed twice") << shortEnglish;
    }
    void roundTrip_throughReadReplyFrame()
    {
        QFETCH(CardRecord, card);
        const CardEncodeResult payload = encodeReadPayload(card);
        QVERIFY2(payload.isOk(), qPrintable(payload.detail));
        QCOMPARE(payload.bytes.size(), 4 + 256 + 1024);
        const QByteArray wire = encodeReply(SamStatus::Ok, payload.bytes);
        QCOMPARE(wire.size(), 1295);

        ReplyDecoder decoder;
        QList<DecodedFrame> frames;
        for (qsizetype i = 0; i < wire.size(); i += 97)
            frames += decoder.feed(wire.mid(i, 97));
        QCOMPARE(frames.size(), 1);
        QVERIFY(frames[0].isOk());
        QVERIFY(frames[0].reply.isOk());

        const CardParseResult parsed = parseReadPayload(frames[0].reply.data);
        QVERIFY2(parsed.isOk(), qPrintable(parsed.detail));
        compareRecords(parsed.record, card);
    }

    void roundTrip_withFingerprint_data()
    {
        QTest::addColumn<int>("fpSize");
        QTest::addColumn<int>("frameSize");
        QTest::newRow("no fingerprint") << 0 << 1297;
        QTest::newRow("one finger") << 512 << 1809;
        QTest::newRow("two fingers") << 1024 << 2321;
    }
    void roundTrip_withFingerprint()
    {
        QFETCH(int, fpSize);
        QFETCH(int, frameSize);
        CardRecord card = resident();
        card.fingerprint = QByteArray(fpSize, '\x6B');
        const CardEncodeResult payload = encodeReadPayload(card, true);
        QVERIFY2(payload.isOk(), qPrintable(payload.detail));
        const QByteArray wire = encodeReply(SamStatus::Ok, payload.bytes);
        QCOMPARE(wire.size(), frameSize);
        ReplyDecoder decoder;
        const auto frames = decoder.feed(wire);
        QCOMPARE(frames.size(), 1);
        const CardParseResult parsed = parseReadPayload(frames[0].reply.data);
        QVERIFY2(parsed.isOk(), qPrintable(parsed.detail));
        compareRecords(parsed.record, card);
    }

    void residentBlockBuiltByHand_parsesAtDevicesMdOffsets()
    {
        QByteArray b = spaceBlock();
        putUcs2(b, 0, QStringLiteral("王小二"));
        putUcs2(b, 30, QStringLiteral("2"));
        putUcs2(b, 32, QStringLiteral("46"));
        putUcs2(b, 36, QStringLiteral("20000229"));
        putUcs2(b, 52, QStringLiteral("广东省佛山市禅城区祖庙路1号"));
        putUcs2(b, 122, QStringLiteral("440604200002291232"));
        putUcs2(b, 158, QStringLiteral("佛山市公安局禅城分局"));
        putUcs2(b, 188, QStringLiteral("20180301"));
        putUcs2(b, 204, QStringLiteral("20280301"));
        const CardParseResult r = parseTextBlock(b);
        QVERIFY2(r.isOk(), qPrintable(r.detail));
        QCOMPARE(r.record.type, CardType::Resident);
        QCOMPARE(r.record.name, QStringLiteral("王小二"));
        QCOMPARE(r.record.sex, Sex::Female);
        QCOMPARE(r.record.ethnicity, QStringLiteral("德昂"));
        QCOMPARE(r.record.birthDate, QDate(2000, 2, 29));
        QCOMPARE(r.record.address, QStringLiteral("广东省佛山市禅城区祖庙路1号"));
        QCOMPARE(r.record.idNumber, QStringLiteral("440604200002291232"));
        QCOMPARE(r.record.authority, QStringLiteral("佛山市公安局禅城分局"));
        QCOMPARE(r.record.validFrom, QDate(2018, 3, 1));
        QCOMPARE(r.record.validTo, QDate(2028, 3, 1));
        QVERIFY(!r.record.validToLongTerm);
    }

    void hkmtBlockBuiltByHand_parsesPassNumberAndIssueCount()
    {
        QByteArray b = spaceBlock();
        putUcs2(b, 0, QStringLiteral("林志强"));
        putUcs2(b, 30, QStringLiteral("1"));
        putUcs2(b, 36, QStringLiteral("19750612"));
        putUcs2(b, 52, QStringLiteral("广东省珠海市香洲区"));
        putUcs2(b, 122, QStringLiteral("820000197506120013"));
        putUcs2(b, 158, QStringLiteral("珠海市公安局"));
        putUcs2(b, 188, QStringLiteral("20200101"));
        putUcs2(b, 204, QStringLiteral("20250101"));
        putUcs2(b, 220, QStringLiteral("M87654321"));
        putUcs2(b, 238, QStringLiteral("03"));
        putUcs2(b, 248, QStringLiteral("J"));
        const CardParseResult r = parseTextBlock(b);
        QVERIFY2(r.isOk(), qPrintable(r.detail));
        QCOMPARE(r.record.type, CardType::HkMacaoTaiwanPermit);
        QCOMPARE(r.record.passNumber, QStringLiteral("M87654321"));
        QCOMPARE(r.record.issueCount, 3);
        QVERIFY(r.record.ethnicity.isEmpty());
        QCOMPARE(r.record.idNumber, QStringLiteral("820000197506120013"));
    }

    void foreign2017BlockBuiltByHand_parsesItsOwnLayout()
    {
        QByteArray b = spaceBlock();
        putUcs2(b, 0, QStringLiteral("MUELLER, HANS"));
        putUcs2(b, 120, QStringLiteral("1"));
        putUcs2(b, 122, QStringLiteral("DEU440081020304"));
        putUcs2(b, 152, QStringLiteral("DEU"));
        putUcs2(b, 158, QStringLiteral("穆勒"));
        putUcs2(b, 188, QStringLiteral("20180101"));
        putUcs2(b, 204, QStringLiteral("20280101"));
        putUcs2(b, 220, QStringLiteral("19810203"));
        putUcs2(b, 236, QStringLiteral("02"));
        putUcs2(b, 240, QStringLiteral("1500"));
        putUcs2(b, 248, QStringLiteral("I"));
        const CardParseResult r = parseTextBlock(b);
        QVERIFY2(r.isOk(), qPrintable(r.detail));
        QCOMPARE(r.record.type, CardType::ForeignPermanent);
        QCOMPARE(r.record.nameEn, QStringLiteral("MUELLER, HANS"));
        QCOMPARE(r.record.sex, Sex::Male);
        QCOMPARE(r.record.idNumber, QStringLiteral("DEU440081020304"));
        QCOMPARE(r.record.nationality, QStringLiteral("DEU"));
        QCOMPARE(r.record.name, QStringLiteral("穆勒"));
        QCOMPARE(r.record.birthDate, QDate(1981, 2, 3));
        QCOMPARE(r.record.cardVersion, QStringLiteral("02"));
        QCOMPARE(r.record.authority, QStringLiteral("1500"));
        QVERIFY(r.record.address.isEmpty());
    }

    void foreign2023BlockBuiltByHand_joinsTheEnglishNameAcrossItsTwoSlots()
    {
        QByteArray b = spaceBlock();
        putUcs2(b, 0, QStringLiteral("田中"));
        putUcs2(b, 30, QStringLiteral("2"));
        putUcs2(b, 32, QStringLiteral("01"));
        putUcs2(b, 36, QStringLiteral("19920715"));
        // 35 characters fill the first slot; the word continues at byte 220.
        putUcs2(b, 52, QStringLiteral("TANAKA, HANAKO ELIZABETH MARGARET K"));
        putUcs2(b, 220, QStringLiteral("ATHERINE"));
        putUcs2(b, 122, QStringLiteral("944392199207150013"));
        putUcs2(b, 188, QStringLiteral("20240101"));
        putUcs2(b, 204, QStringLiteral("20340101"));
        putUcs2(b, 242, QStringLiteral("JPN"));
        putUcs2(b, 248, QStringLiteral("Y"));
        putUcs2(b, 250, QStringLiteral("A01"));
        const CardParseResult r = parseTextBlock(b);
        QVERIFY2(r.isOk(), qPrintable(r.detail));
        QCOMPARE(r.record.type, CardType::ForeignPermanent2023);
        QCOMPARE(r.record.nameEn, QStringLiteral("TANAKA, HANAKO ELIZABETH MARGARET KATHERINE"));
        QCOMPARE(r.record.name, QStringLiteral("田中"));
        QCOMPARE(r.record.sex, Sex::Female);
        QCOMPARE(r.record.issueCount, 1);
        QCOMPARE(r.record.birthDate, QDate(1992, 7, 15));
        QCOMPARE(r.record.idNumber, QStringLiteral("944392199207150013"));
        QCOMPARE(r.record.nationality, QStringLiteral("JPN"));
        QCOMPARE(r.record.oldNumberLink, QStringLiteral("A01"));
    }

    void encoder_writesDevicesMdOffsets()
    {
        const QByteArray res = encodeTextBlock(resident()).bytes;
        QCOMPARE(res.size(), 256);
        QCOMPARE(ucs2At(res, 0, 6), QStringLiteral("陈晓明"));
        QCOMPARE(ucs2At(res, 30, 2), QStringLiteral("1"));
        QCOMPARE(ucs2At(res, 32, 4), QStringLiteral("01"));
        QCOMPARE(ucs2At(res, 36, 16), QStringLiteral("19900307"));
        QCOMPARE(ucs2At(res, 122, 36), QStringLiteral("440106199003072437"));
        QCOMPARE(ucs2At(res, 188, 16), QStringLiteral("20150601"));
        QCOMPARE(ucs2At(res, 204, 16), QStringLiteral("20350601"));
        QCOMPARE(ucs2At(res, 220, 36), QString(18, QLatin1Char(' ')));
        QCOMPARE(ucs2At(res, 6, 24), QString(12, QLatin1Char(' '))); // space padding, not NULs

        const QByteArray lt = encodeTextBlock(residentLongTerm()).bytes;
        QCOMPARE(ucs2At(lt, 204, 16), QStringLiteral("长期      "));

        const QByteArray j = encodeTextBlock(hkmtPermit()).bytes;
        QCOMPARE(ucs2At(j, 220, 18), QStringLiteral("H12345678"));
        QCOMPARE(ucs2At(j, 238, 4), QStringLiteral("01"));
        QCOMPARE(ucs2At(j, 248, 2), QStringLiteral("J"));
        QCOMPARE(ucs2At(j, 32, 4), QStringLiteral("  "));

        const QByteArray i = encodeTextBlock(foreignPermanent()).bytes;
        QCOMPARE(ucs2At(i, 120, 2), QStringLiteral("1"));
        QCOMPARE(ucs2At(i, 152, 6), QStringLiteral("USA"));
        QCOMPARE(ucs2At(i, 220, 16), QStringLiteral("19860501"));
        QCOMPARE(ucs2At(i, 240, 8), QStringLiteral("1500"));
        QCOMPARE(ucs2At(i, 248, 2), QStringLiteral("I"));

        const QByteArray y = encodeTextBlock(foreignPermanent2023()).bytes;
        QCOMPARE(ucs2At(y, 52, 70), QStringLiteral("GONZALEZ RODRIGUEZ, MARIA FERNANDA "));
        QCOMPARE(ucs2At(y, 220, 22), QStringLiteral("ALEJANDRA  "));
        QCOMPARE(ucs2At(y, 242, 6), QStringLiteral("ESP"));
        QCOMPARE(ucs2At(y, 248, 2), QStringLiteral("Y"));
        QCOMPARE(ucs2At(y, 32, 4), QStringLiteral("00"));
    }

    void validToLongTermText_meansLongTerm()
    {
        const CardParseResult r = parseTextBlock(encodeTextBlock(residentLongTerm()).bytes);
        QVERIFY(r.isOk());
        QVERIFY(r.record.validToLongTerm);
        QVERIFY(r.record.validTo.isNull());
    }

    void nulPadding_isTrimmedLikeSpaces()
    {
        QByteArray b = validResidentBlock();
        for (int i = 6; i < 30; ++i) // after the 3-character name
            b[i] = '\0';
        const CardParseResult r = parseTextBlock(b);
        QVERIFY2(r.isOk(), qPrintable(r.detail));
        QCOMPARE(r.record.name, QStringLiteral("陈晓明"));
    }

    void onlyTrailingPadding_isTrimmed_soTheBlockReencodesExactly()
    {
        QByteArray b = validResidentBlock();
        putUcs2(b, 52, QStringLiteral("  广东省广州市"));
        const CardParseResult r = parseTextBlock(b);
        QVERIFY2(r.isOk(), qPrintable(r.detail));
        QCOMPARE(r.record.address, QStringLiteral("  广东省广州市区东风中路123号"));
        QCOMPARE(encodeTextBlock(r.record).bytes, b);
    }

    void foreign2023EnglishName_surrogatePairInContinuation_roundTrips()
    {
        // Found by reasoning about the fuzz invariant: a pair that starts the continuation slot must stay there.
        QByteArray b = encodeTextBlock(foreignPermanent2023()).bytes;
        putUcs2(b, 52, QString(35, QLatin1Char('A')));
        putUcs2(b, 220, QString::fromUcs4(U"\U00020000B        ")); // clears the whole slot
        const CardParseResult r = parseTextBlock(b);
        QVERIFY2(r.isOk(), qPrintable(r.detail));
        QCOMPARE(r.record.nameEn.size(), 38);
        const CardEncodeResult again = encodeTextBlock(r.record);
        QVERIFY2(again.isOk(), qPrintable(again.detail));
        QCOMPARE(again.bytes, b);
    }

    void foreign2023EnglishName_pairAcrossTheSlotBoundary_isRefusedByTheEncoder()
    {
        CardRecord c = foreignPermanent2023();
        c.nameEn = QString(34, QLatin1Char('A')) + QString::fromUcs4(U"\U00020000") + QStringLiteral("B");
        QCOMPARE(encodeTextBlock(c).error, CardRecordError::BadUtf16);
    }

    void badBlocks_giveTypedErrors_data()
    {
        QTest::addColumn<QByteArray>("block");
        QTest::addColumn<CardRecordError>("error");
        QTest::addColumn<QString>("detailMentions");
        const QByteArray good = validResidentBlock();
        auto with = [&good](int offset, const QString &text, int clearBytes = 0) {
            QByteArray b = good;
            for (int i = 0; i < clearBytes; i += 2) {
                b[offset + i] = ' ';
                b[offset + i + 1] = '\0';
            }
            putUcs2(b, offset, text);
            return b;
        };
        QTest::newRow("255 bytes") << good.left(255) << CardRecordError::WrongLength << "255";
        QTest::newRow("257 bytes") << good + 'x' << CardRecordError::WrongLength << "257";
        QTest::newRow("unpaired high surrogate in name")
            << with(0, QString(QChar(0xD800)) + QLatin1Char('A')) << CardRecordError::BadUtf16 << "name";
        QTest::newRow("lone low surrogate in address")
            << with(52, QString(QChar(0xDC00))) << CardRecordError::BadUtf16 << "address";
        QTest::newRow("non-character U+FFFF")
            << with(158, QString(QChar(0xFFFF))) << CardRecordError::BadUtf16 << "authority";
        QTest::newRow("30 February") << with(36, QStringLiteral("20230230")) << CardRecordError::BadDate << "birth";
        QTest::newRow("month 13") << with(188, QStringLiteral("20151301")) << CardRecordError::BadDate << "valid-from";
        QTest::newRow("letters in date") << with(36, QStringLiteral("1990O307")) << CardRecordError::BadDate << "birth";
        QTest::newRow("short date") << with(204, QStringLiteral("2035"), 16) << CardRecordError::BadDate << "valid-to";
        QTest::newRow("valid-to neither date nor 长期")
            << with(204, QStringLiteral("长久"), 16) << CardRecordError::BadDate << "长期";
        QTest::newRow("type flag Z") << with(248, QStringLiteral("Z")) << CardRecordError::UnknownTypeFlag << "U+005A";
        QTest::newRow("sex 3") << with(30, QStringLiteral("3")) << CardRecordError::BadField << "sex";
        QTest::newRow("ethnicity 60") << with(32, QStringLiteral("60")) << CardRecordError::BadField << "GB 3304";
        QTest::newRow("ethnicity blank on a resident card")
            << with(32, QStringLiteral("  ")) << CardRecordError::BadField << "ethnicity";
        QTest::newRow("empty name") << with(0, QString(), 30) << CardRecordError::BadField << "name";
        QTest::newRow("id number with a letter")
            << with(122, QStringLiteral("44010619900307243A")) << CardRecordError::BadField << "id number";
        QTest::newRow("id number of 15 digits")
            << with(122, QStringLiteral("440106900307243"), 36) << CardRecordError::BadField << "id number";

        // Text a reader (or a microcontroller posing as one) returns is screened as the QR filter screens codes:
        // no control, bidi or invisible format characters in any field (issue 15).
        QTest::newRow("bidi override in name") << with(0, QStringLiteral("陈") + QChar(0x202E) + QStringLiteral("明"))
                                               << CardRecordError::BadField << "name holds a bidi control (U+202e)";
        QTest::newRow("escape sequence in address")
            << with(52, QStringLiteral("广州") + QChar(0x1B) + QStringLiteral("[2J")) << CardRecordError::BadField
            << "address holds a control character";
        QTest::newRow("line separator in authority")
            << with(158, QStringLiteral("广州") + QChar(0x2028) + QStringLiteral("公安局")) << CardRecordError::BadField
            << "authority holds a control character";
        QTest::newRow("zero-width joiner in name")
            << with(0, QStringLiteral("陈") + QChar(0x200D) + QStringLiteral("明")) << CardRecordError::BadField
            << "name holds an invisible character";
        QByteArray yBidi = encodeTextBlock(foreignPermanent2023()).bytes;
        putUcs2(yBidi, 52, QStringLiteral("AB") + QChar(0x2066));
        QTest::newRow("bidi isolate in the English name")
            << yBidi << CardRecordError::BadField << "English name holds a bidi control";

        QByteArray y = encodeTextBlock(foreignPermanent2023()).bytes;
        putUcs2(y, 242, QStringLiteral("es1"));
        QTest::newRow("lowercase country code") << y << CardRecordError::BadField << "nationality";
        QByteArray j = encodeTextBlock(hkmtPermit()).bytes;
        putUcs2(j, 238, QStringLiteral("x1"));
        QTest::newRow("issue count not a number") << j << CardRecordError::BadField << "issue count";
    }
    void badBlocks_giveTypedErrors()
    {
        QFETCH(QByteArray, block);
        QFETCH(CardRecordError, error);
        QFETCH(QString, detailMentions);
        const CardParseResult r = parseTextBlock(block);
        QCOMPARE(r.error, error);
        QVERIFY2(r.detail.contains(detailMentions), qPrintable(r.detail));
        // A failed parse hands back no half-filled citizen record.
        QVERIFY(r.record.name.isEmpty());
        QVERIFY(r.record.idNumber.isEmpty());
    }

    void errorDetails_neverContainThePersonalValue()
    {
        QByteArray b = validResidentBlock();
        putUcs2(b, 36, QStringLiteral("19900231"));
        const CardParseResult r = parseTextBlock(b);
        QCOMPARE(r.error, CardRecordError::BadDate);
        QVERIFY(!r.detail.contains(QLatin1String("19900231")));
        QVERIFY(!r.detail.contains(QStringLiteral("陈")));
    }

    void badPayloads_giveWrongLength_data()
    {
        QTest::addColumn<QByteArray>("payload");
        QTest::addColumn<QString>("detailMentions");
        const QByteArray good = encodeReadPayload(resident()).bytes;
        QTest::newRow("empty (a status-only reply)") << QByteArray() << "too short";
        QTest::newRow("one byte short") << good.chopped(1) << "1283";
        QTest::newRow("text length 0x00FF") << QByteArray::fromHex("00FF0400") + good.mid(4) << "255/1024";
        QTest::newRow("photo length 0x0300") << QByteArray::fromHex("01000300") + good.mid(4) << "256/768";
        QByteArray fp = encodeReadPayload(resident(), true).bytes;
        fp[4] = 0x01; // fpLen 256
        fp.append(QByteArray(256, '\0'));
        QTest::newRow("fingerprint length 256") << fp << "fingerprint length is 256";
    }
    void badPayloads_giveWrongLength()
    {
        QFETCH(QByteArray, payload);
        QFETCH(QString, detailMentions);
        const CardParseResult r = parseReadPayload(payload);
        QCOMPARE(r.error, CardRecordError::WrongLength);
        QVERIFY2(r.detail.contains(detailMentions), qPrintable(r.detail));
    }

    void encoder_rejectsWhatDoesNotFit_data()
    {
        QTest::addColumn<CardRecord>("card");
        QTest::addColumn<CardRecordError>("error");
        CardRecord c = resident();
        c.name = QString(16, QChar(0x4E00));
        QTest::newRow("16-character name") << c << CardRecordError::FieldTooLong;
        c = foreignPermanent2023();
        c.nameEn = QString(47, QLatin1Char('A'));
        QTest::newRow("47-character English name on Y") << c << CardRecordError::FieldTooLong;
        c = resident();
        c.ethnicityCode.clear();
        c.ethnicity = QStringLiteral("火星");
        QTest::newRow("ethnicity not in GB 3304") << c << CardRecordError::BadField;
        c = resident();
        c.ethnicityCode = QStringLiteral("57");
        QTest::newRow("ethnicity code 57") << c << CardRecordError::BadField;
        c = resident();
        c.birthDate = QDate();
        QTest::newRow("no birth date") << c << CardRecordError::BadDate;
        c = hkmtPermit();
        c.issueCount = 100;
        QTest::newRow("issue count 100") << c << CardRecordError::FieldTooLong;
    }
    void encoder_rejectsWhatDoesNotFit()
    {
        QFETCH(CardRecord, card);
        QFETCH(CardRecordError, error);
        const CardEncodeResult r = encodeTextBlock(card);
        QCOMPARE(r.error, error);
        QVERIFY(r.bytes.isEmpty());
    }

    void encoder_rejectsPhotoAndFingerprintOfWrongSize()
    {
        CardRecord c = resident();
        c.wlt = QByteArray(1000, '\0');
        QCOMPARE(encodeReadPayload(c).error, CardRecordError::WrongLength);
        c = resident();
        c.fingerprint = QByteArray(100, '\0');
        QCOMPARE(encodeReadPayload(c, true).error, CardRecordError::WrongLength);
        QVERIFY(encodeReadPayload(c, false).isOk()); // 30 01 carries no fingerprint
    }

    void encoder_fillsMissingPhotoWithZeros()
    {
        CardRecord c = resident();
        c.wlt.clear();
        const CardEncodeResult r = encodeReadPayload(c);
        QVERIFY(r.isOk());
        QCOMPARE(r.bytes.mid(4 + 256), QByteArray(1024, '\0'));
    }

    void encoder_derivesEthnicityCodeFromName()
    {
        CardRecord c = resident();
        c.ethnicityCode.clear();
        c.ethnicity = QStringLiteral("维吾尔");
        const CardParseResult r = parseTextBlock(encodeTextBlock(c).bytes);
        QVERIFY(r.isOk());
        QCOMPARE(r.record.ethnicityCode, QStringLiteral("05"));
    }

    void ethnicityTable_isTheFullGb3304_data()
    {
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("name");
        QTest::newRow("01") << "01"
                            << "汉";
        QTest::newRow("02") << "02"
                            << "蒙古";
        QTest::newRow("05") << "05"
                            << "维吾尔";
        QTest::newRow("08") << "08"
                            << "壮";
        QTest::newRow("22") << "22"
                            << "畲";
        QTest::newRow("29") << "29"
                            << "柯尔克孜";
        QTest::newRow("43") << "43"
                            << "乌孜别克";
        QTest::newRow("46") << "46"
                            << "德昂";
        QTest::newRow("49") << "49"
                            << "京";
        QTest::newRow("56") << "56"
                            << "基诺";
        QTest::newRow("97") << "97"
                            << "其他";
        QTest::newRow("98") << "98"
                            << "外国血统中国籍人士";
        QTest::newRow("00 unknown") << "00"
                                    << "";
        QTest::newRow("57 unknown") << "57"
                                    << "";
        QTest::newRow("99 unknown") << "99"
                                    << "";
        QTest::newRow("1 (one digit) unknown") << "1"
                                               << "";
    }
    void ethnicityTable_isTheFullGb3304()
    {
        QFETCH(QString, code);
        QFETCH(QString, name);
        QCOMPARE(ethnicityName(code), name);
        if (!name.isEmpty())
            QCOMPARE(ethnicityCode(name), code);
    }

    void ethnicityTable_hasAll56GroupsWithDistinctNames()
    {
        QSet<QString> names;
        for (int i = 1; i <= 56; ++i) {
            const QString n = ethnicityName(QStringLiteral("%1").arg(i, 2, 10, QLatin1Char('0')));
            QVERIFY2(!n.isEmpty(), qPrintable(QString::number(i)));
            names.insert(n);
        }
        QCOMPARE(names.size(), 56);
    }

    void cardTypeAndSex_haveStableNames()
    {
        QCOMPARE(toString(CardType::Resident), QStringLiteral("resident"));
        QCOMPARE(toString(CardType::HkMacaoTaiwanPermit), QStringLiteral("hkmt_permit"));
        QCOMPARE(toString(CardType::ForeignPermanent), QStringLiteral("foreign_permanent"));
        QCOMPARE(toString(CardType::ForeignPermanent2023), QStringLiteral("foreign_permanent_2023"));
        QCOMPARE(toString(Sex::Male), QStringLiteral("male"));
        QCOMPARE(toString(Sex::Female), QStringLiteral("female"));
    }

    void wipe_clearsEveryFieldAndLeavesIndependentCopiesAlone()
    {
        CardRecord c = hkmtPermit();
        c.fingerprint = QByteArray(512, '\x11');
        c.wlt.detach();
        const QByteArray photoCopy = QByteArray(c.wlt.constData(), c.wlt.size());
        c.wipe();
        QVERIFY(c.name.isEmpty());
        QVERIFY(c.idNumber.isEmpty());
        QVERIFY(c.address.isEmpty());
        QVERIFY(c.passNumber.isEmpty());
        QVERIFY(c.authority.isEmpty());
        QVERIFY(c.wlt.isEmpty());
        QVERIFY(c.fingerprint.isEmpty());
        QVERIFY(c.birthDate.isNull());
        QVERIFY(c.validFrom.isNull());
        QCOMPARE(c.issueCount, -1);
        QCOMPARE(photoCopy, fakeWlt(3));
    }

    void appendedAddress_isTrimmedUcs2()
    {
        QByteArray b(70, '\0');
        for (int i = 0; i < b.size(); i += 2)
            b[i] = ' ';
        putUcs2(b, 0, QStringLiteral("广东省东莞市南城街道鸿福路100号"));
        const AppendedAddressResult r = parseAppendedAddress(b);
        QVERIFY(r.isOk());
        QCOMPARE(r.address, QStringLiteral("广东省东莞市南城街道鸿福路100号"));
        QCOMPARE(parseAppendedAddress(b.left(68)).error, CardRecordError::WrongLength);
        putUcs2(b, 0, QString(QChar(0xDFFF)));
        QCOMPARE(parseAppendedAddress(b).error, CardRecordError::BadUtf16);
        putUcs2(b, 0, QStringLiteral("广州") + QChar(0x202E));
        const AppendedAddressResult bidi = parseAppendedAddress(b);
        QCOMPARE(bidi.error, CardRecordError::BadField);
        QVERIFY(bidi.address.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCardRecord)
#include "test_card_record.moc"
