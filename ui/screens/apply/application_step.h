// The base of the application's steps after identification: the visit, its draft (app/application) and the item,
// the step bar and the way to the next step. Every step reads and writes the visit's Draft, so going back and forth
// loses nothing, and the wipe at the end of the visit destroys it.
#pragma once

#include "ui/screens/screen.h"

class QLabel;

namespace kiosk::app {
class Draft;
class VisitState;
struct ServiceItem;
} // namespace kiosk::app

namespace kiosk::ui {

class StepperBar;

// Shared by the steps: the visit, its draft and the item; the stepper (identification, then the item's steps, each
// named); navigation to the next step.
class ApplicationStep : public Screen
{
    Q_OBJECT
public:
    ApplicationStep(const QString &id, const ScreenContext &ctx, QWidget *parent);
    // A step's name as the stepper shows it ("identify", "form", "materials", ...), translated.
    static QString stepName(const QString &step);

protected:
    app::VisitState *visit() const;
    app::Draft *draft() const;
    const app::ServiceItem *item() const;
    QString progressText() const; // "第 3 步，共 6 步" (identification counted as the first step)
    // The stepper bar of this step: make it once, refresh it from retranslateUi (names follow the language).
    StepperBar *makeStepper();
    void refreshStepper();
    void applyMetrics(const ThemeMetrics &metrics, bool landscape) override;
    // The flow's steps as the stepper names them: "identify" and the item's steps (app::applicationSteps).
    QStringList flowSteps() const;
    void goNext();
    // A field's or the step's problem, hidden until there is one.
    QLabel *makeErrorLabel();
    // A screen reached without a started draft (e.g. after a restart of the step) explains and offers home.
    bool ready() const { return ready_; }

private:
    bool ready_ = false;
    StepperBar *stepper_ = nullptr;
};

} // namespace kiosk::ui
