// The technicians' maintenance menu as a technician meets it: the hidden entry gesture, PIN and card sign-in with
// the persistent lockout (shown before typing, across a restart), the pages (devices with self-test results, queue
// with dead letters and export, catalogue, network, logs, settings), the roles, audit; offscreen, real auth, fake
// providers. Screenshots of every page in zh_CN, zh_HK, en and care mode go to <build>/screenshots.
#include <QAbstractButton>
#include <QComboBox>
#include <QDir>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <memory>

#include "app/maintenance/maintenance_auth.h"
#include "app/maintenance/maintenance_service.h"
#include "support/kiosk_fixture.h"

using kiosk::app::KioskSession;
using kiosk::test::KioskFixture;

namespace {

const QString kTechPin = QStringLiteral("482913");
const QString kSupervisorPin = QStringLiteral("730561");
const QString kTechCard = QStringLiteral("44010619900307281X");
const QString kWrongPin = QStringLiteral("902741");
const QString kSupCard = QStringLiteral("44010619750307001X");
constexpr int kMaxFailures = 3;

// A kiosk with a maintenance service on fake providers and a real MaintenanceAuth in `dataDir` (a temporary folder
// unless given: a second kiosk on the same folder is the same kiosk after a restart).
// Member order matters: the window (holding the screens) goes before the service, the service before the auth.
struct MaintenanceKiosk {
    QTemporaryDir dir;
    QString dataDir;
    std::unique_ptr<kiosk::app::MaintenanceAuth> auth;
    bool pinsRefused = false; // the network check answers as without a valid pin
    std::unique_ptr<kiosk::app::MaintenanceService> service;
    QStringList selfTests;
    int syncs = 0;
    std::function<void(QString)> cardReader; // what the backend would call with a card's id
    QList<kiosk::app::DeadLetter> dead{
        {QStringLiteral("id-1"), QStringLiteral("GD-DEV-0001-20261122-000007"), QStringLiteral("GD-RS-017"),
         QStringLiteral("422 unknown-key: retired-key"), 3},
        {QStringLiteral("id-2"), QStringLiteral("GD-DEV-0001-20261122-000009"), QStringLiteral("GD-HJ-002"),
         QStringLiteral("409 idempotency conflict"), 1},
        // a 好差评 the platform refused: listed as a dead letter too (issue 20)
        {QStringLiteral("id-3"), QStringLiteral("GDZW20261122000004"), QStringLiteral("GD-RS-017"),
         QStringLiteral("404 not-found: no case GDZW20261122000004 with this query code"), 1,
         kiosk::app::DeadLetter::Kind::Evaluation}};
    QStringList retried, deleted, exportedTo, logsExportedTo;
    QList<std::pair<QString, QString>> configSet;
    QList<std::pair<QString, QJsonObject>> audit;
    QList<int> exits;
    int volume = 60;
    // The card reader's SAM: another than the one recorded, until a supervisor accepts it.
    kiosk::app::ReaderSamStatus readerSam{QStringLiteral("changed"),
                                          QStringLiteral("05.01-20200101-0000000042-0000000042"),
                                          QStringLiteral("05.01-20101209-0000123456-1234567890")};
    std::unique_ptr<KioskFixture> k;

