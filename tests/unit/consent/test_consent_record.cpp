// Consent texts and records: every language has a text with its version, the hash is of the exact text shown, and
// the record's JSON is exactly platform-api.md's Consent object (no image, no template).
#include <QJsonDocument>
#include <QTest>

#include "app/consent/consent_record.h"
#include "app/consent/consent_text.h"

using namespace kiosk::app;

class ConsentRecordTest : public QObject
{
    Q_OBJECT

private slots:
    void everyLanguage_hasAVersionedTextStatingTheEssentials_data()
    {
        QTest::addColumn<QString>("language");
        QTest::addColumn<QStringList>("mustMention");
        QTest::newRow("zh_CN") << "zh_CN"
                               << QStringList{"实时面部图像", "证件", "不保存", "撤回", "不影响办理", "12345"};
        QTest::newRow("zh_HK") << "zh_HK"
                               << QStringList{"即時面部圖像", "證件", "不儲存", "撤回", "不影響辦理", "12345"};
        QTest::newRow("en") << "en"
                            << QStringList{"live image", "card", "erased", "withdraw", "does not stop", "12345"};
    }
    void everyLanguage_hasAVersionedTextStatingTheEssentials()
    {
        QFETCH(QString, language);
        QFETCH(QStringList, mustMention);
        const ConsentText t = ConsentText::load(kFaceVerificationPurpose, language, QStringLiteral("港澳通行证办理"));
        QVERIFY2(t.isValid(), "text resource missing");
        QCOMPARE(t.language, language);
        QCOMPARE(t.version, ConsentText::currentVersion(kFaceVerificationPurpose));
        QVERIFY2(t.text.contains(t.version), "the text must show its own version");
        QVERIFY2(t.text.contains(QStringLiteral("港澳通行证办理")), "the service item must be named");
        QVERIFY(!t.text.contains(QStringLiteral("%ITEM%")));
        for (const QString &m : mustMention)
            QVERIFY2(t.text.contains(m, Qt::CaseInsensitive), qPrintable("missing: " + m));
    }

    void sha256_isOfTheUtf8TextShown()
    {
        const ConsentText t = ConsentText::load(kFaceVerificationPurpose, "zh_CN", "A");
        QCOMPARE(t.sha256,
                 QString::fromLatin1(QCryptographicHash::hash(t.text.toUtf8(), QCryptographicHash::Sha256).toHex()));
        const ConsentText other = ConsentText::load(kFaceVerificationPurpose, "zh_CN", "B");
        QVERIFY2(t.sha256 != other.sha256, "a different item name is a different text");
    }

    void unknownLanguage_fallsBackToMandarin()
    {
        QCOMPARE(ConsentText::load(kFaceVerificationPurpose, "fr", "x").language, QStringLiteral("zh_CN"));
        QVERIFY(!ConsentText::load("unknown_purpose", "en", "x").isValid());
    }

    void toJson_isPlatformConsentObject()
    {
        ConsentRecord r;
        r.purpose = kFaceVerificationPurpose;
        r.textVersion = "1.0";
        r.textSha256 = QString(64, QLatin1Char('a'));
        r.decision = ConsentDecision::Agree;
        r.at = QDateTime(QDate(2024, 5, 1), QTime(1, 30, 0), Qt::UTC);
        r.methodUsed = ConsentMethod::Face;
        const QJsonObject j = r.toJson();
        QCOMPARE(j.keys(), (QStringList{"at", "decision", "method_used", "purpose", "text_sha256", "text_version"}));
        QCOMPARE(j["at"].toString(), QStringLiteral("2024-05-01T09:30:00+08:00"));
        QCOMPARE(j["decision"].toString(), QStringLiteral("agree"));
        QCOMPARE(j["method_used"].toString(), QStringLiteral("face"));
        const auto back = ConsentRecord::fromJson(j);
        QVERIFY(back.has_value());
        QVERIFY(*back == r);
    }

    void decisions_serialiseAsTheApiSpells()
    {
        QCOMPARE(toString(ConsentDecision::Agree), QStringLiteral("agree"));
        QCOMPARE(toString(ConsentDecision::Decline), QStringLiteral("decline"));
        QCOMPARE(toString(ConsentDecision::Withdrawn), QStringLiteral("withdrawn"));
        QCOMPARE(toString(ConsentMethod::Alternative), QStringLiteral("alternative"));
    }

    void fromJson_rejectsMalformed_data()
    {
        QTest::addColumn<QByteArray>("json");
        // (no raw string literals here: moc 6.4 loses track of the class inside one)
        const QByteArray ok =
            "{\"purpose\":\"face_verification\",\"text_version\":\"1.0\",\"text_sha256\":\"" + QByteArray(64, 'b') +
            "\",\"decision\":\"agree\",\"at\":\"2024-05-01T09:30:00+08:00\",\"method_used\":\"face\"}";
        QTest::newRow("bad decision") << QByteArray(ok).replace("\"agree\"", "\"maybe\"");
        QTest::newRow("bad method") << QByteArray(ok).replace("\"face\"", "\"retina\"");
        QTest::newRow("short hash") << QByteArray(ok).replace(QByteArray(64, 'b'), "abc");
        QTest::newRow("bad time") << QByteArray(ok).replace("2024-05-01T09:30:00+08:00", "yesterday");
        QTest::newRow("no purpose") << QByteArray(ok).replace("\"face_verification\"", "\"\"");
    }
    void fromJson_rejectsMalformed()
    {
        QFETCH(QByteArray, json);
        QString error;
        QVERIFY(!ConsentRecord::fromJson(QJsonDocument::fromJson(json).object(), &error).has_value());
        QVERIFY(!error.isEmpty());
    }
};

QTEST_GUILESS_MAIN(ConsentRecordTest)
#include "test_consent_record.moc"
