// Maintenance authentication: two factors (an enrolled card and its role's PIN), PINs and cards kept only as slow
// hashes, the role rules, counting before checking, a lockout per sign-in path after 5 failures with doubling (capped
// for a card), and lock timing across restarts and reboots (injected wall and boot clocks).
#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

#include "app/maintenance/maintenance_auth.h"

using namespace kiosk;
using app::AuthResult;
using app::MaintenanceAction;
using app::MaintenanceRole;

namespace QTest {
inline bool qCompare(const AuthResult::Outcome &a, const AuthResult::Outcome &b, const char *actual,
                     const char *expected, const char *file, int line)
{
    return qCompare(app::toString(a), app::toString(b), actual, expected, file, line);
}

inline bool qCompare(const kiosk::app::MaintenanceRole &a, const kiosk::app::MaintenanceRole &b, const char *actual,
                     const char *expected, const char *file, int line)
{
    return qCompare(kiosk::app::toString(a), kiosk::app::toString(b), actual, expected, file, line);
}
inline bool qCompare(const kiosk::queue::StoreErrorCode &a, const kiosk::queue::StoreErrorCode &b, const char *actual,
                     const char *expected, const char *file, int line)
{
    return qCompare(kiosk::queue::toString(a), kiosk::queue::toString(b), actual, expected, file, line);
}
} // namespace QTest

namespace {

constexpr qint64 kMinute = 60 * 1000;

// Clocks the test moves: wall time, the boot clock and the boot id (a "reboot" changes the id and resets the clock).
struct Clocks {
    QDateTime wall = QDateTime(QDate(2025, 3, 1), QTime(9, 0), Qt::UTC);
    qint64 boot = 100'000;
    QString bootId = QStringLiteral("boot-1");

    void advance(qint64 ms)
    {
        wall = wall.addMSecs(ms);
        boot += ms;
    }
    void reboot(qint64 downMs)
    {
        wall = wall.addMSecs(downMs);
        boot = 20'000;
        bootId += QStringLiteral("+");
    }
};

struct Fixture {
    QTemporaryDir dir;
    Clocks clocks;
    QList<std::pair<QString, QJsonObject>> events;

    app::MaintenanceAuthOptions options()
    {
        app::MaintenanceAuthOptions o;
        o.databasePath = dir.filePath(QStringLiteral("maintenance.sqlite"));
        o.kdfIterations = 2000; // fast for the tests; the default (>= 200k) is checked on its own
        o.wallClock = [this] { return clocks.wall; };
        o.bootMs = [this] { return clocks.boot; };
        o.bootId = [this] { return clocks.bootId; };
        o.audit = [this](const QString &kind, const QJsonObject &detail) { events.append({kind, detail}); };
        return o;
    }
    std::unique_ptr<app::MaintenanceAuth> open()
    {
        auto r = app::MaintenanceAuth::open(options());
        if (!r.isOk())
            qWarning() << r.error.message;
        return std::move(r.auth);
    }
    QStringList kinds() const
    {
        QStringList k;
        for (const auto &e : events)
            k << e.first;
        return k;
    }
};

const QString kTechPin = QStringLiteral("482913");
const QString kSupPin = QStringLiteral("7305118");
const QString kTechCard = QStringLiteral("04A1B2C3D4");
const QString kSupCard = QStringLiteral("0499887766");
const QString kWrongPin = QStringLiteral("999999");

std::unique_ptr<app::MaintenanceAuth> provisioned(Fixture &f)
{
    auto auth = f.open();
    if (!auth || !auth->setPin(MaintenanceRole::Technician, kTechPin).isOk() ||
        !auth->setPin(MaintenanceRole::Supervisor, kSupPin).isOk() ||
        !auth->addCard(MaintenanceRole::Technician, kTechCard).isOk() ||
        !auth->addCard(MaintenanceRole::Supervisor, kSupCard).isOk())
        return nullptr;
    f.events.clear();
    return auth;
}

QByteArray fileBytes(const QString &path)
{
    QByteArray all;
    for (const QString &p : {path, path + QStringLiteral("-wal")}) {
        QFile f(p);
        if (f.open(QIODevice::ReadOnly))
            all += f.readAll();
    }
    return all;
}

} // namespace

