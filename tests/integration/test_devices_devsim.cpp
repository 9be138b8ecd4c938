// The serial device drivers against kiosk-devsim running as a separate process over real ptys (the bytes of
// devices.md, real QSerialPort links, real unplug/replug), and the kiosk's device health built from a config file
// that points at the simulator: a lost card reader takes the kiosk out of service, its return brings it back.
#include <QDate>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

#include "app/devices/device_config.h"
#include "app/devices/device_factories.h"
#include "app/devices/device_health.h"
#include "app/identity/gb11643.h"
#include "app/session/clock.h"
#include "app/session/kiosk_session.h"
#include "app/session/service_availability.h"
#include "drivers/code_scanner/code_scanner.h"
#include "drivers/device_manager.h"
#include "drivers/idcard/idcard_reader.h"
#include "drivers/receipt_printer/escpos_encoder.h"
#include "drivers/receipt_printer/receipt_printer.h"
#include "drivers/simulators/devsim_client.h"
#include "drivers/transport/serial_transport.h"
#include "unit/receipt_printer/sample_receipt.h"
#include "unit/serial_devices/serial_test_printers.h"

using namespace kiosk;
using namespace kiosk::drivers;
using kiosk::drivers::simulators::DevSimClient;

namespace {

QJsonObject cmd(const QString &name, QJsonObject fields = {})
{
    fields.insert(QStringLiteral("cmd"), name);
    return fields;
}

bool ok(const QJsonObject &answer)
{
    return answer.value(QLatin1String("ok")).toBool();
}

TransportFactory serialAt(const QString &path)
{
    SerialSettings s;
    s.path = path;
    s.presenceCheckMs = 200; // notice a vanished link quickly (the default is 1 s)
    return SerialTransport::factory(s);
}

// Timings shortened where only the test's patience depends on them; the protocol timeouts stay the defaults.
idcard::IdCardReaderConfig readerConfig(const QString &port)
{
    idcard::IdCardReaderConfig c;
    c.port = port;
    c.pollIntervalMs = 100;
    c.reopenIntervalMs = 250;
    c.recoveryIntervalMs = 250;
    return c;
}

escpos::ReceiptPrinterConfig printerConfig(const QString &port)
{
    escpos::ReceiptPrinterConfig c;
    c.port = port;
    c.statusIntervalMs = 100;
    c.reopenIntervalMs = 250;
    return c;
}

bool waitForState(const Device &device, DeviceState state, int timeoutMs = 5000)
{
    return QTest::qWaitFor([&] { return device.status().state == state; }, timeoutMs);
}

QByteArray describe(const Device &device)
{
    return (toString(device.status().state) + QStringLiteral(": ") + device.status().detail).toUtf8();
}

QJsonObject printerCounters(DevSimClient &sim)
{
    return sim.command(cmd(QStringLiteral("status")))
        .value(QLatin1String("devices"))
        .toObject()
        .value(QLatin1String("printer"))
        .toObject();
}

QStringList strings(const QJsonValue &array)
{
    QStringList out;
    for (const QJsonValue &v : array.toArray())
        out << v.toString();
    return out;
}

} // namespace

class TestDevicesDevsim : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void idCardReader_readsEachCardKindOncePerInsertion_andSeesItsRemoval_data();
    void idCardReader_readsEachCardKindOncePerInsertion_andSeesItsRemoval();
    void idCardReader_unplugGivesNoDevice_replugComesBackOnlineOnTheSameObject();
    void codeScanner_receivesAScannedQr_andRejectsABidiOverridePayload();
    void receiptPrinter_printsAnEncodedReceipt_thatDevsimReadsBackAsTextAndQr();
    void receiptPrinter_paperOutBeforeAJob_isUserErrorAndPrintsNothing();
    void receiptPrinter_paperOutMidJob_isPaperOut();
    void receiptPrinter_paperNearEnd_staysUsableWithPaperLow();
    void receiptPrinter_unplugAndReplug_onTheSameObject();
    void kiosk_fromConfig_serialDevicesComeOnline_andALostCardReaderTakesItOutOfServiceUntilReplugged();