    explicit MaintenanceKiosk(const QString &sharedDir = {})
    {
        dataDir = sharedDir.isEmpty() ? dir.path() : sharedDir;
        kiosk::app::MaintenanceAuthOptions o;
        o.databasePath = QDir(dataDir).filePath(QStringLiteral("maintenance.sqlite"));
        o.kdfIterations = 2000; // fast for the tests
        o.maxFailures = kMaxFailures;
        auto opened = kiosk::app::MaintenanceAuth::open(o);
        if (opened.isOk()) {
            auth = std::move(opened.auth);
            if (!auth->setPin(kiosk::app::MaintenanceRole::Technician, kTechPin).isOk() ||
                !auth->setPin(kiosk::app::MaintenanceRole::Supervisor, kSupervisorPin).isOk() ||
                !auth->addCard(kiosk::app::MaintenanceRole::Technician, kTechCard).isOk() ||
                !auth->addCard(kiosk::app::MaintenanceRole::Supervisor, kSupCard).isOk())
                auth.reset();
        }
        using namespace kiosk::app;
        MaintenanceProviders p;
        p.devices = [] {
            auto device = [](const char *kind, const char *state, const char *detail = "") {
                DeviceDescription d;
                d.kind = QString::fromLatin1(kind);
                d.state = QString::fromLatin1(state);
                d.usable = d.state == QLatin1String("online");
                d.detail = QString::fromLatin1(detail);
                return d;
            };
            DeviceDescription printer = device("receipt_printer", "user_error", "paper low");
            printer.model = QStringLiteral("TM-T88");
            printer.port = QStringLiteral("/dev/ttyUSB1");
            printer.hint = QStringLiteral("Load a new roll");
            printer.facts = {{QStringLiteral("paper_width_mm"), deviceFactLabel(QStringLiteral("paper_width_mm")),
                              DeviceFact::Type::Integer, qint64(80), QStringLiteral("mm")},
                             {QStringLiteral("color"), deviceFactLabel(QStringLiteral("color")), DeviceFact::Type::Flag,
                              false, QString()}};
            return QList<DeviceDescription>{device("idcard_reader", "online"),
                                            printer,
                                            device("document_printer", "online", "HP LaserJet"),
                                            device("document_scanner", "online"),
                                            device("code_scanner", "online"),
                                            device("face_camera", "online")};
        };
        p.queueStatus = [] {
            return QJsonObject{{QStringLiteral("pending"), 7},
                               {QStringLiteral("in_flight"), 1},
                               {QStringLiteral("dead"), 2},
                               {QStringLiteral("oldest_age_s"), 345},
                               {QStringLiteral("last_sync"), QStringLiteral("2026-11-22T07:00:00Z")},
                               {QStringLiteral("error"), QString()}};
        };
        // Self-tests answer later, as devices do; the card-read test answers with what the backend shows: masked.
        p.runSelfTest = [this](const QString &kind, Reply<SelfTestReport> done) {
            selfTests << kind;
            SelfTestReport r;
            r.kind = kind;
            r.passed = kind != QLatin1String("document_scanner");
            if (kind == QLatin1String("idcard_reader"))
                r.summary = QStringLiteral("card read: 张* 4401**********281X");
            else if (kind == QLatin1String("receipt_printer"))
                r.summary = QStringLiteral("test receipt printed");
            else if (kind == QLatin1String("document_printer"))
                r.summary = QStringLiteral("A4 self-test page printed");
            else if (kind == QLatin1String("document_scanner"))
                r.summary = QStringLiteral("Scanner test: test scan failed: jammed");
            else if (kind == QLatin1String("code_scanner"))
                r.summary = QStringLiteral("code read: http… (42)");
            else if (kind == QLatin1String("face_camera")) {
                r.summary = QStringLiteral("frame received");
                r.preview = QImage(320, 240, QImage::Format_RGB32);
                r.preview.fill(Qt::darkCyan);
            }
            r.details << QStringLiteral("width: 640");
            QTimer::singleShot(20, [done, r] { done(r); });
        };
        p.syncNow = [this] { ++syncs; };
        p.watchCards = [this](std::function<void(QString)> onCard) { cardReader = std::move(onCard); };
        p.deadLetters = [this](Reply<QList<DeadLetter>> done) { QTimer::singleShot(0, [this, done] { done(dead); }); };
        p.retryDead = [this](const QString &id, Reply<QString> done) {
            retried << id;
            dead.removeIf([&id](const DeadLetter &d) { return d.id == id; });
            QTimer::singleShot(0, [done] { done(QString()); });
        };
        p.deleteDead = [this](const QString &id, Reply<QString> done) {
            deleted << id;
            dead.removeIf([&id](const DeadLetter &d) { return d.id == id; });
            QTimer::singleShot(0, [done] { done(QString()); });
        };
        p.exportFolders = [this] { return QStringList{QDir(dataDir).filePath(QStringLiteral("usb"))}; };
        p.exportQueue = [this](const QString &folder, Reply<std::pair<QString, QString>> done) {
            exportedTo << folder;
            QTimer::singleShot(0, [folder, done] { done({folder + QStringLiteral("/kiosk-queue-x"), QString()}); });
        };
        p.catalogue = [] { return CatalogueInfo{42, 118, QDateTime(QDate(2026, 11, 22), QTime(6, 30)), QString()}; };
        p.refreshCatalogue = [](Reply<CatalogueInfo> done) {
            QTimer::singleShot(0, [done] { done(CatalogueInfo{43, 120, QDateTime::currentDateTime(), QString()}); });
        };
        p.checkNetwork = [this](Reply<NetworkCheck> done) {
            NetworkCheck c;
            c.configured = true;
            if (pinsRefused) { // what the platform service answers when no valid pin is configured (issue 15)
                c.networkError = QStringLiteral("config");
                c.detail = QStringLiteral("network (config): the pins file /var/lib/kiosk/pki/pins.txt cannot be read "
                                          "(No such file or directory); refusing to connect to the platform");
                QTimer::singleShot(0, [done, c] { done(c); });
                return;
            }
            c.reachable = true;
            c.httpStatus = 200;
            c.networkError = QStringLiteral("none");
            c.tls = QStringLiteral("ok");
            c.pins = 2;
            c.pin = QStringLiteral("ok");
            c.clockOffsetMs = -2500;
            QTimer::singleShot(0, [done, c] { done(c); });
        };
        p.recentLogs = [](int, Reply<QStringList> done) {
            QTimer::singleShot(0, [done] {
                done({QStringLiteral("2026-11-22 07:00:01 I kiosk.main: kiosk 1.0 starting; kiosk id GD-DEV-0001"),
                      QStringLiteral("2026-11-22 07:00:02 W kiosk.sync: HTTP 503 (unavailable): maintenance")});
            });
        };
        p.exportLogs = [this](const QString &folder, Reply<std::pair<QString, QString>> done) {
            logsExportedTo << folder;
            QTimer::singleShot(0, [folder, done] { done({folder + QStringLiteral("/kiosk-logs-x"), QString()}); });
        };
        p.config = [this] {
            QList<ConfigEntry> entries{
                {QStringLiteral("kiosk/id"), QStringLiteral("GD-DEV-0001"), false},
                {QStringLiteral("platform/url"), QStringLiteral("https://platform.example"), false},
                {QStringLiteral("platform/client_key"), QStringLiteral("••••"), false},
                {QStringLiteral("ui/hotline"), QStringLiteral("12345"), true},
                {QStringLiteral("kiosk/centre_name"), QStringLiteral("天河区政务服务中心"), true}};
            for (const auto &set : configSet) {
                for (ConfigEntry &e : entries)
                    if (e.key == set.first) {
                        e.value = set.second;
                        e.local = true; // as the real backend marks a value from the local override
                    }
            }
            return entries;
        };
        p.setConfig = [this](const QString &key, const QString &value) {
            if (value.isEmpty())
                return QStringLiteral("a value is required");
            configSet.append({key, value});
            return QString();
        };
        p.volume = [this](Reply<int> done) { QTimer::singleShot(0, [this, done] { done(volume); }); };
        p.setVolume = [this](int percent, Reply<bool> done) {
            volume = percent;
            QTimer::singleShot(0, [done] { done(true); });
        };
        p.quit = [this](int code) { exits << code; };
        p.readerSam = [this] { return readerSam; };
        p.acceptReaderSam = [this](const QString &) {
            readerSam = {QStringLiteral("matches"), readerSam.seenId, readerSam.seenId};
            return QString();
        };
        service = std::make_unique<MaintenanceService>(p, auth.get(), nullptr,
                                                       [this](const QString &kind, const QJsonObject &detail) {
                                                           audit.append({kind, detail});
                                                       });
        CitizenServices services;
        services.maintenance = service.get();
        k = std::make_unique<KioskFixture>(QSize(1080, 1920), SessionSettings{}, false, services);
        k->session->begin();
    }

