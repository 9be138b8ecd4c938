// Specification of SerialTransport on real ptys: a fresh `socat pty,link=a pty,link=b` per test gives a byte-exact
// cable; killing socat is the unplug (Disconnected), restarting it at the same link paths is the replug.
// The ID-card reader is driven across such a cable too, by a tiny SAM responder on the far end.
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSerialPort>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "drivers/idcard/frame_codec.h"
#include "drivers/idcard/idcard_reader.h"
#include "drivers/transport/reconnecting_transport.h"
#include "drivers/transport/serial_transport.h"
#include "unit/idcard/idcard_samples.h"
#include "unit/serial_devices/sam_reader_script.h"
#include "unit/serial_devices/serial_test_printers.h"

using namespace kiosk::drivers;

namespace {

// One socat process joining two pty links; the destructor kills it.
class PtyPair
{
public:
    explicit PtyPair(const QString &dir) : a_(dir + QStringLiteral("/a")), b_(dir + QStringLiteral("/b")) {}
    ~PtyPair() { stop(); }

    static QString socatPath() { return QStandardPaths::findExecutable(QStringLiteral("socat")); }

    bool start()
    {
        socat_.setProgram(socatPath());
        socat_.setArguments({QStringLiteral("-d"), QStringLiteral("-d"),
                             QStringLiteral("pty,raw,echo=0,link=%1").arg(a_),
                             QStringLiteral("pty,raw,echo=0,link=%1").arg(b_)});
        socat_.setProcessChannelMode(QProcess::MergedChannels);
        socat_.start();
        if (!socat_.waitForStarted(5000))
            return false;
        // socat creates the links once both ptys exist and it is ready to copy.
        return QTest::qWaitFor([this] { return QFileInfo::exists(a_) && QFileInfo::exists(b_); }, 5000);
    }

    // SIGTERM, like a device going away: socat closes the pty masters and removes its links.
    void stop()
    {
        if (socat_.state() != QProcess::NotRunning) {
            socat_.terminate();
            if (!socat_.waitForFinished(3000)) {
                socat_.kill();
                socat_.waitForFinished(3000);
            }
        }
        // A link left behind (socat killed hard) could point at a pts number another process gets next.
        QFile::remove(a_);
        QFile::remove(b_);
    }

    QString a() const { return a_; }
    QString b() const { return b_; }

private:
    QString a_;
    QString b_;
    QProcess socat_;
};

QByteArray joined(const QSignalSpy &spy)
{
    QByteArray all;
    for (const QList<QVariant> &args : spy)
        all += args.at(0).toByteArray();
    return all;
}

QByteArray allByteValues()
{
    QByteArray b(256, '\0');
    for (int i = 0; i < 256; ++i)
        b[i] = char(i);
    return b;
}

} // namespace

class TestSerialTransport : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void bytes_roundTripBothWaysExactly();
    void killingSocat_givesOneDisconnectedAndCloses();
    void missingPath_isOpenFailed();
    void linkRemovedWhileOpen_isDisconnected();
    void linkRepointedToAnotherDevice_isDisconnected();
    void reconnecting_opensAgainWhenThePtyComesBackAtTheSameLink();
    void idCardReader_readsACardOverARealPtyAndSurvivesAReplug();

private:
    std::unique_ptr<QTemporaryDir> dir_;
    std::unique_ptr<PtyPair> pty_;
};

void TestSerialTransport::initTestCase()
{
    if (PtyPair::socatPath().isEmpty())
        QSKIP("socat is not installed (apt-get install socat): the real-pty tests need it");
}

void TestSerialTransport::init()
{
    dir_ = std::make_unique<QTemporaryDir>();
    QVERIFY(dir_->isValid());
    pty_ = std::make_unique<PtyPair>(dir_->path());
    QVERIFY2(pty_->start(), "socat did not create the pty links");
}

void TestSerialTransport::cleanup()
{
    pty_.reset(); // kills socat
    dir_.reset();
}

void TestSerialTransport::bytes_roundTripBothWaysExactly()
{
    SerialTransport host({pty_->a(), 115200});
    SerialTransport device({pty_->b(), 115200});
    QSignalSpy atHost(&host, &Transport::bytesReceived);
    QSignalSpy atDevice(&device, &Transport::bytesReceived);
    QVERIFY(host.open());
    QVERIFY(device.open());
    QCOMPARE(host.name(), pty_->a());

    const QByteArray command = idcard::encodeCommand(idcard::SamCommand::FindCard);
    QVERIFY(host.write(command));
    QTRY_COMPARE(joined(atDevice), command);

    const QByteArray reply = allByteValues() + allByteValues();
    QVERIFY(device.write(reply));
    QTRY_COMPARE(joined(atHost).size(), reply.size());
    QCOMPARE(joined(atHost), reply);
}

void TestSerialTransport::killingSocat_givesOneDisconnectedAndCloses()
{
    SerialTransport host({pty_->a(), 115200});
    QSignalSpy errors(&host, &Transport::errorOccurred);
    QSignalSpy closed(&host, &Transport::closed);
    QVERIFY(host.open());
    pty_->stop();
    QTRY_COMPARE(closed.count(), 1);
    QCOMPARE(errors.count(), 1);
    QCOMPARE(errors.at(0).at(0).value<TransportError>().code, TransportErrorCode::Disconnected);
    QVERIFY(!host.isOpen());
    QTest::qWait(200); // Qt 6.4 repeats a pty's EOF on every event-loop pass unless the port is closed
    QCOMPARE(errors.count(), 1);
}

