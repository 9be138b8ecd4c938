// The identification step.
#include "ui/screens/identify/identify_screen.h"

#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include "app/application/peripherals.h"
#include "app/application/visit_state.h"
#include "app/catalogue/catalogue_service.h"
#include "app/identity/identity_service.h"
#include "app/platform/platform_service.h"
#include "app/session/kiosk_session.h"
#include "ui/screens/apply/application_step.h"
#include "ui/widgets/device_guide.h"
#include "ui/widgets/kiosk_icon.h"
#include "ui/widgets/stepper_bar.h"

namespace kiosk::ui {

IdentifyScreen::IdentifyScreen(const ScreenContext &ctx, QWidget *parent)
    : Screen(QStringLiteral("identify"), ctx, parent)
{
    auto *lay = new QVBoxLayout(this);
    lay->setContentsMargins(48, 32, 48, 32);
    lay->setSpacing(24);
    title_ = makeTitleLabel();
    stepper_ = new StepperBar(this);
    instructions_ = makeBodyLabel();
    cardGuide_ = new DeviceGuide(QStringLiteral("idcard_reader"), ctx.devicePlaces, this);
    qrGuide_ = new DeviceGuide(QStringLiteral("code_scanner"), ctx.devicePlaces, this);
    qrGuide_->hide();
    status_ = makeBodyLabel();
    status_->setObjectName(QStringLiteral("identifyStatus"));
    status_->setProperty("role", QStringLiteral("status"));
    next_ = makeButton("identifyNext");
    next_->hide();
    connect(next_, &QPushButton::clicked, this, [this] {
        // Items that require verifying the person go through the face step (with its own consent) first.
        const app::ServiceItem *item = selected();
        context().session->navigate(!item                ? QStringLiteral("form")
                                    : item->faceRequired ? QStringLiteral("consent")
                                                         : app::firstStep(*item));
    });
    agent_ = makeButton("actAsAgent", QStringLiteral("secondary"));
    agent_->hide();
    connect(agent_, &QPushButton::clicked, this, &IdentifyScreen::startAgentMode);
    faceNote_ = makeBodyLabel();
    faceNote_->setObjectName(QStringLiteral("faceNote"));
    faceNote_->setProperty("role", QStringLiteral("error"));
    faceNote_->hide();
    qr_ = makeButton("useQrCode", QStringLiteral("secondary"));
    setButtonIcon(qr_, QStringLiteral("qrcode"));
    qrNote_ = makeBodyLabel();
    // The 粤省事 code is verified online: offered only while the platform answers.
    qr_->setEnabled(qrPossible());
    connect(qr_, &QPushButton::clicked, this, &IdentifyScreen::useQrCode);
    if (ctx.services.platform) {
        connect(ctx.services.platform, &app::PlatformService::onlineChanged, this, [this] {
            qr_->setEnabled(qrPossible());
            retranslateUi();
        });
    }
    lay->addWidget(title_);
    lay->addWidget(stepper_);
    lay->addWidget(instructions_);
    lay->addWidget(cardGuide_);
    lay->addWidget(qrGuide_);
    lay->addSpacing(16);
    lay->addWidget(status_);
    lay->addWidget(faceNote_);
    lay->addWidget(next_);
    lay->addWidget(agent_);
    lay->addStretch(1);
    lay->addWidget(qr_);
    lay->addWidget(qrNote_);

    if (app::IdentityService *ids = ctx.identity) {
        connect(ids, &app::IdentityService::identified, this, [this](const QString &name, const QString &number) {
            if (state_ == State::WaitingPrincipal || state_ == State::SameAsAgent) {
                principalName_ = name;
                principalNumber_ = number;
                setState(State::PrincipalIdentified);
                return;
            }
            maskedName_ = name;
            maskedNumber_ = number;
            setState(State::Identified);
        });
        connect(ids, &app::IdentityService::sameAsAgent, this, [this] { setState(State::SameAsAgent); });
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
    if (context().identity) {
        context().identity->stopListening();
        context().identity->setTarget(app::IdentityTarget::Applicant);
    }
    if (context().services.codes)
        context().services.codes->stop(this);
}

const app::ServiceItem *IdentifyScreen::selected() const
{
    app::VisitState *v = app::VisitState::of(context().session);
    if (!v || !context().catalogue || !context().catalogue->catalogue())
        return nullptr;
    return context().catalogue->catalogue()->item(v->selectedItem());
}

bool IdentifyScreen::qrPossible() const
{
    return context().services.platform && context().services.platform->isOnline() && context().services.codes &&
           context().services.codes->available();
}

void IdentifyScreen::startAgentMode()
{
    app::VisitState *v = app::VisitState::of(context().session);
    if (!v || !context().identity)
        return;
    v->setAgentMode(true);
    context().identity->setTarget(app::IdentityTarget::Principal);
    setState(State::WaitingPrincipal);
}

void IdentifyScreen::useQrCode()
{
    if (!qrPossible())
        return;
    qrListening_ = true;
    context().services.codes->listen(this);
    connect(context().services.codes, &app::CodeInput::code, this, &IdentifyScreen::onQrCode, Qt::UniqueConnection);
    setState(State::QrChecking);
    qrGuide_->replay();
    status_->setText(
        tr("请打开粤省事，出示粤省事码，对准%1的扫码口。").arg(DeviceGuide::placeWords(qrGuide_->place())));
    emit speak(status_->text());
}

void IdentifyScreen::onQrCode(const QString &code)
{
    if (!qrListening_ || !context().services.platform)
        return;
    status_->setText(tr("正在核验粤省事码……"));
    context().services.platform->verifyQr(code, this, [this](app::CallResult<app::QrIdentity> r) {
        if (!r.ok()) {
            setState(r.problem == app::CallProblem::Rejected ? State::QrRejected : State::QrOffline);
            return;
        }
        qrListening_ = false;
        context().services.codes->stop(this);
        if (context().identity)
            context().identity->acceptQrIdentity(r.value);
    });
}

// Cards are read into the visit only while this step is on screen.
void IdentifyScreen::showEvent(QShowEvent *event)
{
    Screen::showEvent(event);
    if (context().identity && state_ != State::Identified && state_ != State::PrincipalIdentified)
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
    return tr("请将身份证件放在%1的读卡区，听到提示后再拿开。").arg(DeviceGuide::placeWords(cardGuide_->place()));
}

void IdentifyScreen::applyMetrics(const ThemeMetrics &metrics, bool landscape)
{
    const bool care = metrics.tileColumns == 1;
    for (DeviceGuide *g : {cardGuide_, qrGuide_})
        g->setScale(landscape ? 0.8 : care ? 1.4 : 1.0);
    stepper_->setMaxColumns(care && !landscape ? 3 : 0);
}

QString IdentifyScreen::statusText() const
{
    return status_->text();
}

void IdentifyScreen::setState(State s)
{
    state_ = s;
    updateStatus();
    if (context().identity && s != State::Identified && s != State::PrincipalIdentified && s != State::QrChecking)
        context().identity->startListening(); // a refused card: the citizen may place another one
}

void IdentifyScreen::updateStatus()
{
    const app::ServiceItem *item = selected();
    const bool agentMode =
        app::VisitState::of(context().session) && app::VisitState::of(context().session)->agentMode();
    const bool done = (state_ == State::Identified && !agentMode) || state_ == State::PrincipalIdentified;
    // A 粤省事 identity was verified online; an item requiring the face step cannot compare a card photo then.
    const bool qrForFace = done && item && item->faceRequired && app::VisitState::of(context().session) &&
                           app::VisitState::of(context().session)->applicant().idType == QLatin1String("qr");
    faceNote_->setVisible(qrForFace);
    faceNote_->setText(tr("本事项需要核验本人身份，请使用身份证件（粤省事码不能用于人脸比对）。"));
    next_->setVisible(done && !qrForFace);
    // The picture of where the card (or the phone) goes, while that device waits; gone once the card is read.
    const bool qr = state_ == State::QrChecking || state_ == State::QrRejected;
    cardGuide_->setVisible(!done && !qr && state_ != State::NoReader);
    qrGuide_->setVisible(!done && qr);
    agent_->setVisible(state_ == State::Identified && !agentMode && item && item->agentAllowed &&
                       app::VisitState::of(context().session)->applicant().idType != QLatin1String("qr"));
    switch (state_) {
    case State::WaitingPrincipal:
        status_->setText(
            tr("代办人：%1（%2）。\n请放入委托人（申请人本人）的身份证件。").arg(maskedName_, maskedNumber_));
        return;
    case State::PrincipalIdentified:
        status_->setText(tr("代办人：%1（%2）\n委托人：%3（%4）\n下一步请提交授权委托书。")
                             .arg(maskedName_, maskedNumber_, principalName_, principalNumber_));
        return;
    case State::SameAsAgent: status_->setText(tr("这是代办人本人的证件。请放入委托人的身份证件。")); return;
    case State::QrChecking: return;
    case State::QrRejected: status_->setText(tr("粤省事码无效或已过期，请在手机上刷新后重新出示。")); return;
    case State::QrOffline: status_->setText(tr("暂时连不上省政务服务平台，请使用身份证件。")); return;
    default: break;
    }
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
    default: break;
    }
}

void IdentifyScreen::retranslateUi()
{
    title_->setText(title());
    instructions_->setText(tr("请将以下任一证件放在%1的读卡区，读完前不要拿开：\n· 居民身份证\n· 港澳台居民居住证\n· "
                              "外国人永久居留身份证")
                               .arg(DeviceGuide::placeWords(cardGuide_->place())));
    cardGuide_->setAccessibleName(tr("示意图：读卡区在%1").arg(DeviceGuide::placeWords(cardGuide_->place())));
    qrGuide_->setAccessibleName(tr("示意图：扫码口在%1").arg(DeviceGuide::placeWords(qrGuide_->place())));
    if (const app::ServiceItem *item = selected()) {
        QStringList names;
        for (const QString &step : QStringList{QStringLiteral("identify")} + app::applicationSteps(*item))
            names << ApplicationStep::stepName(step);
        stepper_->setSteps(names, 0);
    }
    stepper_->setVisible(selected() != nullptr);
    next_->setText(tr("下一步"));
    next_->setAccessibleName(tr("下一步"));
    qr_->setText(tr("使用粤省事码"));
    qr_->setAccessibleName(tr("使用粤省事码"));
    agent_->setText(tr("我是代他人办理（委托办理）"));
    agent_->setAccessibleName(agent_->text());
    qrNote_->setText(qrPossible() ? tr("没有带证件？可以出示粤省事码，联网核验身份。")
                                  : tr("粤省事码需要联网核验，本机暂时连不上省政务服务平台，请使用身份证件。"));
    updateStatus();
}

} // namespace kiosk::ui
