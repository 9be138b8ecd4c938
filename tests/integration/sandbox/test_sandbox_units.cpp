// Specification of platform-sandbox's pure parts, linked directly: working days, masking, the fault rule format and
// its counting, the hand-written PDF, and the catalogue's versions and removals.
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>

#include "offline_queue/sandbox/catalogue.h"
#include "offline_queue/sandbox/faults.h"
#include "offline_queue/sandbox/sandbox.h"
#include "offline_queue/sandbox/sandbox_util.h"

using namespace kiosk::sandbox;

class SandboxUnitsTest : public QObject
{
    Q_OBJECT

private slots:
    void addWorkingDays_skipsWeekends_data()
    {
        QTest::addColumn<QDate>("from");
        QTest::addColumn<int>("days");
        QTest::addColumn<QDate>("expected");
        QTest::newRow("0 days is the same day") << QDate(2025, 3, 14) << 0 << QDate(2025, 3, 14);
        QTest::newRow("Friday + 1 is Monday") << QDate(2025, 3, 14) << 1 << QDate(2025, 3, 17);
        QTest::newRow("Saturday + 1 is Monday") << QDate(2025, 3, 15) << 1 << QDate(2025, 3, 17);
        QTest::newRow("Sunday + 1 is Monday") << QDate(2025, 3, 16) << 1 << QDate(2025, 3, 17);
        QTest::newRow("Monday + 5 is next Monday") << QDate(2025, 3, 17) << 5 << QDate(2025, 3, 24);
        QTest::newRow("Wednesday + 10 is two weeks on") << QDate(2025, 3, 19) << 10 << QDate(2025, 4, 2);
        QTest::newRow("across a year end") << QDate(2025, 12, 31) << 2 << QDate(2026, 1, 2);
    }
    void addWorkingDays_skipsWeekends()
    {
        QFETCH(QDate, from);
        QFETCH(int, days);
        QFETCH(QDate, expected);
        QCOMPARE(addWorkingDays(from, days), expected);
    }

    void shanghaiDate_isUtcPlus8()
    {
        QCOMPARE(shanghaiDate(QDateTime(QDate(2025, 3, 14), QTime(15, 59, 59), Qt::UTC)), QDate(2025, 3, 14));
        QCOMPARE(shanghaiDate(QDateTime(QDate(2025, 3, 14), QTime(16, 0, 0), Qt::UTC)), QDate(2025, 3, 15));
    }

