// GB 11643-1999 number checks: structure, province code, birth date, MOD 11-2 check character.
#include "app/identity/gb11643.h"

#include <algorithm>
#include <array>

namespace kiosk::app {

namespace {

constexpr std::array<int, 17> kWeights{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
constexpr char kCheckMap[] = "10X98765432";

bool isAsciiDigit(QChar c)
{
    return c.unicode() >= '0' && c.unicode() <= '9';
}
int digit(QChar c)
{
    return c.unicode() - '0';
}

// Province-level codes of GB/T 2260 (first two digits); 71 is Taiwan in GB/T 2260. 81-83 are only valid as the
// whole region 810000/820000/830000 of HK/Macao/Taiwan residence permits; they are handled by the caller.
bool isProvinceCode(int p)
{
    return (p >= 11 && p <= 15) || (p >= 21 && p <= 23) || (p >= 31 && p <= 37) || (p >= 41 && p <= 46) ||
           (p >= 50 && p <= 54) || (p >= 61 && p <= 65) || p == 71;
}

IdNumberCheck fail(IdNumberProblem problem, const QString &reason)
{
    IdNumberCheck r;
    r.problem = problem;
    r.reason = reason;
    return r;
}

} // namespace

QChar gb11643CheckCharacter(QStringView first17)
{
    if (first17.size() != 17)
        return {};
    int sum = 0;
    for (int i = 0; i < 17; ++i) {
        if (!isAsciiDigit(first17[i]))
            return {};
        sum += digit(first17[i]) * kWeights[size_t(i)];
    }
    return QLatin1Char(kCheckMap[sum % 11]);
}

IdNumberCheck checkIdNumber(QStringView number, const IdNumberCheckOptions &options)
{
    if (number.isEmpty())
        return fail(IdNumberProblem::Empty, QStringLiteral("no number given"));
    if (number.size() == 15 && std::all_of(number.begin(), number.end(), isAsciiDigit))
        return fail(
            IdNumberProblem::FirstGeneration,
            QStringLiteral("15-digit first-generation numbers are no longer valid; an 18-character number is needed"));
    if (number.size() != 18)
        return fail(IdNumberProblem::WrongLength, QStringLiteral("has %1 characters, expected 18").arg(number.size()));
    for (int i = 0; i < 17; ++i) {
        if (!isAsciiDigit(number[i]))
            return fail(IdNumberProblem::BadCharacter, QStringLiteral("character %1 is not a digit").arg(i + 1));
    }
    QChar last = number[17];
    if (last == QLatin1Char('x'))
        last = QLatin1Char('X');
    if (!isAsciiDigit(last) && last != QLatin1Char('X'))
        return fail(IdNumberProblem::BadCharacter, QStringLiteral("the check character must be a digit or X"));

    IdNumberCheck r;
    const int province = digit(number[0]) * 10 + digit(number[1]);
    if (number[0] == QLatin1Char('9')) {
        if (!options.acceptForeignPermanent2023)
            return fail(IdNumberProblem::ForeignNotAccepted,
                        QStringLiteral("starts with 9: a foreigner's permanent residence number, not accepted here"));
        const int acceptedIn = digit(number[1]) * 10 + digit(number[2]);
        if (!isProvinceCode(acceptedIn) || acceptedIn == 71)
            return fail(IdNumberProblem::BadRegion, QStringLiteral("digits 2-3 (%1) are not a mainland province code")
                                                        .arg(acceptedIn, 2, 10, QLatin1Char('0')));
        if (number.mid(3, 3) == QLatin1String("000"))
            return fail(IdNumberProblem::BadRegion, QStringLiteral("digits 4-6 are not a nationality code"));
        r.kind = IdNumberKind::ForeignPermanent2023;
    } else if (province == 81 || province == 82 || province == 83) {
        if (number.mid(2, 4) != QLatin1String("0000"))
            return fail(IdNumberProblem::BadRegion,
                        QStringLiteral("region %1xxxx is not used: HK/Macao/Taiwan permits use %2")
                            .arg(province)
                            .arg(province * 10000));
        r.kind = IdNumberKind::HkMacaoTaiwanResident;
    } else if (!isProvinceCode(province)) {
        return fail(IdNumberProblem::BadRegion,
                    QStringLiteral("region code %1 is not a province").arg(province, 2, 10, QLatin1Char('0')));
    }

    const int year = number.mid(6, 4).toInt();
    const int month = number.mid(10, 2).toInt();
    const int day = number.mid(12, 2).toInt();
    const QDate birth(year, month, day);
    if (!birth.isValid())
        return fail(IdNumberProblem::BadBirthDate, QStringLiteral("digits 7-14 are not a calendar date"));
    const QDate today = options.today.isValid() ? options.today : QDate::currentDate();
    if (year < 1900)
        return fail(IdNumberProblem::BirthDateOutOfRange, QStringLiteral("birth year is before 1900"));
    if (birth > today)
        return fail(IdNumberProblem::BirthDateOutOfRange, QStringLiteral("birth date is in the future"));

    const QChar expected = gb11643CheckCharacter(number.left(17));
    if (last != expected)
        return fail(IdNumberProblem::BadCheckDigit,
                    QStringLiteral("check character is %1, expected %2").arg(last, expected));

    r.valid = true;
    r.birthDate = birth;
    switch (r.kind) {
    case IdNumberKind::Citizen: r.reason = QStringLiteral("valid citizen identity number"); break;
    case IdNumberKind::HkMacaoTaiwanResident:
        r.reason = QStringLiteral("valid HK/Macao/Taiwan residence permit number");
        break;
    case IdNumberKind::ForeignPermanent2023:
        r.reason = QStringLiteral("valid foreigner's permanent residence number (2023)");
        break;
    }
    return r;
}

QString toString(IdNumberProblem problem)
{
    switch (problem) {
    case IdNumberProblem::None: return QStringLiteral("none");
    case IdNumberProblem::Empty: return QStringLiteral("empty");
    case IdNumberProblem::FirstGeneration: return QStringLiteral("first_generation");
    case IdNumberProblem::WrongLength: return QStringLiteral("wrong_length");
    case IdNumberProblem::BadCharacter: return QStringLiteral("bad_character");
    case IdNumberProblem::BadRegion: return QStringLiteral("bad_region");
    case IdNumberProblem::ForeignNotAccepted: return QStringLiteral("foreign_not_accepted");
    case IdNumberProblem::BadBirthDate: return QStringLiteral("bad_birth_date");
    case IdNumberProblem::BirthDateOutOfRange: return QStringLiteral("birth_date_out_of_range");
    case IdNumberProblem::BadCheckDigit: return QStringLiteral("bad_check_digit");
    }
    return QStringLiteral("unknown");
}

} // namespace kiosk::app
