// The audit anchor against a scripted platform: posted once per head change, 204 remembered across restarts, a lost
// answer repaired by the identical-repeat 204, 409 alerted once and not reposted, transient failures tried again.
#include <QTest>

#include "app/audit/audit_anchorer.h"
#include "audit_test_support.h"
#include "unit/fleet/scripted_platform.h"

using namespace kiosk;

KIOSK_OPS_QCOMPARE_BY_NAME(kiosk::app::AnchorOutcome, kiosk::app::toString)
using namespace kiosk::test;

class TestAuditAnchor : public QObject
{
    Q_OBJECT

private slots:
    void emptyLog_sendsNothing()
    {
        AuditFixture f;
        auto log = f.open();
        ScriptedPlatform platform;
        app::AuditAnchorer anchorer(*log, platform);
        QCOMPARE(anchorer.anchorIfChanged().outcome, app::AnchorOutcome::Empty);
        QVERIFY(platform.anchors().isEmpty());
    }

    void newHead_isPostedOnce_andRememberedAcrossRestarts()
    {
        AuditFixture f;
        ScriptedPlatform platform;
        {
            auto log = f.open();
            appendSample(*log, f, 3);
            app::AuditAnchorer anchorer(*log, platform);
            const app::AnchorResult r = anchorer.anchorIfChanged();
            QCOMPARE(r.outcome, app::AnchorOutcome::Anchored);
            QCOMPARE(r.head, log->head());
            QCOMPARE(platform.anchors().size(), 1);
            QCOMPARE(platform.anchors()[0].seq, 3);
            QCOMPARE(platform.anchors()[0].hash, log->head().hash);
            QCOMPARE(anchorer.anchorIfChanged().outcome, app::AnchorOutcome::Unchanged);
            QCOMPARE(platform.anchors().size(), 1);
        }
        auto log = f.open();
        app::AuditAnchorer anchorer(*log, platform);
        QCOMPARE(anchorer.anchorIfChanged().outcome, app::AnchorOutcome::Unchanged);
        appendSample(*log, f, 1);
        QCOMPARE(anchorer.anchorIfChanged().outcome, app::AnchorOutcome::Anchored);
        QCOMPARE(platform.anchors().size(), 2);
        QCOMPARE(platform.anchors()[1].seq, 4);
    }

    void lostAnswer_isRepairedByTheIdenticalRepeat()
    {
        AuditFixture f;
        auto log = f.open();
        appendSample(*log, f, 2);
        ScriptedPlatform platform;
        platform.scriptAnchor(networkDown(queue::NetworkError::Reset)); // the platform stored it, the answer was lost
        platform.scriptAnchor(httpAnswer(204));                         // the identical repeat
        app::AuditAnchorer anchorer(*log, platform);
        QCOMPARE(anchorer.anchorIfChanged().outcome, app::AnchorOutcome::Failed);
        QVERIFY(!log->lastAnchored());
        QCOMPARE(anchorer.anchorIfChanged().outcome, app::AnchorOutcome::Anchored);
        QCOMPARE(platform.anchors().size(), 2);
        QCOMPARE(platform.anchors()[0].seq, platform.anchors()[1].seq);
        QCOMPARE(platform.anchors()[0].hash, platform.anchors()[1].hash);
        QCOMPARE(*log->lastAnchored(), log->head());
    }

    void conflict_raisesOneAlert_andIsNotReposted_untilTheChainGrows()
    {
        AuditFixture f;
        auto log = f.open();
        appendSample(*log, f, 2);
        ScriptedPlatform platform;
        platform.scriptAnchor(problemAnswer(409, QStringLiteral("seq 2 does not grow: the last anchor is at 90")));
        app::AuditAnchorer anchorer(*log, platform);
        QStringList alerts;
        anchorer.onAlert = [&](const QString &m) { alerts << m; };
        const app::AnchorResult r = anchorer.anchorIfChanged();
        QCOMPARE(r.outcome, app::AnchorOutcome::Conflict);
        QCOMPARE(r.httpStatus, 409);
        QCOMPARE(alerts.size(), 1);
        QVERIFY(alerts[0].contains(QLatin1String("does not grow")));
        QCOMPARE(anchorer.anchorIfChanged().outcome, app::AnchorOutcome::Conflict);
        QCOMPARE(platform.anchors().size(), 1);
        QCOMPARE(alerts.size(), 1);
        QVERIFY(!log->lastAnchored());
        appendSample(*log, f, 1);
        QCOMPARE(anchorer.anchorIfChanged().outcome, app::AnchorOutcome::Anchored);
        QCOMPARE(platform.anchors().size(), 2);
    }

    void serverErrors_areTriedAgainOnTheNextCall()
    {
        AuditFixture f;
        auto log = f.open();
        appendSample(*log, f, 1);
        ScriptedPlatform platform;
        platform.scriptAnchor(problemAnswer(503, QStringLiteral("maintenance")));
        platform.scriptAnchor(networkDown(queue::NetworkError::Timeout));
        app::AuditAnchorer anchorer(*log, platform);
        QCOMPARE(anchorer.anchorIfChanged().outcome, app::AnchorOutcome::Failed);
        QCOMPARE(anchorer.anchorIfChanged().outcome, app::AnchorOutcome::Failed);
        QCOMPARE(anchorer.anchorIfChanged().outcome, app::AnchorOutcome::Anchored);
        QCOMPARE(platform.anchors().size(), 3);
    }

    void factory_makesItsClientOnFirstUseOnly()
    {
        AuditFixture f;
        auto log = f.open();
        int made = 0;
        ScriptedPlatform *last = nullptr;
        app::AuditAnchorer anchorer(*log, [&]() -> std::unique_ptr<queue::PlatformClient> {
            ++made;
            auto p = std::make_unique<ScriptedPlatform>();
            last = p.get();
            return p;
        });
        QCOMPARE(anchorer.anchorIfChanged().outcome, app::AnchorOutcome::Empty);
        QCOMPARE(made, 0);
        appendSample(*log, f, 1);
        QCOMPARE(anchorer.anchorIfChanged().outcome, app::AnchorOutcome::Anchored);
        appendSample(*log, f, 1);
        QCOMPARE(anchorer.anchorIfChanged().outcome, app::AnchorOutcome::Anchored);
        QCOMPARE(made, 1);
        QCOMPARE(last->anchors().size(), 2);
    }
};

QTEST_GUILESS_MAIN(TestAuditAnchor)
#include "test_audit_anchor.moc"
