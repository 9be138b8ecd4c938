// The review and submission step.
#include "ui/screens/apply/review_screen.h"

#include "ui/widgets/stepper_bar.h"

#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include "app/application/draft.h"
#include "app/application/submission_service.h"
#include "app/application/visit_state.h"
#include "app/catalogue/service_item.h"
#include "app/logging/log_setup.h"
#include "app/receipts/receipt.h"
#include "app/session/kiosk_session.h"
#include "ui/widgets/prereview_panel.h"

namespace kiosk::ui {

ReviewScreen::ReviewScreen(const ScreenContext &ctx, QWidget *parent)
    : ApplicationStep(QStringLiteral("review"), ctx, parent)
{
    auto *lay = new QVBoxLayout(this);
    lay->setContentsMargins(48, 32, 48, 32);
    lay->setSpacing(16);
    step_ = makeStepper();
    title_ = makeTitleLabel();
    summary_ = makeBodyLabel();
    summary_->setObjectName(QStringLiteral("reviewSummary"));
    prereview_ = new PrereviewPanel(this);
    status_ = makeBodyLabel();
    status_->hide(); // shown with its first text
    status_->setObjectName(QStringLiteral("reviewStatus"));
    status_->setProperty("role", QStringLiteral("status"));
    submit_ = makeButton("submitApplication");
    connect(submit_, &QPushButton::clicked, this, &ReviewScreen::submit);
    lay->addWidget(step_);
    lay->addWidget(title_);
    lay->addWidget(summary_);
    lay->addWidget(prereview_);
    lay->addWidget(status_);
    lay->addWidget(submit_);
    lay->addStretch(1);
    if (app::SubmissionService *s = ctx.services.submissions)
        connect(s, &app::SubmissionService::visitSubmitted, this, &ReviewScreen::onSubmitted);
    finishSetup();
}

QString ReviewScreen::summaryText() const
{
    return summary_->text();
}

void ReviewScreen::submit()
{
    app::SubmissionService *s = context().services.submissions;
    app::VisitState *v = visit();
    if (!s || !v || !v->draft().isStarted() || submitting_)
        return;
    app::ReceiptSettings receipt;
    receipt.centreName = context().centreName;
    receipt.hotline = context().hotline;
    receipt.queryUrl = context().services.receiptQueryUrl;
    const app::Readiness r = s->submitVisit(*v, language(), receipt);
    if (r.problem == app::SubmitProblem::Blocked)
        return; // the pre-review's findings are on the screen
    if (!r.ok()) {
        showProblem(r.problem);
        return;
    }
    submitting_ = true;
    submit_->setEnabled(false);
    setLabelText(status_, tr("正在加密保存您的申请，请稍候……"));
}

void ReviewScreen::onSubmitted(const app::SubmissionOutcome &out, const app::ReceiptData &receipt)
{
    submitting_ = false;
    submit_->setEnabled(true);
    if (!out.ok()) {
        showProblem(out.problem);
        return;
    }
    if (app::VisitState *v = visit())
        v->recordSubmission(receipt);
    context().session->navigate(QStringLiteral("receipt"));
}

void ReviewScreen::showProblem(app::SubmitProblem problem)
{
    switch (problem) {
    case app::SubmitProblem::DiskLow:
    case app::SubmitProblem::QueueTooOld:
        setLabelText(status_, tr("本机暂时不能受理新的申请（存储空间不足或长时间未联网）。您填写的内容没有提交，"
                                 "请到人工窗口办理，或拨打 %1 咨询。")
                                  .arg(context().hotline));
        break;
    case app::SubmitProblem::NoPlatformKey:
        setLabelText(status_, tr("本机尚未完成与省政务服务平台的首次连接，暂时不能受理。请到人工窗口办理。"));
        break;
    default:
        setLabelText(status_, tr("提交没有成功，您填写的内容仍然保留。请再按一次提交；仍不成功请联系工作人员。"));
        break;
    }
}

void ReviewScreen::showEvent(QShowEvent *event)
{
    retranslateUi(); // the summary and the pre-review of the draft as it is now
    ApplicationStep::showEvent(event);
}

QString ReviewScreen::title() const
{
    return tr("核对并提交");
}

QString ReviewScreen::voicePrompt() const
{
    const QString findings = prereview_->spokenText();
    return tr("请核对申请信息，确认无误后按提交申请。") +
           (findings.isEmpty() ? QString() : QLatin1Char('\n') + findings);
}

void ReviewScreen::retranslateUi()
{
    refreshStepper();
    title_->setText(title());
    submit_->setText(tr("提交申请"));
    submit_->setAccessibleName(tr("提交申请"));
    app::Draft *d = draft();
    app::VisitState *v = visit();
    if (!d || !d->isStarted() || !v) {
        summary_->setText(tr("请先选择事项并核验身份。"));
        submit_->setEnabled(false);
        return;
    }
    const app::ServiceItem &it = d->item();
    QStringList lines;
    lines << tr("事项：%1").arg(it.name.in(language()));
    lines << tr("申请人：%1（%2）").arg(v->subject().maskedName(), v->subject().maskedIdNumber());
    if (v->agentMode())
        lines << tr("代办人：%1（%2）").arg(v->applicant().maskedName(), v->applicant().maskedIdNumber());
    lines << QString();
    for (const app::ItemField &f : it.form) {
        QString value = d->value(f.key);
        for (const app::FieldChoice &c : f.choices)
            value = c.value == value ? c.label.in(language()) : value;
        if (f.type == QLatin1String("id_number") && !value.isEmpty())
            value = app::maskIdNumber(value); // the review shows no ID number in full
        lines << QStringLiteral("%1：%2").arg(f.label.in(language()), value.isEmpty() ? tr("（未填）") : value);
    }
    lines << QString();
    for (const app::MaterialState &m : d->checklist()) {
        if (m.spec.id == QLatin1String("authorisation_letter") && !v->agentMode())
            continue;
        QString state;
        if (m.status == app::MaterialStatus::Provided)
            state = tr("已采集 %n 页", nullptr, int(m.pages.size()));
        else if (m.status == app::MaterialStatus::Tolerated)
            state = tr("容缺后补");
        else if (m.spec.id == QLatin1String("authorisation_letter"))
            state = tr("已采集 %n 页", nullptr, int(d->authorisation().size()));
        else
            state = tr("未提供");
        lines << QStringLiteral("· %1：%2").arg(m.spec.name.in(language()), state);
    }
    if (d->commitment())
        lines << tr("告知承诺：已签名承诺");
    lines << tr("领取方式：%1").arg(app::ReceiptText::deliveryName(d->delivery().method));
    if (d->delivery().method == QLatin1String("mail"))
        lines << tr("邮寄地址：%1").arg(d->delivery().address);
    summary_->setText(lines.join(QLatin1Char('\n')));
    const app::PrereviewResult review = v->review();
    prereview_->setReview(review, it, language());
    submit_->setEnabled(review.submissionAllowed && !submitting_);
}

} // namespace kiosk::ui
