// 告知承诺: the text of the item, agreement and a signature (Draft::signCommitment records which text).
#pragma once

#include "ui/screens/apply/application_step.h"

class QLabel;
class QPushButton;

namespace kiosk::ui {

class StepperBar;

class SignaturePad;

class CommitmentScreen : public ApplicationStep
{
    Q_OBJECT
public:
    explicit CommitmentScreen(const ScreenContext &ctx, QWidget *parent = nullptr);
    QString title() const override;
    QString voicePrompt() const override;
    SignaturePad *pad() const { return pad_; }

protected:
    void retranslateUi() override;

private:
    QString text() const;
    void updateState();
    QLabel *title_;
    StepperBar *step_;
    QLabel *text_;
    QPushButton *agree_;
    SignaturePad *pad_;
    QLabel *padHint_;
    QPushButton *clear_;
    QPushButton *next_;
    QPushButton *decline_;
};

} // namespace kiosk::ui
