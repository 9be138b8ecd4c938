// Tests kiosk-devsim end to end as the kiosk meets it: the real process, its ptys opened by path with QSerialPort,
// the exact bytes of devices.md, and the control socket.
#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocalSocket>
#include <QProcess>
#include <QSerialPort>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

#include "drivers/idcard/card_record.h"
#include "drivers/idcard/frame_codec.h"
#include "drivers/receipt_printer/escpos_status.h"
#include "drivers/simulators/card_catalogue.h"
#include "drivers/simulators/devsim_client.h"
#include "simulator_test_support.h"
#include "unit/receipt_printer/sample_receipt.h"

using namespace kiosk::drivers::simulators;
using namespace kiosk::drivers::idcard;
using simulator_test::hex;
using simulator_test::toHex;

namespace {

QJsonObject cmd(const QString &name, QJsonObject fields = {})
{
    fields.insert(QStringLiteral("cmd"), name);
    return fields;
}

std::unique_ptr<QSerialPort> openPort(const QString &path)
{
    auto port = std::make_unique<QSerialPort>();
    port->setPortName(path);
    port->setBaudRate(QSerialPort::Baud115200);
    port->setDataBits(QSerialPort::Data8);
    port->setParity(QSerialPort::NoParity);
    port->setStopBits(QSerialPort::OneStop);
    port->setFlowControl(QSerialPort::NoFlowControl);
    if (!port->open(QIODevice::ReadWrite))
        qWarning() << "cannot open" << path << port->errorString();
    return port;
}

// Reads until `size` bytes arrived or `timeoutMs` passed; `chunks` counts the reads that delivered data.
QByteArray readBytes(QSerialPort &port, qsizetype size, int timeoutMs = 2000, int *chunks = nullptr)
{
    QByteArray got;
    const QDeadlineTimer deadline(timeoutMs);
    while (got.size() < size && !deadline.hasExpired()) {
        if (port.bytesAvailable() == 0 && !port.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime()))))
            continue;
        const QByteArray part = port.readAll();
        if (!part.isEmpty() && chunks)
            ++*chunks;
        got += part;
    }
    return got;
}

QByteArray transact(QSerialPort &port, const QByteArray &request, qsizetype replySize, int timeoutMs = 2000)
{
    port.write(request);
    port.waitForBytesWritten(1000);
    return readBytes(port, replySize, timeoutMs);
}

CardRecord parseRead(const QByteArray &frame, QString *why)
{
    ReplyDecoder decoder;
    const auto frames = decoder.feed(frame);
    if (frames.size() != 1 || !frames[0].isOk() || !frames[0].reply.isOk()) {
        *why = QStringLiteral("not one OK reply frame: %1").arg(toHex(frame.left(16)));
        return {};
    }
    CardParseResult parsed = parseReadPayload(frames[0].reply.data);
    if (!parsed.isOk())
        *why = parsed.detail;
    return parsed.record;
}

bool pointsAtPty(const QString &link)
{
    const QFileInfo info(link);
    return info.isSymLink() && info.symLinkTarget().startsWith(QLatin1String("/dev/pts/")) &&
           QFileInfo::exists(info.symLinkTarget());
}

} // namespace

class TestDevsimProcess : public QObject
{
    Q_OBJECT
private slots:
    void init()
    {
        dir_ = std::make_unique<QTemporaryDir>();
        QVERIFY(dir_->isValid());
        sim_ = std::make_unique<DevSimClient>();
        QVERIFY2(sim_->start(dir_->path(), {QStringLiteral("--fast")}), qPrintable(sim_->errorString()));
    }
    void cleanup()
    {
        sim_.reset(); // stops the simulator
        dir_.reset();
    }

    void readyLineNamesPtyLinksAndTheControlSocket()
    {
        const QJsonObject ready = sim_->readyInfo();
        QCOMPARE(ready.value("idcard").toString(), QDir(dir_->path()).filePath("idcard"));
        QCOMPARE(ready.value("qr").toString(), QDir(dir_->path()).filePath("qr"));
        QCOMPARE(ready.value("printer").toString(), QDir(dir_->path()).filePath("printer"));
        QCOMPARE(ready.value("control").toString(), QDir(dir_->path()).filePath("control.sock"));
        for (const QString &link : {sim_->idcardPath(), sim_->qrPath(), sim_->printerPath()})
            QVERIFY2(pointsAtPty(link), qPrintable(link));
        QCOMPARE(sim_->command(cmd("cards")).value("cards").toArray().size(), 7);
    }

