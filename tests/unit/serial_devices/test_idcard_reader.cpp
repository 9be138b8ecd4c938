// Specification of the ID-card reader driver against a scripted SAM_V reader on a FakeTransport: the command
// sequence in the bytes of devices.md, one cardRead per insertion, removal, broken frames, stalls, SAM faults,
// unplug and replug without recreating the reader.
#include <QSignalSpy>
#include <QTest>

#include "drivers/idcard/idcard_reader.h"
#include "drivers/transport/fake_transport.h"
#include "unit/idcard/idcard_samples.h"
#include "unit/serial_devices/sam_reader_script.h"
#include "unit/serial_devices/serial_test_printers.h"

using namespace kiosk::drivers;
using namespace kiosk::drivers::idcard;
using namespace serial_test;

Q_DECLARE_METATYPE(kiosk::drivers::idcard::IdCardErrorKind)

namespace {

// Short timings so the suite runs in seconds; the ratios between them are those of the defaults.
IdCardReaderConfig fastConfig()
{
    IdCardReaderConfig c;
    c.port = QStringLiteral("fake");
    c.pollIntervalMs = 20;
    c.findTimeoutMs = 100;
    c.readTimeoutMs = 300;
    c.samTimeoutMs = 100;
    c.reopenIntervalMs = 100;
    c.recoveryIntervalMs = 50;
    return c;
}

IdCardErrorKind errorKindAt(const QSignalSpy &spy, int i)
{
    return spy.at(i).at(0).value<IdCardError>().kind;
}

DeviceState stateOf(const IdCardReader &r)
{
    return r.status().state;
}

// Everything a test needs, in an order that tears the reader down before the script it talks to.
struct Rig {
    explicit Rig(IdCardReaderConfig config = fastConfig()) : reader(port->factory(), config) {}

    std::shared_ptr<FakePort> port = FakePort::create(QStringLiteral("fake"));
    ScriptedSamReader sam{port};
    IdCardReader reader;
    QSignalSpy status{&reader, &Device::statusChanged};
    QSignalSpy reads{&reader, &IdCardReader::cardRead};
    QSignalSpy removals{&reader, &IdCardReader::cardRemoved};
    QSignalSpy errors{&reader, &IdCardReader::errorOccurred};
    QSignalSpy cardErrors{&reader, &IdCardReader::cardReadFailed};

    bool openOnline()
    {
        reader.open();
        return QTest::qWaitFor([this] { return reader.status().state == DeviceState::Online; }, 3000);
    }
};

} // namespace

class TestIdCardReader : public QObject
{
    Q_OBJECT

private slots:
    void deviceFrames_matchDevicesMd();
    void open_resetsSamChecksStatusThenPollsFindCard();
    void open_readsTheSamIdBeforeGoingOnline();
    void insertedCard_isSelectedReadAndReportedOnce();
    void readReplyInSmallChunks_givesOneCompleteRecord();
    void removedCard_isReportedOnceAndANewInsertionIsReadAgain();
    void garbageBeforeAReply_isSkipped();
    void corruptReply_isTypedErrorWithoutIdentityThenRecovers_data();
    void corruptReply_isTypedErrorWithoutIdentityThenRecovers();
    void unknownStatusCode_isUnexpectedStatusAndHardwareError();
    void samSelfTestFailure_isReportedOncePerFailureCycle();
    void selectFailure_isReportedOncePerInsertionAndReaderStaysOnline();
    void unparsableRecord_isBadCardDataNeverAnIdentity();
    void readerStallingMidFrame_timesOutGoesOfflineResetsAndRecovers();
    void injectedIoErrorDuringACommand_abandonsItAndRecovers();
    void unplug_givesNoDeviceAndReplugComesBackOnlineWithoutRecreating();
    void openFailure_givesNoDeviceAndRetriesUntilThePortAppears();
    void selfTest_reportsSamStatusAndId();
    void selfTest_whenUnplugged_fails();
    void quietPolling_emitsNoStatusFlood();
};

