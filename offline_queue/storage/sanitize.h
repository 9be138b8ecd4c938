// Error texts that are stored, logged or shown: personal data masked, length bounded. Used by the sync engine, the
// audit log, the self-test report and kioskctl (design.md section 4: personal data is never logged in clear).
#pragma once

#include <QString>

namespace kiosk::queue {

// Masks what could be personal data in a text that will be stored or logged (long digit runs such as ID and phone
// numbers become 4401**********2430) and bounds its length.
QString sanitizeErrorText(const QString &text);

// Masks every digit of a run that may be a phone or ID number in free text a citizen typed (an evaluation comment):
// at least 7 digits, full-width ones included, optionally split by single spaces, hyphens or dots, and an ID
// number's final X. Shorter numbers ("等了30分钟", "12345热线") stay. The result has the same length as the input.
QString maskPersonalNumbers(const QString &text);

} // namespace kiosk::queue
