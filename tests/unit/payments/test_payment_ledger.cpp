// The payment state machine and its resumption (platform-api.md "Payments"): the key is stored before the create is
// sent, a lost answer or a restart resends the same bytes, the payer's code goes out once and is never stored, no
// second order while one is open or unknown, a paid record is final, the platform's answers are checked.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <deque>
#include <functional>

#include "app/payments/payment_ledger.h"
#include "offline_queue/platform_client.h"
#include "offline_queue/storage/canonical_json.h"
#include "support/payments_platform.h"

using namespace kiosk;
using namespace kiosk::app;

namespace {

queue::ApiResult answer(int status, const QJsonObject &json = {}, const QString &problemType = {})
{
    queue::ApiResult r;
    r.httpStatus = status;
    r.json = json;
    r.problem.type = problemType;
    r.problem.status = status;
    return r;
}

queue::ApiResult lost()
{
    queue::ApiResult r;
    r.networkError = queue::NetworkError::Reset;
    r.errorText = QStringLiteral("scripted: the answer was lost");
    return r;
}

QJsonObject payment(const QString &id, const QString &status, qint64 amount = 7500, const QString &caseNo = "C-1")
{
    QJsonObject p{{"payment_id", id},
                  {"case_no", caseNo},
                  {"status", status},
                  {"amount_fen", amount},
                  {"expires_at", "2026-12-07T08:15:00Z"},
                  {"poll_after_s", 3}};
    if (status == QLatin1String("pending"))
        p.insert("pay_url", "https://pay.example.gov.cn/p/" + id);
    if (status == QLatin1String("paid")) {
        p.insert("paid_at", "2026-12-07T08:05:00Z");
        p.insert("invoice_no", "4400202612070001");
    }
    return p;
}

// Answers from a script; records what was sent. An empty script answers "lost".
class FakePayments : public test::PaymentsOnlyPlatform
{
public:
    struct Sent {
        QString call;
        QString id;
        QByteArray body;
    };
    std::deque<std::function<queue::ApiResult(const Sent &)>> script;
    QList<Sent> sent;

    queue::ApiResult next(Sent s)
    {
        sent.append(s);
        if (script.empty())
            return lost();
        auto f = std::move(script.front());
        script.pop_front();
        return f(s);
    }
    void then(queue::ApiResult r)
    {
        script.push_back([r](const Sent &) { return r; });
    }
    // The platform's answer names the order by its key (as the sandbox does).
    void thenPayment(int status, const QString &state)
    {
        script.push_back([status, state](const Sent &s) {
            const QString id = s.call == QLatin1String("create")
                                   ? QJsonDocument::fromJson(s.body).object().value("id").toString()
                                   : s.id;
            return answer(status, payment(id, state));
        });
    }

    queue::ApiResult postPayment(const QString &id, const QByteArray &body) override
    {
        return next({"create", id, body});
    }
    queue::ApiResult getPayment(const QString &id) override { return next({"get", id, {}}); }
    queue::ApiResult cancelPayment(const QString &id) override { return next({"cancel", id, {}}); }
    queue::ApiResult fetchPaymentInvoice(const QString &id) override
    {
        queue::ApiResult r = next({"invoice", id, {}});
        return r;
    }
};

const PaymentRequest kRequest{QStringLiteral("C-1"),
                              QStringLiteral("GD-CRJ-001"),
                              {QStringLiteral("EEP-HKMO"), QStringLiteral("ENDORSE-ONCE")},
                              7500};
const QByteArray kCode = "284761930517264839"; // 18 digits, as a wallet shows

} // namespace

class TestPaymentLedger : public QObject
{
    Q_OBJECT

    QTemporaryDir dir_;
    QDateTime now_;

    std::unique_ptr<PaymentLedger> openLedger()
    {
        PaymentLedgerOptions o;
        o.databasePath = dir_.filePath("payments.sqlite");
        o.wallClock = [this] { return now_; };
        QString error;
        auto l = PaymentLedger::open(o, &error);
        if (!l)
            qWarning() << error;
        return l;
    }

private slots:
    void init()
    {
        QVERIFY(dir_.isValid());
        QFile::remove(dir_.filePath("payments.sqlite"));
        QFile::remove(dir_.filePath("payments.sqlite-wal"));
        QFile::remove(dir_.filePath("payments.sqlite-shm"));
        now_ = QDateTime(QDate(2026, 12, 7), QTime(8, 0), Qt::UTC);
    }

