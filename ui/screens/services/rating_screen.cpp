// The rating screen.
#include "ui/screens/services/rating_screen.h"

#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

#include "app/application/evaluation.h"
#include "app/application/submission_service.h"
#include "app/application/visit_state.h"
#include "app/identity/identity_service.h"
#include "app/platform/platform_service.h"
#include "app/session/kiosk_session.h"

namespace kiosk::ui {

RatingScreen::RatingScreen(const ScreenContext &ctx, QWidget *parent) : Screen(QStringLiteral("rate"), ctx, parent)
{
    auto *lay = new QVBoxLayout(this);
    lay->setContentsMargins(48, 48, 48, 32);
    lay->setSpacing(16);
    title_ = makeTitleLabel();
    question_ = makeBodyLabel();
    lay->addWidget(title_);
    lay->addWidget(question_);
    for (int s = 5; s >= 1; --s) {
        QPushButton *b = makeButton(qPrintable(QStringLiteral("score_%1").arg(s)), QStringLiteral("secondary"));
        b->setCheckable(true);
        b->setProperty("score", s);
        connect(b, &QPushButton::clicked, this, [this, s] { setScore(s); });
        scores_ << b;
        lay->addWidget(b);
    }
    reasonsLabel_ = makeBodyLabel();
    reasonsBox_ = new QWidget(this);
    auto *g = new QGridLayout(reasonsBox_);
    g->setContentsMargins(0, 0, 0, 0);
    g->setSpacing(10);
    int n = 0;
    for (const QString &code : app::evaluationReasonCodes()) {
        QPushButton *b = makeButton(qPrintable(QStringLiteral("reason_") + code), QStringLiteral("secondary"));
        b->setParent(reasonsBox_);
        b->setCheckable(true);
        b->setProperty("code", code);
        g->addWidget(b, n / 2, n % 2);
        reasons_ << b;
        ++n;
    }
    commentLabel_ = makeBodyLabel();
    comment_ = new QLineEdit(this);
    comment_->setObjectName(QStringLiteral("ratingComment"));
    comment_->setProperty("kioskInput", QStringLiteral("text"));
    comment_->setMaxLength(app::kMaxCommentCodePoints);
    status_ = makeStatusLabel("ratingStatus");
    status_->hide(); // shown with its first text
    submit_ = makeButton("submitRating");
    setPrimaryAction(submit_);
    skip_ = makeButton("skipRating", QStringLiteral("secondary"));
    connect(submit_, &QPushButton::clicked, this, &RatingScreen::submit);
    connect(skip_, &QPushButton::clicked, this, [this] { context().session->finish(); });
    lay->addWidget(reasonsLabel_);
    lay->addWidget(reasonsBox_);
    lay->addWidget(commentLabel_);
    lay->addWidget(comment_);
    lay->addWidget(status_);
    lay->addWidget(submit_);
    lay->addWidget(skip_);
    lay->addStretch(1);
    if (app::SubmissionService *s = ctx.services.submissions) {
        connect(s, &app::SubmissionService::evaluationQueued, this, [this](bool ok) {
            if (!done_)
                return;
            setLabelText(status_, ok ? tr("感谢您的评价！") : tr("评价没有保存成功，感谢您的参与。"));
            QTimer::singleShot(2500, this, [this] { context().session->finish(); });
        });
    }
    finishSetup();
    setScore(0);
}

void RatingScreen::setScore(int score)
{
    score_ = score;
    for (QPushButton *b : scores_)
        b->setChecked(b->property("score").toInt() == score);
    const bool low = app::evaluationAsksReasons(score);
    reasonsLabel_->setVisible(low);
    reasonsBox_->setVisible(low);
    submit_->setEnabled(score > 0 && !done_);
}

void RatingScreen::submit()
{
    app::VisitState *v = app::VisitState::of(context().session);
    app::SubmissionService *s = context().services.submissions;
    if (!v || !s || score_ == 0 || done_)
        return;
    const app::VisitState::RatingTarget target = v->ratingTarget();
    app::Evaluation e;
    e.caseNo = target.caseNo;
    e.localNo = target.localNo;
    e.itemCode = target.itemCode;
    e.queryCode = target.queryCode;
    e.score = score_;
    for (QPushButton *b : reasons_) {
        if (b->isChecked())
            e.reasons << b->property("code").toString();
    }
    e.comment = comment_->text();
    QString why;
    const QJsonObject json = app::evaluationJson(e, &why);
    if (json.isEmpty()) {
        setLabelText(status_, target.isEmpty() ? tr("本次没有可评价的办件，感谢您的参与。")
                                               : tr("评价内容不符合要求，请检查后再提交。"));
        if (target.isEmpty())
            QTimer::singleShot(2500, this, [this] { context().session->finish(); });
        return;
    }
    done_ = true;
    submit_->setEnabled(false);
    s->submitEvaluation(json);
}

QString RatingScreen::title() const
{
    return tr("服务评价（好差评）");
}

QString RatingScreen::voicePrompt() const
{
    return tr("请为本次服务评价：非常满意、满意、基本满意、不满意或非常不满意。也可以跳过。");
}

void RatingScreen::retranslateUi()
{
    title_->setText(title());
    question_->setText(tr("您对本次服务满意吗？"));
    const QStringList names{tr("非常不满意"), tr("不满意"), tr("基本满意"), tr("满意"), tr("非常满意")};
    for (QPushButton *b : scores_) {
        b->setText(names.value(b->property("score").toInt() - 1));
        b->setAccessibleName(b->text());
    }
    reasonsLabel_->setText(tr("请选择不满意的原因（可多选）："));
    for (QPushButton *b : reasons_) {
        const QString code = b->property("code").toString();
        if (code == QLatin1String("slow"))
            b->setText(tr("办理太慢"));
        else if (code == QLatin1String("unclear_guide"))
            b->setText(tr("指南不清楚"));
        else if (code == QLatin1String("device_fault"))
            b->setText(tr("设备故障"));
        else if (code == QLatin1String("too_many_steps"))
            b->setText(tr("步骤太多"));
        else if (code == QLatin1String("staff_attitude"))
            b->setText(tr("工作人员态度"));
        else
            b->setText(tr("其他"));
        b->setAccessibleName(b->text());
    }
    commentLabel_->setText(tr("意见建议（选填，请勿填写姓名、证件号等个人信息）："));
    comment_->setAccessibleName(tr("意见建议"));
    submit_->setText(tr("提交评价"));
    submit_->setAccessibleName(submit_->text());
    skip_->setText(tr("跳过，退出"));
    skip_->setAccessibleName(skip_->text());
}

} // namespace kiosk::ui
