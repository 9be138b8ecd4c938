// Writes the seed corpus for the ID-card fuzz targets (tests/fuzz/corpus/<target>/) from the invented sample cards:
// valid replies of every card type and a few broken ones. Run: fuzz_make_corpus <source>/tests/fuzz/corpus
#include <QDir>
#include <QFile>

#include <cstdio>

#include "drivers/idcard/card_record.h"
#include "drivers/idcard/frame_codec.h"
#include "unit/idcard/idcard_samples.h"

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

    if (!ok)
        std::fprintf(stderr, "could not write every corpus file under %s\n", argv[1]);
    return ok ? 0 : 1;
}
