// The kiosk shell as a citizen meets it: attract, home, every tile and back, languages, care mode, idle wipe,
// out of service; run offscreen against the real session and window.
#include <QLineEdit>
#include <QPointer>
#include <QSignalSpy>
#include <QTest>
#include <QVBoxLayout>

#include "support/kiosk_fixture.h"
#include "ui/screens/shell/out_of_service_screen.h"
#include "ui/widgets/idle_countdown.h"
#include "ui/widgets/onscreen_keyboard.h"

using kiosk::app::KioskSession;
using kiosk::test::KioskFixture;

namespace {

// A screen that holds what a citizen typed, to prove the wipe destroys it.
class CanaryScreen : public kiosk::ui::Screen
{
public:
    CanaryScreen(const kiosk::ui::ScreenContext &ctx, QWidget *parent) : Screen(QStringLiteral("apply"), ctx, parent)
    {
        auto *lay = new QVBoxLayout(this);
        field = new QLineEdit(this);
        field->setObjectName(QStringLiteral("canaryField"));
        lay->addWidget(field);
        finishSetup();
    }
    QString title() const override { return QStringLiteral("canary"); }
    QString voicePrompt() const override { return QStringLiteral("canary prompt"); }
    QLineEdit *field;

protected:
    void retranslateUi() override {}
};

const QString kCanary = QStringLiteral("王小明440106199003071234");

} // namespace

class KioskShellTest : public QObject
{
    Q_OBJECT
private slots:
    void startsAtAttract_andTouchBeginsVisitAtHome()
    {
        KioskFixture k;
        QCOMPARE(k.screenId(), KioskSession::kAttract);
        QVERIFY(!k.find<QWidget>(QStringLiteral("footer"))); // no navigation chrome on the attract screen
        QVERIFY(k.click(QStringLiteral("startButton")));
        QCOMPARE(k.screenId(), KioskSession::kHome);
        QVERIFY(k.find<QWidget>(QStringLiteral("footer")));
        QVERIFY(!k.session->visitId().isEmpty());
    }

    void everyTileOpensItsScreen_andBackReturnsHome_data()
    {
        QTest::addColumn<QString>("tile");
        for (const char *t : {"apply", "progress", "selfprint", "rate", "help"})
            QTest::newRow(t) << QString::fromLatin1(t);
    }
    void everyTileOpensItsScreen_andBackReturnsHome()
    {
        QFETCH(QString, tile);
        KioskFixture k;
        k.session->begin();
        QVERIFY(k.click(QStringLiteral("tile_") + tile));
        QCOMPARE(k.screenId(), tile);
        QVERIFY(!k.window->currentScreen()->title().isEmpty());
        QVERIFY(k.click(QStringLiteral("backButton")));
        QCOMPARE(k.screenId(), KioskSession::kHome);
        QVERIFY(k.click(QStringLiteral("tile_") + tile));
        QVERIFY(k.click(QStringLiteral("homeButton")));
        QCOMPARE(k.screenId(), KioskSession::kHome);
    }

    void helpShowsHotlineAndStaffHelp()
    {
        KioskFixture k;
        k.session->begin();
        QVERIFY(k.click(QStringLiteral("helpButton")));
        QCOMPARE(k.screenId(), QStringLiteral("help"));
        QVERIFY(k.allTexts().contains(QStringLiteral("12345")));
        QVERIFY(k.allTexts().join('\n').contains(QStringLiteral("工作人员")));
    }

