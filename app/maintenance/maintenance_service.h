// The maintenance menu's window on the kiosk: device statuses, queue figures, self-tests and "sync now" through
// providers the composition root hands in, and PIN sign-in (MaintenanceAuth) run off the GUI thread.
#pragma once

#include <QDateTime>
#include <QImage>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QThreadPool>

#include <functional>
#include <optional>
#include <utility>

#include "app/audit/audit_sink.h"
#include "app/devices/device_description.h"
#include "app/fleet/heartbeat_service.h"
#include "app/maintenance/maintenance_roles.h"

class QTimer;

namespace kiosk::app {

class MaintenanceAuth;

// Exit codes of the kiosk process chosen in the maintenance menu. The systemd unit restarts the kiosk on every exit
// (Restart=always) except kExitLeaveKiosk (RestartPreventExitStatus=78): a supervisor's "leave kiosk mode".
inline constexpr int kExitRestart = 75;
inline constexpr int kExitLeaveKiosk = 78;

// A device self-test's answer, as technicians read it. No personal data: a card read is masked, a QR code shortened,
// the camera frame lives in memory only (shown, never stored or logged).
struct SelfTestReport {
    QString kind; // the device kind, e.g. "receipt_printer"
    bool passed = false;
    QString summary;     // one line, technical English, as the device says it
    QStringList details; // "key: value" lines
    QImage preview;      // camera check only: one frame, scaled down
};

// A dead letter: what technicians need to act on it (the local number is the one printed on the receipt).
struct DeadLetter {
    enum class Kind { Submission, Evaluation }; // an application, or a 好差评 the platform refused
    QString id;
    QString localNo; // an evaluation's case or local number
    QString itemCode;
    QString reason; // the platform's answer as recorded
    int attempts = 0;
    Kind kind = Kind::Submission;
};

struct CatalogueInfo {
    qint64 version = 0;
    int items = 0;
    QDateTime lastRefresh; // invalid: no answer from the platform since start
    QString lastError;     // of the last refresh; empty when it went through
};

struct NetworkCheck {
    bool configured = false;
    bool reachable = false; // an HTTP answer came back
    int httpStatus = 0;
    QString networkError; // none | dns | connect | tls | pin | timeout | ... (queue::toString(NetworkError))
    QString tls = QStringLiteral("unchecked"); // ok | failed | unchecked (no connection got that far)
    int pins = 0;                              // valid pinned keys; 0: the platform is not contacted
    QString pin = QStringLiteral("unchecked"); // ok | failed | unchecked (also: no pins configured)
    std::optional<qint64> clockOffsetMs;       // the platform's Date minus our clock; none without a Date header
    QString detail;                            // one line for technicians
};

struct ConfigEntry {
    QString key;   // "kiosk/centre_name"
    QString value; // secrets (keys, PIN files) are never listed
    bool editable = false;
    bool local = false; // the value comes from the local override file (set in this menu), not from /etc
};

// What the menu may reach, each optional (null: the menu hides that part). None of them carries personal data.
// Asynchronous providers answer through their callback on the GUI thread (never blocking it meanwhile).
template <typename T> using Reply = std::function<void(T)>;
// The card reader's SAM as the menu shows it (app/devices/sam_binding.h): ids of devices, never of people.
struct ReaderSamStatus {
    QString state; // not_seen | not_recorded | matches | changed
    QString recordedId;
    QString seenId;
};

struct MaintenanceProviders {
    std::function<QList<DeviceDescription>()> devices;
    // Keys as `kioskctl queue status --json`: pending, in_flight, dead, oldest_age_s, last_sync, error.
    std::function<QJsonObject()> queueStatus;
    std::function<void(QString kind, Reply<SelfTestReport> done)> runSelfTest;
    std::function<void()> syncNow;
    // Technician cards: while `onCard` is set every card read goes to it (the id only, never shown); null stops.
    std::function<void(std::function<void(QString cardId)> onCard)> watchCards;
    std::function<void(Reply<QList<DeadLetter>>)> deadLetters;
    std::function<void(QString id, Reply<QString> error)> retryDead; // error: empty on success
    std::function<void(QString id, Reply<QString> error)> deleteDead;
    std::function<QStringList()> exportFolders; // mounted removable media (and the configured folder)
    // Writes into a new sub-folder of `folder`; answers with the folder written, or an error.
    std::function<void(QString folder, Reply<std::pair<QString, QString>> writtenOrError)> exportQueue;
    std::function<CatalogueInfo()> catalogue;
    std::function<void(Reply<CatalogueInfo>)> refreshCatalogue;
    std::function<void(Reply<NetworkCheck>)> checkNetwork;
    std::function<void(int lines, Reply<QStringList>)> recentLogs;
    std::function<void(QString folder, Reply<std::pair<QString, QString>> writtenOrError)> exportLogs;
    std::function<QList<ConfigEntry>()> config;
    std::function<QString(QString key, QString value)> setConfig; // an error, empty when written
    std::function<void(Reply<int>)> volume;                       // percent, -1 when unknown
    std::function<void(int percent, Reply<bool>)> setVolume;
    std::function<void(int exitCode)> quit;
    // The card reader's SAM against its commissioning record; and a supervisor's accepting the id it gives now.
    std::function<ReaderSamStatus()> readerSam;
    std::function<QString(QString by)> acceptReaderSam; // an error, empty when recorded
};

class MaintenanceService : public QObject
{
    Q_OBJECT
public:
    // `auth` may be null (no maintenance store): the menu is then unavailable. It must outlive this service.
    // `audit` gets the menu's actions (config change, export, dead letters, leaving kiosk mode).
    MaintenanceService(MaintenanceProviders providers, MaintenanceAuth *auth, QObject *parent = nullptr,
                       AuditSink audit = {});
    ~MaintenanceService() override; // waits for a sign-in still running

