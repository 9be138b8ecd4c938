// The application journey's screens in the three languages, standard and care mode: each rendered to a PNG
// (KIOSK_SCREENSHOT_DIR, default <build>/screenshots) for people to look at, and checked as a citizen would meet it:
// the window does not grow, no label is clipped, every visible button has an accessible name, nothing is left in
// the source language on an English screen, and the card's data shows only where it should.
#include <QAbstractScrollArea>
#include <QDir>
#include <QImage>
#include <QLabel>
#include <QPainter>
#include <QRegularExpression>
#include <QScrollBar>
#include <QTemporaryDir>
#include <QTest>

#include "app/application/citizen_services.h"
#include "app/application/peripherals.h"
#include "app/application/submission_service.h"
#include "app/application/visit_state.h"
#include "app/platform/platform_service.h"
#include "support/kiosk_fixture.h"
#include "ui/screens/apply/commitment_screen.h"
#include "ui/screens/apply/form_screen.h"
#include "ui/screens/apply/materials_screen.h"
#include "ui/screens/apply/review_screen.h"
#include "ui/screens/services/progress_screen.h"
#include "ui/widgets/page_strip.h"
#include "ui/widgets/signature_pad.h"

using kiosk::test::KioskFixture;
using namespace kiosk;

namespace {

app::Identity demoCitizen()
{
    return kiosk::test::demoCardHolder();
}

} // namespace

