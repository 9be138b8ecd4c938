// The devices page of the maintenance menu.
#include "ui/screens/maintenance/devices_page.h"

#include <QCoreApplication>
#include <QGridLayout>
#include <QLabel>
#include <QPixmap>
#include <QPushButton>
#include <QVBoxLayout>

#include "app/maintenance/maintenance_service.h"

namespace kiosk::ui {

namespace {

QString deviceName(const QString &kind)
{
    if (kind == QLatin1String("idcard_reader"))
        return QCoreApplication::translate("kiosk::ui::MaintenanceDevicesPage", "身份证阅读器");
    if (kind == QLatin1String("code_scanner"))
        return QCoreApplication::translate("kiosk::ui::MaintenanceDevicesPage", "扫码器");
    if (kind == QLatin1String("receipt_printer"))
        return QCoreApplication::translate("kiosk::ui::MaintenanceDevicesPage", "凭条打印机");
    if (kind == QLatin1String("document_printer"))
        return QCoreApplication::translate("kiosk::ui::MaintenanceDevicesPage", "A4打印机");
    if (kind == QLatin1String("document_scanner"))
        return QCoreApplication::translate("kiosk::ui::MaintenanceDevicesPage", "文件扫描仪");
    if (kind == QLatin1String("document_camera"))
        return QCoreApplication::translate("kiosk::ui::MaintenanceDevicesPage", "高拍仪");
    if (kind == QLatin1String("face_camera"))
        return QCoreApplication::translate("kiosk::ui::MaintenanceDevicesPage", "人脸摄像头");
    return kind;
}

QString testName(const QString &kind)
{
    if (kind == QLatin1String("idcard_reader"))
        return QCoreApplication::translate("kiosk::ui::MaintenanceDevicesPage", "读卡测试");
    if (kind == QLatin1String("code_scanner"))
        return QCoreApplication::translate("kiosk::ui::MaintenanceDevicesPage", "扫码测试");
    if (kind == QLatin1String("receipt_printer"))
        return QCoreApplication::translate("kiosk::ui::MaintenanceDevicesPage", "打印测试小票");
    if (kind == QLatin1String("document_printer"))
        return QCoreApplication::translate("kiosk::ui::MaintenanceDevicesPage", "打印A4测试页");
    if (kind == QLatin1String("document_scanner"))
        return QCoreApplication::translate("kiosk::ui::MaintenanceDevicesPage", "扫描测试页");
    if (kind == QLatin1String("face_camera"))
        return QCoreApplication::translate("kiosk::ui::MaintenanceDevicesPage", "摄像头检查");
    return QCoreApplication::translate("kiosk::ui::MaintenanceDevicesPage", "自检");
}

// What the technician must do while a test waits, or empty.
QString testWaitHint(const QString &kind)
{
    if (kind == QLatin1String("idcard_reader"))
        return QCoreApplication::translate("kiosk::ui::MaintenanceDevicesPage",
                                           "请在读卡器上放置一张身份证（只显示遮盖后的信息）。");
    if (kind == QLatin1String("code_scanner"))
        return QCoreApplication::translate("kiosk::ui::MaintenanceDevicesPage", "请在扫码器前出示一个二维码。");
    if (kind == QLatin1String("document_scanner"))
        return QCoreApplication::translate("kiosk::ui::MaintenanceDevicesPage", "请在扫描仪上放一张空白或测试用纸。");
    return {};
}

} // namespace

MaintenanceDevicesPage::MaintenanceDevicesPage(int index, const ScreenContext &ctx, QWidget *parent)
    : MaintenancePage(index, ctx, parent)
{
    title_ = makeBodyLabel();
    box_ = new QWidget;
    box_->setObjectName(QStringLiteral("maintenanceDevices"));
    grid_ = new QGridLayout(box_);
    grid_->setContentsMargins(0, 0, 0, 0);
    grid_->setSpacing(8);
    grid_->setColumnStretch(0, 1);
    pageLayout()->addWidget(title_);
    pageLayout()->addWidget(box_);
}

void MaintenanceDevicesPage::reset()
{
    results_.clear();
    cameraFrame_ = QImage();
}

void MaintenanceDevicesPage::refresh()
{
    app::MaintenanceService *s = service();
    const bool in = signedIn();
    // The device rows are rebuilt from the provider each time: devices come and go with the configuration.
    clearGrid(grid_);
    const QList<app::DeviceReport> devices = in ? s->devices() : QList<app::DeviceReport>{};
    int row = 0;
    for (const app::DeviceReport &d : devices) {
        // Kind, status and detail are technical values for technicians: shown as the devices report them.
        auto *info = makePlainLabel(box_, QStringLiteral("device_") + d.kind);
        info->setText(d.detail.isEmpty()
                          ? QStringLiteral("%1 (%2)  [%3]").arg(deviceName(d.kind), d.kind, d.status)
                          : QStringLiteral("%1 (%2)  [%3]  %4").arg(deviceName(d.kind), d.kind, d.status, d.detail));
        grid_->addWidget(info, row, 0);
        auto *test = new QPushButton(testName(d.kind), box_);
        test->setObjectName(QStringLiteral("selfTest_") + d.kind);
        test->setProperty("role", QStringLiteral("secondary"));
        test->setFocusPolicy(Qt::NoFocus);
        test->setAccessibleName(tr("%1：%2").arg(testName(d.kind), deviceName(d.kind)));
        test->setEnabled(s->canRunSelfTest());
        const QString kind = d.kind;
        connect(test, &QPushButton::clicked, this, [this, kind] { runSelfTest(kind); });
        grid_->addWidget(test, row, 1);
        ++row;
        if (results_.contains(kind)) {
            auto *result = makePlainLabel(box_, QStringLiteral("selfTestResult_") + kind, results_.value(kind));
            result->setProperty("role", QStringLiteral("status"));
            grid_->addWidget(result, row++, 0, 1, 2);
        }
        if (kind == QLatin1String("face_camera") && !cameraFrame_.isNull()) {
            auto *preview = new QLabel(box_);
            preview->setObjectName(QStringLiteral("cameraPreview"));
            preview->setPixmap(QPixmap::fromImage(cameraFrame_));
            preview->setAccessibleName(tr("摄像头画面（不录制、不保存）"));
            grid_->addWidget(preview, row++, 0, 1, 2);
        }
    }
    if (in && devices.isEmpty())
        grid_->addWidget(makePlainLabel(box_, QStringLiteral("noDevices"), tr("没有配置任何设备。")), 0, 0);
}

void MaintenanceDevicesPage::runSelfTest(const QString &kind)
{
    app::MaintenanceService *s = service();
    if (!s)
        return;
    const bool started = s->runSelfTest(kind, this, [this, kind](const app::SelfTestReport &r) {
        QStringList lines{(r.passed ? tr("通过") : tr("未通过")) + QStringLiteral("：") + r.summary};
        lines << r.details;
        results_.insert(kind, lines.join(QLatin1Char('\n')));
        if (kind == QLatin1String("face_camera"))
            cameraFrame_ = r.preview; // shown only; dropped when the menu is left
        setStatus(tr("自检完成：%1").arg(deviceName(kind)));
        refresh();
    });
    if (!started) {
        setStatus(tr("当前身份无权执行此操作。"));
        return;
    }
    const QString hint = testWaitHint(kind);
    results_.insert(kind, tr("正在自检……") + (hint.isEmpty() ? QString() : QLatin1Char(' ') + hint));
    setStatus(tr("已开始自检：%1").arg(deviceName(kind)));
    refresh();
}

void MaintenanceDevicesPage::retranslateUi()
{
    title_->setText(tr("设备状态与自检"));
}

} // namespace kiosk::ui
