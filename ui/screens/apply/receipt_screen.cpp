// The receipt screen.
#include "ui/screens/apply/receipt_screen.h"

#include <QLabel>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

#include "app/application/peripherals.h"
#include "app/application/submission_service.h"
#include "app/application/visit_state.h"
#include "app/receipts/receipt.h"
#include "app/session/kiosk_session.h"
#include "ui/widgets/a4_print_panel.h"
#include "ui/widgets/device_guide.h"
#include "ui/widgets/kiosk_icon.h"

namespace kiosk::ui {

ReceiptScreen::ReceiptScreen(const ScreenContext &ctx, QWidget *parent) : Screen(QStringLiteral("receipt"), ctx, parent)
{
    auto *lay = new QVBoxLayout(this);
    lay->setContentsMargins(48, 48, 48, 32);
    lay->setSpacing(20);
    title_ = makeTitleLabel();
    number_ = makeBodyLabel();
    number_->setObjectName(QStringLiteral("receiptNumber"));
    number_->setProperty("role", QStringLiteral("receiptNumber"));
    number_->setWordWrap(false); // a receipt number must never break at its hyphens
    number_->setTextInteractionFlags(Qt::NoTextInteraction);
    details_ = makeBodyLabel();
    status_ = makeBodyLabel();
    status_->setObjectName(QStringLiteral("receiptStatus"));
    status_->setProperty("role", QStringLiteral("status"));
    reprint_ = makeButton("reprintReceipt", QStringLiteral("secondary"));
    rate_ = makeButton("rateService");
    finish_ = makeButton("finishVisit", QStringLiteral("secondary"));
    setButtonIcon(reprint_, QStringLiteral("print"));
    setButtonIcon(rate_, QStringLiteral("rate"));
    setButtonIcon(finish_, QStringLiteral("confirm"));
    connect(reprint_, &QPushButton::clicked, this, &ReceiptScreen::print);
    connect(rate_, &QPushButton::clicked, this, [this] { context().session->navigate(QStringLiteral("rate")); });
    connect(finish_, &QPushButton::clicked, this, [this] { context().session->finish(); });
    lay->addWidget(title_);
    lay->addWidget(number_);
    lay->addWidget(details_);
    lay->addWidget(status_);
    // Where the receipt comes out (and the A4 sheet), from the kiosk's configured layout.
    slotGuide_ = new DeviceGuide(QStringLiteral("receipt_printer"), ctx.devicePlaces, this);
    lay->addWidget(slotGuide_);
    lay->addWidget(reprint_);
    auto *notice = new A4PrintPanel(ctx.services.a4, "printAcceptanceNotice", QStringLiteral("kiosk notice"), this);
    notice->setSheet([this] {
        app::VisitState *v = app::VisitState::of(context().session);
        return v && v->receipt() ? app::ReceiptText::a4Html(*v->receipt()) : QString();
    });
    notice->setLabel([this] { return tr("另打印A4受理回执"); });
    lay->addWidget(notice); // optional, for citizens who want a sheet to file
    lay->addSpacing(24);
    lay->addWidget(rate_);
    lay->addWidget(finish_);
    lay->addStretch(1);
    if (app::ReceiptService *rs = ctx.services.receipts) {
        connect(rs, &app::ReceiptService::printed, this, [this](quint64 job, app::ReceiptProblem p) {
            if (job != job_)
                return;
            problemCode_ = int(p);
            state_ = p == app::ReceiptProblem::None ? PrintState::Printed : PrintState::Failed;
            updateStatus();
        });
    }
    // When the platform answers quickly, the receipt carries its case number; otherwise it says "queued".
    app::VisitState *v = app::VisitState::of(ctx.session);
    if (v && v->receipt() && ctx.services.submissions && ctx.services.ackWaitMs > 0) {
        waitingForAck_ = true;
        connect(ctx.services.submissions, &app::SubmissionService::acknowledged, this,
                [this](const QString &localNo, const QString &caseNo) {
                    app::VisitState *vs = app::VisitState::of(context().session);
                    if (!vs || !vs->receipt() || vs->receipt()->localNo != localNo)
                        return;
                    app::ReceiptData r = *vs->receipt();
                    r.caseNo = caseNo;
                    r.queued = false;
                    vs->setReceipt(r);
                    if (waitingForAck_) {
                        waitingForAck_ = false;
                        print();
                    }
                    retranslateUi();
                    offerPayment();
                });
        QTimer::singleShot(ctx.services.ackWaitMs, this, [this] {
            if (waitingForAck_) {
                waitingForAck_ = false;
                print();
            }
        });
    } else {
        QTimer::singleShot(0, this, &ReceiptScreen::print);
    }
    finishSetup();
    offerPayment();
}

// Acknowledged with a case number, for an item whose fees are paid at the kiosk: the payment screen, once. The
// receipt is printing meanwhile; nothing else of the journey waits on payment.
void ReceiptScreen::offerPayment()
{
    app::VisitState *v = app::VisitState::of(context().session);
    if (offeredPayment_ || !context().services.payments || !v || !v->receipt())
        return;
    const app::ReceiptData &r = *v->receipt();
    if (r.caseNo.isEmpty() || !r.feePayableAtKiosk || r.feeDueFen <= 0)
        return;
    offeredPayment_ = true;
    QTimer::singleShot(0, this, [this] { context().session->navigate(QStringLiteral("pay")); });
}

void ReceiptScreen::print()
{
    app::VisitState *v = app::VisitState::of(context().session);
    if (!v || !v->receipt())
        return;
    app::ReceiptService *rs = context().services.receipts;
    if (!rs) {
        state_ = PrintState::NoPrinter;
        updateStatus();
        return;
    }
    state_ = PrintState::Printing;
    job_ = rs->print(*v->receipt());
    updateStatus();
}

QString ReceiptScreen::statusText() const
{
    return status_->text();
}

void ReceiptScreen::updateStatus()
{
    app::VisitState *v = app::VisitState::of(context().session);
    const QString no = v && v->receipt() ? v->receipt()->localNo : QString();
    reprint_->setVisible(state_ == PrintState::Failed || state_ == PrintState::Printed);
    reprint_->setText(state_ == PrintState::Failed ? tr("重新打印回执") : tr("再打印一份"));
    reprint_->setAccessibleName(reprint_->text());
    switch (state_) {
    case PrintState::Waiting: status_->setText(tr("正在准备回执……")); break;
    case PrintState::Printing: status_->setText(tr("正在打印回执，请稍候……")); break;
    case PrintState::Printed: status_->setText(tr("回执已打印，请从出纸口取走。")); break;
    case PrintState::NoPrinter: status_->setText(tr("本机不能打印回执。请记下上面的受理编号，凭编号查询进度。")); break;
    case PrintState::Failed: {
        QString why;
        switch (app::ReceiptProblem(problemCode_)) {
        case app::ReceiptProblem::PaperOut: why = tr("打印机缺纸"); break;
        case app::ReceiptProblem::CoverOpen: why = tr("打印机盖未关好"); break;
        case app::ReceiptProblem::NoPrinter: why = tr("打印机未连接"); break;
        default: why = tr("打印机故障"); break;
        }
        status_->setText(tr("回执没有打印出来（%1）。您的申请已经受理，请记下受理编号 %2，"
                            "可请工作人员处理后重新打印。")
                             .arg(why, no));
        break;
    }
    }
}

QString ReceiptScreen::title() const
{
    return tr("申请已受理");
}

QString ReceiptScreen::voicePrompt() const
{
    // The number is read out one character at a time (a speech engine reads "000042" as a number, not as digits).
    app::VisitState *v = app::VisitState::of(context().session);
    const QString no = !v || !v->receipt()              ? QString()
                       : v->receipt()->caseNo.isEmpty() ? v->receipt()->localNo
                                                        : v->receipt()->caseNo;
    if (no.isEmpty())
        return tr("您的申请已经受理，请取走回执。您可以为本次服务评价。");
    QStringList spoken;
    for (const QChar c : no)
        if (c.isLetterOrNumber())
            spoken << QString(c);
    return tr("您的申请已经受理，编号是 %1。请取走回执，编号印在回执上。您可以为本次服务评价。")
        .arg(spoken.join(QLatin1Char(' ')));
}

void ReceiptScreen::retranslateUi()
{
    title_->setText(title());
    app::VisitState *v = app::VisitState::of(context().session);
    if (v && v->receipt()) {
        const app::ReceiptData &r = *v->receipt();
        number_->setText(r.localNo);
        number_->setAccessibleName(tr("受理编号 %1").arg(r.localNo));
        QStringList lines;
        lines << tr("事项：%1").arg(r.itemName);
        if (!r.caseNo.isEmpty())
            lines << tr("办件编号：%1").arg(r.caseNo);
        if (r.promisedDate.isValid())
            lines << tr("预计办结：%1 前").arg(r.promisedDate.toString(Qt::ISODate));
        lines << (r.queued ? tr("您的申请已加密保存在本机，联网后自动上报省政务服务平台，无需再次办理。")
                           : tr("已上报省政务服务平台。"));
        if (!r.toleratedMaterials.isEmpty())
            lines << tr("请在办结前补交：%1").arg(r.toleratedMaterials.join(tr("、")));
        lines << app::receiptFeeLines(r); // paid, or how to pay later (the query code comes with the receipt)
        details_->setText(lines.join(QLatin1Char('\n')));
    }
    slotGuide_->setAccessibleName(tr("示意图：回执从%1的出纸口出来").arg(DeviceGuide::placeWords(slotGuide_->place())));
    rate_->setText(tr("评价本次服务"));
    rate_->setAccessibleName(rate_->text());
    finish_->setText(tr("完成，退出"));
    finish_->setAccessibleName(finish_->text());
    updateStatus();
}

} // namespace kiosk::ui
