// Specification of the test seam itself (FakePort / FakeTransport) and of ReconnectingTransport, which every
// serial driver uses to survive failed opens and unplugs.
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include "drivers/transport/fake_transport.h"
#include "drivers/transport/reconnecting_transport.h"
#include "unit/serial_devices/serial_test_printers.h"

using namespace kiosk::drivers;

namespace {
QByteArray joined(const QSignalSpy &spy)
{
    QByteArray all;
    for (const QList<QVariant> &args : spy)
        all += args.at(0).toByteArray();
    return all;
}

TransportErrorCode codeAt(const QSignalSpy &spy, int i)
{
    return spy.at(i).at(0).value<TransportError>().code;
}
} // namespace

class TestFakeTransport : public QObject
{
    Q_OBJECT

private slots:
    void scriptedReply_arrivesAfterItsDelayNeverInsideWrite();
    void writes_areRecordedInOrder();
    void ruleWithTimes_answersThatOftenThenFallsBackToTheResponder();
    void unmatchedWrite_isNotAnswered();
    void chunkedReply_arrivesInPieces();
    void stalledPort_recordsWritesButAnswersNothing();
    void feed_deliversBytesFromAnotherThread();
    void openFailure_emitsOpenFailedAndStaysClosed();
    void writeFailure_emitsIoError();
    void injectedError_isReportedAndDisconnectedCloses();
    void unplug_disconnectsAndOpensFailUntilReplug();

    void reconnecting_reportsAFailedOpenOnceAndRetriesQuietly();
    void reconnecting_reopensAfterAnUnplug();
    void reconnecting_forwardsNonFatalErrorsWithoutDroppingTheLink();
};

void TestFakeTransport::scriptedReply_arrivesAfterItsDelayNeverInsideWrite()
{
    auto port = FakePort::create();
    port->addReply("PING", "PONG", 50);
    FakeTransport t(port);
    QSignalSpy bytes(&t, &Transport::bytesReceived);
    QVERIFY(t.open());
    QElapsedTimer clock;
    clock.start();
    QVERIFY(t.write("PING"));
    QCOMPARE(bytes.count(), 0); // never synchronously
    QTRY_COMPARE(bytes.count(), 1);
    QVERIFY(clock.elapsed() >= 45);
    QCOMPARE(joined(bytes), QByteArray("PONG"));
}

void TestFakeTransport::writes_areRecordedInOrder()
{
    auto port = FakePort::create();
    FakeTransport t(port);
    QVERIFY(t.open());
    t.write("a");
    t.write("bc");
    QCOMPARE(port->writes(), (QList<QByteArray>{"a", "bc"}));
    QCOMPARE(port->writtenBytes(), QByteArray("abc"));
    port->clearWrites();
    QCOMPARE(port->writeCount(), 0);
}

void TestFakeTransport::ruleWithTimes_answersThatOftenThenFallsBackToTheResponder()
{
    auto port = FakePort::create();
    port->addReply("Q", "rule", 0, 2);
    port->setResponder([](const QByteArray &w) { return QList<FakeReply>{FakeReply{"resp:" + w}}; });
    FakeTransport t(port);
    QSignalSpy bytes(&t, &Transport::bytesReceived);
    QVERIFY(t.open());
    for (int i = 0; i < 3; ++i) {
        t.write("Q");
        QTRY_COMPARE(bytes.count(), i + 1);
    }
    QCOMPARE(bytes.at(0).at(0).toByteArray(), QByteArray("rule"));
    QCOMPARE(bytes.at(1).at(0).toByteArray(), QByteArray("rule"));
    QCOMPARE(bytes.at(2).at(0).toByteArray(), QByteArray("resp:Q"));
}

void TestFakeTransport::unmatchedWrite_isNotAnswered()
{
    auto port = FakePort::create();
    port->addReply("X", "Y");
    FakeTransport t(port);
    QSignalSpy bytes(&t, &Transport::bytesReceived);
    QVERIFY(t.open());
    t.write("Z");
    QTest::qWait(30);
    QCOMPARE(bytes.count(), 0);
    QCOMPARE(port->writes(), QList<QByteArray>{"Z"});
}

void TestFakeTransport::chunkedReply_arrivesInPieces()
{
    auto port = FakePort::create();
    FakeReply r;
    r.bytes = "0123456789";
    r.chunkSize = 4;
    port->addReply("go", r);
    FakeTransport t(port);
    QSignalSpy bytes(&t, &Transport::bytesReceived);
    QVERIFY(t.open());
    t.write("go");
    QTRY_COMPARE(bytes.count(), 3);
    QCOMPARE(bytes.at(0).at(0).toByteArray(), QByteArray("0123"));
    QCOMPARE(bytes.at(2).at(0).toByteArray(), QByteArray("89"));
    QVERIFY(port->lastDeliveryNs() > 0);
}

void TestFakeTransport::stalledPort_recordsWritesButAnswersNothing()
{
    auto port = FakePort::create();
    port->addReply("PING", "PONG");
    port->setStalled(true);
    FakeTransport t(port);
    QSignalSpy bytes(&t, &Transport::bytesReceived);
    QVERIFY(t.open());
    t.write("PING");
    QTest::qWait(30);
    QCOMPARE(bytes.count(), 0);
    QCOMPARE(port->writeCount(), 1);
    port->setStalled(false);
    t.write("PING");
    QTRY_COMPARE(bytes.count(), 1);
}

void TestFakeTransport::feed_deliversBytesFromAnotherThread()
{
    auto port = FakePort::create();
    FakeTransport t(port);
    QSignalSpy bytes(&t, &Transport::bytesReceived);
    QVERIFY(t.open());
    QThread *feeder = QThread::create([port] { port->feed("from elsewhere"); });
    feeder->start();
    QVERIFY(feeder->wait(2000));
    delete feeder;
    QTRY_COMPARE(joined(bytes), QByteArray("from elsewhere"));
}