    QStringList auditKinds() const
    {
        QStringList out;
        for (const auto &a : audit)
            out << a.first;
        return out;
    }

    // Two factors: the role's staff card on the reader, then its PIN.
    void signIn(const QString &pin)
    {
        tapCentre(5);
        presentCard(pin == kSupervisorPin ? kSupCard : kTechCard);
        enterPin(pin);
        QTRY_COMPARE_WITH_TIMEOUT(k->screenId(), QStringLiteral("maintenance"), 10000);
    }

    void presentCard(const QString &card)
    {
        QTRY_VERIFY(bool(cardReader));
        cardReader(card);
        QTRY_VERIFY(service->hasPendingCard());
        QCoreApplication::processEvents();
    }

    QString text(const QString &name) const
    {
        auto *l = k->find<QLabel>(name);
        return l ? l->text() : QStringLiteral("<no %1>").arg(name);
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
        m.presentCard(kTechCard);
        QVERIFY2(m.loginStatus().contains(QStringLiteral("已读取员工卡，请输入维护密码")), qPrintable(m.loginStatus()));
        m.enterPin(kWrongPin);
        m.waitForAnswer();
        QVERIFY2(m.loginStatus().contains(QStringLiteral("员工卡或密码错误")), qPrintable(m.loginStatus()));
        QVERIFY2(m.loginStatus().contains(QString::number(kMaxFailures - 1)), qPrintable(m.loginStatus()));
        QCOMPARE(m.k->screenId(), QStringLiteral("maintenance_login"));
        QVERIFY(m.k->find<QLineEdit>(QStringLiteral("maintenancePin"))->text().isEmpty()); // the PIN is not kept
    }

    // Two factors for both roles (issue 15): the right PIN alone opened the menu before the fix.
    void theRightPinWithoutACard_asksForTheCard()
    {
        MaintenanceKiosk m;
        m.tapCentre(5);
        for (const QString &pin : {kTechPin, kSupervisorPin}) {
            m.enterPin(pin);
            m.waitForAnswer();
            QVERIFY2(m.loginStatus().contains(QStringLiteral("请先在读卡器上放置员工卡")), qPrintable(m.loginStatus()));
            QCOMPARE(m.k->screenId(), QStringLiteral("maintenance_login"));
        }
        QVERIFY(!m.service->role());
    }

    // PIN-only guesses lock out the guessers only (issue 15): before the fix they shared one counter with staff.
    void afterTheConfiguredGuesses_theScreenSaysLocked_butStaffWithTheirCardSignIn()
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
        m.presentCard(kTechCard);
        m.enterPin(kTechPin);
        QTRY_COMPARE_WITH_TIMEOUT(m.k->screenId(), QStringLiteral("maintenance"), 10000);
        QVERIFY(*m.service->role() == kiosk::app::MaintenanceRole::Technician);
    }

