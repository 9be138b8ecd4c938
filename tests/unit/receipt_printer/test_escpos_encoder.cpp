// Specification of the ESC/POS encoder: exact bytes per devices.md, GB18030 text, the text policy, QR and helpers.
#include <QStringDecoder>
#include <QTest>

#include <functional>

#include "drivers/receipt_printer/escpos_encoder.h"

using namespace kiosk::drivers::escpos;

namespace {
QByteArray hex(const char *spaced)
{
    return QByteArray::fromHex(QByteArray(spaced).replace(' ', ""));
}

using Build = std::function<void(EscPosEncoder &)>;
} // namespace

Q_DECLARE_METATYPE(Build)
Q_DECLARE_METATYPE(EncodeError::Kind)

class TestEscPosEncoder : public QObject
{
    Q_OBJECT

private slots:
    void command_producesTheBytesInDevicesMd_data();
    void command_producesTheBytesInDevicesMd();

    void text_isEncodedInGb18030_data();
    void text_isEncodedInGb18030();
    void text_withUnprintableCharacter_isRejectedAndWritesNothing_data();
    void text_withUnprintableCharacter_isRejectedAndWritesNothing();
    void text_nonAsciiWhileChineseModeOff_isRejected();
    void stripUnprintable_removesExactlyWhatTextRejects();
    void firstError_isKept_andLaterValidCallsStillAppend();

    void invalidArgument_isRejectedAndWritesNothing_data();
    void invalidArgument_isRejectedAndWritesNothing();

    void qrStore_lengthFieldIsPayloadPlusThree_data();
    void qrStore_lengthFieldIsPayloadPlusThree();
    void qrStore_300BytePayload_hasPl2FPh01();
    void qrStore_payloadBeyondLevelCapacity_isRejected_data();
    void qrStore_payloadBeyondLevelCapacity_isRejected();
    void qrCode_sendsModelSizeLevelStorePrintInOrder();

    void displayWidth_countsNonAsciiAsTwoColumns_data();
    void displayWidth_countsNonAsciiAsTwoColumns();
    void horizontalRule_fillsExactlyOneLine_data();
    void horizontalRule_fillsExactlyOneLine();
    void twoColumns_padsToFullWidthByDisplayWidth_data();
    void twoColumns_padsToFullWidthByDisplayWidth();
    void twoColumns_atDoubleWidth_padsTo24Columns();
    void twoColumns_tooLongForOneLine_givesLeftItsOwnLine();
};

