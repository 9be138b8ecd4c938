// Maintenance menu authentication: PBKDF2 PIN and card hashes, the persisted failure counter and escalating lockout.
#include "app/maintenance/maintenance_auth.h"

#include "common/setting_value.h"
#include "offline_queue/storage/crypto_util.h"

#include <QDir>
#include <QFile>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QMutexLocker>
#include <QSettings>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <time.h>

namespace kiosk::app {

Q_LOGGING_CATEGORY(lcMaintAuth, "kiosk.app.maintenance.auth")

using queue::Statement;
using queue::StoreError;
using queue::StoreErrorCode;
using queue::StoreResult;
using queue::Transaction;

namespace {

constexpr int kSaltSize = 16;
constexpr int kHashSize = 32;
constexpr int kMinIterations = 1000; // tests may go this low; production keeps the default (>= 200k)

QList<queue::Migration> migrations()
{
    return {{1, QStringLiteral("maintenance credentials and lockout"),
             R"sql(
CREATE TABLE credential (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('pin', 'card')),
  role TEXT NOT NULL CHECK (role IN ('technician', 'supervisor')),
  salt BLOB NOT NULL,
  iterations INTEGER NOT NULL,
  hash BLOB NOT NULL,
  set_at TEXT NOT NULL
);
CREATE UNIQUE INDEX one_pin_per_role ON credential (role) WHERE kind = 'pin';
CREATE UNIQUE INDEX one_row_per_card ON credential (hash) WHERE kind = 'card';
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value BLOB NOT NULL
);
CREATE TABLE lockout (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  failures INTEGER NOT NULL,
  lockouts INTEGER NOT NULL,
  locked_until_wall_ms INTEGER,
  lock_ms INTEGER NOT NULL,
  boot_id TEXT NOT NULL,
  locked_at_boot_ms INTEGER NOT NULL
);
)sql"},
            // Issue 15: one counter per sign-in path. "pin" counts attempts without an enrolled card (a PIN alone, or
            // a card nobody enrolled); "card:<id>" each enrolled card with its PIN. Guesses at the screen can then lock
            // out only guessers, never a technician or supervisor holding a card. The old row is carried over.
            {2, QStringLiteral("a lockout counter per sign-in path"),
             R"sql(
CREATE TABLE lockout_path (
  path TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  lockouts INTEGER NOT NULL,
  locked_until_wall_ms INTEGER,
  lock_ms INTEGER NOT NULL,
  boot_id TEXT NOT NULL,
  locked_at_boot_ms INTEGER NOT NULL
);
INSERT INTO lockout_path (path, failures, lockouts, locked_until_wall_ms, lock_ms, boot_id, locked_at_boot_ms)
  SELECT 'pin', failures, lockouts, locked_until_wall_ms, lock_ms, boot_id, locked_at_boot_ms FROM lockout;
)sql"}};
}

// The counter of attempts made without an enrolled card.
constexpr char kAnonymousPath[] = "pin";

QByteArray pbkdf2(const QByteArray &secret, const QByteArray &salt, int iterations)
{
    QByteArray out(kHashSize, '\0');
    if (PKCS5_PBKDF2_HMAC(secret.constData(), int(secret.size()),
                          reinterpret_cast<const unsigned char *>(salt.constData()), int(salt.size()), iterations,
                          EVP_sha256(), kHashSize, reinterpret_cast<unsigned char *>(out.data())) != 1)
        return {};
    return out;
}

bool sameBytes(const QByteArray &a, const QByteArray &b)
{
    return a.size() == b.size() && !a.isEmpty() && CRYPTO_memcmp(a.constData(), b.constData(), size_t(a.size())) == 0;
}

// The secret as bytes, zeroed by its owner after use (a QString copy cannot be wiped, so it is converted once).
struct SecretBytes {
    QByteArray bytes;
    explicit SecretBytes(const QString &s) : bytes(s.trimmed().toUtf8()) {}
    ~SecretBytes() { bytes.fill('\0'); }
};

qint64 systemBootMs()
{
    timespec ts{};
    clock_gettime(CLOCK_BOOTTIME, &ts);
    return qint64(ts.tv_sec) * 1000 + ts.tv_nsec / 1'000'000;
}

QString systemBootId()
{
    QFile f(QStringLiteral("/proc/sys/kernel/random/boot_id"));
    if (!f.open(QIODevice::ReadOnly))
        return QStringLiteral("unknown");
    return QString::fromLatin1(f.readAll()).trimmed();
}

QByteArray randomSalt()
{
    QByteArray salt(kSaltSize, '\0');
    if (!queue::crypto::randomBytes(reinterpret_cast<unsigned char *>(salt.data()), kSaltSize))
        return {};
    return salt;
}

QString nowText(const QDateTime &when)
{
    return when.toOffsetFromUtc(8 * 3600).toString(QStringLiteral("yyyy-MM-dd'T'HH:mm:ss")) + QStringLiteral("+08:00");
}

} // namespace

