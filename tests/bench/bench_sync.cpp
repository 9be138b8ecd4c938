// Benchmark `sync` (design.md section 5): submissions per second delivered by the sync engine over mutual TLS to the
// loopback platform-sandbox, against a raw libcurl keep-alive POST loop of other sealed envelopes to the same server in
// the same run (same TLS options). Budget: ours/raw >= 0.5. Prints one JSON line.
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>
#include <QUuid>

#include <curl/curl.h>

#include <cstdio>

#include "bench_support.h"
#include "faults/fault_sealing.h"

#include "offline_queue/outbox.h"
#include "offline_queue/storage/store.h"
#include "offline_queue/sync_engine.h"

using namespace kiosk;
using namespace kiosk::queue;

namespace {

size_t sink(char *, size_t size, size_t count, void *user)
{
    static_cast<QByteArray *>(user)->append(QByteArray(size * count, 0));
    return size * count;
}

// The baseline: what a bare client does to send the same kind of bytes, one keep-alive connection, nothing stored.
double rawPostsPerSecond(const SyncSettings &s, const QList<faults::KioskSealer::Sealed> &envelopes, QString *error)
{
    CURL *c = curl_easy_init();
    const QByteArray url = (s.baseUrl + "/v1/submissions").toUtf8();
    const QByteArray cert = QFile::encodeName(s.clientCertFile), key = QFile::encodeName(s.clientKeyFile),
                     ca = QFile::encodeName(s.caFile), pins = s.pins.join(';').toLatin1();
    QElapsedTimer t;
    t.start();
    for (const auto &e : envelopes) {
        QByteArray answer;
        struct curl_slist *h = nullptr;
        const QByteArray kiosk = "X-Kiosk-Id: " + faults::kKioskId.toLatin1();
        const QByteArray rid = "X-Request-Id: " + QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
        const QByteArray idem = "Idempotency-Key: " + e.envelope.id.toLatin1();
        h = curl_slist_append(h, kiosk.constData());
        h = curl_slist_append(h, rid.constData());
        h = curl_slist_append(h, idem.constData());
        h = curl_slist_append(h, "Content-Type: application/json");
        h = curl_slist_append(h, "Expect:");
        curl_easy_setopt(c, CURLOPT_URL, url.constData());
        curl_easy_setopt(c, CURLOPT_SSLVERSION, long(CURL_SSLVERSION_TLSv1_2));
        curl_easy_setopt(c, CURLOPT_CAINFO, ca.constData());
        curl_easy_setopt(c, CURLOPT_SSLCERT, cert.constData());
        curl_easy_setopt(c, CURLOPT_SSLKEY, key.constData());
        curl_easy_setopt(c, CURLOPT_PINNEDPUBLICKEY, pins.constData());
        curl_easy_setopt(c, CURLOPT_PROXY, "");
        curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, e.envelope.bytes.constData());
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(e.envelope.bytes.size()));
        curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink);
        curl_easy_setopt(c, CURLOPT_WRITEDATA, &answer);
        const CURLcode rc = curl_easy_perform(c);
        long status = 0;
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
        curl_slist_free_all(h);
        if (rc != CURLE_OK || status != 201) {
            *error = QStringLiteral("raw POST failed: curl %1, HTTP %2").arg(int(rc)).arg(status);
            curl_easy_cleanup(c);
            return 0;
        }
    }
    const double seconds = double(t.nsecsElapsed()) / 1e9;
    curl_easy_cleanup(c);
    return double(envelopes.size()) / seconds;
}

} // namespace

class BenchSync : public QObject
{
    Q_OBJECT

