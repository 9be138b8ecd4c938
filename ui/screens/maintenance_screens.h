// The technicians' maintenance menu: PIN sign-in (with the persistent lockout shown) and the menu itself (devices
// with a self-test each, the outbox figures with "sync now", the role signed in, sign out). No personal data.
#pragma once

#include <QList>
#include <QString>

#include "ui/screens/screen.h"

class QGridLayout;
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

private:
    void signIn();
    void showResult(const app::AuthResult &result);
    app::MaintenanceService *service() const;

    QLabel *title_;
    QLabel *intro_;
    QLineEdit *pin_;
    QPushButton *signIn_;
    QLabel *status_;
    bool busy_ = false;
};

class MaintenanceMenuScreen : public Screen
{
    Q_OBJECT
public:
    explicit MaintenanceMenuScreen(const ScreenContext &ctx, QWidget *parent = nullptr);
    ~MaintenanceMenuScreen() override; // leaving the menu for good (e.g. the idle wipe) signs out
    QString title() const override;
    QString voicePrompt() const override;
    bool showsFrameChrome() const override { return false; } // sign out is the only way out

    void refresh();

protected:
    void retranslateUi() override;
    void showEvent(QShowEvent *event) override;

private:
    app::MaintenanceService *service() const;

    QLabel *title_;
    QLabel *role_;
    QLabel *devicesTitle_;
    QWidget *devicesBox_;
    QGridLayout *devicesGrid_;
    QLabel *queueTitle_;
    QLabel *queue_;
    QPushButton *syncNow_;
    QPushButton *refresh_;
    QPushButton *signOut_;
    QLabel *status_;
};

} // namespace kiosk::ui
