// `kioskctl queue ...` run as a technician runs it, on a queue file written by the kiosk: the status JSON of
// design.md section 6, a list without personal data, export/import, dead letters back into the queue.
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTest>

#include "sync_test_support.h"

using namespace kiosk;
using namespace kiosk::queue;
using namespace kiosk::test;

class TestKioskctlQueue : public QObject
{
    Q_OBJECT

    QTemporaryDir dir;

    static QString kioskctl() { return qEnvironmentVariable("KIOSK_BINARY_DIR") + "/app/kioskctl/kioskctl"; }

    QString writeConfig(const QString &name, const QString &database)
    {
        const QString path = dir.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly))
            return {};
        f.write("[kiosk]\nid=" + kKioskId.toLatin1() + "\ndata_dir=" + dir.path().toUtf8() +
                "\n[queue]\ndatabase=" + database.toUtf8() + "\n");
        return path;
    }

    static int run(const QStringList &args, QByteArray *out, QByteArray *err = nullptr)
    {
        QProcess p;
        p.start(kioskctl(), args);
        if (!p.waitForFinished(30000))
            return -1;
        *out = p.readAllStandardOutput();
        if (err)
            *err = p.readAllStandardError();
        return p.exitCode();
    }

private slots:
    void initTestCase()
    {
        if (!QFile::exists(kioskctl()))
            QSKIP("kioskctl is not built");
    }

    void status_ofAQueueNotYetMade_isEmptyAndCreatesNothing()
    {
        const QString db = dir.filePath("none.sqlite");
        const QString conf = writeConfig("none.conf", db);
        QByteArray out;
        QCOMPARE(run({"--json", "--config", conf, "queue", "status"}, &out), 0);
        const QJsonObject o = QJsonDocument::fromJson(out).object();
        QCOMPARE(o.keys(), (QStringList{"dead", "error", "in_flight", "last_sync", "oldest_age_s", "pending"}));
        QCOMPARE(o.value("pending").toInt(), 0);
        QVERIFY(!QFile::exists(db));
    }

    void statusListExportImportRetryDead_onAKiosksQueue()
    {
        QueueFixture q;
        q.wall = QDateTime::currentDateTimeUtc().addSecs(-120);
        const Sealed a = q.enqueue(1);
        const Sealed b = q.enqueue(2);
        const Sealed c = q.enqueue(0);
        q.wall = QDateTime::currentDateTimeUtc();
        // b is parked with a platform detail that names an ID number; c failed once.
        auto lease = q.outbox().leaseNext("sync", 1, 60'000);
        QVERIFY(lease.value);
        QVERIFY(q.outbox().markRetry(lease.value->id, 100, "network (connect): refused").isOk());
        lease = q.outbox().leaseNext("sync", 1, 60'000);
        QVERIFY(lease.value);
        QVERIFY(
            q.outbox().markDead(lease.value->id, "HTTP 422 (invalid-payload): id_number 440106199003072437").isOk());
        Q_UNUSED(b);
        Q_UNUSED(c);
        const QString conf = writeConfig("kiosk.conf", q.path());

        QByteArray out;
        QCOMPARE(run({"--json", "--config", conf, "queue", "status"}, &out), 0);
        QJsonObject status = QJsonDocument::fromJson(out).object();
        QCOMPARE(status.value("pending").toInt(), 2);
        QCOMPARE(status.value("dead").toInt(), 1);
        QCOMPARE(status.value("in_flight").toInt(), 0);
        QVERIFY(status.value("oldest_age_s").toInt() >= 110);
        QVERIFY(status.value("last_sync").isNull());
        QCOMPARE(status.value("error").toString(), QStringLiteral("network (connect): refused"));

        QCOMPARE(run({"--json", "--config", conf, "queue", "list"}, &out), 0);
        const QJsonArray items = QJsonDocument::fromJson(out).object().value("items").toArray();
        QCOMPARE(items.size(), 3);
        for (const QJsonValue &v : items)
            QCOMPARE(v.toObject().keys(), (QStringList{"attempts", "item_code", "last_error", "local_no", "state"}));
        QCOMPARE(items[0].toObject().value("local_no").toString(), a.envelope.localNo);
        QVERIFY(!out.contains("440106199003072437")); // no personal data, even from a platform's detail
        QVERIFY(!out.contains(a.envelope.id.toLatin1()));

        QCOMPARE(run({"--config", conf, "queue", "list"}, &out), 0);
        QVERIFY(out.contains(a.envelope.localNo.toLatin1()));
        QVERIFY(out.contains("dead"));

        const QString exportDir = dir.filePath("usb");
        QCOMPARE(run({"--json", "--config", conf, "queue", "export", exportDir}, &out), 0);
        QCOMPARE(QJsonDocument::fromJson(out).object().value("submissions").toInt(), 3);
        QVERIFY(QFile::exists(exportDir + "/manifest.json"));

        const QString other = writeConfig("other.conf", dir.filePath("other.sqlite"));
        QCOMPARE(run({"--json", "--config", other, "queue", "import", exportDir}, &out), 0);
        QCOMPARE(QJsonDocument::fromJson(out).object().value("imported").toInt(), 3);
        QCOMPARE(run({"--json", "--config", other, "queue", "import", exportDir}, &out), 0);
        QCOMPARE(QJsonDocument::fromJson(out).object().value("already_present").toInt(), 3);

        QCOMPARE(run({"--json", "--config", conf, "queue", "retry-dead"}, &out), 0);
        QCOMPARE(QJsonDocument::fromJson(out).object().value("requeued").toInt(), 1);
        QCOMPARE(run({"--json", "--config", conf, "queue", "status"}, &out), 0);
        status = QJsonDocument::fromJson(out).object();
        QCOMPARE(status.value("dead").toInt(), 0);
        QCOMPARE(status.value("pending").toInt(), 3);
    }

    void sync_needsOnceAndAPlatform()
    {
        QueueFixture q;
        const QString conf = writeConfig("sync.conf", q.path());
        QByteArray out, err;
        QCOMPARE(run({"--config", conf, "queue", "sync"}, &out, &err), 2);
        QCOMPARE(run({"--json", "--config", conf, "queue", "sync", "--once"}, &out, &err), 1);
        QVERIFY(QJsonDocument::fromJson(out).object().value("error").toString().contains("[platform] url"));
    }
};

QTEST_GUILESS_MAIN(TestKioskctlQueue)
#include "test_kioskctl_queue.moc"
