// Specification of the canonical JSON the signature covers: RFC 8785 vectors that fit the subset, tricky strings, and
// the inputs outside the subset that must be refused.
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <algorithm>

#include "offline_queue/envelope.h"

using namespace kiosk::queue;

namespace {
QJsonObject parse(const QByteArray &json)
{
    QJsonParseError e;
    const QJsonDocument d = QJsonDocument::fromJson(json, &e);
    if (e.error != QJsonParseError::NoError)
        qFatal("test input does not parse: %s", qPrintable(e.errorString()));
    return d.object();
}
} // namespace

class TestCanonicalJson : public QObject
{
    Q_OBJECT

private slots:
    void serialises_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QString>("expected"); // as text; compared as its UTF-8 bytes

        // RFC 8785 section 3.2.3, the sorting example: UTF-16 code units put the emoji (D83D DE00) before U+FB33,
        // although its code point (U+1F600) is larger.
        QTest::newRow("RFC 8785 3.2.3 property sorting")
            << QByteArray(R"({"\u20ac":"Euro Sign","\r":"Carriage Return","\ufb33":"Hebrew Letter Dalet With Dagesh",)"
                          R"("1":"One","\ud83d\ude00":"Emoji: Grinning Face","\u0080":"Control",)"
                          R"("\u00f6":"Latin Small Letter O With Diaeresis"})")
            << QString::fromUtf16(u"{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\","
                                  u"\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\","
                                  u"\"\U0001F600\":\"Emoji: Grinning Face\","
                                  u"\"\uFB33\":\"Hebrew Letter Dalet With Dagesh\"}");
        // RFC 8785 section 3.2.2 without its "numbers" member (floats are outside the subset).
        QTest::newRow("RFC 8785 3.2.2 strings and literals")
            << QByteArray(
                   R"({"string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/", "literals": [null, true, false]})")
            << QString::fromUtf16(
                   u"{\"literals\":[null,true,false],\"string\":\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
        QTest::newRow("euro before emoji (same in both orders)")
            << QByteArray(R"({"\ud83d\ude00":2,"\u20ac":1})") << QString::fromUtf16(u"{\"\u20ac\":1,\"\U0001F600\":2}");
        QTest::newRow("emoji before U+FFFD-range key (UTF-16 order, not code points)")
            << QByteArray(R"({"\ufb33":1,"\ud83d\ude00":2,"\uffff":3})")
            << QString::fromUtf16(u"{\"\U0001F600\":2,\"\uFB33\":1,\"\uFFFF\":3}");
        QTest::newRow("CJK keys sort after ASCII, values unescaped")
            << QByteArray(R"({"名称":"广州市天河区","a":"粤省事","Z":"张*"})")
            << QStringLiteral(R"({"Z":"张*","a":"粤省事","名称":"广州市天河区"})");
        QTest::newRow("empty key sorts first; prefix before longer")
            << QByteArray(R"({"ab":1,"a":2,"":3})") << QStringLiteral(R"({"":3,"a":2,"ab":1})");
        QTest::newRow("nested objects sorted, arrays keep order")
            << QByteArray(R"({"b":[3,1,{"y":1,"x":2}],"a":{"d":null,"c":true}})")
            << QStringLiteral(R"({"a":{"c":true,"d":null},"b":[3,1,{"x":2,"y":1}]})");
        QTest::newRow("slash, DEL, U+2028 and non-ASCII stay as they are")
            << QByteArray("{\"s\":\"a/b\x7f\\u2028\xc3\xa9\"}")
            << QString::fromUtf16(u"{\"s\":\"a/b\u007f\u2028\u00e9\"}");
        QTest::newRow("integers: zero, negatives, the largest safe ones, an integral double")
            << QByteArray(R"({"a":0,"b":-1,"c":9007199254740991,"d":-9007199254740991,"e":1.0,"f":-0})")
            << QStringLiteral(R"({"a":0,"b":-1,"c":9007199254740991,"d":-9007199254740991,"e":1,"f":0})");
        QTest::newRow("empty object and array")
            << QByteArray(R"({"o":{},"a":[]})") << QStringLiteral(R"({"a":[],"o":{}})");
    }
    void serialises()
    {
        QFETCH(QByteArray, input);
        QFETCH(QString, expected);
        QString error;
        const QByteArray out = canonicalJson(parse(input), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(out, expected.toUtf8());
        // Idempotent: canonical bytes parse back to the same canonical bytes.
        QCOMPARE(canonicalJson(parse(out)), out);
    }

    void controlCharacters_useRfc8785Escapes()
    {
        QString s;
        for (char16_t c = 0; c < 0x20; ++c)
            s.append(QChar(c));
        const QByteArray out = canonicalJson(QJsonObject{{"c", s}});
        QCOMPARE(out,
                 QByteArray(R"({"c":"\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000b\f\r\u000e\u000f)"
                            R"(\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d)"
                            R"(\u001e\u001f"})"));
    }

    void keysAreSortedByCodeUnits_whereCodePointOrderDiffers()
    {
        const QString emoji = QString::fromUtf16(u"\U0001F600");
        const QString dalet = QString::fromUtf16(u"\uFB33");
        // The two orders really disagree for this pair, so the test can tell them apart.
        QVERIFY(emoji.toUcs4().first() > dalet.toUcs4().first());
        QVERIFY(emoji.utf16()[0] < dalet.utf16()[0]);
        const QByteArray out = canonicalJson(QJsonObject{{dalet, 1}, {emoji, 2}});
        QVERIFY(out.indexOf(emoji.toUtf8()) < out.indexOf(dalet.toUtf8()));
    }

    void rejectsValuesOutsideTheSubset_data()
    {
        QTest::addColumn<QJsonObject>("input");
        QTest::addColumn<QString>("reason");
        QTest::newRow("fraction") << parse(R"({"n":1.5})") << "fraction";
        QTest::newRow("small fraction") << parse(R"({"n":0.002})") << "fraction";
        QTest::newRow("2^53") << parse(R"({"n":9007199254740992})") << "2^53";
        QTest::newRow("-2^53") << parse(R"({"n":-9007199254740992})") << "2^53";
        QTest::newRow("1e30 from RFC 8785") << parse(R"({"n":1E30})") << "2^53";
        QTest::newRow("qint64 beyond 2^53") << QJsonObject{{"n", qint64(1) << 60}} << "2^53";
        QTest::newRow("nested in an array") << parse(R"({"a":[1,{"b":4.5}]})") << "fraction";
        QTest::newRow("unpaired high surrogate") << QJsonObject{{"s", QString(QChar(0xD83D))}} << "surrogate";
        QTest::newRow("unpaired low surrogate in a key") << QJsonObject{{QString(QChar(0xDE00)), 1}} << "surrogate";
    }
    void rejectsValuesOutsideTheSubset()
    {
        QFETCH(QJsonObject, input);
        QFETCH(QString, reason);
        QString error;
        QVERIFY(canonicalJson(input, &error).isEmpty());
        QVERIFY2(error.contains(reason), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestCanonicalJson)
#include "test_canonical_json.moc"
