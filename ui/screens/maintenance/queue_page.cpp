// The queue page of the maintenance menu.
#include "ui/screens/maintenance/queue_page.h"

#include <QComboBox>
#include <QGridLayout>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include "app/maintenance/maintenance_service.h"

namespace kiosk::ui {

MaintenanceQueuePage::MaintenanceQueuePage(int index, const ScreenContext &ctx, QWidget *parent)
    : MaintenancePage(index, ctx, parent)
{
    title_ = makeBodyLabel();
    queue_ = makeStatusLabel("maintenanceQueue");
    syncNow_ = makeButton("maintenanceSyncNow");
    deadTitle_ = makeBodyLabel();
    deadBox_ = new QWidget;
    deadGrid_ = new QGridLayout(deadBox_);
    deadGrid_->setContentsMargins(0, 0, 0, 0);
    deadGrid_->setColumnStretch(0, 1);
    exportTitle_ = makeBodyLabel();
    exportFolder_ = new QComboBox;
    exportFolder_->setObjectName(QStringLiteral("exportFolder"));
    exportQueue_ = makeButton("exportQueue", QStringLiteral("secondary"));
    for (QWidget *w : std::initializer_list<QWidget *>{title_, queue_, syncNow_, deadTitle_, deadBox_, exportTitle_,
                                                       exportFolder_, exportQueue_})
        pageLayout()->addWidget(w);
    connect(syncNow_, &QPushButton::clicked, this, [this] {
        if (service() && service()->syncNow())
            setStatus(tr("已开始同步。"));
        refresh();
    });
    connect(exportQueue_, &QPushButton::clicked, this, [this] {
        const QString folder = exportFolder_->currentData().toString();
        if (!service() || folder.isEmpty()) {
            setStatus(tr("没有可用的U盘或导出目录。请插入U盘后点击“刷新状态”。"));
            return;
        }
        exportQueue_->setEnabled(false);
        if (!service()->exportQueue(folder, this, [this](const std::pair<QString, QString> &r) {
                exportQueue_->setEnabled(true);
                setStatus(r.second.isEmpty() ? tr("已导出（密封数据）到：%1").arg(r.first)
                                             : tr("导出失败：%1").arg(r.second));
            })) {
            exportQueue_->setEnabled(true);
            setStatus(tr("当前身份无权执行此操作。"));
        } else {
            setStatus(tr("正在导出……"));
        }
    });
}

void MaintenanceQueuePage::refresh()
{
    app::MaintenanceService *s = service();
    const bool in = signedIn();
    const QJsonObject q = in ? s->queueStatus() : QJsonObject{};
    if (q.isEmpty()) {
        queue_->setText(in ? tr("上报队列状态不可用。") : QString());
    } else {
        // Nulls (nothing waiting) read as "none", not as 0 s.
        const auto num = [&q](const char *key) {
            const QJsonValue v = q.value(QLatin1String(key));
            return v.isDouble() ? QString::number(v.toVariant().toLongLong()) : QStringLiteral("—");
        };
        QStringList lines{tr("待上报：%1").arg(num("pending")), tr("上报中：%1").arg(num("in_flight")),
                          tr("上报失败（死信）：%1").arg(num("dead"))};
        const QJsonValue oldest = q.value(QStringLiteral("oldest_age_s"));
        lines << (oldest.isDouble() && oldest.toDouble() >= 0 ? tr("最早一件已等待：%1 秒").arg(num("oldest_age_s"))
                                                              : tr("没有等待上报的办件。"));
        const QString last = q.value(QStringLiteral("last_sync")).toString();
        lines << tr("上次同步：%1").arg(last.isEmpty() ? tr("从未") : last);
        const QString error = q.value(QStringLiteral("error")).toString();
        if (!error.isEmpty())
            lines << tr("最近错误：%1").arg(error);
        queue_->setText(lines.join(QLatin1Char('\n')));
    }
    syncNow_->setEnabled(in && s->canSyncNow());
    exportQueue_->setEnabled(in && s->may(app::MaintenanceAction::ExportQueue));
    fillFolders(exportFolder_);
    refreshDeadLetters();
}

void MaintenanceQueuePage::refreshDeadLetters()
{
    app::MaintenanceService *s = service();
    if (!signedIn()) {
        clearGrid(deadGrid_);
        return;
    }
    s->deadLetters(this, [this](const QList<app::DeadLetter> &dead) {
        clearGrid(deadGrid_);
        app::MaintenanceService *s = service();
        if (!s)
            return;
        if (dead.isEmpty())
            deadGrid_->addWidget(makePlainLabel(deadBox_, QStringLiteral("noDeadLetters"), tr("没有死信。")), 0, 0);
        int row = 0;
        for (const app::DeadLetter &d : dead) {
            // The local number (printed on the citizen's receipt), the item code and the platform's reason.
            // A refused 好差评 is named as one: its number is the case (or local number) it rates.
            const QString what = d.kind == app::DeadLetter::Kind::Evaluation ? tr("评价 %1").arg(d.localNo) : d.localNo;
            auto *info = makePlainLabel(deadBox_, QStringLiteral("deadLetter_%1").arg(row),
                                        tr("%1 · 事项 %2 · 已尝试 %3 次\n原因：%4")
                                            .arg(what, d.itemCode)
                                            .arg(d.attempts)
                                            .arg(d.reason.isEmpty() ? tr("未知") : d.reason));
            deadGrid_->addWidget(info, row, 0);
            auto *retry = new QPushButton(tr("重新上报"), deadBox_);
            retry->setObjectName(QStringLiteral("retryDead_%1").arg(row));
            retry->setProperty("role", QStringLiteral("secondary"));
            retry->setFocusPolicy(Qt::NoFocus);
            retry->setAccessibleName(tr("重新上报 %1").arg(what));
            retry->setEnabled(s->may(app::MaintenanceAction::RetryDeadLetters));
            auto *remove = new QPushButton(tr("删除"), deadBox_);
            remove->setObjectName(QStringLiteral("deleteDead_%1").arg(row));
            remove->setProperty("role", QStringLiteral("secondary"));
            remove->setFocusPolicy(Qt::NoFocus);
            remove->setAccessibleName(tr("删除 %1（仅限主管）").arg(what));
            remove->setEnabled(s->may(app::MaintenanceAction::DeleteDeadLetters));
            const QString id = d.id;
            connect(retry, &QPushButton::clicked, this, [this, id] {
                if (service() && service()->retryDeadLetter(id, this, [this](const QString &error) {
                        setStatus(error.isEmpty() ? tr("已放回上报队列。") : tr("操作失败：%1").arg(error));
                        refresh();
                    }))
                    setStatus(tr("正在处理……"));
            });
            connect(remove, &QPushButton::clicked, this, [this, remove, id] {
                if (!service() || !confirmed(remove, tr("再次点击确认删除")))
                    return;
                if (!service()->deleteDeadLetter(id, this, [this](const QString &error) {
                        setStatus(error.isEmpty() ? tr("已删除。") : tr("操作失败：%1").arg(error));
                        refresh();
                    }))
                    setStatus(tr("当前身份无权执行此操作。"));
            });
            deadGrid_->addWidget(retry, row, 1);
            deadGrid_->addWidget(remove, row, 2);
            ++row;
        }
    });
}

void MaintenanceQueuePage::retranslateUi()
{
    title_->setText(tr("上报队列"));
    deadTitle_->setText(tr("死信（平台拒收的办件）"));
    exportTitle_->setText(tr("导出密封办件到U盘"));
    syncNow_->setText(tr("立即同步"));
    syncNow_->setAccessibleName(syncNow_->text());
    exportQueue_->setText(tr("导出队列"));
    exportQueue_->setAccessibleName(exportQueue_->text());
    exportFolder_->setAccessibleName(tr("导出到"));
}

} // namespace kiosk::ui
