// The face verification screen.
#include "ui/screens/identify/face_screen.h"

#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

#include "app/application/visit_state.h"
#include "app/consent/consent_gate.h"
#include "app/session/kiosk_session.h"
#include "app/verification/face_step.h"
#include "app/verification/face_verification.h"
#include "ui/screens/identify/identity_steps.h"

namespace kiosk::ui {

FaceScreen::FaceScreen(const ScreenContext &ctx, QWidget *parent) : Screen(QStringLiteral("face"), ctx, parent)
{
    auto *lay = new QVBoxLayout(this);
    lay->setContentsMargins(48, 32, 48, 32);
    lay->setSpacing(20);
    title_ = makeTitleLabel();
    instructions_ = makeBodyLabel();
    status_ = makeBodyLabel();
    status_->setObjectName(QStringLiteral("faceStatus"));
    status_->setProperty("role", QStringLiteral("status"));
    progress_ = new QProgressBar(this);
    progress_->setRange(0, 100);
    progress_->setTextVisible(false);
    progress_->setMinimumHeight(24);
    withdraw_ = makeButton("faceWithdraw", QStringLiteral("secondary"));
    continue_ = makeButton("faceContinue");
    continue_->hide();
    connect(withdraw_, &QPushButton::clicked, this, [this] {
        if (app::FaceStep *face = context().services.face; face && !done_)
            face->gate()->withdraw();
        continueWithStaffCheck(context());
    });
    connect(continue_, &QPushButton::clicked, this, [this] {
        if (matched_)
            context().session->navigate(firstApplicationStep(context()));
        else
            continueWithStaffCheck(context());
    });
    lay->addWidget(title_);
    lay->addWidget(instructions_);
    lay->addWidget(progress_);
    lay->addWidget(status_);
    lay->addWidget(continue_);
    lay->addWidget(withdraw_);
    lay->addStretch(1);
    finishSetup();
    start();
}

FaceScreen::~FaceScreen()
{
    if (verification_ && !verification_->isFinished())
        verification_->cancel();
}

void FaceScreen::start()
{
    app::FaceStep *face = context().services.face;
    app::VisitState *v = app::VisitState::of(context().session);
    if (!face || !face->available() || !v) {
        status_->setText(tr("暂时不能进行人脸核验。请继续办理，由工作人员核验身份。"));
        done_ = true;
        continue_->show();
        return;
    }
    verification_ = face->makeVerification();
    connect(verification_.get(), &app::FaceVerification::guidanceChanged, this, &FaceScreen::showGuidance);
    connect(verification_.get(), &app::FaceVerification::progressChanged, progress_, &QProgressBar::setValue);
    connect(verification_.get(), &app::FaceVerification::challengeRequested, this, [this](app::FaceChallenge c) {
        // Left and right are the citizen's own; the movement is judged from the face's keypoints.
        switch (c) {
        case app::FaceChallenge::TurnLeft: challenge_ = tr("请慢慢把头转向您的左边，再转回来。"); break;
        case app::FaceChallenge::TurnRight: challenge_ = tr("请慢慢把头转向您的右边，再转回来。"); break;
        case app::FaceChallenge::Nod: challenge_ = tr("请慢慢点一下头。"); break;
        case app::FaceChallenge::None: return;
        }
        status_->setText(challenge_);
        emit speak(status_->text());
    });
    connect(verification_.get(), &app::FaceVerification::attemptFailed, this, [this](app::FaceReason, int left) {
        challenge_.clear();
        status_->setText(tr("没有核验成功，请正对摄像头再试一次（还可以试 %n 次）。", nullptr, left));
        emit speak(status_->text());
    });
    connect(verification_.get(), &app::FaceVerification::decided, this,
            [this](const app::FaceDecision &d) { finishWith(d.outcome == app::FaceOutcome::Match); });
    const QImage photo = face->cardPhoto(v->applicant().photoWlt);
    if (verification_->start(photo) != app::ConsentError::None) {
        status_->setText(tr("暂时不能进行人脸核验。请继续办理，由工作人员核验身份。"));
        done_ = true;
        continue_->show();
    }
}

void FaceScreen::finishWith(bool matched)
{
    done_ = true;
    matched_ = matched;
    withdraw_->hide();
    continue_->show();
    app::VisitState *v = app::VisitState::of(context().session);
    app::ConsentGate *gate = context().services.face ? context().services.face->gate() : nullptr;
    if (v && gate && gate->record())
        v->setConsent(gate->record()->toJson());
    if (v)
        v->setFaceVerified(matched);
    status_->setText(matched ? tr("核验通过。核验用的图像已清除，没有保存。")
                             : tr("人脸核验没有通过。您可以继续办理，由工作人员当面核验身份。核验用的图像已清除。"));
    emit speak(status_->text());
    retranslateUi();
}

void FaceScreen::showGuidance(app::FaceGuidance g)
{
    if (done_)
        return;
    switch (g) {
    case app::FaceGuidance::Ok:
        status_->setText(challenge_.isEmpty() ? tr("正在核验，请保持不动……") : challenge_);
        break;
    case app::FaceGuidance::NoFace: status_->setText(tr("没有看到人脸，请站到摄像头正前方。")); break;
    case app::FaceGuidance::MoveCloser: status_->setText(tr("请靠近一点。")); break;
    case app::FaceGuidance::TooDark: status_->setText(tr("光线太暗，请站到明亮处或摘下帽子。")); break;
    case app::FaceGuidance::LookAtCamera: status_->setText(tr("请正视摄像头。")); break;
    case app::FaceGuidance::HoldStill: status_->setText(tr("请保持不动。")); break;
    }
    emit speak(status_->text());
}

QString FaceScreen::statusText() const
{
    return status_->text();
}

QString FaceScreen::title() const
{
    return tr("人脸核验");
}

QString FaceScreen::voicePrompt() const
{
    return tr("请正对屏幕上方的摄像头，摘下帽子和口罩，保持不动。");
}

void FaceScreen::retranslateUi()
{
    title_->setText(title());
    instructions_->setText(tr("请正对屏幕上方的摄像头，摘下帽子和口罩。图像只在本机内存中比对，核验后立即清除。"));
    withdraw_->setText(tr("撤回同意，改由工作人员核验"));
    withdraw_->setAccessibleName(withdraw_->text());
    continue_->setText(matched_ || !done_ ? tr("下一步") : tr("继续办理（由工作人员核验身份）"));
    continue_->setAccessibleName(continue_->text());
    progress_->setAccessibleName(tr("核验进度"));
}

} // namespace kiosk::ui
