// What a citizen met on the real binary (issue 20), checked as an assistive technology and a finger meet it: in care
// mode the on-screen keyboard never covers the field being typed in nor the screen's primary action; through
// QAccessible, prefilled card fields say they are read-only, no empty label is exposed, the case list's buttons
// each name their case, and the phone keypad has no X key (the ID-number pad keeps it).
#include <QAccessible>
#include <QDir>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QScrollArea>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "app/application/citizen_services.h"
#include "app/application/submission_service.h"
#include "app/application/visit_state.h"
#include "app/platform/platform_service.h"
#include "support/kiosk_fixture.h"
#include "ui/screens/apply/form_screen.h"
#include "ui/widgets/onscreen_keyboard.h"

using kiosk::test::KioskFixture;
using namespace kiosk;

namespace {

app::Identity cardHolder()
{
    app::Identity id = kiosk::test::demoCardHolder();
    id.verifiedBy = QStringLiteral("card");
    return id;
}

QRect onWindow(QWidget *w, QWidget *window)
{
    return QRect(w->mapTo(window, QPoint(0, 0)), w->size());
}

// The part of `w` a person can see: its rectangle clipped by every ancestor up to the window.
QRect seen(QWidget *w, QWidget *window)
{
    QRect r = onWindow(w, window);
    for (QWidget *p = w->parentWidget(); p && p != window; p = p->parentWidget())
        r &= onWindow(p, window);
    return r;
}

// Visible labels whose accessible name is empty (what a screen reader would announce as a blank).
QStringList emptyLabels(QWidget *screen)
{
    QStringList out;
    for (QLabel *l : screen->findChildren<QLabel *>()) {
        if (!l->isVisible() || !l->pixmap().isNull())
            continue;
        QAccessibleInterface *a = QAccessible::queryAccessibleInterface(l);
        if (a && !a->state().invisible && a->text(QAccessible::Name).trimmed().isEmpty())
            out << (l->objectName().isEmpty() ? QStringLiteral("(unnamed QLabel)") : l->objectName());
    }
    return out;
}

// A visit at GD-RS-001's form (社会保障卡申领: the phone field, then a choice, then 下一步), the card holder
// identified.
ui::FormScreen *openForm(KioskFixture &k, bool care)
{
    k.window->activateWindow();
    k.session->begin();
    k.session->setCareMode(care);
    app::VisitState *v = app::VisitState::of(k.session.get());
    v->selectItem(QStringLiteral("GD-RS-001"));
    v->setApplicant(cardHolder());
    k.session->navigate(QStringLiteral("guide"));
    k.session->navigate(QStringLiteral("form"));
    return qobject_cast<ui::FormScreen *>(k.window->currentScreen());
}

} // namespace

class KeyboardAndAccessibilityTest : public QObject
{
    Q_OBJECT

    QTemporaryDir data_;
    std::unique_ptr<app::SubmissionService> submissions_;
    app::PlatformService platform_; // not configured

    app::CitizenServices services()
    {
        app::CitizenServices s;
        s.submissions = submissions_.get();
        s.platform = &platform_;
        return s;
    }

private slots:
    void initTestCase()
    {
        QAccessible::setActive(true);
        app::SubmissionSettings st;
        st.databasePath = data_.filePath(QStringLiteral("queue.sqlite"));
        st.kioskId = QStringLiteral("GD-DEV-0001");
        st.keyCacheFile = data_.filePath(QStringLiteral("key.json"));
        submissions_ = std::make_unique<app::SubmissionService>(st);
        submissions_->start();
        QTRY_VERIFY_WITH_TIMEOUT(submissions_->isOpen(), 10000);
    }
    void cleanupTestCase() { submissions_->stop(); }

