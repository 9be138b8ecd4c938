// DeviceManager and the device settings: specs from config, required devices taking the kiosk out of service and
// back, and the out-of-service reason naming the device.
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "app/devices/device_config.h"
#include "app/devices/device_health.h"
#include "app/session/kiosk_session.h"
#include "app/session/service_availability.h"
#include "drivers/device_manager.h"

using namespace kiosk;
using drivers::DeviceKind;
using drivers::DeviceState;
using drivers::DeviceStatus;

namespace {
class FakeDevice : public drivers::Device
{
public:
    FakeDevice(DeviceKind kind, QObject *parent) : Device(parent), kind_(kind) {}
    DeviceKind kind() const override { return kind_; }
    QString model() const override { return QStringLiteral("fake"); }
    QString port() const override { return QStringLiteral("/dev/fake"); }
    kiosk::drivers::DeviceCapabilities capabilities() const override { return {}; }
    DeviceStatus status() const override { return status_; }
    void selfTest() override { emit selfTestFinished({true, QStringLiteral("ok"), {}}); }
    void set(DeviceState state, const QString &detail = {}, const QString &hint = {})
    {
        status_ = {state, detail, hint};
        emit statusChanged(status_);
    }

private:
    DeviceKind kind_;
    DeviceStatus status_{DeviceState::Online, {}, {}};
};
} // namespace

class DeviceManagerTest : public QObject
{
    Q_OBJECT
private slots:
    void defaults_requireCardReaderAndReceiptPrinter()
    {
        const auto specs = app::loadDeviceSpecs(QString());
        QCOMPARE(specs.size(), 7);
        for (const auto &s : specs) {
            const bool required = s.kind == DeviceKind::IdCardReader || s.kind == DeviceKind::ReceiptPrinter;
            QCOMPARE(s.required, required);
        }
    }

