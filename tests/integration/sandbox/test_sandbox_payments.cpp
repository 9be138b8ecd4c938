// Payments end to end between the kiosk's order ledger (app/payments over the libcurl client, mutual TLS) and
// platform-sandbox: QR orders paid by the sandbox's payer, payer codes, a lost answer and a 5xx on the create (one
// order), expiry then a new order, cancel, the e-invoice PDF, and the contract's refusals.
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

#include "app/payments/payment_ledger.h"
#include "offline_queue/curl_platform_client.h"
#include "sandbox_harness.h"

using namespace kiosk;
using namespace kiosk::app;
using namespace kiosk::test;

class SandboxPaymentsTest : public QObject
{
    Q_OBJECT

    QTemporaryDir pki_;
    QTemporaryDir data_;
    SandboxProcess sandbox_;
    std::unique_ptr<SubmissionFactory> factory_;
    std::unique_ptr<queue::CurlPlatformClient> client_;
    std::unique_ptr<PaymentLedger> ledger_;
    int dbSeq_ = 0;

    // A case at the platform for GD-CRJ-001 (往来港澳通行证及签注: 60 + 15 yuan).
    QString makeCase(const QString &itemCode = QStringLiteral("GD-CRJ-001"))
    {
        const SealedSubmission s = factory_->make(1, QStringLiteral("GD-DEV-0001"), itemCode);
        auto raw = sandbox_.client();
        for (const queue::SealedBlob &b : s.blobs)
            raw->request("PUT", "/v1/blobs/" + b.sha256.toLatin1(), b.bytes, kioskHeaders());
        const Response r = raw->request("POST", "/v1/submissions", s.envelope.bytes, submissionHeaders(s.envelope.id));
        const QString caseNo = r.json().value(QLatin1String("case_no")).toString();
        queryCodes_.insert(caseNo, s.payload.value(QLatin1String("query_code")).toString());
        return caseNo;
    }
    // A case look-up as the kiosk makes it: with the case's query code.
    QByteArray caseUrl(const QString &caseNo) const
    {
        return "/v1/cases/" + caseNo.toLatin1() + "?query_code=" + queryCodes_.value(caseNo).toLatin1();
    }
    QHash<QString, QString> queryCodes_;
    static PaymentRequest requestFor(const QString &caseNo)
    {
        return {
            caseNo, QStringLiteral("GD-CRJ-001"), {QStringLiteral("EEP-HKMO"), QStringLiteral("ENDORSE-ONCE")}, 7500};
    }
    // A qr create for every fee of GD-CRJ-001, as the kiosk sends it.
    static QJsonObject createBody(const QString &caseNo, const QString &id)
    {
        return {{"id", id},
                {"case_no", caseNo},
                {"item_code", "GD-CRJ-001"},
                {"fee_codes", QJsonArray{"EEP-HKMO", "ENDORSE-ONCE"}},
                {"amount_fen", 7500},
                {"method", "qr"}};
    }
    QJsonArray sandboxOrders()
    {
        return sandbox_.control("GET", "/control/payments").json().value(QLatin1String("payments")).toArray();
    }
    QJsonArray ordersOfCase(const QString &caseNo)
    {
        QJsonArray out;
        for (const QJsonValue v : sandboxOrders()) {
            if (v.toObject().value(QLatin1String("case_no")).toString() == caseNo)
                out.append(v);
        }
        return out;
    }
    Response payer(const char *action, const QString &paymentId)
    {
        return sandbox_.control("POST", QByteArray("/control/payments/") + action,
                                QJsonObject{{QStringLiteral("payment_id"), paymentId}});
    }

private slots:
    void initTestCase()
    {
        QVERIFY(pki_.isValid() && data_.isValid());
        const QString pkiError = makeDemoPki(pki_.path());
        if (!pkiError.isEmpty())
            QSKIP(qPrintable(pkiError));
        QCOMPARE(sandbox_.start(pki_.path()), QString());
        factory_ = std::make_unique<SubmissionFactory>(pki_.path());
        QVERIFY2(factory_->isValid(), qPrintable(factory_->error()));
        // With the demo PKI's pins: a client without a valid pin refuses to connect (pinning fails closed).
        client_ = std::make_unique<queue::CurlPlatformClient>(sandbox_.clientConfig(QStringLiteral("localhost")));
        QVERIFY2(client_->configProblem().isEmpty(), qPrintable(client_->configProblem()));
    }