private:
    // kiosk-devsim in a fresh directory; `fast` drops the reader's processing time and wire pacing.
    bool startSimulator(bool fast = true);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<DevSimClient> m_sim;
};

void TestDevicesDevsim::initTestCase()
{
    const QString program = DevSimClient::defaultProgram();
    if (!QFileInfo(program).isExecutable())
        QSKIP(qPrintable(
            QStringLiteral("kiosk-devsim is not built (%1): build it with KIOSK_BUILD_SIMULATORS=ON").arg(program)));
}

void TestDevicesDevsim::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_sim = std::make_unique<DevSimClient>();
}

void TestDevicesDevsim::cleanup()
{
    m_sim.reset(); // stops the simulator
    m_dir.reset();
}

bool TestDevicesDevsim::startSimulator(bool fast)
{
    const QStringList args = fast ? QStringList{QStringLiteral("--fast"), QStringLiteral("--no-render")}
                                  : QStringList{QStringLiteral("--no-render")};
    if (m_sim->start(m_dir->path(), args))
        return true;
    qWarning() << "kiosk-devsim:" << m_sim->errorString();
    return false;
}

// ---- ID-card reader

void TestDevicesDevsim::idCardReader_readsEachCardKindOncePerInsertion_andSeesItsRemoval_data()
{
    QTest::addColumn<QString>("card");
    QTest::newRow("resident") << QStringLiteral("resident");
    QTest::newRow("resident, long-term validity") << QStringLiteral("resident_long_term");
    QTest::newRow("resident, expired") << QStringLiteral("resident_expired");
    QTest::newRow("J: HK/Macao/Taiwan residence permit") << QStringLiteral("hkmt_permit");
    QTest::newRow("I: foreign permanent (2017)") << QStringLiteral("foreign_permanent");
    QTest::newRow("Y: foreign permanent (2023)") << QStringLiteral("foreign_permanent_2023");
}

void TestDevicesDevsim::idCardReader_readsEachCardKindOncePerInsertion_andSeesItsRemoval()
{
    QFETCH(QString, card);
    QVERIFY(startSimulator());
    QJsonObject entry;
    for (const QJsonValue &v : m_sim->command(cmd(QStringLiteral("cards"))).value(QLatin1String("cards")).toArray()) {
        if (v.toObject().value(QLatin1String("id")).toString() == card)
            entry = v.toObject();
    }
    QVERIFY2(!entry.isEmpty(), qPrintable(card + QStringLiteral(" is not in the simulator's catalogue")));

    idcard::IdCardReader reader(serialAt(m_sim->idcardPath()), readerConfig(m_sim->idcardPath()));
    QSignalSpy reads(&reader, &idcard::IdCardReader::cardRead);
    QSignalSpy removals(&reader, &idcard::IdCardReader::cardRemoved);
    QSignalSpy failures(&reader, &idcard::IdCardReader::cardReadFailed);
    reader.open();
    QVERIFY2(waitForState(reader, DeviceState::Online), describe(reader));

    for (int insertion = 1; insertion <= 2; ++insertion) {
        QVERIFY(ok(m_sim->command(cmd(QStringLiteral("insert_card"), {{QStringLiteral("card"), card}}))));
        QTRY_COMPARE_WITH_TIMEOUT(reads.count(), insertion, 5000);
        // The card stays on the reader for several poll cycles: it is still one read.
        QTest::qWait(500);
        QCOMPARE(reads.count(), insertion);
        QVERIFY(ok(m_sim->command(cmd(QStringLiteral("remove_card")))));
        QTRY_COMPARE_WITH_TIMEOUT(removals.count(), insertion, 5000);
    }
    QCOMPARE(failures.count(), 0);
    QCOMPARE(reader.status().state, DeviceState::Online);

    auto record = reads.at(0).at(0).value<idcard::CardRecord>();
    QCOMPARE(idcard::toString(record.type), entry.value(QLatin1String("card_type")).toString());
    QCOMPARE(record.wlt.size(), idcard::kWltPhotoSize);
    QVERIFY(!record.idNumber.isEmpty());
    QVERIFY(record.validFrom.isValid());
    switch (record.type) {
    case idcard::CardType::Resident:
    case idcard::CardType::HkMacaoTaiwanPermit: {
        const app::IdNumberCheck check = app::checkIdNumber(record.idNumber);
        QVERIFY2(check.valid, qPrintable(check.reason));
        QCOMPARE(check.birthDate, record.birthDate);
        QVERIFY(!record.name.isEmpty());
        QVERIFY(!record.address.isEmpty());
        break;
    }
    case idcard::CardType::ForeignPermanent:
    case idcard::CardType::ForeignPermanent2023:
        QVERIFY(!record.nameEn.isEmpty());
        QVERIFY(!record.nationality.isEmpty());
        break;
    }
    if (card == QLatin1String("hkmt_permit"))
        QVERIFY(!record.passNumber.isEmpty());
    if (card == QLatin1String("resident_long_term"))
        QVERIFY(record.validToLongTerm);
    else
        QVERIFY(record.validTo.isValid());
    // The driver reports what the card says; judging validity is the application's job.
    const bool expired = !record.validToLongTerm && record.validTo < QDate::currentDate();
    QCOMPARE(expired, card == QLatin1String("resident_expired"));
    QCOMPARE(expired, entry.value(QLatin1String("expired")).toBool());
    record.wipe();
}

