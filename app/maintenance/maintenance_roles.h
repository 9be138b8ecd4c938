// Who may do what in the maintenance menu (the role rules) and what a sign-in attempt answers: the value types the
// menu's screens and MaintenanceService share, without the credential store behind them (maintenance_auth.h).
#pragma once

#include <QList>
#include <QString>

#include <optional>

namespace kiosk::app {

enum class MaintenanceRole { Technician, Supervisor };

enum class MaintenanceAction {
    OpenMenu,
    ViewDiagnostics,
    RunSelfTest,
    SyncNow,
    RefreshCatalogue,
    RetryDeadLetters,
    ExportQueue,
    ViewAuditLog,
    RestartDevices,
    LeaveKioskMode,         // supervisor only
    ChangePlatformSettings, // supervisor only
    DeleteDeadLetters,      // supervisor only
    ManageCredentials,      // supervisor only: PINs and cards
    ViewLogs,
    ExportLogs,
    ChangeVolume,
    RestartApp,
    EditConfig,      // supervisor only: the safe subset of the INI (centre name, hotline, voice)
    AcceptReaderSam, // supervisor only: record the card reader's new SAM id (app/devices/sam_binding.h)
};

// The role rules: a supervisor may do everything; a technician everything but the supervisor-only actions.
bool may(MaintenanceRole role, MaintenanceAction action);

QString toString(MaintenanceRole role); // technician | supervisor
std::optional<MaintenanceRole> maintenanceRoleFrom(const QString &name);
QString toString(MaintenanceAction action);

struct AuthResult {
    enum class Outcome {
        Granted,
        Denied,         // wrong PIN or unknown card; counted
        LockedOut,      // refused without looking at the PIN; lockedForMs says how long still
        NotProvisioned, // no PIN / card is set up at all: the menu cannot be opened (provision with kioskctl)
        CardRequired,   // a PIN without a staff card: never enough (two factors); counted
        Error,          // the store failed; nothing was granted
    };
    Outcome outcome = Outcome::Error;
    std::optional<MaintenanceRole> role; // Granted only
    int attemptsLeft = 0;                // before the next lockout
    qint64 lockedForMs = 0;
    QString message; // English, for the log and technicians; never holds the PIN or card id

    bool granted() const { return outcome == Outcome::Granted; }
};

// granted | denied | locked_out | not_provisioned | card_required | error
QString toString(AuthResult::Outcome outcome);

struct MaintenanceAuthStatus {
    QList<MaintenanceRole> pinsSet;
    int technicianCards = 0;
    int supervisorCards = 0;
    int failures = 0;       // counted since the last success or lockout
    int lockouts = 0;       // consecutive lockouts (the next one lasts lockoutMs * 2^lockouts)
    qint64 lockedForMs = 0; // 0: not locked
};

// Why a PIN is not accepted for provisioning; empty when it is.
QString pinProblem(const QString &pin);

} // namespace kiosk::app
