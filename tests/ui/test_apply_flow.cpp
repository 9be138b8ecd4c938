// Finding a service item and reading its guide, as a citizen does: search (Chinese, pinyin initials, English),
// browse by life event and department, the guide's one-time notification, languages and care mode.
#include <QTest>

#include "support/kiosk_fixture.h"
#include "ui/screens/apply/apply_screen.h"

using kiosk::test::KioskFixture;

class ApplyFlowTest : public QObject
{
    Q_OBJECT

    static kiosk::ui::ApplyScreen *applyScreen(KioskFixture &k)
    {
        return qobject_cast<kiosk::ui::ApplyScreen *>(k.window->currentScreen());
    }

private slots:
    void searchByPinyinInitials_thenGuide_thenStart()
    {
        KioskFixture k({1080, 1920}, {}, true);
        QVERIFY(k.catalogue->isReady());
        k.session->begin();
        QVERIFY(k.click(QStringLiteral("tile_apply")));
        auto *apply = applyScreen(k);
        QVERIFY(apply);
        QVERIFY(!apply->shownItemCodes().isEmpty()); // popular items before any search
        auto *search = k.find<QLineEdit>(QStringLiteral("itemSearch"));
        search->setText(QStringLiteral("jzz"));
        const QStringList codes = apply->shownItemCodes();
        QVERIFY(!codes.isEmpty());
        const auto cat = k.catalogue->catalogue();
        QVERIFY(cat->item(codes.first())->name.in("zh_CN").startsWith(QStringLiteral("居住证")));

        QVERIFY(k.click(QStringLiteral("item_") + codes.first()));
        QCOMPARE(k.screenId(), QStringLiteral("guide"));
        const auto *item = cat->item(codes.first());
        QCOMPARE(k.window->currentScreen()->title(), item->name.in("zh_CN"));
        const QString body = k.find<QLabel>(QStringLiteral("guideBody"))->text();
        QVERIFY(!item->materials.isEmpty());
        for (const auto &m : item->materials)
            QVERIFY2(body.contains(m.name.in("zh_CN").toHtmlEscaped()), qPrintable(m.id));
        QVERIFY(k.find<QLabel>(QStringLiteral("guideSummary"))->text().contains(QStringLiteral("承诺时限")));
        QVERIFY(k.window->currentScreen()->voicePrompt().contains(item->name.in("zh_CN")));

        QVERIFY(k.click(QStringLiteral("startApplication")));
        QCOMPARE(k.screenId(), QStringLiteral("identify"));
        QVERIFY(k.click(QStringLiteral("backButton")));
        QVERIFY(k.click(QStringLiteral("backButton")));
        QCOMPARE(k.screenId(), QStringLiteral("apply"));
    }

    void searchWithNoResult_saysSoPlainly()
    {
        KioskFixture k({1080, 1920}, {}, true);
        k.session->begin();
        QVERIFY(k.click(QStringLiteral("tile_apply")));
        k.find<QLineEdit>(QStringLiteral("itemSearch"))->setText(QStringLiteral("zzzzzzzz"));
        QVERIFY(applyScreen(k)->shownItemCodes().isEmpty());
        QVERIFY(k.find<QLabel>(QStringLiteral("applyStatus"))->text().contains(QStringLiteral("没有找到")));
    }

    void browseByLifeEventAndDepartment()
    {
        KioskFixture k({1080, 1920}, {}, true);
        k.session->begin();
        QVERIFY(k.click(QStringLiteral("tile_apply")));
        const auto cat = k.catalogue->catalogue();
        QVERIFY(k.click(QStringLiteral("browse_1")));
        const QString event = cat->lifeEvents().first().code;
        QVERIFY(k.click(QStringLiteral("group_") + event));
        const QStringList codes = applyScreen(k)->shownItemCodes();
        QVERIFY(!codes.isEmpty());
        for (const QString &c : codes)
            QVERIFY(cat->item(c)->lifeEvents.contains(event));
        QVERIFY(k.click(QStringLiteral("browse_2")));
        const QString dept = cat->departments().first().code;
        QVERIFY(k.click(QStringLiteral("group_") + dept));
        const QStringList deptCodes = applyScreen(k)->shownItemCodes();
        QVERIFY(!deptCodes.isEmpty()); // the loop below must check something
        for (const QString &c : deptCodes)
            QCOMPARE(cat->item(c)->department, dept);
        QVERIFY(k.click(QStringLiteral("browse_3")));
        const QStringList enterpriseCodes = applyScreen(k)->shownItemCodes();
        QVERIFY(!enterpriseCodes.isEmpty());
        for (const QString &c : enterpriseCodes)
            QVERIFY(cat->item(c)->audience.contains(QStringLiteral("enterprise")));
    }

    void englishShowsEnglishNames_andCareModeShowsFewer()
    {
        KioskFixture k({1080, 1920}, {}, true);
        k.session->begin();
        k.session->setLanguage(QStringLiteral("en"));
        QVERIFY(k.click(QStringLiteral("tile_apply")));
        k.find<QLineEdit>(QStringLiteral("itemSearch"))->setText(QStringLiteral("residence permit"));
        const QStringList codes = applyScreen(k)->shownItemCodes();
        QVERIFY(!codes.isEmpty());
        auto *first = k.find<QPushButton>(QStringLiteral("item_") + codes.first());
        QCOMPARE(first->accessibleName(), k.catalogue->catalogue()->item(codes.first())->name.in("en"));
        QCOMPARE(k.window->currentScreen()->title(), QStringLiteral("Choose a service item"));
        // More than a care-mode screen holds in the standard mode; care mode shows a full screen of eight, not none.
        k.find<QLineEdit>(QStringLiteral("itemSearch"))->setText(QStringLiteral("certificate"));
        const qsizetype standardCount = applyScreen(k)->shownItemCodes().size();
        QVERIFY2(standardCount > 8, qPrintable(QString::number(standardCount)));
        k.session->setCareMode(true);
        k.find<QLineEdit>(QStringLiteral("itemSearch"))->clear();
        k.find<QLineEdit>(QStringLiteral("itemSearch"))->setText(QStringLiteral("certificate"));
        QCOMPARE(applyScreen(k)->shownItemCodes().size(), qsizetype(8));
    }

    void theChosenItemIsForgottenAfterTheWipe()
    {
        KioskFixture k({1080, 1920}, {}, true);
        k.session->begin();
        QVERIFY(k.click(QStringLiteral("tile_apply")));
        const QString code = applyScreen(k)->shownItemCodes().first();
        QVERIFY(k.click(QStringLiteral("item_") + code));
        k.session->cancel();
        k.session->begin();
        k.session->navigate(QStringLiteral("guide"));
        QVERIFY(!k.find<QPushButton>(QStringLiteral("startApplication"))); // no item: nothing to start
    }
};

QTEST_MAIN(ApplyFlowTest)
#include "test_apply_flow.moc"