void TestSerialTransport::missingPath_isOpenFailed()
{
    SerialTransport host({dir_->filePath(QStringLiteral("no-such-port")), 115200});
    QSignalSpy errors(&host, &Transport::errorOccurred);
    QVERIFY(!host.open());
    QCOMPARE(errors.count(), 1);
    QCOMPARE(errors.at(0).at(0).value<TransportError>().code, TransportErrorCode::OpenFailed);
    QVERIFY(errors.at(0).at(0).value<TransportError>().message.contains(QStringLiteral("no-such-port")));
}

void TestSerialTransport::linkRemovedWhileOpen_isDisconnected()
{
    SerialTransport host({pty_->a(), 115200, 50});
    QSignalSpy errors(&host, &Transport::errorOccurred);
    QVERIFY(host.open());
    QVERIFY(QFile::remove(pty_->a())); // the pty is still there; only the name the kiosk uses is gone
    QTRY_COMPARE(errors.count(), 1);
    QCOMPARE(errors.at(0).at(0).value<TransportError>().code, TransportErrorCode::Disconnected);
    QVERIFY(!host.isOpen());
}

void TestSerialTransport::linkRepointedToAnotherDevice_isDisconnected()
{
    SerialTransport host({pty_->a(), 115200, 50});
    QSignalSpy errors(&host, &Transport::errorOccurred);
    QVERIFY(host.open());
    // A replug we did not see as a hang-up: the same link now leads to a different device node.
    const QString other = QFileInfo(pty_->b()).symLinkTarget();
    QVERIFY(!other.isEmpty());
    QVERIFY(QFile::remove(pty_->a()));
    QVERIFY(QFile::link(other, pty_->a()));
    QTRY_COMPARE(errors.count(), 1);
    const TransportError e = errors.at(0).at(0).value<TransportError>();
    QCOMPARE(e.code, TransportErrorCode::Disconnected);
    QVERIFY2(e.message.contains(QStringLiteral("another device")), qPrintable(e.message));
}

void TestSerialTransport::reconnecting_opensAgainWhenThePtyComesBackAtTheSameLink()
{
    ReconnectingTransport link(SerialTransport::factory({pty_->a(), 115200}), 50);
    QSignalSpy opened(&link, &ReconnectingTransport::opened);
    QSignalSpy lost(&link, &ReconnectingTransport::lost);
    QSignalSpy bytes(&link, &ReconnectingTransport::bytesReceived);
    link.start();
    QCOMPARE(opened.count(), 1);

    pty_->stop(); // unplug: the pty goes, and socat removes the link
    QTRY_COMPARE(lost.count(), 1);
    QCOMPARE(lost.at(0).at(0).value<TransportError>().code, TransportErrorCode::Disconnected);
    QTest::qWait(200); // several quiet retries while nothing is there
    QCOMPARE(lost.count(), 1);

    QVERIFY(pty_->start()); // replug: a new pty behind the same link path
    QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 2, 5000);
    QSerialPort device;
    device.setPortName(pty_->b());
    QVERIFY(device.open(QIODevice::ReadWrite));
    device.write("back again");
    QTRY_COMPARE(joined(bytes), QByteArray("back again"));
}

void TestSerialTransport::idCardReader_readsACardOverARealPtyAndSurvivesAReplug()
{
    // The far end: a SAM reader with a card on it, answering frame by frame from the scripted reader's logic.
    auto script = FakePort::create();
    serial_test::ScriptedSamReader sam(script);
    sam.insertCard(idcard_samples::resident());
    FakeTransport scriptLink(script);
    QVERIFY(scriptLink.open());
    auto device = std::make_unique<QSerialPort>();
    auto attachDevice = [&]() {
        device = std::make_unique<QSerialPort>();
        device->setPortName(pty_->b());
        QVERIFY(device->open(QIODevice::ReadWrite));
        auto pending = std::make_shared<QByteArray>();
        QObject::connect(device.get(), &QSerialPort::readyRead, device.get(), [&, pending, d = device.get()]() {
            // Every command the reader sends is 10 bytes; a pty may still split or join them.
            *pending += d->readAll();
            while (pending->size() >= 10) {
                scriptLink.write(pending->left(10));
                pending->remove(0, 10);
            }
        });
    };
    QObject::connect(&scriptLink, &Transport::bytesReceived, this, [&](const QByteArray &b) {
        if (device && device->isOpen())
            device->write(b);
    });
    attachDevice();

    idcard::IdCardReaderConfig config;
    config.port = pty_->a();
    config.pollIntervalMs = 50;
    config.reopenIntervalMs = 100;
    idcard::IdCardReader reader(SerialTransport::factory({pty_->a(), 115200}), config);
    QSignalSpy reads(&reader, &idcard::IdCardReader::cardRead);
    reader.open();
    QTRY_COMPARE_WITH_TIMEOUT(reads.count(), 1, 5000);
    QCOMPARE(reads.at(0).at(0).value<idcard::CardRecord>().idNumber, idcard_samples::resident().idNumber);

    device.reset();
    pty_->stop();
    QTRY_COMPARE_WITH_TIMEOUT(reader.status().state, DeviceState::NoDevice, 5000);
    QCOMPARE(reader.status().detail, QStringLiteral("card reader unplugged"));

    QVERIFY(pty_->start());
    attachDevice();
    QTRY_COMPARE_WITH_TIMEOUT(reader.status().state, DeviceState::Online, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(reads.count(), 2, 5000);
}

QTEST_GUILESS_MAIN(TestSerialTransport)
#include "test_serial_transport.moc"
