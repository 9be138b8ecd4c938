// KioskSession without any UI: navigation, idle countdown on the monotonic clock, wipe, out of service.
#include <QPointer>
#include <QSignalSpy>
#include <QTest>

#include "app/session/kiosk_session.h"
#include "app/session/service_availability.h"

using kiosk::app::KioskSession;
using kiosk::app::ManualClock;
using kiosk::app::ServiceAvailability;
using kiosk::app::SessionSettings;

class KioskSessionTest : public QObject
{
    Q_OBJECT
private slots:
    void navigationStack_pushesPopsAndGoesHome()
    {
        ManualClock clock;
        KioskSession s({}, &clock, nullptr);
        QCOMPARE(s.currentScreen(), KioskSession::kAttract);
        s.navigate(QStringLiteral("help")); // ignored before a visit begins
        QCOMPARE(s.currentScreen(), KioskSession::kAttract);
        s.begin();
        s.navigate(QStringLiteral("apply"));
        s.navigate(QStringLiteral("guide"));
        QCOMPARE(s.history(), (QStringList{"home", "apply", "guide"}));
        s.back();
        QCOMPARE(s.currentScreen(), QStringLiteral("apply"));
        s.goHome();
        QCOMPARE(s.history(), QStringList{"home"});
        s.back();
        QCOMPARE(s.currentScreen(), KioskSession::kHome);
    }

    void idle_countsDownThenWipes_onTheMonotonicClock()
    {
        ManualClock clock;
        SessionSettings settings;
        settings.idleTimeoutS = 60;
        settings.countdownS = 30;
        KioskSession s(settings, &clock, nullptr);
        QSignalSpy started(&s, &KioskSession::idleCountdownStarted);
        QSignalSpy wiped(&s, &KioskSession::wiped);
        s.begin();
        clock.advanceMs(59'999);
        s.tick();
        QCOMPARE(started.count(), 0);
        clock.advanceMs(1);
        s.tick();
        QCOMPARE(started.count(), 1);
        QCOMPARE(started.at(0).at(0).toInt(), 30);
        clock.advanceMs(29'999);
        s.tick();
        QCOMPARE(wiped.count(), 0);
        clock.advanceMs(1);
        s.tick();
        QCOMPARE(wiped.count(), 1);
        QCOMPARE(wiped.at(0).at(0).value<KioskSession::WipeReason>(), KioskSession::WipeReason::IdleTimeout);
        QCOMPARE(s.stage(), KioskSession::Stage::Attract);
    }

    void attractScreen_neverTimesOut()
    {
        ManualClock clock;
        KioskSession s({}, &clock, nullptr);
        QSignalSpy wiped(&s, &KioskSession::wiped);
        clock.advanceMs(24 * 3600 * 1000LL);
        s.tick();
        QCOMPARE(wiped.count(), 0);
    }

    void careMode_doublesTheIdleTimeout()
    {
        ManualClock clock;
        KioskSession s({}, &clock, nullptr);
        QSignalSpy started(&s, &KioskSession::idleCountdownStarted);
        s.begin();
        s.setCareMode(true);
        QCOMPARE(s.idleTimeoutS(), 120);
        clock.advanceMs(119'000);
        s.tick();
        QCOMPARE(started.count(), 0);
        clock.advanceMs(1'000);
        s.tick();
        QCOMPARE(started.count(), 1);
    }

    void wipe_destroysVisitObjects_runsHooks_andResetsLanguageAndCare()
    {
        ManualClock clock;
        SessionSettings settings;
        settings.defaultLanguage = QStringLiteral("zh_HK");
        KioskSession s(settings, &clock, nullptr);
        s.begin();
        const QString firstVisit = s.visitId();
        QPointer<QObject> held(new QObject(s.visitScope()));
        int hooks = 0;
        s.addWipeHook([&] { ++hooks; });
        s.setLanguage(QStringLiteral("en"));
        s.setCareMode(true);
        s.finish();
        QVERIFY(held.isNull());
        QCOMPARE(hooks, 1);
        QCOMPARE(s.language(), QStringLiteral("zh_HK"));
        QVERIFY(!s.careMode());
        QVERIFY(s.visitId().isEmpty());
        s.begin();
        QVERIFY(s.visitId() != firstVisit);
    }

    void unavailablePart_takesTheKioskOutOfServiceAfterTheVisit_andBack()
    {
        ManualClock clock;
        ServiceAvailability availability;
        KioskSession s({}, &clock, &availability);
        QSignalSpy wiped(&s, &KioskSession::wiped);
        s.begin();
        s.navigate(QStringLiteral("help"));
        availability.setPartAvailable(QStringLiteral("storage"), false, QStringLiteral("disk full"));
        // The citizen mid-visit keeps their screen; nothing is wiped under them.
        QCOMPARE(s.stage(), KioskSession::Stage::Visit);
        QCOMPARE(s.currentScreen(), QStringLiteral("help"));
        QCOMPARE(wiped.count(), 0);
        s.finish();
        QCOMPARE(s.stage(), KioskSession::Stage::OutOfService);
        QCOMPARE(s.currentScreen(), KioskSession::kOutOfService);
        QCOMPARE(availability.reason(), QStringLiteral("disk full"));
        s.begin();
        QCOMPARE(s.stage(), KioskSession::Stage::OutOfService);
        availability.setPartAvailable(QStringLiteral("storage"), true);
        QCOMPARE(s.stage(), KioskSession::Stage::Attract);
    }

    void unavailablePartWhileIdle_takesTheKioskOutOfServiceAtOnce()
    {
        ManualClock clock;
        ServiceAvailability availability;
        KioskSession s({}, &clock, &availability);
        availability.setPartAvailable(QStringLiteral("receipt_printer"), false, QStringLiteral("paper out"));
        QCOMPARE(s.stage(), KioskSession::Stage::OutOfService);
    }

    void outOfServiceAtStart_isHonoured()
    {
        ManualClock clock;
        ServiceAvailability availability;
        availability.setPartAvailable(QStringLiteral("idcard_reader"), false, QStringLiteral("no reader"));
        KioskSession s({}, &clock, &availability);
        QCOMPARE(s.stage(), KioskSession::Stage::OutOfService);
    }
};

QTEST_GUILESS_MAIN(KioskSessionTest)
#include "test_kiosk_session.moc"
