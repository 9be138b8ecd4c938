// The progress query.
#include "ui/screens/services/progress_screen.h"

#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QVBoxLayout>

#include "app/application/kiosk_time.h"
#include "app/application/peripherals.h"
#include "app/application/submission_service.h"
#include "app/application/visit_state.h"
#include "app/catalogue/catalogue_service.h"
#include "app/identity/identity_service.h"
#include "app/payments/payment_order.h"
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

} // namespace

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
    code_ = new QLineEdit(this);
    code_->setObjectName(QStringLiteral("progressCode"));
    code_->setProperty("kioskInput", QStringLiteral("digits"));
    code_->setMaxLength(8);
    search_ = makeButton("progressSearch");
    setPrimaryAction(search_);
    byQr_ = makeButton("progressByQr", QStringLiteral("secondary"));
    qrNote_ = makeBodyLabel();
    qrNote_->setObjectName(QStringLiteral("progressQrNote"));
    cases_ = new QWidget(this);
    casesLayout_ = new QVBoxLayout(cases_);
    casesLayout_->setContentsMargins(0, 0, 0, 0);
    casesLayout_->setSpacing(12);
    result_ = makeStatusLabel("progressResult");
    result_->hide(); // shown with its first text
    connect(search_, &QPushButton::clicked, this, [this] { lookUp(number_->text()); });
    connect(byQr_, &QPushButton::clicked, this, &ProgressScreen::startQrQuery);
    lay->addWidget(title_);
    lay->addWidget(intro_);
    lay->addWidget(number_);
    lay->addWidget(code_);
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
    QString typed = code_->text();
    typed.fill(QLatin1Char('\0'));
    code_->clear();
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
    setLabelText(result_, tr("请打开粤省事，出示粤省事码，对准扫码口。"));
}

