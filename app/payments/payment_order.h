// A payment order as the kiosk keeps it (platform-api.md "Payments"): the Idempotency-Key made before the request is
// sent, the case and fees it pays, the platform's answer, and the state. No payer data: the payer's one-time code
// is never part of it.
#pragma once

#include <QDateTime>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

namespace kiosk::app {

enum class PaymentState {
    Creating,   // the key is stored; the platform's answer to the create is not known yet (sent or not)
    Pending,    // the platform holds the order; the payer has not paid yet
    Cancelling, // a cancel was asked for (to pay another way, or "pay later"); its answer is not known yet
    Paid,       // final: the kiosk's record of a paid order never changes again
    Failed,     // final
    Expired,    // final
    Cancelled,  // final
    Rejected,   // final: the platform refused the create (404/409/422...): the order never existed there
};

// creating | pending | cancelling | paid | failed | expired | cancelled | rejected
QString toString(PaymentState state);
std::optional<PaymentState> paymentStateFromString(const QString &text);
bool isFinal(PaymentState state);
// While an order of a case is in one of these states the kiosk makes no other order for that case: it resumes it.
bool blocksNewOrder(PaymentState state);

enum class PaymentMethod { Qr, PayerCode };
QString toString(PaymentMethod method); // qr | payer_code

// What one order pays: every fee of the case's item, as the catalogue lists them now.
struct PaymentRequest {
    QString caseNo;
    QString itemCode;
    QStringList feeCodes;
    qint64 amountFen = 0;
};

struct PaymentOrder {
    QString id; // UUID v4 = Idempotency-Key, made before the first send
    QString caseNo;
    QString itemCode;
    QStringList feeCodes;
    qint64 amountFen = 0;
    PaymentMethod method = PaymentMethod::Qr;
    PaymentState state = PaymentState::Creating;
    QString paymentId; // the platform's, once known
    QString payUrl;    // method qr: what the QR code shows (checked https)
    QDateTime expiresAt;
    QDateTime paidAt;
    QString invoiceNo; // 财政电子票据 number, once paid
    int pollAfterS = 5;
    QString detail; // the platform's or the kiosk's reason (English, no personal data)
    QDateTime createdAt;
    QDateTime updatedAt;
    int attempts = 0; // requests sent for this order that got no usable answer

    bool isValid() const { return !id.isEmpty(); }
};

// 7500 -> "75.00" (yuan with two decimals; no floating point).
QString formatYuan(qint64 fen);

} // namespace kiosk::app

Q_DECLARE_METATYPE(kiosk::app::PaymentOrder)