    // ---- ID-card reader ----

    void findWithoutCardRepliesNoCard()
    {
        auto port = openPort(sim_->idcardPath());
        QVERIFY(port->isOpen());
        QCOMPARE(toHex(transact(*port, simulator_test::findCard(), 11)), toHex(simulator_test::noCard()));
    }

    void findAndSelectWithCardReplyAsDocumented()
    {
        QVERIFY(sim_->command(cmd("insert_card", {{"card", "resident"}})).value("ok").toBool());
        auto port = openPort(sim_->idcardPath());
        QCOMPARE(toHex(transact(*port, simulator_test::findCard(), 15)), toHex(simulator_test::findOk()));
        QCOMPARE(toHex(transact(*port, simulator_test::selectCard(), 19)), toHex(simulator_test::selectOk()));
        QCOMPARE(sim_->command(cmd("remove_card")).value("removed").toString(), QStringLiteral("resident"));
        QCOMPARE(toHex(transact(*port, simulator_test::findCard(), 11)), toHex(simulator_test::noCard()));
    }

    void fullReadParsesBackToTheInsertedCard_data()
    {
        QTest::addColumn<QString>("card");
        for (const QString &id : CardCatalogue::load(CardCatalogue::builtInPath()).catalogue.ids())
            QTest::newRow(qPrintable(id)) << id;
    }
    void fullReadParsesBackToTheInsertedCard()
    {
        QFETCH(QString, card);
        const CardRecord expected = CardCatalogue::load(CardCatalogue::builtInPath()).catalogue.card(card)->record;
        QVERIFY(sim_->command(cmd("insert_card", {{"card", card}})).value("ok").toBool());
        auto port = openPort(sim_->idcardPath());
        QCOMPARE(transact(*port, simulator_test::findCard(), 15), simulator_test::findOk());
        QCOMPARE(transact(*port, simulator_test::selectCard(), 19), simulator_test::selectOk());
        const QByteArray read = transact(*port, simulator_test::readBase(), 1295);
        QCOMPARE(read.size(), 1295);
        QCOMPARE(toHex(read.left(14)), toHex(hex("AA AA AA 96 69 05 08 00 00 90 01 00 04 00")));
        QString why;
        const CardRecord got = parseRead(read, &why);
        QVERIFY2(why.isEmpty(), qPrintable(why));
        QCOMPARE(toString(got.type), toString(expected.type));
        QCOMPARE(got.name, expected.name);
        QCOMPARE(got.nameEn, expected.nameEn);
        QCOMPARE(toString(got.sex), toString(expected.sex));
        QCOMPARE(got.ethnicity, expected.ethnicity);
        QCOMPARE(got.birthDate, expected.birthDate);
        QCOMPARE(got.address, expected.address);
        QCOMPARE(got.idNumber, expected.idNumber);
        QCOMPARE(got.authority, expected.authority);
        QCOMPARE(got.validFrom, expected.validFrom);
        QCOMPARE(got.validTo, expected.validTo);
        QCOMPARE(got.validToLongTerm, expected.validToLongTerm);
        QCOMPARE(got.passNumber, expected.passNumber);
        QCOMPARE(got.issueCount, expected.issueCount);
        QCOMPARE(got.nationality, expected.nationality);
        QCOMPARE(got.wlt, expected.wlt);
    }

    void badChecksumAndUnknownCommandGetTheirStatus()
    {
        auto port = openPort(sim_->idcardPath());
        QCOMPARE(toHex(transact(*port, hex("AA AA AA 96 69 00 03 20 01 23"), 11)),
                 toHex(simulator_test::checksumError()));
        QCOMPARE(toHex(transact(*port, encodeCommand(0x99, 0x01), 11)), toHex(simulator_test::badCommand()));
        const QJsonObject idcard = sim_->command(cmd("status")).value("devices").toObject().value("idcard").toObject();
        QCOMPARE(idcard.value("bad_checksum").toInt(), 1);
        QCOMPARE(idcard.value("unknown_commands").toInt(), 1);
        QCOMPARE(idcard.value("frames").toInt(), 1);
    }

