// `kioskctl catalogue search` and `catalogue refresh`, run as the technician runs them. Search works offline on the
// built-in sample (Chinese, pinyin initials, English; clear usage errors); refresh against the platform-sandbox
// process (mutual TLS, demo PKI) fills the kiosk's cache, is answered "not modified" the second time, brings an item
// published on the platform, which search then finds in the cache; an unreachable platform is exit 1 with the reason.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include "integration/sandbox/sandbox_harness.h"

using namespace kiosk::test;

class KioskctlCatalogueTest : public QObject
{
    Q_OBJECT

    QTemporaryDir tmp_;

    static QString kioskctl() { return qEnvironmentVariable("KIOSK_BINARY_DIR") + "/app/kioskctl/kioskctl"; }

    struct Run {
        int code = -1;
        QJsonObject json;
        QByteArray out;
    };

    // The event loop keeps turning meanwhile (the sandbox's log pipe is read).
    static Run run(const QStringList &args)
    {
        QProcess p;
        p.start(kioskctl(), args);
        Run r;
        if (!p.waitForStarted(10000))
            return r;
        QElapsedTimer t;
        t.start();
        while (p.state() != QProcess::NotRunning && t.elapsed() < 90000)
            QTest::qWait(20);
        if (p.state() != QProcess::NotRunning) {
            p.kill();
            p.waitForFinished(3000);
            return r;
        }
        const QByteArray stdoutText = p.readAllStandardOutput();
        r.out = stdoutText + p.readAllStandardError(); // the log lines go to stderr
        r.code = p.exitCode();
        r.json = QJsonDocument::fromJson(stdoutText).object();
        return r;
    }

    QString writeConfig(const QString &name, const QString &platform)
    {
        const QString path = tmp_.filePath(name + QStringLiteral(".conf"));
        QFile f(path);
        f.open(QIODevice::WriteOnly);
        f.write(QStringLiteral("[kiosk]\nid=GD-DEV-0001\ndata_dir=%1\n").arg(tmp_.filePath(name)).toUtf8());
        if (!platform.isEmpty()) {
            const QString pki = tmp_.filePath(QStringLiteral("pki"));
            f.write(QStringLiteral("[platform]\nurl=%1\nca_file=%2/ca.crt\nclient_cert=%2/kiosk.crt\n"
                                   "client_key=%2/kiosk.key\npins_file=%2/pins.txt\n")
                        .arg(platform, pki)
                        .toUtf8());
        }
        return path;
    }

    static QStringList codes(const QJsonObject &o)
    {
        QStringList out;
        for (const QJsonValue v : o.value(QLatin1String("items")).toArray())
            out << v.toObject().value(QLatin1String("code")).toString();
        return out;
    }

private slots:
    void initTestCase() { QVERIFY(tmp_.isValid()); }

    void search_offline_findsByChinesePinyinAndEnglish()
    {
        const QString conf = writeConfig(QStringLiteral("offline"), {});
        for (const char *query : {"社保卡", "social security"}) {
            const Run r = run({"--json", "--config", conf, "catalogue", "search", QString::fromUtf8(query)});
            QVERIFY2(r.code == 0, r.out.constData());
            QVERIFY2(codes(r.json).contains("GD-RS-001"), r.out.constData());
            QCOMPARE(r.json.value("source").toString(), QStringLiteral(":/catalogue/catalogue.json"));
            const QJsonObject first = r.json.value("items").toArray().first().toObject();
            for (const char *member : {"code", "name", "name_en", "type", "department", "version"})
                QVERIFY2(first.contains(QLatin1String(member)), member);
        }
        // Pinyin initials, as typed on the kiosk's keyboard: jzz -> 居住证.
        const Run pinyin = run({"--json", "--config", conf, "catalogue", "search", "jzz"});
        QCOMPARE(pinyin.code, 0);
        QVERIFY2(pinyin.json.value("items").toArray().first().toObject().value("name").toString().startsWith(
                     QStringLiteral("居住证")),
                 pinyin.out.constData());
        const Run limited = run({"--json", "--config", conf, "catalogue", "search", "证", "--limit", "3"});
        QCOMPARE(limited.code, 0);
        QCOMPARE(limited.json.value("items").toArray().size(), 3);
        const Run none = run({"--json", "--config", conf, "catalogue", "search", "zzzzqqqq"});
        QCOMPARE(none.code, 0);
        QCOMPARE(none.json.value("items").toArray().size(), 0);
        const Run text = run({"--config", conf, "catalogue", "search", "社保卡"});
        QCOMPARE(text.code, 0);
        QVERIFY2(text.out.contains("GD-RS-001  社会保障卡申领"), text.out.constData());
        QVERIFY2(QRegularExpression(QStringLiteral("\\n[1-9][0-9]* items found"))
                     .match(QString::fromUtf8(text.out))
                     .hasMatch(),
                 text.out.constData());
        // Searching never creates the kiosk's cache.
        QVERIFY(!QFile::exists(tmp_.filePath("offline/catalogue.sqlite")));
    }

