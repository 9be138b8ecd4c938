// The technicians' sign-in to the maintenance menu: by PIN or technician card, with the persistent lockout shown
// before anyone types.
#pragma once

#include "ui/screens/screen.h"

class QLabel;
class QLineEdit;
class QPushButton;

namespace kiosk::app {
class MaintenanceService;
struct AuthResult;
} // namespace kiosk::app

namespace kiosk::ui {

class MaintenanceLoginScreen : public Screen
{
    Q_OBJECT
public:
    explicit MaintenanceLoginScreen(const ScreenContext &ctx, QWidget *parent = nullptr);
    QString title() const override;
    QString voicePrompt() const override;
    QString statusText() const;

protected:
    void retranslateUi() override;
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void signIn();
    void showResult(const app::AuthResult &result);
    void showLockState();
    app::MaintenanceService *service() const;

    QLabel *title_;
    QLabel *intro_;
    QLineEdit *pin_;
    QPushButton *signIn_;
    QLabel *status_;
    bool busy_ = false;
};

} // namespace kiosk::ui
