// Splits the live ESC/POS stream with the renderer's own command table (drivers/receipt_printer/escpos_grammar.h).
#include "drivers/simulators/escpos_stream_splitter.h"

#include "drivers/receipt_printer/escpos_grammar.h"

#include <algorithm>

namespace kiosk::drivers::simulators {

namespace {

using escpos::CommandEffect;

EscPosToken::Kind tokenKind(CommandEffect effect)
{
    switch (effect) {
    case CommandEffect::Cut: return EscPosToken::Kind::Cut;
    case CommandEffect::StatusQuery: return EscPosToken::Kind::StatusQuery;
    case CommandEffect::None: break;
    }
    return EscPosToken::Kind::PrintData;
}

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
        escpos::CommandLength m = escpos::measureCommand(data + at, avail, kMaxLookahead);
        if (!m.complete) {
            if (avail < kMaxLookahead)
                break;                                                      // wait for more bytes
            m = escpos::CommandLength{true, avail, CommandEffect::None, 0}; // a head that never resolves: pass it on
        }
        if (m.length > avail) {
            appendData(out, buffer_.constData() + at, avail);
            skip_ = m.length - avail;
            at = buffer_.size();
            break;
        }
        const qsizetype length = qsizetype(m.length);
        const EscPosToken::Kind kind = tokenKind(m.effect);
        if (kind == EscPosToken::Kind::PrintData)
            appendData(out, buffer_.constData() + at, length);
        else
            out.append(EscPosToken{kind, buffer_.mid(at, length), m.query});
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
