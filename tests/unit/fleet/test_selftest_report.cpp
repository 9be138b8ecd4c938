// The signed self-test report: what passed and failed and the versions, signed with the kiosk's P-256 key; a changed
// report, another key or a missing signature do not verify; a non-P-256 key is refused.
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include "app/fleet/selftest_report.h"
#include "test_keys.h"

using namespace kiosk;
using test::KeyPair;
using test::makeKey;

namespace {

app::SelftestReport sampleReport()
{
    app::SelftestReport r;
    r.kioskId = QStringLiteral("GD-DEV-0001");
    r.at = QDateTime(QDate(2025, 3, 1), QTime(2, 0), Qt::UTC);
    r.appVersion = QStringLiteral("0.1.0");
    r.checks = {{QStringLiteral("idcard"), true, QStringLiteral("SAM answered")},
                {QStringLiteral("receipt_printer"), false, QStringLiteral("paper out")},
                {QStringLiteral("queue_database"), true, QStringLiteral("quick_check ok")}};
    return r;
}

} // namespace

class TestSelftestReport : public QObject
{
    Q_OBJECT

    KeyPair kiosk_ = makeKey(true);

private slots:
    void report_listsWhatPassedWhatFailedAndTheVersions()
    {
        const app::SelftestReport r = sampleReport();
        QVERIFY(!r.allPassed());
        const QJsonObject j = r.toJson();
        QCOMPARE(j.value(QLatin1String("kiosk_id")).toString(), QStringLiteral("GD-DEV-0001"));
        QCOMPARE(j.value(QLatin1String("at")).toString(), QStringLiteral("2025-03-01T10:00:00+08:00"));
        QCOMPARE(j.value(QLatin1String("passed")).toArray(),
                 (QJsonArray{QStringLiteral("idcard"), QStringLiteral("queue_database")}));
        const QJsonArray failed = j.value(QLatin1String("failed")).toArray();
        QCOMPARE(failed.size(), 1);
        QCOMPARE(failed[0].toObject().value(QLatin1String("name")).toString(), QStringLiteral("receipt_printer"));
        QCOMPARE(failed[0].toObject().value(QLatin1String("detail")).toString(), QStringLiteral("paper out"));
        const QJsonObject v = j.value(QLatin1String("versions")).toObject();
        for (const char *name : {"app", "qt", "openssl", "sqlite"})
            QVERIFY2(!v.value(QLatin1String(name)).toString().isEmpty(), name);
        QCOMPARE(j.value(QLatin1String("checks")).toArray().size(), 3);
    }

    void details_haveLongDigitRunsMasked()
    {
        app::SelftestReport r = sampleReport();
        r.checks = {{QStringLiteral("idcard"), false, QStringLiteral("card 440106199001011235 unreadable")}};
        const QByteArray text = QJsonDocument(r.toJson()).toJson();
        QVERIFY(!text.contains("440106199001011235"));
    }

    void signedReport_verifiesWithTheKiosksPublicKey()
    {
        QString error;
        const QJsonObject s = app::signSelftestReport(sampleReport().toJson(), kiosk_.privatePem, &error);
        QVERIFY2(!s.isEmpty(), qPrintable(error));
        QCOMPARE(s.value(QLatin1String("sig_alg")).toString(), QStringLiteral("ecdsa-p256-sha256"));
        QVERIFY(!s.value(QLatin1String("signature")).toString().isEmpty());
        QString why;
        QVERIFY2(app::verifySelftestReport(s, kiosk_.publicPem, &why), qPrintable(why));
        // Re-signing a signed report replaces its signature (it never signs its own signature).
        const QJsonObject again = app::signSelftestReport(s, kiosk_.privatePem);
        QVERIFY(app::verifySelftestReport(again, kiosk_.publicPem));
    }

    void changedReport_doesNotVerify()
    {
        QJsonObject s = app::signSelftestReport(sampleReport().toJson(), kiosk_.privatePem);
        s.insert(QStringLiteral("failed"), QJsonArray{});
        QString why;
        QVERIFY(!app::verifySelftestReport(s, kiosk_.publicPem, &why));
        QVERIFY(why.contains(QLatin1String("does not match")));
    }

    void anotherKiosksKey_doesNotVerify()
    {
        const QJsonObject s = app::signSelftestReport(sampleReport().toJson(), kiosk_.privatePem);
        QVERIFY(!app::verifySelftestReport(s, makeKey(true).publicPem));
    }

    void missingSignature_doesNotVerify()
    {
        QJsonObject s = app::signSelftestReport(sampleReport().toJson(), kiosk_.privatePem);
        s.remove(QStringLiteral("signature"));
        QVERIFY(!app::verifySelftestReport(s, kiosk_.publicPem));
        QVERIFY(!app::verifySelftestReport(sampleReport().toJson(), kiosk_.publicPem));
    }

    void rsaKey_isRefusedForSigning()
    {
        QString error;
        QVERIFY(app::signSelftestReport(sampleReport().toJson(), makeKey(false).privatePem, &error).isEmpty());
        QVERIFY(error.contains(QLatin1String("P-256")));
        QVERIFY(app::signSelftestReport(sampleReport().toJson(), "not a key", &error).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestSelftestReport)
#include "test_selftest_report.moc"
