// The network page of the maintenance menu.
#include "ui/screens/maintenance/network_page.h"

#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include "app/maintenance/maintenance_service.h"

namespace kiosk::ui {

MaintenanceNetworkPage::MaintenanceNetworkPage(int index, const ScreenContext &ctx, QWidget *parent)
    : MaintenancePage(index, ctx, parent)
{
    title_ = makeBodyLabel();
    network_ = makeStatusLabel("networkInfo");
    checkNetwork_ = makeButton("checkNetwork");
    pageLayout()->addWidget(title_);
    pageLayout()->addWidget(network_);
    pageLayout()->addWidget(checkNetwork_);
    connect(checkNetwork_, &QPushButton::clicked, this, [this] {
        if (!service())
            return;
        checkNetwork_->setEnabled(false);
        const bool started = service()->checkNetwork(this, [this](const app::NetworkCheck &c) {
            checkNetwork_->setEnabled(true);
            const auto word = [](const QString &v) {
                return v == QLatin1String("ok")       ? tr("通过")
                       : v == QLatin1String("failed") ? tr("未通过")
                                                      : tr("未检查");
            };
            QStringList lines;
            if (!c.configured) {
                lines << tr("未配置政务平台地址。");
            } else {
                lines << (c.reachable ? tr("平台可达（HTTP %1）").arg(c.httpStatus)
                                      : tr("平台不可达（%1）").arg(c.networkError));
                lines << tr("TLS 证书检查：%1").arg(word(c.tls));
                lines << (c.pins > 0 ? tr("公钥固定（%1 个）：%2").arg(c.pins).arg(word(c.pin))
                                     : tr("没有有效的公钥固定：不连接平台（原因见下）。"));
                if (c.clockOffsetMs)
                    lines << tr("本机时钟与平台相差：%1 秒").arg(double(*c.clockOffsetMs) / 1000.0, 0, 'f', 1);
                else
                    lines << tr("时钟偏差：平台未提供时间。");
            }
            if (!c.detail.isEmpty())
                lines << c.detail;
            network_->setText(lines.join(QLatin1Char('\n')));
        });
        if (started)
            network_->setText(tr("正在检查网络……"));
        else
            checkNetwork_->setEnabled(true);
    });
}

void MaintenanceNetworkPage::refresh()
{
    // The check runs only when asked (it reaches the platform); until then the page says how.
    if (signedIn() && network_->text().isEmpty())
        network_->setText(tr("点击“检查网络”查看平台连接。"));
}

void MaintenanceNetworkPage::retranslateUi()
{
    title_->setText(tr("网络与平台"));
    checkNetwork_->setText(tr("检查网络"));
    checkNetwork_->setAccessibleName(checkNetwork_->text());
}

} // namespace kiosk::ui
