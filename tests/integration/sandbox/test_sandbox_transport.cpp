// Specification of platform-sandbox's transport: mutual TLS refuses clients without a valid certificate in the
// handshake, the HTTP/1.1 server is strict (framing, limits, problem+json) and keeps connections alive, every fault
// switch is observable by a raw client, faults can come from the command line, and a restart keeps what was received.
#include <QLocale>
#include <QProcess>
#include <QTest>
#include <QTimeZone>

#include "sandbox_harness.h"

using namespace kiosk;
using namespace kiosk::test;

namespace {

QByteArray blobPath(const queue::SealedBlob &b)
{
    return "/v1/blobs/" + b.sha256.toLatin1();
}

QJsonObject fault(std::initializer_list<std::pair<QString, QJsonValue>> members)
{
    QJsonObject o;
    for (const auto &m : members)
        o.insert(m.first, m.second);
    return o;
}

} // namespace

class SandboxTransportTest : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir pki_;
    SandboxProcess sandbox_;
    std::unique_ptr<SubmissionFactory> factory_;

    QJsonArray requestLog() const
    {
        return sandbox_.control("GET", "/control/requests").json().value(QLatin1String("requests")).toArray();
    }

private slots:
    void initTestCase()
    {
        QVERIFY(pki_.isValid());
        const QString pkiError = makeDemoPki(pki_.path());
        if (!pkiError.isEmpty())
            QSKIP(qPrintable(pkiError));
        QCOMPARE(sandbox_.start(pki_.path()), QString());
        factory_ = std::make_unique<SubmissionFactory>(pki_.path());
        QVERIFY(factory_->isValid());
    }

    void init() { QCOMPARE(sandbox_.control("POST", "/control/reset").status, 200); }

    void cleanupTestCase() { QCOMPARE(sandbox_.stop(), 0); }

    // --- TLS -------------------------------------------------------------------------------------------------

    void clientWithoutAValidCertificate_isRefusedInTheHandshake_data()
    {
        QTest::addColumn<QString>("certificate");
        QTest::addColumn<int>("protocol");
        QTest::newRow("TLS 1.2, no certificate") << QString() << int(QSsl::TlsV1_2);
        QTest::newRow("TLS 1.3, no certificate") << QString() << int(QSsl::TlsV1_3);
        QTest::newRow("TLS 1.2, certificate of another CA") << QStringLiteral("other-kiosk") << int(QSsl::TlsV1_2);
        QTest::newRow("TLS 1.3, certificate of another CA") << QStringLiteral("other-kiosk") << int(QSsl::TlsV1_3);
        QTest::newRow("TLS 1.2, expired certificate") << QStringLiteral("expired-kiosk") << int(QSsl::TlsV1_2);
    }
    void clientWithoutAValidCertificate_isRefusedInTheHandshake()
    {
        QFETCH(QString, certificate);
        QFETCH(int, protocol);
        auto c = sandbox_.client(TlsOptions{certificate, QSsl::SslProtocol(protocol)});
        QString error;
        const bool opened = c->open(&error);
        if (protocol == QSsl::TlsV1_2) {
            // TLS 1.2: the server's verdict comes before the handshake finishes.
            QVERIFY2(!opened, "the handshake completed without a valid client certificate");
        } else if (opened) {
            // TLS 1.3: the client finishes first; the server's alert arrives on the first read. No HTTP answer.
            const Response r = c->request("GET", "/v1/keys/submission", {}, kioskHeaders(), 5000);
            QCOMPARE(r.status, 0);
            QCOMPARE(r.rawBytes, 0);
        }
        QCOMPARE(requestLog().size(), 0); // no request reached the HTTP layer

        // The same client with the kiosk certificate is served.
        auto good = sandbox_.client(TlsOptions{QStringLiteral("kiosk"), QSsl::SslProtocol(protocol)});
        QCOMPARE(good->request("GET", "/v1/keys/submission", {}, kioskHeaders()).status, 200);
    }

    // --- HTTP/1.1 ---------------------------------------------------------------------------------------------

    void strictHttp_answersProblemJson_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("status");
        QTest::addColumn<bool>("closes");
        const QByteArray k = "X-Kiosk-Id: GD-DEV-0001\r\nX-Request-Id: r-1\r\n";
        const QByteArray sha(64, 'a');
        QTest::newRow("HTTP/1.1 without Host")
            << QByteArray("GET /v1/keys/submission HTTP/1.1\r\n" + k + "\r\n") << 400 << true;
        QTest::newRow("chunked body") << QByteArray("POST /v1/submissions HTTP/1.1\r\nHost: h\r\n" + k +
                                                    "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")
                                      << 411 << true;
        QTest::newRow("chunked and Content-Length")
            << QByteArray("POST /v1/submissions HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nContent-Length: "
                          "5\r\n\r\nhello")
            << 400 << true;
        QTest::newRow("request line without version")
            << QByteArray("GET /v1/catalogue\r\nHost: h\r\n\r\n") << 400 << true;
        QTest::newRow("HTTP/2.0") << QByteArray("GET /v1/catalogue HTTP/2.0\r\nHost: h\r\n\r\n") << 505 << true;
        QTest::newRow("space before the colon")
            << QByteArray("GET /v1/catalogue HTTP/1.1\r\nHost : h\r\n\r\n") << 400 << true;
        QTest::newRow("folded header") << QByteArray("GET /v1/catalogue HTTP/1.1\r\nHost: h\r\nX-A: a\r\n b\r\n\r\n")
                                       << 400 << true;
        QTest::newRow("bare LF line ends") << QByteArray("GET /v1/catalogue HTTP/1.1\nHost: h\n\n") << 400 << true;
        QTest::newRow("control character in a value")
            << QByteArray("GET /v1/catalogue HTTP/1.1\r\nHost: h\r\nX-A: a\x01z\r\n\r\n") << 400 << true;
        QTest::newRow("Content-Length not a number")
            << QByteArray("POST /v1/submissions HTTP/1.1\r\nHost: h\r\nContent-Length: 12a\r\n\r\n") << 400 << true;
        QTest::newRow("two different Content-Lengths")
            << QByteArray("POST /v1/submissions HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n")
            << 400 << true;
        QTest::newRow("head over 32 KiB")
            << QByteArray("GET /v1/catalogue HTTP/1.1\r\nHost: h\r\nX-Big: " + QByteArray(40000, 'a') + "\r\n\r\n")
            << 431 << true;
        QTest::newRow("request line over 8 KiB")
            << QByteArray("GET /" + QByteArray(9000, 'a') + " HTTP/1.1\r\nHost: h\r\n\r\n") << 414 << true;
        QTest::newRow("JSON body over 1 MiB, expecting 100-continue")
            << QByteArray("POST /v1/submissions HTTP/1.1\r\nHost: h\r\n" + k +
                          "Content-Length: 1048577\r\nExpect: 100-continue\r\n\r\n")
            << 413 << true;
        QTest::newRow("JSON body over 1 MiB, sent")
            << QByteArray("POST /v1/evaluations HTTP/1.1\r\nHost: h\r\n" + k + "Content-Length: 1100000\r\n\r\n" +
                          QByteArray(1100000, ' '))
            << 413 << true;
        QTest::newRow("blob over 32 MiB") << QByteArray("PUT /v1/blobs/" + sha + " HTTP/1.1\r\nHost: h\r\n" + k +
                                                        "Content-Length: 33554433\r\nExpect: 100-continue\r\n\r\n")
                                          << 413 << true;
        QTest::newRow("unknown expectation")
            << QByteArray("GET /v1/catalogue HTTP/1.1\r\nHost: h\r\nExpect: 200-ok\r\n\r\n") << 417 << true;
        QTest::newRow("absolute-form target")
            << QByteArray("GET https://127.0.0.1/v1/catalogue HTTP/1.1\r\nHost: h\r\n\r\n") << 400 << true;
        QTest::newRow("unknown method") << QByteArray("BREW /v1/catalogue HTTP/1.1\r\nHost: h\r\n" + k + "\r\n") << 501
                                        << false;
        QTest::newRow("method not allowed")
            << QByteArray("DELETE /v1/catalogue HTTP/1.1\r\nHost: h\r\n" + k + "\r\n") << 405 << false;
        QTest::newRow("unknown path") << QByteArray("GET /v1/nothing HTTP/1.1\r\nHost: h\r\n" + k + "\r\n") << 404
                                      << false;
        QTest::newRow("missing X-Request-Id")
            << QByteArray("GET /v1/catalogue HTTP/1.1\r\nHost: h\r\nX-Kiosk-Id: GD-DEV-0001\r\n\r\n") << 400 << false;
    }
    void strictHttp_answersProblemJson()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(int, status);
        QFETCH(bool, closes);
        auto c = sandbox_.client();
        QVERIFY(c->open());
        c->sendRaw(bytes);
        const Response r = c->readResponse(10000);
        QVERIFY2(r.status == status, qPrintable(r.describe()));
        QCOMPARE(r.header("Content-Type"), QByteArray("application/problem+json"));
        const QJsonObject p = r.json();
        QCOMPARE(p.value("status").toInt(), status);
        QVERIFY(p.value("type").toString().startsWith("https://"));
        QVERIFY(!p.value("title").toString().isEmpty());
        QVERIFY(!p.value("detail").toString().isEmpty());
        if (status == 405)
            QCOMPARE(r.header("Allow"), QByteArray("GET, HEAD"));
        if (closes) {
            QCOMPARE(r.header("Connection"), QByteArray("close"));
            QVERIFY(c->waitClosed(5000));
        } else {
            // The connection stays usable.
            QCOMPARE(c->request("GET", "/v1/keys/submission", {}, kioskHeaders()).status, 200);
        }
    }

    void keepAlive_servesManyRequestsOnOneConnection_andPipelinedOnesInOrder()
    {
        auto c = sandbox_.client();
        for (int i = 0; i < 30; ++i)
            QCOMPARE(c->request("GET", "/v1/keys/submission", {}, kioskHeaders()).status, 200);
        // Three requests in one write: the answers come back in order, the HEAD one without a body.
        QByteArray three;
        three += RawClient::head("GET", "/v1/keys/submission", {}, kioskHeaders());
        three += RawClient::head("HEAD", "/v1/catalogue", {}, kioskHeaders());
        three += RawClient::head("GET", "/v1/catalogue?since=1", {}, kioskHeaders());
        QVERIFY(c->sendRaw(three));
        Response r = c->readResponse();
        QCOMPARE(r.status, 200);
        QVERIFY(r.json().contains("key_id"));
        r = c->readResponse(15000, true);
        QCOMPARE(r.status, 200);
        QVERIFY(r.header("Content-Length").toLongLong() > 0);
        r = c->readResponse();
        QCOMPARE(r.status, 304);
        QVERIFY(c->isOpen());

        const QJsonArray log = requestLog();
        QCOMPARE(log.size(), 33);
        const qint64 connection = log.first().toObject().value("connection").toInteger();
        for (const QJsonValue v : log) {
            QCOMPARE(v.toObject().value("connection").toInteger(), connection);
            QVERIFY(!v.toObject().value("request_id").toString().isEmpty());
        }
        QCOMPARE(log.last().toObject().value("index_on_connection").toInt(), 33);
    }

    void connectionClose_andHttp10_closeAfterTheAnswer()
    {
        auto c = sandbox_.client();
        auto headers = kioskHeaders();
        headers.append(Header("Connection", "close"));
        Response r = c->request("GET", "/v1/keys/submission", {}, headers);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("Connection"), QByteArray("close"));
        QVERIFY(c->waitClosed());

        auto old = sandbox_.client();
        QVERIFY(old->sendRaw("GET /v1/keys/submission HTTP/1.0\r\nX-Kiosk-Id: GD-DEV-0001\r\nX-Request-Id: a\r\n\r\n"));
        r = old->readResponse();
        QCOMPARE(r.status, 200);
        QVERIFY(old->waitClosed());
    }

    void expect100Continue_isAnsweredBeforeTheBody_andBlobsOver1MiBAreAccepted()
    {
        const SealedSubmission s = factory_->make(1);
        // A 3 MiB sealed page: over the JSON limit, well under the blob limit.
        queue::Sealer sealer(
            queue::PlatformKey{QString::fromUtf8(readFile(QDir(pki_.path()).filePath("submission.key_id"))).trimmed(),
                               readFile(QDir(pki_.path()).filePath("submission.pub"))},
            readFile(QDir(pki_.path()).filePath("kiosk.key")));
        const auto big = sealer.sealBlob(QByteArray(3 * 1024 * 1024, 'p'));
        QVERIFY(big.isOk());
        auto c = sandbox_.client();
        auto headers = kioskHeaders();
        headers.append(Header("Expect", "100-continue"));
        QVERIFY(c->sendRaw(RawClient::head("PUT", blobPath(big.value), big.value.bytes, headers)));
        QVERIFY(c->socket()->waitForReadyRead(2000));
        QByteArray interim;
        while (!interim.contains("\r\n\r\n") && c->socket()->waitForReadyRead(1000))
            interim += c->socket()->readAll();
        interim += c->socket()->readAll();
        QVERIFY2(interim.startsWith("HTTP/1.1 100 Continue\r\n\r\n"), interim);
        QVERIFY(c->sendRaw(big.value.bytes));
        const Response r = c->readResponse();
        QCOMPARE(r.status, 201);
        QCOMPARE(c->request("HEAD", blobPath(big.value), {}, kioskHeaders()).status, 200);
        Q_UNUSED(s);
    }

    // --- faults -----------------------------------------------------------------------------------------------

    void statusFault_answersWithRetryAfterSeconds_forTheNextNRequestsOnly()
    {
        QCOMPARE(sandbox_.setFaults({fault({{"endpoint", "keys"}, {"status", 503}, {"retry_after", 7}, {"count", 2}})})
                     .status,
                 200);
        auto c = sandbox_.client();
        for (int i = 0; i < 2; ++i) {
            const Response r = c->request("GET", "/v1/keys/submission", {}, kioskHeaders());
            QCOMPARE(r.status, 503);
            QCOMPARE(r.header("Retry-After"), QByteArray("7"));
            QCOMPARE(r.header("Content-Type"), QByteArray("application/problem+json"));
            QVERIFY(r.json().value("type").toString().endsWith("injected-fault"));
        }
        QCOMPARE(c->request("GET", "/v1/keys/submission", {}, kioskHeaders()).status, 200);
        QCOMPARE(c->request("GET", "/v1/catalogue", {}, kioskHeaders()).status, 200); // other endpoints unaffected
        const QJsonObject rule =
            sandbox_.control("GET", "/control/faults").json().value("faults").toArray()[0].toObject();
        QCOMPARE(rule.value("count").toInt(), 0);
        QCOMPARE(rule.value("hits").toInt(), 2);
    }

    void statusFault_canGiveRetryAfterAsAnHttpDate()
    {
        QCOMPARE(sandbox_.setFaults({fault({{"endpoint", "all"}, {"status", 429}, {"retry_after_date", 120}})}).status,
                 200);
        auto c = sandbox_.client();
        const Response r = c->request("POST", "/v1/heartbeat", "{}", kioskHeaders());
        QCOMPARE(r.status, 429);
        const QDateTime when = QLocale::c().toDateTime(QString::fromLatin1(r.header("Retry-After")),
                                                       QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'"));
        QVERIFY2(when.isValid(), r.header("Retry-After"));
        QDateTime utc = when;
        utc.setTimeSpec(Qt::UTC);
        const qint64 ahead = QDateTime::currentDateTimeUtc().secsTo(utc);
        QVERIFY2(ahead >= 100 && ahead <= 140, qPrintable(QString::number(ahead)));
    }

    void latencyFault_delaysTheAnswer()
    {
        QCOMPARE(sandbox_.setFaults({fault({{"endpoint", "keys"}, {"latency_ms", 700}, {"count", 1}})}).status, 200);
        auto c = sandbox_.client();
        Response r = c->request("GET", "/v1/keys/submission", {}, kioskHeaders());
        QCOMPARE(r.status, 200);
        QVERIFY2(r.elapsedMs >= 650, qPrintable(QString::number(r.elapsedMs)));
        r = c->request("GET", "/v1/keys/submission", {}, kioskHeaders());
        QVERIFY2(r.elapsedMs < 400, qPrintable(QString::number(r.elapsedMs)));
    }

    void bandwidthFault_trickleTheAnswer()
    {
        QCOMPARE(sandbox_.setFaults({fault({{"endpoint", "keys"}, {"bandwidth", 1000}, {"count", 1}})}).status, 200);
        auto c = sandbox_.client();
        const Response r = c->request("GET", "/v1/keys/submission", {}, kioskHeaders());
        QCOMPARE(r.status, 200);
        QVERIFY(r.json().contains("public_key_pem")); // intact, only slow
        const qint64 bytes = r.rawBytes;
        QVERIFY(bytes > 800);
        QVERIFY2(r.elapsedMs >= (bytes * 1000 / 1000) * 8 / 10, qPrintable(QString::number(r.elapsedMs)));
    }

    void bandwidthFault_throttlesReadingTheRequestBody()
    {
        const SealedSubmission s = factory_->make(1);
        queue::Sealer sealer(
            queue::PlatformKey{QString::fromUtf8(readFile(QDir(pki_.path()).filePath("submission.key_id"))).trimmed(),
                               readFile(QDir(pki_.path()).filePath("submission.pub"))},
            readFile(QDir(pki_.path()).filePath("kiosk.key")));
        const auto blob = sealer.sealBlob(QByteArray(40000, 'q'));
        QVERIFY(blob.isOk());
        QCOMPARE(sandbox_.setFaults({fault({{"endpoint", "blobs"}, {"method", "PUT"}, {"bandwidth", 20000}})}).status,
                 200);
        auto c = sandbox_.client();
        const Response r = c->request("PUT", blobPath(blob.value), blob.value.bytes, kioskHeaders());
        QCOMPARE(r.status, 201);
        QVERIFY2(r.elapsedMs >= 1500, qPrintable(QString::number(r.elapsedMs))); // 40 kB at 20 kB/s
        Q_UNUSED(s);
    }

    void resetFault_closesTheConnectionMidUpload_andStoresNothing()
    {
        const SealedSubmission s = factory_->make(1);
        queue::Sealer sealer(
            queue::PlatformKey{QString::fromUtf8(readFile(QDir(pki_.path()).filePath("submission.key_id"))).trimmed(),
                               readFile(QDir(pki_.path()).filePath("submission.pub"))},
            readFile(QDir(pki_.path()).filePath("kiosk.key")));
        const auto blob = sealer.sealBlob(QByteArray(300000, 'r'));
        QVERIFY(blob.isOk());
        QCOMPARE(sandbox_.setFaults({fault({{"endpoint", "blobs"}, {"reset_after_bytes", 1000}, {"count", 1}})}).status,
                 200);
        auto c = sandbox_.client();
        const Response r = c->request("PUT", blobPath(blob.value), blob.value.bytes, kioskHeaders(), 5000);
        QCOMPARE(r.status, 0);
        QCOMPARE(r.rawBytes, 0);
        QVERIFY(c->waitClosed(2000));
        QCOMPARE(sandbox_.client()->request("HEAD", blobPath(blob.value), {}, kioskHeaders()).status, 404);
        const QJsonObject put = requestLog().first().toObject();
        QCOMPARE(put.value("method").toString(), QStringLiteral("PUT"));
        QCOMPARE(put.value("outcome").toString(), QStringLiteral("reset"));
        QCOMPARE(put.value("body_bytes").toInt(), 1000);
        // The next attempt (count 1) goes through.
        QCOMPARE(sandbox_.client()->request("PUT", blobPath(blob.value), blob.value.bytes, kioskHeaders()).status, 201);
        Q_UNUSED(s);
    }

    void lostResponseFault_commitsTheSubmission_thenClosesWithoutAnswering()
    {
        const SealedSubmission s = factory_->make(1);
        auto c = sandbox_.client();
        for (const queue::SealedBlob &b : s.blobs)
            QCOMPARE(c->request("PUT", blobPath(b), b.bytes, kioskHeaders()).status, 201);
        QCOMPARE(
            sandbox_.setFaults({fault({{"endpoint", "submissions"}, {"lose_response", true}, {"count", 1}})}).status,
            200);
        Response r = c->request("POST", "/v1/submissions", s.envelope.bytes, submissionHeaders(s.envelope.id), 5000);
        QCOMPARE(r.status, 0);
        QCOMPARE(r.rawBytes, 0);
        QVERIFY(c->waitClosed(2000));
        QJsonArray received = sandbox_.control("GET", "/control/submissions").json().value("submissions").toArray();
        QCOMPARE(received.size(), 1); // committed
        const QString caseNo = received[0].toObject().value("case_no").toString();

        // The kiosk's retry gets the stored answer.
        r = sandbox_.client()->request("POST", "/v1/submissions", s.envelope.bytes, submissionHeaders(s.envelope.id));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value("case_no").toString(), caseNo);
        received = sandbox_.control("GET", "/control/submissions").json().value("submissions").toArray();
        QCOMPARE(received.size(), 1);
        QCOMPARE(requestLog().at(requestLog().size() - 2).toObject().value("outcome").toString(),
                 QStringLiteral("response_lost"));
    }

    void malformedJsonFault_answersABodyThatIsNotJson()
    {
        QCOMPARE(sandbox_.setFaults({fault({{"endpoint", "keys"}, {"malformed_json", true}, {"count", 1}})}).status,
                 200);
        auto c = sandbox_.client();
        Response r = c->request("GET", "/v1/keys/submission", {}, kioskHeaders());
        QCOMPARE(r.status, 200);
        QJsonParseError pe;
        QJsonDocument::fromJson(r.body, &pe);
        QVERIFY(pe.error != QJsonParseError::NoError);
        r = c->request("GET", "/v1/keys/submission", {}, kioskHeaders());
        QVERIFY(r.json().contains("key_id"));
    }

    void oversizedFault_answersMoreThan1MiB()
    {
        QCOMPARE(sandbox_.setFaults({fault({{"endpoint", "heartbeat"}, {"oversized", true}, {"count", 1}})}).status,
                 200);
        auto c = sandbox_.client();
        const QJsonObject hb{{"kiosk_id", "GD-DEV-0001"},
                             {"app_version", "1"},
                             {"devices", QJsonArray{}},
                             {"queue", QJsonObject{{"pending", 0}, {"dead", 0}, {"oldest_age_s", 0}}},
                             {"last_sync", QJsonValue::Null}};
        const Response r = c->request("POST", "/v1/heartbeat", QJsonDocument(hb).toJson(), kioskHeaders());
        QCOMPARE(r.status, 200);
        QVERIFY(r.body.size() > 1024 * 1024);
        QCOMPARE(r.header("Content-Length").toLongLong(), r.body.size());
    }

    void faultRules_matchByMethodAndPathPrefix_andAllMatchesEveryEndpoint()
    {
        QCOMPARE(sandbox_
                     .setFaults({fault({{"endpoint", "/v1/blobs/"}, {"method", "PUT"}, {"status", 500}}),
                                 fault({{"endpoint", "all"}, {"status", 502}, {"count", 1}})})
                     .status,
                 200);
        auto c = sandbox_.client();
        QCOMPARE(c->request("GET", "/v1/cases/X", {}, kioskHeaders()).status, 502); // "all", once
        QCOMPARE(c->request("GET", "/v1/cases/X", {}, kioskHeaders()).status, 404);
        const QByteArray path = "/v1/blobs/" + QByteArray(64, 'b');
        QCOMPARE(c->request("HEAD", path, {}, kioskHeaders()).status, 404); // HEAD not matched
        QCOMPARE(c->request("PUT", path, "x", kioskHeaders()).status, 500);
        QCOMPARE(sandbox_.setFaults({}).status, 200); // an empty list clears
        QCOMPARE(c->request("PUT", path, "x", kioskHeaders()).status, 422);
    }

    void invalidFaultRule_isRefusedByTheControlEndpoint_data()
    {
        QTest::addColumn<QJsonObject>("rule");
        QTest::newRow("does nothing") << fault({{"endpoint", "keys"}});
        QTest::newRow("unknown endpoint") << fault({{"endpoint", "kitchen"}, {"status", 500}});
        QTest::newRow("status out of range") << fault({{"status", 200}});
        QTest::newRow("unknown member") << fault({{"status", 500}, {"colour", "red"}});
        QTest::newRow("retry_after without status") << fault({{"retry_after", 5}, {"latency_ms", 10}});
        QTest::newRow("count 0") << fault({{"status", 500}, {"count", 0}});
    }
    void invalidFaultRule_isRefusedByTheControlEndpoint()
    {
        QFETCH(QJsonObject, rule);
        const Response r = sandbox_.setFaults({rule});
        QCOMPARE(r.status, 400);
        QVERIFY(!r.json().value("detail").toString().isEmpty());
        QCOMPARE(sandbox_.control("GET", "/control/faults").json().value("faults").toArray().size(), 0);
    }

    void faultsFromTheCommandLine_applyFromTheStart_andComeBackOnReset()
    {
        SandboxProcess other;
        QCOMPARE(other.start(pki_.path(),
                             {QStringLiteral("--fault"), QStringLiteral("keys:status=503,retry_after=3,count=1")}),
                 QString());
        auto c = other.client();
        Response r = c->request("GET", "/v1/keys/submission", {}, kioskHeaders());
        QCOMPARE(r.status, 503);
        QCOMPARE(r.header("Retry-After"), QByteArray("3"));
        QCOMPARE(c->request("GET", "/v1/keys/submission", {}, kioskHeaders()).status, 200);
        QCOMPARE(other.control("POST", "/control/reset").status, 200);
        QCOMPARE(c->request("GET", "/v1/keys/submission", {}, kioskHeaders()).status, 503);
        QCOMPARE(other.stop(), 0);

        SandboxProcess wrong;
        const QString error = wrong.start(pki_.path(), {QStringLiteral("--fault"), QStringLiteral("keys:colour=red")});
        QVERIFY2(error.contains("colour"), qPrintable(error));
        QCOMPARE(wrong.stop(), 64);
    }

    void extraKeyAndIdentitiesFile_fromTheCommandLine_andSigintExitsCleanly()
    {
        QTemporaryDir dir;
        const QString keyFile = QDir(dir.path()).filePath(QStringLiteral("retired.key"));
        const QString pubFile = QDir(dir.path()).filePath(QStringLiteral("retired.pub"));
        QProcess openssl;
        openssl.start(QStringLiteral("openssl"),
                      {QStringLiteral("genpkey"), QStringLiteral("-algorithm"), QStringLiteral("RSA"),
                       QStringLiteral("-pkeyopt"), QStringLiteral("rsa_keygen_bits:2048"), QStringLiteral("-out"),
                       keyFile});
        QVERIFY(openssl.waitForFinished(60000) && openssl.exitCode() == 0);
        openssl.start(QStringLiteral("openssl"), {QStringLiteral("pkey"), QStringLiteral("-in"), keyFile,
                                                  QStringLiteral("-pubout"), QStringLiteral("-out"), pubFile});
        QVERIFY(openssl.waitForFinished(60000) && openssl.exitCode() == 0);
        const QString identities = QDir(dir.path()).filePath(QStringLiteral("codes.json"));
        QFile f(identities);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"codes":[{"code":"MY-CODE","name":"赵六","id_type":"resident","id_number":"440104197503155675",)"
                R"("documents":[]}]})");
        f.close();

        SandboxProcess other;
        QCOMPARE(other.start(pki_.path(), {QStringLiteral("--extra-key"), QStringLiteral("retired-2024=") + keyFile,
                                           QStringLiteral("--identities"), identities}),
                 QString());
        auto c = other.client();
        // The current key is still the PKI's; the extra one only opens.
        const QString current =
            c->request("GET", "/v1/keys/submission", {}, kioskHeaders()).json().value("key_id").toString();
        QCOMPARE(current, QString::fromUtf8(readFile(QDir(pki_.path()).filePath("submission.key_id"))).trimmed());
        SubmissionFactory retired(pki_.path(), QStringLiteral("retired-2024"), readFile(pubFile));
        QVERIFY(retired.isValid());
        const SealedSubmission s = retired.make(1);
        QCOMPARE(c->request("PUT", blobPath(s.blobs[0]), s.blobs[0].bytes, kioskHeaders()).status, 201);
        QCOMPARE(c->request("POST", "/v1/submissions", s.envelope.bytes, submissionHeaders(s.envelope.id)).status, 201);
        const QJsonObject opened =
            other.control("GET", "/control/submissions").json().value("submissions").toArray()[0].toObject();
        QCOMPARE(opened.value("key_id").toString(), QStringLiteral("retired-2024"));
        QCOMPARE(opened.value("blobs").toArray()[0].toObject().value("opens").toBool(), true);

        auto hdr = kioskHeaders();
        Response r = c->request("POST", "/v1/identity/qr", R"({"code":"MY-CODE"})", hdr);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value("name_masked").toString(), QStringLiteral("赵*"));
        QCOMPARE(c->request("POST", "/v1/identity/qr", R"({"code":"YSS-DEMO-0001"})", kioskHeaders()).status, 422);
        c.reset();
        QCOMPARE(other.interrupt(), 0);
    }

    void restart_keepsCasesAndIdempotencyAnswers()
    {
        QTemporaryDir data;
        SandboxProcess first;
        QCOMPARE(first.start(pki_.path(), {}, data.path()), QString());
        const SealedSubmission s = factory_->make(1);
        auto c = first.client();
        QCOMPARE(c->request("PUT", blobPath(s.blobs[0]), s.blobs[0].bytes, kioskHeaders()).status, 201);
        const Response accepted =
            c->request("POST", "/v1/submissions", s.envelope.bytes, submissionHeaders(s.envelope.id));
        QCOMPARE(accepted.status, 201);
        c.reset();
        QCOMPARE(first.stop(), 0);

        SandboxProcess second;
        QCOMPARE(second.start(pki_.path(), {}, data.path()), QString());
        auto c2 = second.client();
        const Response replay =
            c2->request("POST", "/v1/submissions", s.envelope.bytes, submissionHeaders(s.envelope.id));
        QCOMPARE(replay.status, 200);
        QCOMPARE(replay.body, accepted.body);
        QCOMPARE(c2->request("HEAD", blobPath(s.blobs[0]), {}, kioskHeaders()).status, 200);
        QCOMPARE(second.stop(), 0);
    }
};

QTEST_GUILESS_MAIN(SandboxTransportTest)
#include "test_sandbox_transport.moc"
