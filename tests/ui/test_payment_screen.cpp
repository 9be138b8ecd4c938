// The payment screen against a scripted platform, as a citizen meets it, in the three languages, standard and care
// mode (PNGs in KIOSK_SCREENSHOT_DIR, default <build>/screenshots): the fees with names and amounts in yuan, the
// total, a large QR code of pay_url (at least 60 % of the panel's width in care mode), the countdown, "pay later" as
// large as the other choice, no clipped label, every button named; paid: the receipt is printed again with the
// amount and the e-invoice number. The payer's code goes to the platform once and only from the payment screen:
// elsewhere the QR filter refuses it.
#include <QDir>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMutex>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "app/application/citizen_services.h"
#include "app/application/peripherals.h"
#include "app/application/submission_service.h"
#include "app/application/visit_state.h"
#include "app/payments/payment_service.h"
#include "app/platform/platform_service.h"
#include "app/receipts/receipt.h"
#include "offline_queue/platform_client.h"
#include "support/kiosk_fixture.h"
#include "support/payments_platform.h"
#include "ui/screens/pay/payment_screen.h"

using kiosk::test::KioskFixture;
using namespace kiosk;

namespace {

// A platform with one payer: orders are pending until `payAll()`; thread-safe (the payment worker calls it).
class ScriptedPaymentPlatform : public test::PaymentsOnlyPlatform
{
public:
    struct Shared {
        QMutex mutex;
        QHash<QString, QString> status; // payment_id -> status
        QList<QByteArray> createBodies;
        bool paid = false;
    };
    explicit ScriptedPaymentPlatform(Shared *s) : s_(s) {}

    static queue::ApiResult ok(const QJsonObject &o, int status = 200)
    {
        queue::ApiResult r;
        r.httpStatus = status;
        r.json = o;
        return r;
    }
    QJsonObject payment(const QString &id, const QString &status) const
    {
        QJsonObject p{{"payment_id", id},
                      {"case_no", "GD-CASE-2026-000042"},
                      {"status", status},
                      {"amount_fen", 7500},
                      {"expires_at", QDateTime::currentDateTimeUtc().addSecs(900).toString(Qt::ISODate)},
                      {"poll_after_s", 1}};
        p.insert("pay_url", "https://pay.platform-sandbox.invalid/pay/" + id);
        if (status == QLatin1String("paid")) {
            p.insert("paid_at", QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
            p.insert("invoice_no", "4400202612070001");
        }
        return p;
    }
    queue::ApiResult postPayment(const QString &id, const QByteArray &body) override
    {
        QMutexLocker l(&s_->mutex);
        s_->createBodies << body;
        const bool code = QJsonDocument::fromJson(body).object().contains("payer_code");
        s_->status.insert(id, code ? QStringLiteral("paid") : QStringLiteral("pending"));
        return ok(payment(id, s_->status.value(id)), 201);
    }
    queue::ApiResult getPayment(const QString &id) override
    {
        QMutexLocker l(&s_->mutex);
        if (s_->paid && s_->status.value(id) == QLatin1String("pending"))
            s_->status.insert(id, QStringLiteral("paid"));
        return ok(payment(id, s_->status.value(id, QStringLiteral("pending"))));
    }
    queue::ApiResult cancelPayment(const QString &id) override
    {
        QMutexLocker l(&s_->mutex);
        s_->status.insert(id, QStringLiteral("cancelled"));
        return ok(payment(id, QStringLiteral("cancelled")));
    }
    queue::ApiResult fetchPaymentInvoice(const QString &) override
    {
        queue::ApiResult r;
        r.httpStatus = 200;
        r.bytes = "%PDF-1.4 scripted";
        return r;
    }

private:
    Shared *s_;
};

app::ReceiptData caseReceipt()
{
    app::ReceiptData r;
    r.itemName = QStringLiteral("往来港澳通行证及签注首次申领");
    r.itemCode = QStringLiteral("GD-CRJ-001");
    r.localNo = QStringLiteral("GD-DEV-0001-20261207-000042");
    r.caseNo = QStringLiteral("GD-CASE-2026-000042");
    r.queued = false;
    r.createdAt = QDateTime::currentDateTimeUtc();
    r.maskedName = QStringLiteral("张*");
    r.feeDueFen = 7500;
    r.feePayableAtKiosk = true;
    return r;
}

} // namespace

class PaymentScreenTest : public QObject
{
    Q_OBJECT

