// Specification of platform-sandbox's platform API (platform-api.md) as seen by a kiosk: sealed submissions with
// their blobs, idempotency, the checks answered 4xx, keys, catalogue versions, cases, the QR identity, documents,
// evaluations, audit anchors and heartbeats. One sandbox process for the suite, reset before every test.
#include <QCryptographicHash>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryFile>
#include <QTest>

#include "offline_queue/envelope.h"
#include "offline_queue/sandbox/sandbox_util.h"
#include "sandbox_harness.h"

using namespace kiosk;
using namespace kiosk::test;

class SandboxApiTest : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir pki_;
    SandboxProcess sandbox_;
    std::unique_ptr<SubmissionFactory> factory_;
    std::unique_ptr<RawClient> client_; // one kept-alive connection, as the kiosk uses

    Response call(const QByteArray &method, const QByteArray &target, const QByteArray &body = {},
                  QList<std::pair<QByteArray, QByteArray>> headers = kioskHeaders())
    {
        if (!client_ || !client_->isOpen())
            client_ = sandbox_.client();
        return client_->request(method, target, body, headers);
    }
    Response postJson(const QByteArray &target, const QJsonObject &body,
                      QList<std::pair<QByteArray, QByteArray>> headers = kioskHeaders())
    {
        headers.append(Header("Content-Type", "application/json"));
        return call("POST", target, QJsonDocument(body).toJson(QJsonDocument::Compact), headers);
    }
    void putBlobs(const SealedSubmission &s)
    {
        for (const queue::SealedBlob &b : s.blobs) {
            const Response r = call("PUT", "/v1/blobs/" + b.sha256.toLatin1(), b.bytes);
            QVERIFY2(r.status == 201 || r.status == 200, qPrintable(r.describe()));
        }
    }
    Response submit(const SealedSubmission &s, const QByteArray &kioskId = "GD-DEV-0001")
    {
        return call("POST", "/v1/submissions", s.envelope.bytes, submissionHeaders(s.envelope.id, kioskId));
    }
    QJsonArray receivedSubmissions()
    {
        return sandbox_.control("GET", "/control/submissions").json().value(QLatin1String("submissions")).toArray();
    }
    static QString problemType(const Response &r) { return r.json().value(QLatin1String("type")).toString(); }
    QString identityToken(const QString &code)
    {
        const Response r = postJson("/v1/identity/qr", QJsonObject{{QStringLiteral("code"), code}});
        return r.json().value(QLatin1String("identity_token")).toString();
    }

