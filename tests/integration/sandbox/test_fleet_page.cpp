// The sandbox's fleet status page (GET /fleet on the loopback control endpoint): two kiosks post heartbeats over mutual
// TLS, one healthy with a signed self-test report, one with a receipt-printer fault, a dead letter and a two-day-old
// queue. The page keeps the latest heartbeat and the latest self-test per kiosk, flags the faulty kiosk, verifies the
// report's signature with the connection's certificate, escapes what kiosks send, and the control endpoint refuses
// what a foreign web page could make a browser send. Last, headless Chromium renders the page (DOM and screenshot);
// without chromium that part is skipped with a SKIP line.
#include <QStandardPaths>

#include "integration/sandbox/sandbox_harness.h"
#include "offline_queue/signed_json.h"

using namespace kiosk;
using namespace kiosk::test;

class TestFleetPage : public QObject
{
    Q_OBJECT

    QTemporaryDir tmp_;
    QString pki_;
    SandboxProcess sandbox_;

    // A second kiosk certificate (CN GD-DEV-0002) from the same demo CA: kiosk2.crt / kiosk2.key.
    QString makeSecondKiosk()
    {
        QFile ext(QDir(pki_).filePath(QStringLiteral("kiosk2.ext")));
        if (!ext.open(QIODevice::WriteOnly))
            return ext.errorString();
        ext.write("basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n"
                  "extendedKeyUsage=clientAuth\n");
        ext.close();
        const QList<QStringList> steps{
            {"genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "kiosk2.key"},
            {"req", "-new", "-key", "kiosk2.key", "-subj", "/CN=GD-DEV-0002", "-out", "kiosk2.csr"},
            {"x509", "-req", "-in", "kiosk2.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-days", "30",
             "-extfile", "kiosk2.ext", "-out", "kiosk2.crt"}};
        for (const QStringList &args : steps) {
            QProcess p;
            p.setWorkingDirectory(pki_);
            p.setProcessChannelMode(QProcess::MergedChannels);
            p.start(QStringLiteral("openssl"), args);
            if (!p.waitForFinished(30000) || p.exitCode() != 0)
                return QStringLiteral("openssl %1: %2").arg(args.first(), QString::fromLocal8Bit(p.readAll()));
        }
        return {};
    }

    Response heartbeat(const QString &certificate, const QJsonObject &body)
    {
        TlsOptions tls;
        tls.certificate = certificate;
        auto c = sandbox_.client(tls);
        return c->request("POST", "/v1/heartbeat", QJsonDocument(body).toJson(QJsonDocument::Compact),
                          {{"X-Kiosk-Id", body.value("kiosk_id").toString().toLatin1()},
                           {"X-Request-Id", QUuid::createUuid().toByteArray(QUuid::WithoutBraces)},
                           {"Content-Type", "application/json"}});
    }

    static QJsonObject healthyHeartbeat()
    {
        return QJsonObject{
            {"kiosk_id", "GD-DEV-0001"},
            {"app_version", "0.1.0"},
            {"devices",
             QJsonArray{QJsonObject{{"kind", "idcard_reader"}, {"status", "online"}, {"detail", "ready"}},
                        QJsonObject{{"kind", "receipt_printer"}, {"status", "online"}, {"detail", "ready"}}}},
            {"queue", QJsonObject{{"pending", 0}, {"dead", 0}, {"oldest_age_s", 0}}},
            {"last_sync", QDateTime::currentDateTime().addSecs(-90).toOffsetFromUtc(8 * 3600).toString(Qt::ISODate)}};
    }

    static QJsonObject faultyHeartbeat()
    {
        return QJsonObject{
            {"kiosk_id", "GD-DEV-0002"},
            {"app_version", "0.0.9"},
            {"devices",
             QJsonArray{QJsonObject{{"kind", "idcard_reader"}, {"status", "online"}, {"detail", "ready"}},
                        QJsonObject{{"kind", "receipt_printer"}, {"status", "user_error"}, {"detail", "paper out"}},
                        QJsonObject{{"kind", "code_scanner"}, {"status", "offline"}, {"detail", "<b>no answer</b>"}}}},
            {"queue", QJsonObject{{"pending", 4}, {"dead", 1}, {"oldest_age_s", 2 * 86400 + 5 * 3600}}},
            {"last_sync", QJsonValue::Null}};
    }

    QJsonObject signedSelftest(const QString &kioskId, const QByteArray &keyPem)
    {
        const QJsonObject report{
            {"kind", "selftest"},
            {"v", 1},
            {"kiosk_id", kioskId},
            {"at", QDateTime::currentDateTime().toOffsetFromUtc(8 * 3600).toString(Qt::ISODate)},
            {"app_version", "0.1.0"},
            {"versions", QJsonObject{{"app", "0.1.0"}}},
            {"passed", QJsonArray{"idcard_reader", "receipt_printer"}},
            {"failed", QJsonArray{}},
            {"checks", QJsonArray{QJsonObject{{"name", "idcard_reader"}, {"passed", true}, {"detail", "ok"}},
                                  QJsonObject{{"name", "receipt_printer"}, {"passed", true}, {"detail", "ok"}}}}};
        QString error;
        const QJsonObject s = queue::signJson(report, keyPem, &error);
        if (s.isEmpty())
            qWarning() << error;
        return s;
    }

    QByteArray page()
    {
        const Response r = sandbox_.control("GET", "/fleet");
        return r.status == 200 ? r.body : QByteArray();
    }

private slots:
    void initTestCase()
    {
        QVERIFY(tmp_.isValid());
        pki_ = tmp_.filePath(QStringLiteral("pki"));
        QString why = makeDemoPki(pki_);
        QVERIFY2(why.isEmpty(), qPrintable(why));
        why = makeSecondKiosk();
        QVERIFY2(why.isEmpty(), qPrintable(why));
        why = sandbox_.start(pki_);
        QVERIFY2(why.isEmpty(), qPrintable(why));
    }

    void page_listsBothKiosks_flagsTheFaultyOne_andKeepsTheSelftest()
    {
        QJsonObject hb1 = healthyHeartbeat();
        const QJsonObject report = signedSelftest("GD-DEV-0001", readFile(QDir(pki_).filePath("kiosk.key")));
        QVERIFY(!report.isEmpty());
        hb1.insert("selftest", report);
        Response r = heartbeat("kiosk", hb1);
        QVERIFY2(r.status == 200, qPrintable(r.describe()));
        // The next heartbeat carries no report: the page still shows the last one.
        r = heartbeat("kiosk", healthyHeartbeat());
        QVERIFY2(r.status == 200, qPrintable(r.describe()));
        r = heartbeat("kiosk2", faultyHeartbeat());
        QVERIFY2(r.status == 200, qPrintable(r.describe()));

        const Response resp = sandbox_.control("GET", "/fleet");
        QCOMPARE(resp.status, 200);
        QVERIFY(resp.header("Content-Type").startsWith("text/html"));
        QVERIFY(resp.header("Content-Security-Policy").contains("default-src 'none'"));
        const QString html = QString::fromUtf8(resp.body);
        const int row1 = html.indexOf("data-kiosk=\"GD-DEV-0001\"");
        const int row2 = html.indexOf("data-kiosk=\"GD-DEV-0002\"");
        QVERIFY(row1 > 0 && row2 > row1);
        const QString healthy = html.mid(row1, row2 - row1);
        const QString faulty = html.mid(row2);
        QVERIFY2(healthy.contains("badge ok"), qPrintable(healthy));
        QVERIFY(healthy.contains("passed</span> (2 checks)"));
        QVERIFY(healthy.contains("signature verified"));
        QVERIFY(healthy.contains("2 heartbeats"));
        QVERIFY(faulty.contains("needs attention"));
        QVERIFY(faulty.contains("<b>receipt_printer</b>: user_error"));
        QVERIFY(faulty.contains("paper out"));
        QVERIFY(faulty.contains("2 d 5 h"));
        QVERIFY(faulty.contains("dead letters"));
        QVERIFY(faulty.contains("old queue"));
        QVERIFY(faulty.contains("none received"));
        // What a kiosk sends is text, never markup.
        QVERIFY(faulty.contains("&lt;b&gt;no answer&lt;/b&gt;"));
        QVERIFY(!html.contains("<b>no answer</b>"));
        QVERIFY(html.contains("2 kiosks"));
        QVERIFY(html.contains("1 need attention"));
    }

    void page_aReportSignedWithAnotherKey_isShownUnverified()
    {
        // Signed with kiosk 2's key but sent over kiosk 1's connection.
        QJsonObject hb = healthyHeartbeat();
        hb.insert("selftest", signedSelftest("GD-DEV-0001", readFile(QDir(pki_).filePath("kiosk2.key"))));
        const Response r = heartbeat("kiosk", hb);
        QVERIFY2(r.status == 200, qPrintable(r.describe()));
        const QString html = QString::fromUtf8(page());
        QVERIFY(html.contains("signature NOT verified: the signature does not match"));
        hb.insert("selftest", "not a report");
        QCOMPARE(heartbeat("kiosk", hb).status, 422);
    }

    void control_refusesWhatAForeignWebPageCouldSend()
    {
        auto send = [this](const QByteArray &raw) {
            auto c = RawClient::plain(sandbox_.controlPort());
            if (!c->sendRaw(raw))
                return 0;
            QByteArray answer;
            while (c->socket()->waitForReadyRead(5000)) {
                answer += c->socket()->readAll();
                if (answer.contains("\r\n\r\n"))
                    break;
            }
            return answer.mid(9, 3).toInt();
        };
        // DNS rebinding: a name that resolved to 127.0.0.1 but is not ours.
        QCOMPARE(send("GET /control/submissions HTTP/1.1\r\nHost: attacker.example:80\r\n\r\n"), 403);
        // A cross-site form post.
        QCOMPARE(send("POST /control/reset HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: https://attacker.example\r\n"
                      "Content-Type: text/plain\r\nContent-Length: 0\r\n\r\n"),
                 403);
        QCOMPARE(
            send("GET /fleet HTTP/1.1\r\nHost: localhost:" + QByteArray::number(sandbox_.controlPort()) + "\r\n\r\n"),
            200);
        // The page itself (same origin) and tools without an Origin still work.
        QCOMPARE(send("POST /control/config HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: http://127.0.0.1:" +
                      QByteArray::number(sandbox_.controlPort()) +
                      "\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"),
                 200);
        QVERIFY(!page().isEmpty()); // the reset above was refused
        QVERIFY(page().contains("GD-DEV-0002"));
    }

    void page_inHeadlessChromium_showsBothKiosksAndTheFault()
    {
        QString chromium = QStandardPaths::findExecutable(QStringLiteral("chromium"));
        if (chromium.isEmpty())
            QSKIP("SKIP: chromium is not installed (packaging/install-deps.sh installs it); the page was checked "
                  "over HTTP only");
        const QString url = QStringLiteral("http://127.0.0.1:%1/fleet").arg(sandbox_.controlPort());
        auto runChromium = [&](const QStringList &extra, QByteArray *out) {
            QTemporaryDir profile;
            QProcess p;
            p.setStandardErrorFile(QProcess::nullDevice());
            p.start(chromium,
                    QStringList{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                                "--user-data-dir=" + profile.path()} +
                        extra + QStringList{url});
            // The event loop keeps the sandbox's pipes drained meanwhile.
            QTRY_VERIFY_WITH_TIMEOUT(p.state() == QProcess::NotRunning, 90000);
            QCOMPARE(p.exitStatus(), QProcess::NormalExit);
            *out = p.readAllStandardOutput();
        };
        QByteArray dom;
        runChromium({"--dump-dom"}, &dom);
        QVERIFY2(dom.contains("<h1>Kiosk fleet</h1>"), dom.left(2000).constData());
        QVERIFY(dom.contains("data-kiosk=\"GD-DEV-0001\""));
        QVERIFY(dom.contains("data-kiosk=\"GD-DEV-0002\""));
        QVERIFY(dom.contains("paper out"));
        QVERIFY(dom.contains("needs attention"));
        QVERIFY(!dom.contains("<b>no answer</b>"));

        const QString shots = qEnvironmentVariable("KIOSK_BINARY_DIR") + QStringLiteral("/screenshots");
        QDir().mkpath(shots);
        const QString png = shots + QStringLiteral("/fleet_page.png");
        QFile::remove(png);
        QByteArray ignored;
        runChromium({"--screenshot=" + png, "--window-size=1400,700", "--hide-scrollbars"}, &ignored);
        QFile f(png);
        QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(png));
        QVERIFY(f.read(8) == QByteArray("\x89PNG\r\n\x1a\n", 8));
        QVERIFY(f.size() > 10000); // a rendered table, not a blank page
        qInfo().noquote() << "fleet page screenshot:" << png;
    }

    void cleanupTestCase() { sandbox_.stop(); }
};

QTEST_GUILESS_MAIN(TestFleetPage)
#include "test_fleet_page.moc"
