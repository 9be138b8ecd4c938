// The maintenance menu's network page: a check of the platform connection (reachability, TLS, key pins, clock offset).
#pragma once

#include "ui/screens/maintenance/maintenance_page.h"

namespace kiosk::ui {

class MaintenanceNetworkPage : public MaintenancePage
{
    Q_OBJECT
public:
    MaintenanceNetworkPage(int index, const ScreenContext &ctx, QWidget *parent = nullptr);
    void refresh() override;
    void retranslateUi() override;

private:
    QLabel *title_;
    QLabel *network_;
    QPushButton *checkNetwork_;
};

} // namespace kiosk::ui