    void rightPin_opensTheMenuWithDevicesQueueAndRole()
    {
        MaintenanceKiosk m;
        m.signIn(kTechPin);
        QVERIFY(m.service->role());
        QVERIFY2(m.text(QStringLiteral("maintenanceRole")).contains(QStringLiteral("技术员")),
                 qPrintable(m.text(QStringLiteral("maintenanceRole"))));
        const QString idcard = m.text(QStringLiteral("device_idcard_reader"));
        const QString printer = m.text(QStringLiteral("device_receipt_printer"));
        QVERIFY2(idcard.contains(QStringLiteral("身份证阅读器：正常")), qPrintable(idcard));
        QVERIFY2(printer.contains(QStringLiteral("凭条打印机：需要处理")) &&
                     printer.contains(QStringLiteral("paper low")) &&
                     printer.contains(QStringLiteral("Load a new roll")),
                 qPrintable(printer));
        // The panel is built from the description: model, port and each capability with its label, value and unit.
        QCOMPARE(m.text(QStringLiteral("deviceFact_receipt_printer_model")), QStringLiteral("型号：TM-T88"));
        QCOMPARE(m.text(QStringLiteral("deviceFact_receipt_printer_port")), QStringLiteral("端口：/dev/ttyUSB1"));
        QCOMPARE(m.text(QStringLiteral("deviceFact_receipt_printer_paper_width_mm")), QStringLiteral("纸宽：80 mm"));
        QCOMPARE(m.text(QStringLiteral("deviceFact_receipt_printer_color")), QStringLiteral("彩色：否"));
        QVERIFY(m.k->click(QStringLiteral("maintTab_queue")));
        const QString queue = m.text(QStringLiteral("maintenanceQueue"));
        for (const QString &figure :
             {QStringLiteral("待上报：7"), QStringLiteral("上报中：1"), QStringLiteral("上报失败（死信）：2"),
              QStringLiteral("345 秒"), QStringLiteral("2026-11-22T07:00:00Z")})
            QVERIFY2(queue.contains(figure), qPrintable(queue));
        QVERIFY(m.k->click(QStringLiteral("maintenanceSyncNow")));
        QCOMPARE(m.syncs, 1);
    }

    void lockState_isShownBeforeTyping_andSurvivesARestart()
    {
        QTemporaryDir shared;
        {
            MaintenanceKiosk m(shared.path());
            m.tapCentre(5);
            m.enterPin(kWrongPin);
            m.waitForAnswer();
        }
        {
            // The same kiosk after a restart: the failure counted, before anything is typed.
            MaintenanceKiosk m(shared.path());
            m.tapCentre(5);
            QTRY_VERIFY_WITH_TIMEOUT(m.loginStatus().contains(QString::number(kMaxFailures - 1)), 10000);
            QVERIFY2(m.loginStatus().contains(QStringLiteral("还可以再试")), qPrintable(m.loginStatus()));
            for (int i = 1; i < kMaxFailures; ++i) {
                m.enterPin(kWrongPin);
                m.waitForAnswer();
            }
            QVERIFY2(m.loginStatus().contains(QStringLiteral("锁定")), qPrintable(m.loginStatus()));
        }
        {
            MaintenanceKiosk m(shared.path());
            m.tapCentre(5);
            // "locked until HH:MM", about 15 minutes from now, shown without typing.
            QTRY_VERIFY_WITH_TIMEOUT(m.loginStatus().contains(QStringLiteral("锁定至")), 10000);
            static const QRegularExpression hhmm(QStringLiteral("(\\d{2}):(\\d{2})"));
            const QRegularExpressionMatch match = hhmm.match(m.loginStatus());
            QVERIFY(match.hasMatch());
            const QTime until(match.captured(1).toInt(), match.captured(2).toInt());
            const int minutes = int(QTime::currentTime().secsTo(until) + 86400) % 86400 / 60;
            QVERIFY2(minutes >= 13 && minutes <= 15, qPrintable(m.loginStatus()));
            // The right PIN is refused while locked.
            m.enterPin(kTechPin);
            m.waitForAnswer();
            QCOMPARE(m.k->screenId(), QStringLiteral("maintenance_login"));
        }
    }

