// `kioskctl payments list|status ID`: the kiosk's payment orders for technicians (order id, case number, amount,
// state, the platform's id and invoice number). No payer data exists to show: the payer's code is never stored.
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>

#include "app/config/kiosk_config.h"
#include "app/kioskctl/command.h"
#include "app/payments/payment_ledger.h"

namespace kiosk::ctl {

namespace {

int fail(const Invocation &inv, const QString &message, int code = 1)
{
    return failWith(inv, QStringLiteral("payments"), message, code);
}

QString databasePath(const Invocation &inv)
{
    const app::KioskConfig config = app::KioskConfig::load(configPathOf(inv));
    return QDir(config.effectiveDataDir()).filePath(QStringLiteral("payments.sqlite"));
}

QJsonObject toJson(const app::PaymentOrder &o)
{
    auto time = [](const QDateTime &t) { return t.isValid() ? t.toUTC().toString(Qt::ISODate) : QString(); };
    return {{QStringLiteral("id"), o.id},
            {QStringLiteral("case_no"), o.caseNo},
            {QStringLiteral("item_code"), o.itemCode},
            {QStringLiteral("fee_codes"), QJsonArray::fromStringList(o.feeCodes)},
            {QStringLiteral("amount_fen"), o.amountFen},
            {QStringLiteral("method"), app::toString(o.method)},
            {QStringLiteral("state"), app::toString(o.state)},
            {QStringLiteral("payment_id"), o.paymentId},
            {QStringLiteral("expires_at"), time(o.expiresAt)},
            {QStringLiteral("paid_at"), time(o.paidAt)},
            {QStringLiteral("invoice_no"), o.invoiceNo},
            {QStringLiteral("detail"), o.detail},
            {QStringLiteral("created_at"), time(o.createdAt)},
            {QStringLiteral("updated_at"), time(o.updatedAt)}};
}

// The orders database of this kiosk; a missing file is reported, never created from here (it would belong to root).
std::unique_ptr<app::PaymentLedger> openLedger(const Invocation &inv, bool *absent, QString *error)
{
    const QString path = databasePath(inv);
    *absent = !QFileInfo::exists(path);
    if (*absent)
        return nullptr;
    auto ledger = app::PaymentLedger::open({path, {}}, error);
    if (!ledger)
        *error = QStringLiteral("%1: %2").arg(path, *error);
    return ledger;
}

int paymentsList(const Invocation &inv)
{
    if (!inv.args.isEmpty())
        return fail(inv, QStringLiteral("unknown option '%1'").arg(inv.args.first()), 2);
    bool absent = false;
    QString error;
    auto ledger = openLedger(inv, &absent, &error);
    if (!absent && !ledger)
        return fail(inv, error);
    const QList<app::PaymentOrder> orders = ledger ? ledger->orders(1000) : QList<app::PaymentOrder>();
    if (inv.json) {
        QJsonArray list;
        for (const app::PaymentOrder &o : orders)
            list.append(toJson(o));
        printJson({{QStringLiteral("payments"), list}});
        return 0;
    }
    if (orders.isEmpty()) {
        out(QStringLiteral("no payment orders"));
        return 0;
    }
    for (const app::PaymentOrder &o : orders)
        out(QStringLiteral("%1  %2  %3 yuan  %4  %5")
                .arg(o.id, o.caseNo, app::formatYuan(o.amountFen), app::toString(o.state),
                     o.createdAt.toUTC().toString(Qt::ISODate)));
    return 0;
}

int paymentsStatus(const Invocation &inv)
{
    if (inv.args.size() != 1)
        return fail(inv, QStringLiteral("usage: payments status ORDER_ID"), 2);
    bool absent = false;
    QString error;
    auto ledger = openLedger(inv, &absent, &error);
    if (!absent && !ledger)
        return fail(inv, error);
    const std::optional<app::PaymentOrder> o = ledger ? ledger->find(inv.args.first()) : std::nullopt;
    if (!o)
        return fail(inv, QStringLiteral("no payment order %1").arg(inv.args.first()));
    if (inv.json) {
        printJson(toJson(*o));
        return 0;
    }
    const QJsonObject j = toJson(*o);
    for (const QString &key : {QStringLiteral("id"), QStringLiteral("case_no"), QStringLiteral("item_code"),
                               QStringLiteral("method"), QStringLiteral("state"), QStringLiteral("payment_id"),
                               QStringLiteral("expires_at"), QStringLiteral("paid_at"), QStringLiteral("invoice_no"),
                               QStringLiteral("detail"), QStringLiteral("created_at"), QStringLiteral("updated_at")})
        out(QStringLiteral("%1: %2").arg(key, j.value(key).toString()));
    out(QStringLiteral("amount: %1 yuan (%2)").arg(app::formatYuan(o->amountFen), o->feeCodes.join(QLatin1Char(','))));
    return 0;
}

const bool registered = [] {
    registerCommand({{QStringLiteral("payments"), QStringLiteral("list")},
                     QStringLiteral("payments list [--json]"),
                     QStringLiteral("payment orders: order id, case number, amount, state (no payer data)"),
                     paymentsList});
    registerCommand({{QStringLiteral("payments"), QStringLiteral("status")},
                     QStringLiteral("payments status ORDER_ID [--json]"),
                     QStringLiteral("one payment order: state, the platform's id, expiry, invoice number"),
                     paymentsStatus});
    return true;
}();

} // namespace

} // namespace kiosk::ctl
