// The shared part of the application steps.
#include "ui/screens/apply/application_step.h"

#include <QLabel>

#include "app/application/citizen_services.h"
#include "app/application/draft.h"
#include "app/application/visit_state.h"
#include "app/catalogue/catalogue_service.h"
#include "app/session/kiosk_session.h"

namespace kiosk::ui {

ApplicationStep::ApplicationStep(const QString &id, const ScreenContext &ctx, QWidget *parent) : Screen(id, ctx, parent)
{
    app::VisitState *v = visit();
    if (!v || !ctx.catalogue || !ctx.catalogue->catalogue())
        return;
    const app::ServiceItem *it = ctx.catalogue->catalogue()->item(v->selectedItem());
    if (!it || !v->identified())
        return;
    app::Draft &d = v->draft();
    if (!d.isStarted() || d.item().code != it->code)
        d.start(*it, v->subject());
    ready_ = true;
}

QLabel *ApplicationStep::makeErrorLabel()
{
    auto *l = new QLabel(this);
    l->setTextFormat(Qt::PlainText);
    l->setProperty("role", QStringLiteral("error"));
    l->setWordWrap(true);
    l->hide();
    return l;
}

app::VisitState *ApplicationStep::visit() const
{
    return app::VisitState::of(context().session);
}

app::Draft *ApplicationStep::draft() const
{
    app::VisitState *v = visit();
    return v ? &v->draft() : nullptr;
}

const app::ServiceItem *ApplicationStep::item() const
{
    app::Draft *d = draft();
    return d && d->isStarted() ? &d->item() : nullptr;
}

QString ApplicationStep::progressText() const
{
    const app::ServiceItem *it = item();
    if (!it)
        return {};
    const QStringList steps = app::applicationSteps(*it);
    return tr("第 %1 步，共 %2 步").arg(steps.indexOf(id()) + 1).arg(steps.size());
}

void ApplicationStep::goNext()
{
    const app::ServiceItem *it = item();
    if (!it)
        return;
    const QString next = app::stepAfter(id(), *it);
    context().session->navigate(next.isEmpty() ? QStringLiteral("receipt") : next);
}

} // namespace kiosk::ui