// --- roles ----------------------------------------------------------------------------------------------------------

bool may(MaintenanceRole role, MaintenanceAction action)
{
    if (role == MaintenanceRole::Supervisor)
        return true;
    switch (action) {
    case MaintenanceAction::LeaveKioskMode:
    case MaintenanceAction::ChangePlatformSettings:
    case MaintenanceAction::DeleteDeadLetters:
    case MaintenanceAction::ManageCredentials:
    case MaintenanceAction::EditConfig:
    case MaintenanceAction::AcceptReaderSam: return false;
    default: return true;
    }
}

QString toString(MaintenanceRole role)
{
    return role == MaintenanceRole::Supervisor ? QStringLiteral("supervisor") : QStringLiteral("technician");
}

std::optional<MaintenanceRole> maintenanceRoleFrom(const QString &name)
{
    if (name == QLatin1String("technician"))
        return MaintenanceRole::Technician;
    if (name == QLatin1String("supervisor"))
        return MaintenanceRole::Supervisor;
    return std::nullopt;
}

QString toString(MaintenanceAction action)
{
    switch (action) {
    case MaintenanceAction::OpenMenu: return QStringLiteral("open_menu");
    case MaintenanceAction::ViewDiagnostics: return QStringLiteral("view_diagnostics");
    case MaintenanceAction::RunSelfTest: return QStringLiteral("run_selftest");
    case MaintenanceAction::SyncNow: return QStringLiteral("sync_now");
    case MaintenanceAction::RefreshCatalogue: return QStringLiteral("refresh_catalogue");
    case MaintenanceAction::RetryDeadLetters: return QStringLiteral("retry_dead_letters");
    case MaintenanceAction::ExportQueue: return QStringLiteral("export_queue");
    case MaintenanceAction::ViewAuditLog: return QStringLiteral("view_audit_log");
    case MaintenanceAction::RestartDevices: return QStringLiteral("restart_devices");
    case MaintenanceAction::LeaveKioskMode: return QStringLiteral("leave_kiosk_mode");
    case MaintenanceAction::ChangePlatformSettings: return QStringLiteral("change_platform_settings");
    case MaintenanceAction::DeleteDeadLetters: return QStringLiteral("delete_dead_letters");
    case MaintenanceAction::ManageCredentials: return QStringLiteral("manage_credentials");
    case MaintenanceAction::ViewLogs: return QStringLiteral("view_logs");
    case MaintenanceAction::ExportLogs: return QStringLiteral("export_logs");
    case MaintenanceAction::ChangeVolume: return QStringLiteral("change_volume");
    case MaintenanceAction::RestartApp: return QStringLiteral("restart_app");
    case MaintenanceAction::EditConfig: return QStringLiteral("edit_config");
    case MaintenanceAction::AcceptReaderSam: return QStringLiteral("accept_reader_sam");
    }
    return QStringLiteral("unknown");
}

