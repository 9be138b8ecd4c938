// Error texts that are stored, logged or shown: personal data masked, length bounded. Used by the sync engine, the audit
// log, the self-test report and kioskctl (design.md section 4: personal data is never logged in clear).
#pragma once

#include <QString>

namespace kiosk::queue {

// Masks what could be personal data in a text that will be stored or logged (long digit runs such as ID and phone
// numbers become 4401**********2430) and bounds its length.
QString sanitizeErrorText(const QString &text);

} // namespace kiosk::queue