void TestEscPosEncoder::command_producesTheBytesInDevicesMd_data()
{
    QTest::addColumn<Build>("build");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("init") << Build([](EscPosEncoder &e) { e.initialize(); }) << hex("1B 40");
    QTest::newRow("chinese mode on") << Build([](EscPosEncoder &e) { e.chineseMode(true); }) << hex("1C 26");
    QTest::newRow("chinese mode off") << Build([](EscPosEncoder &e) { e.chineseMode(false); }) << hex("1C 2E");
    QTest::newRow("chinese print mode normal")
        << Build([](EscPosEncoder &e) { e.chinesePrintMode(ChineseNormal); }) << hex("1C 21 00");
    QTest::newRow("chinese print mode double w+h")
        << Build([](EscPosEncoder &e) { e.chinesePrintMode(ChineseDoubleWidth | ChineseDoubleHeight); })
        << hex("1C 21 0C");
    QTest::newRow("chinese print mode underline")
        << Build([](EscPosEncoder &e) { e.chinesePrintMode(ChineseUnderline); }) << hex("1C 21 80");
    QTest::newRow("size 1x1") << Build([](EscPosEncoder &e) { e.characterSize(1, 1); }) << hex("1D 21 00");
    QTest::newRow("size 2x2") << Build([](EscPosEncoder &e) { e.characterSize(2, 2); }) << hex("1D 21 11");
    QTest::newRow("size 2 wide 1 high") << Build([](EscPosEncoder &e) { e.characterSize(2, 1); }) << hex("1D 21 10");
    QTest::newRow("size 1 wide 3 high") << Build([](EscPosEncoder &e) { e.characterSize(1, 3); }) << hex("1D 21 02");
    QTest::newRow("size 8x8") << Build([](EscPosEncoder &e) { e.characterSize(8, 8); }) << hex("1D 21 77");
    QTest::newRow("bold on") << Build([](EscPosEncoder &e) { e.bold(true); }) << hex("1B 45 01");
    QTest::newRow("bold off") << Build([](EscPosEncoder &e) { e.bold(false); }) << hex("1B 45 00");
    QTest::newRow("align left") << Build([](EscPosEncoder &e) { e.align(Align::Left); }) << hex("1B 61 00");
    QTest::newRow("align centre") << Build([](EscPosEncoder &e) { e.align(Align::Centre); }) << hex("1B 61 01");
    QTest::newRow("align right") << Build([](EscPosEncoder &e) { e.align(Align::Right); }) << hex("1B 61 02");
    QTest::newRow("line feed") << Build([](EscPosEncoder &e) { e.lineFeed(); }) << hex("0A");
    QTest::newRow("line") << Build([](EscPosEncoder &e) { e.line(QStringLiteral("OK")); }) << hex("4F 4B 0A");
    QTest::newRow("feed 3 lines") << Build([](EscPosEncoder &e) { e.feedLines(3); }) << hex("1B 64 03");
    QTest::newRow("feed 255 lines") << Build([](EscPosEncoder &e) { e.feedLines(255); }) << hex("1B 64 FF");
    QTest::newRow("qr model 2") << Build([](EscPosEncoder &e) { e.qrModel2(); }) << hex("1D 28 6B 04 00 31 41 32 00");
    QTest::newRow("qr module size 6") << Build([](EscPosEncoder &e) { e.qrModuleSize(6); })
                                      << hex("1D 28 6B 03 00 31 43 06");
    QTest::newRow("qr ecc L") << Build([](EscPosEncoder &e) { e.qrErrorCorrection(QrErrorCorrection::L); })
                              << hex("1D 28 6B 03 00 31 45 30");
    QTest::newRow("qr ecc M") << Build([](EscPosEncoder &e) { e.qrErrorCorrection(QrErrorCorrection::M); })
                              << hex("1D 28 6B 03 00 31 45 31");
    QTest::newRow("qr ecc Q") << Build([](EscPosEncoder &e) { e.qrErrorCorrection(QrErrorCorrection::Q); })
                              << hex("1D 28 6B 03 00 31 45 32");
    QTest::newRow("qr ecc H") << Build([](EscPosEncoder &e) { e.qrErrorCorrection(QrErrorCorrection::H); })
                              << hex("1D 28 6B 03 00 31 45 33");
    QTest::newRow("qr store 'AB'") << Build([](EscPosEncoder &e) { e.qrStore("AB"); })
                                   << hex("1D 28 6B 05 00 31 50 30 41 42");
    QTest::newRow("qr print") << Build([](EscPosEncoder &e) { e.qrPrint(); }) << hex("1D 28 6B 03 00 31 51 30");
    QTest::newRow("cut full") << Build([](EscPosEncoder &e) { e.cut(CutMode::Full); }) << hex("1D 56 00");
    QTest::newRow("cut partial") << Build([](EscPosEncoder &e) { e.cut(CutMode::Partial); }) << hex("1D 56 01");
}

void TestEscPosEncoder::command_producesTheBytesInDevicesMd()
{
    QFETCH(Build, build);
    QFETCH(QByteArray, expected);
    EscPosEncoder e;
    build(e);
    QVERIFY2(e.ok(), qPrintable(e.error() ? e.error()->message : QString()));
    QCOMPARE(e.bytes().toHex(' '), expected.toHex(' '));
}

void TestEscPosEncoder::text_isEncodedInGb18030_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("张三") << QStringLiteral("张三") << hex("D5 C5 C8 FD");
    QTest::newRow("广东省") << QStringLiteral("广东省") << hex("B9 E3 B6 AB CA A1");
    QTest::newRow("ascii unchanged") << QStringLiteral("GD-DEV-0001 12345") << QByteArray("GD-DEV-0001 12345");
    QTest::newRow("full-width colon") << QStringLiteral("：") << hex("A3 BA");
    // Four-byte GB18030: CJK Extension B (a character in some Guangdong place and personal names) and an emoji.
    QTest::newRow("U+20000 four bytes") << QString::fromUcs4(U"\U00020000", 1) << hex("95 32 82 36");
    QTest::newRow("U+1F600 four bytes") << QString::fromUcs4(U"\U0001F600", 1) << hex("94 39 FC 36");
    QTest::newRow("mixed") << QStringLiteral("张*") << hex("D5 C5 2A");
}