    void commandSplitAcrossWritesIsAnsweredOnceComplete()
    {
        auto port = openPort(sim_->idcardPath());
        const QByteArray find = simulator_test::findCard();
        port->write(find.left(4));
        port->waitForBytesWritten(1000);
        QVERIFY(readBytes(*port, 1, 150).isEmpty()); // no reply to half a frame
        QCOMPARE(transact(*port, find.mid(4), 11), simulator_test::noCard());
    }

    void aReplyTheHostNeverReadDoesNotGreetTheNextHost()
    {
        auto port = openPort(sim_->idcardPath());
        port->write(simulator_test::findCard());
        port->waitForBytesWritten(1000);
        QTest::qWait(50); // the reply is now waiting, unread
        port->close();
        QTest::qWait(50); // the simulator notices the close within its 10 ms poll
        auto next = openPort(sim_->idcardPath());
        QVERIFY(readBytes(*next, 1, 150).isEmpty());
        QCOMPARE(transact(*next, simulator_test::findCard(), 11), simulator_test::noCard());
    }

    void realTimingPacesAReadAtTheWireSpeed()
    {
        // Without --fast: the reader thinks ~100 ms, then 1295 bytes take ~112 ms at 115200 baud and arrive in pieces.
        QTemporaryDir dir;
        DevSimClient sim;
        QVERIFY2(sim.start(dir.path()), qPrintable(sim.errorString()));
        sim.command(cmd("insert_card", {{"card", "resident"}}));
        auto port = openPort(sim.idcardPath());
        QCOMPARE(transact(*port, simulator_test::findCard(), 15), simulator_test::findOk());
        QCOMPARE(transact(*port, simulator_test::selectCard(), 19), simulator_test::selectOk());
        QElapsedTimer clock;
        clock.start();
        port->write(simulator_test::readBase());
        int chunks = 0;
        const QByteArray read = readBytes(*port, 1295, 3000, &chunks);
        const qint64 ms = clock.elapsed();
        QCOMPARE(read.size(), 1295);
        QVERIFY2(ms >= 90 + 112 - 10 && ms < 1500, qPrintable(QStringLiteral("read took %1 ms").arg(ms)));
        QVERIFY2(chunks >= 3, qPrintable(QStringLiteral("arrived in %1 chunks").arg(chunks)));

        // The host gives up in the middle of a paced reply: the rest must not greet the next host.
        port->write(simulator_test::readBase());
        QVERIFY(!readBytes(*port, 200, 1000).isEmpty());
        port->close();
        QTest::qWait(250);
        auto next = openPort(sim.idcardPath());
        QCOMPARE(toHex(readBytes(*next, 1, 150)), QString());
        QCOMPARE(transact(*next, simulator_test::findCard(), 15), simulator_test::findOk());
    }

    // ---- QR scanner ----

    void scanArrivesAsPayloadAndCrLf()
    {
        auto port = openPort(sim_->qrPath());
        const QString payload = QStringLiteral("YSS:4401-测试-0001");
        const QJsonObject answer = sim_->command(cmd("scan_qr", {{"payload", payload}}));
        QVERIFY2(answer.value("ok").toBool(), qPrintable(answer.value("error").toString()));
        const QByteArray expected = payload.toUtf8() + "\r\n";
        QCOMPARE(readBytes(*port, expected.size()), expected);
        QVERIFY(sim_->command(cmd("scan_qr", {{"payload_hex", "00ff1b"}})).value("ok").toBool());
        QCOMPARE(readBytes(*port, 5), hex("00 FF 1B 0D 0A"));
    }

    void scanWithNoHostListeningIsAnError()
    {
        const QJsonObject answer = sim_->command(cmd("scan_qr", {{"payload", "lost"}}));
        QVERIFY(!answer.value("ok").toBool());
        QVERIFY(answer.value("error").toString().contains("no host"));
    }

    // ---- receipt printer ----