void TestIdCardReader::deviceFrames_matchDevicesMd()
{
    // The codec under the driver must produce exactly the frames quoted in devices.md.
    QCOMPARE(encodeCommand(SamCommand::ResetSam).toHex(' '), resetSamFrame().toHex(' '));
    QCOMPARE(encodeCommand(SamCommand::FindCard).toHex(' '), findCardFrame().toHex(' '));
    QCOMPARE(encodeCommand(SamCommand::SelectCard).toHex(' '), selectCardFrame().toHex(' '));
    QCOMPARE(encodeCommand(SamCommand::ReadBase).toHex(' '), readBaseFrame().toHex(' '));
    QCOMPARE(encodeReply(SamStatus::CardFound, QByteArray(4, '\0')).toHex(' '), findOkReply().toHex(' '));
    const QByteArray read = encodeReply(SamStatus::Ok, encodeReadPayload(idcard_samples::resident()).bytes);
    QCOMPARE(read.size(), 1295);
    QCOMPARE(read.mid(5, 2).toHex(), QByteArray("0508"));
}

void TestIdCardReader::open_resetsSamChecksStatusThenPollsFindCard()
{
    Rig rig;
    QVERIFY(rig.openOnline());
    QTRY_VERIFY(rig.sam.finds() >= 2);
    const QList<QByteArray> w = rig.port->writes();
    QVERIFY(w.size() >= 5);
    QCOMPARE(w.at(0).toHex(' '), resetSamFrame().toHex(' '));
    QCOMPARE(w.at(1).toHex(' '), samStatusFrame().toHex(' '));
    QCOMPARE(w.at(2).toHex(' '), samIdFrame().toHex(' ')); // which SAM: checked against commissioning (sam_binding.h)
    QCOMPARE(w.at(3).toHex(' '), findCardFrame().toHex(' '));
    QCOMPARE(w.at(4).toHex(' '), findCardFrame().toHex(' ')); // no card: find again, nothing else
    QCOMPARE(rig.reads.count(), 0);
    QCOMPARE(rig.errors.count(), 0);
    QCOMPARE(rig.reader.status().detail, QStringLiteral("ready"));
}

void TestIdCardReader::insertedCard_isSelectedReadAndReportedOnce()
{
    Rig rig;
    QVERIFY(rig.openOnline());
    rig.port->clearWrites();
    rig.sam.insertCard(idcard_samples::resident());
    QTRY_COMPARE(rig.reads.count(), 1);
    const int findsAfterRead = rig.sam.finds();
    QTRY_VERIFY(rig.sam.finds() >= findsAfterRead + 5); // the card stays on the reader for several polls
    QCOMPARE(rig.reads.count(), 1);
    QCOMPARE(rig.sam.reads(), 1);

    const CardRecord card = rig.reads.at(0).at(0).value<CardRecord>();
    const CardRecord expected = idcard_samples::resident();
    QCOMPARE(card.name, expected.name);
    QCOMPARE(card.idNumber, expected.idNumber);
    QCOMPARE(card.address, expected.address);
    QCOMPARE(card.validTo, expected.validTo);
    QCOMPARE(card.wlt, expected.wlt); // the photo stays raw

    // find (9F) -> select -> read, in those bytes, before the next find.
    const QList<QByteArray> w = rig.port->writes();
    const qsizetype select = w.indexOf(selectCardFrame());
    QVERIFY(select > 0);
    QCOMPARE(w.at(select - 1).toHex(' '), findCardFrame().toHex(' '));
    QCOMPARE(w.at(select + 1).toHex(' '), readBaseFrame().toHex(' '));
    QCOMPARE(w.at(select + 2).toHex(' '), findCardFrame().toHex(' '));
    QCOMPARE(rig.removals.count(), 0);
    QCOMPARE(rig.errors.count(), 0);
    QCOMPARE(rig.cardErrors.count(), 0);
}

void TestIdCardReader::readReplyInSmallChunks_givesOneCompleteRecord()
{
    IdCardReaderConfig config = fastConfig();
    config.readTimeoutMs = 2000; // 185 pieces, one per event-loop pass, on a machine that may be busy
    Rig rig(config);
    rig.sam.setReadChunkSize(7);
    QVERIFY(rig.openOnline());
    rig.sam.insertCard(idcard_samples::foreignPermanent2023());
    QTRY_COMPARE(rig.reads.count(), 1);
    const CardRecord card = rig.reads.at(0).at(0).value<CardRecord>();
    QCOMPARE(card.type, CardType::ForeignPermanent2023);
    QCOMPARE(card.nameEn, idcard_samples::foreignPermanent2023().nameEn);
    QCOMPARE(rig.errors.count(), 0);
}

