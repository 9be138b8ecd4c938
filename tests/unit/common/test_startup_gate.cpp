// Specification of StartupGate: open by default (work runs at the event loop's next turn), held work runs only after
// open(), in order, and never for a context that is gone.
#include <QTest>

#include <memory>

#include "common/startup_gate.h"

using kiosk::common::StartupGate;

class StartupGateTest : public QObject
{
    Q_OBJECT
private slots:
    void openByDefault_runsAtTheNextTurn()
    {
        QVERIFY(StartupGate::isOpen());
        QObject context;
        int runs = 0;
        StartupGate::whenOpen(&context, [&] { ++runs; });
        QCOMPARE(runs, 0); // not inside the caller
        QTRY_COMPARE(runs, 1);
    }

    void held_runsOnlyAfterOpen_inOrder_andNotForAGoneContext()
    {
        StartupGate::hold();
        QVERIFY(!StartupGate::isOpen());
        QObject context;
        auto gone = std::make_unique<QObject>();
        QStringList order;
        StartupGate::whenOpen(&context, [&] { order << QStringLiteral("first"); });
        StartupGate::whenOpen(gone.get(), [&] { order << QStringLiteral("gone"); });
        StartupGate::whenOpen(&context, [&] { order << QStringLiteral("second"); });
        gone.reset();
        QTest::qWait(50);
        QVERIFY(order.isEmpty()); // held: the first screen is not up yet
        StartupGate::open();
        QVERIFY(StartupGate::isOpen());
        QTRY_COMPARE(order, (QStringList{QStringLiteral("first"), QStringLiteral("second")}));
        StartupGate::open(); // idempotent: nothing runs twice
        QTest::qWait(20);
        QCOMPARE(order.size(), 2);
    }
};

QTEST_GUILESS_MAIN(StartupGateTest)
#include "test_startup_gate.moc"