    struct Rig {
        QTemporaryDir data;
        std::unique_ptr<app::SubmissionService> submissions;
        ScriptedPaymentPlatform::Shared shared;
        std::unique_ptr<app::PaymentService> payments;
        app::PlatformService platform;
        app::CodeInput codes{nullptr};
        app::DocumentPrintService a4{nullptr};
        std::unique_ptr<KioskFixture> k;

        bool start(QSize size)
        {
            app::SubmissionSettings st;
            st.databasePath = data.filePath(QStringLiteral("queue.sqlite"));
            st.kioskId = QStringLiteral("GD-DEV-0001");
            st.keyCacheFile = data.filePath(QStringLiteral("key.json"));
            submissions = std::make_unique<app::SubmissionService>(st);
            submissions->start();
            if (!QTest::qWaitFor([this] { return submissions->isOpen(); }, 10000))
                return false;
            app::PaymentSettings ps;
            ps.databasePath = data.filePath(QStringLiteral("payments.sqlite"));
            ps.tickMs = 50;
            ps.backgroundPollS = 1; // the background pace, so a test need not wait 30 s
            payments = std::make_unique<app::PaymentService>(
                ps, [this] { return std::make_unique<ScriptedPaymentPlatform>(&shared); });
            if (!payments->start())
                return false;
            app::CitizenServices services;
            services.submissions = submissions.get();
            services.platform = &platform;
            services.payments = payments.get();
            services.codes = &codes;
            services.a4 = &a4;
            k = std::make_unique<KioskFixture>(size, app::SessionSettings{}, true, services);
            k->session->begin();
            return true;
        }
        ~Rig()
        {
            k.reset();
            if (payments)
                payments->stop();
            if (submissions)
                submissions->stop();
        }
        ui::PaymentScreen *openPayment(const QString &language, bool care)
        {
            k->session->setLanguage(language);
            k->session->setCareMode(care);
            app::VisitState *v = app::VisitState::of(k->session.get());
            v->selectItem(QStringLiteral("GD-CRJ-001"));
            v->setReceipt(caseReceipt());
            k->session->navigate(QStringLiteral("pay"));
            return qobject_cast<ui::PaymentScreen *>(k->window->currentScreen());
        }
    };