void TestIdCardReader::removedCard_isReportedOnceAndANewInsertionIsReadAgain()
{
    Rig rig;
    QVERIFY(rig.openOnline());
    rig.sam.insertCard(idcard_samples::resident());
    QTRY_COMPARE(rig.reads.count(), 1);
    rig.sam.removeCard();
    QTRY_COMPARE(rig.removals.count(), 1);
    const int finds = rig.sam.finds();
    QTRY_VERIFY(rig.sam.finds() >= finds + 3);
    QCOMPARE(rig.removals.count(), 1);

    rig.sam.insertCard(idcard_samples::hkmtPermit());
    QTRY_COMPARE(rig.reads.count(), 2);
    QCOMPARE(rig.reads.at(1).at(0).value<CardRecord>().type, CardType::HkMacaoTaiwanPermit);
    QCOMPARE(rig.removals.count(), 1);
}

void TestIdCardReader::garbageBeforeAReply_isSkipped()
{
    Rig rig;
    QVERIFY(rig.openOnline());
    // The next find is answered with line noise (including a stray preamble byte) in front of the real reply.
    rig.port->addReply(findCardFrame(), QByteArray::fromHex("00FFAAAA13") + findOkReply(), 0, 1);
    rig.sam.insertCard(idcard_samples::resident());
    QTRY_COMPARE(rig.reads.count(), 1);
    QCOMPARE(rig.errors.count(), 0);
    QCOMPARE(stateOf(rig.reader), DeviceState::Online);
}

void TestIdCardReader::corruptReply_isTypedErrorWithoutIdentityThenRecovers_data()
{
    QTest::addColumn<QByteArray>("command");
    QTest::addColumn<QByteArray>("reply");
    QTest::addColumn<IdCardErrorKind>("kind");

    QByteArray badChecksum = encodeReply(SamStatus::Ok, encodeReadPayload(idcard_samples::resident()).bytes);
    badChecksum[600] = char(badChecksum[600] ^ 0x01);
    QTest::newRow("read reply with a wrong checksum")
        << readBaseFrame() << badChecksum << IdCardErrorKind::CorruptFrame;
    QByteArray badChk = findOkReply();
    badChk[badChk.size() - 1] = char(0x98);
    QTest::newRow("find reply with a wrong checksum") << findCardFrame() << badChk << IdCardErrorKind::CorruptFrame;
    QTest::newRow("oversized length") << findCardFrame() << QByteArray::fromHex("AAAAAA96691001000090")
                                      << IdCardErrorKind::CorruptFrame;
    QTest::newRow("length too small for SW1-3 and CHK")
        << findCardFrame() << QByteArray::fromHex("AAAAAA9669000200009F") << IdCardErrorKind::CorruptFrame;
    QTest::newRow("truncated read reply")
        << readBaseFrame() << encodeReply(SamStatus::Ok, encodeReadPayload(idcard_samples::resident()).bytes).left(800)
        << IdCardErrorKind::Timeout;
    QTest::newRow("garbage only") << selectCardFrame() << QByteArray(64, char(0x55)) << IdCardErrorKind::Timeout;
}

void TestIdCardReader::corruptReply_isTypedErrorWithoutIdentityThenRecovers()
{
    QFETCH(QByteArray, command);
    QFETCH(QByteArray, reply);
    QFETCH(IdCardErrorKind, kind);

    Rig rig;
    QVERIFY(rig.openOnline());
    const int resets = rig.sam.resets();
    rig.port->addReply(command, reply, 0, 1); // once; afterwards the reader behaves
    rig.sam.insertCard(idcard_samples::resident());

    QTRY_COMPARE(rig.errors.count(), 1);
    QCOMPARE(errorKindAt(rig.errors, 0), kind);
    QVERIFY(!rig.errors.at(0).at(0).value<IdCardError>().message.isEmpty());
    // The failure is visible as a status, the SAM is reset, and the reader comes back and reads the card.
    const DeviceState failedState =
        kind == IdCardErrorKind::Timeout ? DeviceState::Offline : DeviceState::HardwareError;
    bool sawFailure = false;
    QTRY_VERIFY(rig.reads.count() == 1);
    for (const QList<QVariant> &s : std::as_const(rig.status))
        sawFailure |= s.at(0).value<DeviceStatus>().state == failedState;
    QVERIFY(sawFailure);
    QVERIFY(rig.sam.resets() > resets);
    QCOMPARE(stateOf(rig.reader), DeviceState::Online);
    QCOMPARE(rig.reads.at(0).at(0).value<CardRecord>().idNumber, idcard_samples::resident().idNumber);
    QCOMPARE(rig.errors.count(), 1);
}

