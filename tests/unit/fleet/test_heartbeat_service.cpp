// The heartbeat service against a scripted platform: the body's members, a beat at start and on every tick, commands
// emitted once each (repeated ids and unknown names ignored), never two heartbeats in flight, Retry-After honoured,
// a self-test carried until accepted, and the real timer's pace.
#include <QSignalSpy>
#include <QTest>

#include "app/fleet/heartbeat_service.h"
#include "scripted_platform.h"

using namespace kiosk;
using namespace kiosk::test;

namespace {

class ManualTimer final : public app::HeartbeatTimer
{
public:
    void start(qint64 intervalMs, std::function<void()> onTick) override
    {
        interval = intervalMs;
        tick_ = std::move(onTick);
    }
    void stop() override { tick_ = nullptr; }
    void tick()
    {
        if (tick_)
            tick_();
    }
    qint64 interval = 0;

private:
    std::function<void()> tick_;
};

// A service with a scripted platform, a manual timer and a manual monotonic clock.
struct Rig {
    std::shared_ptr<ScriptedPlatform> shared = std::make_shared<ScriptedPlatform>();
    ScriptedPlatform *platform = shared.get();
    ManualTimer *timer = nullptr;
    qint64 mono = 1'000'000;
    std::unique_ptr<app::HeartbeatService> service;

    explicit Rig(app::HeartbeatProviders providers = {}, bool manualTimer = true, qint64 intervalMs = 60'000)
    {
        app::HeartbeatSettings s;
        s.kioskId = QStringLiteral("GD-DEV-0001");
        s.appVersion = QStringLiteral("0.1.0");
        s.intervalMs = intervalMs;
        service = std::make_unique<app::HeartbeatService>(s, std::move(providers),
                                                          [p = shared]() -> std::unique_ptr<queue::PlatformClient> {
                                                              return std::make_unique<ForwardingPlatform>(p);
                                                          });
        if (manualTimer) {
            auto t = std::make_unique<ManualTimer>();
            timer = t.get();
            service->setTimer(std::move(t));
        }
        service->setMonotonicClock([this] { return mono; });
    }
    // Waits until `n` heartbeats have finished.
    bool waitFinished(QSignalSpy &finished, int n)
    {
        return QTest::qWaitFor([&] { return finished.size() >= n; }, 5000);
    }
};

} // namespace

class TestHeartbeatService : public QObject
{
    Q_OBJECT

private slots:
    void body_carriesTheContractMembers()
    {
        app::HeartbeatProviders p;
        p.devices = [] {
            return QList<app::DeviceReport>{
                {QStringLiteral("idcard"), QStringLiteral("ready"), QStringLiteral("ok")},
                {QStringLiteral("receipt_printer"), QStringLiteral("degraded"), QStringLiteral("paper low")}};
        };
        p.queue = [] { return app::QueueFigures{3, 1, 120}; };
        p.lastSync = [] { return QDateTime(QDate(2025, 3, 1), QTime(1, 2, 3), Qt::UTC); };
        Rig rig(p);
        const QJsonObject b = rig.service->buildBody();
        QCOMPARE(b.value(QLatin1String("kiosk_id")).toString(), QStringLiteral("GD-DEV-0001"));
        QCOMPARE(b.value(QLatin1String("app_version")).toString(), QStringLiteral("0.1.0"));
        const QJsonArray devices = b.value(QLatin1String("devices")).toArray();
        QCOMPARE(devices.size(), 2);
        QCOMPARE(devices[1].toObject().value(QLatin1String("status")).toString(), QStringLiteral("degraded"));
        QCOMPARE(devices[1].toObject().value(QLatin1String("detail")).toString(), QStringLiteral("paper low"));
        const QJsonObject q = b.value(QLatin1String("queue")).toObject();
        QCOMPARE(q.value(QLatin1String("pending")).toInt(), 3);
        QCOMPARE(q.value(QLatin1String("dead")).toInt(), 1);
        QCOMPARE(q.value(QLatin1String("oldest_age_s")).toInt(), 120);
        QCOMPARE(b.value(QLatin1String("last_sync")).toString(), QStringLiteral("2025-03-01T09:02:03+08:00"));
        QVERIFY(!b.contains(QLatin1String("selftest")));
    }

    void body_withoutProviders_isStillValid()
    {
        Rig rig;
        const QJsonObject b = rig.service->buildBody();
        QVERIFY(b.value(QLatin1String("devices")).isArray());
        QVERIFY(b.value(QLatin1String("last_sync")).isNull());
        QCOMPARE(b.value(QLatin1String("queue")).toObject().value(QLatin1String("oldest_age_s")).toInt(-1), 0);
    }