    void search_usageErrors_exit2()
    {
        const QString conf = writeConfig(QStringLiteral("offline"), {});
        QCOMPARE(run({"--json", "--config", conf, "catalogue", "search"}).code, 2);
        const Run bad = run({"--json", "--config", conf, "catalogue", "search", "x", "--limit", "zero"});
        QCOMPARE(bad.code, 2);
        QVERIFY(bad.json.value("error").toString().contains("--limit"));
    }

    void refresh_againstTheSandbox_fillsTheCacheAndBringsNewItems()
    {
#ifndef KIOSK_SANDBOX_BINARY
        QSKIP("platform-sandbox is not built");
#else
        const QString pki = tmp_.filePath(QStringLiteral("pki"));
        const QString pkiError = makeDemoPki(pki);
        QVERIFY2(pkiError.isEmpty(), qPrintable(pkiError));
        SandboxProcess sandbox;
        const QString started = sandbox.start(pki);
        QVERIFY2(started.isEmpty(), qPrintable(started));
        const QString conf =
            writeConfig(QStringLiteral("online"), QStringLiteral("https://localhost:%1").arg(sandbox.port()));
        const qint64 platformVersion =
            sandbox.control("GET", "/control/state").json().value("catalogue_version").toInteger();

        Run r = run({"--json", "--config", conf, "catalogue", "refresh"});
        QVERIFY2(r.code == 0, r.out.constData());
        QCOMPARE(r.json.value("version").toInteger(), platformVersion);
        QCOMPARE(r.json.value("changed").toBool(), true);
        QVERIFY(r.json.value("items").toInt() >= 100);
        QVERIFY(QFile::exists(tmp_.filePath("online/catalogue.sqlite")));

        r = run({"--json", "--config", conf, "catalogue", "refresh"});
        QVERIFY2(r.code == 0, r.out.constData());
        QCOMPARE(r.json.value("changed").toBool(), false); // 304 by ETag

        // An item published on the platform arrives and is found by search, from the cache.
        QFile sample(sourceDir() + "/resources/catalogue/catalogue.json");
        QVERIFY(sample.open(QIODevice::ReadOnly));
        QJsonObject item = QJsonDocument::fromJson(sample.readAll()).object().value("items").toArray()[0].toObject();
        item.insert("code", "GD-TEST-901");
        item.insert("name",
                    QJsonObject{{"zh_CN", "技术员测试事项"}, {"zh_HK", "技術員測試事項"}, {"en", "Technician test"}});
        const Response published =
            sandbox.control("POST", "/control/catalogue", QJsonObject{{"upsert", QJsonArray{item}}});
        QVERIFY2(published.status == 200, qPrintable(published.describe()));
        r = run({"--json", "--config", conf, "catalogue", "refresh"});
        QVERIFY2(r.code == 0, r.out.constData());
        QCOMPARE(r.json.value("changed").toBool(), true);
        QCOMPARE(r.json.value("previous_version").toInteger(), platformVersion);
        QVERIFY(r.json.value("version").toInteger() > platformVersion);
        r = run({"--json", "--config", conf, "catalogue", "search", "技术员测试"});
        QVERIFY2(r.code == 0, r.out.constData());
        QCOMPARE(r.json.value("source").toString(), QStringLiteral("cache"));
        QCOMPARE(codes(r.json), QStringList{"GD-TEST-901"});

        // The platform is gone: exit 1 with the reason; the cache keeps what it had.
        QCOMPARE(sandbox.stop(), 0);
        r = run({"--json", "--config", conf, "catalogue", "refresh"});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.json.value("error").toString().startsWith("refresh failed"), r.out.constData());
        r = run({"--json", "--config", conf, "catalogue", "search", "技术员测试"});
        QCOMPARE(codes(r.json), QStringList{"GD-TEST-901"});
#endif
    }

    void refresh_withoutAPlatform_isAClearError()
    {
        const Run r =
            run({"--json", "--config", writeConfig(QStringLiteral("noplatform"), {}), "catalogue", "refresh"});
        QCOMPARE(r.code, 1);
        QVERIFY(r.json.value("error").toString().contains("[platform] url"));
    }
};

QTEST_GUILESS_MAIN(KioskctlCatalogueTest)
#include "test_kioskctl_catalogue.moc"
