// Payment orders of the sandbox platform and its simulated payer.
#include "offline_queue/sandbox/payments.h"

#include "offline_queue/sandbox/sandbox.h"
#include "offline_queue/sandbox/sandbox_util.h"
#include "offline_queue/storage/canonical_json.h"
#include "offline_queue/storage/crypto_util.h"

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSet>

#include <cmath>

namespace kiosk::sandbox {

Q_LOGGING_CATEGORY(lcPayments, "kiosk.sandbox.payments")

namespace {

HttpResponse problem(int status, const char *type, const QString &detail)
{
    return HttpResponse::problem(status, QLatin1String(type), detail);
}

bool isPayerCodeText(const QString &code)
{
    if (code.size() < 18 || code.size() > 20)
        return false;
    for (const QChar c : code) {
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return false;
    }
    return true;
}

} // namespace

void SandboxPayments::clear()
{
    orders_.clear();
    invoiceSeq_ = 0;
    settings_ = Settings();
}

QString SandboxPayments::payUrl(const Order &o) const
{
    return QStringLiteral("https://pay.platform-sandbox.invalid/pay/") + o.id;
}

void SandboxPayments::settle(Order &o)
{
    if (o.status == QLatin1String("pending") && s_.now() >= o.expiresAt) {
        o.status = QStringLiteral("expired");
        o.detail = QStringLiteral("the order expired unpaid");
    }
}

QJsonObject SandboxPayments::toJson(const Order &o) const
{
    QJsonObject j{{QStringLiteral("payment_id"), o.id},
                  {QStringLiteral("case_no"), o.caseNo},
                  {QStringLiteral("status"), o.status},
                  {QStringLiteral("amount_fen"), o.amountFen},
                  {QStringLiteral("expires_at"), rfc3339Utc(o.expiresAt)},
                  {QStringLiteral("poll_after_s"), settings_.pollAfterS}};
    if (o.method == QLatin1String("qr"))
        j.insert(QStringLiteral("pay_url"), payUrl(o));
    if (o.paidAt.isValid())
        j.insert(QStringLiteral("paid_at"), rfc3339Utc(o.paidAt));
    if (!o.invoiceNo.isEmpty())
        j.insert(QStringLiteral("invoice_no"), o.invoiceNo);
    if (!o.detail.isEmpty())
        j.insert(QStringLiteral("detail"), o.detail);
    return j;
}

SandboxPayments::Order *SandboxPayments::find(const QString &id, const QString &kioskId)
{
    auto it = orders_.find(id);
    if (it == orders_.end() || it->kioskId != kioskId)
        return nullptr;
    settle(*it);
    return &*it;
}

HttpResponse SandboxPayments::create(const HttpRequest &r)
{
    const QString kioskId = r.peerCommonName;
    const QString key = QString::fromUtf8(r.header("idempotency-key"));
    if (r.headerCount("idempotency-key") != 1 || key.isEmpty())
        return problem(400, "missing-header", QStringLiteral("exactly one non-empty Idempotency-Key is required"));
    HttpResponse badBody;
    const std::optional<QJsonObject> body = jsonObjectBody(r, &badBody);
    if (!body)
        return badBody;
    const QString bodySha = queue::sha256Hex(r.body);
    if (const auto it = orders_.constFind(key); it != orders_.constEnd() && it->kioskId == kioskId) {
        if (it->bodySha256 != bodySha)
            return problem(409, "idempotency-conflict",
                           QStringLiteral("Idempotency-Key %1 was used with another body").arg(key));
        HttpResponse replay;
        replay.status = 200; // the stored creation answer, not the current state
        replay.body = it->createAnswer;
        replay.setHeader("Content-Type", "application/json");
        return replay;
    }
    const QJsonObject &b = *body;
    if (b.value(QLatin1String("id")).toString() != key)
        return problem(422, "idempotency-key-mismatch", QStringLiteral("Idempotency-Key must be the payment's id"));
    auto invalid = [](const QString &why) { return problem(422, "invalid-payment", why); };
    if (!queue::isUuidV4(key))
        return invalid(QStringLiteral("id must be a lowercase UUID v4"));
    const QString caseNo = b.value(QLatin1String("case_no")).toString();
    queue::StoreError err;
    const auto row = s_.db().queryOne("SELECT item_code FROM submissions WHERE case_no = ?", {caseNo}, "t", &err);
    if (!err.isOk())
        return storeFailure(err);
    if (caseNo.isEmpty() || !row)
        return problem(404, "not-found", QStringLiteral("no case %1").arg(caseNo));
    const QString itemCode = row->value(0).toString();
    if (b.value(QLatin1String("item_code")).toString() != itemCode)
        return invalid(QStringLiteral("item_code is not the case's item"));
    const std::optional<QJsonObject> item = s_.catalogue().item(itemCode);
    if (!item || !item->value(QLatin1String("fee_payable_at_kiosk")).toBool())
        return invalid(QStringLiteral("the fees of item %1 are not payable at a kiosk").arg(itemCode));
    QSet<QString> itemFees;
    qint64 sum = 0;
    for (const QJsonValue f : item->value(QLatin1String("fees")).toArray()) {
        itemFees.insert(f.toObject().value(QLatin1String("code")).toString());
        sum += f.toObject().value(QLatin1String("amount_fen")).toInteger();
    }
    QSet<QString> asked;
    const QJsonValue feeCodes = b.value(QLatin1String("fee_codes"));
    for (const QJsonValue v : feeCodes.toArray()) {
        if (!v.isString() || asked.contains(v.toString()))
            return invalid(QStringLiteral("fee_codes must be distinct strings"));
        asked.insert(v.toString());
    }
    if (!feeCodes.isArray() || asked.isEmpty() || asked != itemFees)
        return invalid(QStringLiteral("fee_codes must be every fee of the item: %1")
                           .arg(QStringList(itemFees.begin(), itemFees.end()).join(QLatin1Char(','))));
    const QJsonValue amount = b.value(QLatin1String("amount_fen"));
    if (!amount.isDouble() || amount.toDouble() != double(sum))
        return invalid(QStringLiteral("amount_fen must be the sum of the fees (%1)").arg(sum));
    const QString method = b.value(QLatin1String("method")).toString();
    if (method != QLatin1String("qr") && method != QLatin1String("payer_code"))
        return invalid(QStringLiteral("method must be qr or payer_code"));
    const QJsonValue code = b.value(QLatin1String("payer_code"));
    if (method == QLatin1String("qr") && !code.isUndefined())
        return invalid(QStringLiteral("payer_code only with the payer_code method"));
    if (method == QLatin1String("payer_code") && !(code.isString() && isPayerCodeText(code.toString())))
        return invalid(QStringLiteral("payer_code must be 18 to 20 digits"));
    for (auto it = orders_.begin(); it != orders_.end(); ++it) {
        if (it->caseNo != caseNo)
            continue;
        settle(*it);
        if (it->status == QLatin1String("paid"))
            return problem(409, "already-paid", QStringLiteral("case %1 is paid").arg(caseNo));
        if (it->status == QLatin1String("pending"))
            return problem(409, "order-pending", QStringLiteral("case %1 has a pending order %2").arg(caseNo, it->id));
    }

    Order o;
    o.id = key;
    o.kioskId = kioskId;
    o.caseNo = caseNo;
    o.itemCode = itemCode;
    o.feeCodes = QStringList(asked.begin(), asked.end());
    o.amountFen = sum;
    o.method = method;
    o.createdAt = s_.now();
    o.expiresAt = o.createdAt.addSecs(settings_.ttlS);
    o.bodySha256 = bodySha;
    orders_.insert(o.id, o);
    if (method == QLatin1String("payer_code")) {
        // The code is used for this one charge and forgotten: it is in no record, log or answer.
        if (settings_.payerCodeMode == QLatin1String("paid"))
            pay(o.id);
        else if (settings_.payerCodeMode == QLatin1String("failed"))
            fail(o.id, QStringLiteral("the payer's wallet declined the payment"));
    }
    Order &stored = orders_[o.id];
    stored.createAnswer = QJsonDocument(toJson(stored)).toJson(QJsonDocument::Compact);
    qCInfo(lcPayments).noquote() << "order" << o.id << "case" << caseNo << "amount" << sum << "fen, method" << method
                                 << "->" << stored.status;
    HttpResponse resp;
    resp.status = 201;
    resp.body = stored.createAnswer;
    resp.setHeader("Content-Type", "application/json");
    return resp;
}

HttpResponse SandboxPayments::get(const QString &paymentId, const QString &kioskId)
{
    const Order *o = find(paymentId, kioskId);
    if (!o)
        return problem(404, "not-found", QStringLiteral("no payment %1").arg(paymentId));
    return HttpResponse::json(200, toJson(*o));
}

HttpResponse SandboxPayments::cancel(const HttpRequest &r, const QString &paymentId)
{
    HttpResponse badBody;
    const std::optional<QJsonObject> body = jsonObjectBody(r, &badBody);
    if (!body)
        return badBody;
    if (!body->isEmpty())
        return problem(422, "invalid-cancel", QStringLiteral("the cancel body is {}"));
    Order *o = find(paymentId, r.peerCommonName);
    if (!o)
        return problem(404, "not-found", QStringLiteral("no payment %1").arg(paymentId));
    if (o->status == QLatin1String("pending")) {
        o->status = QStringLiteral("cancelled");
        o->detail = QStringLiteral("cancelled by the kiosk");
    } else if (o->status != QLatin1String("cancelled")) {
        return problem(409, "not-pending", QStringLiteral("payment %1 is %2").arg(paymentId, o->status));
    }
    return HttpResponse::json(200, toJson(*o));
}

HttpResponse SandboxPayments::invoice(const QString &paymentId, const QString &kioskId)
{
    const Order *o = find(paymentId, kioskId);
    if (!o || o->status != QLatin1String("paid"))
        return problem(404, "not-found", QStringLiteral("no paid payment %1").arg(paymentId));
    const QStringList page{QStringLiteral("Platform sandbox - fiscal e-invoice (demo, not a real invoice)"),
                           QStringLiteral("Invoice no: %1").arg(o->invoiceNo),
                           QStringLiteral("Case: %1  Item: %2").arg(o->caseNo, o->itemCode),
                           QStringLiteral("Fees: %1").arg(o->feeCodes.join(QStringLiteral(", "))),
                           QStringLiteral("Amount: %1.%2 yuan")
                               .arg(o->amountFen / 100)
                               .arg(int(o->amountFen % 100), 2, 10, QLatin1Char('0')),
                           QStringLiteral("Paid at: %1").arg(rfc3339Utc(o->paidAt))};
    HttpResponse resp;
    resp.status = 200;
    resp.body = minimalPdf({page}, o->invoiceNo);
    resp.setHeader("Content-Type", "application/pdf");
    return resp;
}

SandboxPayments::Order *SandboxPayments::pendingOrder(const QString &paymentId, QString *why)
{
    auto it = orders_.find(paymentId);
    if (it == orders_.end()) {
        *why = QStringLiteral("no payment %1").arg(paymentId);
        return nullptr;
    }
    settle(*it);
    if (it->status != QLatin1String("pending")) {
        *why = QStringLiteral("payment %1 is %2").arg(paymentId, it->status);
        return nullptr;
    }
    return &*it;
}

QString SandboxPayments::pay(const QString &paymentId)
{
    QString why;
    Order *it = pendingOrder(paymentId, &why);
    if (!it)
        return why;
    it->status = QStringLiteral("paid");
    it->paidAt = s_.now();
    it->invoiceNo = QStringLiteral("4400%1%2")
                        .arg(it->paidAt.toString(QStringLiteral("yyyyMMdd")))
                        .arg(++invoiceSeq_, 6, 10, QLatin1Char('0'));
    it->detail.clear();
    return {};
}

QString SandboxPayments::fail(const QString &paymentId, const QString &detail)
{
    QString why;
    Order *it = pendingOrder(paymentId, &why);
    if (!it)
        return why;
    it->status = QStringLiteral("failed");
    it->detail = detail.isEmpty() ? QStringLiteral("the payment failed") : detail.left(200);
    return {};
}

QString SandboxPayments::expire(const QString &paymentId)
{
    QString why;
    Order *it = pendingOrder(paymentId, &why);
    if (!it)
        return why;
    it->expiresAt = s_.now();
    settle(*it);
    return {};
}

std::pair<qint64, QString> SandboxPayments::dueOf(const QString &caseNo, const QString &itemCode)
{
    for (Order &o : orders_) {
        if (o.caseNo == caseNo && o.status == QLatin1String("paid"))
            return {0, QStringLiteral("paid")};
    }
    qint64 sum = 0;
    if (const std::optional<QJsonObject> item = s_.catalogue().item(itemCode)) {
        for (const QJsonValue f : item->value(QLatin1String("fees")).toArray())
            sum += f.toObject().value(QLatin1String("amount_fen")).toInteger();
    }
    return {sum, sum > 0 ? QStringLiteral("due") : QStringLiteral("none")};
}

QJsonArray SandboxPayments::list() const
{
    QList<const Order *> all;
    for (const Order &o : orders_)
        all.append(&o);
    std::sort(all.begin(), all.end(), [](const Order *a, const Order *b) { return a->createdAt < b->createdAt; });
    QJsonArray out;
    for (const Order *o : all) {
        Order copy = *o;
        const_cast<SandboxPayments *>(this)->settle(copy);
        QJsonObject j = toJson(copy);
        j.insert(QStringLiteral("method"), copy.method);
        j.insert(QStringLiteral("kiosk_id"), copy.kioskId);
        j.insert(QStringLiteral("item_code"), copy.itemCode);
        j.insert(QStringLiteral("created_at"), rfc3339Utc(copy.createdAt));
        out.append(j);
    }
    return out;
}

QString SandboxPayments::configure(const QJsonObject &c)
{
    Settings next = settings_;
    if (c.contains(QLatin1String("poll_after_s"))) {
        const double v = c.value(QLatin1String("poll_after_s")).toDouble(-1);
        if (v < 1 || v > 300 || std::trunc(v) != v)
            return QStringLiteral("poll_after_s must be an integer 1..300");
        next.pollAfterS = int(v);
    }
    if (c.contains(QLatin1String("ttl_s"))) {
        const double v = c.value(QLatin1String("ttl_s")).toDouble(-1);
        if (v < 1 || v > 86400 || std::trunc(v) != v)
            return QStringLiteral("ttl_s must be an integer 1..86400");
        next.ttlS = int(v);
    }
    if (c.contains(QLatin1String("payer_code_mode"))) {
        const QString m = c.value(QLatin1String("payer_code_mode")).toString();
        if (m != QLatin1String("paid") && m != QLatin1String("pending") && m != QLatin1String("failed"))
            return QStringLiteral("payer_code_mode must be paid, pending or failed");
        next.payerCodeMode = m;
    }
    settings_ = next;
    return {};
}

} // namespace kiosk::sandbox
