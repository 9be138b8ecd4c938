// The payment worker: the ledger and a platform client on their own thread, a tick that resolves what is due.
#include "app/payments/payment_service.h"

#include "app/payments/payment_ledger.h"
#include "common/worker_thread.h"
#include "offline_queue/backoff.h"
#include "offline_queue/platform_client.h"

#include <QElapsedTimer>
#include <QHash>
#include <QLoggingCategory>
#include <QSet>
#include <QTimer>

#include <string.h>

Q_LOGGING_CATEGORY(lcPaymentService, "kiosk.app.payments.service")

namespace kiosk::app {

class PaymentWorker : public QObject
{
public:
    PaymentWorker(PaymentSettings settings, PaymentService::ClientFactory factory, PaymentService *service)
        : settings_(std::move(settings)), factory_(std::move(factory)), service_(service)
    {
        clock_.start();
    }

    bool open(QString *error)
    {
        ledger_ = PaymentLedger::open({settings_.databasePath, {}}, error);
        return ledger_ != nullptr;
    }

    void begin()
    {
        tick_ = new QTimer(this);
        tick_->setInterval(settings_.tickMs);
        QObject::connect(tick_, &QTimer::timeout, this, [this] { resolveDue(); });
        tick_->start();
        for (const PaymentOrder &o : ledger_->unresolved()) {
            qCInfo(lcPaymentService).noquote()
                << "order" << o.id << "left" << toString(o.state) << "by an earlier run: resolving it";
            due_.insert(o.id, 0);
        }
        resolveDue();
    }

    void openOrder(const PaymentRequest &request)
    {
        const auto r = ledger_->orderFor(request, PaymentMethod::Qr);
        if (!r.isOk()) {
            refused(request.caseNo, r.error.message, false);
            return;
        }
        watched_.insert(r.value.id);
        report(r.value);
        if (r.value.state == PaymentState::Creating)
            handle(ledger_->create(r.value.id, *client()));
        else if (!isFinal(r.value.state))
            due_.insert(r.value.id, 0); // resumed: its state is asked at once (no sooner than poll_after_s)
    }

    void payWithCode(const PaymentRequest &request, QByteArray code)
    {
        struct Wipe {
            QByteArray &c;
            ~Wipe() { explicit_bzero(c.data(), size_t(c.size())); }
        } wipe{code};
        if (!isPayerCode(code)) {
            refused(request.caseNo, QStringLiteral("not a payment code"), false);
            return;
        }
        auto r = ledger_->orderFor(request, PaymentMethod::PayerCode);
        if (!r.isOk()) {
            refused(request.caseNo, r.error.message, false);
            return;
        }
        PaymentOrder o = r.value;
        if (o.method == PaymentMethod::Qr && !isFinal(o.state)) {
            // The open QR order must end first: the platform takes a new order only when none is pending.
            const PaymentStep c = ledger_->cancel(o.id, *client());
            handle(c);
            if (c.order.state != PaymentState::Cancelled) {
                if (c.order.state != PaymentState::Paid)
                    refused(request.caseNo, QStringLiteral("the open order could not be cancelled yet"), false);
                return;
            }
            r = ledger_->orderFor(request, PaymentMethod::PayerCode);
            if (!r.isOk()) {
                refused(request.caseNo, r.error.message, false);
                return;
            }
            o = r.value;
        }
        if (o.method != PaymentMethod::PayerCode || o.state != PaymentState::Creating) {
            report(o); // paid already, or another payer_code order is under way: the code is not used
            return;
        }
        watched_.insert(o.id);
        handle(ledger_->create(o.id, *client(), code));
    }

    void cancelOrder(const QString &id)
    {
        watched_.remove(id);
        handle(ledger_->cancel(id, *client()));
    }

    void unwatch(const QString &id) { watched_.remove(id); }

    QByteArray invoice(const QString &id, QString *error) { return ledger_->invoice(id, *client(), error); }

private:
    // Made on this thread at the first call; PaymentService::start() refuses to run without a factory.
    queue::PlatformClient *client()
    {
        if (!client_)
            client_ = factory_();
        return client_.get();
    }

    void resolveDue()
    {
        const qint64 now = clock_.elapsed();
        const QList<QString> ids = due_.keys();
        for (const QString &id : ids) {
            if (due_.value(id) > now)
                continue;
            PaymentStep step = ledger_->refresh(id, *client());
            if (!step.sent && !step.answered && step.detail.startsWith(QLatin1String("not before"))) {
                due_.insert(id, now + 500); // poll_after_s not yet over
                continue;
            }
            handle(step);
        }
    }