class JourneyScreensTest : public QObject
{
    Q_OBJECT
private slots:
    void everyStepReadsWell_data()
    {
        QTest::addColumn<QString>("language");
        QTest::addColumn<bool>("care");
        for (const char *lang : {"zh_CN", "zh_HK", "en"}) {
            for (bool care : {false, true})
                QTest::addRow("%s-%s", lang, care ? "care" : "standard") << QString::fromLatin1(lang) << care;
        }
    }
    void everyStepReadsWell()
    {
        QFETCH(QString, language);
        QFETCH(bool, care);
        QString dir = qEnvironmentVariable("KIOSK_SCREENSHOT_DIR");
        if (dir.isEmpty())
            dir = qEnvironmentVariable("KIOSK_BINARY_DIR", QDir::tempPath()) + QStringLiteral("/screenshots");
        QVERIFY(QDir().mkpath(dir));
        QTemporaryDir data;
        app::SubmissionSettings st;
        st.databasePath = data.filePath(QStringLiteral("queue.sqlite"));
        st.kioskId = QStringLiteral("GD-DEV-0001");
        st.keyCacheFile = data.filePath(QStringLiteral("key.json"));
        app::SubmissionService submissions(st);
        submissions.start(); // it opens on its own thread
        QTRY_VERIFY_WITH_TIMEOUT(submissions.isOpen(), 10000);
        app::PlatformService platform;         // not configured: the screens say what works offline
        app::DocumentPrintService a4(nullptr); // A4 sheets offered (the guide's and the acceptance notice)
        app::CitizenServices services;
        services.submissions = &submissions;
        services.platform = &platform;
        services.a4 = &a4;
        const QSize size(1080, 1920);
        KioskFixture k(size, {}, true, services);
        k.session->begin();
        k.session->setLanguage(language);
        k.session->setCareMode(care);
        app::VisitState *v = app::VisitState::of(k.session.get());
        // GD-RS-017: form with typed fields and a bank account, tolerable materials, 告知承诺 allowed.
        v->selectItem(QStringLiteral("GD-RS-017"));
        v->setApplicant(demoCitizen());

        auto check = [&](const QString &name) {
            for (int i = 0; i < 5; ++i) {
                QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
                QTest::qWait(5);
            }
            const QImage img = k.window->grab().toImage();
            QVERIFY(img.save(dir +
                             QStringLiteral("/journey-%1-%2-%3.png").arg(name, language, care ? "care" : "standard")));
            QVERIFY2(img.size() == size, qPrintable(name + QStringLiteral(" made the window grow")));
            // Issue 18: every screen of the journey has its spoken prompt in this language (care mode reads it).
            const QString prompt = k.window->currentScreen()->voicePrompt();
            QVERIFY2(!prompt.trimmed().isEmpty(), qPrintable(name + QStringLiteral(": no voice prompt")));
            if (language == QLatin1String("en")) {
                static const QRegularExpression hanInPrompt(QStringLiteral("[\\x{4e00}-\\x{9fff}]"));
                QVERIFY2(!hanInPrompt.match(prompt).hasMatch(), qPrintable(name + QStringLiteral(": ") + prompt));
            }
            if (name == QLatin1String("receipt")) // the number is read out, one character at a time
                QVERIFY2(prompt.contains(QStringLiteral("0 0 0 0 4 2")), qPrintable(prompt));
            QStringList tooWide;
            for (QWidget *w : k.window->findChildren<QWidget *>()) {
                if (!w->isVisible())
                    continue;
                const QString where = name + QLatin1Char(' ') + w->objectName();
                if (auto *b = qobject_cast<QAbstractButton *>(w))
                    QVERIFY2(!b->accessibleName().isEmpty(), qPrintable("no accessible name: " + where));
                // Nothing reaches past the window's right edge (content wider than the screen), and nothing in a
                // scroll area asks the citizen to scroll sideways.
                const QRect onWindow(w->mapTo(k.window.get(), QPoint(0, 0)), w->size());
                if (onWindow.right() > size.width())
                    tooWide << QStringLiteral("%1 %2 (right edge %3, minimum width %4)")
                                   .arg(where, QString::fromLatin1(w->metaObject()->className()))
                                   .arg(onWindow.right())
                                   .arg(w->minimumSizeHint().width());
                if (auto *area = qobject_cast<QAbstractScrollArea *>(w))
                    QVERIFY2(!area->horizontalScrollBar()->isVisible() || area->property("scrollsSideways").toBool(),
                             qPrintable("scrolls sideways: " + where));
                auto *l = qobject_cast<QLabel *>(w);
                if (!l || l->text().isEmpty())
                    continue;
                // A one-line label shows its whole text (a word-wrapped one is checked in height below).
                if (!l->wordWrap() && l->textFormat() != Qt::RichText && !Qt::mightBeRichText(l->text()))
                    QVERIFY2(
                        l->sizeHint().width() <= l->width() + 2,
                        qPrintable(QStringLiteral("cut off (%1 > %2): ").arg(l->sizeHint().width()).arg(l->width()) +
                                   where + QLatin1Char(' ') + l->text()));
                // The header's centre name (12 characters here) stays on one line beside the clock.
                if (l->objectName() == QLatin1String("centreName"))
                    QVERIFY2(l->heightForWidth(l->width()) < l->fontMetrics().lineSpacing() * 3 / 2,
                             qPrintable(QStringLiteral("the centre name breaks onto two lines: ") + where));
                const int need = l->wordWrap() ? l->heightForWidth(l->width()) : l->sizeHint().height();
                QVERIFY2(need <= l->height() + 2,
                         qPrintable(QStringLiteral("clipped (%1 > %2): ").arg(need).arg(l->height()) + where +
                                    QLatin1Char(' ') + l->text()));
            }
            QVERIFY2(tooWide.isEmpty(), qPrintable(QStringLiteral("wider than the screen: ") + tooWide.join("; ")));
        };
        auto untranslatedOnEnglish = [&](const QString &name) {
            if (language != QLatin1String("en"))
                return;
            // Catalogue texts (item names, the commitment text) and the card's name may be Chinese; the UI's own
            // words may not: buttons must all be English.
            static const QRegularExpression han(QStringLiteral("[\\x{4e00}-\\x{9fff}]"));
            for (QAbstractButton *b : k.window->findChildren<QAbstractButton *>()) {
                if (b->isVisible() && !b->property("language").isValid() && // 简体/繁體 name themselves
                    !b->objectName().startsWith(QLatin1String("choice_")) &&
                    !b->objectName().startsWith(QLatin1String("document_")))
                    QVERIFY2(!han.match(b->text()).hasMatch(), qPrintable(name + ": " + b->text()));
            }
        };

        k.session->navigate(QStringLiteral("guide"));
        QVERIFY(k.find<QPushButton>(QStringLiteral("printGuide")));
        check(QStringLiteral("guide"));
        untranslatedOnEnglish(QStringLiteral("guide"));
        k.session->navigate(QStringLiteral("form"));
        QVERIFY(qobject_cast<ui::FormScreen *>(k.window->currentScreen()));
        // The card fills the name and number; they are shown, read-only.
        auto *idEdit = static_cast<ui::FormScreen *>(k.window->currentScreen())->editorFor(QStringLiteral("id_number"));
        QVERIFY(idEdit && idEdit->isReadOnly() && idEdit->text() == demoCitizen().idNumber);
        // One typed mistake shows its message.
        auto *phone = static_cast<ui::FormScreen *>(k.window->currentScreen())->editorFor(QStringLiteral("phone"));
        phone->setText(QStringLiteral("23800138000"));
        emit phone->textEdited(phone->text());
        check(QStringLiteral("form"));
        untranslatedOnEnglish(QStringLiteral("form"));
        QVERIFY(k.find<QLabel>(QStringLiteral("error_phone")));

        k.session->navigate(QStringLiteral("materials"));
        // Two captured pages of the first material: the page strip (in care mode one page per row, its buttons side
        // by side) is part of the picture.
        auto *materials = qobject_cast<ui::MaterialsScreen *>(k.window->currentScreen());
        QVERIFY(materials);
        const QString firstMaterial = v->draft().checklist().value(0).spec.id;
        QImage page(600, 850, QImage::Format_RGB32);
        page.fill(QColor(245, 245, 245));
        { // a few lines of "text", so the thumbnail looks like a page
            QPainter p(&page);
            for (int y = 80; y < 800; y += 60)
                p.fillRect(60, y, 460, 8, QColor(40, 40, 40));
        }
        materials->addCapturedPages(firstMaterial, {app::encodePage(page), app::encodePage(page)});
        QVERIFY(k.find<ui::PageThumbnail>(QStringLiteral("thumb_%1_1").arg(firstMaterial)));
        auto *rotate = k.find<QPushButton>(QStringLiteral("rotatePage_%1_0").arg(firstMaterial));
        auto *remove = k.find<QPushButton>(QStringLiteral("deletePage_%1_0").arg(firstMaterial));
        QVERIFY(rotate && remove);
        if (care) // side by side, not stacked
            QCOMPARE(rotate->mapTo(k.window.get(), QPoint()).y(), remove->mapTo(k.window.get(), QPoint()).y());
        else
            QVERIFY(rotate->mapTo(k.window.get(), QPoint()).y() < remove->mapTo(k.window.get(), QPoint()).y());
        check(QStringLiteral("materials"));
        untranslatedOnEnglish(QStringLiteral("materials"));
        k.session->navigate(QStringLiteral("commitment"));
        auto *commitment = qobject_cast<ui::CommitmentScreen *>(k.window->currentScreen());
        QVERIFY(commitment);
        commitment->pad()->addStroke({{60, 180}, {160, 100}, {260, 190}, {380, 90}, {480, 170}});
        check(QStringLiteral("commitment"));
        untranslatedOnEnglish(QStringLiteral("commitment"));
        k.session->navigate(QStringLiteral("delivery"));
        k.click(QStringLiteral("delivery_mail"));
        check(QStringLiteral("delivery"));
        untranslatedOnEnglish(QStringLiteral("delivery"));
        k.session->navigate(QStringLiteral("review"));
        check(QStringLiteral("review"));
        untranslatedOnEnglish(QStringLiteral("review"));
        // The review masks the ID number; the full number never appears on it.
        const QString review = static_cast<ui::ReviewScreen *>(k.window->currentScreen())->summaryText();
        QVERIFY(!review.contains(demoCitizen().idNumber));

        app::ReceiptData r;
        r.itemName = QStringLiteral("参保人员丧葬补助金、抚恤金申领");
        r.itemCode = QStringLiteral("GD-RS-017");
        r.localNo = QStringLiteral("GD-DEV-0001-20261122-000042");
        r.createdAt = QDateTime::currentDateTimeUtc();
        r.promisedDate = QDate(2026, 12, 4);
        r.maskedName = QStringLiteral("张*");
        r.toleratedMaterials = {QStringLiteral("户口簿")};
        v->setReceipt(r);
        k.session->navigate(QStringLiteral("receipt"));
        check(QStringLiteral("receipt"));
        untranslatedOnEnglish(QStringLiteral("receipt"));
        for (const QString &s : {QStringLiteral("rate"), QStringLiteral("progress"), QStringLiteral("selfprint")}) {
            k.session->navigate(s);
            if (s == QLatin1String("rate"))
                k.click(QStringLiteral("score_2")); // low score: the reasons show
            check(s);
            untranslatedOnEnglish(s);
        }
        // Progress by number: the code is asked for first; then, the platform out of reach, the citizen is told so
        // (not "not found"), in the visit's language.
        k.session->navigate(QStringLiteral("progress"));
        auto *progress = qobject_cast<ui::ProgressScreen *>(k.window->currentScreen());
        QVERIFY(progress);
        progress->lookUp(r.localNo);
        QCOMPARE(progress->resultText(),
                 QCoreApplication::translate("kiosk::ui::ProgressScreen", "请输入回执上的8位查询码，再按查询。"));
        check(QStringLiteral("progress-code"));
        untranslatedOnEnglish(QStringLiteral("progress-code"));
        progress->lookUp(r.localNo + QStringLiteral("/04817263"));
        const QString unreachable =
            QCoreApplication::translate("kiosk::ui::ProgressScreen",
                                        "暂时连不上省政务服务平台，请稍后再查，或拨打 %1 咨询。")
                .arg(QStringLiteral("12345"));
        QTRY_COMPARE_WITH_TIMEOUT(progress->resultText(), unreachable, 5000);
        QVERIFY(progress->resultText() !=
                QCoreApplication::translate(
                    "kiosk::ui::ProgressScreen",
                    "没有查到这个编号和查询码的办件。请核对回执上的受理编号（或办件编号）和8位查询码后重试，"
                    "或咨询现场工作人员、拨打 %1。")
                    .arg(QStringLiteral("12345")));
        if (language != QLatin1String("zh_CN"))
            QVERIFY2(!unreachable.contains(QStringLiteral("连不上")), qPrintable(unreachable)); // translated
        check(QStringLiteral("progress-unreachable"));
        untranslatedOnEnglish(QStringLiteral("progress-unreachable"));
        submissions.stop();
    }
};

QTEST_MAIN(JourneyScreensTest)
#include "test_journey_screens.moc"
