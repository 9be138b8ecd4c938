// The form's rules: what the card fills in, and whether a value the citizen typed is acceptable for its field
// (required, GB 11643 ID numbers, mobile numbers, dates, numbers, choices, the item's own pattern). Pure functions.
#pragma once

#include <QDate>
#include <QMap>
#include <QString>

#include "app/catalogue/service_item.h"
#include "app/identity/identity.h"

namespace kiosk::app {

enum class FieldProblem {
    None,
    Required,    // empty but required
    BadIdNumber, // wrong length, characters, date or GB 11643 check digit
    BadPhone,    // not an 11-digit mainland mobile number (or a fixed line with area code)
    BadDate,     // not a real date as YYYY-MM-DD (also YYYYMMDD or YYYY/MM/DD, normalised)
    BadNumber,   // not a number
    BadChoice,   // not one of the choices
    BadPattern,  // does not match the item's pattern
    TooLong,     // more than kMaxFieldChars
};
QString toString(FieldProblem problem); // stable code, e.g. bad_id_number

inline constexpr int kMaxFieldChars = 200;

// Normalises what was typed (trims, full-width digits and letters to ASCII, dates to YYYY-MM-DD, x -> X in ID
// numbers) so that it is checked and submitted in one form.
QString normaliseFieldValue(const ItemField &field, const QString &typed);

// Checks a normalised value.
FieldProblem checkField(const ItemField &field, const QString &value);
// The same while the citizen is still typing: an unfinished value (empty, or shorter than a phone number) is not yet
// an error; a wrong character or check digit already is.
FieldProblem checkFieldWhileTyping(const ItemField &field, const QString &value);

// Values for fields whose source is the card (`idcard.name`, `idcard.id_number`, `idcard.sex`, `idcard.birth_date`,
// `idcard.address`, `idcard.nationality`, `idcard.name_en`); other fields are left out.
QMap<QString, QString> prefillFromCard(const QList<ItemField> &fields, const Identity &id);

} // namespace kiosk::app
