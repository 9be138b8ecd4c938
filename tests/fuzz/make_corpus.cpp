// Writes the seed corpus of the fuzz targets (tests/fuzz/corpus/<target>/): for the ID-card targets, valid replies of
// every invented sample card and a few broken ones; for the platform answers, items of the bundled sample catalogue
// and small hand-written cases and heartbeat answers; for the printer and the scanner, status replies and SANE frames
// of every kind the driver meets. Run: fuzz_make_corpus <source>/tests/fuzz/corpus
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

#include <cstdio>
#include <cstring>

#include "drivers/idcard/card_record.h"
#include "drivers/idcard/frame_codec.h"
#include "unit/idcard/idcard_samples.h"

#include <sane/sane.h>

using namespace kiosk::drivers::idcard;
using namespace idcard_samples;

namespace {

bool write(const QString &dir, const QString &name, const QByteArray &bytes)
{
    QDir().mkpath(dir);
    QFile f(QDir(dir).filePath(name));
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

QByteArray payload(const CardRecord &c, bool fp = false)
{
    return encodeReadPayload(c, fp).bytes;
}

QByteArray json(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

// Platform answers: one-item catalogues of the sample (one item per department), a delta, and hostile shapes.
bool writeCatalogueAnswers(const QString &dir)
{
    QFile f(QStringLiteral(KIOSK_SAMPLE_CATALOGUE));
    if (!f.open(QIODevice::ReadOnly))
        return false;
    const QJsonObject sample = QJsonDocument::fromJson(f.readAll()).object();
    const QJsonArray items = sample.value(QLatin1String("items")).toArray();
    bool ok = !items.isEmpty();
    QSet<QString> departments;
    for (const QJsonValue v : items) {
        const QJsonObject item = v.toObject();
        const QString department = item.value(QLatin1String("department")).toString();
        if (departments.contains(department) || departments.size() >= 6)
            continue;
        departments.insert(department);
        QJsonObject doc{{QStringLiteral("version"), 7}, {QStringLiteral("items"), QJsonArray{item}}};
        if (departments.size() == 1) {
            doc.insert(QStringLiteral("departments"), sample.value(QLatin1String("departments")));
            doc.insert(QStringLiteral("life_events"), sample.value(QLatin1String("life_events")));
        }
        ok &= write(dir, QStringLiteral("item_%1.json").arg(item.value(QLatin1String("code")).toString()), json(doc));
    }
    ok &= write(dir, QStringLiteral("delta_removed.json"),
                R"({"version":6,"items":[{"code":"GD-GA-002","name":{"zh_CN":"居住证签注","zh_HK":"居住證簽注",)"
                R"("en":"Residence permit endorsement"},"high_frequency":true,"keywords":{"en":["permit"]}}],)"
                R"("removed":["GD-RS-001"]})");
    ok &= write(dir, QStringLiteral("hostile_fees.json"),
                R"({"version":"8","items":[{"code":"X-1","name":"收费","fee_payable_at_kiosk":true,"fees":[)"
                R"({"code":"a","amount_fen":100},{"code":"a","amount_fen":5},{"code":"b","amount_fen":-1},)"
                R"({"code":"c","amount_fen":0.5},{"code":"d","amount_fen":1e12},{"code":"","amount_fen":1}]}]})");
    ok &= write(dir, QStringLiteral("hostile_items.json"),
                R"({"version":9,"items":[{"code":""},{"name":"无编码"},{"code":"X-2","name":{"en":"no zh"}},)"
                R"({"code":"X-3","name":"期限","legal_limit_days":5,"promised_limit_days":9},{"code":"X-4",)"
                R"("name":"表单","form":[{"key":"a","pattern":"(["},{"key":""},{"label":"x"}],"materials":)"
                R"([{"id":""},{"id":"m","copies":-3,"tolerable":true}]},{"code":"X-4","name":"重复"},3,null,"s"]})");
    ok &= write(dir, QStringLiteral("not_a_catalogue.json"), R"({"version":1,"items":{}})");
    return ok;
}

bool writeCaseAnswers(const QString &dir)
{
    bool ok = write(dir, QStringLiteral("case_due.json"),
                    R"({"case_no":"GD2026120700001","local_no":"GZ-TH-0001-20261207-000042","item_code":"GD-RS-001",)"
                    R"("status":"in_review","promised_date":"2026-12-21","applicant_masked":"张*","payment_status":)"
                    R"("due","amount_due_fen":7500,"timeline":[{"at":"2026-12-07T10:00:00+08:00","status":"queued",)"
                    R"("note":"已提交"},{"at":"2026-12-07T11:30:00Z","status":"accepted","note":"受理"}]})");
    ok &= write(dir, QStringLiteral("case_paid.json"),
                R"({"case_no":"C1","status":"approved","payment_status":"paid","amount_due_fen":0})");
    ok &= write(dir, QStringLiteral("case_bad_fee.json"),
                R"({"case_no":"C2","payment_status":"due","amount_due_fen":12.5,"promised_date":"2026-02-30"})");
    ok &= write(dir, QStringLiteral("case_list.json"),
                R"({"cases":[{"case_no":"C3","status":"need_more"},{"local_no":"K-20261207-000001",)"
                R"("payment_status":"paid","amount_due_fen":1e9},{},7]})");
    QJsonArray events;
    for (int i = 0; i < 120; ++i)
        events.append(QJsonObject{{QStringLiteral("status"), QStringLiteral("s")}});
    const QString longText(600, QChar(0x6587));
    ok &= write(dir, QStringLiteral("case_oversized.json"),
                json({{QStringLiteral("case_no"), longText},
                      {QStringLiteral("applicant_masked"), longText},
                      {QStringLiteral("status"), longText},
                      {QStringLiteral("timeline"), events}}));
    return ok;
}

bool writeHeartbeatAnswers(const QString &dir)
{
    bool ok = write(dir, QStringLiteral("commands.json"),
                    R"({"config_version":"12","commands":[{"id":"c-1","name":"refresh_catalogue"},)"
                    R"({"id":"c-2","name":"sync_now"},{"id":"c-3","name":"send_selftest"}]})");
    ok &= write(dir, QStringLiteral("malformed.json"),
                R"({"commands":[{"id":"c-4"},{"name":"sync_now"},{"id":"","name":"x"},{"id":5,"name":"sync_now"},)"
                R"({"id":"c-5","name":"reboot"},{"id":"c-1","name":"sync_now"},"refresh_catalogue",null]})");
    ok &= write(dir, QStringLiteral("no_commands.json"), R"({"config_version":3,"commands":{}})");
    return ok;
}

// ESC/POS status reads: [query selector][length][bytes] (fuzz_escpos_status.cpp).
bool writeEscposReplies(const QString &dir)
{
    // Printer 0x12 (online), offline cause 0x12, roll paper 0x12: a printer ready to print.
    bool ok = write(dir, QStringLiteral("ready_round.bin"),
                    QByteArray::fromHex("000112"
                                        "010112"
                                        "030112"));
    ok &= write(dir, QStringLiteral("paper_out_cover_open.bin"),
                QByteArray::fromHex("00011A"
                                    "010136"
                                    "030172"));
    ok &= write(dir, QStringLiteral("near_end_then_ok.bin"),
                QByteArray::fromHex("03011E"
                                    "030112"
                                    "02015E"));
    // An ASB block (4 bytes) and a GS r reply where a DLE EOT byte is expected, and an empty read.
    ok &= write(dir, QStringLiteral("asb_and_gs_r.bin"),
                QByteArray::fromHex("00041000000F"
                                    "030100"
                                    "0100"));
    return ok;
}

// SANE frames (fuzz_sane_image.cpp): [frame count][per frame: format, depth, pixels, bytes/line, lines (int32 LE),
// length (uint16 LE, not for the last frame)][bytes].
QByteArray saneHeader(int format, int depth, int pixels, int bpl, int lines)
{
    QByteArray h;
    for (const int v : {format, depth, pixels, bpl, lines}) {
        const auto u = std::uint32_t(v);
        for (int i = 0; i < 4; ++i)
            h.append(char((u >> (8 * i)) & 0xFF));
    }
    return h;
}

QByteArray ramp(int n)
{
    QByteArray b;
    for (int i = 0; i < n; ++i)
        b.append(char(i * 37 + 11));
    return b;
}

bool writeSaneFrames(const QString &dir)
{
    const QByteArray one("\x00", 1), three("\x02", 1);
    const QByteArray len12 = QByteArray::fromHex("0C00");
    bool ok = write(dir, QStringLiteral("gray8.bin"), one + saneHeader(SANE_FRAME_GRAY, 8, 4, 4, 3) + ramp(12));
    ok &= write(dir, QStringLiteral("gray8_padded_unknown_lines.bin"),
                one + saneHeader(SANE_FRAME_GRAY, 8, 3, 4, -1) + ramp(14));
    ok &= write(dir, QStringLiteral("gray1.bin"), one + saneHeader(SANE_FRAME_GRAY, 1, 10, 2, 2) + ramp(4));
    ok &= write(dir, QStringLiteral("gray16.bin"), one + saneHeader(SANE_FRAME_GRAY, 16, 3, 6, 2) + ramp(12));
    ok &= write(dir, QStringLiteral("rgb8.bin"), one + saneHeader(SANE_FRAME_RGB, 8, 2, 6, 2) + ramp(12));
    ok &= write(dir, QStringLiteral("rgb16.bin"), one + saneHeader(SANE_FRAME_RGB, 16, 1, 6, 2) + ramp(12));
    ok &= write(dir, QStringLiteral("three_pass8.bin"),
                three + saneHeader(SANE_FRAME_RED, 8, 4, 4, 3) + len12 + ramp(12) +
                    saneHeader(SANE_FRAME_BLUE, 8, 4, 4, 3) + len12 + ramp(12) +
                    saneHeader(SANE_FRAME_GREEN, 8, 4, 4, 3) + ramp(12));
    ok &= write(dir, QStringLiteral("short_line.bin"), one + saneHeader(SANE_FRAME_RGB, 8, 4, 4, 1) + ramp(4));
    ok &= write(dir, QStringLiteral("rgb1_refused.bin"), one + saneHeader(SANE_FRAME_RGB, 1, 8, 3, 1) + ramp(3));
    ok &= write(dir, QStringLiteral("no_complete_line.bin"), one + saneHeader(SANE_FRAME_GRAY, 8, 8, 8, 4) + ramp(7));
    return ok;
}

// Recognised text for the OCR post-processing (fuzz_field_extractor.cpp): [material index][confidence][lines], the
// index into FieldExtractor::supportedMaterials() (255: a material it does not know). Invented people, the textbook
// GB 11643 number and a made-up credit code.
bool writeOcrTexts(const QString &dir)
{
    const auto seed = [](int material, int confidence, const char *text) {
        return QByteArray(1, char(material)) + QByteArray(1, char(confidence)) + QByteArray(text);
    };
    bool ok = write(dir, QStringLiteral("household_register.bin"),
                    seed(0, 230,
                         "常住人口登记卡\n姓名 李小明 户主或与户主关系 户主\n性别 男 民族 汉\n"
                         "出生地 广东省广州市\n出生日期 1990年5月6日\n住址 广州市天河区体育西路1号\n"
                         "公民身份号码 11010519491231002X"));
    ok &= write(dir, QStringLiteral("business_licence.bin"),
                seed(1, 200,
                     "营业执照\n统一社会信用代码 91440101MA5CXXXX0Q\n名称 广州示例科技有限公司\n"
                     "类型 有限责任公司\n法定代表人 王五\n注册资本 壹佰万元整\n成立日期 2019年05月06日\n"
                     "营业期限 2019年05月06日至长期\n住所 广州市越秀区示例路2号"));
    ok &= write(dir, QStringLiteral("marriage_certificate.bin"),
                seed(2, 180,
                     "结婚证\n持证人 张三\n登记日期 二〇一九年五月六日\n结婚证字号 J440100-2019-000123\n"
                     "姓名 张三 性别 男\n国籍 中国 出生日期 1990-01-02\n身份证件号 11010519491231002X\n"
                     "姓名 李四 性别 女\n国籍 中国 出生日期 1991.3.4\n身份证件号 110105194912310O2X"));
    ok &= write(dir, QStringLiteral("authorisation_letter.bin"),
                seed(3, 150,
                     "授权委托书\n委托人 赵六\n身份证号码 11010519491231002X\n受托人 钱七\n"
                     "身份证号码 1101O5l9491231002x\n委托期限 自2026年1月1日至2026年12月31日\n日期 2026/01/01"));
    ok &= write(dir, QStringLiteral("unknown_material.bin"), seed(255, 255, "姓名 某某\n日期 20190506"));
    ok &= write(dir, QStringLiteral("odd_dates.bin"),
                seed(0, 10, "出生日期 2019年13月40日\n出生日期 0000-00-00\n公民身份号码 123\n\n\n姓名"));
    return ok;
}

} // namespace

int main(int argc, char **argv)
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s CORPUS_ROOT\n", argv[0]);
        return 2;
    }
    const QString root = QString::fromLocal8Bit(argv[1]);
    const QString frames = root + QStringLiteral("/frame_decoder");
    const QString records = root + QStringLiteral("/card_record");
    bool ok = true;

    const struct {
        const char *name;
        CardRecord card;
    } cards[] = {
        {"resident", resident()},
        {"resident_long_term", residentLongTerm()},
        {"hkmt_permit", hkmtPermit()},
        {"foreign_permanent", foreignPermanent()},
        {"foreign_permanent_2023", foreignPermanent2023()},
    };
    for (const auto &c : cards) {
        const QString name = QString::fromLatin1(c.name);
        ok &= write(frames, QStringLiteral("read_%1.bin").arg(name), encodeReply(SamStatus::Ok, payload(c.card)));
        ok &= write(records, QStringLiteral("payload_%1.bin").arg(name), payload(c.card));
        ok &= write(records, QStringLiteral("text_%1.bin").arg(name), encodeTextBlock(c.card).bytes);
    }

    CardRecord withFp = resident();
    withFp.fingerprint = QByteArray(512, '\x5C');
    ok &= write(frames, QStringLiteral("read_fingerprint_512.bin"), encodeReply(SamStatus::Ok, payload(withFp, true)));
    ok &= write(records, QStringLiteral("payload_fingerprint_512.bin"), payload(withFp, true));
    ok &= write(records, QStringLiteral("payload_fingerprint_0.bin"), payload(resident(), true));

    // Short exchanges and broken frames.
    ok &= write(frames, QStringLiteral("find_ok.bin"), encodeReply(SamStatus::CardFound, QByteArray(4, '\0')));
    ok &= write(frames, QStringLiteral("no_card.bin"), encodeReply(SamStatus::NoCard));
    ok &= write(frames, QStringLiteral("unknown_status.bin"), encodeReply(std::uint8_t(0x7A)));
    ok &= write(frames, QStringLiteral("two_frames_with_garbage.bin"),
                QByteArray::fromHex("00AAAA13") + encodeReply(SamStatus::NoCard) + QByteArray::fromHex("AA") +
                    encodeReply(SamStatus::CardFound, QByteArray(4, '\0')));
    QByteArray badChk = encodeReply(SamStatus::Ok, payload(hkmtPermit()));
    badChk[300] = char(badChk[300] ^ 0x10);
    ok &= write(frames, QStringLiteral("bad_checksum.bin"), badChk);
    ok &= write(frames, QStringLiteral("truncated.bin"), encodeReply(SamStatus::Ok, payload(resident())).left(800));
    ok &= write(frames, QStringLiteral("oversized_length.bin"), QByteArray::fromHex("AAAAAA96691001000090"));
    ok &= write(frames, QStringLiteral("length_too_small.bin"), QByteArray::fromHex("AAAAAA9669000200009F"));
    ok &= write(frames, QStringLiteral("command_frames.bin"),
                encodeCommand(SamCommand::FindCard) + encodeCommand(SamCommand::SelectCard) +
                    encodeCommand(SamCommand::ReadBase) + encodeSetMaxRfFrame());

    QByteArray badFlag = payload(resident());
    badFlag[4 + 248] = 'Q';
    ok &= write(records, QStringLiteral("bad_type_flag.bin"), badFlag);
    QByteArray badDate = payload(foreignPermanent());
    badDate[4 + 220 + 8] = '3'; // birth month 1986-35-01
    ok &= write(records, QStringLiteral("bad_date.bin"), badDate);
    QByteArray surrogate = payload(foreignPermanent2023());
    surrogate[4 + 53] = char(0xD8); // high surrogate at the start of the English name
    ok &= write(records, QStringLiteral("lone_surrogate.bin"), surrogate);
    ok &= write(records, QStringLiteral("short_payload.bin"), payload(resident()).left(300));
    // A surrogate pair opening the Y English-name continuation slot (must survive encode -> parse).
    QByteArray pair = payload(foreignPermanent2023());
    QByteArray text = pair.mid(4, kTextBlockSize);
    putUcs2(text, 52, QString(35, QLatin1Char('A')));
    putUcs2(text, 220, QString::fromUcs4(U"\U00020000B        "));
    pair.replace(4, kTextBlockSize, text);
    ok &= write(records, QStringLiteral("y_name_surrogate_continuation.bin"), pair);

    ok &= writeCatalogueAnswers(root + QStringLiteral("/catalogue_answer"));
    ok &= writeCaseAnswers(root + QStringLiteral("/case_answer"));
    ok &= writeHeartbeatAnswers(root + QStringLiteral("/heartbeat_answer"));
    ok &= writeEscposReplies(root + QStringLiteral("/escpos_status"));
    ok &= writeSaneFrames(root + QStringLiteral("/sane_image"));
    ok &= writeOcrTexts(root + QStringLiteral("/field_extractor"));

    if (!ok)
        std::fprintf(stderr, "could not write every corpus file under %s\n", argv[1]);
    return ok ? 0 : 1;
}
