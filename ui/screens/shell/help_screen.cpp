// The help screen.
#include "ui/screens/shell/help_screen.h"

#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include "ui/screens/service_tiles.h"

namespace kiosk::ui {

HelpScreen::HelpScreen(const ScreenContext &ctx, QWidget *parent) : Screen(QStringLiteral("help"), ctx, parent)
{
    auto *lay = new QVBoxLayout(this);
    lay->setContentsMargins(48, 32, 48, 32);
    lay->setSpacing(20);
    title_ = makeTitleLabel();
    steps_ = makeBodyLabel();
    hotlineCaption_ = makeBodyLabel();
    hotline_ = new QLabel(this);
    hotline_->setTextFormat(Qt::PlainText);
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

} // namespace kiosk::ui
