// The sandbox's side of payments (platform-api.md "Payments"): orders with Idempotency-Key replay, the one-order rule
// per case, a payer driven through the control endpoint (pay, fail, let expire), and the e-invoice PDF. Orders live
// in memory (a sandbox restart or reset forgets them); the payer's code is checked and dropped, never stored: only a
// SHA-256 of each create body is kept, to tell a replay from another body.
#pragma once

#include "offline_queue/sandbox/http.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace kiosk::sandbox {

class Sandbox;

class SandboxPayments
{
public:
    struct Settings {
        int pollAfterS = 2;
        int ttlS = 900;                                 // an order expires this long after its creation (15 minutes)
        QString payerCodeMode = QStringLiteral("paid"); // paid | pending | failed: what a payer_code create answers
    };

    explicit SandboxPayments(Sandbox &sandbox) : s_(sandbox) {}

    HttpResponse create(const HttpRequest &r);
    HttpResponse get(const QString &paymentId, const QString &kioskId);
    HttpResponse cancel(const HttpRequest &r, const QString &paymentId);
    HttpResponse invoice(const QString &paymentId, const QString &kioskId);

    // The control endpoint: the payer's actions. Empty string, or why not (unknown order, not pending).
    QString pay(const QString &paymentId);
    QString fail(const QString &paymentId, const QString &detail);
    QString expire(const QString &paymentId);
    QJsonArray list() const; // never a payer code: none is kept
    // The Case object's amount_due_fen and payment_status (none | due | paid) for a case of `itemCode`.
    std::pair<qint64, QString> dueOf(const QString &caseNo, const QString &itemCode);
    // {"poll_after_s","ttl_s","payer_code_mode"}; an error text or empty.
    QString configure(const QJsonObject &settings);
    Settings settings() const { return settings_; }
    int paymentsCreated() const { return int(orders_.size()); }

    void clear();

private:
    struct Order {
        QString id;
        QString kioskId;
        QString caseNo;
        QString itemCode;
        QStringList feeCodes;
        qint64 amountFen = 0;
        QString method;
        QString status = QStringLiteral("pending");
        QDateTime createdAt;
        QDateTime expiresAt;
        QDateTime paidAt;
        QString invoiceNo;
        QString detail;
        QString bodySha256;
        QByteArray createAnswer; // the stored answer of the create (201), replayed with 200
    };

    Order *find(const QString &id, const QString &kioskId);
    void settle(Order &o);
    Order *pendingOrder(const QString &paymentId, QString *why); // null with why: unknown or not pending // lazily: a
                                                                 // pending order past its expiry becomes expired
    QJsonObject toJson(const Order &o) const;
    QString payUrl(const Order &o) const;

    Sandbox &s_;
    Settings settings_;
    QHash<QString, Order> orders_; // by payment_id (= the kiosk's id)
    qint64 invoiceSeq_ = 0;
};

} // namespace kiosk::sandbox
