// Fault specification of the sync engine against platform-sandbox in a separate process: every TLS refusal happens
// before a request reaches the platform; under each of the sandbox's fault switches, and across an outage of the
// platform, every queued submission arrives exactly once, nothing is dead-lettered, and the backoff is respected.
#include <QJsonDocument>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include "fault_support.h"

#include "offline_queue/outbox.h"
#include "offline_queue/storage/store.h"
#include "offline_queue/sync_engine.h"

using namespace kiosk;
using namespace kiosk::faults;
using namespace kiosk::queue;

namespace {

struct Queue {
    QString path;
    std::unique_ptr<Store> store;
    std::unique_ptr<Outbox> outbox;
    QStringList ids;
};

} // namespace

class TestSyncFaults : public QObject
{
    Q_OBJECT

    QString pki;
    QTemporaryDir work;
    test::SandboxProcess sandbox;
    int queues = 0;
    std::shared_ptr<QList<RecordingClient::Call>> log = std::make_shared<QList<RecordingClient::Call>>();
    std::shared_ptr<QMutex> logMutex = std::make_shared<QMutex>();

    std::unique_ptr<Queue> makeQueue(int submissions, int pages, int pageSize)
    {
        auto q = std::make_unique<Queue>();
        q->path = work.filePath(QStringLiteral("queue-%1.sqlite").arg(++queues));
        StoreOpenResult r = Store::open(q->path, Outbox::migrations());
        if (!r.isOk())
            return nullptr;
        q->store = std::move(r.store);
        OutboxOptions o;
        o.kioskId = kKioskId;
        o.diskFloorBytes = 0;
        q->outbox = std::make_unique<Outbox>(*q->store, o);
        KioskSealer sealer(pki);
        for (int i = 0; i < submissions; ++i) {
            QString why;
            const QString id = sealer.enqueue(*q->outbox, pages, pageSize, &why);
            if (id.isEmpty()) {
                qWarning("enqueue failed: %s", qPrintable(why));
                return nullptr;
            }
            q->ids << id;
        }
        return q;
    }

    SyncEngine::ClientFactory recordingFactory()
    {
        auto l = log;
        auto m = logMutex;
        return [l, m](const SyncSettings &s) -> std::unique_ptr<PlatformClient> {
            return std::make_unique<RecordingClient>(std::make_unique<CurlPlatformClient>(s.clientConfig()), l, m);
        };
    }

    QList<RecordingClient::Call> calls() const
    {
        QMutexLocker l(logMutex.get());
        return *log;
    }

    // Every id of `q` arrived exactly once, nothing else arrived, the queue holds them all as acknowledged.
    void verifyExactlyOnce(Queue &q)
    {
        QHash<QString, qint64> replays;
        const QHash<QString, int> received = receivedIds(sandbox, &replays);
        for (const QString &id : std::as_const(q.ids))
            QVERIFY2(received.value(id) == 1,
                     qPrintable(QStringLiteral("%1 arrived %2 times").arg(id).arg(received.value(id))));
        QCOMPARE(received.size(), q.ids.size());
        const auto stats = q.outbox->stats();
        QVERIFY(stats.isOk());
        QCOMPARE(stats.value.acked, q.ids.size());
        QCOMPARE(stats.value.dead, 0);
        QCOMPARE(stats.value.pending, 0);
        // A fresh X-Request-Id on every attempt, retries included.
        const QJsonArray requests = controlJson(sandbox, "GET", "/control/requests").value("requests").toArray();
        QSet<QString> requestIds;
        for (const QJsonValue &v : requests) {
            const QString rid = v.toObject().value("request_id").toString();
            QVERIFY(!rid.isEmpty());
            QVERIFY2(!requestIds.contains(rid), qPrintable("X-Request-Id used twice: " + rid));
            requestIds.insert(rid);
        }
    }

    bool drain(SyncEngine &engine, int timeoutMs)
    {
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < timeoutMs) {
            const SyncStatus s = engine.status();
            if (s.passes > 0 && s.pending == 0 && s.inFlight == 0 && s.currentLocalNo.isEmpty())
                return true;
            QTest::qWait(50);
        }
        return false;
    }

