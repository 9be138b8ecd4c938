// A visit leaves nothing behind in the long-lived shell (bench `memory` measures the RSS; this pins the causes it
// found, without timing): no objects under the main window, no connections on the session and no new scroll areas (each
// grabs a touch gesture Qt never frees) beyond what the first visits set up, and the style's pixmap cache emptied at
// each wipe (QPixmapCache cannot tell its size in KB from outside, so a stand-in entry shows it). The visits are driven
// the way bench_memory drives them: session calls made outside any event delivery, so nothing relies on an event-loop
// turn to delete it.
#include <QMetaMethod>
#include <QPixmapCache>
#include <QScrollArea>
#include <QSet>
#include <QTest>

#include "app/identity/gb11643.h"
#include "drivers/idcard/card_record.h"
#include "support/kiosk_fixture.h"
#include "ui/screens/apply/apply_screen.h"

using kiosk::test::KioskFixture;
namespace idc = kiosk::drivers::idcard;

namespace {

idc::CardRecord card()
{
    idc::CardRecord c;
    c.type = idc::CardType::Resident;
    c.name = QStringLiteral("张三");
    c.birthDate = QDate(1990, 3, 7);
    c.address = QStringLiteral("广州市天河区示例路1号");
    const QString first17 = QStringLiteral("44010619900307123");
    c.idNumber = first17 + kiosk::app::gb11643CheckCharacter(first17);
    c.validFrom = QDate(2016, 1, 1);
    c.validTo = QDate(2036, 1, 1);
    return c;
}

// Receivers connected to every signal of `o`: a per-visit object that stays connected to a long-lived one shows here.
int connectionsOf(QObject *o)
{
    struct Peek : QObject {
        // QObject::receivers() is protected: reached through a member pointer named in a subclass (legal C++).
        static int count(QObject *obj, const QMetaMethod &signal)
        {
            const QByteArray sig = QByteArray::number(QSIGNAL_CODE) + signal.methodSignature();
            return (obj->*(&Peek::receivers))(sig.constData());
        }
    };
    int n = 0;
    const QMetaObject *mo = o->metaObject();
    for (int i = 0; i < mo->methodCount(); ++i) {
        if (mo->method(i).methodType() == QMetaMethod::Signal)
            n += Peek::count(o, mo->method(i));
    }
    return n;
}

} // namespace

class VisitMemoryTest : public QObject
{
    Q_OBJECT

    // One visit as bench_memory makes it: search, guide, identify with a card, repaint, finish.
    static void visit(KioskFixture &k, int n)
    {
        k.session->begin();
        if (n % 3 == 0) {
            k.session->setLanguage(QStringLiteral("en"));
            k.session->setCareMode(true);
            QVERIFY(k.click(QStringLiteral("tile_help")));
            k.session->goHome();
        }
        QVERIFY(k.click(QStringLiteral("tile_apply")));
        auto *apply = qobject_cast<kiosk::ui::ApplyScreen *>(k.window->currentScreen());
        QVERIFY(apply);
        k.find<QLineEdit>(QStringLiteral("itemSearch"))
            ->setText(n % 2 ? QStringLiteral("jzz") : QStringLiteral("社保"));
        const QStringList codes = apply->shownItemCodes();
        QVERIFY(!codes.isEmpty());
        QVERIFY(k.click(QStringLiteral("item_") + codes.first()));
        QVERIFY(k.click(QStringLiteral("startApplication")));
        QCOMPARE(k.screenId(), QStringLiteral("identify"));
        k.identity->acceptCard(card());
        QVERIFY(k.click(QStringLiteral("identifyNext")));
        k.window->repaint();
        // What the style cached for this visit's widgets (keyed by their palettes, never hit again): a stand-in entry.
        QVERIFY(QPixmapCache::insert(QStringLiteral("visit-%1").arg(n), QPixmap(64, 64)));
        k.session->finish();
        QCoreApplication::processEvents();
        QCOMPARE(k.screenId(), QStringLiteral("attract"));
        QPixmap cached;
        QVERIFY2(!QPixmapCache::find(QStringLiteral("visit-%1").arg(n), &cached),
                 "pixmap cache not emptied at the wipe");
    }

private slots:
    void visits_leaveNoObjectsConnectionsOrCachedPixmapsBehind()
    {
        KioskFixture k({1080, 1920}, {}, true);
        QVERIFY(k.catalogue->isReady());
        // Two visits set up what is made once (keyboard, fonts, the language and care-mode paths).
        for (int n = 1; n <= 3; ++n) {
            visit(k, n);
            if (QTest::currentTestFailed())
                return;
        }
        const int objects = int(k.window->findChildren<QObject *>().size());
        const int sessionConnections = connectionsOf(k.session.get());
        const int catalogueConnections = connectionsOf(k.catalogue.get());
        const int widgets = int(QApplication::allWidgets().size());
        // Each new scroll area grabs a touch gesture and Qt keeps every grab's recogniser: the next visits' screens
        // must reuse the scroll areas the first visits made.
        auto screenScrollAreas = [&k] { // as a set: showing a screen raises its scroll area in the child order
            const QList<QScrollArea *> l = k.window->findChildren<QScrollArea *>(QStringLiteral("screenScroll"));
            return QSet<QScrollArea *>(l.begin(), l.end());
        };
        const QSet<QScrollArea *> wraps = screenScrollAreas();
        for (int n = 4; n <= 12; ++n) {
            visit(k, n);
            if (QTest::currentTestFailed())
                return;
        }
        // Objects: the main window's layout animations (QWidgetAnimator) were deleteLater'd and piled up here.
        QCOMPARE(int(k.window->findChildren<QObject *>().size()), objects);
        QCOMPARE(connectionsOf(k.session.get()), sessionConnections);
        QCOMPARE(connectionsOf(k.catalogue.get()), catalogueConnections);
        QCOMPARE(int(QApplication::allWidgets().size()), widgets);
        QVERIFY(!wraps.isEmpty());
        QVERIFY(screenScrollAreas() == wraps);
    }
};

QTEST_MAIN(VisitMemoryTest)
#include "test_visit_memory.moc"
