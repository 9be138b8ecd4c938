// The face step's consent screen.
#include "ui/screens/identify/consent_screen.h"

#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include "app/application/visit_state.h"
#include "app/catalogue/catalogue_service.h"
#include "app/consent/consent_gate.h"
#include "app/session/kiosk_session.h"
#include "app/verification/face_step.h"
#include "app/verification/face_verification.h"
#include "ui/screens/identify/identity_steps.h"

namespace kiosk::ui {

ConsentScreen::ConsentScreen(const ScreenContext &ctx, QWidget *parent) : Screen(QStringLiteral("consent"), ctx, parent)
{
    auto *lay = new QVBoxLayout(this);
    lay->setContentsMargins(48, 32, 48, 32);
    lay->setSpacing(20);
    title_ = makeTitleLabel();
    text_ = makeBodyLabel();
    text_->setObjectName(QStringLiteral("consentText"));
    note_ = makeBodyLabel();
    note_->setProperty("role", QStringLiteral("status"));
    // Two equal choices: same size, same prominence.
    agree_ = makeButton("consentAgree", QStringLiteral("secondary"));
    decline_ = makeButton("consentDecline", QStringLiteral("secondary"));
    connect(agree_, &QPushButton::clicked, this, [this] {
        app::FaceStep *face = context().services.face;
        if (!face || !face->available() || face->gate()->agree() != app::ConsentError::None)
            return continueWithStaffCheck(context());
        context().session->navigate(QStringLiteral("face"));
    });
    connect(decline_, &QPushButton::clicked, this, [this] {
        if (app::FaceStep *face = context().services.face; face && face->gate())
            face->gate()->decline();
        continueWithStaffCheck(context());
    });
    lay->addWidget(title_);
    lay->addWidget(text_);
    lay->addWidget(note_);
    lay->addWidget(agree_);
    lay->addWidget(decline_);
    lay->addStretch(1);
    finishSetup();
}

QString ConsentScreen::itemName() const
{
    app::VisitState *v = app::VisitState::of(context().session);
    if (!v || !context().catalogue || !context().catalogue->catalogue())
        return {};
    const app::ServiceItem *it = context().catalogue->catalogue()->item(v->selectedItem());
    return it ? it->name.in(language()) : QString();
}

void ConsentScreen::present()
{
    app::FaceStep *face = context().services.face;
    if (!face || !face->available()) {
        text_->setText(
            tr("本事项需要核验本人身份。本机暂时不能进行人脸核验，请继续办理，由工作人员当面核验您的身份。"));
        agree_->hide();
        return;
    }
    // The exact text shown is what the consent record's hash covers: present it in the current language.
    text_->setText(face->gate()->present(language(), itemName()).text);
    agree_->show();
}

QString ConsentScreen::title() const
{
    return tr("人脸核验授权");
}

QString ConsentScreen::voicePrompt() const
{
    return text_->text() + QLatin1Char(' ') +
           tr("同意请按“同意并开始人脸核验”；不同意也可以继续办理，由工作人员核验身份。");
}

void ConsentScreen::retranslateUi()
{
    title_->setText(title());
    present();
    note_->setText(tr("是否同意由您决定。不同意不影响办理。"));
    agree_->setText(tr("同意并开始人脸核验"));
    agree_->setAccessibleName(agree_->text());
    decline_->setText(tr("不同意，由工作人员核验身份"));
    decline_->setAccessibleName(decline_->text());
}

} // namespace kiosk::ui