class TestMaintenanceAuth : public QObject
{
    Q_OBJECT

private slots:
    void may_followsTheRoleRules_data()
    {
        QTest::addColumn<MaintenanceRole>("role");
        QTest::addColumn<MaintenanceAction>("action");
        QTest::addColumn<bool>("allowed");
        const QList<std::pair<MaintenanceAction, bool>> technician = {
            {MaintenanceAction::OpenMenu, true},
            {MaintenanceAction::ViewDiagnostics, true},
            {MaintenanceAction::RunSelfTest, true},
            {MaintenanceAction::SyncNow, true},
            {MaintenanceAction::RefreshCatalogue, true},
            {MaintenanceAction::RetryDeadLetters, true},
            {MaintenanceAction::ExportQueue, true},
            {MaintenanceAction::ViewAuditLog, true},
            {MaintenanceAction::RestartDevices, true},
            {MaintenanceAction::LeaveKioskMode, false},
            {MaintenanceAction::ChangePlatformSettings, false},
            {MaintenanceAction::DeleteDeadLetters, false},
            {MaintenanceAction::ManageCredentials, false},
        };
        for (const auto &[action, allowed] : technician) {
            QTest::newRow(qPrintable(QStringLiteral("technician %1").arg(app::toString(action))))
                << MaintenanceRole::Technician << action << allowed;
            QTest::newRow(qPrintable(QStringLiteral("supervisor %1").arg(app::toString(action))))
                << MaintenanceRole::Supervisor << action << true;
        }
    }

    void may_followsTheRoleRules()
    {
        QFETCH(MaintenanceRole, role);
        QFETCH(MaintenanceAction, action);
        QFETCH(bool, allowed);
        QCOMPARE(app::may(role, action), allowed);
    }

    void pinProblem_refusesWeakPins_data()
    {
        QTest::addColumn<QString>("pin");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("six digits") << QStringLiteral("482913") << true;
        QTest::newRow("twelve digits") << QStringLiteral("482913570264") << true;
        QTest::newRow("five digits") << QStringLiteral("48291") << false;
        QTest::newRow("thirteen digits") << QStringLiteral("4829135702641") << false;
        QTest::newRow("letters") << QStringLiteral("48a913") << false;
        QTest::newRow("full-width digits") << QStringLiteral("４８２９１３") << false;
        QTest::newRow("one repeated digit") << QStringLiteral("000000") << false;
        QTest::newRow("ascending run") << QStringLiteral("123456") << false;
        QTest::newRow("ascending run wrapping") << QStringLiteral("789012") << false;
        QTest::newRow("descending run") << QStringLiteral("654321") << false;
        QTest::newRow("empty") << QString() << false;
    }

    void pinProblem_refusesWeakPins()
    {
        QFETCH(QString, pin);
        QFETCH(bool, accepted);
        QCOMPARE(app::pinProblem(pin).isEmpty(), accepted);
    }

    void cardAndItsPin_grantTheCardsRole()
    {
        Fixture f;
        auto auth = provisioned(f);
        QVERIFY(auth);
        AuthResult r = auth->attemptCardAndPin(kTechCard, kTechPin);
        QCOMPARE(r.outcome, AuthResult::Outcome::Granted);
        QCOMPARE(*r.role, MaintenanceRole::Technician);
        r = auth->attemptCardAndPin(kSupCard, kSupPin);
        QCOMPARE(r.outcome, AuthResult::Outcome::Granted);
        QCOMPARE(*r.role, MaintenanceRole::Supervisor);
        QCOMPARE(f.kinds(), (QStringList{QStringLiteral("maintenance.login"), QStringLiteral("maintenance.login")}));
        QCOMPARE(f.events[1].second.value(QLatin1String("role")).toString(), QStringLiteral("supervisor"));
        QCOMPARE(f.events[1].second.value(QLatin1String("method")).toString(), QStringLiteral("card_and_pin"));
    }

