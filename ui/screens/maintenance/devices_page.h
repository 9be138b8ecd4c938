// The maintenance menu's devices page: every configured device with its status and detail, a self-test each and its
// result (the face camera's check shows one frame, on screen only).
#pragma once

#include <QImage>
#include <QMap>

#include "app/devices/device_description.h"
#include "ui/screens/maintenance/maintenance_page.h"

namespace kiosk::ui {

class MaintenanceDevicesPage : public MaintenancePage
{
    Q_OBJECT
public:
    MaintenanceDevicesPage(int index, const ScreenContext &ctx, QWidget *parent = nullptr);
    void refresh() override;
    void retranslateUi() override;
    void reset() override;

private:
    void runSelfTest(const QString &kind);
    QString headline(const app::DeviceDescription &d) const;
    QString stateName(const QString &state) const;
    QString factValue(const app::DeviceFact &f) const;
    QString detailLine(const QString &line) const; // a self-test detail "key: value" as a labelled fact
    QWidget *factsPanel(const app::DeviceDescription &d);
    int addReaderSamRow(int row); // the reader's SAM check under its panel; the next free row

    QLabel *title_;
    QWidget *box_;
    QGridLayout *grid_;
    QMap<QString, QString> results_; // kind -> the last self-test result shown (technical, no personal data)
    QImage cameraFrame_;             // the camera check's frame: on screen only, dropped with the menu
};

} // namespace kiosk::ui