void TestDevicesDevsim::idCardReader_unplugGivesNoDevice_replugComesBackOnlineOnTheSameObject()
{
    QVERIFY(startSimulator());
    idcard::IdCardReader reader(serialAt(m_sim->idcardPath()), readerConfig(m_sim->idcardPath()));
    QSignalSpy errors(&reader, &idcard::IdCardReader::errorOccurred);
    QSignalSpy reads(&reader, &idcard::IdCardReader::cardRead);
    reader.open();
    QVERIFY2(waitForState(reader, DeviceState::Online), describe(reader));

    QVERIFY(ok(m_sim->command(cmd(QStringLiteral("unplug"), {{QStringLiteral("device"), QStringLiteral("idcard")}}))));
    QVERIFY2(waitForState(reader, DeviceState::NoDevice), describe(reader));
    QCOMPARE(reader.status().detail, QStringLiteral("card reader unplugged"));
    QVERIFY(!reader.status().recoveryHint.isEmpty());
    QTRY_COMPARE(errors.count(), 1);
    QCOMPARE(errors.at(0).at(0).value<idcard::IdCardError>().kind, idcard::IdCardErrorKind::Unplugged);
    // Retries while unplugged are silent: one outage, one report.
    QTest::qWait(600);
    QCOMPARE(errors.count(), 1);

    QVERIFY(ok(m_sim->command(cmd(QStringLiteral("replug"), {{QStringLiteral("device"), QStringLiteral("idcard")}}))));
    QVERIFY2(waitForState(reader, DeviceState::Online), describe(reader));
    QVERIFY(
        ok(m_sim->command(cmd(QStringLiteral("insert_card"), {{QStringLiteral("card"), QStringLiteral("resident")}}))));
    QTRY_COMPARE_WITH_TIMEOUT(reads.count(), 1, 5000);
    auto record = reads.at(0).at(0).value<idcard::CardRecord>();
    QCOMPARE(record.type, idcard::CardType::Resident);
    record.wipe();
}

// ---- QR scanner

