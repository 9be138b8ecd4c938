// The technicians' maintenance menu as a technician meets it: the hidden entry gesture, PIN sign-in with wrong PINs
// and the persistent lockout, the menu's devices and queue figures, a self-test, sign out; offscreen, real auth.
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

#include "app/maintenance/maintenance_auth.h"
#include "app/maintenance/maintenance_service.h"
#include "support/kiosk_fixture.h"

using kiosk::app::KioskSession;
using kiosk::test::KioskFixture;

namespace {

const QString kTechPin = QStringLiteral("482913");
const QString kWrongPin = QStringLiteral("902741");
constexpr int kMaxFailures = 3;

// A kiosk with a maintenance service on fixed test data and a real MaintenanceAuth on a temporary folder.
// Member order matters: the window (holding the screens) goes before the service, the service before the auth.
struct MaintenanceKiosk {
    QTemporaryDir dir;
    std::unique_ptr<kiosk::app::MaintenanceAuth> auth;
    std::unique_ptr<kiosk::app::MaintenanceService> service;
    QStringList selfTests;
    int syncs = 0;
    std::unique_ptr<KioskFixture> k;

    MaintenanceKiosk()
    {
        kiosk::app::MaintenanceAuthOptions o;
        o.databasePath = dir.filePath(QStringLiteral("maintenance.sqlite"));
        o.kdfIterations = 2000; // fast for the tests
        o.maxFailures = kMaxFailures;
        auto opened = kiosk::app::MaintenanceAuth::open(o);
        if (opened.isOk()) {
            auth = std::move(opened.auth);
            if (!auth->setPin(kiosk::app::MaintenanceRole::Technician, kTechPin).isOk())
                auth.reset();
        }
        kiosk::app::MaintenanceProviders p;
        p.devices = [] {
            return QList<kiosk::app::DeviceReport>{
                {QStringLiteral("idcard"), QStringLiteral("ok"), QString()},
                {QStringLiteral("receipt_printer"), QStringLiteral("degraded"), QStringLiteral("paper low")}};
        };
        p.queueStatus = [] {
            return QJsonObject{{QStringLiteral("pending"), 7},
                               {QStringLiteral("in_flight"), 1},
                               {QStringLiteral("dead"), 2},
                               {QStringLiteral("oldest_age_s"), 345},
                               {QStringLiteral("last_sync"), QStringLiteral("2026-11-22T07:00:00Z")},
                               {QStringLiteral("error"), QString()}};
        };
        p.runSelfTest = [this](const QString &kind) { selfTests << kind; };
        p.syncNow = [this] { ++syncs; };
        service = std::make_unique<kiosk::app::MaintenanceService>(p, auth.get());
        kiosk::app::CitizenServices services;
        services.maintenance = service.get();
        k = std::make_unique<KioskFixture>(QSize(1080, 1920), kiosk::app::SessionSettings{}, false, services);
        k->session->begin();
    }

    void tapCentre(int times)
    {
        auto *centre = k->find<QLabel>(QStringLiteral("centreName"));
        QVERIFY(centre);
        for (int i = 0; i < times; ++i)
            QTest::mouseClick(centre, Qt::LeftButton);
    }

    QString loginStatus() const
    {
        auto *l = k->find<QLabel>(QStringLiteral("maintenanceLoginStatus"));
        return l ? l->text() : QString();
    }

    void enterPin(const QString &pin)
    {
        auto *edit = k->find<QLineEdit>(QStringLiteral("maintenancePin"));
        QVERIFY(edit);
        edit->setText(pin);
        QVERIFY(k->click(QStringLiteral("maintenanceSignIn")));
    }

    // Waits for the sign-in worker to answer: the status leaves "checking".
    void waitForAnswer()
    {
        QTRY_VERIFY_WITH_TIMEOUT(!loginStatus().isEmpty() && !loginStatus().contains(QStringLiteral("正在验证")),
                                 10000);
    }
};

} // namespace

class MaintenanceMenuTest : public QObject
{
    Q_OBJECT
private slots:
    void fiveTapsOnTheCentreName_openTheSignIn()
    {
        MaintenanceKiosk m;
        QVERIFY(m.auth);
        QCOMPARE(m.k->screenId(), KioskSession::kHome);
        m.tapCentre(4);
        QCOMPARE(m.k->screenId(), KioskSession::kHome);
        m.tapCentre(1);
        QCOMPARE(m.k->screenId(), QStringLiteral("maintenance_login"));
        auto *pin = m.k->find<QLineEdit>(QStringLiteral("maintenancePin"));
        QVERIFY(pin);
        QCOMPARE(pin->echoMode(), QLineEdit::Password);
        QCOMPARE(pin->property("kioskInput").toString(), QStringLiteral("digits"));
    }

    void withoutTheService_theGestureDoesNothing()
    {
        KioskFixture k;
        k.session->begin();
        auto *centre = k.find<QLabel>(QStringLiteral("centreName"));
        QVERIFY(centre);
        for (int i = 0; i < 5; ++i)
            QTest::mouseClick(centre, Qt::LeftButton);
        QCOMPARE(k.screenId(), KioskSession::kHome);
    }

