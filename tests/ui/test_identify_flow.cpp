// Identification as a citizen meets it: the card is read only on the identification step, a valid card shows the
// masked holder and offers the next step, an expired card is refused in plain words, and nothing of the holder
// survives the wipe.
#include <QTest>

#include "app/application/visit_state.h"
#include "app/identity/gb11643.h"
#include "drivers/idcard/card_record.h"
#include "support/kiosk_fixture.h"
#include "ui/screens/identify/identify_screen.h"

using kiosk::test::KioskFixture;
namespace idc = kiosk::drivers::idcard;

namespace {
idc::CardRecord card(const QDate &validTo)
{
    idc::CardRecord c;
    c.type = idc::CardType::Resident;
    c.name = QStringLiteral("张三");
    c.birthDate = QDate(1990, 3, 7);
    c.address = QStringLiteral("广州市天河区示例路1号");
    const QString first17 = QStringLiteral("44010619900307123");
    c.idNumber = first17 + kiosk::app::gb11643CheckCharacter(first17);
    c.validFrom = QDate(2016, 1, 1);
    c.validTo = validTo;
    return c;
}
} // namespace

class IdentifyFlowTest : public QObject
{
    Q_OBJECT

    static kiosk::ui::IdentifyScreen *screen(KioskFixture &k)
    {
        return qobject_cast<kiosk::ui::IdentifyScreen *>(k.window->currentScreen());
    }

private slots:
    void validCard_showsMaskedHolder_andNext()
    {
        KioskFixture k;
        k.session->begin();
        k.session->navigate(QStringLiteral("identify"));
        QVERIFY(screen(k));
        QVERIFY(k.identity->listening());
        const idc::CardRecord c = card(QDate(2036, 1, 1));
        k.identity->acceptCard(c);
        const QString status = screen(k)->statusText();
        QVERIFY2(status.contains(QStringLiteral("张*")), qPrintable(status));
        QVERIFY(status.contains(QStringLiteral("4401")));
        QVERIFY(!status.contains(QStringLiteral("张三")));
        // Neither the whole number nor its hidden middle (birth date and sequence, digits 5 to 14) is shown.
        QVERIFY2(!status.contains(c.idNumber), qPrintable(status));
        QVERIFY2(!status.contains(c.idNumber.mid(4, 10)), qPrintable(status));
        QVERIFY2(!status.contains(QStringLiteral("19900307")), qPrintable(status));
        QVERIFY(kiosk::app::VisitState::of(k.session.get())->identified());
        QCOMPARE(kiosk::app::VisitState::of(k.session.get())->applicant().name, QStringLiteral("张三"));
        QVERIFY(k.click(QStringLiteral("identifyNext")));
        QCOMPARE(k.screenId(), QStringLiteral("form"));
    }

    void expiredCard_isRefusedPlainly_inTheCitizensLanguage()
    {
        KioskFixture k;
        k.session->begin();
        k.session->setLanguage(QStringLiteral("en"));
        k.session->navigate(QStringLiteral("identify"));
        k.identity->acceptCard(card(QDate(2019, 1, 1)));
        const QString status = screen(k)->statusText();
        QVERIFY2(status.contains(QStringLiteral("expired")), qPrintable(status));
        QVERIFY(!kiosk::app::VisitState::of(k.session.get())->identified());
        QVERIFY(!k.find<QPushButton>(QStringLiteral("identifyNext")));
        QVERIFY(k.identity->listening()); // another card may be placed
        k.identity->acceptCard(card(QDate(2036, 1, 1)));
        QVERIFY(kiosk::app::VisitState::of(k.session.get())->identified());
    }

    void cardsOutsideTheIdentificationStep_areIgnored()
    {
        KioskFixture k;
        k.session->begin();
        k.identity->acceptCard(card(QDate(2036, 1, 1))); // on the home screen: not read into the visit
        QVERIFY(!kiosk::app::VisitState::of(k.session.get()) ||
                !kiosk::app::VisitState::of(k.session.get())->identified());
        k.session->navigate(QStringLiteral("identify"));
        k.session->back();
        QVERIFY(!k.identity->listening());
    }

    void theHolderIsGoneAfterTheWipe()
    {
        KioskFixture k;
        k.session->begin();
        k.session->navigate(QStringLiteral("identify"));
        k.identity->acceptCard(card(QDate(2036, 1, 1)));
        k.session->cancel();
        const QStringList texts = k.allTexts();
        QVERIFY(!texts.isEmpty()); // the screen after the wipe shows something, none of it the holder's
        for (const QString &t : texts)
            QVERIFY(!t.contains(QStringLiteral("张")));
        k.session->begin();
        QVERIFY(!kiosk::app::VisitState::of(k.session.get())->identified());
    }
};

QTEST_MAIN(IdentifyFlowTest)
#include "test_identify_flow.moc"