    void init()
    {
        QCOMPARE(sandbox_.control("POST", "/control/reset").status, 200);
        ledger_.reset();
        QString error;
        ledger_ = PaymentLedger::open({data_.filePath(QStringLiteral("payments-%1.sqlite").arg(++dbSeq_)), {}}, &error);
        QVERIFY2(ledger_, qPrintable(error));
    }

    void qrOrder_paidByThePayer_withInvoice()
    {
        const QString caseNo = makeCase();
        QVERIFY(!caseNo.isEmpty());
        const PaymentOrder o = ledger_->orderFor(requestFor(caseNo), PaymentMethod::Qr).value;
        PaymentStep step = ledger_->create(o.id, *client_);
        QVERIFY2(step.answered, qPrintable(step.detail));
        QCOMPARE(toString(step.order.state), QStringLiteral("pending"));
        QVERIFY(step.order.payUrl.startsWith(QLatin1String("https://")));
        QVERIFY(step.order.expiresAt > QDateTime::currentDateTimeUtc().addSecs(14 * 60));
        auto raw = sandbox_.client();
        QJsonObject c = raw->request("GET", caseUrl(caseNo), {}, kioskHeaders()).json();
        QCOMPARE(c.value("payment_status").toString(), QStringLiteral("due"));
        QCOMPARE(c.value("amount_due_fen").toInteger(), qint64(7500));
        QCOMPARE(payer("pay", step.order.paymentId).status, 200);
        c = raw->request("GET", caseUrl(caseNo), {}, kioskHeaders()).json();
        QCOMPARE(c.value("payment_status").toString(), QStringLiteral("paid"));
        QCOMPARE(c.value("amount_due_fen").toInteger(), qint64(0));
        step = ledger_->refresh(o.id, *client_, true);
        QCOMPARE(toString(step.order.state), QStringLiteral("paid"));
        QVERIFY(!step.order.invoiceNo.isEmpty());
        QVERIFY(step.order.paidAt.isValid());
        QString error;
        const QByteArray pdf = ledger_->invoice(o.id, *client_, &error);
        QVERIFY2(pdf.startsWith("%PDF-"), qPrintable(error));
        QVERIFY(pdf.contains(step.order.invoiceNo.toLatin1()));
        // A paid case takes no other order: the ledger hands back the paid one, the platform refuses a new one.
        QCOMPARE(ledger_->orderFor(requestFor(caseNo), PaymentMethod::Qr).value.id, o.id);
        QCOMPARE(ordersOfCase(caseNo).size(), 1);
    }

    void lostAnswerOnCreate_oneOrder()
    {
        const QString caseNo = makeCase();
        QCOMPARE(sandbox_
                     .setFaults({QJsonObject{{"endpoint", "payments"},
                                             {"method", "POST"},
                                             {"lose_response", true},
                                             {"count", 2}}}) // libcurl resends once
                     .status,
                 200);
        const PaymentOrder o = ledger_->orderFor(requestFor(caseNo), PaymentMethod::Qr).value;
        PaymentStep step = ledger_->create(o.id, *client_);
        QVERIFY(!step.answered);
        QCOMPARE(toString(step.order.state), QStringLiteral("creating"));
        QCOMPARE(ordersOfCase(caseNo).size(), 1); // the platform made it; the kiosk did not hear
        step = ledger_->refresh(o.id, *client_);
        QVERIFY2(step.answered, qPrintable(step.detail));
        QCOMPARE(toString(step.order.state), QStringLiteral("pending"));
        QCOMPARE(ordersOfCase(caseNo).size(), 1);
        QCOMPARE(ledger_->ordersOfCase(caseNo).size(), 1);
    }

