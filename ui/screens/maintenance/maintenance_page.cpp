// Shared behaviour of the maintenance menu's pages.
#include "ui/screens/maintenance/maintenance_page.h"

#include <QComboBox>
#include <QGridLayout>
#include <QLabel>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

#include "app/maintenance/maintenance_service.h"

namespace kiosk::ui {

MaintenancePage::MaintenancePage(int index, const ScreenContext &ctx, QWidget *parent) : QWidget(parent), ctx_(ctx)
{
    setObjectName(QStringLiteral("maintenancePage%1").arg(index));
    layout_ = new QVBoxLayout(this);
    layout_->setContentsMargins(0, 8, 0, 8);
    layout_->setSpacing(12);
    disarm_ = new QTimer(this);
    disarm_->setSingleShot(true);
    disarm_->setInterval(5000);
    connect(disarm_, &QTimer::timeout, this, [this] {
        armed_ = nullptr;
        retranslateUi();
        refresh();
    });
}

app::MaintenanceService *MaintenancePage::service() const
{
    return ctx_.services.maintenance;
}

bool MaintenancePage::signedIn() const
{
    return service() && service()->role();
}

bool MaintenancePage::confirmed(QPushButton *button, const QString &ask)
{
    if (armed_ == button) {
        armed_ = nullptr;
        disarm_->stop();
        retranslateUi();
        refresh();
        return true;
    }
    armed_ = button;
    retranslateUi();
    button->setText(ask);
    button->setAccessibleName(ask);
    disarm_->start();
    return false;
}

void MaintenancePage::fillFolders(QComboBox *box)
{
    const QString current = box->currentData().toString();
    box->clear();
    const QStringList folders = signedIn() ? service()->exportFolders() : QStringList{};
    for (const QString &f : folders)
        box->addItem(f, f);
    if (folders.isEmpty())
        box->addItem(tr("未发现U盘"), QString());
    const int keep = box->findData(current);
    if (keep >= 0)
        box->setCurrentIndex(keep);
    box->setAccessibleName(tr("导出到"));
}

QLabel *MaintenancePage::makeStatusLabel(const char *objectName)
{
    QLabel *l = makePlainLabel(this, QString::fromLatin1(objectName));
    l->setProperty("role", QStringLiteral("status"));
    return l;
}

QLabel *MaintenancePage::makePlainLabel(QWidget *parent, const QString &objectName, const QString &text)
{
    auto *l = new QLabel(text, parent);
    l->setObjectName(objectName);
    l->setWordWrap(true);
    l->setTextFormat(Qt::PlainText);
    return l;
}

void MaintenancePage::clearGrid(QGridLayout *grid)
{
    while (QLayoutItem *item = grid->takeAt(0)) {
        delete item->widget();
        delete item;
    }
}

} // namespace kiosk::ui
