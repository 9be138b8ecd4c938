// The settings page of the maintenance menu.
#include "ui/screens/maintenance/settings_page.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "app/maintenance/maintenance_service.h"

namespace kiosk::ui {

MaintenanceSettingsPage::MaintenanceSettingsPage(int index, const ScreenContext &ctx, QWidget *parent)
    : MaintenancePage(index, ctx, parent)
{
    configTitle_ = makeBodyLabel();
    config_ = makeStatusLabel("configView");
    editTitle_ = makeBodyLabel();
    configKey_ = new QComboBox;
    configKey_->setObjectName(QStringLiteral("configKey"));
    configValue_ = new QLineEdit;
    configValue_->setObjectName(QStringLiteral("configValue"));
    configValue_->setProperty("kioskInput", QStringLiteral("text"));
    saveConfig_ = makeButton("saveConfig");
    volumeTitle_ = makeBodyLabel();
    volume_ = makeStatusLabel("volumeValue");
    volumeDown_ = makeButton("volumeDown", QStringLiteral("secondary"));
    volumeUp_ = makeButton("volumeUp", QStringLiteral("secondary"));
    auto *volumeRow = new QHBoxLayout;
    volumeRow->addWidget(volumeDown_);
    volumeRow->addWidget(volume_, 1);
    volumeRow->addWidget(volumeUp_);
    restart_ = makeButton("restartApp", QStringLiteral("secondary"));
    leaveKiosk_ = makeButton("leaveKiosk", QStringLiteral("secondary"));
    QVBoxLayout *l = pageLayout();
    l->addWidget(configTitle_);
    l->addWidget(config_);
    l->addWidget(editTitle_);
    l->addWidget(configKey_);
    l->addWidget(configValue_);
    l->addWidget(saveConfig_);
    l->addWidget(volumeTitle_);
    l->addLayout(volumeRow);
    l->addWidget(restart_);
    l->addWidget(leaveKiosk_);
    connect(configKey_, &QComboBox::currentIndexChanged, this,
            [this] { configValue_->setText(configKey_->currentData().toString()); });
    connect(saveConfig_, &QPushButton::clicked, this, [this] {
        if (!service())
            return;
        const QString error = service()->setConfig(configKey_->currentText(), configValue_->text().trimmed());
        setStatus(error.isEmpty() ? tr("已保存，重启应用后生效。") : tr("未保存：%1").arg(error));
        refresh();
    });
    connect(volumeDown_, &QPushButton::clicked, this, [this] { stepVolume(-10); });
    connect(volumeUp_, &QPushButton::clicked, this, [this] { stepVolume(10); });
    connect(restart_, &QPushButton::clicked, this, [this] {
        if (service() && confirmed(restart_, tr("再次点击确认重启应用")))
            service()->restartApp();
    });
    connect(leaveKiosk_, &QPushButton::clicked, this, [this] {
        if (service() && confirmed(leaveKiosk_, tr("再次点击确认退出自助模式")) && !service()->leaveKioskMode())
            setStatus(tr("当前身份无权执行此操作。"));
    });
}

void MaintenanceSettingsPage::stepVolume(int delta)
{
    if (!service() || volumePercent_ < 0)
        return;
    const int next = qBound(0, volumePercent_ + delta, 100);
    service()->setVolume(next, this, [this, next](bool ok) {
        if (ok)
            volumePercent_ = next;
        volume_->setText(ok ? tr("音量：%1%").arg(next) : tr("无法调节音量。"));
    });
}

void MaintenanceSettingsPage::refresh()
{
    if (!signedIn()) {
        config_->clear();
        return;
    }
    app::MaintenanceService *s = service();
    const QList<app::ConfigEntry> entries = s->config();
    QStringList lines;
    const QString keep = configKey_->currentText();
    configKey_->blockSignals(true);
    configKey_->clear();
    for (const app::ConfigEntry &e : entries) {
        // A value from the local override file (set in this menu) says so: /etc's file holds another one.
        lines << (e.local ? tr("%1 = %2（本机修改）") : QStringLiteral("%1 = %2")).arg(e.key, e.value);
        if (e.editable)
            configKey_->addItem(e.key, e.value);
    }
    configKey_->blockSignals(false);
    const int index = configKey_->findText(keep);
    configKey_->setCurrentIndex(index >= 0 ? index : 0);
    configValue_->setText(configKey_->currentData().toString());
    config_->setText(lines.isEmpty() ? tr("没有配置文件。") : lines.join(QLatin1Char('\n')));
    const bool edit = s->may(app::MaintenanceAction::EditConfig) && configKey_->count() > 0;
    editTitle_->setVisible(edit);
    configKey_->setVisible(edit);
    configValue_->setVisible(edit);
    saveConfig_->setVisible(edit);
    leaveKiosk_->setEnabled(s->may(app::MaintenanceAction::LeaveKioskMode));
    restart_->setEnabled(s->may(app::MaintenanceAction::RestartApp));
    const bool vol = s->may(app::MaintenanceAction::ChangeVolume);
    volumeDown_->setEnabled(vol);
    volumeUp_->setEnabled(vol);
    if (!s->volume(this, [this](int percent) {
            volumePercent_ = percent;
            volume_->setText(percent >= 0 ? tr("音量：%1%").arg(percent) : tr("无法读取音量。"));
        }))
        volume_->setText(tr("无法读取音量。"));
}

void MaintenanceSettingsPage::retranslateUi()
{
    configTitle_->setText(tr("当前配置"));
    editTitle_->setText(tr("修改配置（主管）"));
    volumeTitle_->setText(tr("音量"));
    const auto name = [](QPushButton *b, const QString &text, const QString &accessible = {}) {
        b->setText(text);
        b->setAccessibleName(accessible.isEmpty() ? text : accessible);
    };
    name(saveConfig_, tr("保存配置"));
    name(volumeDown_, tr("音量 −"), tr("调低音量"));
    name(volumeUp_, tr("音量 +"), tr("调高音量"));
    name(restart_, tr("重启应用"));
    name(leaveKiosk_, tr("退出自助模式（主管）"));
    configKey_->setAccessibleName(tr("配置项"));
    configValue_->setAccessibleName(tr("新的值"));
}

} // namespace kiosk::ui
