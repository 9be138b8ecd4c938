// Specification of the GB 11643-1999 number check: a table of valid and invalid numbers with the reason expected.
#include <QTest>

#include "idcard_test_printers.h"

#include "app/identity/gb11643.h"

using namespace kiosk::app;

Q_DECLARE_METATYPE(kiosk::app::IdNumberProblem)
Q_DECLARE_METATYPE(kiosk::app::IdNumberKind)

namespace {
const QDate kToday(2024, 6, 1); // fixed so the table never ages
}

class TestGb11643 : public QObject
{
    Q_OBJECT

private slots:
    void checkCharacter_followsMod11_2_data()
    {
        QTest::addColumn<QString>("first17");
        QTest::addColumn<QString>("check");
        QTest::newRow("digit 7") << "44010619900307243"
                                 << "7";
        QTest::newRow("X") << "11010519491231002"
                           << "X";
        QTest::newRow("digit 0") << "65010219001231001"
                                 << "4";
        QTest::newRow("permit 810000") << "81000019880808123"
                                       << "5";
        QTest::newRow("16 digits: none") << "4401061990030724"
                                         << "";
        QTest::newRow("letter inside: none") << "4401061990030724A"
                                             << "";
    }
    void checkCharacter_followsMod11_2()
    {
        QFETCH(QString, first17);
        QFETCH(QString, check);
        const QChar c = gb11643CheckCharacter(first17);
        QCOMPARE(c.isNull() ? QString() : QString(c), check);
    }

    void numbers_data()
    {
        QTest::addColumn<QString>("number");
        QTest::addColumn<bool>("foreignAllowed");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<IdNumberProblem>("problem");
        QTest::addColumn<QString>("reasonMentions");

        using P = IdNumberProblem;
        // valid
        QTest::newRow("Guangzhou, check 7") << "440106199003072437" << false << true << P::None << "valid citizen";
        QTest::newRow("Beijing, check X") << "11010519491231002X" << false << true << P::None << "valid";
        QTest::newRow("lowercase x accepted") << "11010519491231002x" << false << true << P::None << "valid";
        QTest::newRow("Shenzhen") << "440304198511205615" << false << true << P::None << "valid";
        QTest::newRow("born 1900") << "650102190012310014" << false << true << P::None << "valid";
        QTest::newRow("29 Feb of a leap year") << "440106200002291238" << false << true << P::None << "valid";
        QTest::newRow("Taiwan region 71") << "710000197001010016" << false << true << P::None << "valid";
        QTest::newRow("HK permit 810000") << "810000198808081235" << false << true << P::None << "HK/Macao/Taiwan";
        QTest::newRow("Macao permit 820000") << "820000197506120013" << false << true << P::None << "HK/Macao/Taiwan";
        QTest::newRow("Taiwan permit 830000") << "830000199506154329" << false << true << P::None << "HK/Macao/Taiwan";
        QTest::newRow("foreigner 2023, when asked") << "944724198704210030" << true << true << P::None << "foreigner";
        QTest::newRow("citizen, foreigners also allowed")
            << "440106199003072437" << true << true << P::None << "citizen";

        // invalid
        QTest::newRow("empty") << "" << false << false << P::Empty << "no number";
        QTest::newRow("15-digit first generation")
            << "440106900307243" << false << false << P::FirstGeneration << "15-digit";
        QTest::newRow("17 characters") << "44010619900307243" << false << false << P::WrongLength << "17 characters";
        QTest::newRow("19 characters") << "4401061990030724370" << false << false << P::WrongLength << "19";
        QTest::newRow("letter in the body")
            << "44010619900A072437" << false << false << P::BadCharacter << "character 12";
        QTest::newRow("check character Y") << "44010619900307243Y" << false << false << P::BadCharacter << "digit or X";
        QTest::newRow("full-width digits")
            << QStringLiteral("４40106199003072437") << false << false << P::BadCharacter << "character 1";
        QTest::newRow("wrong check digit")
            << "440106199003072436" << false << false << P::BadCheckDigit << "expected 7";
        QTest::newRow("X where 7 belongs")
            << "44010619900307243X" << false << false << P::BadCheckDigit << "expected 7";
        QTest::newRow("transposed digits") << "440106199003072473" << false << false << P::BadCheckDigit << "check";
        QTest::newRow("region 18 (no province)") << "180101199001010018" << false << false << P::BadRegion << "18";
        QTest::newRow("region 00") << "000101199001010011" << false << false << P::BadRegion << "00";
        QTest::newRow("region 810100 (not a permit region)")
            << "810100198808081230" << false << false << P::BadRegion << "810000";
        QTest::newRow("30 February") << "440106199002301234" << false << false << P::BadBirthDate << "calendar";
        QTest::newRow("29 Feb 2001") << "820000200102290002" << false << false << P::BadBirthDate << "calendar";
        QTest::newRow("month 13") << "440106199013012438" << false << false << P::BadBirthDate << "calendar";
        QTest::newRow("born 1899") << "440106189912310018" << false << false << P::BirthDateOutOfRange << "1900";
        QTest::newRow("born in 2030") << "440304203001010010" << false << false << P::BirthDateOutOfRange << "future";
        QTest::newRow("foreigner number not asked for")
            << "944724198704210030" << false << false << P::ForeignNotAccepted << "starts with 9";
        QTest::newRow("foreigner, province 71") << "971724198704210033" << true << false << P::BadRegion << "71";
        QTest::newRow("foreigner, wrong check digit")
            << "944724198704210031" << true << false << P::BadCheckDigit << "expected 0";
    }
    void numbers()
    {
        QFETCH(QString, number);
        QFETCH(bool, foreignAllowed);
        QFETCH(bool, valid);
        QFETCH(IdNumberProblem, problem);
        QFETCH(QString, reasonMentions);
        IdNumberCheckOptions options;
        options.acceptForeignPermanent2023 = foreignAllowed;
        options.today = kToday;
        const IdNumberCheck r = checkIdNumber(number, options);
        QCOMPARE(r.valid, valid);
        QCOMPARE(r.problem, problem);
        QVERIFY2(r.reason.contains(reasonMentions), qPrintable(r.reason));
        if (number.size() == 18)
            QVERIFY2(!r.reason.contains(number), "the reason must not repeat the number");
    }

