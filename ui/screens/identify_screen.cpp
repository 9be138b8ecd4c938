// The identification step.
#include "ui/screens/identify_screen.h"

#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include "app/identity/identity_service.h"
#include "app/session/kiosk_session.h"

namespace kiosk::ui {

IdentifyScreen::IdentifyScreen(const ScreenContext &ctx, QWidget *parent)
    : Screen(QStringLiteral("identify"), ctx, parent)
{
    auto *lay = new QVBoxLayout(this);
    lay->setContentsMargins(48, 32, 48, 32);
    lay->setSpacing(24);
    title_ = makeTitleLabel();
    instructions_ = makeBodyLabel();
    status_ = makeBodyLabel();
    status_->setObjectName(QStringLiteral("identifyStatus"));
    status_->setProperty("role", QStringLiteral("status"));
    next_ = makeButton("identifyNext");
    next_->hide();
    connect(next_, &QPushButton::clicked, this, [this] { context().session->navigate(QStringLiteral("form")); });
    qr_ = makeButton("useQrCode", QStringLiteral("secondary"));
    qrNote_ = makeBodyLabel();
    // The 粤省事 code is verified online; until the platform connection is part of this kiosk it is not offered.
    qr_->setEnabled(false);
    lay->addWidget(title_);
    lay->addWidget(instructions_);
    lay->addSpacing(16);
    lay->addWidget(status_);
    lay->addWidget(next_);
    lay->addStretch(1);
    lay->addWidget(qr_);
    lay->addWidget(qrNote_);

    if (app::IdentityService *ids = ctx.identity) {
        connect(ids, &app::IdentityService::identified, this, [this](const QString &name, const QString &number) {
            maskedName_ = name;
            maskedNumber_ = number;
            setState(State::Identified);
        });
        connect(ids, &app::IdentityService::rejected, this, [this](app::IdentityProblem p, const QDate &validTo) {
            validTo_ = validTo;
            setState(p == app::IdentityProblem::Expired       ? State::Expired
                     : p == app::IdentityProblem::NotYetValid ? State::NotYetValid
                                                              : State::Invalid);
        });
        connect(ids, &app::IdentityService::readFailed, this, [this] { setState(State::ReadFailed); });
        if (!ids->readerAvailable())
            state_ = State::NoReader;
    } else {
        state_ = State::NoReader;
    }
    finishSetup();
}

IdentifyScreen::~IdentifyScreen()
{
    if (context().identity)
        context().identity->stopListening();
}

// Cards are read into the visit only while this step is on screen.
void IdentifyScreen::showEvent(QShowEvent *event)
{
    Screen::showEvent(event);
    if (context().identity && state_ != State::Identified)
        context().identity->startListening();
}

void IdentifyScreen::hideEvent(QHideEvent *event)
{
    if (context().identity)
        context().identity->stopListening();
    Screen::hideEvent(event);
}

QString IdentifyScreen::title() const
{
    return tr("核验身份");
}

QString IdentifyScreen::voicePrompt() const
{
    return tr("请将身份证件放在读卡区，听到提示后再拿开。");
}

QString IdentifyScreen::statusText() const
{
    return status_->text();
}

void IdentifyScreen::setState(State s)
{
    state_ = s;
    updateStatus();
    if (context().identity && s != State::Identified)
        context().identity->startListening(); // a refused card: the citizen may place another one
}

void IdentifyScreen::updateStatus()
{
    next_->setVisible(state_ == State::Identified);
    switch (state_) {
    case State::Waiting: status_->setText(tr("正在等待读取证件……")); break;
    case State::Identified: status_->setText(tr("已读取证件：%1（%2）").arg(maskedName_, maskedNumber_)); break;
    case State::Expired:
        status_->setText(tr("您的证件已过有效期（有效期至 %1），不能用于办理。请使用有效证件，或到人工窗口办理。")
                             .arg(validTo_.toString(Qt::ISODate)));
        break;
    case State::NotYetValid: status_->setText(tr("您的证件尚未生效，请使用其他有效证件，或到人工窗口办理。")); break;
    case State::Invalid: status_->setText(tr("无法核验这张证件，请到人工窗口办理。")); break;
    case State::ReadFailed: status_->setText(tr("没有读取成功，请把证件平放在读卡区，不要移动。")); break;
    case State::NoReader:
        status_->setText(tr("读卡器暂不可用，请到人工窗口办理，或拨打 %1 咨询。").arg(context().hotline));
        break;
    }
}

void IdentifyScreen::retranslateUi()
{
    title_->setText(title());
    instructions_->setText(
        tr("请将以下任一证件放在读卡区：\n· 居民身份证\n· 港澳台居民居住证\n· 外国人永久居留身份证"));
    next_->setText(tr("下一步"));
    next_->setAccessibleName(tr("下一步"));
    qr_->setText(tr("使用粤省事码"));
    qr_->setAccessibleName(tr("使用粤省事码"));
    qrNote_->setText(tr("粤省事码需要联网核验，本机暂不能使用。"));
    updateStatus();
}

} // namespace kiosk::ui