void TestDevicesDevsim::codeScanner_receivesAScannedQr_andRejectsABidiOverridePayload()
{
    QVERIFY(startSimulator());
    codescanner::CodeScannerConfig config;
    config.port = m_sim->qrPath();
    codescanner::CodeScanner scanner(serialAt(m_sim->qrPath()), config);
    QSignalSpy scanned(&scanner, &codescanner::CodeScanner::codeScanned);
    QSignalSpy rejected(&scanner, &codescanner::CodeScanner::codeRejected);
    scanner.open();
    QVERIFY2(waitForState(scanner, DeviceState::Online), describe(scanner));
    // devsim refuses a scan while no host holds the port (a real scan would be lost).
    m_sim->waitFor(cmd(QStringLiteral("status")), [](const QJsonObject &a) {
        return a.value("devices").toObject().value("qr").toObject().value("host_open").toBool();
    });

    const QString code = QStringLiteral("GDPQ1:GD-DEV-0001-20261122-000123:7K3M9P2XW4");
    QVERIFY(ok(m_sim->command(cmd(QStringLiteral("scan_qr"), {{QStringLiteral("payload"), code}}))));
    QTRY_COMPARE(scanned.count(), 1);
    QCOMPARE(scanned.at(0).at(0).toString(), code);

    // U+202E RIGHT-TO-LEFT OVERRIDE would make "exe.pdf" display as "fdp.exe": rejected, typed, never delivered.
    const QString spoof = QStringLiteral("invoice") + QChar(0x202E) + QStringLiteral("fdp.exe");
    QVERIFY(ok(m_sim->command(cmd(QStringLiteral("scan_qr"), {{QStringLiteral("payload"), spoof}}))));
    QTRY_COMPARE(rejected.count(), 1);
    QCOMPARE(rejected.at(0).at(0).value<codescanner::PayloadRejection>(), codescanner::PayloadRejection::BidiControl);
    QVERIFY(!rejected.at(0).at(1).toString().contains(QStringLiteral("invoice")));
    QCOMPARE(scanned.count(), 1);

    // Nothing is lost or glued on: the next good scan arrives as itself.
    QVERIFY(ok(
        m_sim->command(cmd(QStringLiteral("scan_qr"), {{QStringLiteral("payload"), QStringLiteral("粤省事 12345")}}))));
    QTRY_COMPARE(scanned.count(), 2);
    QCOMPARE(scanned.at(1).at(0).toString(), QStringLiteral("粤省事 12345"));
    QCOMPARE(scanner.status().state, DeviceState::Online);
}

// ---- receipt printer

void TestDevicesDevsim::receiptPrinter_printsAnEncodedReceipt_thatDevsimReadsBackAsTextAndQr()
{
    QVERIFY(startSimulator());
    const test::SampleReceipt sample = test::acceptanceReceipt();
    QVERIFY(sample.encodedOk);
    escpos::ReceiptPrinter printer(serialAt(m_sim->printerPath()), printerConfig(m_sim->printerPath()));
    QSignalSpy finished(&printer, &escpos::ReceiptPrinter::jobFinished);
    printer.open();
    QVERIFY2(waitForState(printer, DeviceState::Online), describe(printer));
    QCOMPARE(printer.status().detail, QStringLiteral("ready"));

    const quint64 id = printer.print(sample.bytes);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 5000);
    QCOMPARE(finished.at(0).at(0).toULongLong(), id);
    QCOMPARE(finished.at(0).at(1).value<escpos::PrintResult>(), escpos::PrintResult::Printed);

    const QJsonObject answer = m_sim->waitFor(
        cmd(QStringLiteral("receipts")), [](const QJsonObject &a) { return !a.value("receipts").toArray().isEmpty(); });
    const QJsonArray receipts = answer.value(QLatin1String("receipts")).toArray();
    QCOMPARE(receipts.size(), 1);
    const QJsonObject receipt = receipts.at(0).toObject();
    QCOMPARE(strings(receipt.value(QLatin1String("text"))), sample.expectedLines);
    QCOMPARE(strings(receipt.value(QLatin1String("qr"))), QStringList{QString::fromLatin1(sample.qrPayload)});
    QVERIFY(receipt.value(QLatin1String("cut")).toBool());
    QVERIFY(receipt.value(QLatin1String("issues")).toArray().isEmpty());
    QCOMPARE(printerCounters(*m_sim).value(QLatin1String("bytes_dropped")).toInteger(), 0);
}