    void orderFor_storesTheKeyBeforeAnythingIsSent()
    {
        auto ledger = openLedger();
        QVERIFY(ledger);
        const auto r = ledger->orderFor(kRequest, PaymentMethod::Qr);
        QVERIFY(r.isOk());
        QVERIFY(queue::isUuidV4(r.value.id));
        QCOMPARE(toString(r.value.state), toString(PaymentState::Creating));
        // A fresh connection (another process after a crash) finds it.
        ledger.reset();
        auto again = openLedger();
        const auto found = again->find(r.value.id);
        QVERIFY(found);
        QCOMPARE(found->amountFen, qint64(7500));
        QCOMPARE(found->feeCodes, kRequest.feeCodes);
        QCOMPARE(toString(found->state), toString(PaymentState::Creating));
    }

    void create_sendsTheStoredBodyWithItsKey()
    {
        auto ledger = openLedger();
        FakePayments platform;
        const PaymentOrder o = ledger->orderFor(kRequest, PaymentMethod::Qr).value;
        platform.thenPayment(201, "pending");
        const PaymentStep step = ledger->create(o.id, platform);
        QVERIFY(step.answered);
        QCOMPARE(toString(step.order.state), toString(PaymentState::Pending));
        QCOMPARE(step.order.paymentId, o.id);
        QVERIFY(step.order.payUrl.startsWith("https://"));
        QCOMPARE(step.order.pollAfterS, 3);
        QCOMPARE(platform.sent.size(), 1);
        QCOMPARE(platform.sent[0].id, o.id);
        const QJsonObject body = QJsonDocument::fromJson(platform.sent[0].body).object();
        QCOMPARE(body.value("id").toString(), o.id);
        QCOMPARE(body.value("case_no").toString(), QStringLiteral("C-1"));
        QCOMPARE(body.value("amount_fen").toInteger(), qint64(7500));
        QCOMPARE(body.value("method").toString(), QStringLiteral("qr"));
        QCOMPARE(body.value("fee_codes").toArray().size(), 2);
        QVERIFY(!body.contains("payer_code"));
    }

    void lostAnswer_replaysTheSameBytesAndKey()
    {
        auto ledger = openLedger();
        FakePayments platform;
        const PaymentOrder o = ledger->orderFor(kRequest, PaymentMethod::Qr).value;
        platform.then(lost());
        PaymentStep step = ledger->create(o.id, platform);
        QVERIFY(!step.answered);
        QCOMPARE(toString(step.order.state), toString(PaymentState::Creating)); // unknown, never assumed
        QCOMPARE(step.order.attempts, 1);
        // While it is unknown the case gets no second order: the same one is handed back.
        const auto same = ledger->orderFor(kRequest, PaymentMethod::Qr);
        QCOMPARE(same.value.id, o.id);
        platform.then(answer(503));
        ledger->refresh(o.id, platform);
        platform.thenPayment(200, "pending"); // the replay: the stored creation answer
        step = ledger->refresh(o.id, platform);
        QCOMPARE(toString(step.order.state), toString(PaymentState::Pending));
        QCOMPARE(platform.sent.size(), 3);
        for (const auto &s : platform.sent) {
            QCOMPARE(s.call, QStringLiteral("create"));
            QCOMPARE(s.id, o.id);
            QCOMPARE(s.body, platform.sent[0].body); // byte-identical
        }
        QCOMPARE(ledger->ordersOfCase("C-1").size(), 1);
    }

    void restart_resumesTheSameOrder()
    {
        QString id;
        {
            auto ledger = openLedger();
            FakePayments platform;
            id = ledger->orderFor(kRequest, PaymentMethod::Qr).value.id;
            platform.then(lost()); // "killed" with the answer unknown
            ledger->create(id, platform);
        }
        auto ledger = openLedger();
        const QList<PaymentOrder> open = ledger->unresolved();
        QCOMPARE(open.size(), 1);
        QCOMPARE(open[0].id, id);
        FakePayments platform;
        platform.thenPayment(200, "pending");
        QCOMPARE(toString(ledger->refresh(id, platform).order.state), toString(PaymentState::Pending));
        now_ = now_.addSecs(10);
        platform.thenPayment(200, "paid");
        const PaymentStep paid = ledger->refresh(id, platform);
        QCOMPARE(toString(paid.order.state), toString(PaymentState::Paid));
        QCOMPARE(paid.order.invoiceNo, QStringLiteral("4400202612070001"));
        QVERIFY(paid.order.paidAt.isValid());
        QCOMPARE(platform.sent[0].call, QStringLiteral("create"));
        QCOMPARE(platform.sent[1].call, QStringLiteral("get"));
        QVERIFY(ledger->unresolved().isEmpty());
        // Paid: the case gets no other order, ever.
        QCOMPARE(ledger->orderFor(kRequest, PaymentMethod::Qr).value.id, id);
    }

