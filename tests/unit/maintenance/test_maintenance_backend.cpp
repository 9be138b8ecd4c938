// The maintenance menu's real providers (MaintenanceBackend): each device self-test against the drivers on fake
// ports (a scripted SAM_V reader for the masked card read, a code scanner for the shortened QR read) and fake devices
// (an A4 test page, a scanner that never answers), technician cards routed to sign-in, the outbox's dead letters
// retried, deleted and exported from a real queue file, removable folders, logs, and the safe configuration subset.
#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <memory>
#include <optional>

#include <sys/stat.h>

#include "app/application/peripherals.h"
#include "app/config/kiosk_config.h"
#include "app/logging/log_setup.h"
#include "app/maintenance/maintenance_backend.h"
#include "drivers/camera/face_camera.h"
#include "drivers/camera/file_frame_source.h"
#include "drivers/code_scanner/code_scanner.h"
#include "drivers/device_manager.h"
#include "drivers/idcard/idcard_reader.h"
#include "drivers/transport/fake_transport.h"
#include "unit/idcard/idcard_samples.h"
#include "unit/offline_queue/queue_test_support.h"
#include "unit/serial_devices/sam_reader_script.h"

using namespace kiosk;
using namespace kiosk::app;
using drivers::DeviceKind;

namespace {

// A device whose self-test answers with `result` after a short delay, or never (`silent`).
class FakeDevice : public drivers::Device
{
public:
    FakeDevice(DeviceKind kind, std::optional<drivers::SelfTestResult> result, QObject *parent)
        : drivers::Device(parent), kind_(kind), result_(std::move(result))
    {}
    DeviceKind kind() const override { return kind_; }
    QString model() const override { return QStringLiteral("fake"); }
    QString port() const override { return QStringLiteral("fake"); }
    kiosk::drivers::DeviceCapabilities capabilities() const override { return {}; }
    drivers::DeviceStatus status() const override { return {drivers::DeviceState::Online, {}, {}}; }
    void selfTest() override
    {
        ++runs;
        if (result_)
            QTimer::singleShot(10, this, [this] { emit selfTestFinished(*result_); });
    }
    int runs = 0;

private:
    DeviceKind kind_;
    std::optional<drivers::SelfTestResult> result_;
};

drivers::idcard::IdCardReaderConfig fastReader()
{
    drivers::idcard::IdCardReaderConfig c;
    c.port = QStringLiteral("fake");
    c.pollIntervalMs = 20;
    c.findTimeoutMs = 100;
    c.readTimeoutMs = 300;
    c.samTimeoutMs = 100;
    c.reopenIntervalMs = 100;
    c.recoveryIntervalMs = 50;
    return c;
}

// Waits for a reply delivered on this thread.
template <typename T> struct Answer {
    std::optional<T> value;
    Reply<T> reply()
    {
        return [this](T v) { value = std::move(v); };
    }
    bool wait(int ms = 5000)
    {
        return QTest::qWaitFor([this] { return value.has_value(); }, ms);
    }
};

} // namespace

class TestMaintenanceBackend : public QObject
{
    Q_OBJECT

    std::shared_ptr<drivers::FakePort> readerPort = drivers::FakePort::create(QStringLiteral("reader"));
    std::shared_ptr<drivers::FakePort> scannerPort = drivers::FakePort::create(QStringLiteral("scanner"));
    std::unique_ptr<serial_test::ScriptedSamReader> sam;
    std::unique_ptr<drivers::DeviceManager> devices;
    std::unique_ptr<CodeInput> codes;
    FakeDevice *a4 = nullptr;
    FakeDevice *flatbed = nullptr;
    QTemporaryDir tmp;

