// Who may open the maintenance menu: per-role PINs and technician cards kept only as slow salted hashes (PBKDF2-HMAC-
// SHA256), a failure counter that locks the menu after 5 failures for 15 minutes (doubling on each further lockout)
// and survives kill -9 and reboot, and the role rules (`may`).
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
    qint64 maxLockoutMs = 24 * 60 * 60 * 1000;   // doubling stops here
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

    // `role` empty: the PIN of any role (supervisor's checked first).
    AuthResult attemptPin(const QString &pin, std::optional<MaintenanceRole> role = std::nullopt);
    // A technician (or supervisor) card's id as the reader gives it.
    AuthResult attemptCard(const QString &cardId);

    // Provisioning (kioskctl, or a supervisor in the menu). The clear values are never stored.
    queue::StoreError setPin(MaintenanceRole role, const QString &pin);
    queue::StoreError addCard(MaintenanceRole role, const QString &cardId);
    queue::StoreResult<int> removeCards(std::optional<MaintenanceRole> role = std::nullopt);
    // Ends a lockout and clears the counters (a supervisor's decision; audited).
    queue::StoreError resetLockout();

    queue::StoreResult<MaintenanceAuthStatus> status();
    const MaintenanceAuthOptions &options() const { return options_; }

private:
    struct LockState;
    MaintenanceAuth(std::unique_ptr<queue::Store> store, MaintenanceAuthOptions options);
    AuthResult attempt(const QString &method, const std::function<std::optional<MaintenanceRole>()> &check,
                       bool provisioned);
    queue::StoreError readState(LockState *state);
    queue::StoreError writeState(const LockState &state);
    // Brings `state` up to now (lock anchored to this boot, expired lock cleared); true if it changed.
    // `startedLock`: set when this call started a lockout (to be audited once it is committed).
    bool refresh(LockState &state, bool *startedLock = nullptr);
    void noteLockout(const LockState &state);
    qint64 remainingMs(const LockState &state) const;
    qint64 lockDurationFor(int lockouts) const;
    QByteArray cardSalt(queue::StoreError *error);
    void audit(const char *kind, const QJsonObject &detail);

    QMutex mutex_;
    std::unique_ptr<queue::Store> store_;
    MaintenanceAuthOptions options_;
};

} // namespace kiosk::app
