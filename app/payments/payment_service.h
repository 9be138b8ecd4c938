// Payments while the kiosk runs: orders are made, resumed and resolved on the service's own thread (its own
// platform client and its own connection to payments.sqlite), results come back on the GUI thread as signals.
//
// The payment screen asks for the order of a case (an open one is resumed, never doubled), watches it (status
// polled at the platform's poll_after_s, with backoff on failures), hands over a payer's code (sent once, then
// wiped), or cancels for "pay later". When the screen goes (finish, idle wipe) the order stays: every unresolved
// order is resolved in the background, also after a restart, and each that ends is reported once (orderEnded) for
// the audit chain. Knows nothing of ui/.
#pragma once

#include "app/payments/payment_order.h"

#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>
#include <memory>

namespace kiosk::queue {
class PlatformClient;
}
namespace kiosk::common {
class WorkerThread;
}

namespace kiosk::app {

struct PaymentSettings {
    QString databasePath;     // payments.sqlite in the data folder
    int backgroundPollS = 30; // unwatched unresolved orders are asked no more often than this
    int retryBaseMs = 2000;   // backoff after an unusable answer: base * 2^failures with full jitter...
    int retryCapMs = 60'000;  // ...at most this
    int tickMs = 500;         // how often the worker looks for orders that are due
};

class PaymentWorker;

class PaymentService : public QObject
{
    Q_OBJECT
public:
    using ClientFactory = std::function<std::unique_ptr<queue::PlatformClient>()>;

    PaymentService(PaymentSettings settings, ClientFactory clientFactory, QObject *parent = nullptr);
    ~PaymentService() override; // stop()

    // Opens the ledger and starts resolving what an earlier run left open. False when the database is unusable.
    bool start();
    void stop();
    bool isRunning() const { return worker_ != nullptr; }

    // The order paying `request` (created and sent, or the open one resumed); watched from now on.
    void openOrder(const PaymentRequest &request);
    // After an expiry or a failure, on the citizen's request: a new order (the ledger refuses while one is open).
    void newOrder(const PaymentRequest &request) { openOrder(request); }
    // The payer's wallet code from the QR scanner: the open qr order is cancelled, then a payer_code order carries
    // the code once. `code` is wiped here (the caller's copy too, as it is moved in).
    void payWithCode(const PaymentRequest &request, QByteArray &&code);
    // Pay later: the open order of the case is cancelled (in the background; a paid one stays paid).
    void cancelOrder(const QString &orderId);
    // The screen is gone: the order keeps being resolved in the background.
    void unwatch(const QString &orderId);
    // The e-invoice PDF of a paid order; `done` runs on the GUI thread unless `context` is gone.
    void fetchInvoice(const QString &orderId, QObject *context,
                      std::function<void(const QByteArray &pdf, const QString &error)> done);

signals:
    // Every change of an order the kiosk knows (state, pay_url, expiry...).
    void orderUpdated(const kiosk::app::PaymentOrder &order);
    // An order reached a final state (once per order and run): for the audit chain.
    void orderEnded(const kiosk::app::PaymentOrder &order);
    // No order could be made for the case (bad request, the platform refused it); `alreadyPaid`: the case is paid.
    void orderRefused(const QString &caseNo, const QString &detail, bool alreadyPaid);

private:
    friend class PaymentWorker;
    PaymentSettings settings_;
    ClientFactory clientFactory_;
    std::unique_ptr<common::WorkerThread> thread_;
    PaymentWorker *worker_ = nullptr;
};

} // namespace kiosk::app
