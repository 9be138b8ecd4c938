// The maintenance menu's frame; the pages do their own work through app::MaintenanceService.
#include "ui/screens/maintenance/maintenance_menu_screen.h"

#include <QCoreApplication>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QStackedWidget>
#include <QTimer>
#include <QVBoxLayout>

#include "app/maintenance/maintenance_service.h"
#include "app/session/kiosk_session.h"
#include "ui/screens/maintenance/catalogue_page.h"
#include "ui/screens/maintenance/devices_page.h"
#include "ui/screens/maintenance/logs_page.h"
#include "ui/screens/maintenance/network_page.h"
#include "ui/screens/maintenance/queue_page.h"
#include "ui/screens/maintenance/settings_page.h"

namespace kiosk::ui {

namespace {

QString roleName(app::MaintenanceRole role)
{
    return role == app::MaintenanceRole::Supervisor
               ? QCoreApplication::translate("kiosk::ui::MaintenanceMenuScreen", "主管")
               : QCoreApplication::translate("kiosk::ui::MaintenanceMenuScreen", "技术员");
}

} // namespace

MaintenanceMenuScreen::MaintenanceMenuScreen(const ScreenContext &ctx, QWidget *parent)
    : Screen(QStringLiteral("maintenance"), ctx, parent)
{
    auto *lay = new QVBoxLayout(this);
    lay->setContentsMargins(40, 40, 40, 24);
    lay->setSpacing(12);
    title_ = makeTitleLabel();
    role_ = makeStatusLabel("maintenanceRole");
    role_->setTextFormat(Qt::PlainText);
    lay->addWidget(title_);
    lay->addWidget(role_);

    // Page buttons: two rows of three, large enough for care mode.
    auto *tabs = new QGridLayout;
    tabs->setSpacing(8);
    const char *tabNames[] = {"maintTab_devices", "maintTab_queue", "maintTab_catalogue",
                              "maintTab_network", "maintTab_logs",  "maintTab_settings"};
    for (int i = 0; i < 6; ++i) {
        QPushButton *b = makeButton(tabNames[i], QStringLiteral("secondary"));
        b->setCheckable(true);
        connect(b, &QPushButton::clicked, this, [this, i] { showPage(Page(i)); });
        tabs->addWidget(b, i / 3, i % 3);
        tabs_ << b;
    }
    lay->addLayout(tabs);

    stack_ = new QStackedWidget(this);
    stack_->setObjectName(QStringLiteral("maintenancePages"));
    // The pages scroll inside the screen: their height never asks the screen to grow past the panel, so the status
    // line and sign out stay in view in care mode too.
    stack_->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Ignored);
    lay->addWidget(stack_, 1);
    addPage(new MaintenanceDevicesPage(Devices, ctx));
    addPage(new MaintenanceQueuePage(Queue, ctx));
    addPage(new MaintenanceCataloguePage(Catalogue, ctx));
    addPage(new MaintenanceNetworkPage(Network, ctx));
    addPage(new MaintenanceLogsPage(Logs, ctx));
    addPage(new MaintenanceSettingsPage(Settings, ctx));

    status_ = makeStatusLabel("maintenanceStatus");
    status_->setTextFormat(Qt::PlainText);
    refresh_ = makeButton("maintenanceRefresh", QStringLiteral("secondary"));
    signOut_ = makeButton("maintenanceSignOut", QStringLiteral("secondary"));
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(refresh_);
    bottom->addWidget(signOut_);
    lay->addWidget(status_);
    lay->addLayout(bottom);
    connect(refresh_, &QPushButton::clicked, this, &MaintenanceMenuScreen::refresh);
    connect(signOut_, &QPushButton::clicked, this, [this] {
        if (service())
            service()->signOut();
        context().session->goHome();
    });
    finishSetup();
}

MaintenanceMenuScreen::~MaintenanceMenuScreen()
{
    if (app::MaintenanceService *s = service())
        s->signOut();
}

app::MaintenanceService *MaintenanceMenuScreen::service() const
{
    return context().services.maintenance;
}

void MaintenanceMenuScreen::addPage(MaintenancePage *page)
{
    auto *scroll = new QScrollArea(stack_);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->viewport()->setAutoFillBackground(false); // the screen's own background shows through
    scroll->setWidget(page);
    page->setAutoFillBackground(false); // QScrollArea::setWidget turned it on
    stack_->addWidget(scroll);
    pages_ << page;
    connect(page, &MaintenancePage::statusChanged, this, &MaintenanceMenuScreen::setStatus);
    // The stretch is added last, so every page's content sits at the top.
    QTimer::singleShot(0, page, [l = page->layout()] {
        if (auto *box = qobject_cast<QVBoxLayout *>(l))
            box->addStretch(1);
    });
}

void MaintenanceMenuScreen::showPage(Page page)
{
    stack_->setCurrentIndex(int(page));
    for (int i = 0; i < tabs_.size(); ++i)
        tabs_[i]->setChecked(i == int(page));
    if (page == Logs)
        pages_[Logs]->refresh();
}

void MaintenanceMenuScreen::setStatus(const QString &text)
{
    status_->setText(text);
    emit speak(text);
}

void MaintenanceMenuScreen::showEvent(QShowEvent *event)
{
    status_->clear();
    for (MaintenancePage *p : std::as_const(pages_))
        p->reset();
    showPage(Devices);
    refresh();
    Screen::showEvent(event);
}

void MaintenanceMenuScreen::refresh()
{
    app::MaintenanceService *s = service();
    const bool in = s && s->role();
    role_->setText(in ? tr("当前身份：%1").arg(roleName(*s->role())) : tr("未登录，请先登录维护菜单。"));
    for (QPushButton *b : std::as_const(tabs_))
        b->setVisible(in);
    stack_->setVisible(in);
    refresh_->setVisible(in);
    // The logs are read only while their page is shown.
    for (int i = 0; i < pages_.size(); ++i) {
        if (i != Logs || stack_->currentIndex() == Logs)
            pages_[i]->refresh();
    }
}

QString MaintenanceMenuScreen::title() const
{
    return tr("设备维护");
}

QString MaintenanceMenuScreen::voicePrompt() const
{
    return tr("已进入设备维护菜单。");
}

void MaintenanceMenuScreen::retranslateUi()
{
    title_->setText(title());
    const QStringList tabTexts{tr("设备"), tr("上报队列"), tr("事项目录"), tr("网络"), tr("日志"), tr("设置")};
    for (int i = 0; i < tabs_.size(); ++i) {
        tabs_[i]->setText(tabTexts.value(i));
        tabs_[i]->setAccessibleName(tr("维护页面：%1").arg(tabTexts.value(i)));
    }
    refresh_->setText(tr("刷新状态"));
    refresh_->setAccessibleName(refresh_->text());
    signOut_->setText(tr("退出维护"));
    signOut_->setAccessibleName(tr("退出维护，回到首页"));
    bool armed = false;
    for (MaintenancePage *p : std::as_const(pages_)) {
        p->retranslateUi();
        armed = armed || p->armed();
    }
    if (!armed) // a confirmation under way keeps its question on the button
        refresh();
}

} // namespace kiosk::ui