    void careMode_keyboardNeverCoversTheFocusedField_norTheNextButton_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::newRow("portrait") << QSize(1080, 1920);
        QTest::newRow("landscape") << QSize(1920, 1080);
    }
    void careMode_keyboardNeverCoversTheFocusedField_norTheNextButton()
    {
        QFETCH(QSize, size);
        KioskFixture k(size, {}, true, services());
        ui::FormScreen *form = openForm(k, true);
        QVERIFY(form);
        QLineEdit *phone = form->editorFor(QStringLiteral("phone"));
        QVERIFY(phone && !phone->isReadOnly());
        QTest::mouseClick(phone, Qt::LeftButton); // a tap on the field
        QTRY_VERIFY(k.window->keyboard()->isVisible());
        QCoreApplication::processEvents();
        QWidget *win = k.window.get();
        const QRect keyboard = onWindow(k.window->keyboard(), win);
        QAbstractButton *next = form->primaryAction();
        QVERIFY(next && next->objectName() == QLatin1String("formNext"));
        auto report = [&](QWidget *w) {
            const QRect r = onWindow(w, win);
            return QStringLiteral("%1 at %2,%3 %4x%5, seen %6x%7, keyboard from y=%8")
                .arg(w->objectName())
                .arg(r.x())
                .arg(r.y())
                .arg(r.width())
                .arg(r.height())
                .arg(seen(w, win).width())
                .arg(seen(w, win).height())
                .arg(keyboard.y());
        };
        // The field: whole, above the keys.
        QVERIFY2(!onWindow(phone, win).intersects(keyboard) && seen(phone, win) == onWindow(phone, win),
                 qPrintable(report(phone)));
        // The primary action: in view above the keys, or, when field and action do not both fit, offered right
        // above the keyboard with the same name, and a tap on it is a tap on 下一步.
        auto *offered = k.find<QPushButton>(QStringLiteral("keyboardPrimaryAction"));
        const bool nextInView = !onWindow(next, win).intersects(keyboard) && seen(next, win) == onWindow(next, win);
        QVERIFY2(nextInView || offered, qPrintable(report(next)));
        if (!nextInView) {
            QVERIFY(k.window->keyboard()->isAncestorOf(offered)); // a key of the keyboard: in reach, never covered
            QCOMPARE(seen(offered, win), onWindow(offered, win));
            QCOMPARE(offered->accessibleName(), next->accessibleName());
            QCOMPARE(offered->isEnabled(), next->isEnabled());
            QVERIFY(!offered->text().isEmpty());
        }
        if (size.height() > size.width())
            qInfo("portrait: %s",
                  nextInView ? "下一步 in view above the keyboard" : "下一步 offered above the keyboard");

        // Typing on: the next field's tap keeps it in view too (the keyboard stays).
        QLineEdit *other = nullptr;
        for (QLineEdit *e : form->findChildren<QLineEdit *>())
            if (e != phone && e->isVisible() && !e->isReadOnly())
                other = e;
        if (other) {
            QTest::mouseClick(other, Qt::LeftButton);
            QCoreApplication::processEvents();
            QVERIFY(!onWindow(other, win).intersects(onWindow(k.window->keyboard(), win)));
            QCOMPARE(seen(other, win), onWindow(other, win));
        }
    }

    void offeredPrimaryAction_followsTheScreensButton_andTapsIt()
    {
        KioskFixture k({1920, 1080}, {}, true, services()); // landscape care mode: the tightest fit
        ui::FormScreen *form = openForm(k, true);
        QVERIFY(form);
        QLineEdit *phone = form->editorFor(QStringLiteral("phone"));
        QTest::mouseClick(phone, Qt::LeftButton);
        QTRY_VERIFY(k.window->keyboard()->isVisible());
        auto *offered = k.find<QPushButton>(QStringLiteral("keyboardPrimaryAction"));
        QVERIFY2(offered, "field and 下一步 do not both fit above the keyboard here: the action must be offered");
        // Typed on the keyboard: the form becomes valid and the offered action follows the screen's button.
        for (QChar c : QStringLiteral("13800138000"))
            QVERIFY(k.click(QStringLiteral("key_") + c));
        for (QAbstractButton *b : form->findChildren<QAbstractButton *>())
            if (b->objectName().startsWith(QLatin1String("choice_")) && b->isVisible() && !b->isChecked())
                b->click(); // each choice group: one chosen (the last wins; any is valid)
        QTRY_COMPARE(offered->isEnabled(), form->primaryAction()->isEnabled());
        const bool enabled = form->primaryAction()->isEnabled();
        QSignalSpy tapped(form->primaryAction(), &QAbstractButton::clicked);
        QTest::mouseClick(offered, Qt::LeftButton);
        QCOMPARE(tapped.size(), enabled ? 1 : 0); // a tap on it is a tap on 下一步, and only when 下一步 can be tapped
    }

    void keyboardOverTheForm_screenshots_data()
    {
        QTest::addColumn<QString>("language");
        QTest::addColumn<bool>("care");
        QTest::addColumn<QSize>("size");
        for (const char *lang : {"zh_CN", "zh_HK", "en"})
            for (bool care : {false, true})
                for (const QSize size : {QSize(1080, 1920), QSize(1920, 1080)})
                    QTest::addRow("%s-%s-%s", lang, care ? "care" : "standard",
                                  size.width() < size.height() ? "portrait" : "landscape")
                        << QString::fromLatin1(lang) << care << size;
    }
    // The form with the phone keypad up, for people to look at (KIOSK_SCREENSHOT_DIR, default <build>/screenshots).
    void keyboardOverTheForm_screenshots()
    {
        QFETCH(QString, language);
        QFETCH(bool, care);
        QFETCH(QSize, size);
        QString dir = qEnvironmentVariable("KIOSK_SCREENSHOT_DIR");
        if (dir.isEmpty())
            dir = qEnvironmentVariable("KIOSK_BINARY_DIR", QDir::tempPath()) + QStringLiteral("/screenshots");
        QVERIFY(QDir().mkpath(dir));
        KioskFixture k(size, {}, true, services());
        ui::FormScreen *form = openForm(k, care);
        QVERIFY(form);
        QTest::mouseClick(form->editorFor(QStringLiteral("phone")), Qt::LeftButton);
        QTRY_VERIFY(k.window->keyboard()->isVisible());
        k.session->setLanguage(language); // with the keyboard up: the offered action and the field follow
        for (int i = 0; i < 5; ++i) {
            QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
            QTest::qWait(5);
        }
        QLineEdit *phone = form->editorFor(QStringLiteral("phone"));
        const QRect field(phone->mapTo(k.window.get(), QPoint(0, 0)), phone->size());
        QVERIFY2(!field.intersects(
                     QRect(k.window->keyboard()->mapTo(k.window.get(), QPoint(0, 0)), k.window->keyboard()->size())),
                 "the field went under the keyboard when the language changed");
        if (auto *offered = k.find<QPushButton>(QStringLiteral("keyboardPrimaryAction")))
            QCOMPARE(offered->text(), form->primaryAction()->text()); // in the new language
        const QImage img = k.window->grab().toImage();
        QCOMPARE(img.size(), size);
        QVERIFY(img.save(
            QStringLiteral("%1/keyboard-form-%2-%3-%4.png")
                .arg(dir, language, care ? QStringLiteral("care") : QStringLiteral("standard"),
                     size.width() < size.height() ? QStringLiteral("portrait") : QStringLiteral("landscape"))));
    }

    void phoneKeypad_hasNoX_butTheIdNumberPadHasIt()
    {
        KioskFixture k({1080, 1920}, {}, true, services());
        ui::FormScreen *form = openForm(k, false);
        QVERIFY(form);
        QTest::mouseClick(form->editorFor(QStringLiteral("phone")), Qt::LeftButton);
        QTRY_VERIFY(k.window->keyboard()->isVisible());
        QVERIFY(k.find(QStringLiteral("key_0")));
        QVERIFY(!k.find(QStringLiteral("key_X")));
        // An ID-number field (typed, e.g. a principal's number) brings the pad with X.
        auto *id = new QLineEdit(form);
        id->setObjectName(QStringLiteral("idNumberField"));
        id->setProperty("kioskInput", QStringLiteral("id_number"));
        id->show();
        QTest::mouseClick(id, Qt::LeftButton);
        QVERIFY(k.find(QStringLiteral("key_X")));
    }

    void prefilledCardFields_reportReadOnly_throughQAccessible()
    {
        KioskFixture k({1080, 1920}, {}, true, services());
        ui::FormScreen *form = openForm(k, false);
        QVERIFY(form);
        int readOnly = 0;
        for (QLineEdit *e : form->findChildren<QLineEdit *>()) {
            QAccessibleInterface *a = QAccessible::queryAccessibleInterface(e);
            QVERIFY(a);
            if (e->isReadOnly()) {
                ++readOnly;
                QVERIFY2(a->state().readOnly, qPrintable(e->objectName()));
                QVERIFY2(!a->state().editable, qPrintable(e->objectName()));
            } else {
                QVERIFY2(!a->state().readOnly, qPrintable(e->objectName()));
            }
            QVERIFY2(!a->text(QAccessible::Name).isEmpty(), qPrintable(e->objectName() + " has no name"));
        }
        QVERIFY(readOnly >= 2); // name and ID number from the card
    }

    void noEmptyLabel_onReviewProgressAndRating()
    {
        KioskFixture k({1080, 1920}, {}, true, services());
        QVERIFY(openForm(k, false));
        for (const QString &screen : {QStringLiteral("review"), QStringLiteral("progress"), QStringLiteral("rate")}) {
            k.session->navigate(screen);
            QCoreApplication::processEvents();
            const QStringList empty = emptyLabels(k.window->currentScreen());
            QVERIFY2(empty.isEmpty(), qPrintable(screen + QStringLiteral(": ") + empty.join(QStringLiteral(", "))));
        }
    }
};

QTEST_MAIN(KeyboardAndAccessibilityTest)
#include "test_keyboard_and_accessibility.moc"
