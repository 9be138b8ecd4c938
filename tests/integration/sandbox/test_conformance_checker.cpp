// Specification of the sandbox's conformance checker (offline_queue/sandbox/conformance_check.h): a conforming
// submission, blob and evaluation give no finding, and each deliberately non-conforming one is reported under the
// contract rule it breaks. The inputs are made with the kiosk's Sealer (then altered and re-signed where a test needs
// a signature that still verifies); the checker reads them with its own code.
#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <QUuid>

#include "integration/sandbox/sandbox_harness.h"
#include "offline_queue/envelope.h"
#include "offline_queue/sandbox/conformance_check.h"
#include "offline_queue/sandbox/http.h"
#include "offline_queue/storage/crypto_util.h"

using namespace kiosk;
using namespace kiosk::sandbox;

namespace {

bool hasRule(const QList<Finding> &findings, const QString &rule)
{
    for (const Finding &f : findings)
        if (f.rule == rule)
            return true;
    return false;
}

QString describe(const QList<Finding> &findings)
{
    QStringList lines;
    for (const Finding &f : findings)
        lines << f.rule + QStringLiteral(": ") + f.detail;
    return lines.isEmpty() ? QStringLiteral("(no finding)") : lines.join(QLatin1Char('\n'));
}

} // namespace

class ConformanceCheckerTest : public QObject
{
    Q_OBJECT

    QTemporaryDir tmp_;
    QString pki_;
    QString keyId_;
    QByteArray certPem_;
    std::unique_ptr<ConformanceChecker> checker_;
    std::unique_ptr<queue::Sealer> sealer_;
    QByteArray photo_ = QByteArray("\x89PNG\r\n\x1a\n") + QByteArray(3000, 'p');

    struct Made {
        QByteArray body;
        QString id;
        queue::SealedBlob blob;
    };

    // A submission of one photo page with `payload` (the sample one when empty), sealed and signed as a kiosk does.
    Made make(QJsonObject payload = {})
    {
        Made m;
        const auto blob = sealer_->sealBlob(photo_);
        m.blob = blob.value;
        if (payload.isEmpty()) {
            payload = test::samplePayload({blob.value.sha256});
        } else { // the page the payload names is the one sealed here
            QJsonArray materials = payload.value(QStringLiteral("materials")).toArray();
            QJsonObject first = materials.first().toObject();
            first.insert(QStringLiteral("pages"), QJsonArray{blob.value.sha256});
            materials.replace(0, first);
            payload.insert(QStringLiteral("materials"), materials);
        }
        queue::EnvelopeMeta meta;
        meta.kioskId = QStringLiteral("GD-DEV-0001");
        meta.createdAt = QDateTime::currentDateTimeUtc();
        meta.localNo =
            QStringLiteral("GD-DEV-0001-%1-000001")
                .arg(meta.createdAt.toTimeZone(QTimeZone("Asia/Shanghai")).toString(QStringLiteral("yyyyMMdd")));
        meta.itemCode = QStringLiteral("GD-RS-001");
        meta.itemVersion = 1;
        const auto env = sealer_->sealEnvelope(meta, payload, {blob.value.ref(QStringLiteral("photo"), 1)});
        m.body = env.value.bytes;
        m.id = env.value.id;
        return m;
    }

    // The envelope changed by `edit`, then signed again over its RFC 8785 bytes with the kiosk key.
    QByteArray resigned(const QByteArray &body, const std::function<void(QJsonObject &)> &edit)
    {
        QJsonObject e = QJsonDocument::fromJson(body).object();
        edit(e);
        e.remove(QStringLiteral("signature"));
        const QByteArray canonical = jcsBytes(e, nullptr);
        const queue::crypto::PKey key =
            queue::crypto::loadPrivateKey(test::readFile(QDir(pki_).filePath(QStringLiteral("kiosk.key"))));
        QByteArray der;
        if (!queue::crypto::ecdsaSign(key.get(), canonical, &der))
            return {};
        e.insert(QStringLiteral("signature"), QString::fromLatin1(der.toBase64()));
        return QJsonDocument(e).toJson(QJsonDocument::Compact);
    }

