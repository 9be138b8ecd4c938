// The accessible face of a form field filled from the card (a read-only QLineEdit with the "fromCard" property):
// Qt reports every QLineEdit as editable, so a screen reader offered these as fields to type in (issue 20). These say
// what they are: read-only text with its label as the name and the card's value as the value.
#pragma once

class QLineEdit;

namespace kiosk::ui {

// Installs the accessibility factory once (idempotent).
void installCardFieldAccessibility();
// Makes `edit` a field filled from the card: read-only, and so for assistive technologies (an interface Qt made for
// it before is replaced).
void markCardField(QLineEdit *edit);

} // namespace kiosk::ui
