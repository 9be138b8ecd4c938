// The ESC/POS command table and the length rules (see escpos_grammar.h).
#include "drivers/receipt_printer/escpos_grammar.h"

#include <algorithm>
#include <iterator>

namespace kiosk::drivers::escpos {

namespace {

using R = LengthRule;
constexpr CommandRole D = CommandRole::Drawn;
constexpr CommandRole U = CommandRole::Unsupported;

constexpr CommandSpec kTable[] = {
    // ESC: modes, feeds, cuts; the rest is skipped.
    {ESC, '@', R::Fixed, 2, 0, D, "ESC @"},
    {ESC, '2', R::Fixed, 2, 0, D, "ESC 2"},
    {ESC, 'i', R::Fixed, 2, 0, D, "ESC i"},
    {ESC, 'm', R::Fixed, 2, 0, D, "ESC m"},
    {ESC, 'L', R::Fixed, 2, 0, U, "ESC L"},
    {ESC, 'S', R::Fixed, 2, 0, U, "ESC S"},
    {ESC, 'v', R::Fixed, 2, 0, U, "ESC v"},
    {ESC, 'g', R::Fixed, 2, 0, U, "ESC g"},
    {ESC, 'E', R::Fixed, 3, 0, D, "ESC E"},
    {ESC, 'G', R::Fixed, 3, 0, D, "ESC G"},
    {ESC, 'a', R::Fixed, 3, 0, D, "ESC a"},
    {ESC, 'd', R::Fixed, 3, 0, D, "ESC d"},
    {ESC, 'J', R::Fixed, 3, 0, D, "ESC J"},
    {ESC, '3', R::Fixed, 3, 0, D, "ESC 3"},
    {ESC, '!', R::Fixed, 3, 0, D, "ESC !"},
    {ESC, '-', R::Fixed, 3, 0, D, "ESC -"},
    {ESC, ' ', R::Fixed, 3, 0, U, "ESC SP"},
    {ESC, '%', R::Fixed, 3, 0, U, "ESC %"},
    {ESC, '=', R::Fixed, 3, 0, U, "ESC ="},
    {ESC, '?', R::Fixed, 3, 0, U, "ESC ?"},
    {ESC, 'K', R::Fixed, 3, 0, U, "ESC K"},
    {ESC, 'M', R::Fixed, 3, 0, U, "ESC M"},
    {ESC, 'R', R::Fixed, 3, 0, U, "ESC R"},
    {ESC, 'T', R::Fixed, 3, 0, U, "ESC T"},
    {ESC, 'U', R::Fixed, 3, 0, U, "ESC U"},
    {ESC, 'V', R::Fixed, 3, 0, U, "ESC V"},
    {ESC, 'e', R::Fixed, 3, 0, U, "ESC e"},
    {ESC, 'r', R::Fixed, 3, 0, U, "ESC r"},
    {ESC, 't', R::Fixed, 3, 0, U, "ESC t"},
    {ESC, 'u', R::Fixed, 3, 0, U, "ESC u"},
    {ESC, '{', R::Fixed, 3, 0, U, "ESC {"},
    {ESC, 'c', R::Fixed, 4, 0, U, "ESC c"}, // ESC c 3 n, ESC c 4 n, ESC c 5 n: panel and sensor switches
    {ESC, '$', R::Fixed, 4, 0, U, "ESC $"},
    {ESC, '\\', R::Fixed, 4, 0, U, "ESC \\"},
    {ESC, 'p', R::Fixed, 5, 0, U, "ESC p"},
    {ESC, 'W', R::Fixed, 10, 0, U, "ESC W"},
    {ESC, 'D', R::NulTerminated, 2, 2 + 32, U, "ESC D"}, // tab positions, at most 32
    {ESC, '*', R::BitImage, 5, 0, U, "ESC *"},
    {ESC, '&', R::UserCharacters, 5, 0, U, "ESC &"},
    // GS: character size, cuts, QR (GS ( k), images and barcodes.
    {GS, '!', R::Fixed, 3, 0, D, "GS !"},
    {GS, 'V', R::CutMode, 3, 0, D, "GS V"},
    {GS, '(', R::Counted16, 5, 0, D, "GS ("},
    {GS, 'B', R::Fixed, 3, 0, U, "GS B"},
    {GS, 'H', R::Fixed, 3, 0, U, "GS H"},
    {GS, 'I', R::Fixed, 3, 0, U, "GS I"},
    {GS, 'E', R::Fixed, 3, 0, U, "GS E"},
    {GS, 'a', R::Fixed, 3, 0, U, "GS a"},
    {GS, 'b', R::Fixed, 3, 0, U, "GS b"},
    {GS, 'f', R::Fixed, 3, 0, U, "GS f"},
    {GS, 'h', R::Fixed, 3, 0, U, "GS h"},
    {GS, 'r', R::Fixed, 3, 0, U, "GS r"},
    {GS, 'w', R::Fixed, 3, 0, U, "GS w"},
    {GS, '/', R::Fixed, 3, 0, U, "GS /"},
    {GS, 'L', R::Fixed, 4, 0, U, "GS L"},
    {GS, 'W', R::Fixed, 4, 0, U, "GS W"},
    {GS, 'P', R::Fixed, 4, 0, U, "GS P"},
    {GS, '$', R::Fixed, 4, 0, U, "GS $"},
    {GS, '\\', R::Fixed, 4, 0, U, "GS \\"},
    {GS, '^', R::Fixed, 5, 0, U, "GS ^"},
    {GS, ':', R::Fixed, 2, 0, U, "GS :"},
    {GS, 'g', R::Fixed, 6, 0, U, "GS g"},
    {GS, '*', R::DownloadedImage, 4, 0, U, "GS *"},
    {GS, 'v', R::RasterImage, 8, 0, U, "GS v"},
    {GS, 'k', R::Barcode, 3, 3 + 255, U, "GS k"},
    {GS, '8', R::Counted32, 7, 0, U, "GS 8"},
    // FS: Chinese mode and its character modes.
    {FS, '&', R::Fixed, 2, 0, D, "FS &"},
    {FS, '.', R::Fixed, 2, 0, D, "FS ."},
    {FS, '!', R::Fixed, 3, 0, D, "FS !"},
    {FS, '-', R::Fixed, 3, 0, D, "FS -"},
    {FS, 'C', R::Fixed, 3, 0, U, "FS C"},
    {FS, 'W', R::Fixed, 3, 0, U, "FS W"},
    {FS, 'S', R::Fixed, 4, 0, U, "FS S"},
    {FS, 'p', R::Fixed, 4, 0, U, "FS p"},
    {FS, '2', R::Fixed, 4 + 72, 0, U, "FS 2"}, // a user Chinese character: FS 2 c1 c2 d1..d72
    {FS, '(', R::Counted16, 5, 0, U, "FS ("},
    {FS, 'q', R::NvImages, 3, 0, U, "FS q"},
    // DLE: real-time commands.
    {DLE, 0x04, R::RealTimeStatus, 3, 0, D, "DLE EOT"},
    {DLE, 0x05, R::Fixed, 3, 0, U, "DLE ENQ"},
    {DLE, 0x14, R::RealTimeRequest, 3, 0, U, "DLE DC4"},
};

CommandLength need(qint64 atLeast)
{
    return CommandLength{false, atLeast, CommandEffect::None, 0};
}
CommandLength done(qint64 length, CommandEffect effect = CommandEffect::None, std::uint8_t query = 0)
{
    return CommandLength{true, length, effect, query};
}

class Measurer
{
public:
    Measurer(const uchar *p, qsizetype available, qsizetype lookahead)
        : p_(p), available_(available), lookahead_(lookahead)
    {}