    // A card alone no longer opens the menu (issue 15: it did before the fix); with its PIN it does, and its id is
    // never shown. An ID card nobody enrolled counts as a failure.
    void aStaffCardAlone_asksForThePin_andItsIdIsNeverShown()
    {
        MaintenanceKiosk m;
        m.tapCentre(5);
        m.presentCard(QStringLiteral("440106199003079999")); // nobody's staff card
        m.enterPin(kTechPin);
        m.waitForAnswer();
        QVERIFY2(m.loginStatus().contains(QString::number(kMaxFailures - 1)), qPrintable(m.loginStatus()));
        m.presentCard(kTechCard);
        QTest::qWait(300);
        QCOMPARE(m.k->screenId(), QStringLiteral("maintenance_login"));
        QVERIFY(!m.service->role());
        m.enterPin(kTechPin);
        QTRY_COMPARE_WITH_TIMEOUT(m.k->screenId(), QStringLiteral("maintenance"), 10000);
        QVERIFY(*m.service->role() == kiosk::app::MaintenanceRole::Technician);
        for (const QString &t : m.k->allTexts())
            QVERIFY2(!t.contains(QStringLiteral("4401061990")), qPrintable(t));
        QVERIFY(!m.cardReader); // the menu no longer listens for cards
    }

    void aTechnicianCardWithTheSupervisorPin_isRefused()
    {
        MaintenanceKiosk m;
        m.tapCentre(5);
        m.presentCard(kTechCard);
        m.enterPin(kSupervisorPin);
        m.waitForAnswer();
        QVERIFY2(m.loginStatus().contains(QStringLiteral("员工卡或密码错误")), qPrintable(m.loginStatus()));
        QVERIFY(!m.service->role());
    }

    void selfTests_showEachResultWithItsDetail()
    {
        MaintenanceKiosk m;
        m.signIn(kTechPin);
        const QStringList kinds{QStringLiteral("receipt_printer"),  QStringLiteral("document_printer"),
                                QStringLiteral("document_scanner"), QStringLiteral("idcard_reader"),
                                QStringLiteral("code_scanner"),     QStringLiteral("face_camera")};
        for (const QString &kind : kinds) {
            QVERIFY2(m.k->click(QStringLiteral("selfTest_") + kind), qPrintable(kind));
            QTRY_VERIFY_WITH_TIMEOUT(m.text(QStringLiteral("selfTestResult_") + kind).contains(QStringLiteral("通过")),
                                     5000); // 通过 or 未通过: answered
        }
        QCOMPARE(m.selfTests, kinds);
        QVERIFY(
            m.text(QStringLiteral("selfTestResult_receipt_printer")).startsWith(QStringLiteral("通过：打印测试小票")));
        QVERIFY(m.text(QStringLiteral("selfTestResult_receipt_printer"))
                    .contains(QStringLiteral("设备报告：test receipt printed")));
        QVERIFY(m.text(QStringLiteral("selfTestResult_document_printer")).contains(QStringLiteral("A4")));
        QVERIFY(m.text(QStringLiteral("selfTestResult_document_scanner")).startsWith(QStringLiteral("未通过：")));
        QVERIFY(m.text(QStringLiteral("selfTestResult_document_scanner")).contains(QStringLiteral("jammed")));
        QVERIFY(m.text(QStringLiteral("selfTestResult_idcard_reader")).contains(QStringLiteral("4401**********281X")));
        QVERIFY(m.text(QStringLiteral("selfTestResult_code_scanner")).contains(QStringLiteral("(42)")));
        // Issue 18: technicians read Chinese: the detail is a labelled fact, never the raw "width: 640".
        QVERIFY2(m.text(QStringLiteral("selfTestResult_receipt_printer")).contains(QStringLiteral("画面宽度：640 px")),
                 qPrintable(m.text(QStringLiteral("selfTestResult_receipt_printer"))));
        QVERIFY(!m.text(QStringLiteral("selfTestResult_receipt_printer")).contains(QStringLiteral("width:")));
        auto *preview = m.k->find<QLabel>(QStringLiteral("cameraPreview"));
        QVERIFY(preview);
        QCOMPARE(preview->pixmap().size(), QSize(320, 240));
        QVERIFY(!preview->accessibleName().isEmpty());
    }

