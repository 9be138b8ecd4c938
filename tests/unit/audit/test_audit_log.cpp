// The audit hash chain: append and verify, the personal-data guard, the key file, tampering done directly to the SQLite
// file (random edits, deletions, insertions and reorderings, each found at the right seq), rotation behind checkpoints.
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>

#include <sys/stat.h>

#include "audit_test_support.h"

using namespace kiosk;
using namespace kiosk::test;

class TestAuditLog : public QObject
{
    Q_OBJECT

private:
    static constexpr int kBaseRecords = 40;
    AuditFixture base_; // a closed 40-record log copied for every tamper case

    std::unique_ptr<app::AuditLog> openCopy(QTemporaryDir &dir, QString *path)
    {
        *path = dir.filePath(QStringLiteral("audit.sqlite"));
        QFile::remove(*path);
        if (!QFile::copy(base_.dir.filePath(QStringLiteral("audit.sqlite")), *path))
            return nullptr;
        QFile::setPermissions(*path, QFile::ReadOwner | QFile::WriteOwner);
        app::AuditOptions o = base_.options();
        o.databasePath = *path;
        o.recoverCorrupt = false;
        return std::move(app::AuditLog::openExisting(o).log);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(base_.dir.isValid());
        auto log = base_.open();
        QVERIFY(log);
        appendSample(*log, base_, kBaseRecords);
        QVERIFY(log->verify().ok);
    }

    void emptyLog_verifiesWithAnEmptyHead()
    {
        AuditFixture f;
        auto log = f.open();
        QVERIFY(log);
        const app::AuditVerifyResult v = log->verify();
        QVERIFY(v.ok);
        QCOMPARE(v.records, 0);
        QCOMPARE(log->head().seq, 0);
        QVERIFY(log->head().hash.isEmpty());
    }

    void appendedRecords_formAChainThatVerifies()
    {
        AuditFixture f;
        auto log = f.open();
        QVERIFY(log);
        appendSample(*log, f, 25);
        const app::AuditVerifyResult v = log->verify();
        QVERIFY2(v.ok, qPrintable(v.detail));
        QCOMPARE(v.records, 25);
        QCOMPARE(v.firstBadSeq, -1);
        const auto t = log->tail(2);
        QVERIFY(t.isOk());
        QCOMPARE(t.value.size(), 2);
        QCOMPARE(t.value[0].seq, 24);
        QCOMPARE(t.value[1].seq, 25);
        QCOMPARE(t.value[1].prevHash, t.value[0].hash);
        QCOMPARE(log->head(), (app::AuditHead{25, t.value[1].hash}));
        QCOMPARE(t.value[1].hash.size(), 64);
        QVERIFY(t.value[1].at.endsWith(QLatin1String("+08:00")));
        QCOMPARE(t.value[1].at, QStringLiteral("2025-03-01T17:00:25.000+08:00"));
    }

    void firstRecord_followsTheGenesisHash()
    {
        AuditFixture f;
        auto log = f.open();
        QVERIFY(log);
        QVERIFY(log->append(QStringLiteral("test.first")).isOk());
        const auto t = log->tail(1);
        QCOMPARE(t.value.value(0).prevHash, app::AuditLog::genesisHash());
        QCOMPARE(t.value.value(0).seq, 1);
    }

    void chain_continuesAcrossReopen()
    {
        AuditFixture f;
        {
            auto log = f.open();
            appendSample(*log, f, 5);
        }
        auto log = f.open();
        QVERIFY(log);
        appendSample(*log, f, 5);
        const app::AuditVerifyResult v = log->verify();
        QVERIFY2(v.ok, qPrintable(v.detail));
        QCOMPARE(v.records, 10);
    }

