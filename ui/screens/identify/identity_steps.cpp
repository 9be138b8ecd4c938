// Navigation after identification.
#include "ui/screens/identify/identity_steps.h"

#include "app/application/citizen_services.h"
#include "app/application/visit_state.h"
#include "app/catalogue/catalogue_service.h"
#include "app/consent/consent_gate.h"
#include "app/session/kiosk_session.h"
#include "app/verification/face_step.h"
#include "ui/screens/screen.h"

namespace kiosk::ui {

QString firstApplicationStep(const ScreenContext &ctx)
{
    app::VisitState *v = app::VisitState::of(ctx.session);
    const app::ServiceItem *it = v && ctx.catalogue && ctx.catalogue->catalogue()
                                     ? ctx.catalogue->catalogue()->item(v->selectedItem())
                                     : nullptr;
    return it ? app::firstStep(*it) : QStringLiteral("form");
}

void continueWithStaffCheck(const ScreenContext &ctx)
{
    if (app::VisitState *v = app::VisitState::of(ctx.session)) {
        app::ConsentGate *gate = ctx.services.face ? ctx.services.face->gate() : nullptr;
        v->checkIdentityByStaff(gate && gate->record() ? QJsonValue(gate->record()->toJson()) : QJsonValue());
    }
    ctx.session->navigate(firstApplicationStep(ctx));
}

} // namespace kiosk::ui