private slots:
    void initTestCase()
    {
        QVERIFY(pki_.isValid());
        const QString pkiError = makeDemoPki(pki_.path());
        if (!pkiError.isEmpty())
            QSKIP(qPrintable(pkiError));
        QCOMPARE(sandbox_.start(pki_.path(), {QStringLiteral("--advance-seconds"), QStringLiteral("1")}), QString());
        factory_ = std::make_unique<SubmissionFactory>(pki_.path());
        QVERIFY2(factory_->isValid(), qPrintable(factory_->error()));
    }

    void init()
    {
        const Response r = sandbox_.control("POST", "/control/reset");
        QCOMPARE(r.status, 200);
    }

    void cleanupTestCase()
    {
        client_.reset();
        QCOMPARE(sandbox_.stop(), 0); // SIGTERM: a clean exit
    }

    void readyLine_namesTheHttpsUrlAndTheControlUrl()
    {
        QVERIFY2(sandbox_.readyLine().startsWith("{\"ready\":true,\"url\":\"https://127.0.0.1:"), sandbox_.readyLine());
        QVERIFY(sandbox_.readyLine().contains("\"control\":\"http://127.0.0.1:"));
        QVERIFY(sandbox_.port() != 0);
        QVERIFY(sandbox_.controlPort() != 0);
    }

    void submissionKey_isThePkiKeyWithItsKeyId()
    {
        const Response r = call("GET", "/v1/keys/submission");
        QCOMPARE(r.status, 200);
        const QJsonObject k = r.json();
        QCOMPARE(k.value("key_id").toString(),
                 QString::fromUtf8(readFile(QDir(pki_.path()).filePath("submission.key_id"))).trimmed());
        QCOMPARE(k.value("alg").toString(), QStringLiteral("RSA-OAEP-256+A256GCM"));
        QCOMPARE(k.value("public_key_pem").toString().trimmed(),
                 QString::fromLatin1(readFile(QDir(pki_.path()).filePath("submission.pub"))).trimmed());
    }

    void sealedSubmission_isAccepted_andItsDecryptedPayloadIsVisibleToTests()
    {
        const SealedSubmission s = factory_->make(2);
        QVERIFY(!s.envelope.bytes.isEmpty());
        putBlobs(s);
        const Response r = submit(s);
        QVERIFY2(r.status == 201, qPrintable(r.describe()));
        const QJsonObject answer = r.json();
        QCOMPARE(answer.keys(), (QStringList{"case_no", "local_no", "promised_date", "status"}));
        QVERIFY(!answer.value("case_no").toString().isEmpty());
        QVERIFY(answer.value("case_no").toString().size() <= 40);
        QCOMPARE(answer.value("local_no").toString(), s.envelope.localNo);
        QCOMPARE(answer.value("status").toString(), QStringLiteral("received"));
        // GD-RS-001 promises 10 working days, counted from today in Asia/Shanghai, weekends skipped.
        const QDate today = sandbox::shanghaiDate(QDateTime::currentDateTimeUtc());
        QCOMPARE(answer.value("promised_date").toString(),
                 sandbox::addWorkingDays(today, 10).toString(QStringLiteral("yyyy-MM-dd")));

        const QJsonArray received = receivedSubmissions();
        QCOMPARE(received.size(), 1);
        const QJsonObject got = received.first().toObject();
        QCOMPARE(got.value("id").toString(), s.envelope.id);
        QCOMPARE(got.value("case_no").toString(), answer.value("case_no").toString());
        QCOMPARE(got.value("payload").toObject(), s.payload);
        const QJsonArray blobs = got.value("blobs").toArray();
        QCOMPARE(blobs.size(), 2);
        for (int i = 0; i < 2; ++i) {
            const QJsonObject b = blobs[i].toObject();
            QCOMPARE(b.value("sha256").toString(), s.blobs[i].sha256);
            QCOMPARE(b.value("present").toBool(), true);
            QCOMPARE(b.value("opens").toBool(), true);
            QCOMPARE(b.value("plaintext_sha256").toString(), queue::sha256Hex(s.pagePlaintexts[i]));
        }
    }

    void replay_ofTheSameKeyAndBytes_returnsTheStoredAnswerWith200()
    {
        const SealedSubmission s = factory_->make(1);
        putBlobs(s);
        const Response first = submit(s);
        QCOMPARE(first.status, 201);
        const Response again = submit(s);
        QCOMPARE(again.status, 200);
        QCOMPARE(again.body, first.body);
        // A replay on another connection (a kiosk restart) too.
        client_.reset();
        QCOMPARE(submit(s).body, first.body);
        const QJsonArray received = receivedSubmissions();
        QCOMPARE(received.size(), 1); // exactly once
        QCOMPARE(received.first().toObject().value("replays").toInt(), 2);
    }

    void sameKeyWithDifferentBytes_is409()
    {
        const SealedSubmission s = factory_->make(1);
        putBlobs(s);
        QCOMPARE(submit(s).status, 201);

        // The same JSON with one more space: not byte-identical.
        Response r = call("POST", "/v1/submissions", s.envelope.bytes + ' ', submissionHeaders(s.envelope.id));
        QCOMPARE(r.status, 409);
        QCOMPARE(r.header("Content-Type"), QByteArray("application/problem+json"));
        // Resealed under the same id.
        factory_->nextId = s.envelope.id;
        const SealedSubmission other = factory_->make(1);
        putBlobs(other);
        r = submit(other);
        QCOMPARE(r.status, 409);
        QVERIFY(problemType(r).endsWith("idempotency-conflict"));
        QCOMPARE(receivedSubmissions().size(), 1);
    }

    void missingBlob_is412NamingIt_andTheRetryIsEvaluatedAfresh()
    {
        const SealedSubmission s = factory_->make(2);
        QCOMPARE(call("PUT", "/v1/blobs/" + s.blobs[0].sha256.toLatin1(), s.blobs[0].bytes).status, 201);
        const Response r = submit(s);
        QCOMPARE(r.status, 412);
        QCOMPARE(r.header("Content-Type"), QByteArray("application/problem+json"));
        QCOMPARE(r.json().value("missing").toArray(), QJsonArray{s.blobs[1].sha256});
        QCOMPARE(r.json().value("status").toInt(), 412);
        QVERIFY(problemType(r).endsWith("missing-blobs"));
        QCOMPARE(receivedSubmissions().size(), 0);

        // A 412 is not stored under the key: once the blob is there, the same bytes are accepted (201, not 200).
        QCOMPARE(call("PUT", "/v1/blobs/" + s.blobs[1].sha256.toLatin1(), s.blobs[1].bytes).status, 201);
        QCOMPARE(submit(s).status, 201);
    }

    void blobs_putIsIdempotentByContent_headTellsPresence_andTheHashIsChecked()
    {
        const SealedSubmission s = factory_->make(1);
        const queue::SealedBlob &b = s.blobs.first();
        const QByteArray path = "/v1/blobs/" + b.sha256.toLatin1();
        QCOMPARE(call("HEAD", path).status, 404);

        QByteArray tampered = b.bytes;
        tampered[tampered.size() - 1] = char(tampered.at(tampered.size() - 1) ^ 1);
        Response r = call("PUT", path, tampered);
        QCOMPARE(r.status, 422);
        QVERIFY(problemType(r).endsWith("hash-mismatch"));
        QCOMPARE(call("HEAD", path).status, 404);

        QCOMPARE(call("PUT", path, b.bytes).status, 201);
        QCOMPARE(call("PUT", path, b.bytes).status, 200);
        r = call("HEAD", path);
        QCOMPARE(r.status, 200);
        QVERIFY(r.body.isEmpty());
        QCOMPARE(call("HEAD", "/v1/blobs/NOT-A-SHA").status, 400);
        QCOMPARE(call("HEAD", "/v1/blobs/" + b.sha256.toUpper().toLatin1()).status, 400);
    }

    void kioskIdentityMismatch_is422()
    {
        const SealedSubmission s = factory_->make(1, QStringLiteral("GD-DEV-0002"));
        putBlobs(s);
        // The header claims another kiosk than the certificate's CN.
        Response r = submit(s, "GD-DEV-0002");
        QCOMPARE(r.status, 422);
        QVERIFY(problemType(r).endsWith("kiosk-mismatch"));
        // The header is right but the envelope names another kiosk.
        r = submit(s, "GD-DEV-0001");
        QCOMPARE(r.status, 422);
        QVERIFY(problemType(r).endsWith("kiosk-mismatch"));
        // Other endpoints check the header against the certificate too.
        r = call("GET", "/v1/keys/submission", {}, kioskHeaders("GD-DEV-0002"));
        QCOMPARE(r.status, 422);
        QCOMPARE(receivedSubmissions().size(), 0);
    }

    void unknownKeyId_is422WithTypeEndingInUnknownKey()
    {
        SubmissionFactory other(pki_.path(), QStringLiteral("retired-2019-key"));
        QVERIFY(other.isValid());
        const SealedSubmission s = other.make(1);
        putBlobs(s);
        const Response r = submit(s);
        QCOMPARE(r.status, 422);
        QVERIFY2(problemType(r).endsWith("unknown-key"), qPrintable(problemType(r)));
        QCOMPARE(r.json().value("status").toInt(), 422);
        QVERIFY(!r.json().value("title").toString().isEmpty());
        QVERIFY(!r.json().value("detail").toString().isEmpty());
    }

    void retiredKey_stillOpensEnvelopes_afterRotation()
    {
        const QString oldKeyId = call("GET", "/v1/keys/submission").json().value("key_id").toString();
        const SealedSubmission sealedBefore = factory_->make(1); // sealed offline with the old key
        const Response rotated = sandbox_.control("POST", "/control/keys/rotate", QJsonObject{{"bits", 2048}});
        QCOMPARE(rotated.status, 200);
        const QJsonObject key = call("GET", "/v1/keys/submission").json();
        QVERIFY(key.value("key_id").toString() != oldKeyId);
        QCOMPARE(key.value("key_id").toString(), rotated.json().value("key_id").toString());
        QCOMPARE(rotated.json().value("retired").toArray(), QJsonArray{oldKeyId});

        putBlobs(sealedBefore);
        QCOMPARE(submit(sealedBefore).status, 201);
        SubmissionFactory current(pki_.path(), key.value("key_id").toString(),
                                  key.value("public_key_pem").toString().toLatin1());
        QVERIFY(current.isValid());
        const SealedSubmission sealedAfter = current.make(1);
        putBlobs(sealedAfter);
        QCOMPARE(submit(sealedAfter).status, 201);
        const QJsonArray received = receivedSubmissions();
        QCOMPARE(received.size(), 2);
        QCOMPARE(received[0].toObject().value("blobs").toArray()[0].toObject().value("opens").toBool(), true);
        QCOMPARE(received[1].toObject().value("blobs").toArray()[0].toObject().value("opens").toBool(), true);
    }

    void submissionHeaders_areRequired_data()
    {
        QTest::addColumn<QByteArray>("drop");
        QTest::addColumn<QByteArray>("keyOverride");
        QTest::addColumn<int>("status");
        QTest::newRow("no X-Kiosk-Id") << QByteArray("X-Kiosk-Id") << QByteArray() << 400;
        QTest::newRow("no X-Request-Id") << QByteArray("X-Request-Id") << QByteArray() << 400;
        QTest::newRow("no Idempotency-Key") << QByteArray("Idempotency-Key") << QByteArray() << 400;
        QTest::newRow("key is not the body's id")
            << QByteArray() << QByteArray("1b4e28ba-2fa1-41d2-883f-0016d3cca427") << 422;
    }
    void submissionHeaders_areRequired()
    {
        QFETCH(QByteArray, drop);
        QFETCH(QByteArray, keyOverride);
        QFETCH(int, status);
        const SealedSubmission s = factory_->make(1);
        putBlobs(s);
        QList<std::pair<QByteArray, QByteArray>> headers;
        for (auto h : submissionHeaders(s.envelope.id)) {
            if (h.first == drop)
                continue;
            if (h.first == "Idempotency-Key" && !keyOverride.isEmpty())
                h.second = keyOverride;
            headers.append(h);
        }
        const Response r = call("POST", "/v1/submissions", s.envelope.bytes, headers);
        QCOMPARE(r.status, status);
        QCOMPARE(r.header("Content-Type"), QByteArray("application/problem+json"));
        QCOMPARE(receivedSubmissions().size(), 0);
    }

    void alteredEnvelope_failsTheSignatureCheck_with422()
    {
        const SealedSubmission s = factory_->make(1);
        putBlobs(s);
        QJsonObject env = QJsonDocument::fromJson(s.envelope.bytes).object();
        env.insert("item_version", 2); // any change after signing
        const Response r = call("POST", "/v1/submissions", queue::canonicalJson(env), submissionHeaders(s.envelope.id));
        QCOMPARE(r.status, 422);
        QVERIFY2(problemType(r).endsWith("bad-signature"), qPrintable(r.describe()));
    }

    void itemNeverInTheCatalogue_is422()
    {
        const SealedSubmission s = factory_->make(1, QStringLiteral("GD-DEV-0001"), QStringLiteral("NO-SUCH-ITEM"));
        putBlobs(s);
        const Response r = submit(s);
        QCOMPARE(r.status, 422);
        QVERIFY(problemType(r).endsWith("unknown-item"));
    }

    void itemRemovedFromTheCatalogue_stillAcceptsQueuedSubmissions()
    {
        const SealedSubmission s = factory_->make(1, QStringLiteral("GD-DEV-0001"), QStringLiteral("GD-RS-001"));
        QCOMPARE(
            sandbox_.control("POST", "/control/catalogue", QJsonObject{{"remove", QJsonArray{"GD-RS-001"}}}).status,
            200);
        putBlobs(s);
        QCOMPARE(submit(s).status, 201);
    }

    void catalogue_etagIfNoneMatchAndSince_answer304_andRemovedListsCodesAfterSince()
    {
        Response r = call("GET", "/v1/catalogue");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("ETag"), QByteArray("\"1\""));
        QVERIFY(r.body.size() < 1024 * 1024); // answers are at most 1 MiB
        const QJsonObject full = r.json();
        QCOMPARE(full.value("version").toInt(), 1);
        QVERIFY(full.value("items").toArray().size() >= 100);
        QCOMPARE(full.value("removed").toArray(), QJsonArray());

        auto withHeader = [](const QByteArray &name, const QByteArray &value) {
            auto h = kioskHeaders();
            h.append(Header(name, value));
            return h;
        };
        r = call("GET", "/v1/catalogue", {}, withHeader("If-None-Match", "\"1\""));
        QCOMPARE(r.status, 304);
        QVERIFY(r.body.isEmpty());
        QCOMPARE(r.header("ETag"), QByteArray("\"1\""));
        QCOMPARE(call("GET", "/v1/catalogue?since=1").status, 304);
        QCOMPARE(call("GET", "/v1/catalogue?since=0").status, 200);
        QCOMPARE(call("GET", "/v1/catalogue?since=abc").status, 400);
        r = call("HEAD", "/v1/catalogue");
        QCOMPARE(r.status, 200);
        QVERIFY(r.body.isEmpty());
        QVERIFY(r.header("Content-Length").toLongLong() > 100000);

        // A new version: one item removed.
        const QString gone = full.value("items").toArray().last().toObject().value("code").toString();
        QCOMPARE(sandbox_.control("POST", "/control/catalogue", QJsonObject{{"remove", QJsonArray{gone}}}).status, 200);
        r = call("GET", "/v1/catalogue", {}, withHeader("If-None-Match", "\"1\""));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("ETag"), QByteArray("\"2\""));
        QCOMPARE(r.json().value("removed").toArray(), QJsonArray());
        r = call("GET", "/v1/catalogue?since=1");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value("version").toInt(), 2);
        QCOMPARE(r.json().value("removed").toArray(), QJsonArray{gone});
        QCOMPARE(r.json().value("items").toArray().size(), full.value("items").toArray().size() - 1);
        QCOMPARE(call("GET", "/v1/catalogue?since=2").status, 304);
    }

    void case_isFoundByCaseNoAndLocalNo_andItsTimelineAdvances()
    {
        const SealedSubmission s = factory_->make(1);
        putBlobs(s);
        const QString caseNo = submit(s).json().value("case_no").toString();
        QVERIFY(!caseNo.isEmpty());
        const QByteArray code = s.payload.value("query_code").toString().toLatin1();
        QCOMPARE(code.size(), 8);
        Response r = call("GET", "/v1/cases/" + caseNo.toLatin1() + "?query_code=" + code);
        QCOMPARE(r.status, 200);
        QJsonObject c = r.json();
        QCOMPARE(c.value("case_no").toString(), caseNo);
        QCOMPARE(c.value("local_no").toString(), s.envelope.localNo);
        QCOMPARE(c.value("item_code").toString(), QStringLiteral("GD-RS-001"));
        QCOMPARE(c.value("delivery").toObject().value("method").toString(), QStringLiteral("pickup"));
        QVERIFY(c.value("timeline").toArray().size() >= 1);
        QCOMPARE(c.value("timeline").toArray().first().toObject().value("status").toString(),
                 QStringLiteral("received"));

        // --advance-seconds 1: two more steps, about two seconds later (polled, not waited for a fixed time).
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                r = call("GET", "/v1/cases?local_no=" + s.envelope.localNo.toLatin1() + "&query_code=" + code);
                c = r.json();
                return r.status == 200 && c.value("timeline").toArray().size() >= 3;
            }(),
            15000);
        QCOMPARE(r.status, 200);
        QCOMPARE(c.value("case_no").toString(), caseNo);
        QVERIFY2(c.value("timeline").toArray().size() >= 3, r.body);
        QCOMPARE(c.value("timeline").toArray()[1].toObject().value("status").toString(), QStringLiteral("accepted"));
        QVERIFY(QStringList({"in_review", "approved"}).contains(c.value("status").toString()));
        for (const QJsonValue v : c.value("timeline").toArray())
            QVERIFY(QDateTime::fromString(v.toObject().value("at").toString(), Qt::ISODate).isValid());

        // The query code is the proof: missing or wrong is answered exactly as an unknown case.
        QByteArray wrong = code;
        wrong[0] = wrong[0] == '9' ? '0' : char(wrong[0] + 1);
        const Response noCode = call("GET", "/v1/cases/" + caseNo.toLatin1());
        const Response wrongCode = call("GET", "/v1/cases/" + caseNo.toLatin1() + "?query_code=" + wrong);
        const Response unknown = call("GET", "/v1/cases/GDZW20000101000001?query_code=" + code);
        QCOMPARE(noCode.status, 404);
        QCOMPARE(wrongCode.status, 404);
        QCOMPARE(unknown.status, 404);
        QCOMPARE(wrongCode.json().value("type"), unknown.json().value("type"));
        QCOMPARE(call("GET", "/v1/cases?local_no=" + s.envelope.localNo.toLatin1()).status, 404);
        QCOMPARE(call("GET", "/v1/cases?local_no=" + s.envelope.localNo.toLatin1() + "&query_code=" + wrong).status,
                 404);
        QCOMPARE(call("GET", "/v1/cases/NO-SUCH-CASE").status, 404);
        QCOMPARE(call("GET", "/v1/cases?local_no=GD-DEV-0001-20000101-000001").status, 404);
        QCOMPARE(call("GET", "/v1/cases").status, 400);
    }

    void qrApplicant_caseIsFiledUnderTheCitizen_andFoundByTheirToken()
    {
        // 王小明 identifies with a 粤省事 code; the kiosk sends the token in place of an ID number.
        Response r = postJson("/v1/identity/qr", QJsonObject{{"code", "YSS-DEMO-0003"}});
        QCOMPARE(r.status, 200);
        const QString token = r.json().value("identity_token").toString();
        const SealedSubmission s = factory_->make(1, QStringLiteral("GD-DEV-0001"), QStringLiteral("GD-RS-001"),
                                                  QStringLiteral("token:") + token, QStringLiteral("王小明"));
        QCOMPARE(s.payload.value("applicant").toObject().value("id_type").toString(), QStringLiteral("qr"));
        putBlobs(s);
        const QString caseNo = submit(s).json().value("case_no").toString();
        QVERIFY(!caseNo.isEmpty());
        // Found with the citizen's token: the case is under their ID number, not under the token.
        r = postJson("/v1/cases/query", QJsonObject{{"identity_token", token}});
        QCOMPARE(r.status, 200);
        const QJsonArray cases = r.json().value("cases").toArray();
        QCOMPARE(cases.size(), 1);
        QCOMPARE(cases[0].toObject().value("case_no").toString(), caseNo);
        QCOMPARE(cases[0].toObject().value("applicant_masked").toString(), QStringLiteral("王**"));
    }

    void qrCode_worksOnce_andItsTokenOpensCasesAndDocuments()
    {
        // A case of this citizen to find.
        const SealedSubmission s = factory_->make(1);
        putBlobs(s);
        const QString caseNo = submit(s).json().value("case_no").toString();

        Response r = postJson("/v1/identity/qr", QJsonObject{{"code", "YSS-DEMO-0001"}});
        QCOMPARE(r.status, 200);
        const QJsonObject id = r.json();
        QCOMPARE(id.value("verified").toBool(), true);
        QCOMPARE(id.value("name_masked").toString(), QStringLiteral("张*"));
        QCOMPARE(id.value("id_masked").toString(), QStringLiteral("4401**********1235"));
        QVERIFY(QDateTime::fromString(id.value("expires_at").toString(), Qt::ISODate) >
                QDateTime::currentDateTimeUtc());
        const QString token = id.value("identity_token").toString();
        QVERIFY(token.size() >= 16);

        r = postJson("/v1/identity/qr", QJsonObject{{"code", "YSS-DEMO-0001"}});
        QCOMPARE(r.status, 422); // once only
        QCOMPARE(postJson("/v1/identity/qr", QJsonObject{{"code", "NOT-A-CODE"}}).status, 422);
        QCOMPARE(postJson("/v1/identity/qr", QJsonObject{{"code", "YSS-DEMO-EXPIRED"}}).status, 422);
        QCOMPARE(postJson("/v1/identity/qr", QJsonObject{{"code", 42}}).status, 422);

        r = postJson("/v1/cases/query", QJsonObject{{"identity_token", token}});
        QCOMPARE(r.status, 200);
        const QJsonArray cases = r.json().value("cases").toArray();
        QCOMPARE(cases.size(), 1);
        QCOMPARE(cases[0].toObject().value("case_no").toString(), caseNo);
        QCOMPARE(cases[0].toObject().value("applicant_masked").toString(), QStringLiteral("张*"));
        QCOMPARE(postJson("/v1/cases/query", QJsonObject{{"identity_token", "forged"}}).status, 401);

        r = call("GET", "/v1/documents?identity_token=" + token.toLatin1());
        QCOMPARE(r.status, 200);
        const QJsonArray docs = r.json().value("documents").toArray();
        QCOMPARE(docs.size(), 2);
        const QJsonObject doc = docs[1].toObject();
        QCOMPARE(doc.keys(), (QStringList{"id", "issued_at", "issuer", "pages", "title"}));
        QCOMPARE(doc.value("pages").toInt(), 2);

        r = call("GET",
                 "/v1/documents/" + doc.value("id").toString().toLatin1() + "?identity_token=" + token.toLatin1());
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("Content-Type"), QByteArray("application/pdf"));
        QVERIFY(r.body.startsWith("%PDF-1.4\n"));
        QVERIFY(r.body.endsWith("%%EOF\n"));
        QVERIFY(r.body.contains("/Count 2"));
        const QString pdfinfo = QStandardPaths::findExecutable(QStringLiteral("pdfinfo"));
        if (!pdfinfo.isEmpty()) {
            QTemporaryFile f;
            QVERIFY(f.open());
            f.write(r.body);
            f.flush();
            QProcess p;
            p.start(pdfinfo, QStringList{f.fileName()});
            QVERIFY(p.waitForFinished(10000));
            const QByteArray out = p.readAllStandardOutput() + p.readAllStandardError();
            QCOMPARE(p.exitCode(), 0);
            QVERIFY2(QRegularExpression(QStringLiteral("Pages:\\s+2\\n")).match(QString::fromLatin1(out)).hasMatch(),
                     out);
            QVERIFY2(!out.contains("Syntax Error"), out);
        }

        QCOMPARE(call("GET", "/v1/documents/DOC-0002-PENSION?identity_token=" + token.toLatin1()).status, 401);
        QCOMPARE(call("GET", "/v1/documents/NO-SUCH-DOC?identity_token=" + token.toLatin1()).status, 404);
        QCOMPARE(call("GET", "/v1/documents").status, 401);
        QCOMPARE(call("GET", "/v1/documents/DOC-0001-HUKOU").status, 401);
    }

    void identityToken_expires()
    {
        QCOMPARE(sandbox_.control("POST", "/control/config", QJsonObject{{"token_ttl_seconds", 1}}).status, 200);
        const QString token = identityToken(QStringLiteral("YSS-DEMO-0003"));
        QVERIFY(!token.isEmpty());
        QCOMPARE(call("GET", "/v1/documents?identity_token=" + token.toLatin1()).status, 200);
        // A second later it is refused: polled until then (bounded), not slept for a fixed time.
        QTRY_COMPARE_WITH_TIMEOUT(call("GET", "/v1/documents?identity_token=" + token.toLatin1()).status, 401, 10000);
    }

    void evaluation_isIdempotent_andValidated_data()
    {
        QTest::addColumn<QJsonObject>("change");
        QTest::addColumn<int>("status");
        const QString emoji = QStringLiteral("\U0001F600"); // one code point, two UTF-16 units
        QTest::newRow("valid") << QJsonObject{} << 201;
        QTest::newRow("200 code points (400 UTF-16 units)") << QJsonObject{{"comment", emoji.repeated(200)}} << 201;
        QTest::newRow("201 code points") << QJsonObject{{"comment", emoji.repeated(201)}} << 422;
        QTest::newRow("score 0") << QJsonObject{{"score", 0}} << 422;
        QTest::newRow("score 6") << QJsonObject{{"score", 6}} << 422;
        QTest::newRow("score 4.5") << QJsonObject{{"score", 4.5}} << 422;
        QTest::newRow("score as text") << QJsonObject{{"score", "5"}} << 422;
        QTest::newRow("unknown reason") << QJsonObject{{"reasons", QJsonArray{"slow", "rude"}}} << 422;
        QTest::newRow("no case_no nor local_no") << QJsonObject{{"case_no", QJsonValue::Null}} << 422;
        QTest::newRow("local_no only") << QJsonObject{{"case_no", QJsonValue::Null}, {"local_no", "LOCAL"}} << 201;
        QTest::newRow("no query code") << QJsonObject{{"query_code", QJsonValue::Null}} << 404;
        QTest::newRow("wrong query code") << QJsonObject{{"query_code", "WRONG"}} << 404;
        QTest::newRow("local_no, wrong query code")
            << QJsonObject{{"case_no", QJsonValue::Null}, {"local_no", "LOCAL"}, {"query_code", "WRONG"}} << 404;
        QTest::newRow("unknown case") << QJsonObject{{"case_no", "GDZW20000101000001"}} << 404;
    }
    void evaluation_isIdempotent_andValidated()
    {
        QFETCH(QJsonObject, change);
        QFETCH(int, status);
        // A real case to rate, proven by its query code (platform-api.md "Evaluation").
        const SealedSubmission s = factory_->make(1);
        putBlobs(s);
        const QString caseNo = submit(s).json().value("case_no").toString();
        QVERIFY(!caseNo.isEmpty());
        const QString code = s.payload.value("query_code").toString();
        const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        QJsonObject e{{"id", id},           {"case_no", caseNo},
                      {"query_code", code}, {"item_code", "GD-RS-001"},
                      {"score", 5},         {"reasons", QJsonArray{"slow", "other"}},
                      {"comment", "很好"}};
        for (auto it = change.begin(); it != change.end(); ++it) {
            QJsonValue v = it.value();
            if (v == QJsonValue("LOCAL"))
                v = s.envelope.localNo;
            if (v == QJsonValue("WRONG"))
                v = QString(code).replace(0, 1,
                                          code.at(0) == QLatin1Char('9') ? QStringLiteral("0") : QStringLiteral("9"));
            if (v.isNull() && it.key() == QLatin1String("query_code"))
                e.remove(it.key());
            else
                e.insert(it.key(), v);
        }
        auto headers = submissionHeaders(id);
        const QByteArray body = QJsonDocument(e).toJson(QJsonDocument::Compact);
        const Response r = call("POST", "/v1/evaluations", body, headers);
        QVERIFY2(r.status == status, qPrintable(r.describe()));
        if (status != 201)
            return;
        QCOMPARE(r.json(), (QJsonObject{{"id", id}, {"status", "received"}}));
        const Response again = call("POST", "/v1/evaluations", body, submissionHeaders(id));
        QCOMPARE(again.status, 200);
        QCOMPARE(again.body, r.body);
        e.insert("score", 1);
        QCOMPARE(call("POST", "/v1/evaluations", QJsonDocument(e).toJson(QJsonDocument::Compact), submissionHeaders(id))
                     .status,
                 409);
        QCOMPARE(sandbox_.control("GET", "/control/evaluations").json().value("evaluations").toArray().size(), 1);
    }

    void evaluation_needsAnIdempotencyKeyThatIsItsId()
    {
        const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        const QJsonObject e{
            {"id", id}, {"case_no", "C1"}, {"item_code", "GD-RS-001"}, {"score", 3}, {"reasons", QJsonArray{}}};
        QCOMPARE(postJson("/v1/evaluations", e).status, 400);
        QCOMPARE(call("POST", "/v1/evaluations", QJsonDocument(e).toJson(),
                      submissionHeaders(QUuid::createUuid().toString(QUuid::WithoutBraces)))
                     .status,
                 422);
    }

    void auditAnchor_seqStrictlyGrows_andAnIdenticalRepeatIs204()
    {
        auto anchor = [this](qint64 seq, const QByteArray &hashSeed, const QString &kiosk = "GD-DEV-0001") {
            return postJson("/v1/audit/anchor",
                            QJsonObject{{"kiosk_id", kiosk}, {"seq", seq}, {"head_hash", queue::sha256Hex(hashSeed)}})
                .status;
        };
        QCOMPARE(anchor(10, "a"), 204);
        QCOMPARE(anchor(10, "a"), 204); // identical repeat
        QCOMPARE(anchor(10, "b"), 409); // same seq, another hash
        QCOMPARE(anchor(9, "c"), 409);  // does not grow
        QCOMPARE(anchor(11, "d"), 204);
        QCOMPARE(anchor(10, "a"), 204); // an older identical anchor (a retry whose answer was lost) is no conflict
        QCOMPARE(anchor(12, "e", "GD-DEV-0002"), 422);
        QCOMPARE(
            postJson("/v1/audit/anchor", QJsonObject{{"kiosk_id", "GD-DEV-0001"}, {"seq", 13}, {"head_hash", "XYZ"}})
                .status,
            422);
        const QJsonArray anchors = sandbox_.control("GET", "/control/state").json().value("anchors").toArray();
        QCOMPARE(anchors.size(), 1);
        QCOMPARE(anchors[0].toObject().value("seq").toInt(), 11);
    }

    void heartbeat_deliversAQueuedCommandOnce_andFeedsTheFleetPage()
    {
        Response r = sandbox_.control("POST", "/control/commands", QJsonObject{{"name", "sync_now"}});
        QCOMPARE(r.status, 201);
        const QString commandId = r.json().value("id").toString();
        QCOMPARE(r.json().value("kiosk_id").toString(), QStringLiteral("GD-DEV-0001")); // CN of the PKI's kiosk.crt
        QCOMPARE(sandbox_
                     .control("POST", "/control/commands",
                              QJsonObject{{"name", "refresh_catalogue"}, {"kiosk_id", "GD-DEV-0099"}})
                     .status,
                 201);

        const QJsonObject hb{
            {"kiosk_id", "GD-DEV-0001"},
            {"app_version", "0.1.0"},
            {"devices",
             QJsonArray{QJsonObject{{"kind", "idcard"}, {"status", "ok"}, {"detail", ""}},
                        QJsonObject{{"kind", "receipt_printer"}, {"status", "fault"}, {"detail", "paper out"}}}},
            {"queue", QJsonObject{{"pending", 3}, {"dead", 1}, {"oldest_age_s", 120}}},
            {"last_sync", QJsonValue::Null}};
        r = postJson("/v1/heartbeat", hb);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value("config_version").toInt(), 1);
        const QJsonArray commands = r.json().value("commands").toArray();
        QCOMPARE(commands.size(), 1);
        QCOMPARE(commands[0].toObject(), (QJsonObject{{"id", commandId}, {"name", "sync_now"}}));
        r = postJson("/v1/heartbeat", hb);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value("commands").toArray(), QJsonArray()); // delivered once

        QJsonObject wrong = hb;
        wrong.insert("kiosk_id", "GD-DEV-0099");
        QCOMPARE(postJson("/v1/heartbeat", wrong).status, 422);
        wrong = hb;
        wrong.insert("queue", QJsonObject{{"pending", -1}, {"dead", 0}, {"oldest_age_s", 0}});
        QCOMPARE(postJson("/v1/heartbeat", wrong).status, 422);

        const QJsonObject state = sandbox_.control("GET", "/control/state").json();
        QCOMPARE(state.value("counts").toObject().value("heartbeats").toInt(), 2);
        QCOMPARE(state.value("heartbeats").toArray()[0].toObject().value("heartbeat").toObject(), hb);
        r = sandbox_.control("GET", "/fleet");
        QCOMPARE(r.status, 200);
        QVERIFY(r.header("Content-Type").startsWith("text/html"));
        QVERIFY(r.body.contains("GD-DEV-0001"));
        QVERIFY(r.body.contains("<b>receipt_printer</b>: fault"));
        QVERIFY(r.body.contains("paper out"));
    }

    void configVersion_isSetThroughTheControlEndpoint()
    {
        QCOMPARE(sandbox_.control("POST", "/control/config", QJsonObject{{"config_version", 7}}).status, 200);
        const Response r = postJson(
            "/v1/heartbeat", QJsonObject{{"kiosk_id", "GD-DEV-0001"},
                                         {"app_version", "0.1.0"},
                                         {"devices", QJsonArray{}},
                                         {"queue", QJsonObject{{"pending", 0}, {"dead", 0}, {"oldest_age_s", 0}}},
                                         {"last_sync", "2025-01-01T08:00:00+08:00"}});
        QCOMPARE(r.json().value("config_version").toInt(), 7);
    }

    void reset_forgetsSubmissionsBlobsAndUsedCodes()
    {
        const SealedSubmission s = factory_->make(1);
        putBlobs(s);
        QCOMPARE(submit(s).status, 201);
        QVERIFY(!identityToken(QStringLiteral("YSS-DEMO-0002")).isEmpty());
        QCOMPARE(sandbox_.control("POST", "/control/reset").status, 200);
        QCOMPARE(receivedSubmissions().size(), 0);
        QCOMPARE(call("HEAD", "/v1/blobs/" + s.blobs[0].sha256.toLatin1()).status, 404);
        QVERIFY(!identityToken(QStringLiteral("YSS-DEMO-0002")).isEmpty());
    }
};

QTEST_GUILESS_MAIN(SandboxApiTest)
#include "test_sandbox_api.moc"
