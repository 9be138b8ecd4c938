// The logs page of the maintenance menu.
#include "ui/screens/maintenance/logs_page.h"

#include <QComboBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTextCursor>
#include <QVBoxLayout>

#include "app/maintenance/maintenance_service.h"

namespace kiosk::ui {

MaintenanceLogsPage::MaintenanceLogsPage(int index, const ScreenContext &ctx, QWidget *parent)
    : MaintenancePage(index, ctx, parent)
{
    title_ = makeBodyLabel();
    logs_ = new QPlainTextEdit;
    logs_->setObjectName(QStringLiteral("logLines"));
    logs_->setReadOnly(true);
    logs_->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    logs_->setMinimumHeight(600);
    logs_->setFocusPolicy(Qt::NoFocus);
    logFolder_ = new QComboBox;
    logFolder_->setObjectName(QStringLiteral("logExportFolder"));
    exportLogs_ = makeButton("exportLogs", QStringLiteral("secondary"));
    pageLayout()->addWidget(title_);
    pageLayout()->addWidget(logs_, 1);
    pageLayout()->addWidget(logFolder_);
    pageLayout()->addWidget(exportLogs_);
    connect(exportLogs_, &QPushButton::clicked, this, [this] {
        const QString folder = logFolder_->currentData().toString();
        if (!service() || folder.isEmpty()) {
            setStatus(tr("没有可用的U盘或导出目录。请插入U盘后点击“刷新状态”。"));
            return;
        }
        if (service()->exportLogs(folder, this, [this](const std::pair<QString, QString> &r) {
                setStatus(r.second.isEmpty() ? tr("日志已导出到：%1").arg(r.first) : tr("导出失败：%1").arg(r.second));
            }))
            setStatus(tr("正在导出……"));
        else
            setStatus(tr("当前身份无权执行此操作。"));
    });
}

void MaintenanceLogsPage::refresh()
{
    app::MaintenanceService *s = service();
    if (!signedIn())
        return;
    if (!s->recentLogs(200, this, [this](const QStringList &lines) {
            logs_->setPlainText(lines.isEmpty() ? tr("没有日志。") : lines.join(QLatin1Char('\n')));
            logs_->moveCursor(QTextCursor::End);
        }))
        logs_->setPlainText(tr("当前身份无权执行此操作。"));
    fillFolders(logFolder_);
    exportLogs_->setEnabled(s->may(app::MaintenanceAction::ExportLogs));
}

void MaintenanceLogsPage::retranslateUi()
{
    title_->setText(tr("最近日志（不含个人信息）"));
    exportLogs_->setText(tr("导出日志"));
    exportLogs_->setAccessibleName(exportLogs_->text());
    logFolder_->setAccessibleName(tr("导出到"));
    logs_->setAccessibleName(tr("最近日志"));
}

} // namespace kiosk::ui