void TestIdCardReader::unknownStatusCode_isUnexpectedStatusAndHardwareError()
{
    Rig rig;
    QVERIFY(rig.openOnline());
    rig.port->addReply(findCardFrame(), encodeReply(std::uint8_t(0x7A)), 0, 1);
    QTRY_COMPARE(rig.errors.count(), 1);
    const IdCardError e = rig.errors.at(0).at(0).value<IdCardError>();
    QCOMPARE(e.kind, IdCardErrorKind::UnexpectedStatus);
    QCOMPARE(e.status, 0x7A);
    QCOMPARE(e.command, quint16(SamCommand::FindCard));
    QVERIFY2(e.message.contains(QStringLiteral("unknown status code")), qPrintable(e.message));
    QCOMPARE(rig.status.at(1).at(0).value<DeviceStatus>().state, DeviceState::HardwareError);
    QVERIFY(!rig.status.at(1).at(0).value<DeviceStatus>().recoveryHint.isEmpty());
    QTRY_COMPARE(stateOf(rig.reader), DeviceState::Online);
}

void TestIdCardReader::samSelfTestFailure_isReportedOncePerFailureCycle()
{
    Rig rig;
    // The SAM fails its status check five times in a row (each recovery attempt), then recovers.
    rig.port->addReply(samStatusFrame(), encodeReply(SamStatus::SamSelfTestFailed), 0, 5);
    rig.reader.open();
    QTRY_COMPARE(rig.errors.count(), 1);
    QCOMPARE(errorKindAt(rig.errors, 0), IdCardErrorKind::SamFault);
    QCOMPARE(rig.errors.at(0).at(0).value<IdCardError>().status, 0x60);
    QCOMPARE(stateOf(rig.reader), DeviceState::HardwareError);
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(rig.reader), DeviceState::Online, 3000);
    QVERIFY(rig.sam.resets() >= 6);
    QCOMPARE(rig.errors.count(), 1); // one report for the whole failure cycle
    // The status went HardwareError once and Online once: no flood while retrying.
    QStringList states;
    for (const QList<QVariant> &s : std::as_const(rig.status))
        states << kiosk::drivers::toString(s.at(0).value<DeviceStatus>().state);
    QCOMPARE(states, (QStringList{"hardware_error", "online"}));
}

void TestIdCardReader::selectFailure_isReportedOncePerInsertionAndReaderStaysOnline()
{
    Rig rig;
    QVERIFY(rig.openOnline());
    rig.port->addReply(selectCardFrame(), encodeReply(SamStatus::SelectFailed), 0, 4);
    rig.sam.insertCard(idcard_samples::resident());
    QTRY_COMPARE(rig.cardErrors.count(), 1);
    QCOMPARE(errorKindAt(rig.cardErrors, 0), IdCardErrorKind::CardFailed);
    QCOMPARE(rig.cardErrors.at(0).at(0).value<IdCardError>().status, 0x81);
    // Retried on the next polls; once select works, the card is read; the failure was told once.
    QTRY_COMPARE(rig.reads.count(), 1);
    QCOMPARE(rig.sam.selects(), 1); // the four failing selects were answered by the one-shot rule
    QCOMPARE(rig.cardErrors.count(), 1);
    QCOMPARE(rig.errors.count(), 0);
    QCOMPARE(rig.status.count(), 1); // Online, never left
}

void TestIdCardReader::unparsableRecord_isBadCardDataNeverAnIdentity()
{
    Rig rig;
    QVERIFY(rig.openOnline());
    QByteArray payload = encodeReadPayload(idcard_samples::resident()).bytes;
    payload[4 + 248] = 'Q'; // a type flag no card has
    rig.sam.insertRawPayload(payload);
    QTRY_COMPARE(rig.cardErrors.count(), 1);
    QCOMPARE(errorKindAt(rig.cardErrors, 0), IdCardErrorKind::BadCardData);
    const int reads = rig.sam.reads();
    QTRY_VERIFY(rig.sam.reads() >= reads + 2); // still retried while the card lies there
    QCOMPARE(rig.cardErrors.count(), 1);
    QCOMPARE(rig.reads.count(), 0);
    QCOMPARE(stateOf(rig.reader), DeviceState::Online);
}