    void aCardWithThePinOfAnotherRole_isDenied()
    {
        Fixture f;
        auto auth = provisioned(f);
        QCOMPARE(auth->attemptCardAndPin(kTechCard, kSupPin).outcome, AuthResult::Outcome::Denied);
        QCOMPARE(auth->attemptCardAndPin(kSupCard, kTechPin).outcome, AuthResult::Outcome::Denied);
        QCOMPARE(auth->attemptCardAndPin(kSupCard, kSupPin).outcome, AuthResult::Outcome::Granted);
    }

    // Two factors for both roles (issue 15): before the fix the right PIN alone opened the menu.
    void thePinAlone_neverGrants_evenTheRightOne()
    {
        Fixture f;
        auto auth = provisioned(f);
        QCOMPARE(auth->attemptPin(kTechPin).outcome, AuthResult::Outcome::CardRequired);
        QCOMPARE(auth->attemptPin(kSupPin).outcome, AuthResult::Outcome::CardRequired);
        QCOMPARE(auth->attemptPin(kWrongPin).outcome, AuthResult::Outcome::CardRequired); // the same answer
        QCOMPARE(auth->status().value.failures, 3);
        QVERIFY(!f.kinds().contains(QStringLiteral("maintenance.login")));
    }

    void anUnknownCard_isNoFactor_andCountsWithTheGuesses()
    {
        Fixture f;
        auto auth = provisioned(f);
        const AuthResult r = auth->attemptCardAndPin(QStringLiteral("44010619900307281X"), kSupPin);
        QCOMPARE(r.outcome, AuthResult::Outcome::Denied);
        QVERIFY(!r.role);
        QCOMPARE(auth->status().value.failures, 1); // the card-less path
        QCOMPARE(auth->status(kTechCard).value.failures, 0);
    }

    void wrongPin_isDeniedAndCounted()
    {
        Fixture f;
        auto auth = provisioned(f);
        const AuthResult r = auth->attemptCardAndPin(kTechCard, kWrongPin);
        QCOMPARE(r.outcome, AuthResult::Outcome::Denied);
        QCOMPARE(r.attemptsLeft, 4);
        QVERIFY(!r.role);
        QCOMPARE(auth->status(kTechCard).value.failures, 1);
        QCOMPARE(auth->status().value.failures, 0);
        QCOMPARE(f.kinds(), QStringList{QStringLiteral("maintenance.login_failed")});
        for (const auto &e : f.events) {
            QVERIFY(!QJsonDocument(e.second).toJson().contains("999999"));
            QVERIFY(!QJsonDocument(e.second).toJson().contains(kTechCard.toUtf8()));
        }
    }

    void success_clearsTheFailures()
    {
        Fixture f;
        auto auth = provisioned(f);
        for (int i = 0; i < 4; ++i)
            QCOMPARE(auth->attemptCardAndPin(kTechCard, kWrongPin).outcome, AuthResult::Outcome::Denied);
        QCOMPARE(auth->attemptCardAndPin(kTechCard, kTechPin).outcome, AuthResult::Outcome::Granted);
        QCOMPARE(auth->status(kTechCard).value.failures, 0);
        QCOMPARE(auth->attemptCardAndPin(kTechCard, kWrongPin).attemptsLeft, 4);
    }

