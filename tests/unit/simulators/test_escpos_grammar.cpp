// The one ESC/POS command table (drivers/receipt_printer/escpos_grammar.h): each length rule measured on sample
// commands, and every entry of the table split by the simulator's stream splitter and consumed by the renderer to
// exactly the length the table gives, so the two can no longer disagree about where a command ends.
#include <QTest>

#include "drivers/receipt_printer/escpos_grammar.h"
#include "drivers/receipt_printer/escpos_renderer.h"
#include "drivers/simulators/escpos_stream_splitter.h"
#include "simulator_test_support.h"

using namespace kiosk::drivers;
using escpos::CommandEffect;
using escpos::LengthRule;
using simulator_test::hex;

Q_DECLARE_METATYPE(CommandEffect)

namespace {

escpos::CommandLength measure(const QByteArray &bytes)
{
    return escpos::measureCommand(reinterpret_cast<const uchar *>(bytes.constData()), bytes.size());
}

// The shortest well-formed instance of a table entry: parameters of `fill` (0 gives empty bodies) until the
// measure is complete.
QByteArray instance(const escpos::CommandSpec &spec, char fill)
{
    QByteArray bytes;
    bytes.append(char(spec.prefix)).append(char(spec.code));
    for (escpos::CommandLength m = measure(bytes); !m.complete || m.length > bytes.size(); m = measure(bytes))
        bytes.append(fill);
    return bytes;
}

QList<escpos::CommandSpec> table()
{
    qsizetype count = 0;
    const escpos::CommandSpec *first = escpos::commandTable(&count);
    return QList<escpos::CommandSpec>(first, first + count);
}

} // namespace