    void serverErrorOnCreate_retriedWithTheSameKey()
    {
        const QString caseNo = makeCase();
        sandbox_.setFaults({QJsonObject{{"endpoint", "payments"}, {"method", "POST"}, {"status", 503}, {"count", 2}}});
        const PaymentOrder o = ledger_->orderFor(requestFor(caseNo), PaymentMethod::Qr).value;
        QVERIFY(!ledger_->create(o.id, *client_).answered);
        QVERIFY(!ledger_->refresh(o.id, *client_).answered);
        QCOMPARE(toString(ledger_->refresh(o.id, *client_).order.state), QStringLiteral("pending"));
        const QJsonArray orders = ordersOfCase(caseNo);
        QCOMPARE(orders.size(), 1);
        QCOMPARE(orders[0].toObject().value("payment_id").toString(), o.id);
    }

    void payerCode_paidAtOnce_codeNeverKept()
    {
        const QString caseNo = makeCase();
        const QByteArray code = "134567890123456789";
        const PaymentOrder o = ledger_->orderFor(requestFor(caseNo), PaymentMethod::PayerCode).value;
        const PaymentStep step = ledger_->create(o.id, *client_, code);
        QVERIFY2(step.answered, qPrintable(step.detail));
        QCOMPARE(toString(step.order.state), QStringLiteral("paid"));
        QVERIFY(step.order.payUrl.isEmpty());
        const QByteArray everything =
            sandbox_.control("GET", "/control/payments").body + sandbox_.control("GET", "/control/requests").body;
        QVERIFY(!everything.contains(code));
    }

    void payerCode_pendingThenConfirmedOnThePhone()
    {
        const QString caseNo = makeCase();
        sandbox_.control("POST", "/control/payments/config", QJsonObject{{"payer_code_mode", "pending"}});
        const PaymentOrder o = ledger_->orderFor(requestFor(caseNo), PaymentMethod::PayerCode).value;
        QCOMPARE(toString(ledger_->create(o.id, *client_, "134567890123456789").order.state),
                 QStringLiteral("pending"));
        payer("pay", o.id);
        QCOMPARE(toString(ledger_->refresh(o.id, *client_, true).order.state), QStringLiteral("paid"));
    }

    void expiry_thenANewOrder()
    {
        const QString caseNo = makeCase();
        const PaymentOrder first = ledger_->orderFor(requestFor(caseNo), PaymentMethod::Qr).value;
        ledger_->create(first.id, *client_);
        QCOMPARE(payer("expire", first.id).status, 200);
        QCOMPARE(toString(ledger_->refresh(first.id, *client_, true).order.state), QStringLiteral("expired"));
        const PaymentOrder second = ledger_->orderFor(requestFor(caseNo), PaymentMethod::Qr).value;
        QVERIFY(second.id != first.id);
        QCOMPARE(toString(ledger_->create(second.id, *client_).order.state), QStringLiteral("pending"));
        QCOMPARE(ordersOfCase(caseNo).size(), 2);
    }

    void failed_isFinal_withTheReason()
    {
        const QString caseNo = makeCase();
        const PaymentOrder o = ledger_->orderFor(requestFor(caseNo), PaymentMethod::Qr).value;
        ledger_->create(o.id, *client_);
        QCOMPARE(payer("fail", o.id).status, 200);
        const PaymentStep step = ledger_->refresh(o.id, *client_, true);
        QCOMPARE(toString(step.order.state), QStringLiteral("failed"));
        QVERIFY(!step.order.detail.isEmpty());
    }

