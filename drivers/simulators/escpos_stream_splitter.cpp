// Command-length rules for the live ESC/POS stream; they mirror the renderer's so both split a stream identically.
#include "drivers/simulators/escpos_stream_splitter.h"

#include <algorithm>

namespace kiosk::drivers::simulators {

namespace {

constexpr std::uint8_t DLE = 0x10;
constexpr std::uint8_t ESC = 0x1B;
constexpr std::uint8_t FS = 0x1C;
constexpr std::uint8_t GS = 0x1D;

struct Measure {
    bool complete = false; // false: more bytes are needed to know the length
    qint64 length = 0;     // total command length (may exceed the bytes available: the body streams through)
    EscPosToken::Kind kind = EscPosToken::Kind::PrintData;
    std::uint8_t query = 0;
};

Measure need()
{
    return Measure{};
}
Measure done(qint64 length, EscPosToken::Kind kind = EscPosToken::Kind::PrintData, std::uint8_t query = 0)
{
    return Measure{true, length, kind, query};
}

class Measurer
{
public:
    Measurer(const uchar *p, qsizetype avail) : p_(p), avail_(avail) {}

    Measure measure() const
    {
        switch (p_[0]) {
        case ESC: return escape();
        case GS: return group();
        case FS: return file();
        case DLE: return dataLink();
        default: return done(1); // text (GB18030 trail bytes are >= 0x30, never a command byte) and controls
        }
    }

private:
    bool has(qsizetype n) const { return avail_ >= n; }
    uchar at(qsizetype i) const { return p_[i]; }

    // NUL-terminated parameter list starting at `from`, at most `maxLength` bytes counted from the command start
    // before the terminator is assumed (the renderer's rule for ESC D and GS k m<=6).
    Measure nulTerminated(qsizetype from, qsizetype maxLength) const
    {
        qsizetype end = from;
        while (end < avail_ && at(end) != 0 && end < maxLength)
            ++end;
        if (end < avail_)
            return done(end + 1);
        return need();
    }

    Measure escape() const
    {
        if (!has(2))
            return need();
        const uchar c = at(1);
        switch (c) {
        case 'i':
        case 'm': return done(2, EscPosToken::Kind::Cut);
        case '@':
        case '2':
        case 'L':
        case 'S':
        case 'v':
        case 'g': return done(2);
        case 'E':
        case 'G':
        case 'a':
        case 'd':
        case 'J':
        case '3':
        case '!':
        case '-':
        case ' ':
        case '%':
        case '=':
        case '?':
        case 'K':
        case 'M':
        case 'R':
        case 'T':
        case 'U':
        case 'V':
        case 'e':
        case 'r':
        case 't':
        case 'u':
        case '{': return done(3);
        case 'c':
        case '$':
        case '\\': return done(4);
        case 'p': return done(5);
        case 'W': return done(10);
        case 'D': return nulTerminated(2, 2 + 32);
        case '*': {
            if (!has(5))
                return need();
            const uchar m = at(2);
            const qint64 columns = at(3) + 256 * at(4);
            const qint64 perColumn = (m == 0 || m == 1) ? 1 : (m == 32 || m == 33) ? 3 : -1;
            return done(perColumn < 0 ? 5 : 5 + columns * perColumn);
        }
        case '&': { // ESC & y c1 c2 [x d1..d(y*x)]...
            if (!has(5))
                return need();
            const qint64 y = at(2);
            qint64 length = 5;
            for (int ch = at(3); ch <= at(4); ++ch) {
                if (length >= EscPosStreamSplitter::kMaxLookahead)
                    return done(length);
                if (!has(length + 1))
                    return need();
                length += 1 + y * at(length);
            }
            return done(length);
        }
        default: return done(2);
        }
    }

    Measure group() const
    {
        if (!has(2))
            return need();
        switch (at(1)) {
        case '!': return done(3);
        case 'V': {
            if (!has(3))
                return need();
            const uchar m = at(2);
            if (m == 0 || m == '0' || m == 1 || m == '1')
                return done(3, EscPosToken::Kind::Cut);
            if (m == 65 || m == 66 || m == 97 || m == 98 || m == 103 || m == 104)
                return has(4) ? done(4, EscPosToken::Kind::Cut) : need();
            return done(3); // an invalid mode is ignored by the printer: no cut
        }
        case '(':
            if (!has(5))
                return need();
            return done(5 + at(3) + 256 * at(4));
        case 'B':
        case 'H':
        case 'I':
        case 'E':
        case 'a':
        case 'b':
        case 'f':
        case 'h':
        case 'r':
        case 'w':
        case '/': return done(3);
        case 'L':
        case 'W':
        case 'P':
        case '$':
        case '\\': return done(4);
        case '^': return done(5);
        case ':': return done(2);
        case 'g': return done(6);
        case '*':
            if (!has(4))
                return need();
            return done(4 + qint64(at(2)) * at(3) * 8);
        case 'v':
            if (!has(8))
                return need();
            return done(8 + qint64(at(4) + 256 * at(5)) * (at(6) + 256 * at(7)));
        case 'k':
            if (!has(3))
                return need();
            if (at(2) <= 6)
                return nulTerminated(3, 3 + 255);
            if (!has(4))
                return need();
            return done(4 + at(3));
        case '8':
            if (!has(7))
                return need();
            return done(7 + (qint64(at(3)) | (qint64(at(4)) << 8) | (qint64(at(5)) << 16) | (qint64(at(6)) << 24)));
        default: return done(2);
        }
    }

