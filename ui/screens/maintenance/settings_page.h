// The maintenance menu's settings page: the configuration (a supervisor may change the editable keys), the volume,
// restarting the application and leaving kiosk mode (both confirmed by a second tap).
#pragma once

#include "ui/screens/maintenance/maintenance_page.h"

class QLineEdit;

namespace kiosk::ui {

class MaintenanceSettingsPage : public MaintenancePage
{
    Q_OBJECT
public:
    MaintenanceSettingsPage(int index, const ScreenContext &ctx, QWidget *parent = nullptr);
    void refresh() override;
    void retranslateUi() override;

private:
    void stepVolume(int delta);

    QLabel *configTitle_;
    QLabel *config_;
    QLabel *editTitle_;
    QComboBox *configKey_;
    QLineEdit *configValue_;
    QPushButton *saveConfig_;
    QLabel *volumeTitle_;
    QLabel *volume_;
    QPushButton *volumeDown_;
    QPushButton *volumeUp_;
    int volumePercent_ = -1;
    QPushButton *restart_;
    QPushButton *leaveKiosk_;
};

} // namespace kiosk::ui