    void fiveFailures_lockTheCardForFifteenMinutes_evenForTheRightPin()
    {
        Fixture f;
        auto auth = provisioned(f);
        for (int i = 0; i < 4; ++i)
            QCOMPARE(auth->attemptCardAndPin(kTechCard, kWrongPin).outcome, AuthResult::Outcome::Denied);
        const AuthResult fifth = auth->attemptCardAndPin(kTechCard, kWrongPin);
        QCOMPARE(fifth.outcome, AuthResult::Outcome::LockedOut);
        QCOMPARE(fifth.lockedForMs, 15 * kMinute);
        QVERIFY(f.kinds().contains(QStringLiteral("maintenance.lockout")));
        QCOMPARE(f.kinds().last(), QStringLiteral("maintenance.lockout"));
        QCOMPARE(f.events.last().second.value(QLatin1String("path")).toString(), QStringLiteral("card"));

        f.clocks.advance(14 * kMinute);
        const AuthResult during = auth->attemptCardAndPin(kTechCard, kTechPin);
        QCOMPARE(during.outcome, AuthResult::Outcome::LockedOut);
        QCOMPARE(during.lockedForMs, 1 * kMinute);
        // Another card has its own counter: the supervisor on site is not locked out by it.
        QCOMPARE(auth->attemptCardAndPin(kSupCard, kSupPin).outcome, AuthResult::Outcome::Granted);
        f.clocks.advance(1 * kMinute);
        QCOMPARE(auth->attemptCardAndPin(kTechCard, kTechPin).outcome, AuthResult::Outcome::Granted);
    }

    void theRightPinAsTheFifthAttempt_isGranted()
    {
        Fixture f;
        auto auth = provisioned(f);
        for (int i = 0; i < 4; ++i)
            auth->attemptCardAndPin(kTechCard, kWrongPin);
        QCOMPARE(auth->attemptCardAndPin(kTechCard, kTechPin).outcome, AuthResult::Outcome::Granted);
    }

    // Issue 15: PIN-only guesses lock out only the card-less path. Before the fix one counter served every attempt,
    // so five guesses at the screen locked the technician and the supervisor out for up to 24 h.
    void guessesWithoutACard_neverLockTheCardPath()
    {
        Fixture f;
        auto auth = provisioned(f);
        AuthResult r;
        for (int i = 0; i < 5; ++i)
            r = auth->attemptPin(kWrongPin);
        QCOMPARE(r.outcome, AuthResult::Outcome::LockedOut);
        QVERIFY(auth->status().value.lockedForMs > 0);
        QCOMPARE(auth->attemptPin(kTechPin).outcome, AuthResult::Outcome::LockedOut);
        // An ID card nobody enrolled is no way round the lock...
        QCOMPARE(auth->attemptCardAndPin(QStringLiteral("44010619900307281X"), kTechPin).outcome,
                 AuthResult::Outcome::LockedOut);
        // ...but staff holding their card sign in.
        QCOMPARE(auth->attemptCardAndPin(kTechCard, kTechPin).outcome, AuthResult::Outcome::Granted);
        QVERIFY(auth->status().value.lockedForMs > 0); // a technician does not end the guessers' lockout
    }

    void repeatedLockouts_doubleTheirLength_untilASupervisorSignsIn()
    {
        Fixture f;
        auto auth = provisioned(f);
        const QList<qint64> expected{15 * kMinute, 30 * kMinute, 60 * kMinute, 120 * kMinute};
        for (const qint64 length : expected) {
            AuthResult r;
            for (int i = 0; i < 5; ++i)
                r = auth->attemptPin(kWrongPin);
            QCOMPARE(r.outcome, AuthResult::Outcome::LockedOut);
            QCOMPARE(r.lockedForMs, length);
            f.clocks.advance(length);
        }
        QCOMPARE(auth->status().value.lockouts, 4);
        AuthResult r;
        for (int i = 0; i < 5; ++i)
            r = auth->attemptPin(kWrongPin);
        QCOMPARE(r.lockedForMs, 240 * kMinute);
        // The supervisor on site recovers the kiosk: their sign-in ends the card-less lockout and its escalation.
        QCOMPARE(auth->attemptCardAndPin(kSupCard, kSupPin).outcome, AuthResult::Outcome::Granted);
        QCOMPARE(auth->status().value.lockedForMs, 0);
        QCOMPARE(auth->status().value.lockouts, 0);
        QCOMPARE(f.kinds().last(), QStringLiteral("maintenance.login"));
        QVERIFY(f.kinds().contains(QStringLiteral("config.change")));
        for (int i = 0; i < 5; ++i)
            r = auth->attemptPin(kWrongPin);
        QCOMPARE(r.lockedForMs, 15 * kMinute);
    }

