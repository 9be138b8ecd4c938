// The 告知承诺 step.
#include "ui/screens/apply/commitment_screen.h"

#include "ui/widgets/stepper_bar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include "app/application/draft.h"
#include "app/catalogue/service_item.h"
#include "ui/widgets/signature_pad.h"

namespace kiosk::ui {

CommitmentScreen::CommitmentScreen(const ScreenContext &ctx, QWidget *parent)
    : ApplicationStep(QStringLiteral("commitment"), ctx, parent)
{
    auto *lay = new QVBoxLayout(this);
    lay->setContentsMargins(48, 32, 48, 32);
    lay->setSpacing(16);
    step_ = makeStepper();
    title_ = makeTitleLabel();
    text_ = makeBodyLabel();
    text_->setObjectName(QStringLiteral("commitmentText"));
    text_->setProperty("role", QStringLiteral("document"));
    agree_ = makeButton("commitmentAgree", QStringLiteral("secondary"));
    agree_->setCheckable(true);
    padHint_ = makeBodyLabel();
    pad_ = new SignaturePad(this);
    clear_ = makeButton("signatureClear", QStringLiteral("secondary"));
    next_ = makeButton("commitmentNext");
    decline_ = makeButton("commitmentDecline", QStringLiteral("secondary"));
    connect(agree_, &QPushButton::toggled, this, &CommitmentScreen::updateState);
    connect(pad_, &SignaturePad::changed, this, &CommitmentScreen::updateState);
    connect(clear_, &QPushButton::clicked, pad_, &SignaturePad::clear);
    connect(next_, &QPushButton::clicked, this, [this] {
        if (!agree_->isChecked() || !pad_->isSigned() || !draft() || !draft()->signCommitment(text(), pad_->toPng()))
            return;
        pad_->clear();
        goNext();
    });
    connect(decline_, &QPushButton::clicked, this, [this] {
        // Without the commitment the materials are checked in full: the service goes on.
        if (draft())
            draft()->clearCommitment();
        goNext();
    });
    auto *row = new QHBoxLayout;
    row->addWidget(clear_);
    row->addStretch(1);
    lay->addWidget(step_);
    lay->addWidget(title_);
    lay->addWidget(text_);
    lay->addWidget(agree_);
    lay->addWidget(padHint_);
    lay->addWidget(pad_);
    lay->addLayout(row);
    lay->addWidget(next_);
    lay->addWidget(decline_);
    lay->addStretch(1);
    finishSetup();
    updateState();
}

QString CommitmentScreen::text() const
{
    const app::ServiceItem *it = item();
    return it ? it->commitmentText.in(language()) : QString();
}

void CommitmentScreen::updateState()
{
    next_->setEnabled(agree_->isChecked() && pad_->isSigned());
}

QString CommitmentScreen::title() const
{
    return tr("告知承诺");
}

QString CommitmentScreen::voicePrompt() const
{
    return tr("请仔细阅读告知承诺书：%1。同意请勾选并在下方签名。").arg(text());
}

void CommitmentScreen::retranslateUi()
{
    refreshStepper();
    title_->setText(title());
    text_->setText(text());
    agree_->setText(tr("我已阅读并承诺以上内容属实"));
    agree_->setAccessibleName(agree_->text());
    padHint_->setText(tr("请用手指在下面的框内签名："));
    pad_->setAccessibleName(tr("签名区"));
    clear_->setText(tr("重新签名"));
    clear_->setAccessibleName(clear_->text());
    next_->setText(tr("确认承诺，下一步"));
    next_->setAccessibleName(next_->text());
    decline_->setText(tr("不采用承诺制，按常规提交材料"));
    decline_->setAccessibleName(decline_->text());
}

} // namespace kiosk::ui
