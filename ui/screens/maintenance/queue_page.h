// The maintenance menu's queue page: what waits to be reported, a sync now, the dead letters (the platform refused
// them) with retry and delete, and an export of the sealed submissions to a USB stick.
#pragma once

#include "ui/screens/maintenance/maintenance_page.h"

namespace kiosk::ui {

class MaintenanceQueuePage : public MaintenancePage
{
    Q_OBJECT
public:
    MaintenanceQueuePage(int index, const ScreenContext &ctx, QWidget *parent = nullptr);
    void refresh() override;
    void retranslateUi() override;

private:
    void refreshDeadLetters();

    QLabel *title_;
    QLabel *queue_;
    QPushButton *syncNow_;
    QLabel *deadTitle_;
    QWidget *deadBox_;
    QGridLayout *deadGrid_;
    QLabel *exportTitle_;
    QComboBox *exportFolder_;
    QPushButton *exportQueue_;
};

} // namespace kiosk::ui