    void masking_keepsOnlyWhatTheContractShows_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("maskedName");
        QTest::newRow("two characters") << QStringLiteral("张三") << QStringLiteral("张*");
        QTest::newRow("three characters") << QStringLiteral("李秀英") << QStringLiteral("李**");
        QTest::newRow("one character") << QStringLiteral("王") << QStringLiteral("王*");
        QTest::newRow("outside the BMP") << QStringLiteral("\U00020000三") << QStringLiteral("\U00020000*");
    }
    void masking_keepsOnlyWhatTheContractShows()
    {
        QFETCH(QString, name);
        QFETCH(QString, maskedName);
        QCOMPARE(maskName(name), maskedName);
        QCOMPARE(maskIdNumber(QStringLiteral("440106199001011235")), QStringLiteral("4401**********1235"));
    }

    void faultSpec_parsesTheCommandLineForm_data()
    {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QString>("json");
        QTest::newRow("status, retry, count")
            << QStringLiteral("submissions:status=503,retry_after=5,count=2") << true
            << QStringLiteral(R"({"count":2,"endpoint":"submissions","hits":0,"retry_after":"5","status":503})");
        QTest::newRow("flag alone") << QStringLiteral("all:lose_response") << true
                                    << QStringLiteral(R"({"count":-1,"endpoint":"all","hits":0,"lose_response":true})");
        QTest::newRow("method and reset")
            << QStringLiteral("blobs:method=put,reset_after_bytes=1000") << true
            << QStringLiteral(R"({"count":-1,"endpoint":"blobs","hits":0,"method":"PUT","reset_after_bytes":1000})");
        QTest::newRow("path prefix") << QStringLiteral("/v1/cases/query:latency_ms=100") << true
                                     << QStringLiteral(
                                            R"({"count":-1,"endpoint":"/v1/cases/query","hits":0,"latency_ms":100})");
        QTest::newRow("nothing to do") << QStringLiteral("keys") << false << QString();
        QTest::newRow("unknown key") << QStringLiteral("keys:colour=red") << false << QString();
        QTest::newRow("not a number") << QStringLiteral("keys:status=abc") << false << QString();
        QTest::newRow("unknown endpoint") << QStringLiteral("garden:status=500") << false << QString();
        QTest::newRow("bad boolean") << QStringLiteral("keys:oversized=maybe") << false << QString();
    }
    void faultSpec_parsesTheCommandLineForm()
    {
        QFETCH(QString, spec);
        QFETCH(bool, valid);
        QFETCH(QString, json);
        QString error;
        const std::optional<FaultRule> rule = FaultRule::fromSpec(spec, &error);
        QCOMPARE(rule.has_value(), valid);
        if (!valid) {
            QVERIFY(error.contains(spec));
            return;
        }
        QCOMPARE(QString::fromUtf8(QJsonDocument(rule->toJson()).toJson(QJsonDocument::Compact)), json);
    }

    void faultSet_countsDown_mergesEffects_andMatchesEndpoints()
    {
        FaultSet set;
        QString error;
        set.add(*FaultRule::fromSpec(QStringLiteral("submissions:status=503,count=1"), &error));
        set.add(*FaultRule::fromSpec(QStringLiteral("all:latency_ms=100"), &error));
        set.add(*FaultRule::fromSpec(QStringLiteral("all:latency_ms=300,bandwidth=5000"), &error));
        const QDateTime now = QDateTime::currentDateTimeUtc();
        FaultEffects e = set.take(QStringLiteral("/v1/submissions"), "POST", now);
        QCOMPARE(e.status, 503);
        QCOMPARE(e.latencyMs, 300);
        QCOMPARE(e.bandwidth, 5000);
        e = set.take(QStringLiteral("/v1/submissions"), "POST", now);
        QCOMPARE(e.status, 0);
        QCOMPARE(e.latencyMs, 300);
        QCOMPARE(set.rules()[0].remaining, 0);
        QCOMPARE(set.rules()[0].hits, 1);
        // Control-endpoint paths are never faulted.
        e = set.take(QStringLiteral("/control/state"), "GET", now);
        QVERIFY(e.note.isEmpty());
        QCOMPARE(endpointOf(QStringLiteral("/v1/cases/query")), QStringLiteral("cases"));
        QCOMPARE(endpointOf(QStringLiteral("/v1/keys/submission")), QStringLiteral("keys"));
        QCOMPARE(endpointOf(QStringLiteral("/v2/keys")), QString());
    }

    void minimalPdf_hasAConsistentCrossReferenceTable()
    {
        const QByteArray pdf = minimalPdf(
            {{QStringLiteral("Page (one)"), QStringLiteral("non-ASCII 张三")}, {QStringLiteral("Page two \\")}},
            QStringLiteral("DOC-1"));
        QVERIFY(pdf.startsWith("%PDF-1.4\n"));
        QVERIFY(pdf.endsWith("%%EOF\n"));
        QVERIFY(pdf.contains("/Count 2"));
        QVERIFY(pdf.contains("(Page \\(one\\)) Tj"));
        QVERIFY(pdf.contains("(non-ASCII ?\?) Tj")); // "?\?": no trigraph
        const qsizetype startxref = pdf.lastIndexOf("startxref\n");
        const qsizetype xref = pdf.mid(startxref + 10).split('\n').first().toLongLong();
        QVERIFY(pdf.mid(xref).startsWith("xref\n0 "));
        const QList<QByteArray> lines = pdf.mid(xref).split('\n');
        const int count = lines[1].split(' ')[1].toInt();
        QCOMPARE(count, 9); // free entry + catalog, pages, font, info + 2 x (page, content)
        for (int i = 1; i < count; ++i) {
            QCOMPARE(lines[2 + i].size(), 19); // each entry is 20 bytes: "0000000123 00000 n \n"
            const qsizetype offset = lines[2 + i].left(10).toLongLong();
            QVERIFY2(pdf.mid(offset).startsWith(QByteArray::number(i) + " 0 obj\n"), lines[2 + i]);
        }
        // Every stream's /Length is its real length.
        static const QRegularExpression stream(QStringLiteral("/Length (\\d+) >>\nstream\n"));
        auto it = stream.globalMatch(QString::fromLatin1(pdf));
        int streams = 0;
        while (it.hasNext()) {
            const QRegularExpressionMatch m = it.next();
            const qsizetype start = m.capturedEnd();
            QCOMPARE(pdf.mid(start + m.captured(1).toLongLong(), 9), QByteArray("endstream"));
            ++streams;
        }
        QCOMPARE(streams, 2);
    }

    void catalogue_versionsRemovalsAndEarlierItems()
    {
        Catalogue c;
        QString error;
        QVERIFY(!c.load("{\"items\":[]}", &error));
        QVERIFY(!c.load(R"({"version":1,"items":[{"code":"A"},{"code":"A"}]})", &error));
        QVERIFY(c.load(R"({"version":3,"items":[{"code":"A","version":1},{"code":"B","version":4}],"departments":[]})",
                       &error));
        QCOMPARE(c.version(), 3);
        QJsonObject full = QJsonDocument::fromJson(c.body(std::nullopt)).object();
        QCOMPARE(full.value("items").toArray().size(), 2);
        QVERIFY(full.contains("departments"));
        QCOMPARE(full.value("removed").toArray(), QJsonArray());

        QVERIFY(c.update(QJsonArray{QJsonObject{{"code", "C"}}, QJsonObject{{"code", "B"}, {"name", "new"}}},
                         {QStringLiteral("A")}, &error));
        QCOMPARE(c.version(), 4);
        QVERIFY(!c.update({}, {QStringLiteral("A")}, &error)); // already gone
        QCOMPARE(c.version(), 4);
        const QJsonObject since3 = QJsonDocument::fromJson(c.body(3)).object();
        QCOMPARE(since3.value("removed").toArray(), QJsonArray{"A"});
        QCOMPARE(since3.value("items").toArray().size(), 2);
        QCOMPARE(QJsonDocument::fromJson(c.body(4)).object().value("removed").toArray(), QJsonArray());
        QCOMPARE(c.item(QStringLiteral("B"))->value("version").toInt(), 5); // changed without a version: old + 1
        QCOMPARE(c.item(QStringLiteral("A"))->value("version").toInt(), 1); // removed, still known
        QVERIFY(!c.item(QStringLiteral("Z")));
        c.reset();
        QCOMPARE(c.version(), 3);
        QCOMPARE(c.item(QStringLiteral("B"))->value("version").toInt(), 4);
    }

    void payloadCheck_namesWhatIsWrong_andCollectsTheBlobsItReferences()
    {
        const QString sha1(64, QLatin1Char('1'));
        const QString sha2(64, QLatin1Char('2'));
        QJsonObject p{
            {"applicant",
             QJsonObject{{"id_type", "resident"}, {"id_number", "1"}, {"name", "n"}, {"verified_by", "card"}}},
            {"agent", QJsonValue::Null},
            {"principal_authorisation", QJsonValue::Null},
            {"form", QJsonObject{{"a", "b"}}},
            {"materials",
             QJsonArray{QJsonObject{{"material_id", "m"}, {"status", "provided"}, {"pages", QJsonArray{sha1}}}}},
            {"consent", QJsonValue::Null},
            {"commitment", QJsonObject{{"text_version", "1"}, {"text_sha256", "x"}, {"signature_blob", sha2}}},
            {"delivery", QJsonObject{{"method", "mail"}, {"address", "addr"}, {"phone", QJsonValue::Null}}},
            {"prereview", QJsonArray{}},
            {"channel", "kiosk"},
            {"query_code", "04817263"}};
        QStringList refs;
        QCOMPARE(checkPayload(p, &refs), QString());
        QCOMPARE(refs, (QStringList{sha1, sha2}));

        QJsonObject bad = p;
        bad.remove("consent");
        QVERIFY(checkPayload(bad, &refs).contains("consent"));
        bad = p;
        bad.insert("delivery",
                   QJsonObject{{"method", "pigeon"}, {"address", QJsonValue::Null}, {"phone", QJsonValue::Null}});
        QVERIFY(checkPayload(bad, &refs).contains("delivery.method"));
        bad = p;
        bad.insert("form", QJsonObject{{"age", 42}});
        QVERIFY(checkPayload(bad, &refs).contains("form.age"));
        bad = p;
        bad.insert("channel", "web");
        QVERIFY(checkPayload(bad, &refs).contains("channel"));
        bad = p;
        bad.insert("query_code", "1234567");
        QVERIFY(checkPayload(bad, &refs).contains("query_code"));
        bad.remove("query_code");
        QVERIFY(checkPayload(bad, &refs).contains("query_code"));
    }
};

QTEST_GUILESS_MAIN(SandboxUnitsTest)
#include "test_sandbox_units.moc"