    void detailStrings_haveLongDigitRunsMasked()
    {
        AuditFixture f;
        auto log = f.open();
        QVERIFY(log);
        QVERIFY(log->append(QString::fromLatin1(app::audit_kind::kIdentityRead),
                            {{QStringLiteral("id_masked"), QStringLiteral("440106199001011235")},
                             {QStringLiteral("nested"),
                              QJsonObject{{QStringLiteral("phone"), QStringLiteral("13800138000")}}},
                             {QStringLiteral("sha"), QStringLiteral("1234567890123abc")},
                             {QStringLiteral("ratio"), 0.5},
                             {QStringLiteral("count"), 3.0}})
                    .isOk());
        const QByteArray detail = log->tail(1).value.value(0).detail;
        QVERIFY2(!detail.contains("440106199001011235"), detail.constData());
        QVERIFY(detail.contains("4401**********1235"));
        QVERIFY(!detail.contains("13800138000"));
        QVERIFY(detail.contains("1234567890123abc")); // hex names stay readable
        QVERIFY(detail.contains("\"ratio\":\"0.5\""));
        QVERIFY(detail.contains("\"count\":3"));
        QVERIFY(log->verify().ok);
    }

    void badKind_isRefused()
    {
        AuditFixture f;
        auto log = f.open();
        QCOMPARE(log->append(QString()).error.code, queue::StoreErrorCode::InvalidArgument);
        QCOMPARE(log->append(QString(65, QLatin1Char('k'))).error.code, queue::StoreErrorCode::InvalidArgument);
        QCOMPARE(log->head().seq, 0);
    }

    void keyFile_isMadeOwnerOnlyAndReused()
    {
        AuditFixture f;
        QByteArray first;
        {
            auto log = f.open();
            QVERIFY(log);
            appendSample(*log, f, 3);
            QFile k(f.dir.filePath(QStringLiteral("audit.key")));
            QVERIFY(k.open(QIODevice::ReadOnly));
            first = k.readAll();
        }
        QCOMPARE(first.size(), 32);
        struct stat st {
        };
        QCOMPARE(::stat(QFile::encodeName(f.dir.filePath(QStringLiteral("audit.key"))).constData(), &st), 0);
        QCOMPARE(int(st.st_mode & 0777), 0600);
        QString error;
        QCOMPARE(app::loadOrCreateAuditKey(f.dir.filePath(QStringLiteral("audit.key")), &error), first);
        auto log = f.open();
        QVERIFY(log->verify().ok);
    }

    void anotherKey_failsVerificationAtTheFirstRecord()
    {
        AuditFixture f;
        {
            auto log = f.open();
            appendSample(*log, f, 4);
        }
        QFile k(f.dir.filePath(QStringLiteral("audit.key")));
        QVERIFY(k.open(QIODevice::WriteOnly | QIODevice::Truncate));
        k.write(QByteArray(32, 'k'));
        k.close();
        auto log = f.open();
        const app::AuditVerifyResult v = log->verify();
        QVERIFY(!v.ok);
        QCOMPARE(v.firstBadSeq, 1);
    }

    void keyOfTheWrongSize_refusesToOpen()
    {
        AuditFixture f;
        QFile k(f.dir.filePath(QStringLiteral("audit.key")));
        QVERIFY(k.open(QIODevice::WriteOnly));
        k.write("short");
        k.close();
        const app::AuditOpenResult r = app::AuditLog::open(f.options());
        QVERIFY(!r.isOk());
        QVERIFY(r.error.message.contains(QLatin1String("bytes")));
    }

    void openExisting_doesNotCreateAnything()
    {
        AuditFixture f;
        const app::AuditOpenResult r = app::AuditLog::openExisting(f.options());
        QCOMPARE(r.error.code, queue::StoreErrorCode::NotFound);
        QVERIFY(!QFile::exists(f.dir.filePath(QStringLiteral("audit.sqlite"))));
        QVERIFY(!QFile::exists(f.dir.filePath(QStringLiteral("audit.key"))));
    }

    void corruptFile_isMovedAsideAndANewChainSaysSo()
    {
        AuditFixture f;
        QFile db(f.dir.filePath(QStringLiteral("audit.sqlite")));
        QVERIFY(db.open(QIODevice::WriteOnly));
        db.write(QByteArray(8192, 'z'));
        db.close();
        app::AuditOpenResult r = app::AuditLog::open(f.options());
        QVERIFY2(r.isOk(), qPrintable(r.error.message));
        QVERIFY(!r.alert.isEmpty());
        const auto t = r.log->tail(1);
        QCOMPARE(t.value.value(0).kind, QString::fromLatin1(app::audit_kind::kAuditRecovered));
        QVERIFY(r.log->verify().ok);
    }

    // --- tampering directly in the SQLite file --------------------------------------------------------------------

