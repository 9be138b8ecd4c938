// Specification of how the kiosk reads the platform's answers whatever transport brought them: bounded JSON depth,
// objects only, problem+json into {type,title,status,detail,missing}, the members a call needs; plus the masking of
// error texts, the pin format, the INI settings and the status JSON of design.md section 6.
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include "offline_queue/curl_platform_client.h"
#include "offline_queue/platform_client.h"
#include "offline_queue/sync_engine.h"

#include "sync_test_support.h"

using namespace kiosk::queue;

namespace {

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

} // namespace

class TestPlatformAnswers : public QObject
{
    Q_OBJECT

private slots:
    void nestingDepth_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<int>("depth");
        QTest::newRow("scalar") << QByteArray("42") << 0;
        QTest::newRow("empty object") << QByteArray("{}") << 1;
        QTest::newRow("nested") << QByteArray("{\"a\":[{\"b\":[]}]}") << 4;
        QTest::newRow("brackets inside strings do not count") << QByteArray("{\"a\":\"[[[{{{\"}") << 1;
        QTest::newRow("escaped quote keeps the string open") << QByteArray("{\"a\":\"\\\"[[[\"}") << 1;
        QTest::newRow("unbalanced") << QByteArray("{\"a\":[}") << -1;
        QTest::newRow("closing first") << QByteArray("]{") << -1;
        QTest::newRow("unterminated string") << QByteArray("{\"a\":\"x") << -1;
    }
    void nestingDepth()
    {
        QFETCH(QByteArray, json);
        QFETCH(int, depth);
        QCOMPARE(jsonNestingDepth(json), depth);
    }

    void parseJsonObject_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QString>("why");
        QTest::newRow("object") << QByteArray("{\"case_no\":\"GDZW1\"}") << true << QString();
        QTest::newRow("array") << QByteArray("[1,2]") << false << QStringLiteral("array");
        QTest::newRow("string") << QByteArray("\"x\"") << false << QStringLiteral("value");
        QTest::newRow("truncated") << QByteArray("{\"case_no\":\"GD") << false << QStringLiteral("unbalanced");
        QTest::newRow("garbage after") << QByteArray("{}\x01<<not json") << false << QStringLiteral("invalid JSON");
        QTest::newRow("empty") << QByteArray() << false << QStringLiteral("invalid JSON");
        QTest::newRow("32 levels (the limit)")
            << QByteArray("{\"a\":") + QByteArray(31, '[') + QByteArray(31, ']') + "}" << true << QString();
        QTest::newRow("33 levels") << QByteArray("{\"a\":") + QByteArray(32, '[') + QByteArray(32, ']') + "}" << false
                                   << QStringLiteral("nested 33 levels");
        QTest::newRow("100000 levels") << QByteArray(100000, '[') + QByteArray(100000, ']') << false
                                       << QStringLiteral("nested 100000 levels");
        QTest::newRow("utf-8") << QByteArray("{\"title\":\"业务办理\"}") << true << QString();
    }
    void parseJsonObject()
    {
        QFETCH(QByteArray, body);
        QFETCH(bool, ok);
        QFETCH(QString, why);
        QString reason;
        const auto obj = kiosk::queue::parseJsonObject(body, kMaxJsonDepth, &reason);
        QCOMPARE(obj.has_value(), ok);
        if (!ok)
            QVERIFY2(reason.contains(why), qPrintable(reason));
    }

    void problemFrom_readsTheMembersAndOnlyWellFormedMissingNames()
    {
        const QString sha = QString(64, QLatin1Char('a'));
        const QJsonObject o{{"type", "https://p.invalid/problems/missing-blobs"},
                            {"title", "Missing blobs"},
                            {"status", 412},
                            {"detail", "2 blobs missing"},
                            {"missing", QJsonArray{QJsonValue(sha), QJsonValue("../../etc/passwd"),
                                                   QJsonValue(QString(64, 'A')), QJsonValue(7), QJsonValue(sha)}}};
        const Problem p = problemFrom(o);
        QCOMPARE(p.type, QStringLiteral("https://p.invalid/problems/missing-blobs"));
        QCOMPARE(p.title, QStringLiteral("Missing blobs"));
        QCOMPARE(p.status, 412);
        QCOMPARE(p.detail, QStringLiteral("2 blobs missing"));
        QCOMPARE(p.missing, QStringList{sha});
        QCOMPARE(problemFrom(QJsonObject{{"status", "412"}, {"detail", 5}}).status, 0);
        QVERIFY(problemFrom(QJsonObject{{"status", "412"}, {"detail", 5}}).isEmpty());
    }

    void interpretAnswer_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("error");
        QTest::addColumn<QString>("detail");
        const int none = int(NetworkError::None);
        const int bad = int(NetworkError::BadJson);
        QTest::newRow("201 with case_no") << 201 << QByteArray("application/json")
                                          << QByteArray("{\"case_no\":\"GDZW20240601000001\"}") << none << QString();
        QTest::newRow("201 without case_no")
            << 201 << QByteArray("application/json") << QByteArray("{\"status\":\"received\"}") << bad << QString();
        QTest::newRow("201 with an empty case_no")
            << 201 << QByteArray("application/json") << QByteArray("{\"case_no\":\"\"}") << bad << QString();
        QTest::newRow("201 with a case_no over 40 characters")
            << 201 << QByteArray("application/json") << QByteArray("{\"case_no\":\"") + QByteArray(41, '1') + "\"}"
            << bad << QString();
        QTest::newRow("201 cut in half") << 201 << QByteArray("application/json")
                                         << QByteArray("{\"case_no\":\"GDZ") + "\x01<<not json" << bad << QString();
        QTest::newRow("200 array") << 200 << QByteArray("application/json") << QByteArray("[]") << bad << QString();
        QTest::newRow("422 problem") << 422 << QByteArray("application/problem+json")
                                     << QByteArray(
                                            "{\"type\":\"t/unknown-key\",\"title\":\"Unknown key\",\"status\":422,"
                                            "\"detail\":\"key_id x is not known\"}")
                                     << none << QStringLiteral("key_id x is not known");
        QTest::newRow("503 with a broken problem keeps its status")
            << 503 << QByteArray("application/problem+json") << QByteArray("{oops") << none << QString();
        QTest::newRow("500 html") << 500 << QByteArray("text/html") << QByteArray("<h1>down</h1>") << none << QString();
    }
    void interpretAnswer()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, contentType);
        QFETCH(QByteArray, body);
        QFETCH(int, error);
        QFETCH(QString, detail);
        ApiResult r;
        r.httpStatus = status;
        r.contentType = contentType;
        r.bytes = body;
        kiosk::queue::interpretAnswer(r, AnswerExpectation{true, {QStringLiteral("case_no")}, 40});
        QCOMPARE(int(r.networkError), error);
        QCOMPARE(r.problem.detail, detail);
        QCOMPARE(r.httpStatus, status);
        if (error == int(NetworkError::None) && status < 300)
            QCOMPARE(r.json.value("case_no").toString(), QStringLiteral("GDZW20240601000001"));
    }

    void describe_isOneLineForLogsAndTheStatus()
    {
        ApiResult r;
        r.httpStatus = 503;
        r.problem.type = QStringLiteral("https://p.invalid/problems/unavailable");
        r.problem.detail = QStringLiteral("maintenance until 02:00");
        QCOMPARE(r.describe(), QStringLiteral("HTTP 503 (unavailable): maintenance until 02:00"));
        ApiResult n;
        n.networkError = NetworkError::Connect;
        n.errorText = QStringLiteral("Failed to connect");
        QCOMPARE(n.describe(), QStringLiteral("network (connect): Failed to connect"));
    }

    void sanitizeErrorText_data()
    {
        QTest::addColumn<QString>("in");
        QTest::addColumn<QString>("out");
        QTest::newRow("id number") << QStringLiteral("id 440106199003072437 invalid")
                                   << QStringLiteral("id 4401**********2437 invalid");
        QTest::newRow("id number with X")
            << QStringLiteral("44010619900307243X") << QStringLiteral("4401**********243X");
        QTest::newRow("phone") << QStringLiteral("phone 13800138000") << QStringLiteral("phone 1380***8000");
        QTest::newRow("sha256 names stay")
            << QStringLiteral("blob 0123456789012345abcdef") << QStringLiteral("blob 0123456789012345abcdef");
        QTest::newRow("short numbers stay")
            << QStringLiteral("HTTP 503 after 120 s") << QStringLiteral("HTTP 503 after 120 s");
        QTest::newRow("new lines") << QStringLiteral("a\nb") << QStringLiteral("a b");
    }
    void sanitizeErrorText()
    {
        QFETCH(QString, in);
        QFETCH(QString, out);
        QCOMPARE(kiosk::queue::sanitizeErrorText(in), out);
        QVERIFY(kiosk::queue::sanitizeErrorText(QString(2000, 'e')).size() <= 500);
    }

    void pins_data()
    {
        QTest::addColumn<QString>("pin");
        QTest::addColumn<bool>("valid");
        QTest::newRow("good") << QStringLiteral("sha256//") + QString::fromLatin1(QByteArray(32, 'k').toBase64())
                              << true;
        QTest::newRow("no prefix") << QString::fromLatin1(QByteArray(32, 'k').toBase64()) << false;
        QTest::newRow("31 bytes") << QStringLiteral("sha256//") + QString::fromLatin1(QByteArray(31, 'k').toBase64())
                                  << false;
        QTest::newRow("not base64") << QStringLiteral("sha256//!!!!") << false;
    }
    void pins()
    {
        QFETCH(QString, pin);
        QFETCH(bool, valid);
        QCOMPARE(isValidPin(pin), valid);
    }

    void settings_defaultsAreProductionValues()
    {
        QTemporaryDir dir;
        QSettings ini(dir.filePath("empty.conf"), QSettings::IniFormat);
        QStringList problems;
        const SyncSettings s = loadSyncSettings(ini, "/var/lib/kiosk", "GD-GZ-0001", &problems);
        QVERIFY(problems.isEmpty());
        QCOMPARE(s.databasePath, QStringLiteral("/var/lib/kiosk/queue.sqlite"));
        QCOMPARE(s.backoffBaseMs, 30'000);
        QCOMPARE(s.backoffCapMs, 3'600'000);
        QCOMPARE(s.purgeAfterMs, 300'000);
        QCOMPARE(s.caFile, QStringLiteral("/var/lib/kiosk/pki/ca.crt"));
        QCOMPARE(s.clientCertFile, QStringLiteral("/var/lib/kiosk/pki/kiosk.crt"));
        QVERIFY(s.baseUrl.isEmpty());
        QCOMPARE(s.kioskId, QStringLiteral("GD-GZ-0001"));
    }

    void settings_readTheQueueAndPlatformSections()
    {
        QTemporaryDir dir;
        const QString pin1 = QStringLiteral("sha256//") + QString::fromLatin1(QByteArray(32, 'a').toBase64());
        const QString pin2 = QStringLiteral("sha256//") + QString::fromLatin1(QByteArray(32, 'b').toBase64());
        QFile f(dir.filePath("kiosk.conf"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("[queue]\ndatabase=/tmp/q.sqlite\nbackoff_base_s=0.2\nbackoff_cap_s=2\npurge_after_s=60\nbatch=5\n"
                "lease_s=120\n[platform]\nurl=https://platform.example:8443\nclient_cert=certs/k.crt\n"
                "pins=" +
                pin1.toLatin1() + ", " + pin2.toLatin1() +
                "\nconnect_timeout_s=3\nrequest_timeout_s=20\n"
                "transfer_timeout_s=300\nlow_speed_bytes_per_s=500\nlow_speed_time_s=15\n");
        f.close();
        QSettings ini(f.fileName(), QSettings::IniFormat);
        QStringList problems;
        const SyncSettings s = loadSyncSettings(ini, "/data", "GD-GZ-0001", &problems);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));
        QCOMPARE(s.databasePath, QStringLiteral("/tmp/q.sqlite"));
        QCOMPARE(s.backoffBaseMs, 200);
        QCOMPARE(s.backoffCapMs, 2000);
        QCOMPARE(s.purgeAfterMs, 60'000);
        QCOMPARE(s.batch, 5);
        QCOMPARE(s.leaseMs, 120'000);
        QCOMPARE(s.baseUrl, QStringLiteral("https://platform.example:8443"));
        QCOMPARE(s.clientCertFile, QStringLiteral("/data/certs/k.crt"));
        QCOMPARE(s.pins, (QStringList{pin1, pin2}));
        QCOMPARE(s.connectTimeoutMs, 3000);
        QCOMPARE(s.requestTimeoutMs, 20'000);
        QCOMPARE(s.transferTimeoutMs, 300'000);
        QCOMPARE(s.lowSpeedBytesPerS, 500);
        QCOMPARE(s.lowSpeedTimeS, 15);
    }

    void settings_pinsFileIsReadWhenNoPinsAreGiven()
    {
        QTemporaryDir dir;
        const QString pin1 = QStringLiteral("sha256//") + QString::fromLatin1(QByteArray(32, 'a').toBase64());
        const QString pin2 = QStringLiteral("sha256//") + QString::fromLatin1(QByteArray(32, 'b').toBase64());
        QDir().mkpath(dir.filePath("pki"));
        QVERIFY(writeFile(dir.filePath("pki/pins.txt"), pin1.toLatin1() + "\n" + pin2.toLatin1() + "\n"));
        QVERIFY(writeFile(dir.filePath("kiosk.conf"), "[platform]\nurl=https://platform.example\n"));
        QSettings ini(dir.filePath("kiosk.conf"), QSettings::IniFormat);
        QStringList problems;
        const SyncSettings s = loadSyncSettings(ini, dir.path(), "K", &problems);
        QCOMPARE(s.pins, (QStringList{pin1, pin2}));
        QVERIFY(s.pinProblem.isEmpty());
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));
        QVERIFY(CurlPlatformClient::pinProblemOf(s.clientConfig()).isEmpty());
    }

    // Pinning fails closed (issue 15): with a platform URL, a pins file that is missing, unreadable, empty or holds a
    // line that is not a pin leaves no pin trusted; the client refuses every call before any byte is sent and says
    // why (before the fix the kiosk warned and trusted the CA alone).
    void settings_unusablePinsLeaveNoPinAndTheClientRefuses_data()
    {
        QTest::addColumn<QString>("pinsFile"); // written to pki/pins.txt; "<missing>", "<folder>"
        QTest::addColumn<QString>("why");
        const QString pin1 = QStringLiteral("sha256//") + QString::fromLatin1(QByteArray(32, 'a').toBase64());
        QTest::newRow("missing") << QStringLiteral("<missing>") << QStringLiteral("cannot be read");
        QTest::newRow("unreadable (a folder)") << QStringLiteral("<folder>") << QStringLiteral("cannot be read");
        QTest::newRow("empty") << QString() << QStringLiteral("holds no pin");
        QTest::newRow("one good, one malformed")
            << pin1 + QStringLiteral("\nsha256//broken\n") << QStringLiteral("not sha256//");
        QTest::newRow("a certificate instead of pins")
            << QStringLiteral("-----BEGIN CERTIFICATE-----\nMIIB\n") << QStringLiteral("not sha256//");
    }
    void settings_unusablePinsLeaveNoPinAndTheClientRefuses()
    {
        QFETCH(QString, pinsFile);
        QFETCH(QString, why);
        QTemporaryDir dir;
        QDir().mkpath(dir.filePath("pki"));
        if (pinsFile == QLatin1String("<folder>")) {
            QVERIFY(QDir().mkpath(dir.filePath("pki/pins.txt")));
        } else if (pinsFile != QLatin1String("<missing>")) {
            QVERIFY(writeFile(dir.filePath("pki/pins.txt"), pinsFile.toLatin1()));
        }
        QVERIFY(writeFile(dir.filePath("pki/ca.crt"), QByteArray()));
        QVERIFY(writeFile(dir.filePath("kiosk.conf"), "[platform]\nurl=https://127.0.0.1:1\n"));
        QSettings ini(dir.filePath("kiosk.conf"), QSettings::IniFormat);
        QStringList problems;
        const SyncSettings s = loadSyncSettings(ini, dir.path(), "K", &problems);
        QVERIFY(s.pins.isEmpty());
        QVERIFY2(s.pinProblem.contains(why), qPrintable(s.pinProblem));
        QCOMPARE(problems.size(), 1); // named for `kioskctl config check` and the log
        QVERIFY2(problems.first().startsWith(QLatin1String("platform/pins")), qPrintable(problems.first()));
        QCOMPARE(CurlPlatformClient::pinProblemOf(s.clientConfig()), s.pinProblem);
        CurlPlatformClient client(s.clientConfig());
        QCOMPARE(client.configProblem(), s.pinProblem);
        const ApiResult r = client.getSubmissionKey();
        QCOMPARE(r.networkError, NetworkError::Config);
        QCOMPARE(r.requestBytesSent, 0);

        // Without a platform URL there is nothing to refuse: no problem is reported.
        QSettings none(dir.filePath("none.conf"), QSettings::IniFormat);
        QStringList noProblems;
        QVERIFY(loadSyncSettings(none, dir.path(), "K", &noProblems).pinProblem.isEmpty());
        QVERIFY2(noProblems.isEmpty(), qPrintable(noProblems.join('\n')));
    }

    void settings_invalidValuesKeepDefaultsAndAreNamed()
    {
        QTemporaryDir dir;
        QFile f(dir.filePath("kiosk.conf"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("[queue]\nbackoff_base_s=soon\nbatch=0\n[platform]\nurl=http://plain.example\n");
        f.close();
        QSettings ini(f.fileName(), QSettings::IniFormat);
        QStringList problems;
        const SyncSettings s = loadSyncSettings(ini, "/data", "K", &problems);
        QCOMPARE(s.backoffBaseMs, 30'000);
        QCOMPARE(s.batch, 20);
        QCOMPARE(problems.size(), 4); // with the pins: a URL and no pins file under /data
    }

    void statusJson_hasExactlyTheKeysOfDesignSection6()
    {
        SyncStatus s;
        QJsonObject j = s.toJson();
        QCOMPARE(j.keys(), (QStringList{"dead", "error", "in_flight", "last_sync", "oldest_age_s", "pending"}));
        QVERIFY(j.value("last_sync").isNull());
        QVERIFY(j.value("error").isNull());
        QVERIFY(j.value("oldest_age_s").isNull());
        s.pending = 3;
        s.oldestAgeS = 42;
        s.lastSync = QDateTime(QDate(2024, 6, 1), QTime(2, 0), Qt::UTC);
        s.error = QStringLiteral("network (connect): refused");
        j = s.toJson();
        QCOMPARE(j.value("pending").toInt(), 3);
        QCOMPARE(j.value("oldest_age_s").toInt(), 42);
        QCOMPARE(j.value("last_sync").toString(), QStringLiteral("2024-06-01T10:00:00+08:00"));
        QCOMPARE(j.value("error").toString(), QStringLiteral("network (connect): refused"));
    }

    void clientWithoutUsableConfig_failsEveryCallAsConfig_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("pin");
        QTest::newRow("plain http") << QStringLiteral("http://127.0.0.1:1") << QString();
        QTest::newRow("no url") << QString() << QString();
        QTest::newRow("bad pin") << QStringLiteral("https://127.0.0.1:1") << QStringLiteral("sha256//nope");
        QTest::newRow("no pin: the CA alone is not trusted") << QStringLiteral("https://127.0.0.1:1") << QString();
    }
    void clientWithoutUsableConfig_failsEveryCallAsConfig()
    {
        QFETCH(QString, url);
        QFETCH(QString, pin);
        QTemporaryDir dir;
        QFile ca(dir.filePath("ca.crt"));
        QVERIFY(ca.open(QIODevice::WriteOnly));
        ca.close();
        PlatformClientConfig c;
        c.baseUrl = url;
        c.kioskId = QStringLiteral("K");
        c.caFile = ca.fileName();
        if (!pin.isEmpty())
            c.pins << pin;
        CurlPlatformClient client(c);
        QVERIFY(!client.configProblem().isEmpty());
        const ApiResult r = client.getSubmissionKey();
        QCOMPARE(r.networkError, NetworkError::Config);
        QCOMPARE(r.requestBytesSent, 0);
    }
};

QTEST_GUILESS_MAIN(TestPlatformAnswers)
#include "test_platform_answers.moc"
