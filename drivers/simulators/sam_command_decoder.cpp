// Splits the host's byte stream into SAM_V command frames (devices.md, "SAM_V serial protocol").
#include "drivers/simulators/sam_command_decoder.h"

#include <cstring>

#include "drivers/idcard/frame_codec.h"

namespace kiosk::drivers::simulators {

namespace idcard = kiosk::drivers::idcard;

namespace {

constexpr int kMinCommandLength = 3; // CMD PARA CHK

// Index of the first full preamble at or after `from`, or of the longest preamble prefix at the end of `buffer`
// (it may complete with the next chunk); buffer.size() when neither.
qsizetype findPreamble(const QByteArray &buffer, qsizetype from)
{
    for (qsizetype i = from; i < buffer.size(); ++i) {
        const qsizetype n = qMin<qsizetype>(idcard::kPreambleSize, buffer.size() - i);
        if (std::memcmp(buffer.constData() + i, idcard::kPreamble, size_t(n)) == 0)
            return i;
    }
    return buffer.size();
}

} // namespace

QList<SamCommandFrame> SamCommandDecoder::feed(const QByteArray &chunk)
{
    QList<SamCommandFrame> out;
    m_buffer.append(chunk);
    qsizetype pos = 0;
    while (pos < m_buffer.size()) {
        const qsizetype start = findPreamble(m_buffer, pos);
        m_garbage += start - pos;
        pos = start;
        if (m_buffer.size() - pos < idcard::kHeaderSize)
            break; // a preamble (or its beginning) without the length yet
        const auto byte = [this](qsizetype i) { return std::uint8_t(m_buffer.at(i)); };
        const int length = (byte(pos + 5) << 8) | byte(pos + 6);
        if (length < kMinCommandLength || length > kMaxCommandLength) {
            SamCommandFrame bad;
            bad.error = SamCommandFrame::Error::BadLength;
            out.append(bad);
            pos += 1; // resynchronise just past this preamble: a real frame may hide behind a lost byte
            continue;
        }
        if (m_buffer.size() - pos < idcard::kHeaderSize + length)
            break;
        const char *lenAndBody = m_buffer.constData() + pos + idcard::kPreambleSize;
        const std::uint8_t expected = idcard::xorChecksum(lenAndBody, 2 + length - 1);
        const std::uint8_t actual = byte(pos + idcard::kHeaderSize + length - 1);
        SamCommandFrame frame;
        if (expected != actual) {
            frame.error = SamCommandFrame::Error::BadChecksum;
        } else {
            frame.cmd = byte(pos + idcard::kHeaderSize);
            frame.para = byte(pos + idcard::kHeaderSize + 1);
            frame.data = m_buffer.mid(pos + idcard::kHeaderSize + 2, length - kMinCommandLength);
        }
        out.append(frame);
        pos += idcard::kHeaderSize + length;
    }
    m_buffer.remove(0, pos);
    return out;
}

qsizetype SamCommandDecoder::discardPartial()
{
    const qsizetype n = m_buffer.size();
    m_garbage += n;
    m_buffer.clear();
    return n;
}

} // namespace kiosk::drivers::simulators
