// Where the identification screens (identify, consent, face) lead: the item's first application step, or on with the
// identity checked by staff when the face step did not verify the citizen (declining never blocks the service).
#pragma once

#include <QString>

namespace kiosk::ui {

struct ScreenContext;

// The first step of the selected item's application ("form" when there is no item).
QString firstApplicationStep(const ScreenContext &ctx);
// Records the staff identity check in the visit (VisitState::checkIdentityByStaff) and goes to the first step.
void continueWithStaffCheck(const ScreenContext &ctx);

} // namespace kiosk::ui
