// Specification of DLE EOT status queries and the parsing of the printer's one-byte replies.
#include <QTest>

#include "drivers/receipt_printer/escpos_status.h"

using namespace kiosk::drivers::escpos;

Q_DECLARE_METATYPE(StatusQuery)

namespace QTest {
template <> inline char *toString(const StatusParseResult::Error &error)
{
    return qstrdup(QByteArray::number(int(error)).constData());
}
template <> inline char *toString(const PrinterStatus &s)
{
    return qstrdup(qPrintable(QStringLiteral("{paper %1, cover %2, error %3, offline %4}")
                                  .arg(kiosk::drivers::escpos::toString(s.paper))
                                  .arg(s.coverOpen)
                                  .arg(s.error)
                                  .arg(s.offline)));
}
} // namespace QTest

namespace {
// -1: the reply does not answer this; otherwise the bool / PrinterPaperState value.
constexpr int kUnset = -1;
int asInt(const std::optional<bool> &v)
{
    return v ? int(*v) : kUnset;
}
int asInt(const std::optional<PrinterPaperState> &v)
{
    return v ? int(*v) : kUnset;
}
constexpr int kOk = int(PrinterPaperState::Ok);
constexpr int kNearEnd = int(PrinterPaperState::NearEnd);
constexpr int kOut = int(PrinterPaperState::Out);
} // namespace

class TestEscPosStatus : public QObject
{
    Q_OBJECT

private slots:
    void statusQuery_isDleEotN_data();
    void statusQuery_isDleEotN();
    void parseStatusReply_mapsBitsToState_data();
    void parseStatusReply_mapsBitsToState();
    void parseStatusReply_withoutFixedBits_isInvalid_data();
    void parseStatusReply_withoutFixedBits_isInvalid();
    void parseStatusReply_ofWrongLength_isInvalid_data();
    void parseStatusReply_ofWrongLength_isInvalid();
    void printerStatus_combinesRepliesToSeveralQueries();
};

void TestEscPosStatus::statusQuery_isDleEotN_data()
{
    QTest::addColumn<StatusQuery>("query");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("printer") << StatusQuery::Printer << QByteArray::fromHex("100401");
    QTest::newRow("offline cause") << StatusQuery::OfflineCause << QByteArray::fromHex("100402");
    QTest::newRow("error cause") << StatusQuery::ErrorCause << QByteArray::fromHex("100403");
    QTest::newRow("roll paper") << StatusQuery::RollPaper << QByteArray::fromHex("100404");
}

void TestEscPosStatus::statusQuery_isDleEotN()
{
    QFETCH(StatusQuery, query);
    QFETCH(QByteArray, expected);
    QCOMPARE(statusQuery(query).toHex(' '), expected.toHex(' '));
}

void TestEscPosStatus::parseStatusReply_mapsBitsToState_data()
{
    QTest::addColumn<StatusQuery>("query");
    QTest::addColumn<int>("reply");
    QTest::addColumn<int>("offline");
    QTest::addColumn<int>("coverOpen");
    QTest::addColumn<int>("error");
    QTest::addColumn<int>("paper");
    const auto P = StatusQuery::Printer, O = StatusQuery::OfflineCause, E = StatusQuery::ErrorCause,
               R = StatusQuery::RollPaper;
    QTest::newRow("n=1 online") << P << 0x12 << 0 << kUnset << kUnset << kUnset;
    QTest::newRow("n=1 offline (bit3)") << P << 0x1A << 1 << kUnset << kUnset << kUnset;
    QTest::newRow("n=1 feed button (bit6) is not offline") << P << 0x52 << 0 << kUnset << kUnset << kUnset;
    QTest::newRow("n=2 nothing wrong") << O << 0x12 << kUnset << 0 << 0 << kUnset;
    QTest::newRow("n=2 cover open (bit2)") << O << 0x16 << kUnset << 1 << 0 << kUnset;
    QTest::newRow("n=2 paper-end stop (bit5)") << O << 0x32 << kUnset << 0 << 0 << kOut;
    QTest::newRow("n=2 error (bit6)") << O << 0x52 << kUnset << 0 << 1 << kUnset;
    QTest::newRow("n=2 cover open, paper end and error") << O << 0x76 << kUnset << 1 << 1 << kOut;
    QTest::newRow("n=3 no error") << E << 0x12 << kUnset << kUnset << 0 << kUnset;
    QTest::newRow("n=3 cutter error (bit3)") << E << 0x1A << kUnset << kUnset << 1 << kUnset;
    QTest::newRow("n=3 unrecoverable (bit5)") << E << 0x32 << kUnset << kUnset << 1 << kUnset;
    QTest::newRow("n=4 paper ok") << R << 0x12 << kUnset << kUnset << kUnset << kOk;
    QTest::newRow("n=4 near end (0x0C)") << R << 0x1E << kUnset << kUnset << kUnset << kNearEnd;
    QTest::newRow("n=4 near end, one sensor bit") << R << 0x16 << kUnset << kUnset << kUnset << kNearEnd;
    QTest::newRow("n=4 paper end (0x60)") << R << 0x72 << kUnset << kUnset << kUnset << kOut;
    QTest::newRow("n=4 paper end, one sensor bit") << R << 0x32 << kUnset << kUnset << kUnset << kOut;
    QTest::newRow("n=4 paper end wins over near end") << R << 0x7E << kUnset << kUnset << kUnset << kOut;
}