    void printedReceiptIsRenderedWithItsTextAndQr()
    {
        const auto sample = kiosk::test::acceptanceReceipt();
        QVERIFY(sample.encodedOk);
        auto port = openPort(sim_->printerPath());
        port->write(sample.bytes);
        QVERIFY(port->waitForBytesWritten(1000));
        const QJsonObject answer = sim_->waitFor(
            cmd("receipts"), [](const QJsonObject &a) { return !a.value("receipts").toArray().isEmpty(); });
        const QJsonArray receipts = answer.value("receipts").toArray();
        QCOMPARE(receipts.size(), 1);
        const QJsonObject r = receipts[0].toObject();
        QStringList text;
        for (const QJsonValue &v : r.value("text").toArray())
            text << v.toString();
        QCOMPARE(text, sample.expectedLines);
        QCOMPARE(r.value("qr").toArray(), QJsonArray{QString::fromLatin1(sample.qrPayload)});
        QCOMPARE(r.value("png").toString(), QDir(dir_->path()).filePath("receipts/receipt-1.png"));
        QVERIFY(QFileInfo(r.value("png").toString()).size() > 1000);
        QVERIFY(r.value("cut").toBool());
    }

    void statusQueriesFollowThePaperState_data()
    {
        QTest::addColumn<QString>("paper");
        QTest::addColumn<int>("n");
        QTest::addColumn<int>("expected");
        QTest::newRow("ok, printer") << "ok" << 1 << 0x12;
        QTest::newRow("ok, roll paper") << "ok" << 4 << 0x12;
        QTest::newRow("near end, roll paper") << "near_end" << 4 << 0x1E;
        QTest::newRow("out, printer offline") << "out" << 1 << 0x1A;
        QTest::newRow("out, offline cause") << "out" << 2 << 0x32;
        QTest::newRow("out, roll paper") << "out" << 4 << 0x7E;
    }
    void statusQueriesFollowThePaperState()
    {
        QFETCH(QString, paper);
        QFETCH(int, n);
        QFETCH(int, expected);
        QVERIFY(sim_->command(cmd("paper", {{"state", paper}})).value("ok").toBool());
        auto port = openPort(sim_->printerPath());
        const QByteArray reply =
            transact(*port, kiosk::drivers::escpos::statusQuery(kiosk::drivers::escpos::StatusQuery(n)), 1);
        QCOMPARE(toHex(reply), toHex(QByteArray(1, char(expected))));
    }

    void coverOpenIsReported()
    {
        QVERIFY(sim_->command(cmd("cover", {{"open", true}})).value("ok").toBool());
        auto port = openPort(sim_->printerPath());
        QCOMPARE(toHex(transact(*port, hex("10 04 02"), 1)), toHex(hex("16")));
        QVERIFY(sim_->command(cmd("cover", {{"open", false}})).value("ok").toBool());
        QCOMPARE(toHex(transact(*port, hex("10 04 02"), 1)), toHex(hex("12")));
    }

    void paperOutStopsConsumingPrintData()
    {
        QVERIFY(sim_->command(cmd("paper", {{"state", "out"}})).value("ok").toBool());
        const auto sample = kiosk::test::acceptanceReceipt();
        auto port = openPort(sim_->printerPath());
        // The status query after the receipt is still answered: real-time commands bypass the stopped mechanism.
        QCOMPARE(toHex(transact(*port, sample.bytes + hex("10 04 04"), 1)), toHex(hex("7E")));
        const QJsonObject printer =
            sim_->command(cmd("status")).value("devices").toObject().value("printer").toObject();
        QCOMPARE(printer.value("bytes_dropped").toInteger(), sample.bytes.size());
        QVERIFY(sim_->command(cmd("receipts")).value("receipts").toArray().isEmpty());
    }

    // ---- unplug / replug ----

