// Names of the payment states and methods, and amounts in yuan.
#include "app/payments/payment_order.h"

namespace kiosk::app {

QString toString(PaymentState state)
{
    switch (state) {
    case PaymentState::Creating: return QStringLiteral("creating");
    case PaymentState::Pending: return QStringLiteral("pending");
    case PaymentState::Cancelling: return QStringLiteral("cancelling");
    case PaymentState::Paid: return QStringLiteral("paid");
    case PaymentState::Failed: return QStringLiteral("failed");
    case PaymentState::Expired: return QStringLiteral("expired");
    case PaymentState::Cancelled: return QStringLiteral("cancelled");
    case PaymentState::Rejected: return QStringLiteral("rejected");
    }
    return QStringLiteral("creating");
}

std::optional<PaymentState> paymentStateFromString(const QString &text)
{
    for (PaymentState s :
         {PaymentState::Creating, PaymentState::Pending, PaymentState::Cancelling, PaymentState::Paid,
          PaymentState::Failed, PaymentState::Expired, PaymentState::Cancelled, PaymentState::Rejected}) {
        if (toString(s) == text)
            return s;
    }
    return std::nullopt;
}

bool isFinal(PaymentState state)
{
    return state != PaymentState::Creating && state != PaymentState::Pending && state != PaymentState::Cancelling;
}

bool blocksNewOrder(PaymentState state)
{
    return !isFinal(state) || state == PaymentState::Paid;
}

QString toString(PaymentMethod method)
{
    return method == PaymentMethod::Qr ? QStringLiteral("qr") : QStringLiteral("payer_code");
}

QString formatYuan(qint64 fen)
{
    const bool negative = fen < 0;
    const qint64 a = negative ? -fen : fen;
    return QStringLiteral("%1%2.%3")
        .arg(negative ? QStringLiteral("-") : QString())
        .arg(a / 100)
        .arg(int(a % 100), 2, 10, QLatin1Char('0'));
}

} // namespace kiosk::app
