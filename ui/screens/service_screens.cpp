// Rating, progress query and self-print.
#include "ui/screens/service_screens.h"

#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QTimer>
#include <QVBoxLayout>

#include "app/application/evaluation.h"
#include "app/application/peripherals.h"
#include "app/application/submission_service.h"
#include "app/application/visit_state.h"
#include "app/catalogue/catalogue_service.h"
#include "app/identity/identity_service.h"
#include "app/platform/platform_service.h"
#include "app/session/kiosk_session.h"

namespace kiosk::ui {

namespace {

QString statusName(const QString &status)
{
    if (status == QLatin1String("queued"))
        return QCoreApplication::translate("ProgressScreen", "排队上报中");
    if (status == QLatin1String("received"))
        return QCoreApplication::translate("ProgressScreen", "已接收");
    if (status == QLatin1String("accepted"))
        return QCoreApplication::translate("ProgressScreen", "已受理");
    if (status == QLatin1String("in_review"))
        return QCoreApplication::translate("ProgressScreen", "审查中");
    if (status == QLatin1String("need_more"))
        return QCoreApplication::translate("ProgressScreen", "需补正材料");
    if (status == QLatin1String("approved"))
        return QCoreApplication::translate("ProgressScreen", "已办结（准予）");
    if (status == QLatin1String("rejected"))
        return QCoreApplication::translate("ProgressScreen", "已办结（不予）");
    if (status == QLatin1String("delivered"))
        return QCoreApplication::translate("ProgressScreen", "已送达");
    return status;
}

QString itemName(const ScreenContext &ctx, const QString &code)
{
    if (ctx.catalogue && ctx.catalogue->catalogue()) {
        if (const app::ServiceItem *it = ctx.catalogue->catalogue()->item(code))
            return it->name.in(ctx.session->language());
    }
    return code;
}

QLabel *statusLabel(QWidget *parent, const char *name)
{
    auto *l = new QLabel(parent);
    l->setObjectName(QString::fromLatin1(name));
    l->setProperty("role", QStringLiteral("status"));
    l->setWordWrap(true);
    return l;
}

} // namespace

// --- RatingScreen --------------------------------------------------------------------------------------------

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
    status_ = statusLabel(this, "ratingStatus");
    submit_ = makeButton("submitRating");
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
            status_->setText(ok ? tr("感谢您的评价！") : tr("评价没有保存成功，感谢您的参与。"));
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
    const bool low = score > 0 && score <= 3;
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
    e.score = score_;
    if (score_ <= 3) {
        for (QPushButton *b : reasons_) {
            if (b->isChecked())
                e.reasons << b->property("code").toString();
        }
    }
    e.comment = comment_->text();
    QString why;
    const QJsonObject json = app::evaluationJson(e, &why);
    if (json.isEmpty()) {
        status_->setText(target.isEmpty() ? tr("本次没有可评价的办件，感谢您的参与。")
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

// --- ProgressScreen ------------------------------------------------------------------------------------------

ProgressScreen::ProgressScreen(const ScreenContext &ctx, QWidget *parent)
    : Screen(QStringLiteral("progress"), ctx, parent)
{
    auto *lay = new QVBoxLayout(this);
    lay->setContentsMargins(48, 32, 48, 32);
    lay->setSpacing(16);
    title_ = makeTitleLabel();
    intro_ = makeBodyLabel();
    number_ = new QLineEdit(this);
    number_->setObjectName(QStringLiteral("progressNumber"));
    number_->setProperty("kioskInput", QStringLiteral("latin"));
    number_->setMaxLength(80);
    search_ = makeButton("progressSearch");
    byQr_ = makeButton("progressByQr", QStringLiteral("secondary"));
    qrNote_ = makeBodyLabel();
    qrNote_->setObjectName(QStringLiteral("progressQrNote"));
    cases_ = new QWidget(this);
    casesLayout_ = new QVBoxLayout(cases_);
    casesLayout_->setContentsMargins(0, 0, 0, 0);
    casesLayout_->setSpacing(12);
    result_ = statusLabel(this, "progressResult");
    connect(search_, &QPushButton::clicked, this, [this] { lookUp(number_->text()); });
    connect(byQr_, &QPushButton::clicked, this, &ProgressScreen::startQrQuery);
    lay->addWidget(title_);
    lay->addWidget(intro_);
    lay->addWidget(number_);
    lay->addWidget(search_);
    lay->addWidget(byQr_);
    lay->addWidget(qrNote_);
    lay->addWidget(result_);
    lay->addWidget(cases_);
    lay->addStretch(1);
    if (app::CodeInput *codes = ctx.services.codes) {
        codes->listen(this);
        connect(codes, &app::CodeInput::code, this, &ProgressScreen::onCode);
    }
    if (ctx.services.platform) {
        connect(ctx.services.platform, &app::PlatformService::onlineChanged, this, [this] { retranslateUi(); });
    }
    finishSetup();
}

ProgressScreen::~ProgressScreen()
{
    if (context().services.codes)
        context().services.codes->stop(this);
    token_.fill(QLatin1Char('\0'));
}

bool ProgressScreen::qrPossible() const
{
    return context().services.platform && context().services.platform->isOnline() && context().services.codes &&
           context().services.codes->available();
}

void ProgressScreen::onCode(const QString &text)
{
    if (qrMode_)
        verifyQr(text);
    else
        lookUp(text);
}

void ProgressScreen::startQrQuery()
{
    if (!qrPossible()) {
        retranslateUi();
        return;
    }
    qrMode_ = true;
    result_->setText(tr("请打开粤省事，出示粤省事码，对准扫码口。"));
}

void ProgressScreen::verifyQr(const QString &code)
{
    app::PlatformService *platform = context().services.platform;
    if (!platform || busy_)
        return;
    busy_ = true;
    result_->setText(tr("正在核验粤省事码……"));
    platform->verifyQr(code, this, [this](app::CallResult<app::QrIdentity> r) {
        if (!r.ok()) {
            busy_ = false;
            result_->setText(r.problem == app::CallProblem::Rejected
                                 ? tr("粤省事码无效或已过期，请在手机上刷新后重新出示。")
                                 : tr("暂时连不上省政务服务平台，请稍后再查，或拨打 %1 咨询。").arg(context().hotline));
            return;
        }
        qrMode_ = false;
        token_ = r.value.identityToken;
        result_->setText(tr("已核验：%1（%2）。正在查询您的办件……").arg(r.value.nameMasked, r.value.idMasked));
        context().services.platform->queryCases(token_, this, [this](app::CallResult<QList<app::CaseInfo>> c) {
            busy_ = false;
            if (!c.ok()) {
                result_->setText(tr("查询办件没有成功，请稍后再试，或拨打 %1 咨询。").arg(context().hotline));
                return;
            }
            showCases(c.value);
        });
    });
}

void ProgressScreen::showCases(const QList<app::CaseInfo> &cases)
{
    while (QLayoutItem *li = casesLayout_->takeAt(0)) {
        delete li->widget();
        delete li;
    }
    result_->setText(cases.isEmpty() ? tr("没有查到您名下的办件。") : tr("请选择要查看进度的办件："));
    for (const app::CaseInfo &c : cases) {
        auto *b = new QPushButton(cases_);
        b->setObjectName(QStringLiteral("case_") + c.caseNo);
        b->setProperty("role", QStringLiteral("secondary"));
        b->setFocusPolicy(Qt::NoFocus);
        QString line = tr("%1\n%2 · %3").arg(itemName(context(), c.itemCode), c.caseNo, statusName(c.status));
        b->setText(line);
        b->setAccessibleName(tr("查看 %1 的进度").arg(itemName(context(), c.itemCode)));
        connect(b, &QPushButton::clicked, this, [this, no = c.caseNo] { lookUp(no); });
        casesLayout_->addWidget(b);
    }
}

void ProgressScreen::lookUp(const QString &text)
{
    if (busy_)
        return;
    const QString ref = app::caseReferenceFromScan(text);
    app::PlatformService *platform = context().services.platform;
    static const QRegularExpression localNo(QStringLiteral("-\\d{8}-\\d{6,}$"));
    const bool isLocal = localNo.match(ref).hasMatch();
    if (ref.isEmpty()) {
        result_->setText(tr("没有识别到受理编号，请核对后重新输入或扫描回执上的二维码。"));
        return;
    }
    busy_ = true;
    result_->setText(tr("正在查询……"));
    auto offlineAnswer = [this, ref, isLocal] {
        // Offline: what this kiosk itself knows of its own submissions.
        app::SubmissionService *subs = context().services.submissions;
        if (!subs || !isLocal) {
            busy_ = false;
            result_->setText(tr("暂时连不上省政务服务平台，请稍后再查，或拨打 %1 咨询。").arg(context().hotline));
            return;
        }
        subs->lookupLocal(ref, this, [this, ref](app::SubmissionService::LocalStatus st) {
            busy_ = false;
            if (!st.found) {
                result_->setText(tr("暂时连不上省政务服务平台，请稍后再查，或拨打 %1 咨询。").arg(context().hotline));
                return;
            }
            if (auto *v = app::VisitState::of(context().session))
                v->setRatingTarget({st.caseNo, ref, st.itemCode});
            QStringList lines{tr("受理编号：%1").arg(ref), tr("事项：%1").arg(itemName(context(), st.itemCode))};
            if (st.state == QLatin1String("acked"))
                lines << tr("本机记录：已上报省政务服务平台，办件编号 %1。").arg(st.caseNo);
            else
                lines << tr("本机记录：已受理，正在排队等待联网上报。");
            lines << tr("暂时连不上省政务服务平台，以上是本机最后掌握的情况；办理进度请稍后再查。");
            result_->setText(lines.join(QLatin1Char('\n')));
        });
    };
    if (!platform) {
        offlineAnswer();
        return;
    }
    platform->lookupCase(ref, this, [this, offlineAnswer, ref](app::CallResult<app::CaseInfo> r) {
        if (r.problem == app::CallProblem::Offline || r.problem == app::CallProblem::NotConfigured ||
            r.problem == app::CallProblem::ServerError) {
            offlineAnswer();
            return;
        }
        busy_ = false;
        if (!r.ok()) {
            // A local number of this kiosk not yet sent is unknown to the platform: say what the kiosk knows.
            if (r.problem == app::CallProblem::NotFound) {
                busy_ = true;
                offlineAnswer();
                return;
            }
            result_->setText(tr("没有查到这个编号的办件，请核对后重试。"));
            return;
        }
        showCase(r.value);
    });
}

void ProgressScreen::showCase(const app::CaseInfo &c)
{
    if (auto *v = app::VisitState::of(context().session))
        v->setRatingTarget({c.caseNo, c.localNo, c.itemCode});
    QStringList lines;
    lines << tr("办件编号：%1").arg(c.caseNo);
    lines << tr("事项：%1").arg(itemName(context(), c.itemCode));
    lines << tr("当前状态：%1").arg(statusName(c.status));
    if (c.promisedDate.isValid())
        lines << tr("承诺办结日期：%1").arg(c.promisedDate.toString(Qt::ISODate));
    lines << QString() << tr("办理过程：");
    for (const app::CaseEvent &e : c.timeline) {
        lines << QStringLiteral("%1  %2%3")
                     .arg(e.at.toOffsetFromUtc(8 * 3600).toString(QStringLiteral("yyyy-MM-dd HH:mm")),
                          statusName(e.status), e.note.isEmpty() ? QString() : QStringLiteral("：") + e.note);
    }
    result_->setText(lines.join(QLatin1Char('\n')));
}

QString ProgressScreen::resultText() const
{
    return result_->text();
}

QString ProgressScreen::title() const
{
    return tr("办件进度查询");
}

QString ProgressScreen::voicePrompt() const
{
    return tr("请把回执上的二维码对准扫码口，或输入受理编号后按查询。");
}

void ProgressScreen::retranslateUi()
{
    title_->setText(title());
    intro_->setText(tr("请扫描回执上的二维码，或输入回执上的受理编号 / 办件编号。"));
    number_->setPlaceholderText(tr("受理编号，例如 GD-XXXX-20260101-000001"));
    number_->setAccessibleName(tr("受理编号"));
    search_->setText(tr("查询"));
    search_->setAccessibleName(search_->text());
    byQr_->setText(tr("用粤省事码查询我的办件"));
    byQr_->setAccessibleName(byQr_->text());
    byQr_->setEnabled(qrPossible());
    qrNote_->setText(qrPossible() ? tr("出示粤省事码，可列出您名下的全部办件。")
                                  : tr("按粤省事码查询需要联网核验，本机暂时连不上省政务服务平台；"
                                       "请用回执上的受理编号或二维码查询。"));
}

// --- SelfPrintScreen -----------------------------------------------------------------------------------------

SelfPrintScreen::SelfPrintScreen(const ScreenContext &ctx, QWidget *parent)
    : Screen(QStringLiteral("selfprint"), ctx, parent)
{
    auto *lay = new QVBoxLayout(this);
    lay->setContentsMargins(48, 32, 48, 32);
    lay->setSpacing(16);
    title_ = makeTitleLabel();
    intro_ = makeBodyLabel();
    status_ = statusLabel(this, "selfPrintStatus");
    list_ = new QWidget(this);
    listLayout_ = new QVBoxLayout(list_);
    listLayout_->setContentsMargins(0, 0, 0, 0);
    listLayout_->setSpacing(12);
    lay->addWidget(title_);
    lay->addWidget(intro_);
    lay->addWidget(status_);
    lay->addWidget(list_);
    lay->addStretch(1);
    const bool online = ctx.services.platform && ctx.services.platform->isOnline();
    if (app::CodeInput *codes = ctx.services.codes; codes && online) {
        codes->listen(this);
        connect(codes, &app::CodeInput::code, this, &SelfPrintScreen::verify);
    }
    if (app::DocumentPrintService *a4 = ctx.services.a4) {
        connect(a4, &app::DocumentPrintService::finished, this, [this](quint64 t, app::A4Problem p) {
            if (t != ticket_)
                return;
            status_->setText(p == app::A4Problem::None ? tr("打印完成，请从A4出纸口取走文件。")
                                                       : tr("打印没有成功，请联系工作人员。"));
        });
    }
    finishSetup();
}

SelfPrintScreen::~SelfPrintScreen()
{
    if (context().services.codes)
        context().services.codes->stop(this);
    token_.fill(QLatin1Char('\0'));
}

void SelfPrintScreen::verify(const QString &code)
{
    app::PlatformService *platform = context().services.platform;
    if (!platform || !token_.isEmpty())
        return;
    status_->setText(tr("正在核验粤省事码……"));
    platform->verifyQr(code, this, [this](app::CallResult<app::QrIdentity> r) {
        if (!r.ok()) {
            status_->setText(r.problem == app::CallProblem::Rejected
                                 ? tr("粤省事码无效或已过期，请在手机上刷新后重新出示。")
                                 : tr("暂时连不上省政务服务平台，请稍后再试。"));
            return;
        }
        token_ = r.value.identityToken;
        if (context().identity)
            context().identity->acceptQrIdentity(r.value);
        status_->setText(tr("已核验：%1（%2）。正在查询您的文件……").arg(r.value.nameMasked, r.value.idMasked));
        context().services.platform->listDocuments(token_, this, [this](app::CallResult<QList<app::DocumentInfo>> d) {
            if (!d.ok()) {
                status_->setText(tr("查询文件没有成功，请稍后再试。"));
                return;
            }
            showDocuments(d.value);
        });
    });
}

void SelfPrintScreen::showDocuments(const QList<app::DocumentInfo> &docs)
{
    while (QLayoutItem *li = listLayout_->takeAt(0)) {
        delete li->widget();
        delete li;
    }
    status_->setText(docs.isEmpty() ? tr("没有可以打印的文件。") : tr("请选择要打印的文件："));
    for (const app::DocumentInfo &d : docs) {
        auto *b = new QPushButton(list_);
        b->setObjectName(QStringLiteral("document_") + d.id);
        b->setProperty("role", QStringLiteral("secondary"));
        b->setFocusPolicy(Qt::NoFocus);
        b->setText(tr("%1\n%2 · %3 · %n 页", nullptr, d.pages)
                       .arg(d.title, d.issuer, d.issuedAt.toOffsetFromUtc(8 * 3600).date().toString(Qt::ISODate)));
        b->setAccessibleName(tr("打印 %1").arg(d.title));
        connect(b, &QPushButton::clicked, this, [this, id = d.id] { print(id); });
        listLayout_->addWidget(b);
    }
}

void SelfPrintScreen::print(const QString &id)
{
    app::PlatformService *platform = context().services.platform;
    app::DocumentPrintService *a4 = context().services.a4;
    if (!platform || token_.isEmpty())
        return;
    if (!a4) {
        status_->setText(tr("本机暂不能打印A4文件，请到人工窗口办理。"));
        return;
    }
    status_->setText(tr("正在下载并打印，请稍候……"));
    platform->fetchDocument(id, token_, this, [this](app::CallResult<QByteArray> r) {
        if (!r.ok()) {
            status_->setText(tr("文件下载没有成功，请稍后再试。"));
            return;
        }
        // The job title is visible in CUPS: never the document's title or the citizen's name.
        ticket_ = context().services.a4->printPdf(r.value, QStringLiteral("kiosk self-print"));
        r.value.fill('\0');
    });
}

QString SelfPrintScreen::statusText() const
{
    return status_->text();
}

QString SelfPrintScreen::title() const
{
    return tr("自助打印");
}

QString SelfPrintScreen::voicePrompt() const
{
    return tr("请打开粤省事，出示粤省事码，对准扫码口。");
}

void SelfPrintScreen::retranslateUi()
{
    title_->setText(title());
    const bool online = context().services.platform && context().services.platform->isOnline();
    if (!context().services.codes || !context().services.a4)
        intro_->setText(tr("本机暂不提供自助打印，请到人工窗口办理。"));
    else if (!online)
        intro_->setText(tr("自助打印需要联网，本机暂时连不上省政务服务平台，请稍后再试或到人工窗口办理。"));
    else
        intro_->setText(tr("请打开粤省事，出示粤省事码并对准扫码口，核验后即可打印您的证明文件。"));
}

} // namespace kiosk::ui