    MaintenanceBackendDeps deps()
    {
        MaintenanceBackendDeps d;
        d.devices = devices.get();
        d.codes = codes.get();
        d.kioskId = kiosk::test::kKioskId;
        d.queueDatabasePath = tmp.filePath(QStringLiteral("queue.sqlite"));
        d.logDir = tmp.filePath(QStringLiteral("logs"));
        d.configPath = tmp.filePath(QStringLiteral("kiosk.conf"));
        d.removableRoots = {tmp.filePath(QStringLiteral("media"))};
        d.requireMountPoint = false;
        d.selfTestTimeoutMs = 500;
        d.waitForCardMs = 3000;
        return d;
    }

private slots:
    void init()
    {
        sam = std::make_unique<serial_test::ScriptedSamReader>(readerPort);
        devices = std::make_unique<drivers::DeviceManager>();
        devices->setFactory(DeviceKind::IdCardReader, [this](const drivers::DeviceSpec &, QObject *parent) {
            auto *r = new drivers::idcard::IdCardReader(readerPort->factory(), fastReader(), parent);
            r->open();
            return r;
        });
        devices->setFactory(DeviceKind::CodeScanner, [this](const drivers::DeviceSpec &, QObject *parent) {
            drivers::codescanner::CodeScannerConfig c;
            c.port = QStringLiteral("fake");
            auto *s = new drivers::codescanner::CodeScanner(scannerPort->factory(), c, parent);
            s->open();
            return s;
        });
        devices->setFactory(DeviceKind::DocumentPrinter, [this](const drivers::DeviceSpec &, QObject *parent) {
            drivers::SelfTestResult r;
            r.passed = true;
            r.summary = QStringLiteral("A4 self-test page printed");
            r.details.insert(QStringLiteral("job"), 17);
            return a4 = new FakeDevice(DeviceKind::DocumentPrinter, r, parent);
        });
        devices->setFactory(DeviceKind::DocumentScanner, [this](const drivers::DeviceSpec &, QObject *parent) {
            return flatbed = new FakeDevice(DeviceKind::DocumentScanner, std::nullopt, parent);
        });
        QList<drivers::DeviceSpec> specs;
        for (DeviceKind k : {DeviceKind::IdCardReader, DeviceKind::CodeScanner, DeviceKind::DocumentPrinter,
                             DeviceKind::DocumentScanner}) {
            drivers::DeviceSpec s;
            s.kind = k;
            specs << s;
        }
        devices->build(specs);
        codes = std::make_unique<CodeInput>(
            qobject_cast<drivers::codescanner::CodeScanner *>(devices->device(DeviceKind::CodeScanner)));
        QTRY_VERIFY(devices->status(DeviceKind::IdCardReader).state == drivers::DeviceState::Online);
        QTRY_VERIFY(devices->status(DeviceKind::CodeScanner).state == drivers::DeviceState::Online);
    }

    void cleanup()
    {
        codes.reset();
        devices.reset();
        sam.reset();
    }

    void a4TestPage_reportsTheDevicesAnswerWithDetails()
    {
        MaintenanceBackend backend(deps());
        Answer<SelfTestReport> a;
        backend.runSelfTest(QStringLiteral("document_printer"), a.reply());
        QVERIFY(a.wait());
        QVERIFY(a.value->passed);
        QCOMPARE(a.value->summary, QStringLiteral("A4 self-test page printed"));
        QCOMPARE(a.value->details, QStringList{QStringLiteral("job: 17")});
        QCOMPARE(a4->runs, 1);
    }

    void aDeviceThatNeverAnswers_failsAfterTheTimeout_andAMissingOneAtOnce()
    {
        MaintenanceBackend backend(deps());
        Answer<SelfTestReport> a;
        backend.runSelfTest(QStringLiteral("document_scanner"), a.reply());
        QVERIFY(a.wait());
        QVERIFY(!a.value->passed);
        QVERIFY2(a.value->summary.contains(QStringLiteral("no answer")), qPrintable(a.value->summary));
        Answer<SelfTestReport> missing;
        backend.runSelfTest(QStringLiteral("face_camera"), missing.reply()); // not configured here
        QVERIFY(missing.wait(100));
        QVERIFY(!missing.value->passed);
    }