    QList<Finding> check(const QByteArray &body, const QString &id)
    {
        return checker_->checkEnvelope(body, certPem_, id, QStringLiteral("GD-DEV-0001"));
    }

private slots:
    void initTestCase()
    {
        QVERIFY(tmp_.isValid());
        pki_ = tmp_.filePath(QStringLiteral("pki"));
        const QString why = test::makeDemoPki(pki_);
        QVERIFY2(why.isEmpty(), qPrintable(why));
        keyId_ = QString::fromUtf8(test::readFile(QDir(pki_).filePath(QStringLiteral("submission.key_id")))).trimmed();
        certPem_ = test::readFile(QDir(pki_).filePath(QStringLiteral("kiosk.crt")));
        const QByteArray privatePem = test::readFile(QDir(pki_).filePath(QStringLiteral("submission.key")));
        CheckerContext ctx;
        ctx.platformPrivateKey = [this, privatePem](const QString &keyId) {
            return keyId == keyId_ ? privatePem : QByteArray();
        };
        ctx.maskedNameOfToken = [](const QString &token) -> std::optional<QString> {
            if (token == QLatin1String("issued-token-0001"))
                return QStringLiteral("张*");
            return std::nullopt;
        };
        checker_ = std::make_unique<ConformanceChecker>(ctx);
        sealer_ = std::make_unique<queue::Sealer>(
            queue::PlatformKey{keyId_, test::readFile(QDir(pki_).filePath(QStringLiteral("submission.pub")))},
            test::readFile(QDir(pki_).filePath(QStringLiteral("kiosk.key"))));
        QVERIFY2(sealer_->isValid(), qPrintable(sealer_->error().message));
    }

    void jcs_sortsByUtf16CodeUnits_andEscapesMinimally()
    {
        // RFC 8785 section 3.2.3's sorting example, and the escapes of section 3.2.2.2.
        QJsonObject o;
        for (const QString &k :
             {QStringLiteral("\u20ac"), QStringLiteral("\r"), QStringLiteral("\ufb33"), QStringLiteral("1"),
              QString::fromUtf8("\xF0\x9F\x98\x80"), QStringLiteral("\u0080"), QStringLiteral("\u00f6")})
            o.insert(k, 0);
        QCOMPARE(
            jcsBytes(o, nullptr),
            QByteArray("{\"\\r\":0,\"1\":0,\"\xC2\x80\":0,\"\xC3\xB6\":0,\"\xE2\x82\xAC\":0,\"\xF0\x9F\x98\x80\":0,"
                       "\"\xEF\xAC\xB3\":0}"));
        QCOMPARE(jcsBytes(QJsonObject{{"a", QStringLiteral("q\"b\\/\n\x01é")}}, nullptr),
                 QByteArray("{\"a\":\"q\\\"b\\\\/\\n\\u0001\xC3\xA9\"}"));
        QString why;
        QVERIFY(jcsBytes(QJsonObject{{"f", 1.5}}, &why).isEmpty());
        QVERIFY(!why.isEmpty());
        QVERIFY(jcsBytes(QJsonObject{{"big", 9007199254740993.0}}, &why).isEmpty());
    }

    void codes_gb11643AndBase64()
    {
        QVERIFY(gb11643CheckDigitValid(QStringLiteral("440106199001011235")));
        QVERIFY(!gb11643CheckDigitValid(QStringLiteral("440106199001011236")));
        QVERIFY(gb11643CheckDigitValid(QStringLiteral("11010519491231002X")));
        QVERIFY(strictBase64(QStringLiteral("YWJj")).has_value());
        QVERIFY(!strictBase64(QStringLiteral("YWJ")).has_value());    // no padding
        QVERIFY(!strictBase64(QStringLiteral("YW-j")).has_value());   // URL alphabet
        QVERIFY(!strictBase64(QStringLiteral("YWI=\n")).has_value()); // whitespace
    }

    void conformingSubmissionBlobAndEvaluation_giveNoFinding()
    {
        const Made m = make();
        QVERIFY(!m.body.isEmpty());
        const QList<Finding> f = check(m.body, m.id);
        QVERIFY2(f.isEmpty(), qPrintable(describe(f)));
        const QList<Finding> b = checker_->checkBlob(m.blob.sha256, m.blob.bytes);
        QVERIFY2(b.isEmpty(), qPrintable(describe(b)));
        const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        const QByteArray e = QJsonDocument(QJsonObject{{"id", id},
                                                       {"case_no", "GDZW20261207000001"},
                                                       {"query_code", "04817263"},
                                                       {"item_code", "GD-RS-001"},
                                                       {"score", 5},
                                                       {"reasons", QJsonArray{}},
                                                       {"comment", ""}})
                                 .toJson(QJsonDocument::Compact);
        QVERIFY2(checker_->checkEvaluation(e, id).isEmpty(), qPrintable(describe(checker_->checkEvaluation(e, id))));
    }