    void handle(const PaymentStep &step)
    {
        const PaymentOrder &o = step.order;
        if (!o.isValid())
            return;
        report(o);
        if (o.state == PaymentState::Rejected) {
            due_.remove(o.id);
            refused(o.caseNo, o.detail, step.caseAlreadyPaid);
        }
        if (isFinal(o.state)) {
            due_.remove(o.id);
            failures_.remove(o.id);
            watched_.remove(o.id);
            if (!ended_.contains(o.id)) {
                ended_.insert(o.id);
                auto *service = service_.data();
                QMetaObject::invokeMethod(
                    service_, [service, o] { emit service->orderEnded(o); }, Qt::QueuedConnection);
            }
            return;
        }
        const qint64 now = clock_.elapsed();
        if (step.answered) {
            failures_.remove(o.id);
            const qint64 interval = qint64(o.pollAfterS) * 1000;
            due_.insert(
                o.id,
                now + (watched_.contains(o.id) ? interval : qMax(interval, qint64(settings_.backgroundPollS) * 1000)));
        } else {
            const int failures = failures_.value(o.id);
            failures_.insert(o.id, failures + 1);
            queue::BackoffPolicy policy;
            policy.baseMs = settings_.retryBaseMs;
            policy.capMs = settings_.retryCapMs;
            const qint64 wait =
                qMax(queue::backoffDelayMs(policy, failures, step.retryAfterMs), qint64(o.pollAfterS) * 1000);
            due_.insert(o.id, now + wait);
        }
    }

    void report(const PaymentOrder &o)
    {
        auto *service = service_.data();
        QMetaObject::invokeMethod(
            service_, [service, o] { emit service->orderUpdated(o); }, Qt::QueuedConnection);
    }

    void refused(const QString &caseNo, const QString &detail, bool alreadyPaid)
    {
        qCWarning(lcPaymentService).noquote() << "no order for case" << caseNo << ":" << detail;
        auto *service = service_.data();
        QMetaObject::invokeMethod(
            service_,
            [service, caseNo, detail, alreadyPaid] { emit service->orderRefused(caseNo, detail, alreadyPaid); },
            Qt::QueuedConnection);
    }

    PaymentSettings settings_;
    PaymentService::ClientFactory factory_;
    QPointer<PaymentService> service_;
    std::unique_ptr<PaymentLedger> ledger_;
    std::unique_ptr<queue::PlatformClient> client_;
    QTimer *tick_ = nullptr;
    QElapsedTimer clock_;
    QHash<QString, qint64> due_; // unresolved order -> monotonic ms when it is asked next
    QHash<QString, int> failures_;
    QSet<QString> watched_;
    QSet<QString> ended_;
};

PaymentService::PaymentService(PaymentSettings settings, ClientFactory clientFactory, QObject *parent)
    : QObject(parent), settings_(std::move(settings)), clientFactory_(std::move(clientFactory))
{
    qRegisterMetaType<PaymentOrder>();
}

PaymentService::~PaymentService()
{
    stop();
}

bool PaymentService::start()
{
    if (worker_)
        return true;
    if (!clientFactory_) {
        qCCritical(lcPaymentService) << "payments unavailable: no platform client";
        return false;
    }
    auto *worker = new PaymentWorker(settings_, clientFactory_, this);
    QString error;
    if (!worker->open(&error)) {
        qCCritical(lcPaymentService).noquote() << "payments unavailable: the database did not open:" << error;
        delete worker;
        return false;
    }
    worker_ = worker;
    thread_ = std::make_unique<common::WorkerThread>(worker_, QStringLiteral("payments"));
    thread_->post([worker] { worker->begin(); });
    return true;
}

void PaymentService::stop()
{
    if (!thread_)
        return;
    if (!thread_->stop(10'000))
        qCWarning(lcPaymentService) << "payment thread did not stop in time; left to end on its own";
    thread_.reset();
    worker_ = nullptr;
}

void PaymentService::openOrder(const PaymentRequest &request)
{
    if (auto *w = worker_)
        thread_->post([w, request] { w->openOrder(request); });
}

void PaymentService::payWithCode(const PaymentRequest &request, QByteArray &&code)
{
    QByteArray mine = std::move(code);
    code = QByteArray();
    if (auto *w = worker_) {
        // Moved into the call; the worker wipes it after its one send (or refusal).
        thread_->post([w, request, c = std::move(mine)]() mutable { w->payWithCode(request, std::move(c)); });
    } else {
        explicit_bzero(mine.data(), size_t(mine.size()));
    }
}

void PaymentService::cancelOrder(const QString &orderId)
{
    if (auto *w = worker_)
        thread_->post([w, orderId] { w->cancelOrder(orderId); });
}

void PaymentService::unwatch(const QString &orderId)
{
    if (auto *w = worker_)
        thread_->post([w, orderId] { w->unwatch(orderId); });
}

void PaymentService::fetchInvoice(const QString &orderId, QObject *context,
                                  std::function<void(const QByteArray &, const QString &)> done)
{
    auto *w = worker_;
    if (!w) {
        done({}, QStringLiteral("payments unavailable"));
        return;
    }
    QPointer<QObject> ctx(context);
    PaymentService *self = this; // outlives the worker (stop() waits for it): the answer crosses through it
    thread_->post([w, self, orderId, ctx, done = std::move(done)] {
        QString error;
        const QByteArray pdf = w->invoice(orderId, &error);
        QMetaObject::invokeMethod(
            self,
            [ctx, done, pdf, error] {
                if (ctx)
                    done(pdf, error);
            },
            Qt::QueuedConnection);
    });
}

} // namespace kiosk::app
