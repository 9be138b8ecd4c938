// `kioskctl maintenance ...`: provisions the maintenance menu's credentials (PINs per role read from stdin, technician
// cards stored only as slow hashes), shows the lockout state and ends a lockout. Every change goes to the audit log.
#include <QFileInfo>
#include <QJsonArray>
#include <QSettings>

#include <cstdio>
#include <string>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "app/audit/audit_log.h"
#include "app/config/kiosk_config.h"
#include "app/kioskctl/command.h"
#include "app/maintenance/maintenance_auth.h"

namespace kiosk::ctl {

namespace {

struct MaintenanceContext {
    QString dataDir;
    app::MaintenanceAuthOptions auth;
    app::AuditOptions audit;
};

MaintenanceContext loadContext(const Invocation &inv)
{
    QString path = configPathOf(inv);
    const app::KioskConfig config = app::KioskConfig::load(path);
    QSettings ini(path.isEmpty() ? QStringLiteral("/dev/null") : path, QSettings::IniFormat);
    QStringList problems;
    MaintenanceContext c;
    c.dataDir = config.effectiveDataDir();
    c.auth = app::loadMaintenanceOptions(ini, c.dataDir, &problems);
    c.audit = app::loadAuditOptions(ini, c.dataDir, &problems);
    for (const QString &p : std::as_const(problems))
        err(QStringLiteral("config: ") + p);
    return c;
}

int fail(const Invocation &inv, const QString &message, int code)
{
    if (inv.json)
        printJson({{QStringLiteral("error"), message}});
    else
        err(QStringLiteral("kioskctl maintenance: ") + message);
    return code;
}

// One line from stdin; on a terminal without echo, asked twice.
std::optional<QString> readSecret(const QString &what)
{
    auto readLine = []() -> std::optional<QString> {
        std::string line;
        int ch;
        while ((ch = std::fgetc(stdin)) != EOF && ch != '\n')
            line.push_back(char(ch));
        if (ch == EOF && line.empty())
            return std::nullopt;
        QString s = QString::fromStdString(line).trimmed();
        std::fill(line.begin(), line.end(), '\0');
        return s;
    };
    if (!::isatty(STDIN_FILENO))
        return readLine();
    termios old{};
    ::tcgetattr(STDIN_FILENO, &old);
    termios quiet = old;
    quiet.c_lflag &= ~tcflag_t(ECHO);
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    std::fprintf(stderr, "%s: ", qPrintable(what));
    const std::optional<QString> first = readLine();
    std::fprintf(stderr, "\nagain: ");
    const std::optional<QString> second = readLine();
    std::fprintf(stderr, "\n");
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
    if (!first || !second || *first != *second) {
        err(QStringLiteral("the two entries differ"));
        return std::nullopt;
    }
    return first;
}

std::optional<app::MaintenanceRole> roleOption(const QStringList &args, bool required, QString *problem)
{
    const qsizetype i = args.indexOf(QStringLiteral("--role"));
    if (i < 0) {
        if (required)
            *problem = QStringLiteral("--role technician|supervisor is required");
        return std::nullopt;
    }
    const auto role = app::maintenanceRoleFrom(args.value(i + 1));
    if (!role)
        *problem = QStringLiteral("--role must be technician or supervisor");
    return role;
}

// The credential store with the audit log as its sink (both created on first use).
struct Opened {
    std::unique_ptr<app::AuditLog> audit;
    std::unique_ptr<app::MaintenanceAuth> auth;
    QString error;
};

Opened openAll(const MaintenanceContext &c)
{
    Opened o;
    app::AuditOpenResult a = app::AuditLog::open(c.audit);
    if (!a.isOk()) {
        o.error = QStringLiteral("audit log: ") + a.error.message;
        return o;
    }
    o.audit = std::move(a.log);
    app::MaintenanceAuthOptions options = c.auth;
    options.audit = o.audit->sink();
    app::MaintenanceAuth::OpenResult m = app::MaintenanceAuth::open(options);
    if (!m.isOk()) {
        o.error = m.error.message;
        return o;
    }
    o.auth = std::move(m.auth);
    return o;
}

int finish(const MaintenanceContext &c, const Invocation &inv, const QJsonObject &result, const QString &line)
{
    giveToDataDirOwner(c.dataDir, {c.auth.databasePath, c.audit.databasePath, c.audit.keyPath});
    if (inv.json)
        printJson(result);
    else
        out(line);
    return 0;
}

int setPin(const Invocation &inv)
{
    QString problem;
    const auto role = roleOption(inv.args, true, &problem);
    if (!role)
        return fail(inv, problem, 2);
    const MaintenanceContext c = loadContext(inv);
    const std::optional<QString> pin = readSecret(QStringLiteral("new %1 PIN").arg(app::toString(*role)));
    if (!pin)
        return fail(inv, QStringLiteral("no PIN on stdin"), 2);
    const QString weak = app::pinProblem(*pin);
    if (!weak.isEmpty())
        return fail(inv, weak, 2);
    Opened o = openAll(c);
    if (!o.auth)
        return fail(inv, o.error, 1);
    const queue::StoreError e = o.auth->setPin(*role, *pin);
    if (!e.isOk())
        return fail(inv, e.message, e.code == queue::StoreErrorCode::InvalidArgument ? 2 : 1);
    return finish(c, inv, {{QStringLiteral("role"), app::toString(*role)}, {QStringLiteral("set"), true}},
                  QStringLiteral("%1 PIN set").arg(app::toString(*role)));
}

int addCard(const Invocation &inv)
{
    QString problem;
    auto role = roleOption(inv.args, false, &problem);
    if (!problem.isEmpty())
        return fail(inv, problem, 2);
    if (!role)
        role = app::MaintenanceRole::Technician;
    const MaintenanceContext c = loadContext(inv);
    const std::optional<QString> card = readSecret(QStringLiteral("card id"));
    if (!card || card->isEmpty())
        return fail(inv, QStringLiteral("no card id on stdin"), 2);
    Opened o = openAll(c);
    if (!o.auth)
        return fail(inv, o.error, 1);
    const queue::StoreError e = o.auth->addCard(*role, *card);
    if (!e.isOk())
        return fail(inv, e.message, e.code == queue::StoreErrorCode::InvalidArgument ? 2 : 1);
    return finish(c, inv, {{QStringLiteral("role"), app::toString(*role)}, {QStringLiteral("added"), true}},
                  QStringLiteral("%1 card added (stored as a salted hash only)").arg(app::toString(*role)));
}

int removeCards(const Invocation &inv)
{
    QString problem;
    const auto role = roleOption(inv.args, false, &problem);
    if (!problem.isEmpty())
        return fail(inv, problem, 2);
    const MaintenanceContext c = loadContext(inv);
    Opened o = openAll(c);
    if (!o.auth)
        return fail(inv, o.error, 1);
    const auto r = o.auth->removeCards(role);
    if (!r.isOk())
        return fail(inv, r.error.message, 1);
    return finish(c, inv, {{QStringLiteral("removed"), r.value}}, QStringLiteral("%1 card(s) removed").arg(r.value));
}

int status(const Invocation &inv)
{
    const MaintenanceContext c = loadContext(inv);
    if (!QFileInfo::exists(c.auth.databasePath)) {
        if (inv.json)
            printJson({{QStringLiteral("pins"), QJsonArray()},
                       {QStringLiteral("technician_cards"), 0},
                       {QStringLiteral("supervisor_cards"), 0},
                       {QStringLiteral("failures"), 0},
                       {QStringLiteral("lockouts"), 0},
                       {QStringLiteral("locked_for_s"), 0}});
        else
            out(QStringLiteral("no maintenance credentials yet: set them with 'maintenance set-pin --role ...'"));
        return 0;
    }
    app::MaintenanceAuth::OpenResult m = app::MaintenanceAuth::open(c.auth);
    if (!m.isOk())
        return fail(inv, m.error.message, 1);
    const auto s = m.auth->status();
    if (!s.isOk())
        return fail(inv, s.error.message, 1);
    QJsonArray pins;
    QStringList pinNames;
    for (const app::MaintenanceRole r : s.value.pinsSet) {
        pins.append(app::toString(r));
        pinNames << app::toString(r);
    }
    const qint64 lockedS = (s.value.lockedForMs + 999) / 1000;
    if (inv.json)
        printJson({{QStringLiteral("pins"), pins},
                   {QStringLiteral("technician_cards"), s.value.technicianCards},
                   {QStringLiteral("supervisor_cards"), s.value.supervisorCards},
                   {QStringLiteral("failures"), s.value.failures},
                   {QStringLiteral("lockouts"), s.value.lockouts},
                   {QStringLiteral("locked_for_s"), lockedS}});
    else
        out(QStringLiteral("PINs set: %1; cards: %2 technician, %3 supervisor; failures %4, lockouts %5%6")
                .arg(pinNames.isEmpty() ? QStringLiteral("none") : pinNames.join(QStringLiteral(", ")))
                .arg(s.value.technicianCards)
                .arg(s.value.supervisorCards)
                .arg(s.value.failures)
                .arg(s.value.lockouts)
                .arg(lockedS > 0 ? QStringLiteral("; LOCKED for %1 s").arg(lockedS) : QString()));
    return 0;
}

int unlock(const Invocation &inv)
{
    const MaintenanceContext c = loadContext(inv);
    if (!QFileInfo::exists(c.auth.databasePath))
        return fail(inv, QStringLiteral("no maintenance credentials at %1").arg(c.auth.databasePath), 1);
    Opened o = openAll(c);
    if (!o.auth)
        return fail(inv, o.error, 1);
    const queue::StoreError e = o.auth->resetLockout();
    if (!e.isOk())
        return fail(inv, e.message, 1);
    return finish(c, inv, {{QStringLiteral("unlocked"), true}},
                  QStringLiteral("lockout ended and failure counters cleared (recorded in the audit log)"));
}

const bool registered = [] {
    registerCommand({{QStringLiteral("maintenance"), QStringLiteral("set-pin")},
                     QStringLiteral("maintenance set-pin --role technician|supervisor  (PIN on stdin)"),
                     QStringLiteral("set a role's maintenance PIN (6-12 digits); only a slow salted hash is kept"),
                     setPin});
    registerCommand({{QStringLiteral("maintenance"), QStringLiteral("add-card")},
                     QStringLiteral("maintenance add-card [--role technician|supervisor]  (card id on stdin)"),
                     QStringLiteral("accept a technician card for the maintenance menu (stored hashed)"),
                     addCard});
    registerCommand({{QStringLiteral("maintenance"), QStringLiteral("remove-cards")},
                     QStringLiteral("maintenance remove-cards [--role technician|supervisor]"),
                     QStringLiteral("forget every card (of one role)"),
                     removeCards});
    registerCommand({{QStringLiteral("maintenance"), QStringLiteral("status")},
                     QStringLiteral("maintenance status [--json]"),
                     QStringLiteral("which PINs and cards are set up; failures and lockout"),
                     status});
    registerCommand({{QStringLiteral("maintenance"), QStringLiteral("unlock")},
                     QStringLiteral("maintenance unlock"),
                     QStringLiteral("end a maintenance lockout (audited)"),
                     unlock});
    return true;
}();

} // namespace

} // namespace kiosk::ctl
