// The audit anchor against the real platform-sandbox process over mutual TLS: 204 for a new head, nothing sent for
// an unchanged one, 204 for an identical repeat (a lost answer), 409 for a chain restarted below the anchored seq.
#include <QTest>

#include "app/audit/audit_anchorer.h"
#include "audit_test_support.h"
#include "integration/sandbox/sandbox_harness.h"
#include "offline_queue/curl_platform_client.h"

using namespace kiosk;

KIOSK_OPS_QCOMPARE_BY_NAME(kiosk::app::AnchorOutcome, kiosk::app::toString)
using namespace kiosk::test;

class TestAuditSandbox : public QObject
{
    Q_OBJECT

    QTemporaryDir pki_;
    SandboxProcess sandbox_;

    QJsonObject anchorAtSandbox()
    {
        const QJsonArray anchors =
            sandbox_.control("GET", "/control/state").json().value(QLatin1String("anchors")).toArray();
        return anchors.isEmpty() ? QJsonObject() : anchors.first().toObject();
    }

private slots:
    void initTestCase()
    {
        if (!QFile::exists(QStringLiteral(KIOSK_SANDBOX_BINARY)))
            QSKIP("platform-sandbox is not built");
        QVERIFY(pki_.isValid());
        const QString pkiError = makeDemoPki(pki_.path());
        QVERIFY2(pkiError.isEmpty(), qPrintable(pkiError));
        const QString error = sandbox_.start(pki_.path());
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void anchor_lifecycle_againstTheSandbox()
    {
        AuditFixture f;
        auto log = f.open();
        QVERIFY(log);
        appendSample(*log, f, 5);
        queue::CurlPlatformClient client(sandbox_.clientConfig());
        QVERIFY2(client.configProblem().isEmpty(), qPrintable(client.configProblem()));
        app::AuditAnchorer anchorer(*log, client);

        app::AnchorResult r = anchorer.anchorIfChanged();
        QVERIFY2(r.outcome == app::AnchorOutcome::Anchored, qPrintable(r.detail));
        QCOMPARE(r.httpStatus, 204);
        QCOMPARE(anchorAtSandbox().value(QLatin1String("seq")).toInteger(), 5);
        QCOMPARE(anchorAtSandbox().value(QLatin1String("head_hash")).toString(), log->head().hash);
        QCOMPARE(anchorer.anchorIfChanged().outcome, app::AnchorOutcome::Unchanged);

        // The identical repeat: the kiosk lost the answer (its record of the anchor is gone), posts the same head.
        const queue::ApiResult repeat = client.postAuditAnchor(log->head().seq, log->head().hash);
        QCOMPARE(repeat.httpStatus, 204);

        appendSample(*log, f, 2);
        r = anchorer.anchorIfChanged();
        QVERIFY2(r.outcome == app::AnchorOutcome::Anchored, qPrintable(r.detail));
        QCOMPARE(anchorAtSandbox().value(QLatin1String("seq")).toInteger(), 7);

        // A chain restarted from scratch (file replaced) cannot anchor below what the platform holds: 409, alerted.
        AuditFixture other;
        auto fresh = other.open();
        appendSample(*fresh, other, 3);
        app::AuditAnchorer second(*fresh, client);
        QStringList alerts;
        second.onAlert = [&](const QString &m) { alerts << m; };
        r = second.anchorIfChanged();
        QCOMPARE(r.outcome, app::AnchorOutcome::Conflict);
        QCOMPARE(r.httpStatus, 409);
        QCOMPARE(alerts.size(), 1);
        QCOMPARE(anchorAtSandbox().value(QLatin1String("seq")).toInteger(), 7);
    }

    void cleanupTestCase() { sandbox_.stop(); }
};

QTEST_GUILESS_MAIN(TestAuditSandbox)
#include "test_audit_sandbox.moc"