    bool available() const { return auth_ != nullptr; }

    // Checks the staff card presented (listenForCards) with this PIN on a worker thread; `done` runs on the GUI
    // thread, in `context`, unless `context` is gone. A grant signs the card's role in. Without a card presented the
    // PIN alone is refused (CardRequired) and counted: two factors for both roles.
    void attemptPin(const QString &pin, QObject *context, std::function<void(AuthResult)> done);
    // While `context` listens, a card read by the reader is held (in memory, at most kPendingCardMs) for the next
    // attempt; `cardPresented` tells the screen to ask for the PIN. The card's data is never shown.
    void listenForCards(QObject *context, std::function<void()> cardPresented);
    void stopListeningForCards();
    bool hasPendingCard() const { return !pendingCard_.isEmpty(); }
    static constexpr int kPendingCardMs = 60'000;
    // The lockout state before anyone types: failures, attempts left, time still locked (worker thread).
    void lockState(QObject *context, std::function<void(MaintenanceAuthStatus, int maxFailures)> done);
    std::optional<MaintenanceRole> role() const { return role_; }
    bool may(MaintenanceAction action) const { return role_ && app::may(*role_, action); }
    void signOut();
    const MaintenanceProviders &providers() const { return providers_; }

    // Read and act for the signed-in role only; empty / refused otherwise (the callback then does not run).
    QList<DeviceDescription> devices() const;
    QJsonObject queueStatus() const;
    bool canSyncNow() const { return bool(providers_.syncNow) && may(MaintenanceAction::SyncNow); }
    bool canRunSelfTest() const { return bool(providers_.runSelfTest) && may(MaintenanceAction::RunSelfTest); }
    bool runSelfTest(const QString &kind, QObject *context = nullptr, Reply<SelfTestReport> done = {});
    bool syncNow();

    bool deadLetters(QObject *context, Reply<QList<DeadLetter>> done);
    bool retryDeadLetter(const QString &id, QObject *context, Reply<QString> done);
    bool deleteDeadLetter(const QString &id, QObject *context, Reply<QString> done); // supervisor only
    QStringList exportFolders() const;
    bool exportQueue(const QString &folder, QObject *context, Reply<std::pair<QString, QString>> done);
    CatalogueInfo catalogue() const;
    bool refreshCatalogue(QObject *context, Reply<CatalogueInfo> done);
    bool checkNetwork(QObject *context, Reply<NetworkCheck> done);
    bool recentLogs(int lines, QObject *context, Reply<QStringList> done);
    bool exportLogs(const QString &folder, QObject *context, Reply<std::pair<QString, QString>> done);
    QList<ConfigEntry> config() const;
    QString setConfig(const QString &key, const QString &value); // supervisor only; audited; an error or empty
    bool volume(QObject *context, Reply<int> done);
    bool setVolume(int percent, QObject *context, Reply<bool> done);
    ReaderSamStatus readerSam() const; // ViewDiagnostics; empty state when refused or not wired
    bool canAcceptReaderSam() const
    {
        return bool(providers_.acceptReaderSam) && may(MaintenanceAction::AcceptReaderSam);
    }
    QString acceptReaderSam(); // supervisor only; audited; an error or empty
    bool restartApp();         // exits with kExitRestart
    bool leaveKioskMode();     // supervisor only; exits with kExitLeaveKiosk

signals:
    void signedIn(kiosk::app::MaintenanceRole role);
    void signedOut();

private:
    // `done` wrapped so it runs only while `context` lives.
    template <typename T> static Reply<T> guarded(QObject *context, Reply<T> done);
    void audit(const QString &kind, const QJsonObject &detail);
    void attempt(std::function<AuthResult(MaintenanceAuth *)> call, QObject *context,
                 std::function<void(AuthResult)> done);

    MaintenanceProviders providers_;
    MaintenanceAuth *auth_;
    AuditSink audit_;
    void forgetPendingCard();

    std::optional<MaintenanceRole> role_;
    QString pendingCard_; // the card presented for the next attempt; never shown, logged or stored
    QTimer *pendingCardTimer_ = nullptr;
    QThreadPool pool_; // own pool so the destructor can wait for an attempt that still uses auth_
};

} // namespace kiosk::app
