// The out-of-service screen.
#include "ui/screens/shell/out_of_service_screen.h"

#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include "app/session/kiosk_session.h"
#include "ui/screens/service_tiles.h"
#include "ui/screens/shell/counter_panel.h"
#include "ui/widgets/kiosk_icon.h"

namespace kiosk::ui {

OutOfServiceScreen::OutOfServiceScreen(const ScreenContext &ctx, QWidget *parent)
    : Screen(app::KioskSession::kOutOfService, ctx, parent)
{
    setAttribute(Qt::WA_StyledBackground);
    setObjectName(QStringLiteral("outOfService"));
    auto *lay = new QVBoxLayout(this);
    lay->setContentsMargins(80, 80, 80, 48);
    lay->setSpacing(32);
    picture_ = makeCounterPicture(QStringLiteral("outofservice"), this);
    panel_ = new CounterPanel(this);
    connect(panel_, &CounterPanel::speak, this, &Screen::speak);
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
    lay->addWidget(picture_, 0, Qt::AlignHCenter);
    lay->addWidget(title_);
    lay->addWidget(body_);
    lay->addWidget(panel_);
    lay->addStretch(2);
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

void OutOfServiceScreen::applyMetrics(const ThemeMetrics &metrics, bool landscape)
{
    // A large, calm picture; landscape panels are short, so smaller there.
    picture_->setIconPx(landscape ? metrics.largePx * 4 : metrics.largePx * 6);
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
    body_->setText(tr("给您带来不便，敬请谅解。\n请前往人工窗口办理，或使用其他自助终端。"));
    panel_->retranslate(context().hotline, context().staffHelp);
    staffCaption_->setText(tr("工作人员请查看："));
}

} // namespace kiosk::ui