    CommandLength measure(const CommandSpec &spec) const
    {
        switch (spec.rule) {
        case R::Fixed: return done(spec.length, cutEffect(spec));
        case R::NulTerminated: return nulTerminated(spec.length, spec.limit);
        case R::Counted16: return has(5) ? done(5 + at(3) + 256 * at(4)) : need(5);
        case R::Counted32:
            if (!has(7))
                return need(7);
            return done(7 + (qint64(at(3)) | (qint64(at(4)) << 8) | (qint64(at(5)) << 16) | (qint64(at(6)) << 24)));
        case R::BitImage: {
            if (!has(5))
                return need(5);
            const uchar m = at(2);
            const qint64 columns = at(3) + 256 * at(4);
            const qint64 perColumn = (m == 0 || m == 1) ? 1 : (m == 32 || m == 33) ? 3 : -1;
            return done(perColumn < 0 ? 5 : 5 + columns * perColumn);
        }
        case R::UserCharacters: { // ESC & y c1 c2 [x d1..d(y*x)]...
            if (!has(5))
                return need(5);
            const qint64 y = at(2);
            qint64 length = 5;
            for (int ch = at(3); ch <= at(4); ++ch) {
                if (length >= lookahead_)
                    return done(length);
                if (!has(length + 1))
                    return need(length + 1);
                length += 1 + y * at(length);
            }
            return done(length);
        }
        case R::DownloadedImage: return has(4) ? done(4 + qint64(at(2)) * at(3) * 8) : need(4);
        case R::RasterImage: return has(8) ? done(8 + qint64(at(4) + 256 * at(5)) * (at(6) + 256 * at(7))) : need(8);
        case R::Barcode:
            if (!has(3))
                return need(3);
            if (at(2) <= 6)
                return nulTerminated(3, spec.limit);
            return has(4) ? done(4 + at(3)) : need(4);
        case R::NvImages: { // FS q n [xL xH yL yH d1..d(x*y*8)]...
            if (!has(3))
                return need(3);
            qint64 length = 3;
            for (int i = 0; i < at(2); ++i) {
                if (length + 4 > lookahead_)
                    return done(length);
                if (!has(length + 4))
                    return need(length + 4);
                const qint64 x = at(length) + 256 * at(length + 1);
                const qint64 y = at(length + 2) + 256 * at(length + 3);
                length += 4 + x * y * 8;
            }
            return done(length);
        }
        case R::CutMode: {
            if (!has(3))
                return need(3);
            const uchar m = at(2);
            if (m == 0 || m == '0' || m == 1 || m == '1')
                return done(3, CommandEffect::Cut);
            if (m == 65 || m == 66 || m == 97 || m == 98 || m == 103 || m == 104)
                return has(4) ? done(4, CommandEffect::Cut) : need(4);
            return done(3); // an invalid mode is ignored by the printer: no cut
        }
        case R::RealTimeStatus: {
            if (!has(3))
                return need(3);
            const uchar n = at(2);
            if (n >= 1 && n <= 4)
                return done(3, CommandEffect::StatusQuery, n);
            return done(n == 7 || n == 8 || n == 18 ? 4 : 3);
        }
        case R::RealTimeRequest: {
            if (!has(3))
                return need(3);
            const uchar fn = at(2);
            return done((fn == 1 || fn == 2) ? 5 : fn == 7 ? 4 : fn == 8 ? 10 : 3);
        }
        }
        return done(2);
    }

private:
    bool has(qsizetype n) const { return available_ >= n; }
    uchar at(qsizetype i) const { return p_[i]; }