void TestDevicesDevsim::receiptPrinter_paperOutBeforeAJob_isUserErrorAndPrintsNothing()
{
    QVERIFY(startSimulator());
    escpos::ReceiptPrinter printer(serialAt(m_sim->printerPath()), printerConfig(m_sim->printerPath()));
    QSignalSpy finished(&printer, &escpos::ReceiptPrinter::jobFinished);
    printer.open();
    QVERIFY2(waitForState(printer, DeviceState::Online), describe(printer));

    QVERIFY(ok(m_sim->command(cmd(QStringLiteral("paper"), {{QStringLiteral("state"), QStringLiteral("out")}}))));
    QVERIFY2(waitForState(printer, DeviceState::UserError), describe(printer));
    QCOMPARE(printer.status().detail, QStringLiteral("paper out"));
    QVERIFY(!printer.status().usable());
    QVERIFY(!printer.status().recoveryHint.isEmpty());

    printer.print(test::acceptanceReceipt().bytes);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 5000);
    QCOMPARE(finished.at(0).at(1).value<escpos::PrintResult>(), escpos::PrintResult::PaperOut);

    // The printer was only asked for its status (DLE EOT, 3 bytes each): not one byte of the receipt went out.
    const QJsonObject counters = printerCounters(*m_sim);
    QCOMPARE(counters.value(QLatin1String("bytes_received")).toInteger(),
             3 * counters.value(QLatin1String("status_queries")).toInteger());
    QCOMPARE(counters.value(QLatin1String("bytes_dropped")).toInteger(), 0);
    QVERIFY(m_sim->command(cmd(QStringLiteral("receipts"))).value(QLatin1String("receipts")).toArray().isEmpty());
}

void TestDevicesDevsim::receiptPrinter_paperOutMidJob_isPaperOut()
{
    QVERIFY(startSimulator());
    // Small pieces with pauses make the job last over a second, long enough to pull the paper while it is under way.
    escpos::ReceiptPrinterConfig config = printerConfig(m_sim->printerPath());
    config.chunkSize = 32;
    config.chunkIntervalMs = 50;
    escpos::ReceiptPrinter printer(serialAt(m_sim->printerPath()), config);
    QSignalSpy finished(&printer, &escpos::ReceiptPrinter::jobFinished);
    printer.open();
    QVERIFY2(waitForState(printer, DeviceState::Online), describe(printer));

    const test::SampleReceipt sample = test::acceptanceReceipt();
    printer.print(sample.bytes);
    m_sim->waitFor(cmd(QStringLiteral("status")), [](const QJsonObject &a) {
        // Past the heading, so that something is on the paper when it runs out.
        return a.value("devices").toObject().value("printer").toObject().value("pending_job_bytes").toInteger() >= 256;
    });
    QVERIFY(ok(m_sim->command(cmd(QStringLiteral("paper"), {{QStringLiteral("state"), QStringLiteral("out")}}))));
    QVERIFY2(finished.isEmpty(), "the job finished before the paper ran out: the test's timing is off");

    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
    QCOMPARE(finished.at(0).at(1).value<escpos::PrintResult>(), escpos::PrintResult::PaperOut);
    QCOMPARE(printer.status().state, DeviceState::UserError);
    // What was printed before the paper ran out is on the paper, uncut; the rest was not taken.
    const QJsonObject answer = m_sim->waitFor(
        cmd(QStringLiteral("receipts")), [](const QJsonObject &a) { return !a.value("receipts").toArray().isEmpty(); });
    const QJsonArray receipts = answer.value(QLatin1String("receipts")).toArray();
    QCOMPARE(receipts.size(), 1);
    const QJsonObject partial = receipts.at(0).toObject();
    QVERIFY(!partial.value(QLatin1String("cut")).toBool());
    const QStringList printed = strings(partial.value(QLatin1String("text")));
    QVERIFY(!printed.isEmpty());
    QVERIFY(printed.size() < sample.expectedLines.size());
    QCOMPARE(printed.first(), sample.expectedLines.first());
    QVERIFY(printerCounters(*m_sim).value(QLatin1String("bytes_dropped")).toInteger() > 0);
}