void TestEscPosEncoder::text_isEncodedInGb18030()
{
    QFETCH(QString, text);
    QFETCH(QByteArray, expected);
    EscPosEncoder e;
    e.chineseMode(true);
    const qsizetype before = e.bytes().size();
    e.text(text);
    QVERIFY(e.ok());
    QCOMPARE(e.bytes().mid(before).toHex(' '), expected.toHex(' '));
    QStringDecoder decoder("GB18030");
    QCOMPARE(QString(decoder.decode(e.bytes().mid(before))), text);
}

void TestEscPosEncoder::text_withUnprintableCharacter_isRejectedAndWritesNothing_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<EncodeError::Kind>("kind");
    const auto control = EncodeError::Kind::ControlCharacter;
    QTest::newRow("ESC injection") << QStringLiteral("张三\x1b\x40") << control;
    QTest::newRow("GS cut injection") << QStringLiteral("a\x1dV") + QChar(0) + QStringLiteral("b") << control;
    QTest::newRow("newline") << QStringLiteral("a\nb") << control;
    QTest::newRow("carriage return") << QStringLiteral("a\rb") << control;
    QTest::newRow("tab") << QStringLiteral("a\tb") << control;
    QTest::newRow("NUL") << QString(QChar(0)) << control;
    QTest::newRow("DEL") << QStringLiteral("\x7f") << control;
    QTest::newRow("C1 NEL U+0085") << QString(QChar(0x85)) << control;
    QTest::newRow("line separator U+2028") << QString(QChar(0x2028)) << control;
    QTest::newRow("bidi override U+202E") << QStringLiteral("张") + QChar(0x202E) << control;
    QTest::newRow("zero width joiner U+200D") << QString(QChar(0x200D)) << control;
    QTest::newRow("lone high surrogate") << QString(QChar(0xD800)) << EncodeError::Kind::NotEncodable;
}

void TestEscPosEncoder::text_withUnprintableCharacter_isRejectedAndWritesNothing()
{
    QFETCH(QString, text);
    QFETCH(EncodeError::Kind, kind);
    EscPosEncoder e;
    e.chineseMode(true);
    const QByteArray before = e.bytes();
    e.text(text);
    QVERIFY(!e.ok());
    QCOMPARE(toString(e.error()->kind), toString(kind));
    QCOMPARE(e.bytes(), before);
    e.line(text);
    QCOMPARE(e.bytes(), before); // line() must not add a lone LF either
    QVERIFY(EscPosEncoder::checkText(text).has_value());
}

void TestEscPosEncoder::text_nonAsciiWhileChineseModeOff_isRejected()
{
    EscPosEncoder e;
    e.initialize().text(QStringLiteral("张三"));
    QVERIFY(!e.ok());
    QCOMPARE(toString(e.error()->kind), toString(EncodeError::Kind::ChineseModeOff));
    QCOMPARE(e.bytes(), hex("1B 40"));

    EscPosEncoder ascii;
    ascii.initialize().text(QStringLiteral("12345"));
    QVERIFY(ascii.ok());
}

void TestEscPosEncoder::stripUnprintable_removesExactlyWhatTextRejects()
{
    const QString dirty = QStringLiteral("张\x1b@三\n") + QChar(0x202E) + QStringLiteral("GD\t-1");
    const QString clean = EscPosEncoder::stripUnprintable(dirty);
    QCOMPARE(clean, QStringLiteral("张@三GD-1"));
    QVERIFY(!EscPosEncoder::checkText(clean).has_value());
}