    void languageSwitchesAtRuntime_data()
    {
        QTest::addColumn<QString>("language");
        QTest::addColumn<QString>("homeTitle");
        QTest::addColumn<QString>("backText");
        QTest::newRow("en") << "en"
                            << "Choose a service"
                            << "Back";
        QTest::newRow("zh_HK") << "zh_HK"
                               << "請選擇服務"
                               << "返回";
        QTest::newRow("zh_CN") << "zh_CN"
                               << "请选择服务"
                               << "返回";
    }
    void languageSwitchesAtRuntime()
    {
        QFETCH(QString, language);
        QFETCH(QString, homeTitle);
        QFETCH(QString, backText);
        KioskFixture k;
        k.session->begin();
        if (language != QLatin1String("zh_CN"))
            QVERIFY(k.click(QStringLiteral("lang_") + language));
        QCOMPARE(k.session->language(), language);
        QCOMPARE(k.window->currentScreen()->title(), homeTitle);
        QCOMPARE(k.find<QPushButton>(QStringLiteral("backButton"))->text(), backText);
        QVERIFY(k.find<QPushButton>(QStringLiteral("lang_") + language)->isChecked());
        // Screens created after the switch come up in the new language too.
        QVERIFY(k.click(QStringLiteral("tile_help")));
        QCOMPARE(k.window->currentScreen()->title(), k.find<QPushButton>(QStringLiteral("helpButton"))->text());
    }

    // Every button has a name, and a button with a visible label has that label in its name (WCAG 2.5.3 "label in
    // name": a screen-reader or voice-control user says what they see).
    void everyButtonHasAnAccessibleName()
    {
        KioskFixture k;
        const auto check = [&k](const QString &where) {
            for (QAbstractButton *b : k.window->findChildren<QAbstractButton *>()) {
                if (!b->isVisible())
                    continue;
                QVERIFY2(!b->accessibleName().isEmpty(), qPrintable(b->objectName() + " on " + where));
                const QString label = b->text().remove(QLatin1Char('&')).simplified();
                QVERIFY2(label.isEmpty() || b->accessibleName().simplified().contains(label, Qt::CaseInsensitive),
                         qPrintable(b->objectName() + " on " + where + ": shows '" + label + "', named '" +
                                    b->accessibleName() + "'"));
            }
        };
        for (const QString &lang : {QStringLiteral("zh_CN"), QStringLiteral("zh_HK"), QStringLiteral("en")}) {
            k.session->cancel();
            k.session->setLanguage(lang);
            check(QStringLiteral("attract"));
            k.session->begin();
            k.session->setLanguage(lang);
            for (const QString &s : {QStringLiteral("home"), QStringLiteral("help"), QStringLiteral("rate")}) {
                k.session->navigate(s);
                check(s);
                QVERIFY(!k.window->currentScreen()->voicePrompt().isEmpty());
            }
        }
    }

    void careModeEnlargesTypeAndTargets_andSpeaks()
    {
        KioskFixture k;
        k.session->begin();
        auto *tile = k.find<QPushButton>(QStringLiteral("tile_apply"));
        const int standardPx = QFontInfo(tile->font()).pixelSize();
        QVERIFY(!k.voice->enabled());
        QVERIFY(k.click(QStringLiteral("careModeSwitch")));
        QVERIFY(k.session->careMode());
        QCOMPARE(k.window->theme(), kiosk::ui::ThemeKind::Care);
        QTest::qWait(1);
        tile = k.find<QPushButton>(QStringLiteral("tile_apply"));
        const int carePx = QFontInfo(tile->font()).pixelSize();
        QVERIFY2(carePx >= standardPx * 3 / 2, qPrintable(QStringLiteral("%1 vs %2").arg(carePx).arg(standardPx)));
        for (QPushButton *b : k.window->findChildren<QPushButton *>()) {
            if (b->isVisible() && b->parentWidget()->objectName() != QLatin1String("header"))
                QVERIFY2(b->height() >= 90, qPrintable(b->objectName() + QString::number(b->height())));
        }
        // Care mode shows fewer tiles per row: one.
        QCOMPARE(k.find<QPushButton>(QStringLiteral("tile_progress"))->x(),
                 k.find<QPushButton>(QStringLiteral("tile_selfprint"))->x());
        QVERIFY(k.voice->enabled());
        QCOMPARE(k.voice->lastSpoken(), k.window->currentScreen()->voicePrompt());
        k.session->navigate(QStringLiteral("help"));
        QCOMPARE(k.voice->lastSpoken(), k.window->currentScreen()->voicePrompt());
    }

