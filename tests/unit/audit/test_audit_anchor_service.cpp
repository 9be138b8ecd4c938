// The anchor service: passes run on its own thread (never the caller's), requests made while one runs coalesce into
// one more pass, a grown chain is anchored again, a 409 raises one alert, and stop() ends the thread.
#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include "app/audit/audit_anchor_service.h"
#include "audit_test_support.h"
#include "unit/fleet/scripted_platform.h"

using namespace kiosk;

KIOSK_OPS_QCOMPARE_BY_NAME(kiosk::app::AnchorOutcome, kiosk::app::toString)
using namespace kiosk::test;

class TestAuditAnchorService : public QObject
{
    Q_OBJECT

    static app::AuditAnchorer::ClientFactory forwardingTo(const std::shared_ptr<ScriptedPlatform> &platform,
                                                          QThread **madeOn = nullptr)
    {
        return [platform, madeOn] {
            if (madeOn)
                *madeOn = QThread::currentThread();
            return std::make_unique<ForwardingPlatform>(platform);
        };
    }

private slots:
    void anchorsOffTheCallersThread_andAgainWhenTheChainGrows()
    {
        AuditFixture f;
        auto log = f.open();
        QVERIFY(log);
        appendSample(*log, f, 3);
        auto platform = std::make_shared<ScriptedPlatform>();
        QThread *clientThread = nullptr;
        app::AuditAnchorService service(*log, forwardingTo(platform, &clientThread));
        QSignalSpy finished(&service, &app::AuditAnchorService::anchorFinished);
        QVERIFY(service.start());

        service.anchorSoon();
        QTRY_COMPARE(finished.size(), 1);
        const auto first = finished.at(0).at(0).value<app::AnchorResult>();
        QCOMPARE(first.outcome, app::AnchorOutcome::Anchored);
        QCOMPARE(first.head.seq, 3);
        QVERIFY(clientThread != nullptr);
        QVERIFY(clientThread != QThread::currentThread());
        QCOMPARE(platform->anchors().size(), 1);

        // Unchanged head: a pass runs, nothing is posted and nothing is reported.
        const int passesBefore = service.passes();
        service.anchorSoon();
        QTRY_VERIFY(service.passes() > passesBefore);
        QCOMPARE(platform->anchors().size(), 1);
        QCOMPARE(finished.size(), 1);

        appendSample(*log, f, 2);
        service.anchorSoon();
        QTRY_COMPARE(finished.size(), 2);
        QCOMPARE(platform->anchors().size(), 2);
        QCOMPARE(platform->anchors().at(1).seq, 5);
        QCOMPARE(platform->anchors().at(1).hash, log->head().hash);
        QCOMPARE(*log->lastAnchored(), log->head());
        QVERIFY(service.stop());
    }

    void requestsDuringAPass_coalesce()
    {
        AuditFixture f;
        auto log = f.open();
        QVERIFY(log);
        appendSample(*log, f, 1);
        auto platform = std::make_shared<ScriptedPlatform>();
        app::AuditAnchorService service(*log, forwardingTo(platform));
        QVERIFY(service.start());
        for (int i = 0; i < 50; ++i)
            service.anchorSoon();
        // However the 50 calls fell against the passes (a pass may start after the first few), a handful of passes
        // run, not 50, and one post is made.
        QTRY_VERIFY(service.passes() >= 1);
        QTest::qWait(200);
        QVERIFY2(service.passes() < 10, qPrintable(QString::number(service.passes())));
        QCOMPARE(platform->anchors().size(), 1);
        QVERIFY(service.stop());
    }

    void conflict_raisesOneAlert()
    {
        AuditFixture f;
        auto log = f.open();
        QVERIFY(log);
        appendSample(*log, f, 2);
        auto platform = std::make_shared<ScriptedPlatform>();
        platform->scriptAnchor(problemAnswer(409, QStringLiteral("seq 2 does not grow")));
        app::AuditAnchorService service(*log, forwardingTo(platform));
        QSignalSpy alerts(&service, &app::AuditAnchorService::alert);
        QVERIFY(service.start());
        service.anchorSoon();
        QTRY_COMPARE(alerts.size(), 1);
        QVERIFY(alerts.at(0).at(0).toString().contains(QStringLiteral("seq 2")));
        const int passesBefore = service.passes();
        service.anchorSoon();
        QTRY_VERIFY(service.passes() > passesBefore);
        QCOMPARE(alerts.size(), 1); // the refused head is not reposted
        QCOMPARE(platform->anchors().size(), 1);
        QVERIFY(service.stop());
    }

    void failure_isTriedAgainOnTheNextRequest()
    {
        AuditFixture f;
        auto log = f.open();
        QVERIFY(log);
        appendSample(*log, f, 2);
        auto platform = std::make_shared<ScriptedPlatform>();
        platform->scriptAnchor(networkDown());
        app::AuditAnchorService service(*log, forwardingTo(platform));
        QSignalSpy finished(&service, &app::AuditAnchorService::anchorFinished);
        QVERIFY(service.start());
        service.anchorSoon();
        QTRY_COMPARE(finished.size(), 1);
        QCOMPARE(finished.at(0).at(0).value<app::AnchorResult>().outcome, app::AnchorOutcome::Failed);
        QVERIFY(!log->lastAnchored());
        service.anchorSoon();
        QTRY_COMPARE(finished.size(), 2);
        QCOMPARE(finished.at(1).at(0).value<app::AnchorResult>().outcome, app::AnchorOutcome::Anchored);
        QCOMPARE(*log->lastAnchored(), log->head());
        QVERIFY(service.stop());
        QVERIFY(service.stop()); // twice is harmless
        service.anchorSoon();    // after stop: ignored, no crash
    }
};

QTEST_GUILESS_MAIN(TestAuditAnchorService)
#include "test_audit_anchor_service.moc"