private slots:
    void initTestCase()
    {
        QString why;
        if (!sandboxBuilt(&why))
            QSKIP(qPrintable(why));
        pki = demoPki(QStringLiteral("test_sync_faults"), &why);
        QVERIFY2(why.isEmpty(), qPrintable(why));
        const QString started = sandbox.start(pki, {"--advance-seconds", "0"});
        QVERIFY2(started.isEmpty(), qPrintable(started));
    }

    void init()
    {
        if (sandbox.port() != 0 && requestCount(sandbox) >= 0)
            QCOMPARE(sandbox.control("POST", "/control/reset").status, 200);
        QMutexLocker l(logMutex.get());
        log->clear();
    }

    void tlsRefusal_reachesNoRequestOfThePlatform_data()
    {
        QTest::addColumn<QString>("serverCert"); // what the sandbox presents ("server": the right one)
        QTest::addColumn<QString>("clientCert"); // what the kiosk presents ("": nothing)
        QTest::addColumn<bool>("randomPins");
        QTest::addColumn<bool>("refusedByKiosk"); // the kiosk refuses (no byte sent) or the platform refuses
        QTest::addColumn<int>("expected");
        QTest::newRow("server certificate from another CA") << "other-server"
                                                            << "kiosk" << false << true << int(NetworkError::Tls);
        QTest::newRow("server certificate expired") << "expired-server"
                                                    << "kiosk" << false << true << int(NetworkError::Tls);
        QTest::newRow("server certificate for another host") << "wronghost-server"
                                                             << "kiosk" << false << true << int(NetworkError::Tls);
        QTest::newRow("server key matches neither pin") << "server"
                                                        << "kiosk" << true << true << int(NetworkError::Pin);
        QTest::newRow("no client certificate") << "server"
                                               << "" << false << false << int(NetworkError::Tls);
        QTest::newRow("client certificate from another CA")
            << "server"
            << "other-kiosk" << false << false << int(NetworkError::Tls);
        QTest::newRow("client certificate expired") << "server"
                                                    << "expired-kiosk" << false << false << int(NetworkError::Tls);
    }
    void tlsRefusal_reachesNoRequestOfThePlatform()
    {
        QFETCH(QString, serverCert);
        QFETCH(QString, clientCert);
        QFETCH(bool, randomPins);
        QFETCH(bool, refusedByKiosk);
        QFETCH(int, expected);

        test::SandboxProcess variant;
        test::SandboxProcess *platform = &sandbox;
        if (serverCert != QLatin1String("server")) {
            const QString dir = pkiVariant(pki, serverCert, work.filePath("pki-" + serverCert));
            const QString started = variant.start(dir, {"--advance-seconds", "0"});
            QVERIFY2(started.isEmpty(), qPrintable(started));
            platform = &variant;
        }
        auto q = makeQueue(1, 1, 3000);
        QVERIFY(q);
        SyncSettings s = sandboxSettings(pki, sandboxUrl(*platform), q->path);
        s.clientCertFile = clientCert.isEmpty() ? QString() : QDir(pki).filePath(clientCert + ".crt");
        s.clientKeyFile = clientCert.isEmpty() ? QString() : QDir(pki).filePath(clientCert + ".key");
        if (randomPins)
            s.pins = QStringList{QStringLiteral("sha256//") + QString::fromLatin1(QByteArray(32, 'x').toBase64()),
                                 QStringLiteral("sha256//") + QString::fromLatin1(QByteArray(32, 'y').toBase64())};

        CurlPlatformClient client(s.clientConfig());
        const ApiResult direct = client.getSubmissionKey();
        // TLS 1.3 refuses a client certificate on the first read: an alert or a closed connection.
        const bool asExpected =
            int(direct.networkError) == expected || (!refusedByKiosk && direct.networkError == NetworkError::Reset);
        QVERIFY2(asExpected, qPrintable(direct.describe()));
        QCOMPARE(direct.httpStatus, 0);
        if (refusedByKiosk)
            QCOMPARE(direct.requestBytesSent, 0);

        // The sync engine parks nothing and loses nothing: the item waits for a working connection.
        SyncCore core(*q->store, *q->outbox, client, s);
        QVERIFY(core.recover().isOk());
        const PassReport report = core.runPass();
        QCOMPARE(report.retried, 1);
        QCOMPARE(report.dead, 0);
        const auto info = q->outbox->list().value.value(0);
        QCOMPARE(toString(info.state), QStringLiteral("pending"));
        QVERIFY2(!info.lastError.isEmpty(), "the reason is kept for the technician");

        // Not one request reached the platform's HTTP layer.
        QCOMPARE(requestCount(*platform), 0);
        QVERIFY(receivedIds(*platform).isEmpty());
    }

    void faultSwitch_deliversEverySubmissionExactlyOnce_data()
    {
        QTest::addColumn<QByteArray>("faults");
        QTest::addColumn<int>("submissions");
        QTest::addColumn<int>("pages");
        QTest::addColumn<int>("pageSize");
        QTest::addColumn<qint64>("retryAfterMs"); // > 0: the retry of the faulted call waits at least this long
        QTest::addColumn<QString>("op");
        QTest::newRow("submissions 503 with Retry-After")
            << QByteArray(R"([{"endpoint":"submissions","status":503,"retry_after":"1","count":2}])") << 2 << 1 << 4000
            << qint64(1000) << "post";
        QTest::newRow("submissions 502 without Retry-After")
            << QByteArray(R"([{"endpoint":"submissions","status":502,"count":3}])") << 2 << 1 << 4000 << qint64(0)
            << "post";
        QTest::newRow("429 with Retry-After as an HTTP date")
            << QByteArray(R"([{"endpoint":"submissions","status":429,"retry_after_date":2,"count":1}])") << 1 << 0 << 0
            << qint64(900) << "post";
        QTest::newRow("blob HEAD 503") << QByteArray(R"([{"endpoint":"blobs","method":"HEAD","status":503,"count":2}])")
                                       << 2 << 1 << 4000 << qint64(0) << "head";
        QTest::newRow("latency 300 ms on every call")
            << QByteArray(R"([{"endpoint":"all","latency_ms":300}])") << 2 << 1 << 4000 << qint64(0) << "";
        QTest::newRow("upload throttled to 64 KiB/s")
            << QByteArray(R"([{"endpoint":"blobs","method":"PUT","bandwidth":65536}])") << 1 << 1 << 100000 << qint64(0)
            << "";
        QTest::newRow("connection reset mid-upload")
            << QByteArray(R"([{"endpoint":"blobs","method":"PUT","reset_after_bytes":16384,"count":1}])") << 2 << 1
            << 50000 << qint64(0) << "put";
        QTest::newRow("connection reset while the envelope is sent")
            << QByteArray(R"([{"endpoint":"submissions","reset_after_bytes":100,"count":1}])") << 2 << 1 << 4000
            << qint64(0) << "post";
        QTest::newRow("answer lost after commit")
            << QByteArray(R"([{"endpoint":"submissions","lose_response":true,"count":1}])") << 2 << 1 << 4000
            << qint64(0) << "post";
        QTest::newRow("malformed JSON answer")
            << QByteArray(R"([{"endpoint":"submissions","malformed_json":true,"count":1}])") << 2 << 1 << 4000
            << qint64(0) << "post";
        QTest::newRow("oversized JSON answer")
            << QByteArray(R"([{"endpoint":"submissions","oversized":true,"count":1}])") << 2 << 1 << 4000 << qint64(0)
            << "post";
    }
    void faultSwitch_deliversEverySubmissionExactlyOnce()
    {
        QFETCH(QByteArray, faults);
        QFETCH(int, submissions);
        QFETCH(int, pages);
        QFETCH(int, pageSize);
        QFETCH(qint64, retryAfterMs);
        QFETCH(QString, op);

        const test::Response set = sandbox.setFaults(QJsonDocument::fromJson(faults).array());
        QVERIFY2(set.status == 200, qPrintable(set.describe()));
        auto q = makeQueue(submissions, pages, pageSize);
        QVERIFY(q);
        SyncEngine engine(sandboxSettings(pki, sandboxUrl(sandbox), q->path), recordingFactory(), SyncClock::system());
        QVERIFY(engine.start());
        QVERIFY2(drain(engine, 30'000), qPrintable(engine.status().error));
        QVERIFY(engine.stop());

        QVERIFY2(faultHits(sandbox) > 0, "the fault was never exercised");
        verifyExactlyOnce(*q);

        const QList<RecordingClient::Call> c = calls();
        if (!op.isEmpty()) {
            // The faulted call failed at least once and was retried: by the engine (never dead-lettered), or, for
            // a reused connection that died before any answer, by libcurl at once with a fresh X-Request-Id.
            int failures = 0;
            for (const auto &call : c)
                failures +=
                    call.op == op ? (call.error != NetworkError::None || call.status >= 400 ? 1 : 0) + call.resends : 0;
            QVERIFY2(failures >= 1, qPrintable(QStringLiteral("no failed %1 seen").arg(op)));
        }
        if (retryAfterMs > 0) {
            // Retry-After is a floor: the next call after a refused one waits at least that long.
            for (int i = 0; i + 1 < c.size(); ++i) {
                if (c[i].op == op && (c[i].status == 503 || c[i].status == 429)) {
                    const qint64 gap = c[i + 1].atMs - c[i].atMs;
                    QVERIFY2(gap >= retryAfterMs, qPrintable(QStringLiteral("retried after %1 ms").arg(gap)));
                }
            }
        }
        if (QTest::currentDataTag() == QByteArray("answer lost after commit")) {
            QHash<QString, qint64> replays;
            receivedIds(sandbox, &replays);
            qint64 total = 0;
            for (qint64 r : std::as_const(replays))
                total += r;
            QVERIFY2(total >= 1, "the lost answer was recovered by a replay of the same key and bytes");
        }
    }

    void kioskctlSyncOnce_sendsEverythingPendingOnce()
    {
        const QString kioskctl = qEnvironmentVariable("KIOSK_BINARY_DIR") + "/app/kioskctl/kioskctl";
        if (!QFile::exists(kioskctl))
            QSKIP("kioskctl is not built");
        auto q = makeQueue(2, 1, 3000);
        QVERIFY(q);
        const QString conf = work.filePath("kioskctl.conf");
        QFile f(conf);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("[kiosk]\nid=" + kKioskId.toLatin1() + "\ndata_dir=" + work.path().toUtf8() +
                "\n[queue]\ndatabase=" + q->path.toUtf8() + "\n[platform]\nurl=" + sandboxUrl(sandbox).toUtf8() +
                "\nclient_cert=" + QDir(pki).filePath("kiosk.crt").toUtf8() + "\nclient_key=" +
                QDir(pki).filePath("kiosk.key").toUtf8() + "\nca_file=" + QDir(pki).filePath("ca.crt").toUtf8() +
                "\npins_file=" + QDir(pki).filePath("pins.txt").toUtf8() + "\n");
        f.close();
        QProcess p;
        p.start(kioskctl, {"--json", "--config", conf, "queue", "sync", "--once"});
        // The event loop keeps reading the sandbox's log pipe meanwhile.
        QTRY_VERIFY_WITH_TIMEOUT(p.state() == QProcess::NotRunning, 30000);
        const QByteArray out = p.readAllStandardOutput();
        QVERIFY2(p.exitCode() == 0, (out + p.readAllStandardError()).constData());
        const QJsonObject o = QJsonDocument::fromJson(out).object();
        QCOMPARE(o.value("acked").toInt(), 2);
        QCOMPARE(o.value("pending").toInt(), 0);
        QVERIFY(o.value("last_sync").toString().endsWith("+08:00"));
        verifyExactlyOnce(*q);
    }

    void platformAbsentThenBack_onTheSamePort_deliversEverythingOnce()
    {
        const quint16 port = sandbox.port();
        QCOMPARE(sandbox.stop(), 0);
        auto q = makeQueue(3, 1, 4000);
        QVERIFY(q);
        SyncSettings s = sandboxSettings(pki, QStringLiteral("https://localhost:%1").arg(port), q->path);
        SyncEngine engine(s, recordingFactory(), SyncClock::system());
        QVERIFY(engine.start());
        QTest::qWait(2500);
        const SyncStatus offline = engine.status();
        QVERIFY2(offline.error.contains("connect"), qPrintable(offline.error));
        QCOMPARE(offline.pending, 3);
        // Base 100 ms, cap 800 ms, full jitter: a few probes a second at most, one call each, never a busy loop.
        const int probes = int(calls().size());
        QVERIFY2(probes >= 2 && probes <= 40, qPrintable(QStringLiteral("%1 probes in 2.5 s").arg(probes)));
        for (const auto &c : calls())
            QCOMPARE(c.requestBytes, 0);

        // The platform comes back on the same address; nobody pokes the engine.
        const QString started =
            sandbox.start(pki, {"--listen", QStringLiteral("127.0.0.1:%1").arg(port), "--advance-seconds", "0"});
        QVERIFY2(started.isEmpty(), qPrintable(started));
        QCOMPARE(sandbox.port(), port);
        QVERIFY2(drain(engine, 15'000), qPrintable(engine.status().error));
        QVERIFY(engine.status().error.isEmpty());
        QVERIFY(engine.stop());
        verifyExactlyOnce(*q);
    }

    void cleanupTestCase() { sandbox.stop(); }
};

QTEST_GUILESS_MAIN(TestSyncFaults)
#include "test_sync_faults.moc"