void TestIdCardReader::readerStallingMidFrame_timesOutGoesOfflineResetsAndRecovers()
{
    Rig rig;
    QVERIFY(rig.openOnline());
    // 600 bytes of the read reply arrive, then the reader says nothing more to anything.
    const QByteArray full = encodeReply(SamStatus::Ok, encodeReadPayload(idcard_samples::resident()).bytes);
    FakeReply partial;
    partial.bytes = full.left(600);
    rig.port->addReply(readBaseFrame(), partial, 1);
    rig.sam.insertCard(idcard_samples::resident());
    QTRY_VERIFY(rig.port->writes().contains(readBaseFrame()));
    rig.port->setStalled(true); // the read timeout (300 ms) is still running: the reply stops mid-frame

    QTRY_COMPARE(rig.errors.count(), 1);
    const IdCardError e = rig.errors.at(0).at(0).value<IdCardError>();
    QCOMPARE(e.kind, IdCardErrorKind::Timeout);
    QCOMPARE(e.command, quint16(SamCommand::ReadBase));
    QVERIFY2(e.message.contains(QStringLiteral("truncated")), qPrintable(e.message));
    QCOMPARE(stateOf(rig.reader), DeviceState::Offline);
    QVERIFY(!rig.reader.status().recoveryHint.isEmpty());

    // While stalled, it keeps resetting the SAM (every recovery interval) without reporting again.
    const int resetsWritten = int(rig.port->writes().count(resetSamFrame()));
    QTRY_VERIFY(rig.port->writes().count(resetSamFrame()) >= resetsWritten + 3);
    QCOMPARE(rig.errors.count(), 1);
    QCOMPARE(rig.reads.count(), 0); // never half an identity

    rig.port->setStalled(false);
    QTRY_COMPARE(stateOf(rig.reader), DeviceState::Online);
    QTRY_COMPARE(rig.reads.count(), 1);
    QCOMPARE(rig.reads.at(0).at(0).value<CardRecord>().name, idcard_samples::resident().name);
    QCOMPARE(rig.errors.count(), 1);
}

void TestIdCardReader::injectedIoErrorDuringACommand_abandonsItAndRecovers()
{
    IdCardReaderConfig config = fastConfig();
    config.findTimeoutMs = 2000; // the find stays outstanding while the error arrives
    Rig rig(config);
    QVERIFY(rig.openOnline());
    rig.port->setStalled(true);
    const qsizetype finds = rig.port->writes().count(findCardFrame());
    QTRY_VERIFY(rig.port->writes().count(findCardFrame()) > finds);
    rig.port->injectError(TransportErrorCode::Io, QStringLiteral("framing error"));
    QTRY_COMPARE(rig.errors.count(), 1);
    QCOMPARE(errorKindAt(rig.errors, 0), IdCardErrorKind::IoError);
    QCOMPARE(stateOf(rig.reader), DeviceState::Offline);
    rig.port->setStalled(false);
    rig.sam.insertCard(idcard_samples::resident());
    QTRY_COMPARE(rig.reads.count(), 1);
    QCOMPARE(stateOf(rig.reader), DeviceState::Online);
    QCOMPARE(rig.errors.count(), 1);
}

