// The maintenance sign-in; everything goes through app::MaintenanceService.
#include "ui/screens/maintenance/maintenance_login_screen.h"

#include <QDateTime>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "app/maintenance/maintenance_service.h"
#include "app/session/kiosk_session.h"

namespace kiosk::ui {

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
    setPrimaryAction(signIn_);
    status_ = makeStatusLabel("maintenanceLoginStatus");
    status_->setTextFormat(Qt::PlainText);
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
    app::MaintenanceService *s = service();
    if (s)
        s->signOut();
    pin_->clear();
    if (!busy_)
        status_->setText(s && s->available() ? QString() : tr("本机的维护功能不可用。"));
    if (s && s->available()) {
        // Two factors: a staff card on the reader while this screen is shown, then its PIN; the card's data is never
        // shown.
        s->listenForCards(this, [this] {
            if (!busy_)
                status_->setText(tr("已读取员工卡，请输入维护密码。"));
        });
        showLockState();
    }
    Screen::showEvent(event);
}

void MaintenanceLoginScreen::hideEvent(QHideEvent *event)
{
    if (app::MaintenanceService *s = service())
        s->stopListeningForCards();
    Screen::hideEvent(event);
}

void MaintenanceLoginScreen::showLockState()
{
    service()->lockState(this, [this](const app::MaintenanceAuthStatus &st, int maxFailures) {
        if (busy_)
            return; // an attempt under way answers for itself
        if (st.lockedForMs > 0) {
            const QString until =
                QDateTime::currentDateTime().addMSecs(st.lockedForMs).toString(QStringLiteral("HH:mm"));
            status_->setText(tr("错误次数过多，维护菜单已锁定至 %1。").arg(until));
        } else if (st.failures > 0) {
            status_->setText(tr("此前已输错，还可以再试 %n 次。", nullptr, qMax(0, maxFailures - st.failures)));
        }
    });
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
    case Outcome::Denied:
        status_->setText(tr("员工卡或密码错误，请重新放置员工卡，还可以再试 %n 次。", nullptr, r.attemptsLeft));
        return;
    case Outcome::CardRequired: status_->setText(tr("请先在读卡器上放置员工卡，再输入维护密码。")); return;
    case Outcome::LockedOut: {
        const int minutes = int(qMax<qint64>(1, (r.lockedForMs + 59'999) / 60'000));
        const QString until = QDateTime::currentDateTime().addMSecs(r.lockedForMs).toString(QStringLiteral("HH:mm"));
        status_->setText(tr("错误次数过多，维护菜单已锁定，请 %n 分钟后再试。", nullptr, minutes) + QLatin1Char(' ') +
                         tr("（锁定至 %1）").arg(until));
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
    return tr("请放置员工卡，并输入维护密码。");
}

void MaintenanceLoginScreen::retranslateUi()
{
    title_->setText(title());
    intro_->setText(tr("仅供设备维护人员使用。请先在读卡器上放置员工卡，再输入维护密码并点击登录。"));
    pin_->setAccessibleName(tr("维护密码"));
    signIn_->setText(tr("登录"));
    signIn_->setAccessibleName(signIn_->text());
}

} // namespace kiosk::ui