    void nonConformingPayload_isReportedUnderItsRule_data()
    {
        QTest::addColumn<QString>("path"); // member of the payload to change ("applicant.sex"), or to remove ("-x")
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<QString>("rule");
        QTest::newRow("sex in words") << "applicant.sex" << QJsonValue("male") << "payload.applicant.sex";
        QTest::newRow("sex as a number") << "applicant.sex" << QJsonValue(1) << "payload.applicant.sex";
        QTest::newRow("birth date with slashes")
            << "applicant.birth_date" << QJsonValue("1990/01/01") << "payload.applicant.birth_date";
        QTest::newRow("no such birth date")
            << "applicant.birth_date" << QJsonValue("1990-02-30") << "payload.applicant.birth_date";
        QTest::newRow("nationality not alpha-3")
            << "applicant.nationality" << QJsonValue("China") << "payload.applicant.nationality";
        QTest::newRow("resident number, wrong check digit")
            << "applicant.id_number" << QJsonValue("440106199001011236") << "payload.applicant.id_number";
        QTest::newRow("no query code") << "-query_code" << QJsonValue() << "payload.query_code";
        QTest::newRow("query code of 4 digits") << "query_code" << QJsonValue("1234") << "payload.query_code";
        QTest::newRow("query code as a number") << "query_code" << QJsonValue(12345678) << "payload.query_code";
        QTest::newRow("channel web") << "channel" << QJsonValue("web") << "payload.channel";
        QTest::newRow("consent missing") << "-consent" << QJsonValue() << "payload.consent";
        QTest::newRow("mail without address")
            << "delivery"
            << QJsonValue(QJsonObject{{"method", "mail"}, {"address", QJsonValue::Null}, {"phone", QJsonValue::Null}})
            << "payload.delivery.address";
        QTest::newRow("qr person: a token never issued")
            << "applicant"
            << QJsonValue(
                   QJsonObject{{"id_type", "qr"}, {"id_number", "forged"}, {"name", "张*"}, {"verified_by", "qr"}})
            << "payload.applicant.id_number";
        QTest::newRow("qr person: the name in clear")
            << "applicant"
            << QJsonValue(QJsonObject{
                   {"id_type", "qr"}, {"id_number", "issued-token-0001"}, {"name", "张三"}, {"verified_by", "qr"}})
            << "payload.applicant.name";
        QTest::newRow("qr agent: a token never issued")
            << "agent"
            << QJsonValue(
                   QJsonObject{{"id_type", "qr"}, {"id_number", "forged"}, {"name", "李*"}, {"verified_by", "qr"}})
            << "payload.agent.id_number";
        QTest::newRow("agent without the letter") << "agent"
                                                  << QJsonValue(QJsonObject{{"id_type", "resident"},
                                                                            {"id_number", "440106199001011235"},
                                                                            {"name", "李四"},
                                                                            {"verified_by", "card"}})
                                                  << "payload.principal_authorisation";
        QTest::newRow("verified_by unknown")
            << "applicant.verified_by" << QJsonValue("guess") << "payload.applicant.verified_by";
    }
    void nonConformingPayload_isReportedUnderItsRule()
    {
        QFETCH(QString, path);
        QFETCH(QJsonValue, value);
        QFETCH(QString, rule);
        const Made base = make();
        QJsonObject payload = test::samplePayload({base.blob.sha256});
        payload.insert(QStringLiteral("applicant"),
                       QJsonObject(payload.value(QStringLiteral("applicant")).toObject())); // editable copy
        if (path.startsWith(QLatin1Char('-'))) {
            payload.remove(path.mid(1));
        } else if (path.contains(QLatin1Char('.'))) {
            const QString outer = path.section(QLatin1Char('.'), 0, 0);
            QJsonObject o = payload.value(outer).toObject();
            o.insert(path.section(QLatin1Char('.'), 1), value);
            payload.insert(outer, o);
        } else {
            payload.insert(path, value);
        }
        const Made m = make(payload);
        QVERIFY(!m.body.isEmpty());
        const QList<Finding> f = check(m.body, m.id);
        QVERIFY2(hasRule(f, rule), qPrintable(describe(f)));
        QVERIFY2(!hasRule(f, QStringLiteral("Envelope.blobs")) && !hasRule(f, QStringLiteral("Sealing.signature")),
                 qPrintable(describe(f))); // only the payload deviates
    }

