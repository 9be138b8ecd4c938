// Specification of the retry timing: exponential ceiling with a cap, full jitter inside [0, ceiling], Retry-After as
// a floor, and Retry-After header parsing (seconds or HTTP date).
#include <QTest>

#include "offline_queue/backoff.h"

using namespace kiosk::queue;

Q_DECLARE_METATYPE(std::optional<qint64>)

class TestBackoff : public QObject
{
    Q_OBJECT

private slots:
    void ceiling_doublesFrom30sUpToOneHour_data()
    {
        QTest::addColumn<int>("failures");
        QTest::addColumn<qint64>("ceilingMs");
        QTest::newRow("first retry") << 0 << qint64(30'000);
        QTest::newRow("second") << 1 << qint64(60'000);
        QTest::newRow("sixth") << 5 << qint64(960'000);
        QTest::newRow("seventh") << 6 << qint64(1'920'000);
        QTest::newRow("eighth hits the cap") << 7 << qint64(3'600'000);
        QTest::newRow("many: still the cap, no overflow") << 10'000 << qint64(3'600'000);
        QTest::newRow("negative treated as zero") << -3 << qint64(30'000);
    }
    void ceiling_doublesFrom30sUpToOneHour()
    {
        QFETCH(int, failures);
        QFETCH(qint64, ceilingMs);
        const BackoffPolicy production;
        QCOMPARE(backoffCeilingMs(production, qMax(0, failures)), ceilingMs);
        QCOMPARE(backoffDelayMs(production, failures, 0.999999999), ceilingMs);
    }

    void policy_isConfigurable()
    {
        const BackoffPolicy fast{100, 1000, 5000};
        QCOMPARE(backoffCeilingMs(fast, 0), 100);
        QCOMPARE(backoffCeilingMs(fast, 3), 800);
        QCOMPARE(backoffCeilingMs(fast, 4), 1000);
        QCOMPARE(backoffDelayMs(fast, 0, 0.5), 50);
    }

    void fullJitter_staysWithinZeroAndTheCeiling()
    {
        const BackoffPolicy production;
        for (int failures = 0; failures < 12; ++failures) {
            const qint64 ceiling = backoffCeilingMs(production, failures);
            QCOMPARE(backoffDelayMs(production, failures, 0.0), 0);
            QCOMPARE(backoffDelayMs(production, failures, 1.0), ceiling); // out-of-range draws are clamped
            QCOMPARE(backoffDelayMs(production, failures, -1.0), 0);
            QCOMPARE(backoffDelayMs(production, failures, qQNaN()), 0);
            qint64 lo = ceiling;
            qint64 hi = 0;
            double sum = 0;
            const int draws = 5000;
            for (int i = 0; i < draws; ++i) {
                const qint64 d = backoffDelayMs(production, failures);
                QVERIFY(d >= 0 && d <= ceiling);
                lo = qMin(lo, d);
                hi = qMax(hi, d);
                sum += double(d);
            }
            // Full jitter spreads over the whole range (mean near half the ceiling), not a band near the top.
            QVERIFY(lo < ceiling / 10);
            QVERIFY(hi > ceiling * 9 / 10);
            QVERIFY(qAbs(sum / draws - ceiling / 2.0) < ceiling * 0.05);
        }
    }

    void retryAfter_isAFloor_data()
    {
        QTest::addColumn<double>("draw");
        QTest::addColumn<qint64>("retryAfterMs");
        QTest::addColumn<qint64>("expected");
        QTest::newRow("longer than the jitter wins") << 0.1 << qint64(120'000) << qint64(120'000);
        QTest::newRow("shorter than the jitter: jitter") << 0.9 << qint64(1'000) << qint64(27'000);
        QTest::newRow("beyond the one-hour cap is honoured") << 0.5 << qint64(7'200'000) << qint64(7'200'000);
        QTest::newRow("a year is clamped to a day") << 0.5 << qint64(365) * 86'400'000 << qint64(86'400'000);
        QTest::newRow("negative is ignored") << 0.0 << qint64(-5) << qint64(0);
    }
    void retryAfter_isAFloor()
    {
        QFETCH(double, draw);
        QFETCH(qint64, retryAfterMs);
        QFETCH(qint64, expected);
        QCOMPARE(backoffDelayMs(BackoffPolicy{}, 0, draw, retryAfterMs), expected);
    }

    void retryAfterHeader_parses_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<std::optional<qint64>>("expected");
        QTest::newRow("delta seconds") << QByteArray("120") << std::optional<qint64>(120'000);
        QTest::newRow("zero") << QByteArray("0") << std::optional<qint64>(0);
        QTest::newRow("spaces around") << QByteArray(" 5 ") << std::optional<qint64>(5'000);
        QTest::newRow("HTTP date a minute ahead")
            << QByteArray("Sat, 01 Jun 2024 02:01:00 GMT") << std::optional<qint64>(60'000);
        QTest::newRow("RFC 850 date") << QByteArray("Saturday, 01-Jun-24 02:00:30 GMT")
                                      << std::optional<qint64>(30'000);
        QTest::newRow("asctime date") << QByteArray("Sat Jun  1 02:02:00 2024") << std::optional<qint64>(120'000);
        QTest::newRow("impossible date") << QByteArray("Sat, 31 Feb 2024 02:01:00 GMT") << std::optional<qint64>();
        QTest::newRow("HTTP date in the past")
            << QByteArray("Fri, 31 May 2024 02:00:00 GMT") << std::optional<qint64>(0);
        QTest::newRow("negative") << QByteArray("-5") << std::optional<qint64>();
        QTest::newRow("fraction") << QByteArray("1.5") << std::optional<qint64>();
        QTest::newRow("garbage") << QByteArray("soon") << std::optional<qint64>();
        QTest::newRow("empty") << QByteArray() << std::optional<qint64>();
        QTest::newRow("absurdly long number") << QByteArray("99999999999999999999") << std::optional<qint64>();
    }
    void retryAfterHeader_parses()
    {
        QFETCH(QByteArray, value);
        QFETCH(std::optional<qint64>, expected);
        const QDateTime now(QDate(2024, 6, 1), QTime(2, 0), Qt::UTC);
        QCOMPARE(parseRetryAfterMs(value, now), expected);
    }
};

QTEST_GUILESS_MAIN(TestBackoff)
#include "test_backoff.moc"
