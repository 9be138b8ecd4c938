// Maintenance sign-in and menu screens; everything goes through app::MaintenanceService.
#include "ui/screens/maintenance_screens.h"

#include <QCoreApplication>
#include <QGridLayout>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "app/maintenance/maintenance_service.h"
#include "app/session/kiosk_session.h"

namespace kiosk::ui {

namespace {

QLabel *statusLabel(QWidget *parent, const char *name)
{
    auto *l = new QLabel(parent);
    l->setObjectName(QString::fromLatin1(name));
    l->setProperty("role", QStringLiteral("status"));
    l->setWordWrap(true);
    l->setTextFormat(Qt::PlainText);
    return l;
}

QString roleName(app::MaintenanceRole role)
{
    return role == app::MaintenanceRole::Supervisor
               ? QCoreApplication::translate("kiosk::ui::MaintenanceMenuScreen", "主管")
               : QCoreApplication::translate("kiosk::ui::MaintenanceMenuScreen", "技术员");
}

} // namespace

// --- MaintenanceLoginScreen -----------------------------------------------------------------------------------

MaintenanceLoginScreen::MaintenanceLoginScreen(const ScreenContext &ctx, QWidget *parent)
    : Screen(QStringLiteral("maintenance_login"), ctx, parent)
{
    auto *lay = new QVBoxLayout(this);
    lay->setContentsMargins(48, 48, 48, 32);
    lay->setSpacing(16);
    title_ = makeTitleLabel();
    intro_ = makeBodyLabel();
    pin_ = new QLineEdit(this);
    pin_->setObjectName(QStringLiteral("maintenancePin"));
    pin_->setProperty("kioskInput", QStringLiteral("digits"));
    pin_->setEchoMode(QLineEdit::Password);
    pin_->setMaxLength(12);
    signIn_ = makeButton("maintenanceSignIn");
    status_ = statusLabel(this, "maintenanceLoginStatus");
    connect(signIn_, &QPushButton::clicked, this, &MaintenanceLoginScreen::signIn);
    connect(pin_, &QLineEdit::returnPressed, this, &MaintenanceLoginScreen::signIn);
    lay->addWidget(title_);
    lay->addWidget(intro_);
    lay->addWidget(pin_);
    lay->addWidget(signIn_);
    lay->addWidget(status_);
    lay->addStretch(1);
    finishSetup();
}

app::MaintenanceService *MaintenanceLoginScreen::service() const
{
    return context().services.maintenance;
}

QString MaintenanceLoginScreen::statusText() const
{
    return status_->text();
}

void MaintenanceLoginScreen::showEvent(QShowEvent *event)
{
    // Whoever comes to the sign-in starts afresh: a previous technician's session ends here.
    if (app::MaintenanceService *s = service())
        s->signOut();
    pin_->clear();
    if (!busy_)
        status_->setText(service() && service()->available() ? QString() : tr("本机的维护功能不可用。"));
    Screen::showEvent(event);
}

void MaintenanceLoginScreen::signIn()
{
    app::MaintenanceService *s = service();
    if (busy_ || !s || !s->available())
        return;
    const QString pin = pin_->text();
    pin_->clear(); // the PIN stays in no widget once it is on its way
    if (pin.isEmpty()) {
        status_->setText(tr("请输入维护密码。"));
        return;
    }
    busy_ = true;
    signIn_->setEnabled(false);
    status_->setText(tr("正在验证……"));
    s->attemptPin(pin, this, [this](const app::AuthResult &r) { showResult(r); });
}

void MaintenanceLoginScreen::showResult(const app::AuthResult &r)
{
    busy_ = false;
    signIn_->setEnabled(true);
    using Outcome = app::AuthResult::Outcome;
    switch (r.outcome) {
    case Outcome::Granted:
        status_->clear();
        context().session->navigate(QStringLiteral("maintenance"));
        return;
    case Outcome::Denied: status_->setText(tr("密码错误，还可以再试 %n 次。", nullptr, r.attemptsLeft)); return;
    case Outcome::LockedOut: {
        const int minutes = int(qMax<qint64>(1, (r.lockedForMs + 59'999) / 60'000));
        status_->setText(tr("错误次数过多，维护菜单已锁定，请 %n 分钟后再试。", nullptr, minutes));
        return;
    }
    case Outcome::NotProvisioned: status_->setText(tr("本机尚未设置维护密码，请用 kioskctl 设置后再试。")); return;
    case Outcome::Error: status_->setText(tr("暂时无法验证，请稍后再试。")); return;
    }
}

QString MaintenanceLoginScreen::title() const
{
    return tr("设备维护登录");
}

QString MaintenanceLoginScreen::voicePrompt() const
{
    return tr("请输入维护密码。");
}

void MaintenanceLoginScreen::retranslateUi()
{
    title_->setText(title());
    intro_->setText(tr("仅供设备维护人员使用。请输入维护密码后点击登录。"));
    pin_->setAccessibleName(tr("维护密码"));
    signIn_->setText(tr("登录"));
    signIn_->setAccessibleName(signIn_->text());
}

// --- MaintenanceMenuScreen ------------------------------------------------------------------------------------

MaintenanceMenuScreen::MaintenanceMenuScreen(const ScreenContext &ctx, QWidget *parent)
    : Screen(QStringLiteral("maintenance"), ctx, parent)
{
    auto *lay = new QVBoxLayout(this);
    lay->setContentsMargins(48, 48, 48, 32);
    lay->setSpacing(16);
    title_ = makeTitleLabel();
    role_ = statusLabel(this, "maintenanceRole");
    devicesTitle_ = makeBodyLabel();
    devicesBox_ = new QWidget(this);
    devicesBox_->setObjectName(QStringLiteral("maintenanceDevices"));
    devicesGrid_ = new QGridLayout(devicesBox_);
    devicesGrid_->setContentsMargins(0, 0, 0, 0);
    devicesGrid_->setSpacing(10);
    queueTitle_ = makeBodyLabel();
    queue_ = statusLabel(this, "maintenanceQueue");
    syncNow_ = makeButton("maintenanceSyncNow");
    refresh_ = makeButton("maintenanceRefresh", QStringLiteral("secondary"));
    signOut_ = makeButton("maintenanceSignOut", QStringLiteral("secondary"));
    status_ = statusLabel(this, "maintenanceStatus");
    connect(syncNow_, &QPushButton::clicked, this, [this] {
        if (service() && service()->syncNow())
            status_->setText(tr("已开始同步。"));
        refresh();
    });
    connect(refresh_, &QPushButton::clicked, this, &MaintenanceMenuScreen::refresh);
    connect(signOut_, &QPushButton::clicked, this, [this] {
        if (service())
            service()->signOut();
        context().session->goHome();
    });
    lay->addWidget(title_);
    lay->addWidget(role_);
    lay->addWidget(devicesTitle_);
    lay->addWidget(devicesBox_);
    lay->addWidget(queueTitle_);
    lay->addWidget(queue_);
    lay->addWidget(syncNow_);
    lay->addWidget(status_);
    lay->addWidget(refresh_);
    lay->addWidget(signOut_);
    lay->addStretch(1);
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

void MaintenanceMenuScreen::showEvent(QShowEvent *event)
{
    status_->clear();
    refresh();
    Screen::showEvent(event);
}

void MaintenanceMenuScreen::refresh()
{
    app::MaintenanceService *s = service();
    const bool in = s && s->role();
    role_->setText(in ? tr("当前身份：%1").arg(roleName(*s->role())) : tr("未登录，请先登录维护菜单。"));

    // The device rows are rebuilt from the provider each time: devices come and go with the configuration.
    while (QLayoutItem *item = devicesGrid_->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    const QList<app::DeviceReport> devices = in ? s->devices() : QList<app::DeviceReport>{};
    int row = 0;
    for (const app::DeviceReport &d : devices) {
        auto *info = new QLabel(devicesBox_);
        info->setObjectName(QStringLiteral("device_") + d.kind);
        info->setWordWrap(true);
        info->setTextFormat(Qt::PlainText);
        // Kind, status and detail are technical values for technicians: shown as the devices report them.
        info->setText(d.detail.isEmpty() ? QStringLiteral("%1  [%2]").arg(d.kind, d.status)
                                         : QStringLiteral("%1  [%2]  %3").arg(d.kind, d.status, d.detail));
        devicesGrid_->addWidget(info, row, 0);
        auto *test = new QPushButton(tr("自检"), devicesBox_);
        test->setObjectName(QStringLiteral("selfTest_") + d.kind);
        test->setProperty("role", QStringLiteral("secondary"));
        test->setFocusPolicy(Qt::NoFocus);
        test->setAccessibleName(tr("自检：%1").arg(d.kind));
        test->setEnabled(s->canRunSelfTest());
        const QString kind = d.kind;
        connect(test, &QPushButton::clicked, this, [this, kind] {
            if (service() && service()->runSelfTest(kind))
                status_->setText(tr("已开始自检：%1").arg(kind));
        });
        devicesGrid_->addWidget(test, row, 1);
        ++row;
    }
    if (in && devices.isEmpty()) {
        auto *none = new QLabel(tr("没有配置任何设备。"), devicesBox_);
        none->setObjectName(QStringLiteral("noDevices"));
        devicesGrid_->addWidget(none, 0, 0);
    }

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
    syncNow_->setVisible(in);
    refresh_->setVisible(in);
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
    devicesTitle_->setText(tr("设备状态"));
    queueTitle_->setText(tr("上报队列"));
    syncNow_->setText(tr("立即同步"));
    syncNow_->setAccessibleName(syncNow_->text());
    refresh_->setText(tr("刷新状态"));
    refresh_->setAccessibleName(refresh_->text());
    signOut_->setText(tr("退出维护"));
    signOut_->setAccessibleName(tr("退出维护，回到首页"));
    refresh();
}

} // namespace kiosk::ui