    void polling_waitsForPollAfter()
    {
        auto ledger = openLedger();
        FakePayments platform;
        const QString id = ledger->orderFor(kRequest, PaymentMethod::Qr).value.id;
        platform.thenPayment(201, "pending");
        ledger->create(id, platform);
        const PaymentStep early = ledger->refresh(id, platform);
        QVERIFY(!early.sent);
        QCOMPARE(platform.sent.size(), 1);
        now_ = now_.addSecs(3);
        platform.thenPayment(200, "pending");
        QVERIFY(ledger->refresh(id, platform).sent);
        QCOMPARE(platform.sent.size(), 2);
    }

    void paid_isFinal_laterAnswersChangeNothing()
    {
        auto ledger = openLedger();
        FakePayments platform;
        const QString id = ledger->orderFor(kRequest, PaymentMethod::Qr).value.id;
        platform.thenPayment(201, "paid");
        QCOMPARE(toString(ledger->create(id, platform).order.state), toString(PaymentState::Paid));
        platform.thenPayment(200, "expired");
        QCOMPARE(toString(ledger->refresh(id, platform, true).order.state), toString(PaymentState::Paid));
        QCOMPARE(platform.sent.size(), 1); // a final order is not even asked again
        QCOMPARE(toString(ledger->cancel(id, platform).order.state), toString(PaymentState::Paid));
        QCOMPARE(platform.sent.size(), 1);
    }

    void expired_thenANewOrderWithANewKey()
    {
        auto ledger = openLedger();
        FakePayments platform;
        const QString first = ledger->orderFor(kRequest, PaymentMethod::Qr).value.id;
        platform.thenPayment(201, "pending");
        ledger->create(first, platform);
        now_ = now_.addSecs(5);
        platform.thenPayment(200, "expired");
        QCOMPARE(toString(ledger->refresh(first, platform).order.state), toString(PaymentState::Expired));
        const PaymentOrder second = ledger->orderFor(kRequest, PaymentMethod::Qr).value;
        QVERIFY(second.id != first);
        QCOMPARE(toString(second.state), toString(PaymentState::Creating));
        QCOMPARE(ledger->ordersOfCase("C-1").size(), 2);
    }

    void payerCode_sentOnce_neverStored_lookedUpAfterALostAnswer()
    {
        auto ledger = openLedger();
        FakePayments platform;
        const QString id = ledger->orderFor(kRequest, PaymentMethod::PayerCode).value.id;
        platform.then(lost());
        PaymentStep step = ledger->create(id, platform, kCode);
        QCOMPARE(toString(step.order.state), toString(PaymentState::Creating));
        QCOMPARE(platform.sent.size(), 1);
        QCOMPARE(QJsonDocument::fromJson(platform.sent[0].body).object().value("payer_code").toString(),
                 QString::fromLatin1(kCode));
        QCOMPARE(QJsonDocument::fromJson(platform.sent[0].body).object().value("method").toString(),
                 QStringLiteral("payer_code"));
        // A second create (a retry, a restart) never sends the code again: it looks the order up.
        platform.thenPayment(200, "paid");
        step = ledger->create(id, platform, kCode);
        QCOMPARE(toString(step.order.state), toString(PaymentState::Paid));
        QCOMPARE(platform.sent.size(), 2);
        QCOMPARE(platform.sent[1].call, QStringLiteral("get"));
        QVERIFY(platform.sent[1].body.isEmpty());
        // Nowhere in the database file (nor its WAL).
        ledger.reset();
        for (const char *suffix : {"", "-wal"}) {
            QFile f(dir_.filePath(QStringLiteral("payments.sqlite") + QLatin1String(suffix)));
            if (f.open(QIODevice::ReadOnly))
                QVERIFY2(!f.readAll().contains(kCode), suffix);
        }
    }