    void cardReadTest_showsTheCardMasked_neverInClear()
    {
        MaintenanceBackend backend(deps());
        Answer<SelfTestReport> a;
        backend.runSelfTest(QStringLiteral("idcard_reader"), a.reply());
        const drivers::idcard::CardRecord card = idcard_samples::resident();
        QTest::qWait(300); // the SAM check first; the card comes afterwards, as a technician places it
        sam->insertCard(card);
        QVERIFY(a.wait());
        QVERIFY2(a.value->passed, qPrintable(a.value->summary));
        const QString all = a.value->summary + a.value->details.join(QLatin1Char('\n'));
        QVERIFY2(all.contains(maskIdNumber(card.idNumber)), qPrintable(all));
        QVERIFY2(all.contains(maskName(card.name)), qPrintable(all));
        QVERIFY2(!all.contains(card.idNumber), qPrintable(all));
        QVERIFY2(!all.contains(card.name), qPrintable(all));
        QVERIFY2(!all.contains(card.address), qPrintable(all));
        QVERIFY2(a.value->details.first().startsWith(QStringLiteral("sam: ")), qPrintable(all));
    }

    void cameraCheck_showsOneFrame_andStopsTheCameraAgain()
    {
        QTemporaryDir frames;
        QImage frame(640, 480, QImage::Format_RGB888);
        frame.fill(Qt::darkGreen);
        QVERIFY(frame.save(frames.filePath(QStringLiteral("0001.png"))));
        devices->setFactory(DeviceKind::FaceCamera, [&frames](const drivers::DeviceSpec &, QObject *parent) {
            drivers::FileFrameSourceConfig c;
            c.path = frames.path();
            c.loop = true;
            return new drivers::FaceCamera(std::make_unique<drivers::FileFrameSource>(c), parent);
        });
        drivers::DeviceSpec spec;
        spec.kind = DeviceKind::FaceCamera;
        devices->build({spec});
        auto *camera = qobject_cast<drivers::FaceCamera *>(devices->device(DeviceKind::FaceCamera));
        QVERIFY(camera);
        MaintenanceBackend backend(deps());
        Answer<SelfTestReport> a;
        backend.runSelfTest(QStringLiteral("face_camera"), a.reply());
        QVERIFY(a.wait());
        QVERIFY2(a.value->passed, qPrintable(a.value->summary));
        QCOMPARE(a.value->preview.size(), QSize(480, 360)); // scaled down for the screen; the frame itself is gone
        QCOMPARE(a.value->details, QStringList{QStringLiteral("size: 640x480")});
        QTRY_VERIFY(!camera->frameSource()->isActive()); // started for the check, stopped after it
    }

    void technicianCard_goesToSignIn_onlyWhileWatched()
    {
        MaintenanceBackend backend(deps());
        MaintenanceProviders p = backend.providers();
        QStringList ids;
        const drivers::idcard::CardRecord card = idcard_samples::resident();
        p.watchCards([&ids](const QString &id) { ids << id; });
        sam->insertCard(card);
        QTRY_COMPARE(ids.size(), 1);
        QCOMPARE(ids.first(), card.idNumber); // to MaintenanceAuth, which keeps only a salted hash
        sam->removeCard();
        p.watchCards({});
        QTest::qWait(200);
        sam->insertCard(card);
        QTest::qWait(300);
        QCOMPARE(ids.size(), 1);
    }

    void qrReadTest_showsTheCodeShortened()
    {
        MaintenanceBackend backend(deps());
        Answer<SelfTestReport> a;
        backend.runSelfTest(QStringLiteral("code_scanner"), a.reply());
        const QByteArray code = "https://yss.gd.gov.cn/qr/9f3c2a7b11d04e6f";
        QTest::qWait(100);
        scannerPort->feed(code + "\r");
        QVERIFY(a.wait());
        QVERIFY2(a.value->passed, qPrintable(a.value->summary));
        QVERIFY2(a.value->summary.contains(QStringLiteral("http… (%1)").arg(code.size())),
                 qPrintable(a.value->summary));
        QVERIFY(!a.value->summary.contains(QStringLiteral("9f3c2a7b")));
        // Nobody listens afterwards: a later scan goes nowhere.
        QSignalSpy later(codes.get(), &CodeInput::code);
        scannerPort->feed("second\r");
        QTest::qWait(200);
        QCOMPARE(later.count(), 0);
    }