    void idleCountdownAppears_thenWipesEverything()
    {
        KioskFixture k;
        k.window->registerScreen(QStringLiteral("apply"),
                                 [](const kiosk::ui::ScreenContext &c, QWidget *p) { return new CanaryScreen(c, p); });
        k.session->begin();
        k.session->setLanguage(QStringLiteral("en"));
        k.session->setCareMode(true);
        QVERIFY(k.click(QStringLiteral("tile_apply")));
        auto *field = k.find<QLineEdit>(QStringLiteral("canaryField"));
        QVERIFY(field);
        field->setText(kCanary);
        QPointer<QLineEdit> fieldPtr(field);
        QPointer<QObject> visitObject(new QObject(k.session->visitScope()));
        bool hookRan = false;
        k.session->addWipeHook([&] { hookRan = true; });
        QVERIFY(k.allTexts().contains(kCanary));

        // Care mode: 120 s before the countdown, not 60.
        k.clock.advanceMs(61 * 1000);
        k.session->tick();
        QVERIFY(!k.window->countdown()->isVisible());
        k.clock.advanceMs(60 * 1000);
        k.session->tick();
        QVERIFY(k.window->countdown()->isVisible());
        QCOMPARE(k.window->countdown()->seconds(), 29);
        k.clock.advanceMs(10 * 1000);
        k.session->tick();
        QCOMPARE(k.window->countdown()->seconds(), 19);
        QCOMPARE(k.screenId(), QStringLiteral("apply"));
        k.clock.advanceMs(20 * 1000);
        k.session->tick();

        QCOMPARE(k.screenId(), KioskSession::kAttract);
        QVERIFY(!k.window->countdown()->isVisible());
        QVERIFY(fieldPtr.isNull());
        QVERIFY(visitObject.isNull());
        QVERIFY(hookRan);
        QCOMPARE(k.session->language(), QStringLiteral("zh_CN"));
        QVERIFY(!k.session->careMode());
        QCOMPARE(k.window->theme(), kiosk::ui::ThemeKind::Standard);
        QVERIFY(k.session->visitId().isEmpty());
        QCOMPARE(k.window->liveScreenCount(), 1); // only the new attract screen
        for (const QString &t : k.allTexts())
            QVERIFY2(!t.contains(kCanary) && !t.contains(QStringLiteral("王小明")), qPrintable(t));
        // Nothing of the old visit is reachable through navigation either.
        QVERIFY(k.click(QStringLiteral("startButton")));
        QVERIFY(k.session->history() == QStringList{KioskSession::kHome});
        QVERIFY(k.click(QStringLiteral("tile_apply")));
        QVERIFY(k.find<QLineEdit>(QStringLiteral("canaryField"))->text().isEmpty());
    }

    void textFieldBringsUpTheKeyboard_andPinyinTypesZhangSan()
    {
        KioskFixture k;
        k.window->registerScreen(QStringLiteral("apply"),
                                 [](const kiosk::ui::ScreenContext &c, QWidget *p) { return new CanaryScreen(c, p); });
        k.window->activateWindow();
        k.session->begin();
        QVERIFY(k.click(QStringLiteral("tile_apply")));
        auto *field = k.find<QLineEdit>(QStringLiteral("canaryField"));
        QVERIFY(!k.window->keyboard()->isVisible());
        QTest::mouseClick(field, Qt::LeftButton); // a tap on the field
        QTRY_VERIFY(k.window->keyboard()->isVisible());
        for (QChar c : QStringLiteral("zhangsan"))
            QVERIFY(k.click(QStringLiteral("key_") + c));
        auto *first = k.find<QPushButton>(QStringLiteral("candidate_0"));
        QVERIFY(first);
        QCOMPARE(first->text(), QStringLiteral("张三"));
        QTest::mouseClick(first, Qt::LeftButton);
        QCOMPARE(field->text(), QStringLiteral("张三"));
        QVERIFY(field->hasFocus()); // the keys never took it
        // The field is visible above the keyboard, not hidden behind it.
        const QRect fieldRect(field->mapTo(k.window.get(), QPoint(0, 0)), field->size());
        QVERIFY(fieldRect.bottom() < k.window->keyboard()->mapTo(k.window.get(), QPoint(0, 0)).y());
        // Leaving the screen puts the keyboard away.
        QVERIFY(k.click(QStringLiteral("backButton")));
        QVERIFY(!k.window->keyboard()->isVisible());
    }

