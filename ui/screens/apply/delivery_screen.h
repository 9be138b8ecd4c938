// How the citizen receives the result (pickup, mail with an address, ...); the rules are app/application's.
#pragma once

#include <QHash>

#include "ui/screens/apply/application_step.h"

class QLabel;
class QLineEdit;
class QPushButton;

namespace kiosk::ui {

class StepperBar;

class DeliveryScreen : public ApplicationStep
{
    Q_OBJECT
public:
    explicit DeliveryScreen(const ScreenContext &ctx, QWidget *parent = nullptr);
    QString title() const override;
    QString voicePrompt() const override;

protected:
    void retranslateUi() override;

private:
    void choose(const QString &method);
    QLabel *title_;
    StepperBar *step_;
    QHash<QString, QPushButton *> options_;
    QLabel *addressLabel_;
    QLineEdit *address_;
    QLabel *phoneLabel_;
    QLineEdit *phone_;
    QLabel *error_;
    QPushButton *next_;
};

} // namespace kiosk::ui