    void deadLetters_retriedDeletedAndExported_fromARealQueue()
    {
        using namespace kiosk::queue;
        const QString path = tmp.filePath(QStringLiteral("queue.sqlite"));
        QString deadId, deadId2;
        {
            StoreOpenResult r = Store::open(path, Outbox::migrations());
            QVERIFY(r.isOk());
            OutboxOptions oo;
            oo.kioskId = test::kKioskId;
            oo.diskFloorBytes = 0;
            Outbox box(*r.store, oo);
            const Sealer sealer(test::testPlatformKey(), test::testKeys().kioskPrivate);
            for (int n = 0; n < 3; ++n) {
                QByteArray page(4000, Qt::Uninitialized);
                QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(page.data()), 1000);
                const auto blob = sealer.sealBlob(page);
                EnvelopeMeta meta{{},
                                  box.allocateLocalNo().value,
                                  test::kKioskId,
                                  QDateTime::currentDateTimeUtc(),
                                  "11440100MB2C91222Q4440111009000",
                                  3};
                const auto e =
                    sealer.sealEnvelope(meta, test::samplePayload(), {blob.value.ref("household_register", 1)});
                QVERIFY(e.isOk());
                QVERIFY(box.enqueue(e.value, {blob.value}).isOk());
            }
            for (int n = 0; n < 2; ++n) {
                const auto lease = box.leaseNext("sync", 0, 1000);
                QVERIFY(lease.value);
                QVERIFY(box.markDead(lease.value->id, QStringLiteral("422 unknown-key: retired-key")).isOk());
                (n == 0 ? deadId : deadId2) = lease.value->id;
            }
        }
        MaintenanceBackend backend(deps());
        MaintenanceProviders p = backend.providers();
        Answer<QList<DeadLetter>> dead;
        p.deadLetters(dead.reply());
        QVERIFY(dead.wait());
        QCOMPARE(dead.value->size(), 2);
        QCOMPARE(dead.value->first().reason, QStringLiteral("422 unknown-key: retired-key"));
        QVERIFY(dead.value->first().localNo.startsWith(kiosk::test::kKioskId));

        Answer<QString> retried;
        p.retryDead(deadId, retried.reply());
        QVERIFY(retried.wait());
        QCOMPARE(*retried.value, QString());
        Answer<QString> deleted;
        p.deleteDead(deadId2, deleted.reply());
        QVERIFY(deleted.wait());
        QCOMPARE(*deleted.value, QString());
        Answer<QString> again;
        p.deleteDead(deadId2, again.reply());
        QVERIFY(again.wait());
        QVERIFY(!again.value->isEmpty()); // gone: said so, nothing else touched
        Answer<QList<DeadLetter>> none;
        p.deadLetters(none.reply());
        QVERIFY(none.wait());
        QVERIFY(none.value->isEmpty());