void TestEscPosEncoder::firstError_isKept_andLaterValidCallsStillAppend()
{
    EscPosEncoder e;
    e.characterSize(9, 1).feedLines(300).bold(true);
    QVERIFY(!e.ok());
    QCOMPARE(toString(e.error()->kind), toString(EncodeError::Kind::InvalidArgument));
    QVERIFY(e.error()->message.contains(QLatin1String("characterSize")));
    QCOMPARE(e.bytes(), hex("1B 45 01"));
}

void TestEscPosEncoder::invalidArgument_isRejectedAndWritesNothing_data()
{
    QTest::addColumn<Build>("build");
    QTest::addColumn<EncodeError::Kind>("kind");
    const auto invalid = EncodeError::Kind::InvalidArgument;
    QTest::newRow("size width 0") << Build([](EscPosEncoder &e) { e.characterSize(0, 1); }) << invalid;
    QTest::newRow("size width 9") << Build([](EscPosEncoder &e) { e.characterSize(9, 1); }) << invalid;
    QTest::newRow("size height 0") << Build([](EscPosEncoder &e) { e.characterSize(1, 0); }) << invalid;
    QTest::newRow("size height 9") << Build([](EscPosEncoder &e) { e.characterSize(1, 9); }) << invalid;
    QTest::newRow("feed -1") << Build([](EscPosEncoder &e) { e.feedLines(-1); }) << invalid;
    QTest::newRow("feed 256") << Build([](EscPosEncoder &e) { e.feedLines(256); }) << invalid;
    QTest::newRow("qr module 0") << Build([](EscPosEncoder &e) { e.qrModuleSize(0); }) << invalid;
    QTest::newRow("qr module 17") << Build([](EscPosEncoder &e) { e.qrModuleSize(17); }) << invalid;
    QTest::newRow("qrCode module 17") << Build([](EscPosEncoder &e) { e.qrCode("x", 17); }) << invalid;
    QTest::newRow("chinese print mode bit 0") << Build([](EscPosEncoder &e) { e.chinesePrintMode(0x01); }) << invalid;
    QTest::newRow("rule of a control char")
        << Build([](EscPosEncoder &e) { e.horizontalRule(QChar(0x1B)); }) << invalid;
    QTest::newRow("qr store empty") << Build([](EscPosEncoder &e) { e.qrStore({}); })
                                    << EncodeError::Kind::QrPayloadEmpty;
    QTest::newRow("qrCode empty") << Build([](EscPosEncoder &e) { e.qrCode({}); }) << EncodeError::Kind::QrPayloadEmpty;
    QTest::newRow("two columns with ESC on the right")
        << Build([](EscPosEncoder &e) { e.twoColumns(QStringLiteral("a"), QStringLiteral("\x1b")); })
        << EncodeError::Kind::ControlCharacter;
}

void TestEscPosEncoder::invalidArgument_isRejectedAndWritesNothing()
{
    QFETCH(Build, build);
    QFETCH(EncodeError::Kind, kind);
    EscPosEncoder e;
    build(e);
    QVERIFY(!e.ok());
    QCOMPARE(toString(e.error()->kind), toString(kind));
    QVERIFY(e.bytes().isEmpty());
}

void TestEscPosEncoder::qrStore_lengthFieldIsPayloadPlusThree_data()
{
    QTest::addColumn<int>("payload");
    QTest::addColumn<int>("pL");
    QTest::addColumn<int>("pH");
    QTest::newRow("1 byte") << 1 << 0x04 << 0x00;
    QTest::newRow("252 bytes") << 252 << 0xFF << 0x00;
    QTest::newRow("253 bytes: carry into pH") << 253 << 0x00 << 0x01;
    QTest::newRow("2953 bytes (L maximum)") << 2953 << 0x8C << 0x0B;
}

void TestEscPosEncoder::qrStore_lengthFieldIsPayloadPlusThree()
{
    QFETCH(int, payload);
    QFETCH(int, pL);
    QFETCH(int, pH);
    EscPosEncoder e;
    e.qrErrorCorrection(QrErrorCorrection::L);
    const qsizetype start = e.bytes().size();
    e.qrStore(QByteArray(payload, 'A'));
    QVERIFY(e.ok());
    const QByteArray b = e.bytes().mid(start);
    QCOMPARE(b.size(), qsizetype(payload + 8));
    QCOMPARE(b.left(3), hex("1D 28 6B"));
    QCOMPARE(int(quint8(b.at(3))), pL);
    QCOMPARE(int(quint8(b.at(4))), pH);
    QCOMPARE(int(quint8(b.at(3))) + 256 * int(quint8(b.at(4))), payload + 3);
    QCOMPARE(b.mid(5, 3), hex("31 50 30"));
}

