// The idle screen.
#include "ui/screens/shell/attract_screen.h"

#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include "app/session/kiosk_session.h"
#include "ui/screens/service_tiles.h"

namespace kiosk::ui {

AttractScreen::AttractScreen(const ScreenContext &ctx, QWidget *parent)
    : Screen(app::KioskSession::kAttract, ctx, parent)
{
    setAttribute(Qt::WA_StyledBackground);
    setObjectName(QStringLiteral("attract"));
    auto *lay = new QVBoxLayout(this);
    lay->setContentsMargins(80, 120, 80, 120);
    lay->setSpacing(40);
    title_ = new QLabel(this);
    title_->setTextFormat(Qt::PlainText);
    title_->setObjectName(QStringLiteral("attractTitle"));
    title_->setAlignment(Qt::AlignCenter);
    title_->setWordWrap(true);
    subtitle_ = new QLabel(this);
    subtitle_->setTextFormat(Qt::PlainText);
    subtitle_->setObjectName(QStringLiteral("attractSubtitle"));
    subtitle_->setAlignment(Qt::AlignCenter);
    subtitle_->setWordWrap(true);
    services_ = new QLabel(this);
    services_->setTextFormat(Qt::PlainText);
    services_->setObjectName(QStringLiteral("attractPrompt"));
    services_->setAlignment(Qt::AlignCenter);
    services_->setWordWrap(true);
    start_ = makeButton("startButton");
    start_->setMinimumWidth(420);
    connect(start_, &QPushButton::clicked, ctx.session, &app::KioskSession::begin);
    lay->addStretch(2);
    lay->addWidget(title_);
    lay->addWidget(subtitle_);
    lay->addStretch(1);
    lay->addWidget(services_);
    lay->addStretch(1);
    lay->addWidget(start_, 0, Qt::AlignHCenter);
    lay->addStretch(2);
    finishSetup();
}

QString AttractScreen::title() const
{
    return tr("政务服务自助终端");
}

QString AttractScreen::voicePrompt() const
{
    return tr("欢迎使用政务服务自助终端，请轻触屏幕开始。");
}

void AttractScreen::retranslateUi()
{
    title_->setText(title());
    subtitle_->setText(context().centreName);
    QStringList names;
    for (const ServiceTile &t : serviceTiles())
        names << t.title;
    services_->setText(names.join(QLatin1Char('\n'))); // one per line: a name never breaks in the middle
    start_->setText(tr("轻触屏幕开始"));
    start_->setAccessibleName(start_->text()); // the visible label is the name (label in name)
}

void AttractScreen::mousePressEvent(QMouseEvent *event)
{
    Screen::mousePressEvent(event);
    context().session->begin();
}

} // namespace kiosk::ui
