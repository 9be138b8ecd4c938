// Maintenance authentication: PINs and cards kept only as slow hashes, the role rules, counting before checking,
// lockout after 5 failures with doubling, and lock timing across restarts and reboots (injected wall and boot clocks).
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

std::unique_ptr<app::MaintenanceAuth> provisioned(Fixture &f)
{
    auto auth = f.open();
    if (!auth || !auth->setPin(MaintenanceRole::Technician, kTechPin).isOk() ||
        !auth->setPin(MaintenanceRole::Supervisor, kSupPin).isOk())
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

    void correctPin_grantsItsRole()
    {
        Fixture f;
        auto auth = provisioned(f);
        QVERIFY(auth);
        AuthResult r = auth->attemptPin(kTechPin);
        QCOMPARE(r.outcome, AuthResult::Outcome::Granted);
        QCOMPARE(*r.role, MaintenanceRole::Technician);
        r = auth->attemptPin(kSupPin);
        QCOMPARE(r.outcome, AuthResult::Outcome::Granted);
        QCOMPARE(*r.role, MaintenanceRole::Supervisor);
        QCOMPARE(f.kinds(), (QStringList{QStringLiteral("maintenance.login"), QStringLiteral("maintenance.login")}));
        QCOMPARE(f.events[1].second.value(QLatin1String("role")).toString(), QStringLiteral("supervisor"));
        QCOMPARE(f.events[1].second.value(QLatin1String("method")).toString(), QStringLiteral("pin"));
    }

    void pinOfAnotherRole_isDeniedWhenARoleIsAsked()
    {
        Fixture f;
        auto auth = provisioned(f);
        QCOMPARE(auth->attemptPin(kTechPin, MaintenanceRole::Supervisor).outcome, AuthResult::Outcome::Denied);
        QCOMPARE(auth->attemptPin(kSupPin, MaintenanceRole::Supervisor).outcome, AuthResult::Outcome::Granted);
    }

    void wrongPin_isDeniedAndCounted()
    {
        Fixture f;
        auto auth = provisioned(f);
        const AuthResult r = auth->attemptPin(QStringLiteral("999999"));
        QCOMPARE(r.outcome, AuthResult::Outcome::Denied);
        QCOMPARE(r.attemptsLeft, 4);
        QVERIFY(!r.role);
        QCOMPARE(auth->status().value.failures, 1);
        QCOMPARE(f.kinds(), QStringList{QStringLiteral("maintenance.login_failed")});
        for (const auto &e : f.events)
            QVERIFY(!QJsonDocument(e.second).toJson().contains("999999"));
    }

    void success_clearsTheFailures()
    {
        Fixture f;
        auto auth = provisioned(f);
        for (int i = 0; i < 4; ++i)
            QCOMPARE(auth->attemptPin(QStringLiteral("999999")).outcome, AuthResult::Outcome::Denied);
        QCOMPARE(auth->attemptPin(kTechPin).outcome, AuthResult::Outcome::Granted);
        QCOMPARE(auth->status().value.failures, 0);
        QCOMPARE(auth->attemptPin(QStringLiteral("999999")).attemptsLeft, 4);
    }

    void fiveFailures_lockTheMenuForFifteenMinutes_evenForTheRightPin()
    {
        Fixture f;
        auto auth = provisioned(f);
        for (int i = 0; i < 4; ++i)
            QCOMPARE(auth->attemptPin(QStringLiteral("999999")).outcome, AuthResult::Outcome::Denied);
        const AuthResult fifth = auth->attemptPin(QStringLiteral("999999"));
        QCOMPARE(fifth.outcome, AuthResult::Outcome::LockedOut);
        QCOMPARE(fifth.lockedForMs, 15 * kMinute);
        QVERIFY(f.kinds().contains(QStringLiteral("maintenance.lockout")));
        QCOMPARE(f.kinds().last(), QStringLiteral("maintenance.lockout"));

        f.clocks.advance(14 * kMinute);
        const AuthResult during = auth->attemptPin(kSupPin);
        QCOMPARE(during.outcome, AuthResult::Outcome::LockedOut);
        QCOMPARE(during.lockedForMs, 1 * kMinute);
        f.clocks.advance(1 * kMinute);
        QCOMPARE(auth->attemptPin(kSupPin).outcome, AuthResult::Outcome::Granted);
    }

    void theRightPinAsTheFifthAttempt_isGranted()
    {
        Fixture f;
        auto auth = provisioned(f);
        for (int i = 0; i < 4; ++i)
            auth->attemptPin(QStringLiteral("999999"));
        QCOMPARE(auth->attemptPin(kTechPin).outcome, AuthResult::Outcome::Granted);
    }

    void repeatedLockouts_doubleTheirLength_untilASuccess()
    {
        Fixture f;
        auto auth = provisioned(f);
        const QList<qint64> expected{15 * kMinute, 30 * kMinute, 60 * kMinute, 120 * kMinute};
        for (const qint64 length : expected) {
            AuthResult r;
            for (int i = 0; i < 5; ++i)
                r = auth->attemptPin(QStringLiteral("999999"));
            QCOMPARE(r.outcome, AuthResult::Outcome::LockedOut);
            QCOMPARE(r.lockedForMs, length);
            f.clocks.advance(length);
        }
        QCOMPARE(auth->status().value.lockouts, 4);
        QCOMPARE(auth->attemptPin(kTechPin).outcome, AuthResult::Outcome::Granted);
        QCOMPARE(auth->status().value.lockouts, 0);
        AuthResult r;
        for (int i = 0; i < 5; ++i)
            r = auth->attemptPin(QStringLiteral("999999"));
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
                r = auth->attemptPin(QStringLiteral("999999"));
            QVERIFY(r.lockedForMs <= o.maxLockoutMs);
            f.clocks.advance(r.lockedForMs);
            if (round == 11)
                QCOMPARE(r.lockedForMs, o.maxLockoutMs);
        }
    }

    void lockout_survivesANewProcess()
    {
        Fixture f;
        {
            auto auth = provisioned(f);
            for (int i = 0; i < 5; ++i)
                auth->attemptPin(QStringLiteral("999999"));
        }
        f.clocks.advance(5 * kMinute);
        auto again = f.open();
        const AuthResult r = again->attemptPin(kTechPin);
        QCOMPARE(r.outcome, AuthResult::Outcome::LockedOut);
        QCOMPARE(r.lockedForMs, 10 * kMinute);
    }

    void lockout_survivesAReboot_fromTheWallClock()
    {
        Fixture f;
        {
            auto auth = provisioned(f);
            for (int i = 0; i < 5; ++i)
                auth->attemptPin(QStringLiteral("999999"));
        }
        f.clocks.reboot(4 * kMinute); // the boot clock starts again from 20 s
        auto auth = f.open();
        AuthResult r = auth->attemptPin(kTechPin);
        QCOMPARE(r.outcome, AuthResult::Outcome::LockedOut);
        QCOMPARE(r.lockedForMs, 11 * kMinute);
        // From here the boot clock runs the lock, whatever the wall clock does.
        f.clocks.boot += 10 * kMinute;
        f.clocks.wall = f.clocks.wall.addDays(2);
        QCOMPARE(auth->attemptPin(kTechPin).lockedForMs, 1 * kMinute);
        f.clocks.boot += 1 * kMinute;
        QCOMPARE(auth->attemptPin(kTechPin).outcome, AuthResult::Outcome::Granted);
    }

    void wallClockSetBackAcrossAReboot_restartsTheWholeLock()
    {
        Fixture f;
        {
            auto auth = provisioned(f);
            for (int i = 0; i < 5; ++i)
                auth->attemptPin(QStringLiteral("999999"));
        }
        f.clocks.reboot(0);
        f.clocks.wall = QDateTime(QDate(2000, 1, 1), QTime(0, 0), Qt::UTC); // RTC battery gone
        auto auth = f.open();
        const AuthResult r = auth->attemptPin(kTechPin);
        QCOMPARE(r.outcome, AuthResult::Outcome::LockedOut);
        QCOMPARE(r.lockedForMs, 15 * kMinute);
    }

    void wallClockSetBackWithinABoot_doesNotShortenOrLengthenTheLock()
    {
        Fixture f;
        auto auth = provisioned(f);
        for (int i = 0; i < 5; ++i)
            auth->attemptPin(QStringLiteral("999999"));
        f.clocks.wall = f.clocks.wall.addYears(-3);
        f.clocks.boot += 5 * kMinute;
        QCOMPARE(auth->attemptPin(kTechPin).lockedForMs, 10 * kMinute);
    }

    void aCountedFifthFailureWithoutALock_locksAtTheNextAttempt()
    {
        // The state a kill -9 between counting the fifth attempt and answering it leaves behind.
        Fixture f;
        {
            auto auth = provisioned(f);
            for (int i = 0; i < 4; ++i)
                auth->attemptPin(QStringLiteral("999999"));
        }
        sqlite3 *db = nullptr;
        QCOMPARE(sqlite3_open(QFile::encodeName(f.options().databasePath).constData(), &db), SQLITE_OK);
        QCOMPARE(sqlite3_exec(db, "UPDATE lockout SET failures = 5", nullptr, nullptr, nullptr), SQLITE_OK);
        sqlite3_close(db);
        auto auth = f.open();
        const AuthResult r = auth->attemptPin(kTechPin);
        QCOMPARE(r.outcome, AuthResult::Outcome::LockedOut);
        QCOMPARE(r.lockedForMs, 15 * kMinute);
    }

    void noCredentials_meansNotProvisioned_andNothingIsCounted()
    {
        Fixture f;
        auto auth = f.open();
        QCOMPARE(auth->attemptPin(QStringLiteral("482913")).outcome, AuthResult::Outcome::NotProvisioned);
        QCOMPARE(auth->attemptCard(QStringLiteral("04A1B2C3")).outcome, AuthResult::Outcome::NotProvisioned);
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

    void technicianCard_grantsItsRole_andAnUnknownCardCountsAsAFailure()
    {
        Fixture f;
        auto auth = provisioned(f);
        QVERIFY(auth->addCard(MaintenanceRole::Technician, QStringLiteral("04A1B2C3D4")).isOk());
        QVERIFY(auth->addCard(MaintenanceRole::Technician, QStringLiteral("04A1B2C3D4")).isOk()); // idempotent
        QVERIFY(auth->addCard(MaintenanceRole::Supervisor, QStringLiteral("0499887766")).isOk());
        QCOMPARE(auth->status().value.technicianCards, 1);
        AuthResult r = auth->attemptCard(QStringLiteral("04A1B2C3D4"));
        QCOMPARE(r.outcome, AuthResult::Outcome::Granted);
        QCOMPARE(*r.role, MaintenanceRole::Technician);
        QCOMPARE(f.events.last().second.value(QLatin1String("method")).toString(), QStringLiteral("card"));
        QCOMPARE(*auth->attemptCard(QStringLiteral("0499887766")).role, MaintenanceRole::Supervisor);
        r = auth->attemptCard(QStringLiteral("04FFFFFFFF"));
        QCOMPARE(r.outcome, AuthResult::Outcome::Denied);
        QCOMPARE(auth->status().value.failures, 1);
        QCOMPARE(auth->removeCards(MaintenanceRole::Technician).value, 1);
        QCOMPARE(auth->attemptCard(QStringLiteral("04A1B2C3D4")).outcome, AuthResult::Outcome::Denied);
    }

    void resetLockout_endsTheLock_andIsAudited()
    {
        Fixture f;
        auto auth = provisioned(f);
        for (int i = 0; i < 5; ++i)
            auth->attemptPin(QStringLiteral("999999"));
        QVERIFY(auth->status().value.lockedForMs > 0);
        QVERIFY(auth->resetLockout().isOk());
        QCOMPARE(auth->status().value.lockedForMs, 0);
        QCOMPARE(f.kinds().last(), QStringLiteral("config.change"));
        QCOMPARE(auth->attemptPin(kTechPin).outcome, AuthResult::Outcome::Granted);
    }
};

QTEST_GUILESS_MAIN(TestMaintenanceAuth)
#include "test_maintenance_auth.moc"
