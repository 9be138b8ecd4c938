// Paying the case's fees at the kiosk (统一公共支付平台) after acknowledgement: each fee with its amount, the total, a
// large QR code of the platform's pay_url with a countdown to the order's expiry and its live status, or the
// citizen's own payment code shown to the QR scanner; "pay later" is always there and as large. The screen shows and
// wires; PaymentService decides (one order per case, resumed, never doubled). Leaving it (finish, idle wipe) ends
// the screen, not the order, which is resolved in the background.
#pragma once

#include <QDateTime>
#include <QString>

#include "app/catalogue/service_item.h"
#include "app/payments/payment_order.h"
#include "ui/screens/screen.h"

class QGridLayout;
class QHBoxLayout;
class QLabel;
class QPushButton;
class QTimer;

namespace kiosk::app {
class PaymentService;
}

namespace kiosk::ui {

class PaymentScreen : public Screen
{
    Q_OBJECT
public:
    explicit PaymentScreen(const ScreenContext &ctx, QWidget *parent = nullptr);
    ~PaymentScreen() override;
    QString title() const override;
    QString voicePrompt() const override;
    void applyMetrics(const ThemeMetrics &metrics, bool landscape) override;
    QString statusText() const;
    app::PaymentOrder order() const { return order_; }

protected:
    void retranslateUi() override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void onOrder(const app::PaymentOrder &order);
    void onRefused(const QString &caseNo, const QString &detail, bool alreadyPaid);
    void onPayerCode(QByteArray &code);
    void updateCountdown();
    void updateQr();
    int qrSideFor(const QSize &size) const;
    void placeWidgets(bool landscape);
    void printPaidReceipt();
    void printInvoice();
    QString feeLines() const;

    app::PaymentService *payments_ = nullptr;
    app::PaymentRequest request_;
    app::PaymentOrder order_;
    QList<app::ItemFee> feeList_;
    QString refusal_;
    bool alreadyPaid_ = false;
    bool printedPaid_ = false;
    bool spokeAmount_ = false;
    QLabel *title_;
    QLabel *fees_;
    QLabel *total_;
    QLabel *qr_;
    QLabel *qrHint_;
    QLabel *countdown_;
    QLabel *status_;
    QPushButton *newOrder_;
    QPushButton *payLater_;
    QPushButton *finish_;
    QPushButton *invoice_;
    QLabel *invoiceStatus_;
    quint64 invoiceTicket_ = 0;
    QTimer *clock_;
    int qrSide_ = 420;
    bool landscape_ = false;
    QGridLayout *grid_ = nullptr;
    QHBoxLayout *row_ = nullptr;
};

} // namespace kiosk::ui