    void escalation_stopsAtTheCap()
    {
        Fixture f;
        app::MaintenanceAuthOptions o = f.options();
        auto auth = provisioned(f);
        for (int round = 0; round < 12; ++round) {
            AuthResult r;
            for (int i = 0; i < 5; ++i)
                r = auth->attemptPin(kWrongPin);
            QVERIFY(r.lockedForMs <= o.maxLockoutMs);
            f.clocks.advance(r.lockedForMs);
            if (round == 11)
                QCOMPARE(r.lockedForMs, o.maxLockoutMs);
        }
    }

    // Issue 15: the lockout is capped so that staff with their card can always get back in within an hour.
    void aCardsLockout_neverLastsLongerThanAnHour()
    {
        Fixture f;
        const qint64 cap = f.options().maxCardLockoutMs;
        QCOMPARE(cap, 60 * kMinute);
        auto auth = provisioned(f);
        for (int round = 0; round < 8; ++round) {
            AuthResult r;
            for (int i = 0; i < 5; ++i)
                r = auth->attemptCardAndPin(kTechCard, kWrongPin);
            QCOMPARE(r.outcome, AuthResult::Outcome::LockedOut);
            QVERIFY2(r.lockedForMs <= cap, qPrintable(QString::number(r.lockedForMs)));
            if (round >= 2)
                QCOMPARE(r.lockedForMs, cap);
            f.clocks.advance(r.lockedForMs);
        }
        QCOMPARE(auth->attemptCardAndPin(kTechCard, kTechPin).outcome, AuthResult::Outcome::Granted);
    }

    void lockout_survivesANewProcess()
    {
        Fixture f;
        {
            auto auth = provisioned(f);
            for (int i = 0; i < 5; ++i)
                auth->attemptCardAndPin(kTechCard, kWrongPin);
        }
        f.clocks.advance(5 * kMinute);
        auto again = f.open();
        const AuthResult r = again->attemptCardAndPin(kTechCard, kTechPin);
        QCOMPARE(r.outcome, AuthResult::Outcome::LockedOut);
        QCOMPARE(r.lockedForMs, 10 * kMinute);
    }

    void lockout_survivesAReboot_fromTheWallClock()
    {
        Fixture f;
        {
            auto auth = provisioned(f);
            for (int i = 0; i < 5; ++i)
                auth->attemptCardAndPin(kTechCard, kWrongPin);
        }
        f.clocks.reboot(4 * kMinute); // the boot clock starts again from 20 s
        auto auth = f.open();
        AuthResult r = auth->attemptCardAndPin(kTechCard, kTechPin);
        QCOMPARE(r.outcome, AuthResult::Outcome::LockedOut);
        QCOMPARE(r.lockedForMs, 11 * kMinute);
        // From here the boot clock runs the lock, whatever the wall clock does.
        f.clocks.boot += 10 * kMinute;
        f.clocks.wall = f.clocks.wall.addDays(2);
        QCOMPARE(auth->attemptCardAndPin(kTechCard, kTechPin).lockedForMs, 1 * kMinute);
        f.clocks.boot += 1 * kMinute;
        QCOMPARE(auth->attemptCardAndPin(kTechCard, kTechPin).outcome, AuthResult::Outcome::Granted);
    }

