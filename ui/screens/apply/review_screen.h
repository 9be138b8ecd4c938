// The review of the whole application with the pre-review's findings, and its submission
// (SubmissionService::submitVisit decides and builds what is sealed and the receipt).
#pragma once

#include "ui/screens/apply/application_step.h"

class QLabel;
class QPushButton;

namespace kiosk::app {
struct SubmissionOutcome;
struct ReceiptData;
enum class SubmitProblem;
} // namespace kiosk::app

namespace kiosk::ui {

class StepperBar;

class PrereviewPanel;

class ReviewScreen : public ApplicationStep
{
    Q_OBJECT
public:
    explicit ReviewScreen(const ScreenContext &ctx, QWidget *parent = nullptr);
    QString title() const override;
    QString voicePrompt() const override;
    QString summaryText() const;

protected:
    void retranslateUi() override;
    // The screen stays while the visit lasts: coming back from an earlier step shows the draft as it is now.
    void showEvent(QShowEvent *event) override;

private:
    void submit();
    void onSubmitted(const app::SubmissionOutcome &outcome, const app::ReceiptData &receipt);
    void showProblem(app::SubmitProblem problem); // nothing entered is lost: the citizen may retry or go to the counter
    QLabel *title_;
    StepperBar *step_;
    QLabel *summary_;
    PrereviewPanel *prereview_;
    QLabel *status_;
    QPushButton *submit_;
    bool submitting_ = false;
};

} // namespace kiosk::ui