void TestEscPosEncoder::qrStore_300BytePayload_hasPl2FPh01()
{
    QByteArray payload(300, '\0');
    for (int i = 0; i < payload.size(); ++i)
        payload[i] = char('0' + i % 10);
    EscPosEncoder e;
    e.qrStore(payload);
    QVERIFY(e.ok());
    // 300 + 3 = 303 = 0x012F.
    QCOMPARE(e.bytes().left(8), hex("1D 28 6B 2F 01 31 50 30"));
    QCOMPARE(e.bytes().mid(8), payload);
}

void TestEscPosEncoder::qrStore_payloadBeyondLevelCapacity_isRejected_data()
{
    QTest::addColumn<int>("level");
    QTest::addColumn<int>("capacity");
    QTest::newRow("L") << int(QrErrorCorrection::L) << 2953;
    QTest::newRow("M") << int(QrErrorCorrection::M) << 2331;
    QTest::newRow("Q") << int(QrErrorCorrection::Q) << 1663;
    QTest::newRow("H") << int(QrErrorCorrection::H) << 1273;
}

void TestEscPosEncoder::qrStore_payloadBeyondLevelCapacity_isRejected()
{
    QFETCH(int, level);
    QFETCH(int, capacity);
    const auto l = QrErrorCorrection(level);
    QCOMPARE(qrByteCapacity(l), capacity);

    EscPosEncoder fits;
    fits.qrErrorCorrection(l).qrStore(QByteArray(capacity, 'x'));
    QVERIFY(fits.ok());

    EscPosEncoder tooBig;
    tooBig.qrErrorCorrection(l);
    const QByteArray before = tooBig.bytes();
    tooBig.qrStore(QByteArray(capacity + 1, 'x'));
    QVERIFY(!tooBig.ok());
    QCOMPARE(toString(tooBig.error()->kind), toString(EncodeError::Kind::QrPayloadTooLarge));
    QCOMPARE(tooBig.bytes(), before);

    EscPosEncoder whole;
    whole.qrCode(QByteArray(capacity + 1, 'x'), 3, l);
    QCOMPARE(toString(whole.error()->kind), toString(EncodeError::Kind::QrPayloadTooLarge));
    QVERIFY(whole.bytes().isEmpty()); // no half-written QR sequence
}

void TestEscPosEncoder::qrCode_sendsModelSizeLevelStorePrintInOrder()
{
    EscPosEncoder e;
    e.qrCode("GDPQ1:X", 5, QrErrorCorrection::Q);
    QVERIFY(e.ok());
    const QByteArray expected = hex("1D 28 6B 04 00 31 41 32 00") + hex("1D 28 6B 03 00 31 43 05") +
                                hex("1D 28 6B 03 00 31 45 32") + hex("1D 28 6B 0A 00 31 50 30") + "GDPQ1:X" +
                                hex("1D 28 6B 03 00 31 51 30");
    QCOMPARE(e.bytes().toHex(' '), expected.toHex(' '));
}

void TestEscPosEncoder::displayWidth_countsNonAsciiAsTwoColumns_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("width");
    QTest::newRow("empty") << QString() << 0;
    QTest::newRow("ascii") << QStringLiteral("GD-DEV-0001") << 11;
    QTest::newRow("cjk") << QStringLiteral("受理编号") << 8;
    QTest::newRow("mixed") << QStringLiteral("张*") << 3;
    QTest::newRow("full-width punctuation") << QStringLiteral("（10）") << 6;
    QTest::newRow("four-byte character") << QString::fromUcs4(U"\U00020000", 1) << 2;
}

void TestEscPosEncoder::displayWidth_countsNonAsciiAsTwoColumns()
{
    QFETCH(QString, text);
    QFETCH(int, width);
    QCOMPARE(displayWidth(text), width);
    EscPosEncoder e;
    QCOMPARE(e.widthInDots(text), width * kAsciiCellDots);
}