QString toString(AuthResult::Outcome outcome)
{
    switch (outcome) {
    case AuthResult::Outcome::Granted: return QStringLiteral("granted");
    case AuthResult::Outcome::Denied: return QStringLiteral("denied");
    case AuthResult::Outcome::LockedOut: return QStringLiteral("locked_out");
    case AuthResult::Outcome::NotProvisioned: return QStringLiteral("not_provisioned");
    case AuthResult::Outcome::CardRequired: return QStringLiteral("card_required");
    case AuthResult::Outcome::Error: return QStringLiteral("error");
    }
    return QStringLiteral("error");
}

QString pinProblem(const QString &pin)
{
    if (pin.size() < 6 || pin.size() > 12)
        return QStringLiteral("a PIN has 6 to 12 digits");
    for (const QChar c : pin) {
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return QStringLiteral("a PIN holds digits only");
    }
    bool same = true;
    bool up = true;
    bool down = true;
    for (int i = 1; i < pin.size(); ++i) {
        const int d = pin[i].digitValue();
        const int p = pin[i - 1].digitValue();
        same = same && d == p;
        up = up && d == (p + 1) % 10;
        down = down && d == (p + 9) % 10;
    }
    if (same || up || down)
        return QStringLiteral("a PIN must not be one repeated digit or a straight run (123456)");
    return {};
}

MaintenanceAuthOptions loadMaintenanceOptions(QSettings &ini, const QString &dataDir, QStringList *problems)
{
    MaintenanceAuthOptions o;
    const QString db = ini.value(QStringLiteral("maintenance/database")).toString().trimmed();
    const QString name = db.isEmpty() ? QStringLiteral("maintenance.sqlite") : db;
    o.databasePath = QDir::isAbsolutePath(name) ? name : QDir(dataDir).filePath(name);
    auto integer = [&](const char *key, int min, int max, int fallback) {
        const QVariant v = ini.value(QLatin1String(key));
        if (!v.isValid())
            return fallback;
        QString why;
        const int i = common::boundedInt(v, min, max, fallback, &why);
        if (!why.isEmpty() && problems)
            problems->append(QLatin1String(key) + QStringLiteral(": ") + why);
        return i;
    };
    o.maxFailures = integer("maintenance/max_failures", 3, 10, o.maxFailures);
    o.lockoutMs = qint64(integer("maintenance/lockout_minutes", 1, 1440, int(o.lockoutMs / 60000))) * 60000;
    return o;
}

// --- MaintenanceAuth ------------------------------------------------------------------------------------------------

struct MaintenanceAuth::LockState {
    QString path = QLatin1String(kAnonymousPath);
    int failures = 0;
    int lockouts = 0;
    std::optional<qint64> lockedUntilWallMs;
    qint64 lockMs = 0;
    QString bootId;
    qint64 lockedAtBootMs = 0;
};

MaintenanceAuth::OpenResult MaintenanceAuth::open(MaintenanceAuthOptions options)
{
    OpenResult out;
    if (!options.wallClock)
        options.wallClock = [] { return QDateTime::currentDateTimeUtc(); };
    if (!options.bootMs)
        options.bootMs = systemBootMs;
    if (!options.bootId)
        options.bootId = systemBootId;
    options.kdfIterations = qMax(options.kdfIterations, kMinIterations);
    const QFileInfo info(options.databasePath);
    QDir().mkpath(info.absolutePath());
    queue::StoreOptions so;
    so.recoverCorrupt = false; // a corrupt credential file must not silently become "no PIN set"
    queue::StoreOpenResult r = queue::Store::open(options.databasePath, migrations(), so);
    if (!r.isOk()) {
        out.error = r.error;
        return out;
    }
    out.auth.reset(new MaintenanceAuth(std::move(r.store), std::move(options)));
    return out;
}

MaintenanceAuth::MaintenanceAuth(std::unique_ptr<queue::Store> store, MaintenanceAuthOptions options)
    : store_(std::move(store)), options_(std::move(options))
{}

MaintenanceAuth::~MaintenanceAuth() = default;

void MaintenanceAuth::audit(const char *kind, const QJsonObject &detail)
{
    if (options_.audit)
        options_.audit(QString::fromLatin1(kind), detail);
}