    void validNumber_reportsKindAndBirthDate()
    {
        IdNumberCheckOptions o;
        o.today = kToday;
        o.acceptForeignPermanent2023 = true;
        IdNumberCheck r = checkIdNumber(u"440106199003072437", o);
        QCOMPARE(r.kind, IdNumberKind::Citizen);
        QCOMPARE(r.birthDate, QDate(1990, 3, 7));
        r = checkIdNumber(u"810000198808081235", o);
        QCOMPARE(r.kind, IdNumberKind::HkMacaoTaiwanResident);
        r = checkIdNumber(u"944724198704210030", o);
        QCOMPARE(r.kind, IdNumberKind::ForeignPermanent2023);
        QCOMPARE(r.birthDate, QDate(1987, 4, 21));
    }

    void birthToday_isValidAndTomorrowIsNot()
    {
        IdNumberCheckOptions o;
        o.today = QDate(1990, 3, 7);
        QVERIFY(checkIdNumber(u"440106199003072437", o).valid);
        o.today = QDate(1990, 3, 6);
        QCOMPARE(checkIdNumber(u"440106199003072437", o).problem, IdNumberProblem::BirthDateOutOfRange);
    }

    void defaultToday_isTheRealDate() { QVERIFY(checkIdNumber(u"440106199003072437").valid); }

    void problems_haveStableMachineNames()
    {
        QCOMPARE(toString(IdNumberProblem::BadCheckDigit), QStringLiteral("bad_check_digit"));
        QCOMPARE(toString(IdNumberProblem::BadRegion), QStringLiteral("bad_region"));
    }
};

QTEST_GUILESS_MAIN(TestGb11643)
#include "test_gb11643.moc"
