// The payment orders table and the state machine over the platform's answers.
#include "app/payments/payment_ledger.h"

#include "offline_queue/platform_client.h"
#include "offline_queue/storage/canonical_json.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QUrl>
#include <QUuid>

#include <string.h>

Q_LOGGING_CATEGORY(lcPayments, "kiosk.app.payments.ledger")

namespace kiosk::app {

namespace {

constexpr char kSchemaV1[] = R"sql(
CREATE TABLE payment_orders (
    id          TEXT PRIMARY KEY NOT NULL,
    case_no     TEXT NOT NULL,
    item_code   TEXT NOT NULL,
    fee_codes   TEXT NOT NULL,
    amount_fen  INTEGER NOT NULL CHECK (amount_fen > 0),
    method      TEXT NOT NULL CHECK (method IN ('qr', 'payer_code')),
    state       TEXT NOT NULL,
    payment_id  TEXT,
    pay_url     TEXT,
    expires_at  TEXT,
    paid_at     TEXT,
    invoice_no  TEXT,
    poll_after_s INTEGER NOT NULL DEFAULT 5,
    detail      TEXT,
    body        BLOB NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    next_poll_ms INTEGER NOT NULL DEFAULT 0,
    attempts    INTEGER NOT NULL DEFAULT 0,
    create_sent INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX payment_orders_case ON payment_orders (case_no, created_at);
)sql";

constexpr char kColumns[] = "id, case_no, item_code, fee_codes, amount_fen, method, state, payment_id, pay_url, "
                            "expires_at, paid_at, invoice_no, poll_after_s, detail, created_at, updated_at, attempts";

QString rfc3339(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QDateTime parseTime(const QString &text)
{
    QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(text, Qt::ISODate);
    return t;
}

PaymentOrder readRow(queue::Statement &s)
{
    PaymentOrder o;
    o.id = s.text(0);
    o.caseNo = s.text(1);
    o.itemCode = s.text(2);
    o.feeCodes = s.text(3).split(QLatin1Char(','), Qt::SkipEmptyParts);
    o.amountFen = s.int64(4);
    o.method = s.text(5) == QLatin1String("payer_code") ? PaymentMethod::PayerCode : PaymentMethod::Qr;
    o.state = paymentStateFromString(s.text(6)).value_or(PaymentState::Creating);
    o.paymentId = s.text(7);
    o.payUrl = s.text(8);
    o.expiresAt = parseTime(s.text(9));
    o.paidAt = parseTime(s.text(10));
    o.invoiceNo = s.text(11);
    o.pollAfterS = int(s.int64(12));
    o.detail = s.text(13);
    o.createdAt = parseTime(s.text(14));
    o.updatedAt = parseTime(s.text(15));
    o.attempts = int(s.int64(16));
    return o;
}

QList<PaymentOrder> readAll(queue::Statement &s)
{
    QList<PaymentOrder> out;
    while (s.step() == queue::Statement::Step::Row)
        out.append(readRow(s));
    if (!s.error().isOk())
        qCWarning(lcPayments).noquote() << "reading payment orders:" << s.error().message;
    return out;
}

// Text from the platform shown to technicians or stored: bounded, one line, printable.
QString cleanText(const QString &text, int max)
{
    QString out;
    for (const QChar c : text.left(max)) {
        if (c.isPrint())
            out.append(c);
    }
    return out;
}

bool isCleanToken(const QString &text, int max)
{
    if (text.isEmpty() || text.size() > max)
        return false;
    for (const QChar c : text) {
        if (c.unicode() < 0x21 || c.unicode() > 0x7e || c == QLatin1Char('/') || c == QLatin1Char('\\'))
            return false;
    }
    return true;
}

// A pay_url to put in a QR code for the citizen's phone: https with a host, printable ASCII, of sane length.
bool isShowableUrl(const QString &text)
{
    if (text.size() > 1024 || !text.startsWith(QLatin1String("https://")))
        return false;
    for (const QChar c : text) {
        if (c.unicode() < 0x21 || c.unicode() > 0x7e)
            return false;
    }
    const QUrl url(text, QUrl::StrictMode);
    return url.isValid() && url.scheme() == QLatin1String("https") && !url.host().isEmpty() && url.userInfo().isEmpty();
}

std::optional<PaymentState> stateFromPlatform(const QString &status)
{
    if (status == QLatin1String("pending"))
        return PaymentState::Pending;
    if (status == QLatin1String("paid"))
        return PaymentState::Paid;
    if (status == QLatin1String("failed"))
        return PaymentState::Failed;
    if (status == QLatin1String("expired"))
        return PaymentState::Expired;
    if (status == QLatin1String("cancelled"))
        return PaymentState::Cancelled;
    return std::nullopt;
}

bool transient(const queue::ApiResult &r)
{
    return r.networkError != queue::NetworkError::None || r.httpStatus == 0 || r.httpStatus == 408 ||
           r.httpStatus == 429 || r.httpStatus >= 500;
}

} // namespace

bool isPayerCode(const QByteArray &code)
{
    if (code.size() < 18 || code.size() > 20)
        return false;
    for (const char c : code) {
        if (c < '0' || c > '9')
            return false;
    }
    return true;
}

QByteArray paymentCreateBody(const PaymentOrder &order)
{
    QJsonArray fees;
    for (const QString &c : order.feeCodes)
        fees.append(c);
    // QJsonObject keeps members sorted by key: the same order gives the same bytes.
    const QJsonObject body{{QStringLiteral("id"), order.id},
                           {QStringLiteral("case_no"), order.caseNo},
                           {QStringLiteral("item_code"), order.itemCode},
                           {QStringLiteral("fee_codes"), fees},
                           {QStringLiteral("amount_fen"), order.amountFen},
                           {QStringLiteral("method"), toString(order.method)}};
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

QList<queue::Migration> PaymentLedger::migrations()
{
    return {{1, QStringLiteral("payments: orders (no payer data)"), QByteArray(kSchemaV1)}};
}

std::unique_ptr<PaymentLedger> PaymentLedger::open(const PaymentLedgerOptions &options, QString *error)
{
    queue::StoreOpenResult r = queue::Store::open(options.databasePath, migrations());
    if (!r.isOk()) {
        if (error)
            *error = r.error.message;
        return nullptr;
    }
    if (!r.alert.isEmpty())
        qCWarning(lcPayments).noquote() << r.alert;
    return std::unique_ptr<PaymentLedger>(new PaymentLedger(std::move(r.store), options));
}

PaymentLedger::PaymentLedger(std::unique_ptr<queue::Store> store, PaymentLedgerOptions options)
    : store_(std::move(store)), options_(std::move(options))
{}

QDateTime PaymentLedger::now() const
{
    return options_.wallClock ? options_.wallClock() : QDateTime::currentDateTimeUtc();
}

std::optional<PaymentOrder> PaymentLedger::find(const QString &id)
{
    queue::Statement s =
        store_->prepare((QByteArray("SELECT ") + kColumns + " FROM payment_orders WHERE id = ?1").constData());
    s.bindText(1, id);
    const QList<PaymentOrder> all = readAll(s);
    if (all.isEmpty())
        return std::nullopt;
    return all.first();
}

QList<PaymentOrder> PaymentLedger::orders(int limit)
{
    queue::Statement s = store_->prepare(
        (QByteArray("SELECT ") + kColumns + " FROM payment_orders ORDER BY created_at DESC, rowid DESC LIMIT ?1")
            .constData());
    s.bindInt(1, limit);
    return readAll(s);
}

QList<PaymentOrder> PaymentLedger::ordersOfCase(const QString &caseNo)
{
    queue::Statement s = store_->prepare(
        (QByteArray("SELECT ") + kColumns + " FROM payment_orders WHERE case_no = ?1 ORDER BY created_at, rowid")
            .constData());
    s.bindText(1, caseNo);
    return readAll(s);
}

QList<PaymentOrder> PaymentLedger::unresolved()
{
    queue::Statement s = store_->prepare(
        (QByteArray("SELECT ") + kColumns +
         " FROM payment_orders WHERE state IN ('creating', 'pending', 'cancelling') ORDER BY created_at, rowid")
            .constData());
    return readAll(s);
}

QDateTime PaymentLedger::nextPollAt(const QString &id)
{
    queue::Statement s = store_->prepare("SELECT next_poll_ms FROM payment_orders WHERE id = ?1");
    s.bindText(1, id);
    if (s.step() != queue::Statement::Step::Row || s.int64(0) <= 0)
        return {};
    return QDateTime::fromMSecsSinceEpoch(s.int64(0), Qt::UTC);
}

QByteArray PaymentLedger::storedBody(const QString &id)
{
    queue::Statement s = store_->prepare("SELECT body FROM payment_orders WHERE id = ?1");
    s.bindText(1, id);
    return s.step() == queue::Statement::Step::Row ? s.blob(0) : QByteArray();
}

queue::StoreError PaymentLedger::save(const PaymentOrder &o, const QByteArray *body)
{
    if (body) {
        queue::Statement s = store_->prepare(
            "INSERT INTO payment_orders (id, case_no, item_code, fee_codes, amount_fen, method, state, body, "
            "created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)");
        s.bindText(1, o.id)
            .bindText(2, o.caseNo)
            .bindText(3, o.itemCode)
            .bindText(4, o.feeCodes.join(QLatin1Char(',')))
            .bindInt(5, o.amountFen)
            .bindText(6, toString(o.method))
            .bindText(7, toString(o.state))
            .bindBlob(8, *body)
            .bindText(9, rfc3339(o.createdAt));
        return s.run();
    }
    queue::Statement s = store_->prepare(
        "UPDATE payment_orders SET state = ?2, payment_id = ?3, pay_url = ?4, expires_at = ?5, paid_at = ?6, "
        "invoice_no = ?7, poll_after_s = ?8, detail = ?9, updated_at = ?10, attempts = ?11 WHERE id = ?1");
    s.bindText(1, o.id)
        .bindText(2, toString(o.state))
        .bindText(3, o.paymentId)
        .bindText(4, o.payUrl)
        .bindText(5, rfc3339(o.expiresAt))
        .bindText(6, rfc3339(o.paidAt))
        .bindText(7, o.invoiceNo)
        .bindInt(8, o.pollAfterS)
        .bindText(9, o.detail)
        .bindText(10, rfc3339(now()))
        .bindInt(11, o.attempts);
    return s.run();
}

queue::StoreResult<PaymentOrder> PaymentLedger::orderFor(const PaymentRequest &request, PaymentMethod method)
{
    queue::StoreResult<PaymentOrder> r;
    if (request.caseNo.isEmpty() || request.caseNo.size() > 40 || request.itemCode.isEmpty() ||
        request.feeCodes.isEmpty() || request.amountFen <= 0) {
        r.error = queue::StoreError::make(queue::StoreErrorCode::InvalidArgument,
                                          QStringLiteral("a payment needs a case, its fees and an amount"));
        return r;
    }
    queue::Transaction tx(*store_);
    if (!tx.isActive()) {
        r.error = tx.beginError();
        return r;
    }
    for (const PaymentOrder &o : ordersOfCase(request.caseNo)) {
        if (blocksNewOrder(o.state)) {
            r.value = o; // resume it (or it is paid): never a second order while one is open or unknown
            return r;
        }
    }
    PaymentOrder o;
    o.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    o.caseNo = request.caseNo;
    o.itemCode = request.itemCode;
    o.feeCodes = request.feeCodes;
    o.amountFen = request.amountFen;
    o.method = method;
    o.state = PaymentState::Creating;
    o.createdAt = now();
    o.updatedAt = o.createdAt;
    const QByteArray body = paymentCreateBody(o);
    r.error = save(o, &body);
    if (r.error.isOk())
        r.error = tx.commit();
    if (r.isOk()) {
        r.value = o;
        qCInfo(lcPayments).noquote() << "order" << o.id << "for case" << o.caseNo << formatYuan(o.amountFen)
                                     << "yuan, method" << toString(method) << "stored before sending";
    }
    return r;
}

bool PaymentLedger::applyPayment(PaymentOrder &o, const QJsonObject &p, QString *why)
{
    const QString paymentId = p.value(QLatin1String("payment_id")).toString();
    const std::optional<PaymentState> status = stateFromPlatform(p.value(QLatin1String("status")).toString());
    const QJsonValue amount = p.value(QLatin1String("amount_fen"));
    if (!isCleanToken(paymentId, 128)) {
        *why = QStringLiteral("the answer's payment_id is unusable");
        return false;
    }
    if (!o.paymentId.isEmpty() && o.paymentId != paymentId) {
        *why = QStringLiteral("the answer names another order (%1)").arg(paymentId.left(64));
        return false;
    }
    if (!status) {
        *why = QStringLiteral("the answer's status is unknown");
        return false;
    }
    if (!amount.isDouble() || amount.toDouble() != double(o.amountFen)) {
        *why = QStringLiteral("the answer's amount differs from the order's");
        return false;
    }
    const QString caseNo = p.value(QLatin1String("case_no")).toString();
    if (!caseNo.isEmpty() && caseNo != o.caseNo) {
        *why = QStringLiteral("the answer names another case");
        return false;
    }
    o.paymentId = paymentId;
    const QString payUrl = p.value(QLatin1String("pay_url")).toString();
    if (!payUrl.isEmpty()) {
        // Shown as a QR code for the citizen's phone: only an https URL of sane length, else none is shown.
        if (isShowableUrl(payUrl))
            o.payUrl = payUrl;
        else
            o.payUrl.clear();
    }
    const QDateTime expires = parseTime(p.value(QLatin1String("expires_at")).toString());
    if (expires.isValid())
        o.expiresAt = expires;
    const double poll = p.value(QLatin1String("poll_after_s")).toDouble(5);
    o.pollAfterS = int(qBound(1.0, poll, 300.0));
    const QString detail = cleanText(p.value(QLatin1String("detail")).toString(), 200);
    if (isFinal(o.state))
        return true; // the kiosk's record of an ended order is final: a later answer changes nothing
    PaymentState next = *status;
    if (o.state == PaymentState::Cancelling && next == PaymentState::Pending)
        next = PaymentState::Cancelling; // the cancel has not landed yet: it is sent again
    o.state = next;
    if (next == PaymentState::Paid) {
        o.paidAt = parseTime(p.value(QLatin1String("paid_at")).toString());
        if (!o.paidAt.isValid())
            o.paidAt = now();
        const QString invoice = p.value(QLatin1String("invoice_no")).toString();
        o.invoiceNo = isCleanToken(invoice, 64) ? invoice : QString();
    }
    o.detail = detail;
    return true;
}

std::optional<PaymentStep> PaymentLedger::startStep(const QString &id, PaymentOrder *order)
{
    PaymentStep step;
    const std::optional<PaymentOrder> found = find(id);
    if (!found) {
        step.detail = QStringLiteral("no such order");
        return step;
    }
    *order = *found;
    step.order = *order;
    if (isFinal(order->state)) {
        step.answered = true; // an ended order is not asked again
        return step;
    }
    return std::nullopt;
}

PaymentStep PaymentLedger::unusableAnswer(const PaymentOrder &order, const queue::ApiResult &r, const QString &why)
{
    queue::ApiResult bad = r;
    bad.networkError = queue::NetworkError::BadJson;
    bad.errorText = why;
    qCWarning(lcPayments).noquote() << "order" << order.id << "answer refused:" << why;
    return failedStep(order, bad);
}

PaymentStep PaymentLedger::failedStep(PaymentOrder o, const queue::ApiResult &r)
{
    PaymentStep step;
    step.sent = true;
    step.retryAfterMs = r.retryAfterMs;
    step.detail = r.describe();
    o.attempts += 1;
    const queue::StoreError e = save(o);
    if (!e.isOk())
        qCWarning(lcPayments).noquote() << "order" << o.id << "not updated:" << e.message;
    step.order = o;
    return step;
}

PaymentStep PaymentLedger::create(const QString &id, queue::PlatformClient &client, const QByteArray &payerCode)
{
    PaymentOrder o;
    if (std::optional<PaymentStep> done = startStep(id, &o))
        return *done;
    PaymentStep step;
    step.order = o;
    if (o.state != PaymentState::Creating) {
        step.answered = true;
        return step;
    }
    QByteArray body = storedBody(id);
    if (o.method == PaymentMethod::PayerCode) {
        queue::Statement sent = store_->prepare("SELECT create_sent FROM payment_orders WHERE id = ?1");
        sent.bindText(1, id);
        const bool alreadySent = sent.step() == queue::Statement::Step::Row && sent.int64(0) != 0;
        if (alreadySent || !isPayerCode(payerCode))
            return refresh(id, client, true); // the code goes out once; the order is found by its id
        // Mark it sent before it goes: after a crash the code is gone and the order is looked up, never resent.
        queue::Statement mark = store_->prepare("UPDATE payment_orders SET create_sent = 1 WHERE id = ?1");
        mark.bindText(1, id);
        const queue::StoreError e = mark.run();
        if (!e.isOk()) {
            step.detail = e.message;
            return step;
        }
        body.chop(1); // the stored body ends with '}'; the code is digits only, so it needs no escaping
        body += ",\"payer_code\":\"";
        body += payerCode;
        body += "\"}";
    }
    const queue::ApiResult r = client.postPayment(o.id, body);
    if (o.method == PaymentMethod::PayerCode)
        explicit_bzero(body.data(), size_t(body.size()));
    if (r.isSuccess()) {
        QString why;
        if (applyPayment(o, r.json, &why)) {
            o.attempts = 0;
            save(o);
            queue::Statement s = store_->prepare("UPDATE payment_orders SET next_poll_ms = ?2 WHERE id = ?1");
            s.bindText(1, id).bindInt(2, now().addSecs(o.pollAfterS).toMSecsSinceEpoch());
            s.run();
            step.order = o;
            step.answered = true;
            step.sent = true;
            return step;
        }
        return unusableAnswer(o, r, why);
    }
    if (transient(r)) {
        qCInfo(lcPayments).noquote() << "order" << id << "create without a usable answer:" << r.describe();
        return failedStep(o, r);
    }
    // A refusal: the order never existed at the platform (a 409 already-paid says the case is paid).
    step.sent = true;
    step.answered = true;
    step.caseAlreadyPaid = r.httpStatus == 409 && r.problem.type.endsWith(QLatin1String("already-paid"));
    o.state = PaymentState::Rejected;
    o.detail = cleanText(r.describe(), 300);
    save(o);
    qCWarning(lcPayments).noquote() << "order" << id << "refused by the platform:" << o.detail;
    step.order = o;
    step.detail = o.detail;
    return step;
}

PaymentStep PaymentLedger::refresh(const QString &id, queue::PlatformClient &client, bool force)
{
    PaymentOrder o;
    if (std::optional<PaymentStep> done = startStep(id, &o))
        return *done;
    PaymentStep step;
    step.order = o;
    if (o.state == PaymentState::Creating && o.method == PaymentMethod::Qr)
        return create(id, client); // the same bytes again: the platform answers the stored creation answer
    if (!force) {
        const QDateTime due = nextPollAt(id);
        if (due.isValid() && now() < due) {
            step.detail = QStringLiteral("not before %1 (poll_after_s)").arg(rfc3339(due));
            return step;
        }
    }
    // A payer_code order whose create went unanswered is looked up by its id (the sandbox's payment_id is the key).
    const QString paymentId = o.paymentId.isEmpty() ? o.id : o.paymentId;
    const queue::ApiResult r = client.getPayment(paymentId);
    if (r.isSuccess()) {
        QString why;
        if (!applyPayment(o, r.json, &why)) {
            return unusableAnswer(o, r, why);
        }
        o.attempts = 0;
        save(o);
        step.answered = true;
    } else if (r.httpStatus == 404 && o.state == PaymentState::Creating) {
        // The one create of a payer_code order never reached the platform: the order does not exist there.
        o.state = PaymentState::Rejected;
        o.detail = QStringLiteral("the create never reached the platform");
        save(o);
        step.answered = true;
    } else {
        qCInfo(lcPayments).noquote() << "order" << id << "status unknown:" << r.describe();
        return failedStep(o, r);
    }
    step.sent = true;
    queue::Statement s = store_->prepare("UPDATE payment_orders SET next_poll_ms = ?2 WHERE id = ?1");
    s.bindText(1, id).bindInt(2, now().addSecs(o.pollAfterS).toMSecsSinceEpoch());
    s.run();
    step.order = o;
    return step;
}

PaymentStep PaymentLedger::cancel(const QString &id, queue::PlatformClient &client)
{
    PaymentOrder o;
    if (std::optional<PaymentStep> done = startStep(id, &o))
        return *done;
    PaymentStep step;
    step.order = o;
    if (o.state == PaymentState::Creating) {
        // Its id at the platform is not known yet: learn it first (the create's replay, or the look-up).
        step = refresh(id, client, true);
        if (step.order.state != PaymentState::Pending)
            return step;
        o = step.order;
    }
    o.state = PaymentState::Cancelling;
    save(o);
    const queue::ApiResult r = client.cancelPayment(o.paymentId);
    if (r.isSuccess()) {
        QString why;
        if (applyPayment(o, r.json, &why)) {
            save(o);
            step.order = o;
            step.answered = true;
            step.sent = true;
            return step;
        }
        qCWarning(lcPayments).noquote() << "order" << id << "cancel answer refused:" << why;
    } else if (r.httpStatus == 409) {
        return refresh(id, client, true); // it ended meanwhile (paid, failed, expired): learn how
    }
    return failedStep(o, r);
}

QByteArray PaymentLedger::invoice(const QString &id, queue::PlatformClient &client, QString *error)
{
    const std::optional<PaymentOrder> o = find(id);
    if (!o || o->state != PaymentState::Paid) {
        *error = QStringLiteral("no paid order %1").arg(id);
        return {};
    }
    const queue::ApiResult r = client.fetchPaymentInvoice(o->paymentId);
    if (!r.isSuccess()) {
        *error = r.describe();
        return {};
    }
    if (!r.bytes.startsWith("%PDF-")) {
        *error = QStringLiteral("the invoice is not a PDF");
        return {};
    }
    return r.bytes;
}

} // namespace kiosk::app