void TestDevicesDevsim::receiptPrinter_paperNearEnd_staysUsableWithPaperLow()
{
    QVERIFY(startSimulator());
    escpos::ReceiptPrinter printer(serialAt(m_sim->printerPath()), printerConfig(m_sim->printerPath()));
    QSignalSpy finished(&printer, &escpos::ReceiptPrinter::jobFinished);
    printer.open();
    QVERIFY2(waitForState(printer, DeviceState::Online), describe(printer));

    QVERIFY(ok(m_sim->command(cmd(QStringLiteral("paper"), {{QStringLiteral("state"), QStringLiteral("near_end")}}))));
    QTRY_COMPARE_WITH_TIMEOUT(printer.status().detail, QStringLiteral("paper low"), 5000);
    QCOMPARE(printer.status().state, DeviceState::Online);
    QVERIFY(printer.status().usable());
    QVERIFY(!printer.status().recoveryHint.isEmpty());

    printer.print(test::acceptanceReceipt().bytes);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 5000);
    QCOMPARE(finished.at(0).at(1).value<escpos::PrintResult>(), escpos::PrintResult::Printed);
    QTRY_COMPARE(m_sim->command(cmd(QStringLiteral("receipts"))).value(QLatin1String("receipts")).toArray().size(), 1);
}

void TestDevicesDevsim::receiptPrinter_unplugAndReplug_onTheSameObject()
{
    QVERIFY(startSimulator());
    escpos::ReceiptPrinter printer(serialAt(m_sim->printerPath()), printerConfig(m_sim->printerPath()));
    QSignalSpy finished(&printer, &escpos::ReceiptPrinter::jobFinished);
    printer.open();
    QVERIFY2(waitForState(printer, DeviceState::Online), describe(printer));

    QVERIFY(ok(m_sim->command(cmd(QStringLiteral("unplug"), {{QStringLiteral("device"), QStringLiteral("printer")}}))));
    QVERIFY2(waitForState(printer, DeviceState::NoDevice), describe(printer));
    QCOMPARE(printer.status().detail, QStringLiteral("receipt printer unplugged"));
    printer.print(test::acceptanceReceipt().bytes);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 5000);
    QCOMPARE(finished.at(0).at(1).value<escpos::PrintResult>(), escpos::PrintResult::Disconnected);

    QVERIFY(ok(m_sim->command(cmd(QStringLiteral("replug"), {{QStringLiteral("device"), QStringLiteral("printer")}}))));
    QVERIFY2(waitForState(printer, DeviceState::Online), describe(printer));
    printer.print(test::acceptanceReceipt().bytes);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 5000);
    QCOMPARE(finished.at(1).at(1).value<escpos::PrintResult>(), escpos::PrintResult::Printed);
    QTRY_COMPARE(m_sim->command(cmd(QStringLiteral("receipts"))).value(QLatin1String("receipts")).toArray().size(), 1);
}

// ---- the kiosk's composition: config -> DeviceManager -> DeviceHealth -> ServiceAvailability -> KioskSession