void ProgressScreen::verifyQr(const QString &code)
{
    app::PlatformService *platform = context().services.platform;
    if (!platform || busy_)
        return;
    busy_ = true;
    setLabelText(result_, tr("正在核验粤省事码……"));
    platform->verifyQr(code, this, [this](app::CallResult<app::QrIdentity> r) {
        if (!r.ok()) {
            busy_ = false;
            setLabelText(result_,
                         r.problem == app::CallProblem::Rejected
                             ? tr("粤省事码无效或已过期，请在手机上刷新后重新出示。")
                             : tr("暂时连不上省政务服务平台，请稍后再查，或拨打 %1 咨询。").arg(context().hotline));
            return;
        }
        qrMode_ = false;
        token_ = r.value.identityToken;
        setLabelText(result_, tr("已核验：%1（%2）。正在查询您的办件……").arg(r.value.nameMasked, r.value.idMasked));
        context().services.platform->queryCases(token_, this, [this](app::CallResult<QList<app::CaseInfo>> c) {
            busy_ = false;
            if (!c.ok()) {
                setLabelText(result_, tr("查询办件没有成功，请稍后再试，或拨打 %1 咨询。").arg(context().hotline));
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
    setLabelText(result_, cases.isEmpty() ? tr("没有查到您名下的办件。") : tr("请选择要查看进度的办件："));
    for (const app::CaseInfo &c : cases) {
        auto *b = new QPushButton(cases_);
        b->setObjectName(QStringLiteral("case_") + c.caseNo);
        b->setProperty("role", QStringLiteral("secondary"));
        b->setFocusPolicy(Qt::NoFocus);
        QString line = tr("%1\n%2 · %3").arg(itemName(context(), c.itemCode), c.caseNo, statusName(c.status));
        b->setText(line);
        // Each button says which case it opens: item, case number and status, as the button shows them.
        b->setAccessibleName(
            tr("查看进度：%1，%2，%3").arg(itemName(context(), c.itemCode), c.caseNo, statusName(c.status)));
        connect(b, &QPushButton::clicked, this, [this, c] { showSummary(c); });
        casesLayout_->addWidget(b);
    }
}

void ProgressScreen::lookUp(const QString &text)
{
    if (busy_)
        return;
    app::CaseReference ref = app::caseReferenceFromScan(text);
    if (ref.isEmpty()) {
        setLabelText(result_, tr("没有识别到受理编号，请核对后重新输入或扫描回执上的二维码。"));
        return;
    }
    if (ref.queryCode.isEmpty())
        ref.queryCode = code_->text().trimmed();
    if (!app::isQueryCode(ref.queryCode)) {
        // The platform answers a lookup without the code exactly as an unknown case: ask for it first.
        setLabelText(result_, tr("请输入回执上的8位查询码，再按查询。"));
        code_->setFocus();
        return;
    }
    busy_ = true;
    setLabelText(result_, tr("正在查询……"));
    app::PlatformService *platform = context().services.platform;
    if (!platform) {
        showLocalRecord(ref, false);
        return;
    }
    platform->lookupCase(ref, this, [this, ref](app::CallResult<app::CaseInfo> r) {
        switch (r.problem) {
        case app::CallProblem::None: busy_ = false; return showCase(r.value, ref.queryCode);
        case app::CallProblem::NotFound:
            // Not found for this number and code; a local number this kiosk has not sent yet is unknown to the
            // platform too: the kiosk says what it knows of its own.
            return showLocalRecord(ref, true);
        case app::CallProblem::Offline:
        case app::CallProblem::NotConfigured:
        case app::CallProblem::ServerError: return showLocalRecord(ref, false);
        default: busy_ = false; return showNotFound();
        }
    });
}

void ProgressScreen::showNotFound()
{
    setLabelText(result_, tr("没有查到这个编号和查询码的办件。请核对回执上的受理编号（或办件编号）和8位查询码后重试，"
                             "或咨询现场工作人员、拨打 %1。")
                              .arg(context().hotline));
}

void ProgressScreen::showUnreachable()
{
    setLabelText(result_, tr("暂时连不上省政务服务平台，请稍后再查，或拨打 %1 咨询。").arg(context().hotline));
}

void ProgressScreen::showLocalRecord(const app::CaseReference &ref, bool platformSaidNotFound)
{
    // What this kiosk itself knows of its own submissions (by local number): only whether it is still queued here.
    // The kiosk keeps no query code outside the seal, so it cannot check one: it shows no item and no case number.
    app::SubmissionService *subs = context().services.submissions;
    auto fallback = [this, platformSaidNotFound] {
        busy_ = false;
        if (platformSaidNotFound)
            showNotFound();
        else
            showUnreachable();
    };
    if (!subs || !ref.isLocalNo())
        return fallback();
    subs->lookupLocal(
        ref.number, this, [this, ref, platformSaidNotFound, fallback](app::SubmissionService::LocalStatus st) {
            const bool queuedHere = st.found && st.state != QLatin1String("acked") && st.state != QLatin1String("dead");
            // Sent already (acked) and yet not found: the number or the code is wrong.
            if (!st.found || (platformSaidNotFound && !queuedHere))
                return fallback();
            busy_ = false;
            if (auto *v = app::VisitState::of(context().session))
                v->setRatingTarget({QString(), ref.number, st.itemCode, ref.queryCode});
            QStringList lines{tr("受理编号：%1").arg(ref.number)};
            if (queuedHere)
                lines << tr("本机记录：已受理，正在排队等待联网上报。");
            else
                lines << tr("本机记录：已上报省政务服务平台。");
            lines << (platformSaidNotFound
                          ? tr("省政务服务平台还没有收到这份申请，联网后会自动上报，无需再次办理。")
                          : tr("暂时连不上省政务服务平台，以上是本机最后掌握的情况；办理进度请稍后再查。"));
            setLabelText(result_, lines.join(QLatin1Char('\n')));
        });
}

QStringList ProgressScreen::caseLines(const app::CaseInfo &c) const
{
    QStringList lines;
    lines << tr("办件编号：%1").arg(c.caseNo);
    lines << tr("事项：%1").arg(itemName(context(), c.itemCode));
    lines << tr("当前状态：%1").arg(statusName(c.status));
    if (c.promisedDate.isValid())
        lines << tr("承诺办结日期：%1").arg(c.promisedDate.toString(Qt::ISODate));
    if (c.paymentStatus == QLatin1String("due") && c.amountDueFen > 0)
        lines << tr("待缴费用：%1 元（可通过粤省事或到窗口缴费）").arg(app::formatYuan(c.amountDueFen));
    else if (c.paymentStatus == QLatin1String("paid"))
        lines << tr("费用：已缴清");
    return lines;
}

void ProgressScreen::showSummary(const app::CaseInfo &c)
{
    // The list came with the 粤省事 check: what it says is shown as it is; the timeline is looked up by number and
    // the receipt's query code, which the citizen may type now.
    QStringList lines = caseLines(c);
    lines << tr("查看办理过程：请输入回执上的8位查询码后按查询。");
    number_->setText(c.caseNo);
    setLabelText(result_, lines.join(QLatin1Char('\n')));
}

void ProgressScreen::showCase(const app::CaseInfo &c, const QString &queryCode)
{
    if (auto *v = app::VisitState::of(context().session))
        v->setRatingTarget({c.caseNo, c.localNo, c.itemCode, queryCode});
    QStringList lines = caseLines(c);
    lines << QString() << tr("办理过程：");
    for (const app::CaseEvent &e : c.timeline) {
        lines << QStringLiteral("%1  %2%3")
                     .arg(app::kioskLocalTime(e.at).toString(QStringLiteral("yyyy-MM-dd HH:mm")), statusName(e.status),
                          e.note.isEmpty() ? QString() : QStringLiteral("：") + e.note);
    }
    setLabelText(result_, lines.join(QLatin1Char('\n')));
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
    return tr("请把回执上的二维码对准扫码口，或输入受理编号和查询码后按查询。");
}

void ProgressScreen::retranslateUi()
{
    title_->setText(title());
    intro_->setText(tr("请扫描回执上的二维码，或输入回执上的受理编号 / 办件编号和8位查询码。"));
    number_->setPlaceholderText(tr("受理编号，例如 GD-XXXX-20260101-000001"));
    number_->setAccessibleName(tr("受理编号"));
    code_->setPlaceholderText(tr("查询码（回执上的8位数字）"));
    code_->setAccessibleName(tr("查询码"));
    search_->setText(tr("查询"));
    search_->setAccessibleName(search_->text());
    byQr_->setText(tr("用粤省事码查询我的办件"));
    byQr_->setAccessibleName(byQr_->text());
    byQr_->setEnabled(qrPossible());
    qrNote_->setText(qrPossible() ? tr("出示粤省事码，可列出您名下的全部办件。")
                                  : tr("按粤省事码查询需要联网核验，本机暂时连不上省政务服务平台；"
                                       "请用回执上的受理编号或二维码查询。"));
}

} // namespace kiosk::ui