    void deadLetters_technicianRetries_onlyTheSupervisorDeletes()
    {
        {
            MaintenanceKiosk m;
            m.signIn(kTechPin);
            QVERIFY(m.k->click(QStringLiteral("maintTab_queue")));
            QTRY_VERIFY(m.text(QStringLiteral("deadLetter_0")).contains(QStringLiteral("422 unknown-key")));
            QVERIFY(m.text(QStringLiteral("deadLetter_1")).contains(QStringLiteral("GD-DEV-0001-20261122-000009")));
            // A refused 好差评 is a dead letter too, named as an evaluation of its case.
            QVERIFY2(m.text(QStringLiteral("deadLetter_2")).contains(QStringLiteral("评价 GDZW20261122000004")),
                     qPrintable(m.text(QStringLiteral("deadLetter_2"))));
            QVERIFY(m.k->find<QAbstractButton>(QStringLiteral("retryDead_2"))
                        ->accessibleName()
                        .contains(QStringLiteral("评价 GDZW20261122000004")));
            auto *remove = m.k->find<QAbstractButton>(QStringLiteral("deleteDead_0"));
            QVERIFY(remove && !remove->isEnabled());
            QVERIFY(!m.service->deleteDeadLetter(QStringLiteral("id-1"), nullptr, {})); // refused below the UI too
            QVERIFY(m.k->click(QStringLiteral("retryDead_0")));
            QTRY_COMPARE(m.retried, QStringList{QStringLiteral("id-1")});
            QTRY_VERIFY(m.text(QStringLiteral("deadLetter_0")).contains(QStringLiteral("409")));
            QVERIFY(m.deleted.isEmpty());
            QVERIFY(m.auditKinds().contains(QStringLiteral("queue.retry_dead")));
        }
        {
            MaintenanceKiosk m;
            m.signIn(kSupervisorPin);
            QVERIFY(m.k->click(QStringLiteral("maintTab_queue")));
            QTRY_VERIFY(m.k->find<QAbstractButton>(QStringLiteral("deleteDead_1")));
            QVERIFY(m.k->find<QAbstractButton>(QStringLiteral("deleteDead_1"))->isEnabled());
            QVERIFY(m.k->click(QStringLiteral("deleteDead_1"))); // asks for a second tap
            QVERIFY(m.deleted.isEmpty());
            QVERIFY(
                m.k->find<QAbstractButton>(QStringLiteral("deleteDead_1"))->text().contains(QStringLiteral("确认")));
            QVERIFY(m.k->click(QStringLiteral("deleteDead_1")));
            QTRY_COMPARE(m.deleted, QStringList{QStringLiteral("id-2")});
            const int at = int(m.auditKinds().indexOf(QStringLiteral("queue.delete_dead")));
            QVERIFY(at >= 0);
            QCOMPARE(m.audit[at].second.value(QStringLiteral("role")).toString(), QStringLiteral("supervisor"));
        }
    }

    void exportQueue_goesToTheChosenFolder_andIsAudited()
    {
        MaintenanceKiosk m;
        m.signIn(kTechPin);
        QVERIFY(m.k->click(QStringLiteral("maintTab_queue")));
        auto *folder = m.k->find<QComboBox>(QStringLiteral("exportFolder"));
        QVERIFY(folder);
        QCOMPARE(folder->currentData().toString(), QDir(m.dataDir).filePath(QStringLiteral("usb")));
        QVERIFY(m.k->click(QStringLiteral("exportQueue")));
        QTRY_VERIFY(m.text(QStringLiteral("maintenanceStatus")).contains(QStringLiteral("kiosk-queue-x")));
        QCOMPARE(m.exportedTo, QStringList{folder->currentData().toString()});
        QVERIFY(m.auditKinds().contains(QStringLiteral("queue.export")));
    }

    void cataloguePage_networkPage_logsPage_showTheirFigures()
    {
        MaintenanceKiosk m;
        m.signIn(kTechPin);
        QVERIFY(m.k->click(QStringLiteral("maintTab_catalogue")));
        QVERIFY2(m.text(QStringLiteral("catalogueInfo")).contains(QStringLiteral("42")),
                 qPrintable(m.text(QStringLiteral("catalogueInfo"))));
        QVERIFY(m.text(QStringLiteral("catalogueInfo")).contains(QStringLiteral("2026-11-22 06:30")));
        QVERIFY(m.k->click(QStringLiteral("refreshCatalogue")));
        QTRY_VERIFY(m.text(QStringLiteral("catalogueInfo")).contains(QStringLiteral("42"))); // shows what is in use
        QVERIFY(m.k->click(QStringLiteral("maintTab_network")));
        QVERIFY(m.k->click(QStringLiteral("checkNetwork")));
        QTRY_VERIFY(m.text(QStringLiteral("networkInfo")).contains(QStringLiteral("HTTP 200")));
        const QString net = m.text(QStringLiteral("networkInfo"));
        QVERIFY2(net.contains(QStringLiteral("-2.5")) && net.contains(QStringLiteral("（2 个）")), qPrintable(net));
        // No valid pin: the platform is not contacted, and the page says so with the reason.
        m.pinsRefused = true;
        QVERIFY(m.k->click(QStringLiteral("checkNetwork")));
        QTRY_VERIFY(m.text(QStringLiteral("networkInfo")).contains(QStringLiteral("refusing")));
        const QString refused = m.text(QStringLiteral("networkInfo"));
        QVERIFY2(refused.contains(QStringLiteral("没有有效的公钥固定")) && refused.contains(QStringLiteral("config")),
                 qPrintable(refused));
        QVERIFY(m.k->click(QStringLiteral("maintTab_logs")));
        auto *logs = m.k->find<QPlainTextEdit>(QStringLiteral("logLines"));
        QVERIFY(logs);
        QTRY_VERIFY(logs->toPlainText().contains(QStringLiteral("HTTP 503")));
        QVERIFY(m.k->click(QStringLiteral("exportLogs")));
        QTRY_COMPARE(m.logsExportedTo.size(), 1);
        QVERIFY(m.auditKinds().contains(QStringLiteral("logs.export")));
    }