    void nonConformingEnvelope_isReported_data()
    {
        QTest::addColumn<QString>("change");
        QTest::addColumn<QString>("rule");
        QTest::newRow("signature of another message") << "bad-signature"
                                                      << "Sealing.signature";
        QTest::newRow("signed over pretty-printed JSON") << "non-canonical"
                                                         << "Sealing.signature";
        QTest::newRow("Idempotency-Key not the id") << "key"
                                                    << "Idempotency";
        QTest::newRow("id not a UUID v4") << "id-v1"
                                          << "Envelope.id";
        QTest::newRow("created_at in Z") << "created-z"
                                         << "Envelope.created_at";
        QTest::newRow("local_no of another day") << "local-day"
                                                 << "Envelope.local_no";
        QTest::newRow("local_no seq of 4 digits") << "local-seq"
                                                  << "Envelope.local_no";
        QTest::newRow("kind") << "kind"
                              << "Envelope.kind";
        QTest::newRow("iv in the URL alphabet, unpadded") << "iv"
                                                          << "Encodings";
        QTest::newRow("unknown key_id") << "key-id"
                                        << "Sealing.key_id";
        QTest::newRow("a page the envelope does not list") << "blobs"
                                                           << "Envelope.blobs";
        QTest::newRow("item_version a float") << "float"
                                              << "Sealing";
    }
    void nonConformingEnvelope_isReported()
    {
        QFETCH(QString, change);
        QFETCH(QString, rule);
        const Made m = make();
        QByteArray body = m.body;
        QString key = m.id;
        auto edit = [&](const std::function<void(QJsonObject &)> &f) { body = resigned(m.body, f); };
        if (change == QLatin1String("bad-signature")) {
            // A valid signature, of another envelope.
            QJsonObject e = QJsonDocument::fromJson(m.body).object();
            e.insert("signature", QJsonDocument::fromJson(make().body).object().value("signature"));
            body = QJsonDocument(e).toJson(QJsonDocument::Compact);
        } else if (change == QLatin1String("non-canonical")) {
            QJsonObject e = QJsonDocument::fromJson(m.body).object();
            e.remove("signature");
            const queue::crypto::PKey k =
                queue::crypto::loadPrivateKey(test::readFile(QDir(pki_).filePath(QStringLiteral("kiosk.key"))));
            QByteArray der;
            QVERIFY(queue::crypto::ecdsaSign(k.get(), QJsonDocument(e).toJson(QJsonDocument::Indented), &der));
            e.insert("signature", QString::fromLatin1(der.toBase64()));
            body = QJsonDocument(e).toJson(QJsonDocument::Compact);
        } else if (change == QLatin1String("key")) {
            key = QUuid::createUuid().toString(QUuid::WithoutBraces);
        } else if (change == QLatin1String("id-v1")) {
            edit([](QJsonObject &e) { e.insert("id", "6ba7b810-9dad-11d1-80b4-00c04fd430c8"); });
            key = QStringLiteral("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
        } else if (change == QLatin1String("created-z")) {
            edit([](QJsonObject &e) {
                e.insert("created_at", QDateTime::currentDateTimeUtc().toString(Qt::ISODate)); // ends in Z
            });
        } else if (change == QLatin1String("local-day")) {
            edit([](QJsonObject &e) { e.insert("local_no", "GD-DEV-0001-20200101-000001"); });
        } else if (change == QLatin1String("local-seq")) {
            edit([](QJsonObject &e) {
                e.insert("local_no", e.value("local_no").toString().chopped(6) + QStringLiteral("0001"));
            });
        } else if (change == QLatin1String("kind")) {
            edit([](QJsonObject &e) { e.insert("kind", "payment"); });
        } else if (change == QLatin1String("iv")) {
            edit([](QJsonObject &e) {
                e.insert("iv", QString::fromLatin1(
                                   QByteArray::fromBase64(e.value("iv").toString().toLatin1())
                                       .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals)) +
                                   QStringLiteral("-"));
            });
        } else if (change == QLatin1String("key-id")) {
            edit([](QJsonObject &e) { e.insert("key_id", "never-issued"); });
        } else if (change == QLatin1String("blobs")) {
            edit([](QJsonObject &e) { e.insert("blobs", QJsonArray{}); });
        } else if (change == QLatin1String("float")) {
            // Not signable at all: the checker refuses to canonicalise a float.
            QJsonObject o = QJsonDocument::fromJson(m.body).object();
            o.insert("item_version", 1.5);
            body = QJsonDocument(o).toJson(QJsonDocument::Compact);
        }
        QVERIFY(!body.isEmpty());
        const QList<Finding> f = check(body, key);
        QVERIFY2(hasRule(f, rule), qPrintable(describe(f)));
    }