class TestEscPosGrammar : public QObject
{
    Q_OBJECT
private slots:
    void measure_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<bool>("complete");
        QTest::addColumn<qint64>("length");
        QTest::addColumn<CommandEffect>("effect");
        const auto none = CommandEffect::None;
        QTest::newRow("text byte") << QByteArray("A") << true << qint64(1) << none;
        QTest::newRow("GB18030 lead byte") << hex("B0 A1") << true << qint64(1) << none;
        QTest::newRow("ESC alone") << hex("1B") << false << qint64(2) << none;
        QTest::newRow("unknown ESC F0") << hex("1B F0 41") << true << qint64(2) << none;
        QTest::newRow("fixed ESC @") << hex("1B 40") << true << qint64(2) << none;
        QTest::newRow("fixed ESC p") << hex("1B 70 00 19 FA") << true << qint64(5) << none;
        QTest::newRow("fixed ESC W") << hex("1B 57") << true << qint64(10) << none;
        QTest::newRow("fixed FS 2") << hex("1C 32") << true << qint64(76) << none;
        QTest::newRow("cut ESC i") << hex("1B 69") << true << qint64(2) << CommandEffect::Cut;
        QTest::newRow("cut GS V 0") << hex("1D 56 00") << true << qint64(3) << CommandEffect::Cut;
        QTest::newRow("cut GS V 66 n") << hex("1D 56 42 10") << true << qint64(4) << CommandEffect::Cut;
        QTest::newRow("GS V 66 without n") << hex("1D 56 42") << false << qint64(4) << none;
        QTest::newRow("GS V 2 is no cut") << hex("1D 56 02") << true << qint64(3) << none;
        QTest::newRow("DLE EOT 1 status") << hex("10 04 01") << true << qint64(3) << CommandEffect::StatusQuery;
        QTest::newRow("DLE EOT 4 status") << hex("10 04 04") << true << qint64(3) << CommandEffect::StatusQuery;
        QTest::newRow("DLE EOT 5") << hex("10 04 05") << true << qint64(3) << none;
        QTest::newRow("DLE EOT 7 n") << hex("10 04 07 01") << true << qint64(4) << none;
        QTest::newRow("DLE DC4 1") << hex("10 14 01") << true << qint64(5) << none;
        QTest::newRow("DLE DC4 8") << hex("10 14 08") << true << qint64(10) << none;
        QTest::newRow("ESC D to its NUL") << hex("1B 44 08 10 00 41") << true << qint64(5) << none;
        QTest::newRow("ESC D without NUL yet") << hex("1B 44 08 10") << false << qint64(5) << none;
        QTest::newRow("ESC D capped at 32") << hex("1B 44") + QByteArray(40, '\x05') << true << qint64(35) << none;
        QTest::newRow("ESC * 24-dot 2 columns") << hex("1B 2A 21 02 00") << true << qint64(11) << none;
        QTest::newRow("ESC * bad mode: head only") << hex("1B 2A 05 02 00") << true << qint64(5) << none;
        QTest::newRow("ESC & 1 char x=2 y=3") << hex("1B 26 03 41 41 02") << true << qint64(12) << none;
        QTest::newRow("GS ( k 3 bytes") << hex("1D 28 6B 03 00") << true << qint64(8) << none;
        QTest::newRow("FS ( A 256 bytes") << hex("1C 28 41 00 01") << true << qint64(261) << none;
        QTest::newRow("GS 8 L 32-bit") << hex("1D 38 4C 00 00 01 00") << true << qint64(7 + 65536) << none;
        QTest::newRow("GS * 2x3") << hex("1D 2A 02 03") << true << qint64(4 + 48) << none;
        QTest::newRow("GS v 0 2x3") << hex("1D 76 30 00 02 00 03 00") << true << qint64(14) << none;
        QTest::newRow("GS k m<=6 to NUL") << hex("1D 6B 04 41 42 00") << true << qint64(6) << none;
        QTest::newRow("GS k m>=65 counted") << hex("1D 6B 49 03") << true << qint64(7) << none;
        QTest::newRow("FS q 1 image 1x1") << hex("1C 71 01 01 00 01 00") << true << qint64(15) << none;
        QTest::newRow("FS q head missing") << hex("1C 71 01 01") << false << qint64(7) << none;
    }
    void measure()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(bool, complete);
        QFETCH(qint64, length);
        QFETCH(CommandEffect, effect);
        const escpos::CommandLength m = ::measure(bytes);
        QCOMPARE(m.complete, complete);
        QCOMPARE(m.length, length);
        QCOMPARE(int(m.effect), int(effect));
    }

    void table_hasNoDuplicates_andOnlyCommandPrefixes()
    {
        const QList<escpos::CommandSpec> all = table();
        QVERIFY(all.size() >= 70);
        QSet<int> seen;
        for (const escpos::CommandSpec &s : all) {
            QVERIFY2(escpos::isCommandPrefix(s.prefix), s.name);
            QVERIFY2(!seen.contains(s.prefix * 256 + s.code), s.name);
            seen.insert(s.prefix * 256 + s.code);
            QCOMPARE(escpos::findCommand(s.prefix, s.code)->name, s.name);
            QVERIFY2(s.rule != LengthRule::Fixed || s.length >= 2, s.name);
        }
    }

    void everyEntry_splitterAndRendererEndItWhereTheTableDoes_data()
    {
        QTest::addColumn<QByteArray>("command");
        QTest::addColumn<bool>("fixed");
        for (const escpos::CommandSpec &s : table()) {
            const bool fixed = s.rule == LengthRule::Fixed;
            // Fixed commands get 0x01 parameters: a renderer that stopped short would meet them as control bytes.
            QTest::newRow(s.name) << instance(s, fixed ? '\x01' : '\0') << fixed;
        }
    }
    void everyEntry_splitterAndRendererEndItWhereTheTableDoes()
    {
        QFETCH(QByteArray, command);
        QFETCH(bool, fixed);
        // The splitter: a status query right after the command is recognised, so the command ended exactly there.
        simulators::EscPosStreamSplitter splitter;
        const QList<simulators::EscPosToken> tokens = splitter.feed(command + hex("10 04 01"));
        QVERIFY(!tokens.isEmpty());
        QCOMPARE(int(tokens.last().kind), int(simulators::EscPosToken::Kind::StatusQuery));
        QCOMPARE(tokens.last().bytes, hex("10 04 01"));
        QCOMPARE(splitter.pendingBytes(), 0);

        // The renderer: the text after the command survives, nothing is truncated and (fixed) no parameter byte is
        // left over to be read as a control byte.
        escpos::RenderOptions o;
        o.drawImages = false;
        escpos::EscPosRenderer renderer(o);
        const escpos::RenderResult r = renderer.render("A\n" + command + "B\n" + hex("1D 56 00"));
        QVERIFY(!r.text().isEmpty());
        QCOMPARE(r.text().last(), QStringLiteral("B"));
        QStringList issues;
        for (const escpos::RenderIssue &i : r.issues) {
            issues << escpos::toString(i.kind) + QLatin1Char(' ') + i.message;
            QVERIFY2(i.kind != escpos::RenderIssue::Kind::TruncatedCommand, qPrintable(issues.join('\n')));
            if (fixed)
                QVERIFY2(!i.message.startsWith(QLatin1String("control byte")), qPrintable(issues.join('\n')));
        }
        QCOMPARE(r.statusQueries.size(),
                 command.startsWith(hex("10 04")) && command.at(2) >= 1 && command.at(2) <= 4 ? 1 : 0);
    }
};

QTEST_GUILESS_MAIN(TestEscPosGrammar)
#include "test_escpos_grammar.moc"
