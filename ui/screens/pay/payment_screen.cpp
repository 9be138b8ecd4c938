// The payment screen.
#include "ui/screens/pay/payment_screen.h"

#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QResizeEvent>
#include <QTimer>
#include <QVBoxLayout>

#include "app/application/peripherals.h"
#include "app/application/visit_state.h"
#include "app/catalogue/catalogue.h"
#include "app/catalogue/catalogue_service.h"
#include "app/payments/payment_qr.h"
#include "app/payments/payment_service.h"
#include "app/receipts/receipt.h"
#include "app/session/kiosk_session.h"

#include <string.h>

namespace kiosk::ui {

namespace {

QString yuanText(qint64 fen)
{
    return QCoreApplication::translate("kiosk::ui::PaymentScreen", "%1 元").arg(app::formatYuan(fen));
}

} // namespace

PaymentScreen::PaymentScreen(const ScreenContext &ctx, QWidget *parent)
    : Screen(QStringLiteral("pay"), ctx, parent), payments_(ctx.services.payments)
{
    auto *lay = new QVBoxLayout(this);
    lay->setContentsMargins(48, 40, 48, 32);
    lay->setSpacing(16);
    title_ = makeTitleLabel();
    fees_ = makeBodyLabel();
    fees_->setObjectName(QStringLiteral("paymentFees"));
    fees_->setTextFormat(Qt::PlainText); // fee names come from the platform's catalogue
    total_ = makeBodyLabel();
    total_->setObjectName(QStringLiteral("paymentTotal"));
    total_->setProperty("role", QStringLiteral("receiptNumber"));
    total_->setTextFormat(Qt::PlainText);
    qr_ = new QLabel(this);
    qr_->setObjectName(QStringLiteral("paymentQr"));
    qr_->setAlignment(Qt::AlignCenter);
    qrHint_ = makeBodyLabel();
    qrHint_->setAlignment(Qt::AlignCenter);
    countdown_ = makeStatusLabel("paymentCountdown");
    countdown_->setAlignment(Qt::AlignCenter);
    status_ = makeStatusLabel("paymentStatus");
    status_->setTextFormat(Qt::PlainText); // may carry the platform's reason
    newOrder_ = makeButton("paymentNewOrder");
    payLater_ = makeButton("paymentPayLater", QStringLiteral("secondary"));
    finish_ = makeButton("paymentFinish");
    invoice_ = makeButton("paymentInvoice", QStringLiteral("secondary"));
    invoiceStatus_ = makeStatusLabel("paymentInvoiceStatus");
    row_ = new QHBoxLayout;
    row_->setSpacing(24);
    row_->addWidget(newOrder_, 1); // the two choices are the same size: paying later is as easy as paying now
    row_->addWidget(payLater_, 1);
    row_->addWidget(finish_, 1);
    lay->addWidget(title_);
    grid_ = new QGridLayout;
    grid_->setHorizontalSpacing(32);
    grid_->setVerticalSpacing(16);
    lay->addLayout(grid_);
    lay->addStretch(1);
    placeWidgets(false); // the choices go at the bottom in portrait, beside the QR code in landscape

    clock_ = new QTimer(this);
    clock_->setInterval(1000);
    connect(clock_, &QTimer::timeout, this, &PaymentScreen::updateCountdown);
    clock_->start();

    app::VisitState *v = app::VisitState::of(ctx.session);
    if (v && v->receipt()) {
        // One order pays every fee of the item as the catalogue lists them now (platform-api.md).
        const QString code = v->receipt()->itemCode;
        std::shared_ptr<const app::Catalogue> catalogue = ctx.catalogue ? ctx.catalogue->catalogue() : nullptr;
        const app::ServiceItem *item = catalogue ? catalogue->item(code) : nullptr;
        if (!item && v->draft().item().code == code)
            item = &v->draft().item();
        request_.caseNo = v->receipt()->caseNo;
        request_.itemCode = code;
        if (item && item->paysAtKiosk()) {
            feeList_ = item->fees;
            for (const app::ItemFee &f : item->fees)
                request_.feeCodes << f.code;
            request_.amountFen = item->totalFeeFen();
        }
    }
    connect(newOrder_, &QPushButton::clicked, this, [this] {
        refusal_.clear();
        order_ = {};
        printedPaid_ = false;
        if (payments_)
            payments_->newOrder(request_);
        retranslateUi();
    });
    connect(payLater_, &QPushButton::clicked, this, [this] {
        // The open order is cancelled in the background (a paid one stays paid); the receipt says how to pay later.
        if (payments_ && order_.isValid() && !app::isFinal(order_.state))
            payments_->cancelOrder(order_.id);
        context().session->finish();
    });
    connect(finish_, &QPushButton::clicked, this, [this] { context().session->finish(); });
    connect(invoice_, &QPushButton::clicked, this, &PaymentScreen::printInvoice);
    if (payments_ && !request_.caseNo.isEmpty()) {
        connect(payments_, &app::PaymentService::orderUpdated, this, &PaymentScreen::onOrder);
        connect(payments_, &app::PaymentService::orderRefused, this, &PaymentScreen::onRefused);
        payments_->openOrder(request_);
    }
    if (app::CodeInput *codes = ctx.services.codes) {
        codes->listenForPayerCode(this);
        connect(codes, &app::CodeInput::payerCode, this, &PaymentScreen::onPayerCode);
        connect(codes, &app::CodeInput::rejected, this,
                [this] { status_->setText(tr("这不是付款码。请打开微信、支付宝或云闪付的“付款码”，对准扫码口。")); });
    }
    if (app::DocumentPrintService *a4 = ctx.services.a4) {
        connect(a4, &app::DocumentPrintService::finished, this, [this](quint64 ticket, app::A4Problem p) {
            if (ticket != invoiceTicket_)
                return;
            invoiceStatus_->setText(p == app::A4Problem::None ? tr("电子票据已打印，请从A4出纸口取走。")
                                                              : tr("电子票据没有打印出来，可稍后在粤省事查看。"));
        });
    }
    finishSetup();
}

PaymentScreen::~PaymentScreen()
{
    // The screen goes (finish, idle wipe); the order stays and is resolved in the background.
    if (payments_ && order_.isValid())
        payments_->unwatch(order_.id);
    if (app::CodeInput *codes = context().services.codes)
        codes->stop(this);
}

void PaymentScreen::onOrder(const app::PaymentOrder &order)
{
    if (order.caseNo != request_.caseNo)
        return;
    if (order_.isValid() && order.id != order_.id && app::isFinal(order.state) && !app::isFinal(order_.state))
        return; // an older order of the case ending in the background: the one shown is newer
    order_ = order;
    if (order_.state == app::PaymentState::Paid)
        printPaidReceipt();
    if (!spokeAmount_ && context().session->careMode() && order_.state == app::PaymentState::Pending) {
        spokeAmount_ = true;
        emit speak(tr("本次应缴费用共 %1 元。请用手机扫描屏幕上的二维码付款，或出示付款码。")
                       .arg(app::formatYuan(request_.amountFen)));
    }
    retranslateUi();
}

void PaymentScreen::onRefused(const QString &caseNo, const QString &detail, bool alreadyPaid)
{
    if (caseNo != request_.caseNo)
        return;
    refusal_ = detail;
    alreadyPaid_ = alreadyPaid;
    retranslateUi();
}

void PaymentScreen::onPayerCode(QByteArray &code)
{
    QByteArray mine = code;
    explicit_bzero(code.data(), size_t(code.size()));
    if (!payments_ || request_.caseNo.isEmpty() || order_.state == app::PaymentState::Paid) {
        explicit_bzero(mine.data(), size_t(mine.size()));
        return;
    }
    status_->setText(tr("正在用付款码支付，请稍候……"));
    payments_->payWithCode(request_, std::move(mine)); // wiped there after its one send
}

void PaymentScreen::printPaidReceipt()
{
    if (printedPaid_)
        return;
    printedPaid_ = true;
    app::VisitState *v = app::VisitState::of(context().session);
    if (!v || !v->receipt())
        return;
    app::ReceiptData r = *v->receipt();
    r.paidFen = order_.amountFen;
    r.paidAt = order_.paidAt;
    r.invoiceNo = order_.invoiceNo;
    v->setReceipt(r);
    if (app::ReceiptService *rs = context().services.receipts)
        rs->print(r);
    emit speak(tr("缴费成功，已缴 %1 元。请取走缴费回执。").arg(app::formatYuan(order_.amountFen)));
}

void PaymentScreen::printInvoice()
{
    app::DocumentPrintService *a4 = context().services.a4;
    if (!payments_ || !a4 || order_.state != app::PaymentState::Paid)
        return;
    invoiceStatus_->setText(tr("正在获取电子票据……"));
    payments_->fetchInvoice(order_.id, this, [this, a4](const QByteArray &pdf, const QString &error) {
        if (pdf.isEmpty()) {
            Q_UNUSED(error);
            invoiceStatus_->setText(tr("暂时取不到电子票据，可稍后在粤省事查看。"));
            return;
        }
        invoiceTicket_ = a4->printPdf(pdf, QStringLiteral("kiosk e-invoice"));
        invoiceStatus_->setText(tr("正在打印电子票据……"));
    });
}

void PaymentScreen::updateCountdown()
{
    if (order_.state != app::PaymentState::Pending || !order_.expiresAt.isValid()) {
        countdown_->clear();
        return;
    }
    const qint64 left = qMax<qint64>(0, QDateTime::currentDateTimeUtc().secsTo(order_.expiresAt));
    countdown_->setText(
        left > 0 ? tr("请在 %1 分 %2 秒内完成支付").arg(left / 60).arg(int(left % 60), 2, 10, QLatin1Char('0'))
                 : tr("订单即将过期，正在确认支付结果……"));
    // Care mode waits longer: while an order is open the visit is kept until the order's expiry, so an elderly
    // citizen paying on the phone is not timed out (standard mode keeps the usual idle timeout).
    if (context().session->careMode() && left > 0 && left % 20 == 0)
        context().session->noteActivity();
}

void PaymentScreen::updateQr()
{
    const bool show = order_.state == app::PaymentState::Pending && order_.method == app::PaymentMethod::Qr &&
                      !order_.payUrl.isEmpty();
    if (!show) {
        qr_->clear();
        qr_->setFixedSize(0, 0);
        qr_->setAccessibleName(QString());
        return;
    }
    const QImage image = app::paymentQrImage(order_.payUrl, qrSide_);
    qr_->setPixmap(QPixmap::fromImage(image));
    qr_->setFixedSize(qrSide_, qrSide_);
    qr_->setAccessibleName(tr("支付二维码，金额 %1").arg(yuanText(order_.amountFen)));
}

// Portrait: the QR code is 62 % of the panel's width in care mode (at least 60 %), otherwise a comfortable 45 %, and
// never more than half the panel's height. Landscape (beside the text): within half the width and the height's share.
int PaymentScreen::qrSideFor(const QSize &size) const
{
    const bool care = context().session && context().session->careMode();
    if (landscape_) // beside the text: half the width at most, and within the panel's height
        return qMax(120, qMin(size.width() / 2 - 48, int(window()->height() * (care ? 0.38 : 0.45))));
    return qMax(120, qMin(int(size.width() * (care ? 0.62 : 0.45)), window()->height() / 2));
}

// Portrait: one column, the QR code under the total. Landscape: the QR code to the right of the fees and the status,
// so everything (and "pay later") stays on the screen without scrolling.
void PaymentScreen::placeWidgets(bool landscape)
{
    landscape_ = landscape;
    const QList<QWidget *> column{fees_, total_, qrHint_, countdown_, status_, invoice_, invoiceStatus_};
    for (QWidget *w : column)
        grid_->removeWidget(w);
    grid_->removeWidget(qr_);
    auto *main = static_cast<QVBoxLayout *>(layout());
    main->removeItem(row_);
    grid_->removeItem(row_);
    int r = 0;
    for (QWidget *w : column) {
        if (!landscape && w == qrHint_)
            grid_->addWidget(qr_, r++, 0, Qt::AlignHCenter);
        grid_->addWidget(w, r++, 0);
    }
    if (landscape) {
        // The QR code and the choices on the right, the fees and the status on the left.
        grid_->addWidget(qr_, 0, 1, 3, 1, Qt::AlignCenter); // beside the fees, the total and the hint
        grid_->addLayout(row_, 3, 1, 2, 1);                 // beside the countdown and the status
    } else {
        main->addLayout(row_);
    }
    grid_->setColumnStretch(0, 1);
    grid_->setColumnStretch(1, landscape ? 1 : 0);
}

void PaymentScreen::applyMetrics(const ThemeMetrics &metrics, bool landscape)
{
    Screen::applyMetrics(metrics, landscape);
    if (landscape != landscape_)
        placeWidgets(landscape);
    if (width() > 0 && height() > 0) {
        qrSide_ = qrSideFor(size());
        updateQr();
    }
}

void PaymentScreen::resizeEvent(QResizeEvent *event)
{
    Screen::resizeEvent(event);
    const int side = qrSideFor(event->size());
    if (side != qrSide_) {
        qrSide_ = side;
        updateQr();
    }
}

QString PaymentScreen::feeLines() const
{
    QStringList lines;
    for (const app::ItemFee &f : feeList_)
        lines << QStringLiteral("%1    %2").arg(f.name.in(language()), yuanText(f.amountFen));
    return lines.join(QLatin1Char('\n'));
}

QString PaymentScreen::statusText() const
{
    return status_->text();
}

QString PaymentScreen::title() const
{
    return tr("缴纳费用");
}

QString PaymentScreen::voicePrompt() const
{
    return tr("您的申请已受理。本事项需缴费，可扫码支付、出示付款码，或稍后缴费。");
}

void PaymentScreen::retranslateUi()
{
    title_->setText(title());
    fees_->setText(feeLines());
    total_->setText(tr("合计：%1").arg(yuanText(request_.amountFen)));
    total_->setAccessibleName(total_->text());
    qrHint_->setText(tr("请用微信、支付宝、云闪付或粤省事扫码支付；也可出示付款码，对准扫码口。"));
    const app::PaymentState st = order_.state;
    const bool paid = order_.isValid() && st == app::PaymentState::Paid;
    const bool ended = order_.isValid() && (st == app::PaymentState::Expired || st == app::PaymentState::Failed ||
                                            st == app::PaymentState::Cancelled || st == app::PaymentState::Rejected);
    QString text;
    if (!payments_ || request_.caseNo.isEmpty())
        text = tr("本机暂不能缴费。请稍后通过粤省事或到窗口缴费。");
    else if (alreadyPaid_)
        text = tr("本件费用已缴清，无需再缴。");
    else if (!refusal_.isEmpty() && !order_.isValid())
        text = tr("暂时不能生成缴费订单。您可以重试，或稍后通过粤省事或到窗口缴费。");
    else if (!order_.isValid() || st == app::PaymentState::Creating)
        text = tr("正在生成缴费订单，请稍候……");
    else if (paid)
        text = order_.invoiceNo.isEmpty() ? tr("缴费成功：%1。缴费回执正在打印。").arg(yuanText(order_.amountFen))
                                          : tr("缴费成功：%1，财政电子票据号 %2。缴费回执正在打印。")
                                                .arg(yuanText(order_.amountFen), order_.invoiceNo);
    else if (st == app::PaymentState::Expired)
        text = tr("订单已过期，未扣款。需要时可重新生成订单。");
    else if (st == app::PaymentState::Failed)
        text = tr("支付没有成功，未扣款。您可以重新生成订单再试。");
    else if (st == app::PaymentState::Cancelled || st == app::PaymentState::Rejected)
        text = tr("订单已取消，未扣款。需要时可重新生成订单。");
    else if (st == app::PaymentState::Cancelling)
        text = tr("正在确认订单状态，请稍候……");
    else
        text = tr("等待支付……支付完成后本页自动更新。");
    status_->setText(text);
    status_->setAccessibleName(text);
    qrHint_->setVisible(st == app::PaymentState::Pending && order_.method == app::PaymentMethod::Qr);
    newOrder_->setText(tr("重新生成订单"));
    newOrder_->setAccessibleName(newOrder_->text());
    newOrder_->setVisible(ended || (!refusal_.isEmpty() && !alreadyPaid_ && !order_.isValid()));
    payLater_->setText(tr("稍后缴费"));
    payLater_->setAccessibleName(payLater_->text());
    payLater_->setVisible(!paid && !alreadyPaid_);
    finish_->setText(tr("完成，退出"));
    finish_->setAccessibleName(finish_->text());
    finish_->setVisible(paid || alreadyPaid_);
    invoice_->setText(tr("打印财政电子票据（A4）"));
    invoice_->setAccessibleName(invoice_->text());
    invoice_->setVisible(paid && context().services.a4 && context().services.a4->available());
    invoiceStatus_->setVisible(invoice_->isVisible() && !invoiceStatus_->text().isEmpty());
    updateQr();
    updateCountdown();
}

} // namespace kiosk::ui
