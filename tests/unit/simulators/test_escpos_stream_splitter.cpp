// Tests how the simulated printer splits a live ESC/POS stream: status queries and cuts recognised, never inside
// a command's parameters or data, for any chunking, with bounded buffering.
#include <QTest>

#include "drivers/receipt_printer/escpos_renderer.h"
#include "drivers/simulators/escpos_stream_splitter.h"
#include "simulator_test_support.h"
#include "unit/receipt_printer/sample_receipt.h"

using namespace kiosk::drivers::simulators;
using simulator_test::hex;
using Kind = EscPosToken::Kind;

Q_DECLARE_METATYPE(QList<EscPosToken>)

namespace {

EscPosToken data(const QByteArray &b)
{
    return EscPosToken{Kind::PrintData, b, 0};
}
EscPosToken query(int n)
{
    return EscPosToken{Kind::StatusQuery, QByteArray("\x10\x04", 2) + char(n), std::uint8_t(n)};
}
EscPosToken cut(const QByteArray &b)
{
    return EscPosToken{Kind::Cut, b, 0};
}

// Merges adjacent print data so that results from different chunkings compare equal.
QList<EscPosToken> normalised(const QList<EscPosToken> &tokens)
{
    QList<EscPosToken> out;
    for (const EscPosToken &t : tokens) {
        if (t.kind == Kind::PrintData && !out.isEmpty() && out.last().kind == Kind::PrintData)
            out.last().bytes += t.bytes;
        else
            out << t;
    }
    return out;
}

QString describe(const QList<EscPosToken> &tokens)
{
    QStringList parts;
    for (const EscPosToken &t : tokens) {
        const char *k = t.kind == Kind::PrintData ? "data" : t.kind == Kind::Cut ? "cut" : "query";
        parts << QStringLiteral("%1[%2]").arg(QLatin1String(k), simulator_test::toHex(t.bytes));
    }
    return parts.join(QLatin1Char(' '));
}

} // namespace

class TestEscPosStreamSplitter : public QObject
{
    Q_OBJECT
private slots:
    void classifiesCommands_data()
    {
        QTest::addColumn<QByteArray>("stream");
        QTest::addColumn<QList<EscPosToken>>("expected");
        for (int n = 1; n <= 4; ++n)
            QTest::addRow("DLE EOT %d is a status query", n) << statusQueryBytes(n) << QList<EscPosToken>{query(n)};
        QTest::newRow("DLE EOT 5 is not a query") << hex("10 04 05") << QList<EscPosToken>{data(hex("10 04 05"))};
        QTest::newRow("GS V 0 full cut") << hex("1D 56 00") << QList<EscPosToken>{cut(hex("1D 56 00"))};
        QTest::newRow("GS V 1 partial cut") << hex("1D 56 01") << QList<EscPosToken>{cut(hex("1D 56 01"))};
        QTest::newRow("GS V '0'") << hex("1D 56 30") << QList<EscPosToken>{cut(hex("1D 56 30"))};
        QTest::newRow("GS V 66 n: feed and cut") << hex("1D 56 42 10") << QList<EscPosToken>{cut(hex("1D 56 42 10"))};
        QTest::newRow("ESC i") << hex("1B 69") << QList<EscPosToken>{cut(hex("1B 69"))};
        QTest::newRow("ESC m") << hex("1B 6D") << QList<EscPosToken>{cut(hex("1B 6D"))};
        QTest::newRow("GS V 2 is ignored, not a cut") << hex("1D 56 02") << QList<EscPosToken>{data(hex("1D 56 02"))};
        QTest::newRow("text, cut, text") << QByteArray("AB\n\x1D\x56\x00"
                                                       "C\n",
                                                       8)
                                         << QList<EscPosToken>{data("AB\n"), cut(hex("1D 56 00")), data("C\n")};
        QTest::newRow("query between text lines") << QByteArray("A\n\x10\x04\x04"
                                                                "B\n",
                                                                7)
                                                  << QList<EscPosToken>{data("A\n"), query(4), data("B\n")};
        const QByteArray qrStore = hex("1D 28 6B 09 00 31 50 30 10 04 01 1D 56 00");
        QTest::newRow("DLE EOT and GS V inside QR data are data") << qrStore << QList<EscPosToken>{data(qrStore)};
        const QByteArray tabs = hex("1B 44 08 10 04 00");
        QTest::newRow("DLE EOT bytes inside ESC D tab stops are data") << tabs << QList<EscPosToken>{data(tabs)};
        const QByteArray bitImage = hex("1B 2A 00 03 00 10 04 02");
        QTest::newRow("DLE EOT bytes inside ESC * columns are data") << bitImage << QList<EscPosToken>{data(bitImage)};
        const QByteArray barcode = hex("1D 6B 04 10 04 04 00");
        QTest::newRow("GS k m<=6 runs to its NUL") << barcode << QList<EscPosToken>{data(barcode)};
        const QByteArray gb = QByteArray("\xB2\xE2\xCA\xD4\n"); // 测试 in GB18030
        QTest::newRow("GB18030 text") << gb << QList<EscPosToken>{data(gb)};
    }
    void classifiesCommands()
    {
        QFETCH(QByteArray, stream);
        QFETCH(QList<EscPosToken>, expected);
        EscPosStreamSplitter s;
        const QList<EscPosToken> got = normalised(s.feed(stream));
        QVERIFY2(got == expected,
                 qPrintable(QStringLiteral("got %1, expected %2").arg(describe(got), describe(expected))));
        QCOMPARE(s.pendingBytes(), 0);
    }

