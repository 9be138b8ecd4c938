// Identity from a card: fields carried over, expired and not-yet-valid cards refused, bad numbers refused, masks,
// the platform Person object, and the wipe.
#include <QTest>

#include "app/identity/gb11643.h"
#include "app/identity/identity.h"
#include "drivers/idcard/card_record.h"

using kiosk::app::Identity;
using kiosk::app::IdentityProblem;
namespace idc = kiosk::drivers::idcard;

namespace {
QString validNumber(const QString &first17)
{
    return first17 + kiosk::app::gb11643CheckCharacter(first17);
}

idc::CardRecord resident()
{
    idc::CardRecord c;
    c.type = idc::CardType::Resident;
    c.name = QStringLiteral("张三");
    c.sex = idc::Sex::Male;
    c.ethnicityCode = QStringLiteral("01");
    c.birthDate = QDate(1990, 3, 7);
    c.address = QStringLiteral("广州市天河区体育西路1号");
    c.idNumber = validNumber(QStringLiteral("44010619900307123"));
    c.validFrom = QDate(2020, 1, 1);
    c.validTo = QDate(2040, 1, 1);
    c.wlt = QByteArray(1024, 'w');
    return c;
}
} // namespace

class IdentityTest : public QObject
{
    Q_OBJECT
private slots:
    void fromCard_carriesTheFields()
    {
        const Identity id = Identity::fromCard(resident());
        QCOMPARE(id.idType, QStringLiteral("resident"));
        QCOMPARE(id.name, QStringLiteral("张三"));
        QCOMPARE(id.sex, QStringLiteral("male"));
        QCOMPARE(id.photoWlt.size(), 1024);
        QVERIFY(kiosk::app::checkIdentity(id, QDate(2026, 11, 22)).ok());
    }

    void expiredAndNotYetValidCards_areRefused()
    {
        idc::CardRecord c = resident();
        c.validTo = QDate(2026, 11, 21);
        QVERIFY(kiosk::app::checkIdentity(Identity::fromCard(c), QDate(2026, 11, 22)).problem ==
                IdentityProblem::Expired);
        c.validTo = QDate(2026, 11, 22); // valid through its last day
        QVERIFY(kiosk::app::checkIdentity(Identity::fromCard(c), QDate(2026, 11, 22)).ok());
        c.validTo = QDate();
        c.validToLongTerm = true;
        QVERIFY(kiosk::app::checkIdentity(Identity::fromCard(c), QDate(2099, 1, 1)).ok());
        c.validFrom = QDate(2030, 1, 1);
        QVERIFY(kiosk::app::checkIdentity(Identity::fromCard(c), QDate(2026, 11, 22)).problem ==
                IdentityProblem::NotYetValid);
    }

    void badCheckDigit_isRefused()
    {
        idc::CardRecord c = resident();
        c.idNumber[17] = c.idNumber[17] == QLatin1Char('1') ? QLatin1Char('2') : QLatin1Char('1');
        QVERIFY(kiosk::app::checkIdentity(Identity::fromCard(c), QDate(2026, 11, 22)).problem ==
                IdentityProblem::InvalidNumber);
    }

    void masksAndPerson()
    {
        const Identity id = Identity::fromCard(resident());
        QCOMPARE(id.maskedName(), QStringLiteral("张*"));
        QVERIFY(id.maskedIdNumber().startsWith(QStringLiteral("4401")));
        QVERIFY(id.maskedIdNumber().contains(QStringLiteral("**********")));
        const QJsonObject p = id.toPersonJson();
        QCOMPARE(p.value("id_type").toString(), QStringLiteral("resident"));
        QCOMPARE(p.value("birth_date").toString(), QStringLiteral("1990-03-07"));
        QCOMPARE(p.value("verified_by").toString(), QStringLiteral("card"));
        QCOMPARE(p.value("sex").toString(), QStringLiteral("1")); // GB/T 2261.1, not "male"
        idc::CardRecord woman = resident();
        woman.sex = idc::Sex::Female;
        QCOMPARE(Identity::fromCard(woman).toPersonJson().value("sex").toString(), QStringLiteral("2"));
        Identity qr;
        qr.idType = QStringLiteral("qr");
        QVERIFY(!qr.toPersonJson().contains("sex")); // unknown for a 粤省事 code: left out
        QVERIFY(!p.contains("address"));             // not part of Person
    }

    void wipe_leavesNothing()
    {
        Identity id = Identity::fromCard(resident());
        id.wipe();
        QVERIFY(id.isEmpty());
        QVERIFY(id.name.isEmpty() && id.address.isEmpty() && id.photoWlt.isEmpty());
        QVERIFY(!id.birthDate.isValid());
    }
};

QTEST_GUILESS_MAIN(IdentityTest)
#include "test_identity.moc"