qint64 MaintenanceAuth::lockDurationFor(int lockouts, const QString &path) const
{
    // A card's own counter stops doubling at maxCardLockoutMs: whoever holds an enrolled card is back within it.
    const qint64 cap = path == QLatin1String(kAnonymousPath) ? options_.maxLockoutMs
                                                             : qMin(options_.maxCardLockoutMs, options_.maxLockoutMs);
    qint64 d = qMin(options_.lockoutMs, cap);
    for (int i = 1; i < lockouts && d < cap; ++i)
        d *= 2;
    return qMin(d, cap);
}

StoreError MaintenanceAuth::readState(const QString &path, LockState *state)
{
    *state = LockState{};
    state->path = path;
    Statement s =
        store_->prepare("SELECT failures, lockouts, locked_until_wall_ms, lock_ms, boot_id, locked_at_boot_ms "
                        "FROM lockout_path WHERE path = ?");
    s.bindText(1, path);
    const Statement::Step step = s.step();
    if (step == Statement::Step::Error)
        return s.error();
    if (step == Statement::Step::Row) {
        state->failures = int(s.int64(0));
        state->lockouts = int(s.int64(1));
        if (!s.isNull(2))
            state->lockedUntilWallMs = s.int64(2);
        state->lockMs = s.int64(3);
        state->bootId = s.text(4);
        state->lockedAtBootMs = s.int64(5);
    }
    return {};
}

StoreError MaintenanceAuth::writeState(const LockState &state)
{
    Statement s = store_->prepare(
        "INSERT INTO lockout_path (path, failures, lockouts, locked_until_wall_ms, lock_ms, boot_id, "
        "locked_at_boot_ms) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (path) DO UPDATE SET failures = "
        "excluded.failures, lockouts = excluded.lockouts, locked_until_wall_ms = excluded.locked_until_wall_ms, "
        "lock_ms = excluded.lock_ms, boot_id = excluded.boot_id, locked_at_boot_ms = excluded.locked_at_boot_ms");
    s.bindText(1, state.path).bindInt(2, state.failures).bindInt(3, state.lockouts);
    if (state.lockedUntilWallMs)
        s.bindInt(4, *state.lockedUntilWallMs);
    else
        s.bindNull(4);
    s.bindInt(5, state.lockMs).bindText(6, state.bootId.isEmpty() ? QStringLiteral("-") : state.bootId);
    s.bindInt(7, state.lockedAtBootMs);
    return s.run();
}

qint64 MaintenanceAuth::remainingMs(const LockState &state) const
{
    if (!state.lockedUntilWallMs)
        return 0;
    const qint64 elapsed = qMax<qint64>(0, options_.bootMs() - state.lockedAtBootMs);
    return qBound<qint64>(0, state.lockMs - elapsed, state.lockMs);
}

bool MaintenanceAuth::refresh(LockState &state, bool *startedLock)
{
    bool changed = false;
    const QString boot = options_.bootId();
    if (state.lockedUntilWallMs && state.bootId != boot) {
        // A reboot since the lock began: the boot clock restarted, so the wall clock tells how much is left, guarded.
        const qint64 wallNow = options_.wallClock().toMSecsSinceEpoch();
        const qint64 lockStart = *state.lockedUntilWallMs - state.lockMs;
        qint64 left = 0;
        if (wallNow + options_.wallBackwardsSlackMs < lockStart) {
            left = state.lockMs; // the wall clock went backwards (RTC lost, set back): the whole lock again
            qCWarning(lcMaintAuth) << "wall clock is earlier than the lockout's start; the lockout starts over";
        } else {
            left = qBound<qint64>(0, *state.lockedUntilWallMs - wallNow, state.lockMs);
        }
        state.bootId = boot;
        state.lockedAtBootMs = options_.bootMs() - (state.lockMs - left);
        state.lockedUntilWallMs = wallNow + left;
        changed = true;
    }
    if (state.lockedUntilWallMs && remainingMs(state) == 0) {
        state.lockedUntilWallMs.reset();
        state.failures = 0; // lockouts stays: the next lockout lasts longer
        changed = true;
    }
    if (!state.lockedUntilWallMs && state.failures >= options_.maxFailures) {
        // The fifth failure was counted, and the process may have died before it could lock: lock now.
        state.lockouts += 1;
        state.lockMs = lockDurationFor(state.lockouts, state.path);
        state.bootId = boot;
        state.lockedAtBootMs = options_.bootMs();
        state.lockedUntilWallMs = options_.wallClock().toMSecsSinceEpoch() + state.lockMs;
        changed = true;
        if (startedLock)
            *startedLock = true;
    }
    return changed;
}