    void anyChunkingGivesTheSameTokens()
    {
        const auto sample = kiosk::test::acceptanceReceipt();
        QVERIFY(sample.encodedOk);
        const QByteArray stream = statusQueryBytes(4) + sample.bytes + statusQueryBytes(2) + sample.bytes;
        EscPosStreamSplitter whole;
        const QList<EscPosToken> expected = normalised(whole.feed(stream));
        QCOMPARE(expected.size(), 6); // query, receipt, cut, query, receipt, cut
        for (int chunk : {1, 2, 3, 7, 64}) {
            EscPosStreamSplitter s;
            QList<EscPosToken> got;
            for (qsizetype i = 0; i < stream.size(); i += chunk)
                got += s.feed(stream.mid(i, chunk));
            QVERIFY2(normalised(got) == expected, qPrintable(QStringLiteral("chunk size %1").arg(chunk)));
            QCOMPARE(s.pendingBytes(), 0);
        }
    }

    void splitsWhereTheRendererEndsPages()
    {
        // The splitter and the renderer must agree on where commands end: one cut token per rendered page.
        const auto sample = kiosk::test::acceptanceReceipt();
        const QByteArray stream = sample.bytes + sample.bytes + sample.bytes;
        EscPosStreamSplitter s;
        int cuts = 0;
        for (const EscPosToken &t : s.feed(stream))
            cuts += t.kind == Kind::Cut;
        kiosk::drivers::escpos::RenderOptions o;
        o.drawImages = false;
        kiosk::drivers::escpos::EscPosRenderer renderer(o);
        QCOMPARE(cuts, int(renderer.render(stream).pages.size()));
        QCOMPARE(cuts, 3);
    }

    void largeImageBodiesStreamThroughWithoutBuffering()
    {
        // GS v 0: 100 bytes x 100 rows of raster data, full of bytes that look like DLE EOT 4 and GS V 0.
        QByteArray body;
        while (body.size() < 100 * 100)
            body += hex("10 04 04 1D 56 00");
        body.truncate(100 * 100);
        const QByteArray header = hex("1D 76 30 00 64 00 64 00");
        EscPosStreamSplitter s;
        const QList<EscPosToken> first = s.feed(header + body.left(5000));
        QCOMPARE(s.pendingBytes(), 0);
        QCOMPARE(normalised(first), QList<EscPosToken>{data(header + body.left(5000))});
        const QList<EscPosToken> rest = normalised(s.feed(body.mid(5000) + statusQueryBytes(1)));
        QCOMPARE(rest, (QList<EscPosToken>{data(body.mid(5000)), query(1)}));
    }

    void resetForgetsAHalfReceivedCommand()
    {
        EscPosStreamSplitter s;
        s.feed(hex("1D 28 6B 40 00 31 50 30 41 42"));
        s.reset();
        QCOMPARE(normalised(s.feed(statusQueryBytes(4))), QList<EscPosToken>{query(4)});
    }

private:
    static QByteArray statusQueryBytes(int n) { return QByteArray("\x10\x04", 2) + char(n); }
};

QTEST_GUILESS_MAIN(TestEscPosStreamSplitter)
#include "test_escpos_stream_splitter.moc"
