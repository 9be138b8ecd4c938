// Informational screens.
#include "ui/screens/info_screens.h"

#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include "app/session/kiosk_session.h"
#include "ui/screens/service_tiles.h"

namespace kiosk::ui {

ComingSoonScreen::ComingSoonScreen(const QString &serviceId, const ScreenContext &ctx, QWidget *parent)
    : Screen(serviceId, ctx, parent)
{
    auto *lay = new QVBoxLayout(this);
    lay->setContentsMargins(48, 32, 48, 32);
    lay->setSpacing(32);
    title_ = makeTitleLabel();
    body_ = makeBodyLabel();
    home_ = makeButton("homeButton");
    connect(home_, &QPushButton::clicked, ctx.session, &app::KioskSession::goHome);
    lay->addWidget(title_);
    lay->addWidget(body_);
    lay->addStretch(1);
    lay->addWidget(home_, 0, Qt::AlignHCenter);
    lay->addStretch(1);
    finishSetup();
}

QString ComingSoonScreen::title() const
{
    const QString t = serviceTile(id()).title;
    return t.isEmpty() ? serviceTile(QStringLiteral("apply")).title : t; // steps inside "apply" not built yet
}

QString ComingSoonScreen::voicePrompt() const
{
    return tr("本机暂未开通此项服务，请前往人工窗口办理，或拨打%1咨询。").arg(context().hotline);
}

void ComingSoonScreen::retranslateUi()
{
    title_->setText(title());
    body_->setText(tr("本机暂未开通此项服务。\n\n您可以前往服务中心人工窗口办理，或拨打政务服务便民热线 %1 咨询。")
                       .arg(context().hotline));
    home_->setText(tr("返回首页"));
    home_->setAccessibleName(tr("返回首页"));
}

HelpScreen::HelpScreen(const ScreenContext &ctx, QWidget *parent) : Screen(QStringLiteral("help"), ctx, parent)
{
    auto *lay = new QVBoxLayout(this);
    lay->setContentsMargins(48, 32, 48, 32);
    lay->setSpacing(20);
    title_ = makeTitleLabel();
    steps_ = makeBodyLabel();
    hotlineCaption_ = makeBodyLabel();
    hotline_ = new QLabel(this);
    hotline_->setProperty("role", QStringLiteral("hotline"));
    hotline_->setAlignment(Qt::AlignCenter);
    staff_ = makeBodyLabel();
    lay->addWidget(title_);
    lay->addWidget(steps_);
    lay->addSpacing(24);
    lay->addWidget(hotlineCaption_);
    lay->addWidget(hotline_);
    lay->addWidget(staff_);
    lay->addStretch(1);
    finishSetup();
}

QString HelpScreen::title() const
{
    return tr("帮助");
}

QString HelpScreen::voicePrompt() const
{
    return tr("需要帮助时，请联系现场工作人员，或拨打政务服务便民热线%1。").arg(context().hotline);
}

void HelpScreen::retranslateUi()
{
    title_->setText(title());
    steps_->setText(tr("1. 在首页选择服务，按屏幕提示操作。\n"
                       "2. 需要身份证时，请将证件放在读卡区。\n"
                       "3. 点击右上角“关爱模式”可放大字体并开启语音。\n"
                       "4. 长时间无操作时，本机会提醒您，随后自动退出并清除您的信息。"));
    hotlineCaption_->setText(tr("政务服务便民热线"));
    hotline_->setText(context().hotline);
    hotline_->setAccessibleName(tr("政务服务便民热线 %1").arg(context().hotline));
    staff_->setText(context().staffHelp.isEmpty() ? tr("需要人工帮助时，请到服务中心咨询台，工作人员会为您帮办代办。")
                                                  : context().staffHelp);
}

OutOfServiceScreen::OutOfServiceScreen(const ScreenContext &ctx, QWidget *parent)
    : Screen(app::KioskSession::kOutOfService, ctx, parent)
{
    setAttribute(Qt::WA_StyledBackground);
    setObjectName(QStringLiteral("outOfService"));
    auto *lay = new QVBoxLayout(this);
    lay->setContentsMargins(80, 120, 80, 80);
    lay->setSpacing(32);
    title_ = makeTitleLabel();
    title_->setObjectName(QStringLiteral("outOfServiceTitle"));
    title_->setAlignment(Qt::AlignCenter);
    body_ = makeBodyLabel();
    body_->setAlignment(Qt::AlignCenter);
    staffCaption_ = makeBodyLabel();
    reason_ = new QLabel(this);
    reason_->setObjectName(QStringLiteral("outOfServiceReason"));
    reason_->setWordWrap(true);
    reason_->setTextFormat(Qt::PlainText);
    lay->addStretch(1);
    lay->addWidget(title_);
    lay->addWidget(body_);
    lay->addStretch(1);
    lay->addWidget(staffCaption_);
    lay->addWidget(reason_);
    finishSetup();
}

QString OutOfServiceScreen::title() const
{
    return tr("本机暂停服务");
}

QString OutOfServiceScreen::voicePrompt() const
{
    return tr("本机暂停服务，请前往人工窗口或使用其他自助终端。");
}

void OutOfServiceScreen::setReason(const QString &reasonForStaff)
{
    reason_->setText(reasonForStaff);
}

QString OutOfServiceScreen::reason() const
{
    return reason_->text();
}

void OutOfServiceScreen::retranslateUi()
{
    title_->setText(title());
    body_->setText(
        tr("给您带来不便，敬请谅解。\n请前往人工窗口办理，或使用其他自助终端。\n咨询电话：%1").arg(context().hotline));
    staffCaption_->setText(tr("工作人员请查看："));
}

} // namespace kiosk::ui