    void digitFieldsGetTheNumberPad()
    {
        KioskFixture k;
        k.window->registerScreen(QStringLiteral("apply"), [](const kiosk::ui::ScreenContext &c, QWidget *p) {
            auto *s = new CanaryScreen(c, p);
            s->field->setProperty("kioskInput", QStringLiteral("id_number"));
            return s;
        });
        k.window->activateWindow();
        k.session->begin();
        QVERIFY(k.click(QStringLiteral("tile_apply")));
        QTest::mouseClick(k.find<QLineEdit>(QStringLiteral("canaryField")), Qt::LeftButton);
        QTRY_VERIFY(k.window->keyboard()->isVisible());
        QCOMPARE(k.window->keyboard()->mode(), kiosk::ui::OnScreenKeyboard::Digits);
    }

    void standardModeCountdownAfter60s_andContinueKeepsTheVisit()
    {
        KioskFixture k;
        k.session->begin();
        QVERIFY(k.click(QStringLiteral("tile_help")));
        k.clock.advanceMs(59 * 1000);
        k.session->tick();
        QVERIFY(!k.window->countdown()->isVisible());
        k.clock.advanceMs(2 * 1000);
        k.session->tick();
        QVERIFY(k.window->countdown()->isVisible());
        QVERIFY(k.click(QStringLiteral("continueButton")));
        QVERIFY(!k.window->countdown()->isVisible());
        QCOMPARE(k.screenId(), QStringLiteral("help"));
        k.clock.advanceMs(45 * 1000);
        k.session->tick();
        QCOMPARE(k.screenId(), QStringLiteral("help")); // the timer restarted on "continue"
    }

    void touchResetsTheIdleTimer()
    {
        KioskFixture k;
        k.session->begin();
        k.clock.advanceMs(50 * 1000);
        QTest::mouseClick(k.window->currentScreen(), Qt::LeftButton);
        k.clock.advanceMs(50 * 1000);
        k.session->tick();
        QVERIFY(!k.window->countdown()->isVisible());
    }

    void endOnCountdownWipesAtOnce()
    {
        KioskFixture k;
        QSignalSpy wiped(k.session.get(), &KioskSession::wiped);
        k.session->begin();
        k.clock.advanceMs(61 * 1000);
        k.session->tick();
        QVERIFY(k.click(QStringLiteral("endButton")));
        QCOMPARE(wiped.count(), 1);
        QCOMPARE(k.screenId(), KioskSession::kAttract);
    }