void TestFakeTransport::openFailure_emitsOpenFailedAndStaysClosed()
{
    auto port = FakePort::create(QStringLiteral("/dev/ttyFAKE"));
    port->setOpenFailure(true, QStringLiteral("permission denied"));
    FakeTransport t(port);
    QSignalSpy errors(&t, &Transport::errorOccurred);
    QVERIFY(!t.open());
    QVERIFY(!t.isOpen());
    QCOMPARE(errors.count(), 1);
    QCOMPARE(codeAt(errors, 0), TransportErrorCode::OpenFailed);
    QVERIFY(errors.at(0).at(0).value<TransportError>().message.contains(QStringLiteral("/dev/ttyFAKE")));
    QVERIFY(!t.write("x"));
    QCOMPARE(codeAt(errors, 1), TransportErrorCode::NotOpen);
}

void TestFakeTransport::writeFailure_emitsIoError()
{
    auto port = FakePort::create();
    FakeTransport t(port);
    QSignalSpy errors(&t, &Transport::errorOccurred);
    QVERIFY(t.open());
    port->setWriteFailure(true);
    QVERIFY(!t.write("x"));
    QCOMPARE(codeAt(errors, 0), TransportErrorCode::Io);
    QVERIFY(t.isOpen());
}

void TestFakeTransport::injectedError_isReportedAndDisconnectedCloses()
{
    auto port = FakePort::create();
    FakeTransport t(port);
    QSignalSpy errors(&t, &Transport::errorOccurred);
    QSignalSpy closed(&t, &Transport::closed);
    QVERIFY(t.open());
    port->injectError(TransportErrorCode::Io, QStringLiteral("parity error"));
    QTRY_COMPARE(errors.count(), 1);
    QCOMPARE(codeAt(errors, 0), TransportErrorCode::Io);
    QVERIFY(t.isOpen());
    port->injectError(TransportErrorCode::Disconnected, QStringLiteral("hang-up"));
    QTRY_COMPARE(errors.count(), 2);
    QCOMPARE(codeAt(errors, 1), TransportErrorCode::Disconnected);
    QCOMPARE(closed.count(), 1);
    QVERIFY(!t.isOpen());
    QVERIFY(t.open()); // still plugged: opens again
}

void TestFakeTransport::unplug_disconnectsAndOpensFailUntilReplug()
{
    auto port = FakePort::create();
    FakeTransport t(port);
    QSignalSpy errors(&t, &Transport::errorOccurred);
    QSignalSpy closed(&t, &Transport::closed);
    QVERIFY(t.open());
    port->unplug();
    QVERIFY(!port->isOpen());
    QTRY_COMPARE(closed.count(), 1);
    QCOMPARE(codeAt(errors, 0), TransportErrorCode::Disconnected);
    FakeTransport again(port);
    QVERIFY(!again.open());
    port->replug();
    QVERIFY(again.open());
    QCOMPARE(port->openCount(), 2);
    QCOMPARE(port->openAttempts(), 3);
}

void TestFakeTransport::reconnecting_reportsAFailedOpenOnceAndRetriesQuietly()
{
    auto port = FakePort::create();
    port->unplug();
    ReconnectingTransport link(port->factory(), 20);
    QSignalSpy lost(&link, &ReconnectingTransport::lost);
    QSignalSpy opened(&link, &ReconnectingTransport::opened);
    link.start();
    QCOMPARE(lost.count(), 1);
    QCOMPARE(codeAt(lost, 0), TransportErrorCode::OpenFailed);
    QTRY_VERIFY(port->openAttempts() >= 4);
    QCOMPARE(lost.count(), 1);
    port->replug();
    QTRY_COMPARE(opened.count(), 1);
    QVERIFY(link.isOpen());
    QCOMPARE(link.linkName(), QStringLiteral("fake"));
}

void TestFakeTransport::reconnecting_reopensAfterAnUnplug()
{
    auto port = FakePort::create();
    port->addReply("hello", "world");
    ReconnectingTransport link(port->factory(), 20);
    QSignalSpy lost(&link, &ReconnectingTransport::lost);
    QSignalSpy opened(&link, &ReconnectingTransport::opened);
    QSignalSpy bytes(&link, &ReconnectingTransport::bytesReceived);
    link.start();
    QCOMPARE(opened.count(), 1);
    port->unplug();
    QTRY_COMPARE(lost.count(), 1);
    QCOMPARE(codeAt(lost, 0), TransportErrorCode::Disconnected);
    QVERIFY(!link.isOpen());
    QVERIFY(!link.write("hello"));
    QTest::qWait(80);
    QCOMPARE(lost.count(), 1);
    port->replug();
    QTRY_COMPARE(opened.count(), 2);
    QVERIFY(link.write("hello"));
    QTRY_COMPARE(joined(bytes), QByteArray("world"));
    link.stop();
    QVERIFY(!port->isOpen());
}

void TestFakeTransport::reconnecting_forwardsNonFatalErrorsWithoutDroppingTheLink()
{
    auto port = FakePort::create();
    ReconnectingTransport link(port->factory(), 20);
    QSignalSpy lost(&link, &ReconnectingTransport::lost);
    QSignalSpy linkErrors(&link, &ReconnectingTransport::linkError);
    link.start();
    port->injectError(TransportErrorCode::Io, QStringLiteral("overrun"));
    QTRY_COMPARE(linkErrors.count(), 1);
    QCOMPARE(lost.count(), 0);
    QVERIFY(link.isOpen());
    QCOMPARE(port->openCount(), 1);
}

QTEST_GUILESS_MAIN(TestFakeTransport)
#include "test_fake_transport.moc"
