// The maintenance menu's logs page: the recent log lines (never personal data) and their export to a USB stick.
#pragma once

#include "ui/screens/maintenance/maintenance_page.h"

class QPlainTextEdit;

namespace kiosk::ui {

class MaintenanceLogsPage : public MaintenancePage
{
    Q_OBJECT
public:
    MaintenanceLogsPage(int index, const ScreenContext &ctx, QWidget *parent = nullptr);
    void refresh() override;
    void retranslateUi() override;

private:
    QLabel *title_;
    QPlainTextEdit *logs_;
    QComboBox *logFolder_;
    QPushButton *exportLogs_;
};

} // namespace kiosk::ui