    static CommandEffect cutEffect(const CommandSpec &spec)
    {
        return spec.prefix == ESC && (spec.code == 'i' || spec.code == 'm') ? CommandEffect::Cut : CommandEffect::None;
    }

    // A NUL-terminated parameter list from `from`, at most `limit` bytes counted from the command start before the
    // terminator is assumed. Without its NUL yet, the command needs at least one byte more than is available.
    CommandLength nulTerminated(qsizetype from, qsizetype limit) const
    {
        qsizetype end = from;
        while (end < available_ && at(end) != 0 && end < limit)
            ++end;
        if (end < available_)
            return done(end + 1);
        return need(available_ + 1);
    }

    const uchar *p_;
    qsizetype available_;
    qsizetype lookahead_;
};

} // namespace

const CommandSpec *commandTable(qsizetype *count)
{
    *count = qsizetype(std::size(kTable));
    return kTable;
}

const CommandSpec *findCommand(std::uint8_t prefix, std::uint8_t code)
{
    const auto it = std::find_if(std::begin(kTable), std::end(kTable),
                                 [&](const CommandSpec &s) { return s.prefix == prefix && s.code == code; });
    return it == std::end(kTable) ? nullptr : it;
}

bool isCommandPrefix(std::uint8_t byte)
{
    return byte == ESC || byte == GS || byte == FS || byte == DLE;
}

CommandLength measureCommand(const uchar *p, qsizetype available, qsizetype lookahead)
{
    if (available < 1)
        return need(1);
    if (!isCommandPrefix(p[0]))
        return done(1); // text (GB18030 trail bytes are >= 0x30, never a command byte) and control bytes
    if (available < 2)
        return need(2);
    const CommandSpec *spec = findCommand(p[0], p[1]);
    if (!spec)
        return done(2); // unknown: the prefix and one byte, as the printers skip it
    return Measurer(p, available, lookahead).measure(*spec);
}

} // namespace kiosk::drivers::escpos