    static void settle()
    {
        for (int i = 0; i < 5; ++i) {
            QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
            QTest::qWait(5);
        }
    }

private slots:
    void readsWell_data()
    {
        QTest::addColumn<QString>("language");
        QTest::addColumn<bool>("care");
        for (const char *lang : {"zh_CN", "zh_HK", "en"}) {
            for (bool care : {false, true})
                QTest::addRow("%s-%s", lang, care ? "care" : "standard") << QString::fromLatin1(lang) << care;
        }
    }
    void readsWell()
    {
        QFETCH(QString, language);
        QFETCH(bool, care);
        QString dir = qEnvironmentVariable("KIOSK_SCREENSHOT_DIR");
        if (dir.isEmpty())
            dir = qEnvironmentVariable("KIOSK_BINARY_DIR", QDir::tempPath()) + QStringLiteral("/screenshots");
        QVERIFY(QDir().mkpath(dir));
        const QSize size(1080, 1920);
        Rig rig;
        QVERIFY(rig.start(size));
        ui::PaymentScreen *screen = rig.openPayment(language, care);
        QVERIFY(screen);
        QTRY_COMPARE_WITH_TIMEOUT(app::toString(screen->order().state), QStringLiteral("pending"), 5000);
        settle();
        auto *qr = rig.k->find<QLabel>(QStringLiteral("paymentQr"));
        QVERIFY(qr && qr->isVisible() && !qr->pixmap().isNull());
        const double share = double(qr->width()) / size.width();
        QVERIFY2(care ? share >= 0.60 : share >= 0.40, qPrintable(QString::number(share)));
        const QString fees = rig.k->find<QLabel>(QStringLiteral("paymentFees"))->text();
        QVERIFY2(fees.contains(QStringLiteral("60.00")) && fees.contains(QStringLiteral("15.00")), qPrintable(fees));
        QVERIFY(rig.k->find<QLabel>(QStringLiteral("paymentTotal"))->text().contains(QStringLiteral("75.00")));
        QVERIFY(!rig.k->find<QLabel>(QStringLiteral("paymentCountdown"))->text().isEmpty());
        auto *later = rig.k->find<QPushButton>(QStringLiteral("paymentPayLater"));
        QVERIFY(later && later->isVisible() && later->height() >= 56);
        QCOMPARE(later->visibleRegion().boundingRect().height(), later->height());
        const QImage img = rig.k->window->grab().toImage();
        QVERIFY(img.save(dir + QStringLiteral("/payment-%1-%2.png").arg(language, care ? "care" : "standard")));
        QVERIFY2(img.size() == size, "the payment screen made the window grow");
        for (QWidget *w : rig.k->window->findChildren<QWidget *>()) {
            if (!w->isVisible())
                continue;
            if (auto *b = qobject_cast<QAbstractButton *>(w))
                QVERIFY2(!b->accessibleName().isEmpty(), qPrintable("no accessible name: " + w->objectName()));
            auto *l = qobject_cast<QLabel *>(w);
            if (!l || l->text().isEmpty() || !l->wordWrap())
                continue;
            QVERIFY2(l->heightForWidth(l->width()) <= l->height() + 2,
                     qPrintable("clipped: " + l->objectName() + QLatin1Char(' ') + l->text()));
        }
        // Paid on the phone: the status says so, the receipt carries the amount and the e-invoice number.
        {
            QMutexLocker l(&rig.shared.mutex);
            rig.shared.paid = true;
        }
        QTRY_COMPARE_WITH_TIMEOUT(app::toString(screen->order().state), QStringLiteral("paid"), 8000);
        settle();
        app::VisitState *v = app::VisitState::of(rig.k->session.get());
        QCOMPARE(v->receipt()->paidFen, qint64(7500));
        QCOMPARE(v->receipt()->invoiceNo, QStringLiteral("4400202612070001"));
        QVERIFY(app::receiptFeeLines(*v->receipt()).join(' ').contains(QStringLiteral("4400202612070001")));
        QVERIFY(rig.k->find<QPushButton>(QStringLiteral("paymentFinish"))->isVisible());
        QVERIFY(!later->isVisible());
        QVERIFY(!qr->isVisible() || qr->pixmap().isNull());
        QVERIFY(rig.k->window->grab().toImage().save(
            dir + QStringLiteral("/payment-paid-%1-%2.png").arg(language, care ? "care" : "standard")));
    }

    // A landscape panel: the QR code stays within half the height, so the fees and "pay later" stay in view.
    void landscape_fitsTheScreen_data()
    {
        QTest::addColumn<bool>("care");
        QTest::newRow("standard") << false;
        QTest::newRow("care") << true;
    }
    void landscape_fitsTheScreen()
    {
        QFETCH(bool, care);
        const QSize size(1920, 1080);
        Rig rig;
        QVERIFY(rig.start(size));
        ui::PaymentScreen *screen = rig.openPayment(QStringLiteral("zh_HK"), care);
        QVERIFY(screen);
        QTRY_COMPARE_WITH_TIMEOUT(app::toString(screen->order().state), QStringLiteral("pending"), 5000);
        settle();
        const QImage img = rig.k->window->grab().toImage();
        QString dir = qEnvironmentVariable("KIOSK_SCREENSHOT_DIR");
        if (dir.isEmpty())
            dir = qEnvironmentVariable("KIOSK_BINARY_DIR", QDir::tempPath()) + QStringLiteral("/screenshots");
        QVERIFY(img.save(dir + QStringLiteral("/payment-zh_HK-%1-landscape.png").arg(care ? "care" : "standard")));
        QCOMPARE(img.size(), size);
        auto *later = rig.k->find<QPushButton>(QStringLiteral("paymentPayLater"));
        QVERIFY(later && later->isVisible());
        // Whole on the screen: not cut by the scroll area's edge.
        QCOMPARE(later->visibleRegion().boundingRect().height(), later->height());
        QVERIFY(!rig.k->find<QLabel>(QStringLiteral("paymentQr"))->pixmap().isNull());
    }

