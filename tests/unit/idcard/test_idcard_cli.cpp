// Specification of `kioskctl idcard decode|validate`, run as the built binary on frames written to temp files.
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include "idcard_test_printers.h"

#include "drivers/idcard/card_record.h"
#include "drivers/idcard/frame_codec.h"
#include "idcard_samples.h"

using namespace kiosk::drivers::idcard;
using namespace idcard_samples;

Q_DECLARE_METATYPE(kiosk::drivers::idcard::CardRecord)

namespace {

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
};

QByteArray readReply(const CardRecord &card)
{
    return encodeReply(SamStatus::Ok, encodeReadPayload(card).bytes);
}

} // namespace

class TestIdcardCli : public QObject
{
    Q_OBJECT

    QString kioskctl_;
    QTemporaryDir dir_;

    Run run(const QStringList &args)
    {
        QProcess p;
        p.start(kioskctl_, args);
        if (!p.waitForFinished(30000))
            qWarning("kioskctl did not finish");
        return {p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError()};
    }

    QString writeFrame(const QString &name, const QByteArray &bytes)
    {
        const QString path = dir_.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
            qFatal("cannot write %s", qPrintable(path));
        return path;
    }

    Run decode(const QByteArray &frame, const QStringList &extra = {})
    {
        static int n = 0;
        return run(QStringList{QStringLiteral("--json"), QStringLiteral("idcard"), QStringLiteral("decode"),
                               writeFrame(QStringLiteral("frame%1.bin").arg(++n), frame)} +
                   extra);
    }

private slots:
    void initTestCase()
    {
        const QByteArray dir = qgetenv("KIOSK_BINARY_DIR");
        QVERIFY2(!dir.isEmpty(), "KIOSK_BINARY_DIR is not set (run through ctest)");
        kioskctl_ = QString::fromLocal8Bit(dir) + QStringLiteral("/app/kioskctl/kioskctl");
        QVERIFY2(QFile::exists(kioskctl_), qPrintable(kioskctl_ + QStringLiteral(" was not built")));
        QVERIFY(dir_.isValid());
    }

