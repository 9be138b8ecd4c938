// The technicians' maintenance menu: the frame around its six pages (devices, queue, catalogue, network, logs,
// settings; one class each in this folder), the role signed in, the status line and sign out. Every action is checked
// against the role (app::may); nothing of a citizen is shown.
#pragma once

#include <QList>

#include "ui/screens/screen.h"

class QLabel;
class QPushButton;
class QStackedWidget;

namespace kiosk::app {
class MaintenanceService;
}

namespace kiosk::ui {

class MaintenancePage;

class MaintenanceMenuScreen : public Screen
{
    Q_OBJECT
public:
    explicit MaintenanceMenuScreen(const ScreenContext &ctx, QWidget *parent = nullptr);
    ~MaintenanceMenuScreen() override; // leaving the menu for good (e.g. the idle wipe) signs out
    QString title() const override;
    QString voicePrompt() const override;
    bool showsFrameChrome() const override { return false; } // sign out is the only way out

    enum Page { Devices, Queue, Catalogue, Network, Logs, Settings };
    void showPage(Page page);
    void refresh();

protected:
    void retranslateUi() override;
    void showEvent(QShowEvent *event) override;

private:
    app::MaintenanceService *service() const;
    void addPage(MaintenancePage *page);
    void setStatus(const QString &text);

    QLabel *title_;
    QLabel *role_;
    QList<QPushButton *> tabs_;
    QStackedWidget *stack_;
    QList<MaintenancePage *> pages_; // in Page order
    QLabel *status_;
    QPushButton *refresh_;
    QPushButton *signOut_;
};

} // namespace kiosk::ui