    QProcess sandbox;

private slots:
    void syncThroughput_isAtLeastHalfOfARawKeepAliveLoop()
    {
        const QString source = qEnvironmentVariable("KIOSK_SOURCE_DIR");
        const QString binary = qEnvironmentVariable("KIOSK_BINARY_DIR");
        const QString sandboxBinary = QDir(binary).filePath("offline_queue/sandbox/platform-sandbox");
        if (binary.isEmpty() || !QFile::exists(sandboxBinary))
            QSKIP("platform-sandbox is not built (KIOSK_BUILD_SIMULATORS=OFF?): no sync benchmark");
        const QString pki = QDir(binary).filePath("tests/pki-bench_sync");
        QProcess mk;
        mk.setProcessChannelMode(QProcess::MergedChannels);
        mk.start("bash", {QDir(source).filePath("packaging/make-demo-pki.sh"), pki});
        QVERIFY(mk.waitForFinished(120000) && mk.exitCode() == 0);

        QTemporaryDir work;
        sandbox.setProgram(sandboxBinary);
        sandbox.setArguments(
            {"--pki", pki, "--data", work.filePath("platform"), "--listen", "127.0.0.1:0", "--advance-seconds", "0"});
        sandbox.setStandardErrorFile(QProcess::nullDevice()); // one log line per request: never let a pipe fill
        sandbox.start();
        QVERIFY(sandbox.waitForStarted(5000));
        QVERIFY(sandbox.waitForReadyRead(20000));
        const QJsonObject ready = QJsonDocument::fromJson(sandbox.readLine()).object();
        QVERIFY(ready.value("ready").toBool());
        const QString url = QStringLiteral("https://localhost:%1").arg(QUrl(ready.value("url").toString()).port());

        // One queue allocates every local number (the platform refuses a number twice); half the envelopes go
        // through the engine, the other half through the raw loop.
        const QString db = work.filePath("queue.sqlite");
        StoreOpenResult opened = Store::open(db, Outbox::migrations());
        QVERIFY(opened.isOk());
        OutboxOptions oo;
        oo.kioskId = faults::kKioskId;
        oo.diskFloorBytes = 0;
        Outbox outbox(*opened.store, oo);
        faults::KioskSealer sealer(pki);
        QVERIFY(sealer.isValid());
        const int submissions = kiosk::bench::iterations(300, 30);
        QList<faults::KioskSealer::Sealed> raw;
        for (int i = 0; i < submissions + 5; ++i) {
            faults::KioskSealer::Sealed s;
            QVERIFY(sealer.seal(outbox, 0, 0, &s));
            raw << s;
        }
        for (int i = 0; i < submissions; ++i)
            QVERIFY(!sealer.enqueue(outbox, 0, 0).isEmpty());

        SyncSettings settings = faults::sandboxSettings(pki, url, db);
        settings.batch = 1000;
        QString error;
        // Warm up the sandbox (its database, the signature and key paths) with a few raw posts.
        rawPostsPerSecond(settings, raw.mid(submissions), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const double baseline = rawPostsPerSecond(settings, raw.mid(0, submissions), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));

        SyncEngine engine(settings);
        QSignalSpy acked(&engine, &SyncEngine::acknowledged);
        QElapsedTimer t;
        t.start();
        QVERIFY(engine.start());
        QTRY_COMPARE_WITH_TIMEOUT(acked.count(), submissions, 120000);
        const double seconds = double(t.nsecsElapsed()) / 1e9;
        engine.stop();
        const double value = submissions / seconds;
        const double ratio = value / baseline;
        const bool ok = ratio >= 0.5;
        sandbox.terminate();
        sandbox.waitForFinished(10000);

        // By hand to keep the field order of design.md section 5 (QJsonObject sorts its keys).
        const QByteArray line =
            "{\"bench\":\"sync\",\"metric\":\"submissions_per_s\",\"value\":" + QByteArray::number(value, 'f', 1) +
            ",\"baseline\":\"raw_libcurl_keepalive_post_per_s\",\"baseline_value\":" +
            QByteArray::number(baseline, 'f', 1) + ",\"ratio\":" + QByteArray::number(ratio, 'f', 3) +
            ",\"budget\":0.5,\"budget_kind\":\"min\",\"ok\":" + (ok ? "true" : "false") + kiosk::bench::smokeField() +
            "}";
        std::printf("%s\n", line.constData());
        std::fflush(stdout);
        QVERIFY2(kiosk::bench::passesAtLeast(ratio, 0.5), "sync throughput below half of the raw libcurl loop");
    }

    void cleanupTestCase()
    {
        if (sandbox.state() != QProcess::NotRunning) {
            sandbox.terminate();
            sandbox.waitForFinished(10000);
        }
    }
};

QTEST_GUILESS_MAIN(BenchSync)
#include "bench_sync.moc"