    void wrongPin_saysSoWithTheAttemptsLeft()
    {
        MaintenanceKiosk m;
        m.tapCentre(5);
        m.enterPin(kWrongPin);
        m.waitForAnswer();
        QVERIFY2(m.loginStatus().contains(QStringLiteral("密码错误")), qPrintable(m.loginStatus()));
        QVERIFY2(m.loginStatus().contains(QString::number(kMaxFailures - 1)), qPrintable(m.loginStatus()));
        QCOMPARE(m.k->screenId(), QStringLiteral("maintenance_login"));
        QVERIFY(m.k->find<QLineEdit>(QStringLiteral("maintenancePin"))->text().isEmpty()); // the PIN is not kept
    }

    void afterTheConfiguredFailures_theScreenSaysLocked_evenForTheRightPin()
    {
        MaintenanceKiosk m;
        m.tapCentre(5);
        for (int i = 0; i < kMaxFailures; ++i) {
            m.enterPin(kWrongPin);
            m.waitForAnswer();
        }
        QVERIFY2(m.loginStatus().contains(QStringLiteral("锁定")), qPrintable(m.loginStatus()));
        QVERIFY2(m.loginStatus().contains(QStringLiteral("15 分钟")), qPrintable(m.loginStatus()));
        m.enterPin(kTechPin);
        m.waitForAnswer();
        QVERIFY2(m.loginStatus().contains(QStringLiteral("锁定")), qPrintable(m.loginStatus()));
        QCOMPARE(m.k->screenId(), QStringLiteral("maintenance_login"));
        QVERIFY(!m.service->role());
    }

    void rightPin_opensTheMenuWithDevicesQueueAndRole()
    {
        MaintenanceKiosk m;
        m.tapCentre(5);
        m.enterPin(kTechPin);
        QTRY_COMPARE_WITH_TIMEOUT(m.k->screenId(), QStringLiteral("maintenance"), 10000);
        QVERIFY(m.service->role());
        const QString role = m.k->find<QLabel>(QStringLiteral("maintenanceRole"))->text();
        QVERIFY2(role.contains(QStringLiteral("技术员")), qPrintable(role));
        auto *idcard = m.k->find<QLabel>(QStringLiteral("device_idcard"));
        auto *printer = m.k->find<QLabel>(QStringLiteral("device_receipt_printer"));
        QVERIFY(idcard && printer);
        QVERIFY(idcard->text().contains(QStringLiteral("ok")));
        QVERIFY(printer->text().contains(QStringLiteral("degraded")));
        QVERIFY(printer->text().contains(QStringLiteral("paper low")));
        const QString queue = m.k->find<QLabel>(QStringLiteral("maintenanceQueue"))->text();
        for (const QString &figure :
             {QStringLiteral("待上报：7"), QStringLiteral("上报中：1"), QStringLiteral("上报失败（死信）：2"),
              QStringLiteral("345 秒"), QStringLiteral("2026-11-22T07:00:00Z")})
            QVERIFY2(queue.contains(figure), qPrintable(queue));
        QVERIFY(m.k->click(QStringLiteral("maintenanceSyncNow")));
        QCOMPARE(m.syncs, 1);
    }

    void selfTestButton_callsTheProviderWithTheDeviceKind()
    {
        MaintenanceKiosk m;
        m.tapCentre(5);
        m.enterPin(kTechPin);
        QTRY_COMPARE_WITH_TIMEOUT(m.k->screenId(), QStringLiteral("maintenance"), 10000);
        QVERIFY(m.k->click(QStringLiteral("selfTest_receipt_printer")));
        QCOMPARE(m.selfTests, QStringList{QStringLiteral("receipt_printer")});
        QVERIFY(m.k->click(QStringLiteral("selfTest_idcard")));
        QCOMPARE(m.selfTests, (QStringList{QStringLiteral("receipt_printer"), QStringLiteral("idcard")}));
    }

    void signOut_returnsHomeAndForgetsTheRole()
    {
        MaintenanceKiosk m;
        m.tapCentre(5);
        m.enterPin(kTechPin);
        QTRY_COMPARE_WITH_TIMEOUT(m.k->screenId(), QStringLiteral("maintenance"), 10000);
        QVERIFY(m.k->click(QStringLiteral("maintenanceSignOut")));
        QCOMPARE(m.k->screenId(), KioskSession::kHome);
        QVERIFY(!m.service->role());
        // Coming back asks for the PIN again.
        m.tapCentre(5);
        QCOMPARE(m.k->screenId(), QStringLiteral("maintenance_login"));
    }

    void everyVisibleButton_hasAnAccessibleName()
    {
        MaintenanceKiosk m;
        auto check = [&m] {
            QCoreApplication::processEvents();
            for (QAbstractButton *b : m.k->window->findChildren<QAbstractButton *>()) {
                if (b->isVisible())
                    QVERIFY2(!b->accessibleName().isEmpty(), qPrintable(b->objectName()));
            }
        };
        m.tapCentre(5);
        check();
        m.enterPin(kTechPin);
        QTRY_COMPARE_WITH_TIMEOUT(m.k->screenId(), QStringLiteral("maintenance"), 10000);
        check();
    }
};

QTEST_MAIN(MaintenanceMenuTest)
#include "test_maintenance_menu.moc"