        // Export to a "USB stick": a folder under the removable root.
        QVERIFY(QDir().mkpath(tmp.filePath(QStringLiteral("media/kiosk/USB1"))));
        const QStringList folders = p.exportFolders();
        QCOMPARE(folders, QStringList{QFileInfo(tmp.filePath(QStringLiteral("media/kiosk"))).absoluteFilePath()});
        Answer<std::pair<QString, QString>> exported;
        p.exportQueue(folders.first(), exported.reply());
        QVERIFY(exported.wait());
        QVERIFY2(exported.value->second.isEmpty(), qPrintable(exported.value->second));
        QVERIFY(exported.value->first.startsWith(folders.first() + QStringLiteral("/kiosk-queue-")));
        QVERIFY(QFileInfo::exists(exported.value->first + QStringLiteral("/manifest.json")));
        // The two not yet acknowledged (the retried one and the pending one) are in it, sealed.
        QFile manifest(exported.value->first + QStringLiteral("/manifest.json"));
        QVERIFY(manifest.open(QIODevice::ReadOnly));
        const QByteArray m = manifest.readAll();
        QVERIFY(m.contains(deadId.toLatin1()));
        QVERIFY(!m.contains(deadId2.toLatin1()));
    }

    void logs_tailAndExport()
    {
        QVERIFY(QDir().mkpath(tmp.filePath(QStringLiteral("logs"))));
        QFile log(tmp.filePath(QStringLiteral("logs/kiosk.log")));
        QVERIFY(log.open(QIODevice::WriteOnly));
        for (int i = 0; i < 500; ++i)
            log.write(QStringLiteral("line %1\n").arg(i).toUtf8());
        log.close();
        MaintenanceBackend backend(deps());
        MaintenanceProviders p = backend.providers();
        Answer<QStringList> lines;
        p.recentLogs(20, lines.reply());
        QVERIFY(lines.wait());
        QCOMPARE(lines.value->size(), 20);
        QCOMPARE(lines.value->last(), QStringLiteral("line 499"));
        QVERIFY(QDir().mkpath(tmp.filePath(QStringLiteral("usb"))));
        Answer<std::pair<QString, QString>> exported;
        p.exportLogs(tmp.filePath(QStringLiteral("usb")), exported.reply());
        QVERIFY(exported.wait());
        QVERIFY2(exported.value->second.isEmpty(), qPrintable(exported.value->second));
        QCOMPARE(QFileInfo(exported.value->first + QStringLiteral("/kiosk.log")).size(), QFileInfo(log).size());
    }

    // As packaged: /etc/kiosk/kiosk.conf is root's and read-only (ProtectSystem=full), with comments. The menu's edit
    // lands in the local override under the data folder, is what a reload (the next start) reads, and the /etc file
    // stays byte for byte (same inode, so not even rewritten in place).
    void config_onlyTheSafeSubset_intoTheLocalFile_etcUntouched_secretsHidden()
    {
        const QString etc = tmp.filePath(QStringLiteral("kiosk.conf"));
        {
            QFile f(etc);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("; Kiosk configuration: comments a rewrite would lose\n[kiosk]\nid=GD-DEV-0001\n"
                    "; the hotline\n[ui]\nhotline=12345\n[platform]\nurl=https://platform.example\n"
                    "client_key=/etc/kiosk/secret.pem\n");
        }
        QVERIFY(QFile::setPermissions(etc, QFileDevice::ReadOwner | QFileDevice::ReadGroup | QFileDevice::ReadOther));
        QFile before(etc);
        QVERIFY(before.open(QIODevice::ReadOnly));
        const QByteArray etcBytes = before.readAll();
        const QFileInfo etcInfo(etc);
        struct stat etcStat {
        };
        QCOMPARE(::stat(QFile::encodeName(etc).constData(), &etcStat), 0);
        const QString local = tmp.filePath(QStringLiteral("data/kiosk.local.conf"));
        MaintenanceBackendDeps d = deps();
        d.localConfigPath = local;
        MaintenanceBackend backend(d);
        QVERIFY(backend.providers().setConfig);
        QCOMPARE(backend.setConfig(QStringLiteral("ui/hotline"), QStringLiteral("96333")), QString());
        QCOMPARE(backend.setConfig(QStringLiteral("kiosk/centre_name"), QStringLiteral("越秀区政务服务中心")),
                 QString());
        QVERIFY(!backend.setConfig(QStringLiteral("ui/hotline"), QStringLiteral("call us")).isEmpty());
        QVERIFY(!backend.setConfig(QStringLiteral("platform/url"), QStringLiteral("https://evil.example")).isEmpty());
        QVERIFY(!backend.setConfig(QStringLiteral("kiosk/id"), QStringLiteral("EVIL-1")).isEmpty());
        // The local file holds exactly the two accepted edits.
        {
            QSettings written(local, QSettings::IniFormat);
            QCOMPARE(written.allKeys().size(), 2);
            QCOMPARE(written.value(QStringLiteral("ui/hotline")).toString(), QStringLiteral("96333"));
        }
        // /etc's file: the same bytes, the same file.
        QFile after(etc);
        QVERIFY(after.open(QIODevice::ReadOnly));
        QCOMPARE(after.readAll(), etcBytes);
        const QFileInfo etcAfter(etc);
        QCOMPARE(etcAfter.lastModified(), etcInfo.lastModified());
        struct stat etcStatAfter {
        };
        QCOMPARE(::stat(QFile::encodeName(etc).constData(), &etcStatAfter), 0);
        QCOMPARE(etcStatAfter.st_ino, etcStat.st_ino);
        // A reload (the next start reads /etc's file, then the local one) sees the edits.
        const KioskConfig reloaded = KioskConfig::load(etc, local, nullptr);
        QCOMPARE(reloaded.hotline, QStringLiteral("96333"));
        QCOMPARE(reloaded.centreName, QStringLiteral("越秀区政务服务中心"));
        QCOMPARE(reloaded.kioskId, QStringLiteral("GD-DEV-0001"));
        bool sawKey = false, sawHotline = false, sawStaffHelp = false;
        for (const ConfigEntry &e : backend.config()) {
            if (e.key == QLatin1String("platform/client_key")) {
                sawKey = true;
                QVERIFY(!e.value.contains(QStringLiteral("secret")));
                QVERIFY(!e.editable);
            }
            if (e.key == QLatin1String("ui/hotline")) {
                sawHotline = e.editable && e.local && e.value == QLatin1String("96333");
            }
            if (e.key == QLatin1String("ui/staff_help"))
                sawStaffHelp = e.editable && !e.local; // listed with its default although no file sets it
            if (e.key == QLatin1String("platform/url"))
                QVERIFY(!e.editable && !e.local);
        }
        QVERIFY(sawKey && sawHotline && sawStaffHelp);
        // A new backend (after a restart) lists the same.
        MaintenanceBackend again(d);
        int localCount = 0;
        for (const ConfigEntry &e : again.config())
            localCount += e.local ? 1 : 0;
        QCOMPARE(localCount, 2);
        QVERIFY(QFile::setPermissions(etc, QFileDevice::ReadOwner | QFileDevice::WriteOwner));
    }

    void config_withoutALocalFile_editsAreNotOffered()
    {
        MaintenanceBackendDeps d = deps();
        d.localConfigPath.clear();
        MaintenanceBackend backend(d);
        QVERIFY(!backend.providers().setConfig);
        QVERIFY(!backend.setConfig(QStringLiteral("ui/hotline"), QStringLiteral("96333")).isEmpty());
    }

    // "Leave kiosk mode" leaves kiosk-session its marker before the exit code; "restart the app" does not.
    void leaveKiosk_writesTheMarkerBeforeExiting_restartDoesNot()
    {
        QList<int> exits;
        bool markerAtExit = false;
        MaintenanceBackendDeps d = deps();
        d.leaveKioskMarker = tmp.filePath(QStringLiteral("leave-kiosk-mode"));
        d.quit = [&](int code) {
            exits << code;
            markerAtExit = QFileInfo::exists(d.leaveKioskMarker);
        };
        MaintenanceBackend backend(d);
        const MaintenanceProviders p = backend.providers();
        p.quit(kiosk::app::kExitRestart);
        QCOMPARE(markerAtExit, false);
        p.quit(kiosk::app::kExitLeaveKiosk);
        QCOMPARE(markerAtExit, true);
        QCOMPARE(exits, (QList<int>{kiosk::app::kExitRestart, kiosk::app::kExitLeaveKiosk}));
    }

    void pactlVolume_isParsed()
    {
        QCOMPARE(parsePactlVolume(QStringLiteral("Volume: front-left: 39322 /  60% / -13.31 dB,   front-right: 39322 / "
                                                 " 60% / -13.31 dB\n")),
                 60);
        QCOMPARE(parsePactlVolume(QStringLiteral("no sink")), -1);
    }
};

QTEST_MAIN(TestMaintenanceBackend)
#include "test_maintenance_backend.moc"