    void config_technicianOnlyViews_supervisorEditsAudited()
    {
        {
            MaintenanceKiosk m;
            m.signIn(kTechPin);
            QVERIFY(m.k->click(QStringLiteral("maintTab_settings")));
            const QString view = m.text(QStringLiteral("configView"));
            QVERIFY2(view.contains(QStringLiteral("platform/url = https://platform.example")), qPrintable(view));
            QVERIFY(!m.k->find<QLineEdit>(QStringLiteral("configValue"))); // no editing for technicians
            QVERIFY(!m.service->setConfig(QStringLiteral("ui/hotline"), QStringLiteral("96333")).isEmpty());
            QVERIFY(m.configSet.isEmpty());
            QVERIFY(!m.k->find<QAbstractButton>(QStringLiteral("leaveKiosk"))->isEnabled());
            QVERIFY(!m.service->leaveKioskMode());
            QVERIFY(m.exits.isEmpty());
            // Volume is a technician's business.
            QTRY_VERIFY(m.text(QStringLiteral("volumeValue")).contains(QStringLiteral("60%")));
            QVERIFY(m.k->click(QStringLiteral("volumeUp")));
            QTRY_COMPARE(m.volume, 70);
            QTRY_VERIFY(m.text(QStringLiteral("volumeValue")).contains(QStringLiteral("70%")));
        }
        {
            MaintenanceKiosk m;
            m.signIn(kSupervisorPin);
            QVERIFY(m.k->click(QStringLiteral("maintTab_settings")));
            auto *key = m.k->find<QComboBox>(QStringLiteral("configKey"));
            auto *value = m.k->find<QLineEdit>(QStringLiteral("configValue"));
            QVERIFY(key && value);
            QCOMPARE(key->count(), 2); // only the editable subset
            key->setCurrentIndex(key->findText(QStringLiteral("ui/hotline")));
            QCOMPARE(value->text(), QStringLiteral("12345"));
            value->setText(QStringLiteral("96333"));
            QVERIFY(m.k->click(QStringLiteral("saveConfig")));
            QCOMPARE(m.configSet.size(), 1);
            QCOMPARE(m.configSet.first(), std::make_pair(QStringLiteral("ui/hotline"), QStringLiteral("96333")));
            QVERIFY(m.text(QStringLiteral("configView")).contains(QStringLiteral("ui/hotline = 96333（本机修改）")));
            const int at = int(m.auditKinds().indexOf(QStringLiteral("config.change")));
            QVERIFY(at >= 0);
            QCOMPARE(m.audit[at].second.value(QStringLiteral("key")).toString(), QStringLiteral("ui/hotline"));
            QCOMPARE(m.audit[at].second.value(QStringLiteral("role")).toString(), QStringLiteral("supervisor"));
            // A refused value is audited as not applied and said on screen.
            value->setText(QString());
            QVERIFY(m.k->click(QStringLiteral("saveConfig")));
            QVERIFY(m.text(QStringLiteral("maintenanceStatus")).contains(QStringLiteral("未保存")));
            QCOMPARE(m.audit.last().second.value(QStringLiteral("ok")).toBool(), false);
            // Leaving kiosk mode: two taps, the distinct exit code.
            QVERIFY(m.k->click(QStringLiteral("leaveKiosk")));
            QVERIFY(m.exits.isEmpty());
            QVERIFY(m.k->click(QStringLiteral("leaveKiosk")));
            QCOMPARE(m.exits, QList<int>{kiosk::app::kExitLeaveKiosk});
            QVERIFY(m.auditKinds().contains(QStringLiteral("maintenance.leave_kiosk")));
        }
    }

    void restart_exitsWithTheRestartCode()
    {
        MaintenanceKiosk m;
        m.signIn(kTechPin);
        QVERIFY(m.k->click(QStringLiteral("maintTab_settings")));
        QVERIFY(m.k->click(QStringLiteral("restartApp")));
        QVERIFY(m.k->click(QStringLiteral("restartApp")));
        QCOMPARE(m.exits, QList<int>{kiosk::app::kExitRestart});
    }

    // A different SAM on the card reader: the devices page names both ids; only a supervisor may accept it.
    void readerSamChanged_isAcceptedByASupervisorOnly()
    {
        {
            MaintenanceKiosk m;
            m.signIn(kTechPin);
            QVERIFY(m.text(QStringLiteral("readerSam")).contains(QStringLiteral("不符")));
            QVERIFY(m.text(QStringLiteral("readerSam")).contains(m.readerSam.recordedId));
            QVERIFY(!m.k->find<QPushButton>(QStringLiteral("acceptReaderSam")));
        }
        MaintenanceKiosk m;
        m.signIn(kSupervisorPin);
        QVERIFY(m.k->click(QStringLiteral("acceptReaderSam")));
        QTRY_VERIFY(m.text(QStringLiteral("readerSam")).contains(QStringLiteral("与登记一致")));
        QCOMPARE(m.readerSam.state, QStringLiteral("matches"));
        QVERIFY(!m.k->find<QPushButton>(QStringLiteral("acceptReaderSam")));
    }