    void payerCode_fromTheScanner_sentOnce_andRefusedElsewhere()
    {
        Rig rig;
        QVERIFY(rig.start({1080, 1920}));
        const QString code = QStringLiteral("134567890123456789");
        // Outside the payment screen (the progress screen listens for a receipt code): refused, never passed on.
        QObject other;
        rig.codes.listen(&other);
        QSignalSpy codes(&rig.codes, &app::CodeInput::code);
        QSignalSpy rejected(&rig.codes, &app::CodeInput::rejected);
        rig.codes.acceptCode(code);
        QCOMPARE(codes.count(), 0);
        QCOMPARE(rejected.count(), 1);
        rig.codes.stop(&other);

        ui::PaymentScreen *screen = rig.openPayment(QStringLiteral("zh_CN"), false);
        QVERIFY(screen);
        QTRY_COMPARE_WITH_TIMEOUT(app::toString(screen->order().state), QStringLiteral("pending"), 5000);
        rig.codes.acceptCode(QStringLiteral("GD-DEV-0001-20261207-000001")); // not a payment code: refused here
        QCOMPARE(codes.count(), 0);
        QCOMPARE(rejected.count(), 2);
        rig.codes.acceptCode(code);
        QCOMPARE(codes.count(), 0); // never on the general signal that other screens hear
        QTRY_COMPARE_WITH_TIMEOUT(app::toString(screen->order().state), QStringLiteral("paid"), 8000);
        QCOMPARE(app::toString(screen->order().method), QStringLiteral("payer_code"));
        QMutexLocker l(&rig.shared.mutex);
        QCOMPARE(rig.shared.createBodies.size(), 2); // the QR order (then cancelled), the payer_code order
        int withCode = 0;
        for (const QByteArray &b : rig.shared.createBodies)
            withCode += b.contains(code.toLatin1()) ? 1 : 0;
        QCOMPARE(withCode, 1);
        QCOMPARE(rig.shared.status.values().count(QStringLiteral("cancelled")), 1);
    }

    void payLater_cancelsTheOpenOrder_andEndsTheVisit()
    {
        Rig rig;
        QVERIFY(rig.start({1080, 1920}));
        ui::PaymentScreen *screen = rig.openPayment(QStringLiteral("en"), false);
        QVERIFY(screen);
        QTRY_COMPARE_WITH_TIMEOUT(app::toString(screen->order().state), QStringLiteral("pending"), 5000);
        const QString id = screen->order().id;
        rig.k->click(QStringLiteral("paymentPayLater"));
        QTRY_COMPARE_WITH_TIMEOUT(rig.k->session->currentScreen(), app::KioskSession::kAttract, 3000);
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                QMutexLocker l(&rig.shared.mutex);
                return rig.shared.status.value(id) == QLatin1String("cancelled");
            }(),
            5000);
    }

    // The idle wipe ends the screen, not the order: paid on the phone afterwards, it is resolved in the background
    // and reported once as ended (what the composition root writes to the audit chain).
    void idleWipe_endsTheScreen_theOrderIsResolvedInTheBackground()
    {
        Rig rig;
        QVERIFY(rig.start({1080, 1920}));
        ui::PaymentScreen *screen = rig.openPayment(QStringLiteral("zh_CN"), false);
        QVERIFY(screen);
        QTRY_COMPARE_WITH_TIMEOUT(app::toString(screen->order().state), QStringLiteral("pending"), 5000);
        const QString id = screen->order().id;
        QSignalSpy ended(rig.payments.get(), &app::PaymentService::orderEnded);
        rig.k->session->cancel(); // what the idle countdown does when it runs out
        QTRY_COMPARE_WITH_TIMEOUT(rig.k->session->currentScreen(), app::KioskSession::kAttract, 3000);
        {
            QMutexLocker l(&rig.shared.mutex);
            QCOMPARE(rig.shared.status.value(id), QStringLiteral("pending")); // not cancelled by the wipe
            rig.shared.paid = true;
        }
        QTRY_VERIFY_WITH_TIMEOUT(!ended.isEmpty(), 10000);
        const auto o = ended.first().first().value<app::PaymentOrder>();
        QCOMPARE(o.id, id);
        QCOMPARE(app::toString(o.state), QStringLiteral("paid"));
    }

    void receiptLines_sayHowToPayLater()
    {
        app::ReceiptData r = caseReceipt();
        QVERIFY(app::receiptFeeLines(r).join(' ').contains(r.caseNo));
        QVERIFY(app::receiptFeeLines(r).join(' ').contains(QStringLiteral("75.00")));
        r.caseNo.clear();
        r.queued = true; // offline: pay after acceptance, with the local number
        QVERIFY(app::receiptFeeLines(r).join(' ').contains(r.localNo));
        r.feeDueFen = 0;
        QVERIFY(app::receiptFeeLines(r).isEmpty());
    }
};

QTEST_MAIN(PaymentScreenTest)
#include "test_payment_screen.moc"