    void cancel_thenAPayerCodeOrder()
    {
        const QString caseNo = makeCase();
        const PaymentOrder qr = ledger_->orderFor(requestFor(caseNo), PaymentMethod::Qr).value;
        ledger_->create(qr.id, *client_);
        // While the QR order is pending the platform refuses a second one.
        auto raw = sandbox_.client();
        QJsonObject body = createBody(caseNo, QUuid::createUuid().toString(QUuid::WithoutBraces));
        Response r = raw->request("POST", "/v1/payments", QJsonDocument(body).toJson(QJsonDocument::Compact),
                                  submissionHeaders(body.value("id").toString()));
        QCOMPARE(r.status, 409);
        QCOMPARE(toString(ledger_->cancel(qr.id, *client_).order.state), QStringLiteral("cancelled"));
        const PaymentOrder code = ledger_->orderFor(requestFor(caseNo), PaymentMethod::PayerCode).value;
        QVERIFY(code.id != qr.id);
        QCOMPARE(toString(ledger_->create(code.id, *client_, "134567890123456789").order.state),
                 QStringLiteral("paid"));
        // Cancelling a paid order is refused (409): the ledger keeps it paid.
        QCOMPARE(toString(ledger_->cancel(code.id, *client_).order.state), QStringLiteral("paid"));
    }

    void refusals_data()
    {
        QTest::addColumn<QJsonObject>("change");
        QTest::addColumn<int>("status");
        QTest::newRow("amount not the sum") << QJsonObject{{"amount_fen", 6000}} << 422;
        QTest::newRow("a subset of the fees") << QJsonObject{{"fee_codes", QJsonArray{"EEP-HKMO"}}} << 422;
        QTest::newRow("another item") << QJsonObject{{"item_code", "GD-CRJ-006"}} << 422;
        QTest::newRow("unknown case") << QJsonObject{{"case_no", "NO-SUCH-CASE"}} << 404;
        QTest::newRow("payer code with qr") << QJsonObject{{"payer_code", "134567890123456789"}} << 422;
        QTest::newRow("short payer code") << QJsonObject{{"method", "payer_code"}, {"payer_code", "1234"}} << 422;
    }
    void refusals()
    {
        QFETCH(QJsonObject, change);
        QFETCH(int, status);
        const QString caseNo = makeCase();
        QJsonObject body = createBody(caseNo, QUuid::createUuid().toString(QUuid::WithoutBraces));
        for (auto it = change.begin(); it != change.end(); ++it)
            body.insert(it.key(), it.value());
        auto raw = sandbox_.client();
        const Response r = raw->request("POST", "/v1/payments", QJsonDocument(body).toJson(QJsonDocument::Compact),
                                        submissionHeaders(body.value("id").toString()));
        QCOMPARE(r.status, status);
        QVERIFY(sandboxOrders().isEmpty());
    }

    void replay_answersTheStoredCreation_otherBody409()
    {
        const QString caseNo = makeCase();
        const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        QJsonObject body = createBody(caseNo, id);
        const QByteArray bytes = QJsonDocument(body).toJson(QJsonDocument::Compact);
        auto raw = sandbox_.client();
        const Response first = raw->request("POST", "/v1/payments", bytes, submissionHeaders(id));
        QCOMPARE(first.status, 201);
        payer("pay", id);
        const Response again = raw->request("POST", "/v1/payments", bytes, submissionHeaders(id));
        QCOMPARE(again.status, 200);
        QCOMPARE(again.body, first.body); // the creation answer, not the current state
        body.insert("method", "payer_code");
        body.insert("payer_code", "134567890123456789");
        const Response other = raw->request("POST", "/v1/payments", QJsonDocument(body).toJson(QJsonDocument::Compact),
                                            submissionHeaders(id));
        QCOMPARE(other.status, 409);
        const Response invoice = raw->request("GET", "/v1/payments/" + id.toLatin1() + "/invoice", {}, kioskHeaders());
        QCOMPARE(invoice.status, 200);
        QVERIFY(invoice.body.startsWith("%PDF-"));
    }
};

QTEST_GUILESS_MAIN(SandboxPaymentsTest)
#include "test_sandbox_payments.moc"