    void decode_resident_unmasked_printsEveryFieldOfDesignMd()
    {
        const Run r = decode(readReply(resident()), {QStringLiteral("--unmasked")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject o = r.json();
        QCOMPARE(o.keys(), (QStringList{"address", "authority", "birth_date", "card_type", "ethnicity", "id_number",
                                        "name", "sex", "valid_from", "valid_to"}));
        QCOMPARE(o["card_type"].toString(), QStringLiteral("resident"));
        QCOMPARE(o["name"].toString(), QStringLiteral("陈晓明"));
        QCOMPARE(o["sex"].toString(), QStringLiteral("male"));
        QCOMPARE(o["ethnicity"].toString(), QStringLiteral("汉"));
        QCOMPARE(o["birth_date"].toString(), QStringLiteral("1990-03-07"));
        QCOMPARE(o["address"].toString(), QStringLiteral("广东省广州市越秀区东风中路123号"));
        QCOMPARE(o["id_number"].toString(), QStringLiteral("440106199003072437"));
        QCOMPARE(o["authority"].toString(), QStringLiteral("广州市公安局越秀分局"));
        QCOMPARE(o["valid_from"].toString(), QStringLiteral("2015-06-01"));
        QCOMPARE(o["valid_to"].toString(), QStringLiteral("2035-06-01"));
    }

    void decode_resident_masksPersonalFieldsByDefault()
    {
        const Run r = decode(readReply(resident()));
        QCOMPARE(r.exitCode, 0);
        const QJsonObject o = r.json();
        QCOMPARE(o["id_number"].toString(), QStringLiteral("4401**********2437"));
        QCOMPARE(o["name"].toString(), QStringLiteral("陈**"));
        QCOMPARE(o["birth_date"].toString(), QStringLiteral("1990-**-**"));
        QCOMPARE(o["address"].toString(), QStringLiteral("广东省广州市****"));
        QVERIFY(!r.out.contains("440106199003072437"));
        QVERIFY(!r.out.contains("东风中路"));
        QCOMPARE(o["sex"].toString(), QStringLiteral("male")); // not identifying on its own
    }

    void decode_twoCharacterName_masksLikeDesignMd()
    {
        CardRecord c = resident();
        c.name = QStringLiteral("张三");
        const Run r = decode(readReply(c));
        QCOMPARE(r.json()["name"].toString(), QStringLiteral("张*"));
    }

    void decode_validToLongTermText_isLongTerm()
    {
        const Run r = decode(readReply(residentLongTerm()), {QStringLiteral("--unmasked")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.json()["valid_to"].toString(), QStringLiteral("long-term"));
        QCOMPARE(r.json()["ethnicity"].toString(), QStringLiteral("壮"));
        QCOMPARE(r.json()["sex"].toString(), QStringLiteral("female"));
    }

    void decode_otherCardTypes_giveTheirOwnFields_data()
    {
        QTest::addColumn<CardRecord>("card");
        QTest::addColumn<QStringList>("keys");
        QTest::addColumn<QString>("cardType");
        QTest::newRow("J") << hkmtPermit() << QStringList{"address",   "authority",   "birth_date", "card_type",
                                                          "id_number", "issue_count", "name",       "pass_number",
                                                          "sex",       "valid_from",  "valid_to"}
                           << "hkmt_permit";
        QTest::newRow("I") << foreignPermanent()
                           << QStringList{"authority", "birth_date",  "card_type", "id_number",  "name",
                                          "name_en",   "nationality", "sex",       "valid_from", "valid_to"}
                           << "foreign_permanent";
        QTest::newRow("Y") << foreignPermanent2023()
                           << QStringList{"birth_date", "card_type",   "id_number", "issue_count", "name",
                                          "name_en",    "nationality", "sex",       "valid_from",  "valid_to"}
                           << "foreign_permanent_2023";
    }
    void decode_otherCardTypes_giveTheirOwnFields()
    {
        QFETCH(CardRecord, card);
        QFETCH(QStringList, keys);
        QFETCH(QString, cardType);
        const Run r = decode(readReply(card), {QStringLiteral("--unmasked")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject o = r.json();
        QCOMPARE(o.keys(), keys);
        QCOMPARE(o["card_type"].toString(), cardType);
        QCOMPARE(o["id_number"].toString(), card.idNumber);
        QCOMPARE(o["birth_date"].toString(), card.birthDate.toString(Qt::ISODate));
        if (card.type == CardType::HkMacaoTaiwanPermit) {
            QCOMPARE(o["pass_number"].toString(), QStringLiteral("H12345678"));
            QCOMPARE(o["issue_count"].toInt(), 1);
        } else {
            QCOMPARE(o["name_en"].toString(), card.nameEn);
            QCOMPARE(o["nationality"].toString(), card.nationality);
        }
    }

    void decode_foreignNames_areMaskedByDefault()
    {
        const Run r = decode(readReply(foreignPermanent2023()));
        QCOMPARE(r.exitCode, 0);
        QVERIFY(!r.out.contains("GONZALEZ"));
        QCOMPARE(r.json()["name_en"].toString(), QStringLiteral("G* ****"));
        QCOMPARE(r.json()["id_number"].toString(), QStringLiteral("9447**********0030"));
    }

    void decode_fingerprintReply_isAccepted()
    {
        CardRecord c = resident();
        c.fingerprint = QByteArray(1024, '\x01');
        const Run r = decode(encodeReply(SamStatus::Ok, encodeReadPayload(c, true).bytes));
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.json()["card_type"].toString(), QStringLiteral("resident"));
    }

    void decode_withoutJson_printsKeyValueLines()
    {
        const QString path = writeFrame(QStringLiteral("plain.bin"), readReply(hkmtPermit()));
        const Run r = run({QStringLiteral("idcard"), QStringLiteral("decode"), path});
        QCOMPARE(r.exitCode, 0);
        const QString text = QString::fromUtf8(r.out);
        QVERIFY2(text.contains(QLatin1String("card_type: hkmt_permit\n")), r.out.constData());
        QVERIFY(text.contains(QLatin1String("issue_count: 1\n")));
        QVERIFY(text.contains(QLatin1String("pass_number: H******78\n")));
    }

    void decode_badFrames_exit2WithReason_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::addColumn<QString>("errorMentions");
        QByteArray badChk = readReply(resident());
        badChk[200] = char(badChk[200] ^ 0x40);
        QTest::newRow("bad checksum") << badChk << "checksum";
        QTest::newRow("oversized length") << QByteArray::fromHex("AAAAAA9669FFFF0000") << "length";
        QTest::newRow("length too small") << QByteArray::fromHex("AAAAAA96690002000090") << "length";
        QTest::newRow("truncated") << readReply(resident()).left(700) << "truncated";
        QTest::newRow("no card 0x80") << encodeReply(SamStatus::NoCard) << "status code 0x80 no card found";
        QTest::newRow("read failed 0x41") << encodeReply(SamStatus::ReadFailed) << "status code 0x41 card read failed";
        QTest::newRow("unknown status 0x7A") << encodeReply(std::uint8_t(0x7A)) << "0x7A unknown status code";
        QTest::newRow("find reply, not a read reply")
            << QByteArray::fromHex("AAAAAA9669000800009F0000000097") << "status code 0x9F";
        QTest::newRow("OK with no payload") << encodeReply(SamStatus::Ok) << "not a card read reply";
        QTest::newRow("garbage only") << QByteArray(300, '\x13') << "no frame";
        QTest::newRow("empty file") << QByteArray() << "no frame";
        QByteArray badFlag = encodeTextBlock(resident()).bytes;
        badFlag[248] = 'Q';
        QByteArray payload = QByteArray::fromHex("01000400") + badFlag + QByteArray(1024, '\0');
        QTest::newRow("unknown type flag") << encodeReply(SamStatus::Ok, payload) << "type flag";
    }
    void decode_badFrames_exit2WithReason()
    {
        QFETCH(QByteArray, frame);
        QFETCH(QString, errorMentions);
        const Run r = decode(frame);
        QCOMPARE(r.exitCode, 2);
        const QJsonObject o = r.json();
        QCOMPARE(o.keys(), QStringList{"error"});
        QVERIFY2(o["error"].toString().contains(errorMentions), qPrintable(o["error"].toString()));
    }

    void decode_missingFile_exit2()
    {
        const Run r = run({QStringLiteral("--json"), QStringLiteral("idcard"), QStringLiteral("decode"),
                           dir_.filePath(QStringLiteral("nope.bin"))});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.json()["error"].toString().contains(QLatin1String("cannot read")));
    }

    void decode_garbageBeforeFrame_isTolerated()
    {
        const Run r = decode(QByteArray::fromHex("0000FF") + readReply(resident()));
        QCOMPARE(r.exitCode, 0);
    }

    void validate_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QString>("reasonMentions");
        QTest::newRow("valid") << QStringList{"440106199003072437"} << 0 << true << "valid citizen";
        QTest::newRow("check X") << QStringList{"11010519491231002X"} << 0 << true << "valid";
        QTest::newRow("bad check digit") << QStringList{"440106199003072436"} << 1 << false << "expected 7";
        QTest::newRow("bad date") << QStringList{"440106199002301234"} << 1 << false << "calendar";
        QTest::newRow("too short") << QStringList{"4401"} << 1 << false << "4 characters";
        QTest::newRow("foreigner without --foreign")
            << QStringList{"944724198704210030"} << 1 << false << "starts with 9";
        QTest::newRow("foreigner with --foreign")
            << QStringList{"944724198704210030", "--foreign"} << 0 << true << "foreigner";
    }
    void validate()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        QFETCH(bool, valid);
        QFETCH(QString, reasonMentions);
        const Run r = run(QStringList{"--json", "idcard", "validate"} + args);
        QCOMPARE(r.exitCode, exitCode);
        const QJsonObject o = r.json();
        QCOMPARE(o.keys(), (QStringList{"reason", "valid"}));
        QCOMPARE(o["valid"].toBool(), valid);
        QVERIFY2(o["reason"].toString().contains(reasonMentions), qPrintable(o["reason"].toString()));
    }

    void validate_plain_printsVerdictAndReason()
    {
        const Run r = run({"idcard", "validate", "440106199003072436"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.out.startsWith("invalid: "), r.out.constData());
    }

    void validate_withoutNumber_isUsageError() { QCOMPARE(run({"idcard", "validate"}).exitCode, 2); }
};

QTEST_GUILESS_MAIN(TestIdcardCli)
#include "test_idcard_cli.moc"
