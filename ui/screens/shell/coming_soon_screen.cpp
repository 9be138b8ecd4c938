// The coming-soon screen.
#include "ui/screens/shell/coming_soon_screen.h"

#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include "app/session/kiosk_session.h"
#include "ui/screens/service_tiles.h"
#include "ui/screens/shell/counter_panel.h"
#include "ui/widgets/kiosk_icon.h"

namespace kiosk::ui {

ComingSoonScreen::ComingSoonScreen(const QString &serviceId, const ScreenContext &ctx, QWidget *parent)
    : Screen(serviceId, ctx, parent)
{
    auto *lay = new QVBoxLayout(this);
    lay->setContentsMargins(48, 32, 48, 32);
    lay->setSpacing(32);
    title_ = makeTitleLabel();
    body_ = makeBodyLabel();
    picture_ = makeCounterPicture(QStringLiteral("counter"), this);
    panel_ = new CounterPanel(this);
    connect(panel_, &CounterPanel::speak, this, &Screen::speak);
    home_ = makeButton("homeButton");
    setButtonIcon(home_, QStringLiteral("home"));
    connect(home_, &QPushButton::clicked, ctx.session, &app::KioskSession::goHome);
    lay->addWidget(title_);
    lay->addStretch(1);
    lay->addWidget(picture_, 0, Qt::AlignHCenter);
    lay->addWidget(body_);
    lay->addWidget(panel_);
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

void ComingSoonScreen::applyMetrics(const ThemeMetrics &metrics, bool landscape)
{
    // A landscape panel has no height for the picture beside the hotline, staff help and home: the words stay, whole
    // and without scrolling (test_kiosk_shell's landscape care check).
    picture_->setIconPx(metrics.largePx * 6);
    picture_->setVisible(!landscape);
    layout()->setSpacing(landscape ? 16 : 32);
    layout()->setContentsMargins(48, landscape ? 16 : 32, 48, landscape ? 16 : 32);
}

void ComingSoonScreen::retranslateUi()
{
    title_->setText(title());
    body_->setText(tr("本机暂未开通此项服务。\n请前往服务中心人工窗口办理，或拨打下面的热线咨询。"));
    body_->setAlignment(Qt::AlignCenter);
    panel_->retranslate(context().hotline, context().staffHelp);
    home_->setText(tr("返回首页"));
    home_->setAccessibleName(tr("返回首页"));
}

} // namespace kiosk::ui
