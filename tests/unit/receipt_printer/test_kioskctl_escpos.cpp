// Specification of `kioskctl escpos render`, run as the technician would run the built binary.
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include "unit/receipt_printer/sample_receipt.h"

class TestKioskctlEscpos : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void render_writesA576WidePng();
    void render_twoReceipts_writesOutAndOut2();
    void render_json_listsPagesTextQrAndWarnings();
    void render_unreadableInput_exits2();
    void render_nothingPrinted_exits1();

private:
    struct Run {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };
    Run kioskctl(const QStringList &args);
    QString write(const QString &name, const QByteArray &bytes);

    QString binary_;
    QTemporaryDir dir_;
};

void TestKioskctlEscpos::initTestCase()
{
    const QString buildDir = qEnvironmentVariable("KIOSK_BINARY_DIR");
    QVERIFY2(!buildDir.isEmpty(), "KIOSK_BINARY_DIR is not set; run through ctest");
    binary_ = buildDir + QStringLiteral("/app/kioskctl/kioskctl");
    QVERIFY2(QFileInfo(binary_).isExecutable(), qPrintable(binary_ + QStringLiteral(" is not built")));
    QVERIFY(dir_.isValid());
}

TestKioskctlEscpos::Run TestKioskctlEscpos::kioskctl(const QStringList &args)
{
    QProcess p;
    p.start(binary_, args);
    Run run;
    if (!p.waitForFinished(60000)) {
        p.kill();
        p.waitForFinished();
        return run;
    }
    run.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    run.out = p.readAllStandardOutput();
    run.err = p.readAllStandardError();
    return run;
}

QString TestKioskctlEscpos::write(const QString &name, const QByteArray &bytes)
{
    const QString path = dir_.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
        return {};
    return path;
}

void TestKioskctlEscpos::render_writesA576WidePng()
{
    const QString in = write(QStringLiteral("receipt.bin"), kiosk::test::acceptanceReceipt().bytes);
    const QString out = dir_.filePath(QStringLiteral("receipt.png"));
    const Run run = kioskctl({QStringLiteral("escpos"), QStringLiteral("render"), in, out});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QImage image(out, "PNG");
    QVERIFY(!image.isNull());
    QCOMPARE(image.width(), 576);
    QVERIFY(image.height() > 500);
    QVERIFY(!QFile::exists(dir_.filePath(QStringLiteral("receipt-2.png"))));
}

void TestKioskctlEscpos::render_twoReceipts_writesOutAndOut2()
{
    const QByteArray two = kiosk::test::acceptanceReceipt().bytes +
                           kiosk::test::acceptanceReceipt(QStringLiteral("GD-DEV-0001-20261122-000124")).bytes;
    const QString in = write(QStringLiteral("two.bin"), two);
    const QString out = dir_.filePath(QStringLiteral("two.png"));
    const Run run = kioskctl({QStringLiteral("escpos"), QStringLiteral("render"), in, out});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QCOMPARE(QImage(out, "PNG").width(), 576);
    QCOMPARE(QImage(dir_.filePath(QStringLiteral("two-2.png")), "PNG").width(), 576);
    QVERIFY(!QFile::exists(dir_.filePath(QStringLiteral("two-3.png"))));
}

void TestKioskctlEscpos::render_json_listsPagesTextQrAndWarnings()
{
    const kiosk::test::SampleReceipt receipt = kiosk::test::acceptanceReceipt();
    const QString in = write(QStringLiteral("json.bin"), receipt.bytes + QByteArray("\x1b\xf0tail\n"));
    const QString out = dir_.filePath(QStringLiteral("json.png"));
    const Run run = kioskctl({QStringLiteral("--json"), QStringLiteral("escpos"), QStringLiteral("render"), in, out});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QJsonParseError error;
    const QJsonObject json = QJsonDocument::fromJson(run.out, &error).object();
    QVERIFY2(error.error == QJsonParseError::NoError, run.out.constData());
    QCOMPARE(json.value(QStringLiteral("pages")).toInt(), 2); // the receipt, and the uncut tail
    QStringList text;
    for (const QJsonValue &v : json.value(QStringLiteral("text")).toArray())
        text << v.toString();
    QCOMPARE(text, receipt.expectedLines + QStringList{QStringLiteral("tail")});
    QCOMPARE(json.value(QStringLiteral("qr")).toArray(), QJsonArray{QString::fromLatin1(receipt.qrPayload)});
    QStringList kinds;
    for (const QJsonValue &v : json.value(QStringLiteral("warnings")).toArray())
        kinds << v.toObject().value(QStringLiteral("kind")).toString();
    QCOMPARE(kinds, (QStringList{QStringLiteral("unknown_command"), QStringLiteral("uncut_tail")}));
    QCOMPARE(json.value(QStringLiteral("files")).toArray().size(), 2);
}

void TestKioskctlEscpos::render_unreadableInput_exits2()
{
    const QString out = dir_.filePath(QStringLiteral("missing.png"));
    const Run missing = kioskctl({QStringLiteral("--json"), QStringLiteral("escpos"), QStringLiteral("render"),
                                  dir_.filePath(QStringLiteral("does-not-exist.bin")), out});
    QCOMPARE(missing.exitCode, 2);
    QVERIFY(QJsonDocument::fromJson(missing.out).object().contains(QStringLiteral("error")));
    QVERIFY(!QFile::exists(out));

    const Run directory = kioskctl({QStringLiteral("escpos"), QStringLiteral("render"), dir_.path(), out});
    QCOMPARE(directory.exitCode, 2);

    const Run usage = kioskctl({QStringLiteral("escpos"), QStringLiteral("render"), out});
    QCOMPARE(usage.exitCode, 2);
}

void TestKioskctlEscpos::render_nothingPrinted_exits1()
{
    const QString in = write(QStringLiteral("empty.bin"), QByteArray::fromHex("1b40"));
    const QString out = dir_.filePath(QStringLiteral("empty.png"));
    const Run run = kioskctl({QStringLiteral("escpos"), QStringLiteral("render"), in, out});
    QCOMPARE(run.exitCode, 1);
    QVERIFY(!QFile::exists(out));
}

QTEST_GUILESS_MAIN(TestKioskctlEscpos)
#include "test_kioskctl_escpos.moc"