    void start_sendsAtOnce_andOnEveryTick()
    {
        Rig rig;
        QSignalSpy finished(rig.service.get(), &app::HeartbeatService::heartbeatFinished);
        QVERIFY(rig.service->start());
        QVERIFY(!rig.service->start());
        QCOMPARE(rig.timer->interval, 60'000);
        QVERIFY(rig.waitFinished(finished, 1));
        rig.timer->tick();
        QVERIFY(rig.waitFinished(finished, 2));
        rig.timer->tick();
        QVERIFY(rig.waitFinished(finished, 3));
        QCOMPARE(rig.platform->heartbeatCount(), 3);
        QCOMPARE(finished.last().at(0).toBool(), true);
        QCOMPARE(rig.service->stats().succeeded, 3);
        QVERIFY(rig.service->stop());
    }

    void commands_areEmittedOnceEach_withTheirOwnSignal()
    {
        Rig rig;
        rig.platform->scriptHeartbeat(
            httpAnswer(200, commandsAnswer({{QStringLiteral("c1"), QStringLiteral("refresh_catalogue")},
                                            {QStringLiteral("c2"), QStringLiteral("sync_now")},
                                            {QStringLiteral("c3"), QStringLiteral("send_selftest")}})));
        QSignalSpy refresh(rig.service.get(), &app::HeartbeatService::refreshCatalogueRequested);
        QSignalSpy sync(rig.service.get(), &app::HeartbeatService::syncNowRequested);
        QSignalSpy selftest(rig.service.get(), &app::HeartbeatService::selftestRequested);
        QSignalSpy any(rig.service.get(), &app::HeartbeatService::commandReceived);
        QSignalSpy version(rig.service.get(), &app::HeartbeatService::configVersionSeen);
        QSignalSpy finished(rig.service.get(), &app::HeartbeatService::heartbeatFinished);
        rig.service->start();
        QVERIFY(rig.waitFinished(finished, 1));
        QCOMPARE(refresh.size(), 1);
        QCOMPARE(refresh[0][0].toString(), QStringLiteral("c1"));
        QCOMPARE(sync.size(), 1);
        QCOMPARE(sync[0][0].toString(), QStringLiteral("c2"));
        QCOMPARE(selftest.size(), 1);
        QCOMPARE(any.size(), 3);
        QCOMPARE(any[2][1].toString(), QStringLiteral("send_selftest"));
        QCOMPARE(version.size(), 1);
        QCOMPARE(version[0][0].toString(), QStringLiteral("1"));
    }

    void repeatedCommandId_isDeliveredOnce()
    {
        Rig rig;
        const auto same = httpAnswer(200, commandsAnswer({{QStringLiteral("c9"), QStringLiteral("sync_now")}}));
        rig.platform->scriptHeartbeat(same);
        rig.platform->scriptHeartbeat(same); // the platform resent it (its answer to us was lost, say)
        rig.platform->scriptHeartbeat(
            httpAnswer(200, commandsAnswer({{QStringLiteral("c9"), QStringLiteral("sync_now")},
                                            {QStringLiteral("c10"), QStringLiteral("sync_now")},
                                            {QStringLiteral("c10"), QStringLiteral("sync_now")}})));
        QSignalSpy sync(rig.service.get(), &app::HeartbeatService::syncNowRequested);
        QSignalSpy finished(rig.service.get(), &app::HeartbeatService::heartbeatFinished);
        rig.service->start();
        QVERIFY(rig.waitFinished(finished, 1));
        rig.timer->tick();
        QVERIFY(rig.waitFinished(finished, 2));
        rig.timer->tick();
        QVERIFY(rig.waitFinished(finished, 3));
        QCOMPARE(sync.size(), 2);
        QCOMPARE(sync[0][0].toString(), QStringLiteral("c9"));
        QCOMPARE(sync[1][0].toString(), QStringLiteral("c10"));
        QCOMPARE(rig.service->stats().ignored, 3);
    }

    void unknownAndMalformedCommands_areIgnored()
    {
        Rig rig;
        QJsonObject answer = commandsAnswer({{QStringLiteral("u1"), QStringLiteral("reboot_now")},
                                             {QString(), QStringLiteral("sync_now")},
                                             {QStringLiteral("ok1"), QStringLiteral("refresh_catalogue")}});
        QJsonArray list = answer.value(QLatin1String("commands")).toArray();
        list.append(QStringLiteral("not an object"));
        answer.insert(QStringLiteral("commands"), list);
        rig.platform->scriptHeartbeat(httpAnswer(200, answer));
        QSignalSpy any(rig.service.get(), &app::HeartbeatService::commandReceived);
        QSignalSpy finished(rig.service.get(), &app::HeartbeatService::heartbeatFinished);
        rig.service->start();
        QVERIFY(rig.waitFinished(finished, 1));
        QCOMPARE(any.size(), 1);
        QCOMPARE(any[0][1].toString(), QStringLiteral("refresh_catalogue"));
        QCOMPARE(rig.service->stats().ignored, 3);
    }

    void slowPlatform_neverHasTwoHeartbeatsInFlight()
    {
        Rig rig;
        rig.platform->heartbeatDelayMs = 300;
        QSignalSpy finished(rig.service.get(), &app::HeartbeatService::heartbeatFinished);
        rig.service->start();
        for (int i = 0; i < 5; ++i)
            rig.timer->tick(); // all while the first one is still on the wire
        QVERIFY(rig.waitFinished(finished, 1));
        QTest::qWait(400);
        QCOMPARE(rig.platform->maxConcurrentHeartbeats(), 1);
        QCOMPARE(rig.service->stats().skippedBusy, 5);
        QCOMPARE(rig.platform->heartbeatCount(), 1);
    }

    void explicitBeatDuringAFlight_isSentRightAfterIt()
    {
        Rig rig;
        rig.platform->heartbeatDelayMs = 200;
        QSignalSpy finished(rig.service.get(), &app::HeartbeatService::heartbeatFinished);
        rig.service->start();
        rig.service->beatNow();
        QVERIFY(rig.waitFinished(finished, 2));
        QCOMPARE(rig.platform->heartbeatCount(), 2);
    }

    void retryAfter_holdsTheNextBeatsBack()
    {
        Rig rig;
        queue::ApiResult busy = problemAnswer(503, QStringLiteral("maintenance"));
        busy.retryAfterMs = 180'000;
        rig.platform->scriptHeartbeat(busy);
        QSignalSpy finished(rig.service.get(), &app::HeartbeatService::heartbeatFinished);
        rig.service->start();
        QVERIFY(rig.waitFinished(finished, 1));
        QCOMPARE(finished[0][0].toBool(), false);
        rig.mono += 60'000;
        rig.timer->tick();
        rig.mono += 60'000;
        rig.timer->tick();
        QTest::qWait(50);
        QCOMPARE(rig.platform->heartbeatCount(), 1);
        QCOMPARE(rig.service->stats().skippedHeld, 2);
        rig.mono += 60'000;
        rig.timer->tick();
        QVERIFY(rig.waitFinished(finished, 2));
        QCOMPARE(finished[1][0].toBool(), true);
    }

    void failure_isReported_andTheNextTickTriesAgain()
    {
        Rig rig;
        rig.platform->scriptHeartbeat(networkDown());
        QSignalSpy finished(rig.service.get(), &app::HeartbeatService::heartbeatFinished);
        rig.service->start();
        QVERIFY(rig.waitFinished(finished, 1));
        QCOMPARE(finished[0][0].toBool(), false);
        QVERIFY(!finished[0][1].toString().isEmpty());
        QVERIFY(!rig.service->stats().lastError.isEmpty());
        rig.timer->tick();
        QVERIFY(rig.waitFinished(finished, 2));
        QCOMPARE(finished[1][0].toBool(), true);
        QVERIFY(rig.service->stats().lastError.isEmpty());
    }

    void selftest_isCarriedUntilAHeartbeatWithItIsAccepted()
    {
        Rig rig;
        QSignalSpy finished(rig.service.get(), &app::HeartbeatService::heartbeatFinished);
        rig.service->start();
        QVERIFY(rig.waitFinished(finished, 1));
        rig.platform->scriptHeartbeat(problemAnswer(500, QStringLiteral("oops")));
        const QJsonObject report{{QStringLiteral("kind"), QStringLiteral("selftest")},
                                 {QStringLiteral("signature"), QStringLiteral("c2ln")}};
        rig.service->attachSelftest(report); // sent at once
        QVERIFY(rig.waitFinished(finished, 2));
        rig.timer->tick();
        QVERIFY(rig.waitFinished(finished, 3));
        rig.timer->tick();
        QVERIFY(rig.waitFinished(finished, 4));
        const QList<QJsonObject> bodies = rig.platform->heartbeats();
        QVERIFY(!bodies[0].contains(QLatin1String("selftest")));
        QCOMPARE(bodies[1].value(QLatin1String("selftest")).toObject(), report); // refused (500)
        QCOMPARE(bodies[2].value(QLatin1String("selftest")).toObject(), report); // accepted
        QVERIFY(!bodies[3].contains(QLatin1String("selftest")));
    }

    void realTimer_beatsAtTheConfiguredPace()
    {
        Rig rig({}, false, 100);
        QSignalSpy finished(rig.service.get(), &app::HeartbeatService::heartbeatFinished);
        QElapsedTimer t;
        t.start();
        rig.service->start();
        QTest::qWait(1050);
        rig.service->stop();
        const int beats = rig.platform->heartbeatCount();
        // One at start and about one per 100 ms; a busy shared machine may delay a few timer events.
        QVERIFY2(beats >= 6 && beats <= 13,
                 qPrintable(QStringLiteral("%1 beats in %2 ms").arg(beats).arg(t.elapsed())));
    }

    void stop_isPromptAndRepeatable()
    {
        Rig rig;
        rig.service->start();
        QElapsedTimer t;
        t.start();
        QVERIFY(rig.service->stop());
        QVERIFY(rig.service->stop());
        QVERIFY(!rig.service->isRunning());
        QVERIFY(t.elapsed() < 2000);
        rig.service->beatNow(); // harmless when stopped
    }
};

QTEST_GUILESS_MAIN(TestHeartbeatService)
#include "test_heartbeat_service.moc"
