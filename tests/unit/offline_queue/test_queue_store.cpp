// Specification of the Store: durable pragmas, migrations with an explicit result, corrupt files moved aside (never a
// crash loop), RAII transactions and typed errors.
#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>
#include <sys/stat.h>

#include "queue_test_support.h"

#include "offline_queue/storage/store.h"

using namespace kiosk;
using namespace kiosk::queue;

namespace {

const QList<Migration> kOneStep{
    {1, "items", "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);"}};
const QList<Migration> kTwoSteps{kOneStep[0], {2, "notes", "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);"}};

int rawUserVersion(const QString &path)
{
    sqlite3 *db = nullptr;
    sqlite3_open_v2(QFile::encodeName(path).constData(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt *st = nullptr;
    sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, nullptr);
    sqlite3_step(st);
    const int v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

void rawExec(const QString &path, const char *sql)
{
    sqlite3 *db = nullptr;
    sqlite3_open(QFile::encodeName(path).constData(), &db);
    QCOMPARE(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
}

QString pragma(Store &s, const char *sql)
{
    Statement st = s.prepare(sql);
    return st.step() == Statement::Step::Row ? st.text(0) : QString();
}

qint64 countRows(Store &s, const char *table)
{
    Statement st = s.prepare(QByteArray("SELECT count(*) FROM ").append(table).constData());
    return st.step() == Statement::Step::Row ? st.int64(0) : -1;
}

// A healthy database of several pages, closed and checkpointed so that everything is in the main file.
QByteArray healthyDatabaseBytes(const QString &dir)
{
    const QString path = dir + "/healthy.db";
    rawExec(path, "PRAGMA journal_mode=WAL; CREATE TABLE t (x BLOB);"
                  "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 400) "
                  "INSERT INTO t SELECT randomblob(600) FROM c; PRAGMA wal_checkpoint(TRUNCATE);");
    return test::readAll(path);
}

} // namespace

class TestQueueStore : public QObject
{
    Q_OBJECT

    QTemporaryDir tmp;
    int n = 0;
    QString freshPath() { return tmp.filePath(QStringLiteral("db%1/queue.db").arg(++n)); }
    QString freshPathInDir()
    {
        const QString p = freshPath();
        QDir().mkpath(QFileInfo(p).absolutePath());
        return p;
    }

private slots:
    void freshFile_isUpgradedFromZero_withDurablePragmas()
    {
        const QString path = freshPathInDir();
        StoreOpenResult r = Store::open(path, kTwoSteps);
        QVERIFY2(r.isOk(), qPrintable(r.error.message));
        QCOMPARE(r.migration, MigrationResult::Upgraded);
        QCOMPARE(r.fromVersion, 0);
        QCOMPARE(r.toVersion, 2);
        QCOMPARE(r.store->schemaVersion(), 2);
        QVERIFY(!r.recovered);
        QVERIFY(r.alert.isEmpty());
        QCOMPARE(pragma(*r.store, "PRAGMA journal_mode"), QStringLiteral("wal"));
        QCOMPARE(pragma(*r.store, "PRAGMA synchronous"), QStringLiteral("2")); // FULL
        QCOMPARE(pragma(*r.store, "PRAGMA secure_delete"), QStringLiteral("1"));
        QCOMPARE(pragma(*r.store, "PRAGMA foreign_keys"), QStringLiteral("1"));
        QCOMPARE(r.store->quickCheck().value, QStringList{"ok"});
        struct stat st {
        };
        QCOMPARE(::stat(QFile::encodeName(path).constData(), &st), 0);
        QCOMPARE(int(st.st_mode & 0777), 0600);
    }

    void reopening_isCurrent()
    {
        const QString path = freshPathInDir();
        QVERIFY(Store::open(path, kTwoSteps).isOk());
        StoreOpenResult r = Store::open(path, kTwoSteps);
        QVERIFY(r.isOk());
        QCOMPARE(r.migration, MigrationResult::Current);
        QCOMPARE(r.fromVersion, 2);
    }

    void addedMigration_upgradesAnExistingFileAndKeepsItsData()
    {
        const QString path = freshPathInDir();
        {
            StoreOpenResult r = Store::open(path, kOneStep);
            QVERIFY(r.isOk());
            QVERIFY(r.store->exec("INSERT INTO items (name) VALUES ('kept')").isOk());
        }
        StoreOpenResult r = Store::open(path, kTwoSteps);
        QVERIFY(r.isOk());
        QCOMPARE(r.migration, MigrationResult::Upgraded);
        QCOMPARE(r.fromVersion, 1);
        QCOMPARE(countRows(*r.store, "items"), 1);
        QCOMPARE(countRows(*r.store, "notes"), 0);
    }

    void newerSchema_isRefusedAndTheFileLeftUntouched()
    {
        const QString path = freshPathInDir();
        QVERIFY(Store::open(path, kTwoSteps).isOk());
        rawExec(path, "PRAGMA user_version = 7");
        const QByteArray before = test::readAll(path);
        StoreOpenResult r = Store::open(path, kTwoSteps);
        QVERIFY(!r.isOk());
        QCOMPARE(r.migration, MigrationResult::NewerIncompatible);
        QCOMPARE(r.error.code, StoreErrorCode::NewerSchema);
        QCOMPARE(r.fromVersion, 7);
        QVERIFY(r.alert.contains("7"));
        QVERIFY(!r.recovered);
        QCOMPARE(test::readAll(path), before);
        QCOMPARE(rawUserVersion(path), 7);
    }

    void failingMigration_reportsFailed_andKeepsTheLastGoodVersion()
    {
        const QString path = freshPathInDir();
        const QList<Migration> broken{kOneStep[0],
                                      {2, "half done", "CREATE TABLE half (x); INSERT INTO no_such_table VALUES (1);"}};
        StoreOpenResult r = Store::open(path, broken);
        QVERIFY(!r.isOk());
        QCOMPARE(r.migration, MigrationResult::Failed);
        QCOMPARE(r.error.code, StoreErrorCode::MigrationFailed);
        QVERIFY(r.error.message.contains("half done"));
        QCOMPARE(rawUserVersion(path), 1);
        // The failed step left nothing behind: its table was rolled back with it.
        StoreOpenResult again = Store::open(path, kOneStep);
        QVERIFY(again.isOk());
        QCOMPARE(again.migration, MigrationResult::Current);
        Statement st = again.store->prepare("SELECT count(*) FROM sqlite_master WHERE name = 'half'");
        QCOMPARE(st.step(), Statement::Step::Row);
        QCOMPARE(st.int64(0), 0);
    }

    void migrationListWithAGap_isRefused()
    {
        StoreOpenResult r = Store::open(freshPathInDir(), {{1, "a", "SELECT 1;"}, {3, "c", "SELECT 1;"}});
        QCOMPARE(r.error.code, StoreErrorCode::InvalidArgument);
    }

    void emptyFile_isAFreshDatabase_notACorruptOne()
    {
        const QString path = freshPathInDir();
        QVERIFY(test::writeAll(path, {}));
        StoreOpenResult r = Store::open(path, kOneStep);
        QVERIFY(r.isOk());
        QVERIFY(!r.recovered);
        QCOMPARE(r.migration, MigrationResult::Upgraded);
    }

    void corruptFile_isMovedAsideAndReplaced_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::newRow("random bytes") << "random";
        QTest::newRow("text file") << "text";
        QTest::newRow("truncated database") << "truncated";
        QTest::newRow("database with a page of garbage") << "garbage_page";
        QTest::newRow("header only") << "header";
    }
    void corruptFile_isMovedAsideAndReplaced()
    {
        QFETCH(QString, kind);
        const QString path = freshPathInDir();
        QByteArray bytes;
        if (kind == "random") {
            bytes.resize(64 * 1024);
            QRandomGenerator(7).fillRange(reinterpret_cast<quint32 *>(bytes.data()), bytes.size() / 4);
        } else if (kind == "text") {
            bytes = "[kiosk]\nid=GD-DEV-0001\n";
        } else {
            bytes = healthyDatabaseBytes(QFileInfo(path).absolutePath());
            if (kind == "truncated")
                bytes.truncate(bytes.size() * 4 / 10);
            else if (kind == "garbage_page")
                bytes.replace(4096 * 20, 4096, QByteArray(4096, '\x5a'));
            else
                bytes.truncate(100);
        }
        QVERIFY(test::writeAll(path, bytes));
        QVERIFY(test::writeAll(path + "-wal", "stale wal frames"));

        const QDateTime when(QDate(2024, 6, 1), QTime(2, 3, 4), Qt::UTC);
        StoreOptions options;
        options.wallClock = [when] { return when; };
        StoreOpenResult r = Store::open(path, kOneStep, options);
        QVERIFY2(r.isOk(), qPrintable(r.error.message));
        QVERIFY(r.recovered);
        QCOMPARE(r.movedAsideTo, path + ".corrupt-20240601T020304Z");
        QVERIFY(!r.alert.isEmpty());
        QVERIFY(r.alert.contains(r.movedAsideTo));
        QCOMPARE(r.migration, MigrationResult::Upgraded);
        QCOMPARE(r.fromVersion, 0);
        // The evidence is kept byte for byte, with its WAL beside it under the matching name.
        QCOMPARE(test::readAll(r.movedAsideTo), bytes);
        QCOMPARE(test::readAll(r.movedAsideTo + "-wal"), QByteArray("stale wal frames"));
        // The fresh store works.
        QVERIFY(r.store->exec("INSERT INTO items (name) VALUES ('after recovery')").isOk());
        QCOMPARE(r.store->quickCheck().value, QStringList{"ok"});
    }

    void secondRecoveryOnTheSameSecond_getsItsOwnName()
    {
        const QString path = freshPathInDir();
        StoreOptions options;
        options.wallClock = [] { return QDateTime(QDate(2024, 6, 1), QTime(2, 3, 4), Qt::UTC); };
        QVERIFY(test::writeAll(path, "garbage one"));
        QVERIFY(Store::open(path, kOneStep, options).recovered);
        QVERIFY(test::writeAll(path, "garbage two"));
        StoreOpenResult r = Store::open(path, kOneStep, options);
        QVERIFY(r.recovered);
        QCOMPARE(r.movedAsideTo, path + ".corrupt-20240601T020304Z-2");
        QCOMPARE(test::readAll(path + ".corrupt-20240601T020304Z"), QByteArray("garbage one"));
    }

    void recoveryOff_reportsCorruptAndLeavesTheFile()
    {
        const QString path = freshPathInDir();
        QVERIFY(test::writeAll(path, QByteArray(8192, '\x13')));
        StoreOptions options;
        options.recoverCorrupt = false;
        StoreOpenResult r = Store::open(path, kOneStep, options);
        QVERIFY(!r.isOk());
        QCOMPARE(r.error.code, StoreErrorCode::Corrupt);
        QVERIFY(!r.recovered);
        QCOMPARE(test::readAll(path), QByteArray(8192, '\x13'));
    }

    void missingFolder_isAnOpenError_andNothingIsMoved()
    {
        StoreOpenResult r = Store::open(tmp.filePath("no/such/folder/queue.db"), kOneStep);
        QVERIFY(!r.isOk());
        QCOMPARE(r.error.code, StoreErrorCode::OpenFailed);
        QVERIFY(!r.recovered);
        QVERIFY(!r.alert.isEmpty());
    }

    void transaction_rollsBackWhenItLeavesScopeUncommitted()
    {
        StoreOpenResult r = Store::open(freshPathInDir(), kOneStep);
        QVERIFY(r.isOk());
        Store &s = *r.store;
        {
            Transaction tx(s);
            QVERIFY(tx.isActive());
            QVERIFY(s.exec("INSERT INTO items (name) VALUES ('lost')").isOk());
            QVERIFY(s.inTransaction());
        }
        QVERIFY(!s.inTransaction());
        QCOMPARE(countRows(s, "items"), 0);
        {
            Transaction tx(s);
            QVERIFY(s.exec("INSERT INTO items (name) VALUES ('kept')").isOk());
            QVERIFY(tx.commit().isOk());
            QCOMPARE(tx.commit().code, StoreErrorCode::InvalidState); // once only
        }
        QCOMPARE(countRows(s, "items"), 1);
    }

    void transaction_explicitRollbackAndNesting()
    {
        StoreOpenResult r = Store::open(freshPathInDir(), kOneStep);
        Store &s = *r.store;
        Transaction outer(s);
        QVERIFY(s.exec("INSERT INTO items (name) VALUES ('x')").isOk());
        Transaction inner(s);
        QVERIFY(!inner.isActive());
        QCOMPARE(inner.beginError().code, StoreErrorCode::Sql);
        outer.rollback();
        QCOMPARE(countRows(s, "items"), 0);
    }

    void secondWriter_getsBusyAfterTheTimeout_andReadersAreNotBlocked()
    {
        const QString path = freshPathInDir();
        StoreOptions quick;
        quick.busyTimeoutMs = 50;
        StoreOpenResult a = Store::open(path, kOneStep, quick);
        StoreOpenResult b = Store::open(path, kOneStep, quick);
        QVERIFY(a.isOk() && b.isOk());
        QVERIFY(a.store->exec("INSERT INTO items (name) VALUES ('committed')").isOk());
        Transaction holding(*a.store);
        QVERIFY(holding.isActive());
        QVERIFY(a.store->exec("INSERT INTO items (name) VALUES ('uncommitted')").isOk());
        Transaction blocked(*b.store);
        QVERIFY(!blocked.isActive());
        QCOMPARE(blocked.beginError().code, StoreErrorCode::Busy);
        QCOMPARE(countRows(*b.store, "items"), 1); // WAL: the reader sees the last commit
    }

    void statementErrors_areTyped()
    {
        StoreOpenResult r = Store::open(freshPathInDir(), kOneStep);
        Store &s = *r.store;
        QVERIFY(s.exec("INSERT INTO items (name) VALUES ('a')").isOk());
        Statement dup = s.prepare("INSERT INTO items (name) VALUES (?1)");
        dup.bindText(1, "a");
        QCOMPARE(dup.run().code, StoreErrorCode::Constraint);
        Statement bad = s.prepare("SELEC nonsense");
        QVERIFY(!bad.isValid());
        QCOMPARE(bad.error().code, StoreErrorCode::Sql);
        QCOMPARE(bad.step(), Statement::Step::Error);
        QCOMPARE(s.exec("INSERT INTO nowhere VALUES (1)").code, StoreErrorCode::Sql);
    }

    void valuesRoundTrip_includingNullEmptyAndCjk()
    {
        StoreOpenResult r = Store::open(freshPathInDir(), {{1, "v", "CREATE TABLE v (t TEXT, b BLOB, i INTEGER);"}});
        Store &s = *r.store;
        Statement ins = s.prepare("INSERT INTO v VALUES (?1, ?2, ?3)");
        ins.bindText(1, QStringLiteral("粤智助 😀")).bindBlob(2, QByteArray("\0\1\2", 3)).bindInt(3, -(qint64(1) << 40));
        QVERIFY(ins.run().isOk());
        Statement ins2 = s.prepare("INSERT INTO v VALUES (?1, ?2, ?3)");
        ins2.bindText(1, QString()).bindBlob(2, QByteArray("")).bindNull(3);
        QVERIFY(ins2.run().isOk());
        Statement q = s.prepare("SELECT t, b, i FROM v ORDER BY rowid");
        QCOMPARE(q.step(), Statement::Step::Row);
        QCOMPARE(q.text(0), QStringLiteral("粤智助 😀"));
        QCOMPARE(q.blob(1), QByteArray("\0\1\2", 3));
        QCOMPARE(q.int64(2), -(qint64(1) << 40));
        QCOMPARE(q.step(), Statement::Step::Row);
        QVERIFY(q.isNull(0));
        QVERIFY(!q.isNull(1));
        QVERIFY(q.blob(1).isEmpty());
        QVERIFY(q.isNull(2));
        QCOMPARE(q.step(), Statement::Step::Done);
    }
};

QTEST_GUILESS_MAIN(TestQueueStore)
#include "test_queue_store.moc"