    void payerCode_lookupNotFound_isRejectedAndFreesTheCase()
    {
        auto ledger = openLedger();
        FakePayments platform;
        const QString id = ledger->orderFor(kRequest, PaymentMethod::PayerCode).value.id;
        platform.then(lost());
        ledger->create(id, platform, kCode);
        platform.then(answer(404));
        QCOMPARE(toString(ledger->refresh(id, platform, true).order.state), toString(PaymentState::Rejected));
        QVERIFY(ledger->orderFor(kRequest, PaymentMethod::Qr).value.id != id);
    }

    void payerCode_malformed_isNeverSent()
    {
        auto ledger = openLedger();
        FakePayments platform;
        const QString id = ledger->orderFor(kRequest, PaymentMethod::PayerCode).value.id;
        platform.then(answer(404));
        ledger->create(id, platform, "12345<script>");
        QCOMPARE(platform.sent.size(), 1);
        QCOMPARE(platform.sent[0].call, QStringLiteral("get"));
        QVERIFY(!isPayerCode("12345678901234567"));     // 17
        QVERIFY(isPayerCode("123456789012345678"));     // 18
        QVERIFY(!isPayerCode("123456789012345678901")); // 21
        QVERIFY(!isPayerCode("12345678901234567a"));
    }

    void cancel_thenNewOrder_andConflictLearnsTheRealState()
    {
        auto ledger = openLedger();
        FakePayments platform;
        const QString first = ledger->orderFor(kRequest, PaymentMethod::Qr).value.id;
        platform.thenPayment(201, "pending");
        ledger->create(first, platform);
        platform.then(lost()); // the cancel's answer lost: still blocking
        QCOMPARE(toString(ledger->cancel(first, platform).order.state), toString(PaymentState::Cancelling));
        QCOMPARE(ledger->orderFor(kRequest, PaymentMethod::PayerCode).value.id, first);
        platform.then(answer(409));
        platform.thenPayment(200, "paid"); // it was paid on the phone meanwhile
        QCOMPARE(toString(ledger->cancel(first, platform).order.state), toString(PaymentState::Paid));
        QCOMPARE(platform.sent.last().call, QStringLiteral("get"));
    }

    void refusals_endTheOrder()
    {
        auto ledger = openLedger();
        FakePayments platform;
        const QString id = ledger->orderFor(kRequest, PaymentMethod::Qr).value.id;
        platform.then(answer(409, {}, "https://platform.example/problems/already-paid"));
        const PaymentStep step = ledger->create(id, platform);
        QCOMPARE(toString(step.order.state), toString(PaymentState::Rejected));
        QVERIFY(step.caseAlreadyPaid);
    }

    void untrustedAnswers_areRefused_data()
    {
        QTest::addColumn<QJsonObject>("answer");
        const QString any = "x";
        QJsonObject wrongAmount = payment(any, "pending", 1);
        QJsonObject badStatus = payment(any, "refunded");
        QJsonObject badId = payment("../../etc", "pending");
        QJsonObject otherCase = payment(any, "pending", 7500, "C-2");
        QTest::newRow("amount differs") << wrongAmount;
        QTest::newRow("unknown status") << badStatus;
        QTest::newRow("payment_id with a slash") << badId;
        QTest::newRow("another case") << otherCase;
    }
    void untrustedAnswers_areRefused()
    {
        QFETCH(QJsonObject, answer);
        auto ledger = openLedger();
        FakePayments platform;
        const QString id = ledger->orderFor(kRequest, PaymentMethod::Qr).value.id;
        platform.then(::answer(201, answer));
        const PaymentStep step = ledger->create(id, platform);
        QVERIFY(!step.answered);
        QCOMPARE(toString(step.order.state), toString(PaymentState::Creating)); // still unknown: asked again later
    }

    void payUrl_onlyHttps()
    {
        auto ledger = openLedger();
        FakePayments platform;
        const QString id = ledger->orderFor(kRequest, PaymentMethod::Qr).value.id;
        QJsonObject p = payment(id, "pending");
        p.insert("pay_url", "javascript:alert(1)");
        platform.then(answer(201, p));
        const PaymentStep step = ledger->create(id, platform);
        QCOMPARE(toString(step.order.state), toString(PaymentState::Pending));
        QVERIFY(step.order.payUrl.isEmpty());
    }

    void formatYuan_twoDecimals()
    {
        QCOMPARE(formatYuan(7500), QStringLiteral("75.00"));
        QCOMPARE(formatYuan(5), QStringLiteral("0.05"));
        QCOMPARE(formatYuan(123456), QStringLiteral("1234.56"));
    }
};

QTEST_GUILESS_MAIN(TestPaymentLedger)
#include "test_payment_ledger.moc"
