// GB 11643-1999 citizen identity numbers: structure, region, birth date and the ISO 7064 MOD 11-2 check character;
// optionally the 2023 foreigner's permanent residence number, which shares the structure and the check.
#pragma once

#include <QDate>
#include <QString>
#include <QStringView>

namespace kiosk::app {

enum class IdNumberKind {
    Citizen,               // mainland resident ID card
    HkMacaoTaiwanResident, // residence permit number, region 810000 / 820000 / 830000
    ForeignPermanent2023,  // 9 + province + 3-digit nationality + birth date + sequence + check
};

enum class IdNumberProblem {
    None,
    Empty,
    FirstGeneration, // 15 digits: first-generation cards are no longer valid
    WrongLength,
    BadCharacter,        // not 17 digits followed by a digit or X
    BadRegion,           // the first digits name no province (or not 810000/820000/830000)
    ForeignNotAccepted,  // starts with 9 but the caller did not ask for foreigner numbers
    BadBirthDate,        // not a calendar date
    BirthDateOutOfRange, // before 1900 or after today
    BadCheckDigit,
};

struct IdNumberCheck {
    bool valid = false;
    IdNumberProblem problem = IdNumberProblem::None;
    QString reason; // English, for technicians; never repeats the number
    IdNumberKind kind = IdNumberKind::Citizen;
    QDate birthDate; // when the birth-date part is valid
};

struct IdNumberCheckOptions {
    bool acceptForeignPermanent2023 = false;
    QDate today; // null: QDate::currentDate(); injectable so tests do not depend on the calendar
};

// The MOD 11-2 check character for the first 17 digits ('0'..'9' or 'X'); a null QChar if they are not 17 digits.
QChar gb11643CheckCharacter(QStringView first17);

// Checks an 18-character number. A lowercase x as the check character is accepted (keyboards produce it).
IdNumberCheck checkIdNumber(QStringView number, const IdNumberCheckOptions &options = {});

QString toString(IdNumberProblem problem); // stable machine name, e.g. "bad_check_digit"

} // namespace kiosk::app