    void nonConformingBlob_isReported()
    {
        const Made m = make();
        QByteArray tampered = m.blob.bytes;
        tampered[tampered.size() / 2] = char(tampered.at(tampered.size() / 2) ^ 0x01);
        const QString name =
            QString::fromLatin1(QCryptographicHash::hash(tampered, QCryptographicHash::Sha256).toHex());
        QVERIFY(hasRule(checker_->checkBlob(name, tampered), QStringLiteral("Sealing.blob"))); // does not open
        QVERIFY(hasRule(checker_->checkBlob(QString(64, QLatin1Char('0')), m.blob.bytes),
                        QStringLiteral("Sealing.blob"))); // name is not its sha256
        // Sealed right, but not an image.
        const auto text = sealer_->sealBlob("just text, not a page image");
        QVERIFY(hasRule(checker_->checkBlob(text.value.sha256, text.value.bytes), QStringLiteral("Sealing.blob")));
    }

    void nonConformingEvaluation_isReported_data()
    {
        QTest::addColumn<QString>("member");
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<QString>("rule");
        QTest::newRow("no query code") << "query_code" << QJsonValue(QJsonValue::Undefined) << "Evaluation.query_code";
        QTest::newRow("query code of 6 digits") << "query_code" << QJsonValue("123456") << "Evaluation.query_code";
        QTest::newRow("score 7") << "score" << QJsonValue(7) << "Evaluation.score";
        QTest::newRow("score 4.5") << "score" << QJsonValue(4.5) << "Evaluation.score";
        QTest::newRow("unknown reason") << "reasons" << QJsonValue(QJsonArray{"rude"}) << "Evaluation.reasons";
        QTest::newRow("comment of 201 code points")
            << "comment" << QJsonValue(QString(201, QLatin1Char('x'))) << "Evaluation.comment";
        QTest::newRow("no case") << "case_no" << QJsonValue(QJsonValue::Undefined) << "Evaluation.case_no";
        QTest::newRow("id not the key") << "id" << QJsonValue(QUuid::createUuid().toString(QUuid::WithoutBraces))
                                        << "Idempotency";
    }
    void nonConformingEvaluation_isReported()
    {
        QFETCH(QString, member);
        QFETCH(QJsonValue, value);
        QFETCH(QString, rule);
        const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        QJsonObject e{
            {"id", id},   {"case_no", "GDZW20261207000001"}, {"query_code", "04817263"}, {"item_code", "GD-RS-001"},
            {"score", 3}, {"reasons", QJsonArray{"slow"}}};
        if (value.isUndefined())
            e.remove(member);
        else
            e.insert(member, value);
        const QList<Finding> f = checker_->checkEvaluation(QJsonDocument(e).toJson(QJsonDocument::Compact), id);
        QVERIFY2(hasRule(f, rule), qPrintable(describe(f)));
    }

    void inspect_recordsLookupsWithoutACode_andRepeatedRequestIds()
    {
        ConformanceChecker c(CheckerContext{});
        HttpRequest r;
        r.method = "GET";
        r.path = QStringLiteral("/v1/cases/GDZW20261207000001");
        r.peerCommonName = QStringLiteral("GD-DEV-0001");
        r.headers = {{"x-kiosk-id", "GD-DEV-0001"}, {"x-request-id", "req-1"}};
        QVERIFY(!c.inspect(r, QStringLiteral("2026-12-07T00:00:00Z")).isEmpty()); // no query_code
        r.query = QUrlQuery(QStringLiteral("query_code=04817263"));
        r.headers = {{"x-kiosk-id", "GD-DEV-0001"}, {"x-request-id", "req-2"}};
        QVERIFY(c.inspect(r, QStringLiteral("2026-12-07T00:00:01Z")).isEmpty());
        const QList<Deviation> again = c.inspect(r, QStringLiteral("2026-12-07T00:00:02Z")); // req-2 once more
        QCOMPARE(again.size(), 1);
        QCOMPARE(again.first().finding.rule, QStringLiteral("Formats.X-Request-Id"));
        QCOMPARE(c.count(), 2);
        QCOMPARE(c.deviations().size(), 2);
        c.clear();
        QCOMPARE(c.count(), 0);
    }
};

QTEST_GUILESS_MAIN(ConformanceCheckerTest)
#include "test_conformance_checker.moc"
