// Who may open the maintenance menu: two factors for both roles (an enrolled staff card AND that role's PIN; per-role
// PINs and cards kept only as slow salted hashes, PBKDF2-HMAC-SHA256), failure counters that lock a sign-in path
// after 5 failures for 15 minutes (doubling on each further lockout) and survive kill -9 and reboot, and the role
// rules (`may`).
//
// Paths: attempts without an enrolled card (a PIN alone, or an ID card nobody enrolled) count on one card-less
// counter (doubling up to 24 h); each enrolled card has its own (doubling up to 1 h). Guessing at the screen can
// therefore never lock out staff holding a card, and a supervisor's sign-in ends the card-less lockout.
//
// Durability: an attempt is counted (committed with synchronous=FULL) BEFORE the PIN is checked, and un-counted only
// after a success; a process killed in the middle of an attempt therefore leaves it counted, never forgotten.
// Lock timing: within one boot the lock runs on CLOCK_BOOTTIME (immune to wall clock steps); after a reboot it is
// re-derived from the wall time it ends at, guarded: a wall clock that went backwards (earlier than the lock's start)
// restarts the full lock, and no lock ever lasts longer than it was set for.
//
// Threads: every call may block for a KDF (~0.1-0.3 s) and an fsync: call it off the GUI thread (QtConcurrent). Calls
// are serialised by a mutex; several processes (kiosk, kioskctl) may share the file.
#pragma once

#include "app/audit/audit_log.h"
#include "app/maintenance/maintenance_roles.h"
#include "offline_queue/storage/store.h"

#include <QDateTime>
#include <QList>
#include <QMutex>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

class QSettings;

namespace kiosk::app {

struct MaintenanceAuthOptions {
    QString databasePath;
    int kdfIterations = 310'000; // PBKDF2-HMAC-SHA256 for PINs set from now on (stored per hash); >= 200k in production
    int maxFailures = 5;
    qint64 lockoutMs = 15 * 60 * 1000;           // the first lockout
    qint64 maxLockoutMs = 24 * 60 * 60 * 1000;   // doubling stops here (card-less path)
    qint64 maxCardLockoutMs = 60 * 60 * 1000;    // an enrolled card's own lockout never lasts longer
    qint64 wallBackwardsSlackMs = 2 * 60 * 1000; // NTP steps smaller than this are not a "clock went backwards"
    std::function<QDateTime()> wallClock;        // default: the system clock
    std::function<qint64()> bootMs;              // default: CLOCK_BOOTTIME in ms
    std::function<QString()> bootId;             // default: /proc/sys/kernel/random/boot_id
    AuditSink audit;                             // login success / failure / lockout, credential changes
};

// [maintenance] of the INI file: database (maintenance.sqlite), max_failures (3..10), lockout_minutes (1..1440).
MaintenanceAuthOptions loadMaintenanceOptions(QSettings &ini, const QString &dataDir, QStringList *problems = nullptr);

class MaintenanceAuth
{
public:
    struct OpenResult {
        std::unique_ptr<MaintenanceAuth> auth;
        queue::StoreError error;
        bool isOk() const { return auth != nullptr; }
    };
    static OpenResult open(MaintenanceAuthOptions options);
    ~MaintenanceAuth();
    MaintenanceAuth(const MaintenanceAuth &) = delete;
    MaintenanceAuth &operator=(const MaintenanceAuth &) = delete;

    // A PIN without a card: never granted (CardRequired, or LockedOut); counted on the card-less path.
    AuthResult attemptPin(const QString &pin);
    // The sign-in: a staff card's id as the reader gives it, and the PIN of that card's role.
    AuthResult attemptCardAndPin(const QString &cardId, const QString &pin);

    // Provisioning (kioskctl, or a supervisor in the menu). The clear values are never stored.
    queue::StoreError setPin(MaintenanceRole role, const QString &pin);
    queue::StoreError addCard(MaintenanceRole role, const QString &cardId);
    queue::StoreResult<int> removeCards(std::optional<MaintenanceRole> role = std::nullopt);
    // Ends every lockout and clears the counters (a supervisor's decision; audited).
    queue::StoreError resetLockout();

    // The credentials and the card-less path's counter (what the sign-in screen shows before anyone types), or with
    // `cardId` the counter of that enrolled card (the card-less one when it is not enrolled).
    queue::StoreResult<MaintenanceAuthStatus> status(const QString &cardId = {});
    const MaintenanceAuthOptions &options() const { return options_; }

private:
    struct LockState;
    MaintenanceAuth(std::unique_ptr<queue::Store> store, MaintenanceAuthOptions options);
    struct EnrolledCard {
        MaintenanceRole role;
        QString path; // its lockout counter
    };
    AuthResult attempt(const QString &method, const QString &path,
                       const std::function<std::optional<MaintenanceRole>()> &check, bool provisioned);
    std::optional<EnrolledCard> findCard(const QString &cardId); // the slow part: a KDF per iteration count
    bool anyCredentials();
    queue::StoreError readState(const QString &path, LockState *state);
    queue::StoreError writeState(const LockState &state);
    // Brings `state` up to now (lock anchored to this boot, expired lock cleared); true if it changed.
    // `startedLock`: set when this call started a lockout (to be audited once it is committed).
    bool refresh(LockState &state, bool *startedLock = nullptr);
    void noteLockout(const LockState &state);
    qint64 remainingMs(const LockState &state) const;
    qint64 lockDurationFor(int lockouts, const QString &path) const;
    QByteArray cardSalt(queue::StoreError *error);
    queue::StoreError insertCredential(const char *kind, MaintenanceRole role, const QByteArray &salt,
                                       const QByteArray &hash);
    void audit(const char *kind, const QJsonObject &detail);

    QMutex mutex_;
    std::unique_ptr<queue::Store> store_;
    MaintenanceAuthOptions options_;
};

} // namespace kiosk::app