    void unplugFailsTheHostsPort_andReplugServesTheSamePath()
    {
        const QString path = sim_->idcardPath();
        auto port = openPort(path);
        QVERIFY(port->isOpen());
        QSignalSpy errors(port.get(), &QSerialPort::errorOccurred);
        QVERIFY(sim_->command(cmd("unplug", {{"device", "idcard"}})).value("ok").toBool());
        QVERIFY(!QFileInfo(path).isSymLink());
        // The host sees the device vanish: reading fails (hang-up / EIO), as when a USB adapter is pulled.
        port->write(simulator_test::findCard());
        QTRY_COMPARE_WITH_TIMEOUT(port->error(), QSerialPort::ResourceError, 2000);
        QVERIFY(!errors.isEmpty());
        port->close();
        QVERIFY(!openPort(path)->isOpen());
        const QJsonObject status = sim_->command(cmd("status"));
        QVERIFY(!status.value("devices").toObject().value("idcard").toObject().value("plugged").toBool());
        QVERIFY(!sim_->command(cmd("unplug", {{"device", "idcard"}})).value("ok").toBool()); // already out

        QVERIFY(sim_->command(cmd("replug", {{"device", "idcard"}})).value("ok").toBool());
        QVERIFY(pointsAtPty(path));
        auto again = openPort(path);
        QVERIFY(again->isOpen());
        QCOMPARE(transact(*again, simulator_test::findCard(), 11), simulator_test::noCard());
    }

    // ---- control channel ----

    void malformedControlRequestsGetErrorAnswers()
    {
        QLocalSocket socket;
        socket.connectToServer(sim_->controlPath());
        QVERIFY(socket.waitForConnected(2000));
        const QList<QByteArray> bad = {
            "{not json",
            "[1,2,3]",
            "{\"cmd\":42}",
            "{\"cmd\":\"fly\"}",
            "{\"cmd\":\"insert_card\",\"card\":\"nobody\"}",
            "{\"cmd\":\"paper\",\"state\":\"wet\"}",
            "{\"cmd\":\"unplug\",\"device\":\"toaster\"}",
        };
        for (const QByteArray &line : bad)
            socket.write(line + '\n');
        socket.write("{\"cmd\":\"status\",\"id\":7}\n");
        QList<QJsonObject> answers;
        const QDeadlineTimer deadline(3000);
        while (answers.size() < bad.size() + 1 && !deadline.hasExpired()) {
            if (!socket.canReadLine() && !socket.waitForReadyRead(100))
                continue;
            while (socket.canReadLine())
                answers << QJsonDocument::fromJson(socket.readLine()).object();
        }
        QCOMPARE(answers.size(), bad.size() + 1);
        for (int i = 0; i < bad.size(); ++i) {
            QVERIFY2(!answers[i].value("ok").toBool(), bad[i].constData());
            QVERIFY2(!answers[i].value("error").toString().isEmpty(), bad[i].constData());
        }
        QVERIFY(answers.last().value("ok").toBool()); // still serving
        QCOMPARE(answers.last().value("id").toInt(), 7);
    }

    void sigtermExitsCleanlyAndRemovesTheLinks()
    {
        QTemporaryDir dir;
        QProcess p;
        p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        p.start(DevSimClient::defaultProgram(), {QStringLiteral("--dir"), dir.path(), QStringLiteral("--fast")});
        QVERIFY(p.waitForStarted(3000));
        QTRY_VERIFY_WITH_TIMEOUT((p.waitForReadyRead(50), p.canReadLine()), 5000);
        QVERIFY(QJsonDocument::fromJson(p.readLine()).object().value("ready").toBool());
        QVERIFY(QFileInfo(dir.filePath("idcard")).isSymLink());
        p.terminate(); // SIGTERM
        QVERIFY(p.waitForFinished(3000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 0);
        for (const char *name : {"idcard", "qr", "printer", "control.sock"})
            QVERIFY2(!QFileInfo(dir.filePath(name)).exists() && !QFileInfo(dir.filePath(name)).isSymLink(), name);
    }

    void badCommandLineIsReportedOnTheReadyLine()
    {
        QTemporaryDir dir;
        DevSimClient sim;
        QVERIFY(!sim.start(dir.path(), {QStringLiteral("--paper"), QStringLiteral("soggy")}));
        QVERIFY2(sim.errorString().contains("--paper"), qPrintable(sim.errorString()));
    }

private:
    std::unique_ptr<QTemporaryDir> dir_;
    std::unique_ptr<DevSimClient> sim_;
};

QTEST_GUILESS_MAIN(TestDevsimProcess)
#include "test_devsim_process.moc"