    void wallClockSetBackAcrossAReboot_restartsTheWholeLock()
    {
        Fixture f;
        {
            auto auth = provisioned(f);
            for (int i = 0; i < 5; ++i)
                auth->attemptCardAndPin(kTechCard, kWrongPin);
        }
        f.clocks.reboot(0);
        f.clocks.wall = QDateTime(QDate(2000, 1, 1), QTime(0, 0), Qt::UTC); // RTC battery gone
        auto auth = f.open();
        const AuthResult r = auth->attemptCardAndPin(kTechCard, kTechPin);
        QCOMPARE(r.outcome, AuthResult::Outcome::LockedOut);
        QCOMPARE(r.lockedForMs, 15 * kMinute);
    }

    void wallClockSetBackWithinABoot_doesNotShortenOrLengthenTheLock()
    {
        Fixture f;
        auto auth = provisioned(f);
        for (int i = 0; i < 5; ++i)
            auth->attemptCardAndPin(kTechCard, kWrongPin);
        f.clocks.wall = f.clocks.wall.addYears(-3);
        f.clocks.boot += 5 * kMinute;
        QCOMPARE(auth->attemptCardAndPin(kTechCard, kTechPin).lockedForMs, 10 * kMinute);
    }

    void aCountedFifthFailureWithoutALock_locksAtTheNextAttempt()
    {
        // The state a kill -9 between counting the fifth attempt and answering it leaves behind.
        Fixture f;
        {
            auto auth = provisioned(f);
            for (int i = 0; i < 4; ++i)
                auth->attemptCardAndPin(kTechCard, kWrongPin);
        }
        sqlite3 *db = nullptr;
        QCOMPARE(sqlite3_open(QFile::encodeName(f.options().databasePath).constData(), &db), SQLITE_OK);
        QCOMPARE(sqlite3_exec(db, "UPDATE lockout_path SET failures = 5", nullptr, nullptr, nullptr), SQLITE_OK);
        sqlite3_close(db);
        auto auth = f.open();
        const AuthResult r = auth->attemptCardAndPin(kTechCard, kTechPin);
        QCOMPARE(r.outcome, AuthResult::Outcome::LockedOut);
        QCOMPARE(r.lockedForMs, 15 * kMinute);
    }

    void noCredentials_meansNotProvisioned_andNothingIsCounted()
    {
        Fixture f;
        auto auth = f.open();
        QCOMPARE(auth->attemptPin(QStringLiteral("482913")).outcome, AuthResult::Outcome::NotProvisioned);
        QCOMPARE(auth->attemptCardAndPin(QStringLiteral("04A1B2C3"), QStringLiteral("482913")).outcome,
                 AuthResult::Outcome::NotProvisioned);
        QCOMPARE(auth->status().value.failures, 0);
    }

    void weakPin_isRefusedAtProvisioning()
    {
        Fixture f;
        auto auth = f.open();
        QCOMPARE(auth->setPin(MaintenanceRole::Technician, QStringLiteral("123456")).code,
                 queue::StoreErrorCode::InvalidArgument);
        QVERIFY(auth->status().value.pinsSet.isEmpty());
    }