    void signOut_returnsHomeAndForgetsTheRole()
    {
        MaintenanceKiosk m;
        m.signIn(kTechPin);
        QVERIFY(m.k->click(QStringLiteral("maintenanceSignOut")));
        QCOMPARE(m.k->screenId(), KioskSession::kHome);
        QVERIFY(!m.service->role());
        // Coming back asks for the PIN again.
        m.tapCentre(5);
        QCOMPARE(m.k->screenId(), QStringLiteral("maintenance_login"));
    }

    // Every page in every language and care mode: accessible names, nothing clipped, no Chinese on English buttons;
    // screenshots for people to look at.
    void everyPage_readsWell_data()
    {
        QTest::addColumn<QString>("language");
        QTest::addColumn<bool>("care");
        for (const char *lang : {"zh_CN", "zh_HK", "en"})
            for (bool care : {false, true})
                QTest::addRow("%s-%s", lang, care ? "care" : "standard") << QString::fromLatin1(lang) << care;
    }
    void everyPage_readsWell()
    {
        QFETCH(QString, language);
        QFETCH(bool, care);
        QString dir = qEnvironmentVariable("KIOSK_SCREENSHOT_DIR");
        if (dir.isEmpty())
            dir = qEnvironmentVariable("KIOSK_BINARY_DIR", QDir::tempPath()) + QStringLiteral("/screenshots");
        QVERIFY(QDir().mkpath(dir));
        MaintenanceKiosk m;
        m.k->session->setLanguage(language);
        m.k->session->setCareMode(care);
        static const QRegularExpression han(QStringLiteral("[\\x{4e00}-\\x{9fff}]"));
        auto shoot = [&](const QString &name) {
            for (int i = 0; i < 5; ++i) {
                QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
                QTest::qWait(5);
            }
            const QImage img = m.k->window->grab().toImage();
            QVERIFY(
                img.save(dir + QStringLiteral("/maintenance-%1-%2-%3.png")
                                   .arg(name, language, care ? QStringLiteral("care") : QStringLiteral("standard"))));
            for (QAbstractButton *b : m.k->window->findChildren<QAbstractButton *>()) {
                if (!b->isVisible())
                    continue;
                QVERIFY2(!b->accessibleName().isEmpty(), qPrintable(name + QLatin1Char(' ') + b->objectName()));
                if (language == QLatin1String("en") && !b->property("language").isValid())
                    QVERIFY2(!han.match(b->text()).hasMatch(), qPrintable(name + QStringLiteral(": ") + b->text()));
            }
        };
        m.tapCentre(5);
        shoot(QStringLiteral("login"));
        m.configSet.append({QStringLiteral("ui/hotline"), QStringLiteral("96333")}); // a locally changed value shown
        m.presentCard(kSupCard);
        shoot(QStringLiteral("login-card"));
        m.enterPin(kSupervisorPin);
        QTRY_COMPARE_WITH_TIMEOUT(m.k->screenId(), QStringLiteral("maintenance"), 10000);
        for (const QString &kind : {QStringLiteral("receipt_printer"), QStringLiteral("document_scanner"),
                                    QStringLiteral("idcard_reader"), QStringLiteral("face_camera")}) {
            QVERIFY(m.k->click(QStringLiteral("selfTest_") + kind));
            QTRY_VERIFY(m.text(QStringLiteral("selfTestResult_") + kind).contains(QStringLiteral("通过")) ||
                        m.text(QStringLiteral("selfTestResult_") + kind).contains(QStringLiteral("Passed")) ||
                        m.text(QStringLiteral("selfTestResult_") + kind).contains(QStringLiteral("通過")) ||
                        m.text(QStringLiteral("selfTestResult_") + kind).contains(QStringLiteral("Failed")));
        }
        shoot(QStringLiteral("devices"));
        const QStringList pages{QStringLiteral("queue"), QStringLiteral("catalogue"), QStringLiteral("network"),
                                QStringLiteral("logs"), QStringLiteral("settings")};
        for (const QString &page : pages) {
            QVERIFY(m.k->click(QStringLiteral("maintTab_") + page));
            if (page == QLatin1String("network")) {
                QVERIFY(m.k->click(QStringLiteral("checkNetwork")));
                QTRY_VERIFY(m.text(QStringLiteral("networkInfo")).contains(QStringLiteral("200")));
            }
            QTest::qWait(30); // the asynchronous answers (dead letters, logs, volume)
            shoot(page);
            if (page == QLatin1String("network")) {
                m.pinsRefused = true;
                QVERIFY(m.k->click(QStringLiteral("checkNetwork")));
                QTRY_VERIFY(m.text(QStringLiteral("networkInfo")).contains(QStringLiteral("refusing")));
                shoot(QStringLiteral("network-pins-refused"));
            }
        }
    }
};

QTEST_MAIN(MaintenanceMenuTest)
#include "test_maintenance_menu.moc"