void MaintenanceAuth::noteLockout(const LockState &state)
{
    const QString path = state.path == QLatin1String(kAnonymousPath) ? QStringLiteral("pin") : QStringLiteral("card");
    qCWarning(lcMaintAuth).noquote() << "maintenance sign-in by" << path << "locked for" << state.lockMs / 1000
                                     << "s (lockout" << state.lockouts << ")";
    audit(audit_kind::kLockout, {{QStringLiteral("lockouts"), state.lockouts},
                                 {QStringLiteral("seconds"), state.lockMs / 1000},
                                 {QStringLiteral("path"), path}});
}

AuthResult MaintenanceAuth::attempt(const QString &method, const QString &path,
                                    const std::function<std::optional<MaintenanceRole>()> &check, bool provisioned)
{
    AuthResult result;
    auto storeFailed = [&](const StoreError &e) {
        result.outcome = AuthResult::Outcome::Error;
        result.message = QStringLiteral("maintenance store: ") + e.message;
        qCWarning(lcMaintAuth).noquote() << result.message;
        return result;
    };

    // 1. Count the attempt, durably, before looking at the secret.
    {
        Transaction tx(*store_);
        if (!tx.isActive())
            return storeFailed(tx.beginError());
        LockState state;
        StoreError e = readState(path, &state);
        if (!e.isOk())
            return storeFailed(e);
        bool started = false;
        const bool changed = refresh(state, &started);
        const qint64 left = remainingMs(state);
        if (left > 0 || !provisioned) {
            if (changed && !(e = writeState(state)).isOk())
                return storeFailed(e);
            if (!(e = tx.commit()).isOk())
                return storeFailed(e);
            if (started)
                noteLockout(state);
            result.outcome = left > 0 ? AuthResult::Outcome::LockedOut : AuthResult::Outcome::NotProvisioned;
            result.lockedForMs = left;
            result.attemptsLeft = left > 0 ? 0 : options_.maxFailures - state.failures;
            result.message = left > 0 ? QStringLiteral("the maintenance menu is locked for %1 more minute(s)")
                                            .arg((left + 59'999) / 60'000)
                                      : QStringLiteral("no maintenance credentials are set up (kioskctl maintenance)");
            return result;
        }
        state.failures += 1;
        if (!(e = writeState(state)).isOk())
            return storeFailed(e);
        if (!(e = tx.commit()).isOk())
            return storeFailed(e);
    }

    // 2. The slow part, outside any transaction.
    const std::optional<MaintenanceRole> role = check();

    // 3. A success takes the count back; a failure may start a lockout.
    Transaction tx(*store_);
    if (!tx.isActive())
        return storeFailed(tx.beginError());
    LockState state;
    StoreError e = readState(path, &state);
    if (!e.isOk())
        return storeFailed(e);
    if (role)
        state.failures = 0; // a success never starts a lockout, even when it was the fifth counted attempt
    bool started = false;
    refresh(state, &started);
    const qint64 left = remainingMs(state); // > 0 after a success only if another process locked meanwhile
    if (role && left == 0)
        state.lockouts = 0;
    // A supervisor on site recovers the kiosk from guessers: their sign-in ends the lockout of the card-less path.
    const bool recovers = role && left == 0 && *role == MaintenanceRole::Supervisor;
    LockState anonymous;
    if (recovers) {
        if (!(e = readState(QLatin1String(kAnonymousPath), &anonymous)).isOk())
            return storeFailed(e);
    }
    const bool clearAnonymous = recovers && (anonymous.failures > 0 || anonymous.lockedUntilWallMs);
    if (clearAnonymous) {
        anonymous = LockState{};
        anonymous.path = QLatin1String(kAnonymousPath);
        anonymous.bootId = options_.bootId();
        if (!(e = writeState(anonymous)).isOk())
            return storeFailed(e);
    }
    if (!(e = writeState(state)).isOk() || !(e = tx.commit()).isOk())
        return storeFailed(e);
    if (clearAnonymous)
        audit(audit_kind::kConfigChange, {{QStringLiteral("what"), QStringLiteral("maintenance_lockout_reset")},
                                          {QStringLiteral("by"), QStringLiteral("supervisor_sign_in")}});
    if (role && left == 0) {
        result.outcome = AuthResult::Outcome::Granted;
        result.role = role;
        result.attemptsLeft = options_.maxFailures;
        result.message = QStringLiteral("%1 signed in").arg(toString(*role));
        qCInfo(lcMaintAuth) << "maintenance login by" << toString(*role) << "with" << method;
        audit(audit_kind::kLoginSuccess,
              {{QStringLiteral("role"), toString(*role)}, {QStringLiteral("method"), method}});
        return result;
    }
    audit(audit_kind::kLoginFailure, {{QStringLiteral("method"), method}, {QStringLiteral("locked"), left > 0}});
    qCInfo(lcMaintAuth) << "maintenance login refused (" << method << ")";
    if (started)
        noteLockout(state);
    if (left > 0) {
        result.outcome = AuthResult::Outcome::LockedOut;
        result.lockedForMs = left;
        result.message = QStringLiteral("too many failures: the maintenance menu is locked for %1 minute(s)")
                             .arg((left + 59'999) / 60'000);
        return result;
    }
    result.outcome = AuthResult::Outcome::Denied;
    result.attemptsLeft = options_.maxFailures - state.failures;
    result.message = QStringLiteral("not accepted; %1 attempt(s) left before a lockout").arg(result.attemptsLeft);
    return result;
}

QByteArray MaintenanceAuth::cardSalt(StoreError *error)
{
    Statement s = store_->prepare("SELECT value FROM meta WHERE key = 'card_salt'");
    const Statement::Step step = s.step();
    if (step == Statement::Step::Row)
        return s.blob(0);
    if (step == Statement::Step::Error) {
        *error = s.error();
        return {};
    }
    const QByteArray salt = randomSalt();
    Statement ins = store_->prepare("INSERT INTO meta (key, value) VALUES ('card_salt', ?)");
    ins.bindBlob(1, salt);
    *error = ins.run();
    return error->isOk() ? salt : QByteArray();
}

bool MaintenanceAuth::anyCredentials()
{
    Statement s = store_->prepare("SELECT count(*) FROM credential");
    return s.step() == Statement::Step::Row && s.int64(0) > 0;
}

AuthResult MaintenanceAuth::attemptPin(const QString &pin)
{
    QMutexLocker lock(&mutex_);
    // Two factors for both roles: a PIN alone never opens the menu, whatever it is. It is not even compared (no
    // oracle for the PIN); the attempt counts on the card-less path, whose lockout never touches the card path.
    const SecretBytes secret(pin);
    AuthResult r = attempt(
        QStringLiteral("pin"), QLatin1String(kAnonymousPath), [] { return std::optional<MaintenanceRole>(); },
        anyCredentials());
    if (r.outcome == AuthResult::Outcome::Denied) {
        r.outcome = AuthResult::Outcome::CardRequired;
        r.message = QStringLiteral("a staff card is required with the PIN; %1 attempt(s) left before a lockout")
                        .arg(r.attemptsLeft);
    }
    return r;
}

std::optional<MaintenanceAuth::EnrolledCard> MaintenanceAuth::findCard(const QString &cardId)
{
    struct Row {
        MaintenanceRole role;
        int iterations;
        QByteArray hash;
    };
    QList<Row> rows;
    QByteArray salt;
    {
        Statement s = store_->prepare("SELECT role, iterations, hash FROM credential WHERE kind = 'card'");
        while (s.step() == Statement::Step::Row) {
            if (const auto r = maintenanceRoleFrom(s.text(0)))
                rows.append({*r, int(s.int64(1)), s.blob(2)});
        }
        Statement m = store_->prepare("SELECT value FROM meta WHERE key = 'card_salt'");
        if (m.step() == Statement::Step::Row)
            salt = m.blob(0);
    }
    const SecretBytes secret(cardId);
    if (rows.isEmpty() || salt.isEmpty() || secret.bytes.isEmpty())
        return std::nullopt;
    std::optional<EnrolledCard> found;
    QByteArray computed;
    int computedFor = 0;
    for (const Row &r : std::as_const(rows)) {
        if (computedFor != r.iterations) {
            computed = pbkdf2(secret.bytes, salt, r.iterations);
            computedFor = r.iterations;
        }
        if (sameBytes(computed, r.hash) && !found)
            found = EnrolledCard{r.role, QStringLiteral("card:") + QString::fromLatin1(r.hash.toHex().left(16))};
    }
    return found;
}

AuthResult MaintenanceAuth::attemptCardAndPin(const QString &cardId, const QString &pin)
{
    QMutexLocker lock(&mutex_);
    const std::optional<EnrolledCard> card = findCard(cardId);
    if (!card) {
        // Anyone can put an ID card on the reader: a card nobody enrolled is no factor, and counts with the guesses.
        AuthResult r = attempt(
            QStringLiteral("card_and_pin"), QLatin1String(kAnonymousPath),
            [] { return std::optional<MaintenanceRole>(); }, anyCredentials());
        if (r.outcome == AuthResult::Outcome::Denied)
            r.message = QStringLiteral("card not enrolled; %1 attempt(s) left before a lockout").arg(r.attemptsLeft);
        return r;
    }
    struct PinRow {
        QByteArray salt;
        int iterations = 0;
        QByteArray hash;
    };
    std::optional<PinRow> row;
    {
        Statement s = store_->prepare("SELECT salt, iterations, hash FROM credential WHERE kind = 'pin' AND role = ?");
        s.bindText(1, toString(card->role));
        if (s.step() == Statement::Step::Row)
            row = PinRow{s.blob(0), int(s.int64(1)), s.blob(2)};
    }
    const SecretBytes secret(pin);
    // The card names the role; its own PIN must follow (a technician card with the supervisor's PIN is refused).
    return attempt(
        QStringLiteral("card_and_pin"), card->path,
        [&]() -> std::optional<MaintenanceRole> {
            if (row && sameBytes(pbkdf2(secret.bytes, row->salt, row->iterations), row->hash))
                return card->role;
            return std::nullopt;
        },
        row.has_value());
}

StoreError MaintenanceAuth::insertCredential(const char *kind, MaintenanceRole role, const QByteArray &salt,
                                             const QByteArray &hash)
{
    Statement ins = store_->prepare("INSERT INTO credential (kind, role, salt, iterations, hash, set_at) "
                                    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
    ins.bindText(1, QString::fromLatin1(kind))
        .bindText(2, toString(role))
        .bindBlob(3, salt)
        .bindInt(4, options_.kdfIterations)
        .bindBlob(5, hash)
        .bindText(6, nowText(options_.wallClock()));
    return ins.run();
}

StoreError MaintenanceAuth::setPin(MaintenanceRole role, const QString &pin)
{
    const QString problem = pinProblem(pin);
    if (!problem.isEmpty())
        return StoreError::make(StoreErrorCode::InvalidArgument, problem);
    const QByteArray salt = randomSalt();
    const SecretBytes secret(pin);
    const QByteArray hash = pbkdf2(secret.bytes, salt, options_.kdfIterations);
    if (salt.isEmpty() || hash.isEmpty())
        return StoreError::make(StoreErrorCode::InvalidState, QStringLiteral("no randomness or KDF failure"));
    QMutexLocker lock(&mutex_);
    Transaction tx(*store_);
    if (!tx.isActive())
        return tx.beginError();
    Statement del = store_->prepare("DELETE FROM credential WHERE kind = 'pin' AND role = ?");
    del.bindText(1, toString(role));
    StoreError e = del.run();
    if (e.isOk()) {
        e = insertCredential("pin", role, salt, hash);
    }
    if (e.isOk())
        e = tx.commit();
    if (e.isOk())
        audit(audit_kind::kConfigChange,
              {{QStringLiteral("what"), QStringLiteral("maintenance_pin")}, {QStringLiteral("role"), toString(role)}});
    return e;
}

StoreError MaintenanceAuth::addCard(MaintenanceRole role, const QString &cardId)
{
    const SecretBytes secret(cardId);
    if (secret.bytes.size() < 4 || secret.bytes.size() > 64)
        return StoreError::make(StoreErrorCode::InvalidArgument, QStringLiteral("a card id has 4 to 64 characters"));
    QMutexLocker lock(&mutex_);
    Transaction tx(*store_);
    if (!tx.isActive())
        return tx.beginError();
    StoreError e;
    const QByteArray salt = cardSalt(&e);
    if (!e.isOk())
        return e;
    const QByteArray hash = pbkdf2(secret.bytes, salt, options_.kdfIterations);
    e = insertCredential("card", role, salt, hash); // the same card twice: one row
    if (e.isOk())
        e = tx.commit();
    if (e.isOk())
        audit(audit_kind::kConfigChange, {{QStringLiteral("what"), QStringLiteral("maintenance_card_added")},
                                          {QStringLiteral("role"), toString(role)}});
    return e;
}

StoreResult<int> MaintenanceAuth::removeCards(std::optional<MaintenanceRole> role)
{
    QMutexLocker lock(&mutex_);
    StoreResult<int> r;
    Statement del = store_->prepare(role ? "DELETE FROM credential WHERE kind = 'card' AND role = ?"
                                         : "DELETE FROM credential WHERE kind = 'card'");
    if (role)
        del.bindText(1, toString(*role));
    r.error = del.run();
    r.value = int(store_->changes());
    if (r.isOk() && r.value > 0)
        audit(audit_kind::kConfigChange, {{QStringLiteral("what"), QStringLiteral("maintenance_cards_removed")},
                                          {QStringLiteral("count"), r.value}});
    return r;
}

StoreError MaintenanceAuth::resetLockout()
{
    QMutexLocker lock(&mutex_);
    Transaction tx(*store_);
    if (!tx.isActive())
        return tx.beginError();
    StoreError e = store_->exec("DELETE FROM lockout_path"); // every path: a supervisor's decision
    if (e.isOk())
        e = tx.commit();
    if (e.isOk())
        audit(audit_kind::kConfigChange, {{QStringLiteral("what"), QStringLiteral("maintenance_lockout_reset")}});
    return e;
}

StoreResult<MaintenanceAuthStatus> MaintenanceAuth::status(const QString &cardId)
{
    QMutexLocker lock(&mutex_);
    const std::optional<EnrolledCard> card = cardId.isEmpty() ? std::nullopt : findCard(cardId);
    StoreResult<MaintenanceAuthStatus> r;
    Statement s = store_->prepare("SELECT kind, role FROM credential ORDER BY role");
    while (s.step() == Statement::Step::Row) {
        const auto role = maintenanceRoleFrom(s.text(1));
        if (!role)
            continue;
        if (s.text(0) == QLatin1String("pin"))
            r.value.pinsSet.append(*role);
        else if (*role == MaintenanceRole::Technician)
            ++r.value.technicianCards;
        else
            ++r.value.supervisorCards;
    }
    LockState state;
    r.error = readState(card ? card->path : QString::fromLatin1(kAnonymousPath), &state);
    if (!r.isOk())
        return r;
    refresh(state); // a view: not written back, so a look never changes the lock
    r.value.failures = state.failures;
    r.value.lockouts = state.lockouts;
    r.value.lockedForMs = remainingMs(state);
    return r;
}

} // namespace kiosk::app