    Measure file() const
    {
        if (!has(2))
            return need();
        switch (at(1)) {
        case '&':
        case '.': return done(2);
        case '!':
        case '-':
        case 'C':
        case 'W': return done(3);
        case 'S':
        case 'p': return done(4);
        case '2': return done(4 + 72);
        case '(':
            if (!has(5))
                return need();
            return done(5 + at(3) + 256 * at(4));
        case 'q': { // FS q n [xL xH yL yH d1..d(x*y*8)]...
            if (!has(3))
                return need();
            qint64 length = 3;
            for (int i = 0; i < at(2); ++i) {
                if (length + 4 > EscPosStreamSplitter::kMaxLookahead)
                    return done(length);
                if (!has(length + 4))
                    return need();
                const qint64 x = at(length) + 256 * at(length + 1);
                const qint64 y = at(length + 2) + 256 * at(length + 3);
                length += 4 + x * y * 8;
            }
            return done(length);
        }
        default: return done(2);
        }
    }

    Measure dataLink() const
    {
        if (!has(2))
            return need();
        switch (at(1)) {
        case 0x04: {
            if (!has(3))
                return need();
            const uchar n = at(2);
            if (n >= 1 && n <= 4)
                return done(3, EscPosToken::Kind::StatusQuery, n);
            if (n == 7 || n == 8 || n == 18)
                return done(4);
            return done(3);
        }
        case 0x05: return done(3);
        case 0x14: {
            if (!has(3))
                return need();
            const uchar fn = at(2);
            return done((fn == 1 || fn == 2) ? 5 : fn == 7 ? 4 : fn == 8 ? 10 : 3);
        }
        default: return done(2);
        }
    }

    const uchar *p_;
    qsizetype avail_;
};

void appendData(QList<EscPosToken> &out, const char *bytes, qsizetype size)
{
    if (size <= 0)
        return;
    if (!out.isEmpty() && out.last().kind == EscPosToken::Kind::PrintData)
        out.last().bytes.append(bytes, size);
    else
        out.append(EscPosToken{EscPosToken::Kind::PrintData, QByteArray(bytes, size), 0});
}

} // namespace

QList<EscPosToken> EscPosStreamSplitter::feed(const QByteArray &chunk)
{
    QList<EscPosToken> out;
    qsizetype pos = 0;
    // First the rest of a long command body that is still arriving.
    if (skip_ > 0) {
        const qsizetype n = qsizetype(std::min<qint64>(skip_, chunk.size()));
        appendData(out, chunk.constData(), n);
        skip_ -= n;
        pos = n;
    }
    buffer_.append(chunk.constData() + pos, chunk.size() - pos);

    qsizetype at = 0;
    const auto *data = reinterpret_cast<const uchar *>(buffer_.constData());
    while (at < buffer_.size()) {
        const qsizetype avail = buffer_.size() - at;
        Measure m = Measurer(data + at, avail).measure();
        if (!m.complete) {
            if (avail < kMaxLookahead)
                break;       // wait for more bytes
            m = done(avail); // a head that never resolves: pass it on, the renderer reports it
        }
        if (m.length > avail) {
            appendData(out, buffer_.constData() + at, avail);
            skip_ = m.length - avail;
            at = buffer_.size();
            break;
        }
        const qsizetype length = qsizetype(m.length);
        if (m.kind == EscPosToken::Kind::PrintData)
            appendData(out, buffer_.constData() + at, length);
        else
            out.append(EscPosToken{m.kind, buffer_.mid(at, length), m.query});
        at += length;
    }
    buffer_.remove(0, at);
    return out;
}

void EscPosStreamSplitter::reset()
{
    buffer_.clear();
    skip_ = 0;
}

} // namespace kiosk::drivers::simulators