void TestEscPosStatus::parseStatusReply_mapsBitsToState()
{
    QFETCH(StatusQuery, query);
    QFETCH(int, reply);
    QFETCH(int, offline);
    QFETCH(int, coverOpen);
    QFETCH(int, error);
    QFETCH(int, paper);
    const StatusParseResult r = parseStatusReply(query, std::uint8_t(reply));
    QVERIFY2(r.ok(), qPrintable(r.message));
    QCOMPARE(asInt(r.reply.offline), offline);
    QCOMPARE(asInt(r.reply.coverOpen), coverOpen);
    QCOMPARE(asInt(r.reply.error), error);
    QCOMPARE(asInt(r.reply.paper), paper);
    // The QByteArray overload agrees.
    const StatusParseResult fromBytes = parseStatusReply(query, QByteArray(1, char(reply)));
    QVERIFY(fromBytes.ok());
    QCOMPARE(asInt(fromBytes.reply.paper), paper);
}

void TestEscPosStatus::parseStatusReply_withoutFixedBits_isInvalid_data()
{
    QTest::addColumn<StatusQuery>("query");
    QTest::addColumn<int>("reply");
    QTest::newRow("all clear 0x00") << StatusQuery::RollPaper << 0x00;
    QTest::newRow("all set 0xFF") << StatusQuery::RollPaper << 0xFF;
    QTest::newRow("bit1 missing 0x10") << StatusQuery::Printer << 0x10;
    QTest::newRow("bit4 missing 0x02") << StatusQuery::OfflineCause << 0x02;
    QTest::newRow("bit0 set 0x13") << StatusQuery::OfflineCause << 0x13;
    QTest::newRow("bit7 set 0x92") << StatusQuery::ErrorCause << 0x92;
    QTest::newRow("paper end without fixed bits 0x60") << StatusQuery::RollPaper << 0x60;
    QTest::newRow("near end without fixed bits 0x0C") << StatusQuery::RollPaper << 0x0C;
}

void TestEscPosStatus::parseStatusReply_withoutFixedBits_isInvalid()
{
    QFETCH(StatusQuery, query);
    QFETCH(int, reply);
    const StatusParseResult r = parseStatusReply(query, std::uint8_t(reply));
    QVERIFY(!r.ok());
    QCOMPARE(r.error, StatusParseResult::Error::InvalidFixedBits);
    QVERIFY(!r.message.isEmpty());
    QVERIFY(!r.reply.offline && !r.reply.coverOpen && !r.reply.error && !r.reply.paper);
}

void TestEscPosStatus::parseStatusReply_ofWrongLength_isInvalid_data()
{
    QTest::addColumn<QByteArray>("reply");
    QTest::newRow("empty (timeout)") << QByteArray();
    QTest::newRow("two bytes") << QByteArray::fromHex("1212");
    QTest::newRow("four-byte ASB") << QByteArray::fromHex("14000000");
}

void TestEscPosStatus::parseStatusReply_ofWrongLength_isInvalid()
{
    QFETCH(QByteArray, reply);
    const StatusParseResult r = parseStatusReply(StatusQuery::RollPaper, reply);
    QVERIFY(!r.ok());
    QCOMPARE(r.error, StatusParseResult::Error::WrongLength);
}

void TestEscPosStatus::printerStatus_combinesRepliesToSeveralQueries()
{
    PrinterStatus status;
    QVERIFY(status.canPrint());

    status.apply(parseStatusReply(StatusQuery::RollPaper, std::uint8_t(0x1E)).reply);
    QCOMPARE(toString(status.paper), toString(PrinterPaperState::NearEnd));
    QVERIFY(status.canPrint()); // near end still prints; staff get a warning

    status.apply(parseStatusReply(StatusQuery::OfflineCause, std::uint8_t(0x36)).reply);
    QCOMPARE(toString(status.paper), toString(PrinterPaperState::Out));
    QVERIFY(status.coverOpen);
    QVERIFY(!status.error);
    QVERIFY(!status.canPrint());

    status.apply(parseStatusReply(StatusQuery::Printer, std::uint8_t(0x1A)).reply);
    QVERIFY(status.offline);
    QCOMPARE(toString(status.paper),
             toString(PrinterPaperState::Out)); // untouched by a reply that does not speak of paper

    // Paper replaced and cover closed: the roll sensor clears "out", the offline cause clears the cover.
    status.apply(parseStatusReply(StatusQuery::RollPaper, std::uint8_t(0x12)).reply);
    status.apply(parseStatusReply(StatusQuery::OfflineCause, std::uint8_t(0x12)).reply);
    status.apply(parseStatusReply(StatusQuery::Printer, std::uint8_t(0x12)).reply);
    QCOMPARE(status, PrinterStatus{});
    QVERIFY(status.canPrint());

    // An invalid reply carries nothing, so applying it changes nothing.
    status.apply(parseStatusReply(StatusQuery::OfflineCause, std::uint8_t(0xFF)).reply);
    QCOMPARE(status, PrinterStatus{});
}

QTEST_GUILESS_MAIN(TestEscPosStatus)
#include "test_escpos_status.moc"