void TestIdCardReader::unplug_givesNoDeviceAndReplugComesBackOnlineWithoutRecreating()
{
    Rig rig;
    QVERIFY(rig.openOnline());
    rig.sam.insertCard(idcard_samples::resident());
    QTRY_COMPARE(rig.reads.count(), 1);

    rig.port->unplug();
    QTRY_COMPARE(stateOf(rig.reader), DeviceState::NoDevice);
    QCOMPARE(rig.reader.status().detail, QStringLiteral("card reader unplugged"));
    QVERIFY(!rig.reader.status().recoveryHint.isEmpty());
    QCOMPARE(rig.errors.count(), 1);
    QCOMPARE(errorKindAt(rig.errors, 0), IdCardErrorKind::Unplugged);
    QCOMPARE(rig.removals.count(), 1); // an unplugged reader holds no card

    // It tries to reopen every reopen interval, quietly.
    const int attempts = rig.port->openAttempts();
    QTRY_VERIFY(rig.port->openAttempts() >= attempts + 3);
    QCOMPARE(rig.errors.count(), 1);

    rig.port->replug();
    QTRY_COMPARE(stateOf(rig.reader), DeviceState::Online);
    QTRY_COMPARE(rig.reads.count(), 2); // the card still on it is read afresh
    QCOMPARE(rig.errors.count(), 1);
    QStringList states;
    for (const QList<QVariant> &s : std::as_const(rig.status))
        states << kiosk::drivers::toString(s.at(0).value<DeviceStatus>().state);
    QCOMPARE(states, (QStringList{"online", "no_device", "online"}));
}

void TestIdCardReader::openFailure_givesNoDeviceAndRetriesUntilThePortAppears()
{
    Rig rig;
    rig.port->setOpenFailure(true, QStringLiteral("permission denied"));
    rig.reader.open();
    QTRY_COMPARE(rig.errors.count(), 1);
    QCOMPARE(errorKindAt(rig.errors, 0), IdCardErrorKind::OpenFailed);
    QCOMPARE(stateOf(rig.reader), DeviceState::NoDevice);
    QVERIFY(rig.reader.status().detail.contains(QStringLiteral("fake")));
    QTRY_VERIFY(rig.port->openAttempts() >= 3);
    QCOMPARE(rig.errors.count(), 1);
    rig.port->setOpenFailure(false);
    QTRY_COMPARE(stateOf(rig.reader), DeviceState::Online);
}

void TestIdCardReader::open_readsTheSamIdBeforeGoingOnline()
{
    // The kiosk checks the SAM against its commissioning record (app/devices/sam_binding.h) before any card is read:
    // samIdentified comes before the status that says online (the command order is checked above).
    Rig rig;
    QSignalSpy ids(&rig.reader, &IdCardReader::samIdentified);
    int idsWhenOnline = -1;
    connect(&rig.reader, &Device::statusChanged, this, [&](const DeviceStatus &st) {
        if (st.state == DeviceState::Online && idsWhenOnline < 0)
            idsWhenOnline = int(ids.count());
    });
    QVERIFY(rig.openOnline());
    QCOMPARE(idsWhenOnline, 1);
    QCOMPARE(ids.at(0).at(0).toString(), QStringLiteral("05.01-20101209-0000123456-1234567890"));
    QCOMPARE(rig.reader.samId(), QStringLiteral("05.01-20101209-0000123456-1234567890"));
}

void TestIdCardReader::selfTest_reportsSamStatusAndId()
{
    Rig rig;
    QVERIFY(rig.openOnline());
    QSignalSpy done(&rig.reader, &Device::selfTestFinished);
    rig.reader.selfTest();
    QTRY_COMPARE(done.count(), 1);
    const SelfTestResult r = done.at(0).at(0).value<SelfTestResult>();
    QVERIFY2(r.passed, qPrintable(r.summary));
    QCOMPARE(r.details.value(QStringLiteral("sam_id")).toString(),
             QStringLiteral("05.01-20101209-0000123456-1234567890"));
    QVERIFY(rig.port->writes().contains(samIdFrame()));
    QTRY_VERIFY(rig.sam.finds() >= 2); // polling goes on afterwards
}

void TestIdCardReader::selfTest_whenUnplugged_fails()
{
    Rig rig;
    QVERIFY(rig.openOnline());
    rig.port->unplug();
    QTRY_COMPARE(stateOf(rig.reader), DeviceState::NoDevice);
    QSignalSpy done(&rig.reader, &Device::selfTestFinished);
    rig.reader.selfTest();
    QTRY_COMPARE(done.count(), 1);
    QVERIFY(!done.at(0).at(0).value<SelfTestResult>().passed);
}

void TestIdCardReader::quietPolling_emitsNoStatusFlood()
{
    Rig rig;
    QVERIFY(rig.openOnline());
    QTRY_VERIFY(rig.sam.finds() >= 15);
    QCOMPARE(rig.status.count(), 1);
    QCOMPARE(rig.errors.count(), 0);
}

QTEST_GUILESS_MAIN(TestIdCardReader)
#include "test_idcard_reader.moc"
