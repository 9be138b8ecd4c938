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
    buffer_.append(chunk);
    qsizetype pos = 0;
    while (pos < buffer_.size()) {
        const qsizetype start = findPreamble(buffer_, pos);
        garbage_ += start - pos;
        pos = start;
        if (buffer_.size() - pos < idcard::kHeaderSize)
            break; // a preamble (or its beginning) without the length yet
        const auto byte = [this](qsizetype i) { return std::uint8_t(buffer_.at(i)); };
        const int length = (byte(pos + 5) << 8) | byte(pos + 6);
        if (length < kMinCommandLength || length > kMaxCommandLength) {
            SamCommandFrame bad;
            bad.error = SamCommandFrame::Error::BadLength;
            out.append(bad);
            pos += 1; // resynchronise just past this preamble: a real frame may hide behind a lost byte
            continue;
        }
        if (buffer_.size() - pos < idcard::kHeaderSize + length)
            break;
        const char *lenAndBody = buffer_.constData() + pos + idcard::kPreambleSize;
        const std::uint8_t expected = idcard::xorChecksum(lenAndBody, 2 + length - 1);
        const std::uint8_t actual = byte(pos + idcard::kHeaderSize + length - 1);
        SamCommandFrame frame;
        if (expected != actual) {
            frame.error = SamCommandFrame::Error::BadChecksum;
        } else {
            frame.cmd = byte(pos + idcard::kHeaderSize);
            frame.para = byte(pos + idcard::kHeaderSize + 1);
            frame.data = buffer_.mid(pos + idcard::kHeaderSize + 2, length - kMinCommandLength);
        }
        out.append(frame);
        pos += idcard::kHeaderSize + length;
    }
    buffer_.remove(0, pos);
    return out;
}

qsizetype SamCommandDecoder::discardPartial()
{
    const qsizetype n = buffer_.size();
    garbage_ += n;
    buffer_.clear();
    return n;
}

} // namespace kiosk::drivers::simulators
