// `kioskctl payments list|status ID` as a technician runs it, over a payments.sqlite the kiosk's ledger wrote: order
// id, case number, amount and state; a missing database is "no orders" and is not created; an unknown id is exit 1.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include "app/payments/payment_ledger.h"

using namespace kiosk::app;

class KioskctlPaymentsTest : public QObject
{
    Q_OBJECT

    QTemporaryDir dir_;
    QString config_;

    static QString kioskctl() { return qEnvironmentVariable("KIOSK_BINARY_DIR") + "/app/kioskctl/kioskctl"; }
    int run(QStringList args, QByteArray *out)
    {
        args.prepend(config_);
        args.prepend(QStringLiteral("--config"));
        QProcess p;
        p.start(kioskctl(), args);
        if (!p.waitForFinished(20000))
            return -1;
        *out = p.readAllStandardOutput();
        return p.exitCode();
    }

private slots:
    void initTestCase()
    {
        QVERIFY(dir_.isValid());
        config_ = dir_.filePath("kiosk.conf");
        QFile f(config_);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QStringLiteral("[kiosk]\nid=GD-DEV-0001\ndata_dir=%1\n").arg(dir_.filePath("data")).toUtf8());
    }

    void noDatabase_noOrders_andNothingCreated()
    {
        QByteArray out;
        QCOMPARE(run({"payments", "list"}, &out), 0);
        QVERIFY2(out.contains("no payment orders"), out.constData());
        QVERIFY(!QFile::exists(dir_.filePath("data/payments.sqlite")));
    }

    void listAndStatus_showOrderCaseAmountState()
    {
        QDir().mkpath(dir_.filePath("data"));
        QString error;
        auto ledger = PaymentLedger::open({dir_.filePath("data/payments.sqlite"), {}}, &error);
        QVERIFY2(ledger, qPrintable(error));
        const PaymentOrder o =
            ledger->orderFor({"GD-C-000042", "GD-CRJ-001", {"EEP-HKMO", "ENDORSE-ONCE"}, 7500}, PaymentMethod::Qr)
                .value;
        ledger.reset();
        QByteArray out;
        QCOMPARE(run({"payments", "list"}, &out), 0);
        QVERIFY2(out.contains(o.id.toLatin1()) && out.contains("GD-C-000042") && out.contains("75.00 yuan") &&
                     out.contains("creating"),
                 out.constData());
        QCOMPARE(run({"--json", "payments", "list"}, &out), 0);
        const QJsonArray list = QJsonDocument::fromJson(out).object().value("payments").toArray();
        QCOMPARE(list.size(), 1);
        QCOMPARE(list[0].toObject().value("amount_fen").toInteger(), qint64(7500));
        QCOMPARE(list[0].toObject().value("state").toString(), QStringLiteral("creating"));
        QCOMPARE(run({"--json", "payments", "status", o.id}, &out), 0);
        QCOMPARE(QJsonDocument::fromJson(out).object().value("case_no").toString(), QStringLiteral("GD-C-000042"));
        QCOMPARE(run({"payments", "status", "no-such-order"}, &out), 1);
        QCOMPARE(run({"payments", "status"}, &out), 2);
    }
};

QTEST_GUILESS_MAIN(KioskctlPaymentsTest)
#include "test_kioskctl_payments.moc"
