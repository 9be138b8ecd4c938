// The shared part of the application steps.
#include "ui/screens/apply/application_step.h"

#include <QLabel>

#include "app/application/citizen_services.h"
#include "app/application/draft.h"
#include "app/application/visit_state.h"
#include "app/catalogue/catalogue_service.h"
#include "app/session/kiosk_session.h"
#include "ui/widgets/stepper_bar.h"

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

QStringList ApplicationStep::flowSteps() const
{
    const app::ServiceItem *it = item();
    if (!it)
        return {};
    return QStringList{QStringLiteral("identify")} + app::applicationSteps(*it);
}

QString ApplicationStep::stepName(const QString &step)
{
    if (step == QLatin1String("identify"))
        return tr("核验身份");
    if (step == QLatin1String("form"))
        return tr("填写信息");
    if (step == QLatin1String("materials"))
        return tr("提交材料");
    if (step == QLatin1String("commitment"))
        return tr("告知承诺");
    if (step == QLatin1String("delivery"))
        return tr("领取方式");
    if (step == QLatin1String("review"))
        return tr("核对提交");
    return step;
}

QString ApplicationStep::progressText() const
{
    const QStringList steps = flowSteps();
    if (steps.isEmpty())
        return {};
    return tr("第 %1 步，共 %2 步").arg(steps.indexOf(id()) + 1).arg(steps.size());
}

StepperBar *ApplicationStep::makeStepper()
{
    stepper_ = new StepperBar(this);
    return stepper_;
}

void ApplicationStep::refreshStepper()
{
    if (!stepper_)
        return;
    const QStringList steps = flowSteps();
    QStringList names;
    for (const QString &s : steps)
        names << stepName(s);
    stepper_->setSteps(names, int(steps.indexOf(id())));
    stepper_->setVisible(!steps.isEmpty());
}

void ApplicationStep::applyMetrics(const ThemeMetrics &metrics, bool landscape)
{
    // Care mode in portrait: three steps a row, so each name stays large and whole on a 1080 px panel.
    if (stepper_)
        stepper_->setMaxColumns(metrics.tileColumns == 1 && !landscape ? 3 : 0);
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
