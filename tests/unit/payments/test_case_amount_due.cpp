// The fee still due on a case, as the platform's Case answer gives it (platform-api.md: `amount_due_fen`,
// `payment_status`): read when it is whole fen in range with a known status, otherwise shown as nothing due.
#include <QJsonObject>
#include <QTest>

#include "app/platform/platform_service.h"

using kiosk::app::CaseInfo;

class CaseAmountDueTest : public QObject
{
    Q_OBJECT
private slots:
    void readsTheAmountAndStatus_data()
    {
        QTest::addColumn<QJsonValue>("fen");
        QTest::addColumn<QString>("status");
        QTest::addColumn<qint64>("wantFen");
        QTest::addColumn<QString>("wantStatus");
        QTest::newRow("due") << QJsonValue(7500) << "due" << qint64(7500) << "due";
        QTest::newRow("paid") << QJsonValue(0) << "paid" << qint64(0) << "paid";
        QTest::newRow("none") << QJsonValue(0) << "none" << qint64(0) << "none";
        QTest::newRow("missing") << QJsonValue(QJsonValue::Undefined) << "" << qint64(0) << "none";
        QTest::newRow("negative") << QJsonValue(-100) << "due" << qint64(0) << "none";
        QTest::newRow("fraction of a fen") << QJsonValue(75.5) << "due" << qint64(0) << "none";
        QTest::newRow("absurd") << QJsonValue(1e15) << "due" << qint64(0) << "none";
        QTest::newRow("as text") << QJsonValue("7500") << "due" << qint64(0) << "none";
        QTest::newRow("unknown status") << QJsonValue(7500) << "owed" << qint64(0) << "none";
    }
    void readsTheAmountAndStatus()
    {
        QFETCH(QJsonValue, fen);
        QFETCH(QString, status);
        QFETCH(qint64, wantFen);
        QFETCH(QString, wantStatus);
        QJsonObject o{{"case_no", "GDZW20261207000001"}, {"status", "accepted"}};
        if (!fen.isUndefined())
            o.insert("amount_due_fen", fen);
        if (!status.isEmpty())
            o.insert("payment_status", status);
        const CaseInfo c = CaseInfo::fromJson(o);
        QCOMPARE(c.amountDueFen, wantFen);
        QCOMPARE(c.paymentStatus, wantStatus);
    }
};

QTEST_GUILESS_MAIN(CaseAmountDueTest)
#include "test_case_amount_due.moc"
