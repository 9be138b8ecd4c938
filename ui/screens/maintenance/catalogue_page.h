// The maintenance menu's catalogue page: the service catalogue's version, last update and error, and an update now.
#pragma once

#include "ui/screens/maintenance/maintenance_page.h"

namespace kiosk::ui {

class MaintenanceCataloguePage : public MaintenancePage
{
    Q_OBJECT
public:
    MaintenanceCataloguePage(int index, const ScreenContext &ctx, QWidget *parent = nullptr);
    void refresh() override;
    void retranslateUi() override;

private:
    QLabel *title_;
    QLabel *catalogue_;
    QPushButton *refreshCatalogue_;
};

} // namespace kiosk::ui