    void pinsAndCards_areStoredOnlyAsSlowSaltedHashes()
    {
        Fixture f;
        app::MaintenanceAuthOptions o = f.options();
        o.kdfIterations = app::MaintenanceAuthOptions().kdfIterations; // the production default
        QVERIFY(o.kdfIterations >= 200'000);
        auto r = app::MaintenanceAuth::open(o);
        QVERIFY(r.isOk());
        QVERIFY(r.auth->setPin(MaintenanceRole::Technician, kTechPin).isOk());
        QVERIFY(r.auth->addCard(MaintenanceRole::Technician, QStringLiteral("04A1B2C3D4E5F6")).isOk());
        r.auth.reset();
        const QByteArray bytes = fileBytes(o.databasePath);
        QVERIFY(!bytes.contains(kTechPin.toUtf8()));
        QVERIFY(!bytes.contains("04A1B2C3D4E5F6"));
        sqlite3 *db = nullptr;
        QCOMPARE(sqlite3_open(QFile::encodeName(o.databasePath).constData(), &db), SQLITE_OK);
        sqlite3_stmt *s = nullptr;
        sqlite3_prepare_v2(db, "SELECT MIN(iterations), MIN(length(salt)), MIN(length(hash)) FROM credential", -1, &s,
                           nullptr);
        QCOMPARE(sqlite3_step(s), SQLITE_ROW);
        QVERIFY(sqlite3_column_int64(s, 0) >= 200'000);
        QVERIFY(sqlite3_column_int64(s, 1) >= 16);
        QCOMPARE(sqlite3_column_int64(s, 2), 32);
        sqlite3_finalize(s);
        sqlite3_close(db);
    }

    void cards_areEnrolledOnce_andARemovedCardIsNoFactor()
    {
        Fixture f;
        auto auth = provisioned(f);
        QVERIFY(auth->addCard(MaintenanceRole::Technician, kTechCard).isOk()); // idempotent
        QCOMPARE(auth->status().value.technicianCards, 1);
        QCOMPARE(auth->status().value.supervisorCards, 1);
        QCOMPARE(auth->removeCards(MaintenanceRole::Technician).value, 1);
        QCOMPARE(auth->attemptCardAndPin(kTechCard, kTechPin).outcome, AuthResult::Outcome::Denied);
        QCOMPARE(auth->status().value.failures, 1); // counted with the guesses
    }

    void resetLockout_endsEveryLock_andIsAudited()
    {
        Fixture f;
        auto auth = provisioned(f);
        for (int i = 0; i < 5; ++i) {
            auth->attemptPin(kWrongPin);
            auth->attemptCardAndPin(kTechCard, kWrongPin);
        }
        QVERIFY(auth->status().value.lockedForMs > 0);
        QVERIFY(auth->status(kTechCard).value.lockedForMs > 0);
        QVERIFY(auth->resetLockout().isOk());
        QCOMPARE(auth->status().value.lockedForMs, 0);
        QCOMPARE(auth->status(kTechCard).value.lockedForMs, 0);
        QCOMPARE(f.kinds().last(), QStringLiteral("config.change"));
        QCOMPARE(auth->attemptCardAndPin(kTechCard, kTechPin).outcome, AuthResult::Outcome::Granted);
    }

    // A database of the previous release (one counter, table `lockout`) keeps its lock: it becomes the card-less one.
    void anOlderLockout_isCarriedOverToTheCardlessPath()
    {
        Fixture f;
        {
            sqlite3 *db = nullptr;
            QCOMPARE(sqlite3_open(QFile::encodeName(f.options().databasePath).constData(), &db), SQLITE_OK);
            const char *v1 =
                "CREATE TABLE credential (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, role TEXT NOT NULL, salt BLOB "
                "NOT NULL, iterations INTEGER NOT NULL, hash BLOB NOT NULL, set_at TEXT NOT NULL);"
                "CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);"
                "CREATE TABLE lockout (id INTEGER PRIMARY KEY CHECK (id = 1), failures INTEGER NOT NULL, lockouts "
                "INTEGER NOT NULL, locked_until_wall_ms INTEGER, lock_ms INTEGER NOT NULL, boot_id TEXT NOT NULL, "
                "locked_at_boot_ms INTEGER NOT NULL);"
                "INSERT INTO lockout VALUES (1, 3, 2, NULL, 0, 'boot-1', 0);"
                "PRAGMA user_version = 1;";
            QCOMPARE(sqlite3_exec(db, v1, nullptr, nullptr, nullptr), SQLITE_OK);
            sqlite3_close(db);
        }
        auto auth = f.open();
        QVERIFY(auth);
        QCOMPARE(auth->status().value.failures, 3);
        QCOMPARE(auth->status().value.lockouts, 2);
    }
};

QTEST_GUILESS_MAIN(TestMaintenanceAuth)
#include "test_maintenance_auth.moc"
