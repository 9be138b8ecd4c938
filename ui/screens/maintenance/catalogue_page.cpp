// The catalogue page of the maintenance menu.
#include "ui/screens/maintenance/catalogue_page.h"

#include <QDateTime>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include "app/maintenance/maintenance_service.h"

namespace kiosk::ui {

MaintenanceCataloguePage::MaintenanceCataloguePage(int index, const ScreenContext &ctx, QWidget *parent)
    : MaintenancePage(index, ctx, parent)
{
    title_ = makeBodyLabel();
    catalogue_ = makeStatusLabel("catalogueInfo");
    refreshCatalogue_ = makeButton("refreshCatalogue");
    pageLayout()->addWidget(title_);
    pageLayout()->addWidget(catalogue_);
    pageLayout()->addWidget(refreshCatalogue_);
    connect(refreshCatalogue_, &QPushButton::clicked, this, [this] {
        if (!service())
            return;
        refreshCatalogue_->setEnabled(false);
        if (service()->refreshCatalogue(this, [this](const app::CatalogueInfo &) {
                refreshCatalogue_->setEnabled(true);
                refresh();
            }))
            catalogue_->setText(tr("正在更新事项目录……"));
        else
            refreshCatalogue_->setEnabled(true);
    });
}

void MaintenanceCataloguePage::refresh()
{
    if (!signedIn()) {
        catalogue_->clear();
        return;
    }
    app::MaintenanceService *s = service();
    const app::CatalogueInfo c = s->catalogue();
    QStringList lines{tr("目录版本：%1（%2 个事项）").arg(c.version).arg(c.items),
                      tr("上次更新：%1")
                          .arg(c.lastRefresh.isValid() ? c.lastRefresh.toString(QStringLiteral("yyyy-MM-dd HH:mm"))
                                                       : tr("本次启动后未更新"))};
    if (!c.lastError.isEmpty())
        lines << tr("最近错误：%1").arg(c.lastError);
    catalogue_->setText(lines.join(QLatin1Char('\n')));
    refreshCatalogue_->setEnabled(s->may(app::MaintenanceAction::RefreshCatalogue));
}

void MaintenanceCataloguePage::retranslateUi()
{
    title_->setText(tr("事项目录"));
    refreshCatalogue_->setText(tr("立即更新目录"));
    refreshCatalogue_->setAccessibleName(refreshCatalogue_->text());
}

} // namespace kiosk::ui