    void missingRequiredPartShowsOutOfServiceWithReason_andRecovers()
    {
        KioskFixture k;
        k.session->begin();
        k.session->navigate(QStringLiteral("help"));
        k.availability.setPartAvailable(QStringLiteral("idcard_reader"), false,
                                        QStringLiteral("ID card reader: no device at /dev/ttyUSB0"));
        QCOMPARE(k.screenId(), QStringLiteral("help")); // not pulled from under the citizen
        k.session->finish();
        QCOMPARE(k.screenId(), KioskSession::kOutOfService);
        auto *oos = qobject_cast<kiosk::ui::OutOfServiceScreen *>(k.window->currentScreen());
        QVERIFY(oos);
        QVERIFY(oos->reason().contains(QStringLiteral("ID card reader")));
        QVERIFY(!k.find<QWidget>(QStringLiteral("footer")));
        k.session->begin(); // a touch does not start a visit while out of service
        QCOMPARE(k.screenId(), KioskSession::kOutOfService);
        k.availability.setPartAvailable(QStringLiteral("idcard_reader"), true);
        QCOMPARE(k.screenId(), KioskSession::kAttract);
    }

    void landscapeHomeUsesMoreColumns_andNothingIsClipped_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::addColumn<bool>("care");
        QTest::newRow("portrait") << QSize(1080, 1920) << false;
        QTest::newRow("landscape") << QSize(1920, 1080) << false;
        QTest::newRow("portrait-care") << QSize(1080, 1920) << true;
        QTest::newRow("landscape-care") << QSize(1920, 1080) << true;
    }
    void landscapeHomeUsesMoreColumns_andNothingIsClipped()
    {
        QFETCH(QSize, size);
        QFETCH(bool, care);
        for (const QString &lang : {QStringLiteral("zh_CN"), QStringLiteral("zh_HK"), QStringLiteral("en")}) {
            KioskFixture k(size);
            k.session->begin();
            k.session->setLanguage(lang);
            k.session->setCareMode(care);
            for (const QString &screen : {QStringLiteral("home"), QStringLiteral("help"), QStringLiteral("rate")}) {
                k.session->navigate(screen);
                // Let style and layout changes settle: pending layout requests are processed, not merely waited
                // for (under load a fixed wait was too short and a label was measured before its relayout).
                for (int i = 0; i < 5; ++i) {
                    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
                    QTest::qWait(10);
                }
                for (QWidget *w : k.window->findChildren<QWidget *>()) {
                    if (!w->isVisible())
                        continue;
                    const QString where =
                        QStringLiteral("%1 %2 %3 %4")
                            .arg(lang, screen, w->objectName(), QString::fromLatin1(w->metaObject()->className()));
                    QVERIFY2(k.window->rect().contains(QRect(w->mapTo(k.window.get(), QPoint(0, 0)), w->size())),
                             qPrintable("outside the window: " + where));
                    if (auto *l = qobject_cast<QLabel *>(w); l && !l->text().isEmpty()) {
                        const int need = l->wordWrap() ? l->heightForWidth(l->width()) : l->sizeHint().height();
                        QVERIFY2(
                            need <= l->height() + 2,
                            qPrintable(QStringLiteral("label clipped (%1 > %2): ").arg(need).arg(l->height()) + where));
                        if (!l->wordWrap())
                            QVERIFY2(l->sizeHint().width() <= l->width() + 2, qPrintable("label too narrow: " + where));
                    }
                    if (auto *b = qobject_cast<QPushButton *>(w); b && !b->text().isEmpty()) {
                        const QRect text =
                            b->fontMetrics().boundingRect(QRect(0, 0, 10000, 10000), Qt::AlignCenter, b->text());
                        QVERIFY2(text.width() <= b->width() && text.height() <= b->height(),
                                 qPrintable("button text clipped: " + where));
                    }
                }
            }
            if (size.width() > size.height()) {
                // Landscape: three tiles a row in every theme, so all five fit in two rows.
                k.session->goHome();
                QTest::qWait(1);
                auto y = [&](const char *n) { return k.find<QPushButton>(QLatin1String(n))->y(); };
                QCOMPARE(y("tile_apply"), y("tile_selfprint"));
                QCOMPARE(y("tile_rate"), y("tile_help"));
                QVERIFY(y("tile_rate") > y("tile_apply"));
            }
        }
    }
};

QTEST_MAIN(KioskShellTest)
#include "test_kiosk_shell.moc"