void TestEscPosEncoder::horizontalRule_fillsExactlyOneLine_data()
{
    QTest::addColumn<int>("sizeWidth");
    QTest::addColumn<QChar>("fill");
    QTest::addColumn<int>("count");
    QTest::newRow("normal '-'") << 1 << QChar(u'-') << 48;
    QTest::newRow("normal '='") << 1 << QChar(u'=') << 48;
    QTest::newRow("double width '-'") << 2 << QChar(u'-') << 24;
    QTest::newRow("triple width '-'") << 3 << QChar(u'-') << 16;
    QTest::newRow("normal box drawing '═' is wide") << 1 << QChar(0x2550) << 24;
}

void TestEscPosEncoder::horizontalRule_fillsExactlyOneLine()
{
    QFETCH(int, sizeWidth);
    QFETCH(QChar, fill);
    QFETCH(int, count);
    EscPosEncoder e;
    e.chineseMode(true).characterSize(sizeWidth, 1);
    const qsizetype start = e.bytes().size();
    e.horizontalRule(fill);
    QVERIFY(e.ok());
    QStringDecoder decoder("GB18030");
    const QString printed = decoder.decode(e.bytes().mid(start));
    QCOMPARE(printed, QString(count, fill) + QLatin1Char('\n'));
}

void TestEscPosEncoder::twoColumns_padsToFullWidthByDisplayWidth_data()
{
    QTest::addColumn<QString>("left");
    QTest::addColumn<QString>("right");
    QTest::addColumn<int>("spaces");
    QTest::newRow("case number") << QStringLiteral("受理编号") << QStringLiteral("GD-DEV-0001-20261122-000123") << 13;
    QTest::newRow("masked name") << QStringLiteral("申请人") << QStringLiteral("张*") << 39;
    QTest::newRow("ascii both") << QStringLiteral("Total") << QStringLiteral("12.00") << 38;
    QTest::newRow("exactly one space") << QString(23, QChar(0x4E00)) << QStringLiteral("A") << 1;
}

void TestEscPosEncoder::twoColumns_padsToFullWidthByDisplayWidth()
{
    QFETCH(QString, left);
    QFETCH(QString, right);
    QFETCH(int, spaces);
    EscPosEncoder e;
    e.chineseMode(true);
    const qsizetype start = e.bytes().size();
    e.twoColumns(left, right);
    QVERIFY(e.ok());
    QStringDecoder decoder("GB18030");
    const QString printed = decoder.decode(e.bytes().mid(start));
    QCOMPARE(printed, left + QString(spaces, QLatin1Char(' ')) + right + QLatin1Char('\n'));
    QCOMPARE(displayWidth(printed.chopped(1)), kColumnsNormal);
}

void TestEscPosEncoder::twoColumns_atDoubleWidth_padsTo24Columns()
{
    EscPosEncoder e;
    e.chineseMode(true).characterSize(2, 1);
    QCOMPARE(e.columns(), 24);
    const qsizetype start = e.bytes().size();
    e.twoColumns(QStringLiteral("合计"), QStringLiteral("3"));
    QStringDecoder decoder("GB18030");
    QCOMPARE(QString(decoder.decode(e.bytes().mid(start))),
             QStringLiteral("合计") + QString(19, QLatin1Char(' ')) + QStringLiteral("3\n"));
}

void TestEscPosEncoder::twoColumns_tooLongForOneLine_givesLeftItsOwnLine()
{
    EscPosEncoder e;
    e.chineseMode(true);
    const QString left = QStringLiteral("事项名称");
    const QString right = QStringLiteral("港澳台居民居住证申领及补领换领登记（含加急办理）"); // 24 chars = 48 columns
    e.twoColumns(left, right);
    QVERIFY(e.ok());
    QStringDecoder decoder("GB18030");
    const QString printed = decoder.decode(e.bytes().mid(2));
    QCOMPARE(printed, left + QLatin1Char('\n') + right + QLatin1Char('\n'));
}

QTEST_GUILESS_MAIN(TestEscPosEncoder)
#include "test_escpos_encoder.moc"