    void config_setsPortsSimulationAndOptions()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("k.conf");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("[devices]\nsimulator_dir=/run/devsim\nidcard_reader.simulated=true\nidcard_reader.poll_ms=500\n"
                "face_camera.enabled=false\ncode_scanner.required=maybe\nwarp_drive.port=x\n");
        f.close();
        QList<app::ConfigProblem> problems;
        const auto specs = app::loadDeviceSpecs(path, &problems);
        QCOMPARE(problems.size(), 2); // "maybe" and the unknown kind
        const auto reader = specs[0];
        QVERIFY(reader.simulated);
        QCOMPARE(reader.port, QStringLiteral("/run/devsim/idcard"));
        QCOMPARE(reader.options.value("poll_ms").toInt(), 500);
        QVERIFY(!specs[6].enabled);
    }

    void documentScanner_hasNoDefaultDevice()
    {
        // An empty name opens nothing (SaneScanner never guesses); test:0 would make up pages.
        for (const auto &s : app::defaultDeviceSpecs()) {
            if (s.kind == DeviceKind::DocumentScanner)
                QVERIFY2(s.port.isEmpty(), qPrintable(s.port));
        }
    }

    void fileBackedDevices_areRefusedOutsideADemo_data()
    {
        QTest::addColumn<QByteArray>("devices");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("reason");
        QTest::addRow("face camera video") << QByteArray("face_camera.file=/tmp/clip.mp4\n")
                                           << int(DeviceKind::FaceCamera) << QStringLiteral("face_camera.file=");
        QTest::addRow("document camera video")
            << QByteArray("document_camera.file=/tmp/pages.mp4\n") << int(DeviceKind::DocumentCamera)
            << QStringLiteral("document_camera.file=");
        QTest::addRow("SANE test backend") << QByteArray("document_scanner.port=test:0\n")
                                           << int(DeviceKind::DocumentScanner) << QStringLiteral("'test:0'");
        QTest::addRow("SANE pnm backend") << QByteArray("document_scanner.port=pnm:0\n")
                                          << int(DeviceKind::DocumentScanner) << QStringLiteral("'pnm:0'");
    }
    void fileBackedDevices_areRefusedOutsideADemo()
    {
        QFETCH(QByteArray, devices);
        QFETCH(int, kind);
        QFETCH(QString, reason);
        QTemporaryDir dir;
        for (const QByteArray &demo : {QByteArray(), QByteArray("demo=false\n"), QByteArray("demo=true\n")}) {
            const QString path = dir.filePath("k.conf");
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write("[kiosk]\n" + demo + "[devices]\n" + devices);
            f.close();
            QList<app::ConfigProblem> problems;
            const auto specs = app::loadDeviceSpecs(path, &problems);
            const bool isDemo = demo == "demo=true\n";
            drivers::DeviceManager dm;
            int built = 0;
            dm.setFactory(DeviceKind(kind), [&](const drivers::DeviceSpec &, QObject *parent) -> drivers::Device * {
                ++built;
                return new FakeDevice(DeviceKind(kind), parent);
            });
            dm.build(specs);
            if (isDemo) {
                QVERIFY(problems.isEmpty());
                QCOMPARE(built, 1);
                QVERIFY(dm.status(DeviceKind(kind)).usable());
                continue;
            }
            // Not built, reported for staff (self-test, maintenance) and for `kioskctl config check`.
            QCOMPARE(built, 0);
            QVERIFY(!dm.device(DeviceKind(kind)));
            const DeviceStatus st = dm.status(DeviceKind(kind));
            QCOMPARE(toString(st.state), toString(DeviceState::NoDevice));
            QVERIFY2(st.detail.startsWith(QStringLiteral("refused: ")) && st.detail.contains(reason) &&
                         st.detail.contains(QStringLiteral("[kiosk] demo=true")),
                     qPrintable(st.detail));
            QCOMPARE(problems.size(), 1);
            QCOMPARE(problems.first().message, st.detail);
        }
    }

    void missingFactory_isNoDevice_andTakesTheKioskOutOfService()
    {
        drivers::DeviceManager dm;
        dm.build(app::defaultDeviceSpecs());
        QVERIFY(dm.status(DeviceKind::IdCardReader).state == DeviceState::NoDevice);
        app::ServiceAvailability availability;
        app::DeviceHealth health(&dm, &availability, 0);
        QVERIFY(!availability.inService());
        QVERIFY(availability.reason().contains(QStringLiteral("idcard_reader")));
        QVERIFY(availability.reason().contains(QStringLiteral("receipt_printer")));
        QVERIFY(!availability.reason().contains(QStringLiteral("code_scanner"))); // optional: hides its feature only
    }

    void requiredDeviceGoingAway_andComingBack_isFollowed()
    {
        drivers::DeviceManager dm;
        QHash<DeviceKind, FakeDevice *> made;
        for (DeviceKind k : {DeviceKind::IdCardReader, DeviceKind::ReceiptPrinter, DeviceKind::CodeScanner}) {
            dm.setFactory(k, [&made, k](const drivers::DeviceSpec &, QObject *parent) {
                auto *d = new FakeDevice(k, parent);
                made.insert(k, d);
                return d;
            });
        }
        QList<drivers::DeviceSpec> specs = app::defaultDeviceSpecs().mid(0, 3);
        dm.build(specs);
        app::ServiceAvailability availability;
        app::DeviceHealth health(&dm, &availability, 0);
        app::ManualClock clock;
        app::KioskSession session({}, &clock, &availability);
        QVERIFY(availability.inService());

        made[DeviceKind::ReceiptPrinter]->set(DeviceState::UserError, QStringLiteral("paper out"),
                                              QStringLiteral("load an 80 mm roll"));
        QVERIFY(!availability.inService());
        QCOMPARE(session.stage(), app::KioskSession::Stage::OutOfService); // no visit was running
        QCOMPARE(availability.reason(), QStringLiteral("receipt_printer: user_error (paper out) — load an 80 mm roll"));
        QCOMPARE(dm.missingRequired().size(), 1);

        made[DeviceKind::CodeScanner]->set(DeviceState::NoDevice); // optional: no effect on service
        QCOMPARE(dm.missingRequired().size(), 1);

        made[DeviceKind::ReceiptPrinter]->set(DeviceState::Online);
        QVERIFY(availability.inService());
        QCOMPARE(session.stage(), app::KioskSession::Stage::Attract);
    }

    void aShortHiccup_withinTheGracePeriod_doesNotTakeTheKioskOutOfService()
    {
        drivers::DeviceManager dm;
        FakeDevice *dev = nullptr;
        dm.setFactory(DeviceKind::IdCardReader, [&dev](const drivers::DeviceSpec &, QObject *p) {
            return dev = new FakeDevice(DeviceKind::IdCardReader, p);
        });
        dm.build({app::defaultDeviceSpecs().first()});
        app::ServiceAvailability availability;
        app::DeviceHealth health(&dm, &availability, 200);
        dev->set(DeviceState::Offline, QStringLiteral("no answer"));
        QTest::qWait(50);
        dev->set(DeviceState::Online);
        QTest::qWait(300);
        QVERIFY(availability.inService());
        dev->set(DeviceState::NoDevice, QStringLiteral("unplugged"));
        QVERIFY(availability.inService());
        QTRY_VERIFY_WITH_TIMEOUT(!availability.inService(), 2000);
        QVERIFY(availability.reason().contains(QStringLiteral("unplugged")));
    }

    void statusFlood_isReportedOncePerChange()
    {
        drivers::DeviceManager dm;
        FakeDevice *dev = nullptr;
        dm.setFactory(DeviceKind::IdCardReader, [&dev](const drivers::DeviceSpec &, QObject *p) {
            return dev = new FakeDevice(DeviceKind::IdCardReader, p);
        });
        dm.build({app::defaultDeviceSpecs().first()});
        QSignalSpy spy(&dm, &drivers::DeviceManager::deviceStatusChanged);
        for (int i = 0; i < 10; ++i)
            dev->set(DeviceState::Offline, QStringLiteral("no answer"));
        QCOMPARE(spy.count(), 1);
    }
};

QTEST_GUILESS_MAIN(DeviceManagerTest)
#include "test_device_manager.moc"
