// The kiosk's payment orders and their state machine (platform-api.md "Payments"), exactly once: an order's
// Idempotency-Key is made and stored before its create is sent; a retry, a lost answer or a restart resends the same
// stored bytes (method qr) or looks the order up (method payer_code, whose one-time code is never stored or resent);
// a second order for a case is made only once every earlier one is failed, expired, cancelled or was refused, never
// while one is unknown, pending or paid. Every answer of the platform is untrusted input and checked.
//
// Synchronous and single-threaded: one ledger per thread (PaymentService runs one on its worker thread, kioskctl
// reads one). Its own SQLite file (payments.sqlite), so its migrations never interleave with the outbox's.
#pragma once

#include "app/payments/payment_order.h"
#include "offline_queue/storage/store.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

class QJsonObject;

namespace kiosk::queue {
class PlatformClient;
struct ApiResult;
} // namespace kiosk::queue

namespace kiosk::app {

struct PaymentLedgerOptions {
    QString databasePath;
    std::function<QDateTime()> wallClock; // default: the system clock
};

// What one step with the platform gave.
struct PaymentStep {
    PaymentOrder order;           // as stored after the step
    bool answered = false;        // the platform gave a usable answer (2xx or a refusal the state follows from)
    bool sent = false;            // a request went out
    bool caseAlreadyPaid = false; // a create was refused with `already-paid`
    std::optional<qint64> retryAfterMs;
    QString detail; // why not answered, or the refusal (English, no personal data)
};

class PaymentLedger
{
public:
    static QList<queue::Migration> migrations();
    static std::unique_ptr<PaymentLedger> open(const PaymentLedgerOptions &options, QString *error);

    std::optional<PaymentOrder> find(const QString &id);
    QList<PaymentOrder> orders(int limit = 200); // newest first
    QList<PaymentOrder> ordersOfCase(const QString &caseNo);
    QList<PaymentOrder> unresolved(); // creating, pending, cancelling

    // The order that pays `request` now: an unresolved or paid order of the case is returned as it is (whatever its
    // method: the caller resumes it or cancels it first); otherwise a new order, stored in state `creating` with a
    // fresh key before anything is sent. `request` must be well-formed (a case, fee codes, amount > 0).
    queue::StoreResult<PaymentOrder> orderFor(const PaymentRequest &request, PaymentMethod method);

    // Sends the create of a `creating` order. Method qr: the stored bytes (again, on a retry). Method payer_code: the
    // stored body with `payerCode` (18-20 digits) added in a buffer wiped after the send; sent at most once per
    // order: a second call looks the order up instead.
    PaymentStep create(const QString &id, queue::PlatformClient &client, const QByteArray &payerCode = {});
    // Learns the state: GET for a known order (not sooner than its poll_after_s after the previous answer, unless
    // `force`), the create's replay for a `creating` qr order, a look-up by id for a `creating` payer_code one.
    PaymentStep refresh(const QString &id, queue::PlatformClient &client, bool force = false);
    // Cancels a pending order (stored as `cancelling` first); a 409 means it already ended: its state is fetched.
    PaymentStep cancel(const QString &id, queue::PlatformClient &client);
    // The e-invoice PDF of a paid order; empty with `error` otherwise.
    QByteArray invoice(const QString &id, queue::PlatformClient &client, QString *error);

    // When the next GET of this order is allowed (poll_after_s after the previous answer); invalid: now.
    QDateTime nextPollAt(const QString &id);

    queue::Store &store() { return *store_; }

private:
    explicit PaymentLedger(std::unique_ptr<queue::Store> store, PaymentLedgerOptions options);
    QDateTime now() const;
    queue::StoreError save(const PaymentOrder &order, const QByteArray *body = nullptr);
    QByteArray storedBody(const QString &id);
    // Applies a Payment object from the platform; false (and `why`) when it does not fit this order.
    bool applyPayment(PaymentOrder &order, const QJsonObject &payment, QString *why);
    PaymentStep failedStep(PaymentOrder order, const queue::ApiResult &r);
    // The stored order of a step, or the step to return at once (no such order, or it has ended).
    std::optional<PaymentStep> startStep(const QString &id, PaymentOrder *order);
    // A 2xx whose Payment does not fit the order: counted as no usable answer; the order stays as it was.
    PaymentStep unusableAnswer(const PaymentOrder &order, const queue::ApiResult &r, const QString &why);

    std::unique_ptr<queue::Store> store_;
    PaymentLedgerOptions options_;
};

// The body of POST /v1/payments without a payer code: compact JSON, members sorted, the same bytes every time.
QByteArray paymentCreateBody(const PaymentOrder &order);
// A wallet payment code as platform-api.md allows it: 18 to 20 ASCII digits.
bool isPayerCode(const QByteArray &code);

} // namespace kiosk::app