void TestDevicesDevsim::kiosk_fromConfig_serialDevicesComeOnline_andALostCardReaderTakesItOutOfServiceUntilReplugged()
{
    QVERIFY(startSimulator(false)); // the reader's real timing, as a kiosk meets it
    const QString configPath = m_dir->filePath(QStringLiteral("kiosk.conf"));
    {
        QFile f(configPath);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("[devices]\n"
                "simulator_dir=" +
                m_dir->path().toUtf8() +
                "\n"
                "idcard_reader.simulated=true\n"
                "receipt_printer.simulated=true\n"
                "code_scanner.simulated=true\n"
                "document_printer.enabled=false\n"
                "document_scanner.enabled=false\n"
                "document_camera.enabled=false\n"
                "face_camera.enabled=false\n");
    }
    QList<app::ConfigProblem> problems;
    const QList<DeviceSpec> specs = app::loadDeviceSpecs(configPath, &problems);
    QVERIFY(problems.isEmpty());

    DeviceManager devices;
    app::registerDeviceFactories(&devices);
    devices.build(specs);
    QStringList kinds;
    for (DeviceKind kind : devices.configuredKinds())
        kinds << toString(kind);
    QCOMPARE(kinds, (QStringList{QStringLiteral("idcard_reader"), QStringLiteral("receipt_printer"),
                                 QStringLiteral("code_scanner")}));
    QCOMPARE(devices.device(DeviceKind::IdCardReader)->port(), m_dir->filePath(QStringLiteral("idcard")));
    app::ServiceAvailability availability;
    app::DeviceHealth health(&devices, &availability, 200);
    app::SteadyClock clock;
    app::KioskSession session(app::SessionSettings{}, &clock, &availability);

    for (DeviceKind kind : devices.configuredKinds())
        QTRY_COMPARE_WITH_TIMEOUT(devices.status(kind).state, DeviceState::Online, 8000);
    QTRY_VERIFY(availability.inService());
    QTRY_COMPARE(session.stage(), app::KioskSession::Stage::Attract);
    QCOMPARE(session.currentScreen(), app::KioskSession::kAttract);

    // An optional device going away only hides its feature.
    QVERIFY(ok(m_sim->command(cmd(QStringLiteral("unplug"), {{QStringLiteral("device"), QStringLiteral("qr")}}))));
    QTRY_COMPARE_WITH_TIMEOUT(devices.status(DeviceKind::CodeScanner).state, DeviceState::NoDevice, 5000);
    QTest::qWait(400); // longer than the grace period
    QVERIFY(availability.inService());
    QCOMPARE(session.stage(), app::KioskSession::Stage::Attract);

    // The required card reader going away takes the kiosk out of service, after the grace period, naming it.
    QSignalSpy availabilityChanges(&availability, &app::ServiceAvailability::changed);
    qint64 readerLostAtMs = -1;
    qint64 outOfServiceAtMs = -1;
    QElapsedTimer clockSinceUnplug;
    QObject watch; // declared after what the lambdas capture, so their connections go first
    connect(&devices, &DeviceManager::deviceStatusChanged, &watch, [&](DeviceKind kind, const DeviceStatus &s) {
        if (kind == DeviceKind::IdCardReader && s.state == DeviceState::NoDevice && readerLostAtMs < 0)
            readerLostAtMs = clockSinceUnplug.elapsed();
    });
    connect(&availability, &app::ServiceAvailability::changed, &watch, [&](bool inService) {
        if (!inService && outOfServiceAtMs < 0)
            outOfServiceAtMs = clockSinceUnplug.elapsed();
    });
    clockSinceUnplug.start();
    QVERIFY(ok(m_sim->command(cmd(QStringLiteral("unplug"), {{QStringLiteral("device"), QStringLiteral("idcard")}}))));
    QTRY_VERIFY_WITH_TIMEOUT(!availability.inService(), 5000);
    QVERIFY(readerLostAtMs >= 0);
    // Not at the first sign of trouble: only once the 200 ms grace period has passed (a coarse timer may fire up to
    // 5 % early).
    QVERIFY2(
        outOfServiceAtMs - readerLostAtMs >= 190,
        qPrintable(QStringLiteral("lost at %1 ms, out of service at %2 ms").arg(readerLostAtMs).arg(outOfServiceAtMs)));
    QCOMPARE(availability.missingParts(), QStringList{QStringLiteral("idcard_reader")});
    QVERIFY2(availability.reason().contains(QStringLiteral("idcard_reader")), qPrintable(availability.reason()));
    QVERIFY2(availability.reason().contains(QStringLiteral("unplugged")), qPrintable(availability.reason()));
    QCOMPARE(session.stage(), app::KioskSession::Stage::OutOfService);
    QCOMPARE(session.currentScreen(), app::KioskSession::kOutOfService);
    QCOMPARE(availabilityChanges.count(), 1);

    // Plugged back in: the same reader object reopens the port by itself and the kiosk is back on its attract screen.
    QVERIFY(ok(m_sim->command(cmd(QStringLiteral("replug"), {{QStringLiteral("device"), QStringLiteral("idcard")}}))));
    QTRY_COMPARE_WITH_TIMEOUT(devices.status(DeviceKind::IdCardReader).state, DeviceState::Online, 8000);
    QTRY_VERIFY(availability.inService());
    QCOMPARE(session.stage(), app::KioskSession::Stage::Attract);
    QCOMPARE(session.currentScreen(), app::KioskSession::kAttract);
}

QTEST_GUILESS_MAIN(TestDevicesDevsim)
#include "test_devices_devsim.moc"