    void tampering_isDetectedAtTheRightSeq_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<int>("seed");
        for (const char *kind : {"edit", "delete", "insert", "reorder"}) {
            for (int i = 0; i < 100; ++i)
                QTest::newRow(
                    qPrintable(QStringLiteral("%1-%2").arg(QLatin1String(kind)).arg(i, 3, 10, QLatin1Char('0'))))
                    << QString::fromLatin1(kind) << i;
        }
    }

    void tampering_isDetectedAtTheRightSeq()
    {
        QFETCH(QString, kind);
        QFETCH(int, seed);
        QTemporaryDir dir;
        QString path;
        {
            auto check = openCopy(dir, &path);
            QVERIFY(check);
            QVERIFY(check->verify().ok);
        }
        QRandomGenerator rng(quint32(seed * 7919 + kind.size()));
        const int n = kBaseRecords;
        qint64 expected = -1;
        {
            RawDb raw(path);
            if (kind == QLatin1String("edit")) {
                const int k = rng.bounded(1, n + 1);
                static const char *columns[] = {"at", "kind", "detail", "prev_hash", "hash"};
                const QByteArray column = columns[rng.bounded(5)];
                const QByteArray old = raw.text("SELECT CAST(" + column +
                                                " AS TEXT) FROM audit_record WHERE seq = " + QByteArray::number(k))
                                           .toUtf8();
                QByteArray edited = old;
                switch (rng.bounded(3)) {
                case 0: { // one character changed
                    const int pos = rng.bounded(int(edited.size()));
                    edited[pos] = edited[pos] == 'a' ? 'b' : 'a';
                    break;
                }
                case 1: edited += ' '; break; // harmless-looking whitespace
                default: {                    // the same column of another record
                    const int other = k == 1 ? 2 : k - 1;
                    edited = raw.text("SELECT CAST(" + column +
                                      " AS TEXT) FROM audit_record WHERE seq = " + QByteArray::number(other))
                                 .toUtf8();
                    if (edited == old)
                        edited += 'x';
                }
                }
                QVERIFY(edited != old);
                QByteArray literal = edited;
                literal.replace('\'', "''");
                QVERIFY(raw.exec("UPDATE audit_record SET " + column + " = '" + literal +
                                 "' WHERE seq = " + QByteArray::number(k)));
                expected = k;
            } else if (kind == QLatin1String("delete")) {
                const int k = rng.bounded(1, n + 1);
                QVERIFY(raw.exec("DELETE FROM audit_record WHERE seq = " + QByteArray::number(k)));
                expected = k; // the last one too: the head row still names it
            } else if (kind == QLatin1String("insert")) {
                int donor = rng.bounded(1, n + 1);
                if (rng.bounded(2) == 0) {
                    // Somewhere in the middle: later records renumbered to make room, the head moved on. The copy
                    // is of another record (a copy of the one it displaces would be found one seq later).
                    const int k = rng.bounded(1, n + 1);
                    if (donor == k)
                        donor = k % n + 1;
                    QVERIFY(
                        raw.exec("UPDATE audit_record SET seq = seq + 1000000 WHERE seq >= " + QByteArray::number(k) +
                                 "; UPDATE audit_record SET seq = seq - 999999 WHERE seq >= 1000000;"
                                 "UPDATE audit_head SET seq = seq + 1;"));
                    QVERIFY(raw.exec("INSERT INTO audit_record (seq, at, kind, detail, prev_hash, hash) SELECT " +
                                     QByteArray::number(k) +
                                     ", at, kind, detail, prev_hash, hash FROM audit_record WHERE seq = " +
                                     QByteArray::number(donor >= k ? donor + 1 : donor)));
                    expected = k;
                } else {
                    // At the end, head row updated as an attacker would.
                    QVERIFY(raw.exec(
                        "INSERT INTO audit_record (seq, at, kind, detail, prev_hash, hash) SELECT " +
                        QByteArray::number(n + 1) +
                        ", at, kind, detail, prev_hash, hash FROM audit_record WHERE seq = " +
                        QByteArray::number(donor) + "; UPDATE audit_head SET seq = " + QByteArray::number(n + 1) +
                        ", hash = (SELECT hash FROM audit_record WHERE seq = " + QByteArray::number(n + 1) + ");"));
                    expected = n + 1;
                }
            } else {
                const int a = rng.bounded(1, n);
                const int b = rng.bounded(a + 1, n + 1);
                const QByteArray sa = QByteArray::number(a);
                const QByteArray sb = QByteArray::number(b);
                QVERIFY(raw.exec("UPDATE audit_record SET seq = -1 WHERE seq = " + sa +
                                 "; UPDATE audit_record SET seq = " + sa + " WHERE seq = " + sb +
                                 "; UPDATE audit_record SET seq = " + sb + " WHERE seq = -1;"));
                expected = a;
            }
        }
        app::AuditOptions o = base_.options();
        o.databasePath = path;
        o.recoverCorrupt = false;
        app::AuditOpenResult r = app::AuditLog::openExisting(o);
        QVERIFY2(r.isOk(), qPrintable(r.error.message));
        const app::AuditVerifyResult v = r.log->verify();
        QVERIFY2(!v.ok, "tampering went unnoticed");
        QVERIFY2(
            v.firstBadSeq == expected,
            qPrintable(QStringLiteral("expected seq %1, got %2: %3").arg(expected).arg(v.firstBadSeq).arg(v.detail)));
        QVERIFY(!v.detail.isEmpty());
    }

    void editedHeadRow_isDetected()
    {
        QTemporaryDir dir;
        QString path;
        openCopy(dir, &path).reset();
        {
            RawDb raw(path);
            QVERIFY(raw.exec("UPDATE audit_head SET hash = (SELECT hash FROM audit_record WHERE seq = 3)"));
        }
        app::AuditOptions o = base_.options();
        o.databasePath = path;
        const app::AuditVerifyResult v = app::AuditLog::openExisting(o).log->verify();
        QVERIFY(!v.ok);
        QCOMPARE(v.firstBadSeq, kBaseRecords);
    }

    void deletedHeadRow_isDetected()
    {
        QTemporaryDir dir;
        QString path;
        openCopy(dir, &path).reset();
        {
            RawDb raw(path);
            QVERIFY(raw.exec("DELETE FROM audit_head"));
        }
        app::AuditOptions o = base_.options();
        o.databasePath = path;
        const app::AuditVerifyResult v = app::AuditLog::openExisting(o).log->verify();
        QVERIFY(!v.ok);
        QCOMPARE(v.firstBadSeq, kBaseRecords);
    }

    // --- the head's MAC, the last anchor and the platform's anchors (issue 15) --------------------------------------

    // Cutting the tail and writing a head row that matches what is left: before the head had a MAC this verified.
    void cutTail_withAHeadRewrittenToMatch_isDetected()
    {
        QTemporaryDir dir;
        QString path;
        openCopy(dir, &path).reset();
        {
            RawDb raw(path);
            QVERIFY(raw.exec("DELETE FROM audit_record WHERE seq > 30; UPDATE audit_head SET seq = 30, hash = "
                             "(SELECT hash FROM audit_record WHERE seq = 30)"));
        }
        app::AuditOptions o = base_.options();
        o.databasePath = path;
        const app::AuditVerifyResult v = app::AuditLog::openExisting(o).log->verify();
        QVERIFY2(!v.ok, "the cut went unnoticed");
        QCOMPARE(v.firstBadSeq, 30);
        QVERIFY2(v.detail.contains(QStringLiteral("MAC")), qPrintable(v.detail));
    }

    void theChain_mustStillPassThroughTheLastAnchor()
    {
        QTemporaryDir dir;
        QString path;
        auto log = openCopy(dir, &path);
        QVERIFY(log);
        QVERIFY(log->recordAnchored(log->head()).isOk());
        app::AuditVerifyResult v = log->verify();
        QVERIFY2(v.ok, qPrintable(v.detail));
        QCOMPARE(v.anchorSeq, kBaseRecords);
        QVERIFY(log->append(QStringLiteral("test.after_anchor")).isOk());
        QVERIFY(log->verify().ok);
        // History under the anchor rewritten (as whoever holds the key could): the anchored hash is no longer there.
        QVERIFY(log->recordAnchored({12, QString(64, QLatin1Char('b'))}).isOk());
        v = log->verify();
        QVERIFY(!v.ok);
        QCOMPARE(v.firstBadSeq, 12);
        QVERIFY2(v.detail.contains(QStringLiteral("last anchor")), qPrintable(v.detail));
        QVERIFY(log->recordAnchored(log->head()).isOk());
        log.reset();
        // The anchor row moved by hand (e.g. back, to hide a cut): its MAC no longer matches.
        {
            RawDb raw(path);
            QVERIFY(raw.exec("UPDATE audit_anchor SET seq = 5, hash = (SELECT hash FROM audit_record WHERE seq = 5)"));
        }
        app::AuditOptions o = base_.options();
        o.databasePath = path;
        auto again = app::AuditLog::openExisting(o).log;
        v = again->verify();
        QVERIFY(!v.ok);
        QCOMPARE(v.firstBadSeq, 5);
        QVERIFY(!again->lastAnchored()); // not trusted: the anchorer posts the head again
    }

    // `kioskctl audit verify --anchors`: the platform's list catches what a consistent local file cannot show.
    void verifyAgainstThePlatformsAnchors_catchesARollbackAndARewrite()
    {
        QTemporaryDir dir;
        QString path;
        auto log = openCopy(dir, &path);
        QVERIFY(log);
        const QList<app::AuditRecord> records = log->tail(kBaseRecords).value;
        QCOMPARE(records.size(), kBaseRecords);
        const QList<app::AuditHead> exported{{10, records[9].hash}, {kBaseRecords, records.last().hash}};
        app::AuditVerifyResult v = log->verifyAgainst(exported);
        QVERIFY2(v.ok, qPrintable(v.detail));
        QCOMPARE(v.anchorsChecked, 2);
        // The kiosk's file rolled back to an older copy: the platform holds a later head.
        v = log->verifyAgainst({{kBaseRecords + 5, QString(64, QLatin1Char('c'))}});
        QVERIFY(!v.ok);
        QCOMPARE(v.firstBadSeq, kBaseRecords + 5);
        QVERIFY2(v.detail.contains(QStringLiteral("beyond the head")), qPrintable(v.detail));
        // History rewritten: another hash where the platform saw one.
        v = log->verifyAgainst({{10, records[10].hash}});
        QVERIFY(!v.ok);
        QCOMPARE(v.firstBadSeq, 10);
        QVERIFY2(v.detail.contains(QStringLiteral("another hash")), qPrintable(v.detail));
    }

    // --- rotation -------------------------------------------------------------------------------------------------

    void rotation_prunesOnlyBeyondRetention_andTheChainStillVerifies()
    {
        AuditFixture f;
        auto log = f.open();
        QVERIFY(log);
        // 30 records, one every 10 days from day 0 to day 290.
        const QDateTime start = f.wall;
        for (int i = 0; i < 30; ++i) {
            f.wall = start.addDays(i * 10);
            QVERIFY(log->append(QStringLiteral("test.old"), {{QStringLiteral("i"), i}}).isOk());
        }
        f.wall = start.addDays(300); // retention 183 days: day < 117 goes, i.e. records 1..12 (days 0..110)
        const auto r = log->rotate();
        QVERIFY2(r.isOk(), qPrintable(r.error.message));
        QCOMPARE(r.value, 12);
        app::AuditVerifyResult v = log->verify();
        QVERIFY2(v.ok, qPrintable(v.detail));
        QCOMPARE(v.checkpointSeq, 12);
        QCOMPARE(v.records, 19); // 13..30 and the audit.pruned record
        QCOMPARE(log->tail(1).value.value(0).kind, QString::fromLatin1(app::audit_kind::kAuditPruned));

        // A second rotation later moves the checkpoint again; the checkpoints chain.
        f.wall = start.addDays(400);
        appendSample(*log, f, 3);
        const auto r2 = log->rotate();
        QVERIFY2(r2.isOk(), qPrintable(r2.error.message));
        QVERIFY(r2.value > 0);
        v = log->verify();
        QVERIFY2(v.ok, qPrintable(v.detail));
        QVERIFY(v.checkpointSeq > 12);

        // Nothing young is pruned: a rotation right away removes nothing.
        QCOMPARE(log->rotate().value, 0);
    }

    void rotation_afterRestart_keepsVerifying_andTamperingBehindTheCheckpointIsFound()
    {
        AuditFixture f;
        const QDateTime start = f.wall;
        {
            auto log = f.open();
            for (int i = 0; i < 10; ++i) {
                f.wall = start.addDays(i * 30);
                QVERIFY(log->append(QStringLiteral("test.old"), {{QStringLiteral("i"), i}}).isOk());
            }
            f.wall = start.addDays(300);
            QVERIFY(log->rotate().value > 0);
        }
        auto log = f.open();
        QVERIFY(log->verify().ok);
        const qint64 cp = log->verify().checkpointSeq;
        log.reset();
        const QString path = f.dir.filePath(QStringLiteral("audit.sqlite"));
        QFile::copy(path, path + QStringLiteral(".orig"));
        {
            RawDb raw(path);
            QVERIFY(raw.exec("UPDATE audit_checkpoint SET pruned = pruned + 1"));
        }
        QVERIFY(!f.open()->verify().ok);
        QFile::remove(path);
        QFile::copy(path + QStringLiteral(".orig"), path);
        {
            RawDb raw(path);
            QVERIFY(raw.exec("DELETE FROM audit_record WHERE seq = " + QByteArray::number(cp + 1)));
        }
        const app::AuditVerifyResult v = f.open()->verify();
        QVERIFY(!v.ok);
        QCOMPARE(v.firstBadSeq, cp + 1);
        QFile::remove(path);
        QFile::copy(path + QStringLiteral(".orig"), path);
        {
            // Deleting the checkpoint to hide the pruning: the first record no longer follows the genesis.
            RawDb raw(path);
            QVERIFY(raw.exec("DELETE FROM audit_checkpoint"));
        }
        QCOMPARE(f.open()->verify().firstBadSeq, 1);
    }

    void rotation_refusesWhenTheClockIsBeforeTheNewestRecord()
    {
        AuditFixture f;
        auto log = f.open();
        appendSample(*log, f, 3);
        f.wall = f.wall.addDays(-1);
        const auto r = log->rotate();
        QCOMPARE(r.error.code, queue::StoreErrorCode::InvalidState);
        QCOMPARE(log->verify().records, 3);
    }

    void pruning_neverRemovesTheHeadRecord()
    {
        AuditFixture f;
        auto log = f.open();
        appendSample(*log, f, 5);
        const auto r = log->pruneThrough(1000);
        QVERIFY(r.isOk());
        QCOMPARE(r.value, 4);
        const app::AuditVerifyResult v = log->verify();
        QVERIFY2(v.ok, qPrintable(v.detail));
        QCOMPARE(v.records, 1);
        QCOMPARE(v.head.seq, 5);
        appendSample(*log, f, 2);
        QVERIFY(log->verify().ok);
        QCOMPARE(log->head().seq, 7);
    }

    void pruning_refusesABrokenChain()
    {
        AuditFixture f;
        {
            auto log = f.open();
            appendSample(*log, f, 6);
        }
        {
            RawDb raw(f.dir.filePath(QStringLiteral("audit.sqlite")));
            QVERIFY(raw.exec("UPDATE audit_record SET kind = 'x' WHERE seq = 2"));
        }
        auto log = f.open();
        const auto r = log->pruneThrough(4);
        QCOMPARE(r.error.code, queue::StoreErrorCode::InvalidState);
        QCOMPARE(log->verify().firstBadSeq, 2); // still found: not laundered behind a checkpoint
    }

    void verifyResult_json_hasTheDocumentedMembers()
    {
        app::AuditVerifyResult v;
        v.firstBadSeq = 7;
        v.records = 6;
        v.detail = QStringLiteral("record 7 is missing");
        const QJsonObject o = v.toJson();
        QCOMPARE(o.value(QLatin1String("ok")).toBool(true), false);
        QCOMPARE(o.value(QLatin1String("records")).toInt(), 6);
        QCOMPARE(o.value(QLatin1String("first_bad_seq")).toInt(), 7);
        QCOMPARE(o.value(QLatin1String("detail")).toString(), v.detail);
        v.ok = true;
        QVERIFY(v.toJson().value(QLatin1String("first_bad_seq")).isNull());
    }
};

QTEST_GUILESS_MAIN(TestAuditLog)
#include "test_audit_log.moc"
