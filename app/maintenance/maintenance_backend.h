// The maintenance menu's providers on the real kiosk: device self-tests (a test receipt, an A4 test page, a test
// scan, a card read shown masked, a QR read shown shortened, one camera frame shown and never stored), technician
// cards for sign-in, the outbox's dead letters and export, the catalogue refresher, the platform check, the logs,
// the safe subset of the configuration, the speaker volume and the exit codes. Everything slow runs off the GUI
// thread (a worker pool, the devices' own threads, the platform thread, QProcess) and answers on the GUI thread.
#pragma once

#include <QDateTime>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QThreadPool>

#include <functional>

#include "app/maintenance/maintenance_service.h"

namespace kiosk::drivers {
class Device;
class DeviceManager;
namespace idcard {
struct CardRecord;
}
} // namespace kiosk::drivers

namespace kiosk::queue {
class SyncEngine;
}

namespace kiosk::app {

class CatalogueRefresher;
class SamBinding;
class CatalogueService;
class CodeInput;
class PlatformService;
class ReceiptService;

struct MaintenanceBackendDeps {
    drivers::DeviceManager *devices = nullptr;
    ReceiptService *receipts = nullptr; // the test receipt
    CodeInput *codes = nullptr;         // the QR read test
    queue::SyncEngine *sync = nullptr;
    QString queueDatabasePath;
    QString kioskId;
    CatalogueService *catalogue = nullptr;
    CatalogueRefresher *refresher = nullptr;
    PlatformService *platform = nullptr;
    QString logDir;
    QString configPath;      // the INI the kiosk was started with (root's, read only): listed, never written
    QString localConfigPath; // its local override (KioskConfig::overridePath): the menu writes here; empty: no edits
    // Written just before the kiosk exits kExitLeaveKiosk, for kiosk-session (KIOSK_LEAVE_MARKER): cage 0.1.4 does not
    // pass the 78 on to the unit. Empty: no marker.
    QString leaveKioskMarker;
    QString centreName;
    QString hotline;
    // Where exports may go: mount points one or two levels below these roots, and `exportDir` when it exists.
    QStringList removableRoots{QStringLiteral("/media"), QStringLiteral("/run/media")};
    bool requireMountPoint = true; // tests use plain folders
    QString exportDir;             // [maintenance] export_dir
    int selfTestTimeoutMs = 90'000;
    int waitForCardMs = 30'000; // card-read and QR-read tests wait this long for a person to present one
    QString pactl = QStringLiteral("pactl");
    std::function<void(int exitCode)> quit; // default: QCoreApplication::exit
    SamBinding *readerSam = nullptr;        // the card reader's SAM check; null: none (no reader)
};

// The INI keys a supervisor may change from the menu (no platform, security or storage settings):
// KioskConfig::overridableKeys(), the only keys the local override file may set.
QStringList editableConfigKeys();
// What a card-read test shows: the card's masked name and number, never more.
QString maskedCardSummary(const drivers::idcard::CardRecord &card);
// What a QR read test shows: the first four characters and the length.
QString maskedCode(const QString &code);
// "Volume: 60%" lines from `pactl get-sink-volume`: the first percentage, -1 when none.
int parsePactlVolume(const QString &output);

class MaintenanceBackend : public QObject
{
    Q_OBJECT
public:
    explicit MaintenanceBackend(MaintenanceBackendDeps deps, QObject *parent = nullptr);
    ~MaintenanceBackend() override; // waits for queue and log work still running

    MaintenanceProviders providers();

    void runSelfTest(const QString &kind, Reply<SelfTestReport> done);
    void watchCards(std::function<void(QString)> onCard) { cardSignIn_ = std::move(onCard); }
    QStringList exportFolders() const;
    QList<ConfigEntry> config() const;
    QString setConfig(const QString &key, const QString &value);

private:
    void deviceSelfTest(drivers::Device *device, const QString &kind, Reply<SelfTestReport> done);
    void printTestReceipt(Reply<SelfTestReport> done);
    void cardReadTest(Reply<SelfTestReport> done);
    void codeReadTest(Reply<SelfTestReport> done);
    void cameraCheck(Reply<SelfTestReport> done);
    void onCard(const drivers::idcard::CardRecord &card);
    void writeLeaveKioskMarker();
    // Runs `work` on the worker pool and `done` with its value on the GUI thread.
    template <typename T> void offThread(std::function<T()> work, Reply<T> done);
    void pactlRun(const QStringList &args, std::function<void(int exitCode, QString out)> done);

    MaintenanceBackendDeps deps_;
    QThreadPool pool_;
    std::function<void(QString)> cardSignIn_;
    Reply<SelfTestReport> cardTest_; // a card-read test waiting for a card
    qint64 catalogueVersion_ = 0;
    int catalogueItems_ = 0;
    QDateTime catalogueRefreshed_;
    QString catalogueError_;
    QList<Reply<CatalogueInfo>> catalogueWaiting_;
};

} // namespace kiosk::app
