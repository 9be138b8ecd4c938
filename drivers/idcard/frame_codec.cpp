// SAM_V (GA 467) frame building, checksums, status meanings and the incremental reply decoder.
#include "drivers/idcard/frame_codec.h"

#include <cstring>
#include <string.h> // explicit_bzero (glibc)

namespace kiosk::drivers::idcard {

namespace {

// Frames carry LEN = bytes after the length field, CHK included; a reply needs at least SW1 SW2 SW3 CHK.
constexpr int kMinReplyLength = 4;

QByteArray frame(const QByteArray &body)
{
    // body = everything between LEN and CHK; LEN counts body + CHK.
    const int len = int(body.size()) + 1;
    QByteArray out;
    out.reserve(kHeaderSize + len);
    out.append(kPreamble, kPreambleSize);
    out.append(char((len >> 8) & 0xFF));
    out.append(char(len & 0xFF));
    out.append(body);
    out.append(char(xorChecksum(out.constData() + kPreambleSize, out.size() - kPreambleSize)));
    return out;
}

struct StatusText {
    std::uint8_t code;
    const char *text;
};

// Meanings as in GA 467 / devices.md, in the words a technician reads in a log or in kioskctl output.
constexpr StatusText kStatusTexts[] = {
    {0x90, "operation succeeded"},
    {0x9F, "card found"},
    {0x80, "no card found"},
    {0x81, "card select failed"},
    {0x41, "card read failed"},
    {0x40, "unknown card type"},
    {0x91, "the card has no content for this item"},
    {0x10, "reader received a command with a bad checksum"},
    {0x11, "reader received a command with a bad length"},
    {0x21, "reader did not recognise the command"},
    {0x23, "operation not authorised"},
    {0x24, "unrecognised error"},
    {0x31, "card failed to authenticate the SAM"},
    {0x32, "SAM failed to authenticate the card"},
    {0x33, "information verification failed"},
    {0x47, "random number generation failed"},
    {0x60, "SAM self-test failed"},
    {0x66, "SAM is not authorised"},
};

QString hexByte(std::uint8_t b)
{
    return QStringLiteral("0x") + QString::number(uint(b), 16).toUpper().rightJustified(2, QLatin1Char('0'));
}

} // namespace

void secureZero(QByteArray &bytes)
{
    if (bytes.isEmpty())
        return;
    // data() detaches first, so other holders of a shared copy keep their bytes (value semantics);
    // explicit_bzero cannot be removed as a dead store before the free.
    explicit_bzero(bytes.data(), size_t(bytes.size()));
}

std::uint8_t xorChecksum(const char *bytes, qsizetype size)
{
    std::uint8_t chk = 0;
    for (qsizetype i = 0; i < size; ++i)
        chk ^= std::uint8_t(bytes[i]);
    return chk;
}

QByteArray encodeCommand(std::uint8_t cmd, std::uint8_t para, const QByteArray &data)
{
    QByteArray body;
    body.reserve(2 + data.size());
    body.append(char(cmd));
    body.append(char(para));
    body.append(data);
    return frame(body);
}

QByteArray encodeCommand(SamCommand command)
{
    const auto v = std::uint16_t(command);
    return encodeCommand(std::uint8_t(v >> 8), std::uint8_t(v & 0xFF));
}

QByteArray encodeSetBaudRate(SamBaudRate rate)
{
    return encodeCommand(0x60, std::uint8_t(rate));
}

QByteArray encodeSetMaxRfFrame(std::uint8_t size)
{
    return encodeCommand(0x61, 0xFF, QByteArray(1, char(size)));
}

bool isKnownStatus(std::uint8_t sw3)
{
    for (const StatusText &s : kStatusTexts) {
        if (s.code == sw3)
            return true;
    }
    return false;
}

QString describeStatus(std::uint8_t sw3)
{
    for (const StatusText &s : kStatusTexts) {
        if (s.code == sw3)
            return hexByte(sw3) + QLatin1Char(' ') + QLatin1String(s.text);
    }
    return hexByte(sw3) + QStringLiteral(" unknown status code");
}

QByteArray encodeReply(std::uint8_t sw3, const QByteArray &data, std::uint8_t sw1, std::uint8_t sw2)
{
    QByteArray body;
    body.reserve(3 + data.size());
    body.append(char(sw1));
    body.append(char(sw2));
    body.append(char(sw3));
    body.append(data);
    return frame(body);
}

void SamReply::wipe()
{
    secureZero(data);
    data.clear();
    sw1 = sw2 = sw3 = 0;
}

QString toString(FrameError error)
{
    switch (error) {
    case FrameError::None: return QStringLiteral("ok");
    case FrameError::BadChecksum: return QStringLiteral("bad checksum");
    case FrameError::BadLength: return QStringLiteral("bad length");
    case FrameError::OversizedLength: return QStringLiteral("oversized length");
    case FrameError::Truncated: return QStringLiteral("truncated frame");
    }
    return QStringLiteral("unknown error");
}

ReplyDecoder::ReplyDecoder(int maxLength) : maxLength_(qMax(kMinReplyLength, maxLength))
{
    // One allocation for the largest frame, so appends do not leave copies of citizen data in freed blocks.
    buffer_.reserve(kHeaderSize + maxLength_);
}

ReplyDecoder::~ReplyDecoder()
{
    secureZero(buffer_);
}

QList<DecodedFrame> ReplyDecoder::feed(const QByteArray &chunk)
{
    return feed(chunk.constData(), chunk.size());
}

QList<DecodedFrame> ReplyDecoder::feed(const char *bytes, qsizetype size)
{
    QList<DecodedFrame> out;
    if (size <= 0)
        return out;
    buffer_.append(bytes, size);
    decodeAvailable(&out);
    compact();
    return out;
}

QList<DecodedFrame> ReplyDecoder::flush()
{
    QList<DecodedFrame> out;
    decodeAvailable(&out);
    const qsizetype pending = buffer_.size() - pos_;
    if (pending >= kPreambleSize) {
        // decodeAvailable() leaves at least a whole preamble only when a frame has started.
        DecodedFrame f;
        f.error = FrameError::Truncated;
        f.detail = QStringLiteral("frame ended after %1 of its bytes").arg(pending);
        if (pending >= kHeaderSize) {
            const int len = (std::uint8_t(buffer_[pos_ + 5]) << 8) | std::uint8_t(buffer_[pos_ + 6]);
            f.detail = QStringLiteral("frame ended after %1 of %2 bytes").arg(pending).arg(kHeaderSize + len);
        }
        out.append(f);
    } else {
        garbage_ += pending; // a partial preamble at the very end is noise
    }
    secureZero(buffer_);
    buffer_.truncate(0); // keeps the reserved block
    pos_ = 0;
    return out;
}

void ReplyDecoder::reset()
{
    secureZero(buffer_);
    buffer_.truncate(0);
    pos_ = 0;
    garbage_ = 0;
}

void ReplyDecoder::decodeAvailable(QList<DecodedFrame> *out)
{
    const char *buf = buffer_.constData();
    const qsizetype size = buffer_.size();
    for (;;) {
        // Hunt for the preamble; bytes before it are garbage. Keep a tail that may be the preamble's start.
        qsizetype start = pos_;
        while (start + kPreambleSize <= size && std::memcmp(buf + start, kPreamble, kPreambleSize) != 0)
            ++start;
        if (start + kPreambleSize > size) {
            qsizetype keep = size - start;
            while (keep > 0 && std::memcmp(buf + size - keep, kPreamble, size_t(keep)) != 0)
                --keep;
            garbage_ += (size - keep) - pos_;
            pos_ = size - keep;
            return;
        }
        garbage_ += start - pos_;
        pos_ = start;

        if (size - pos_ < kHeaderSize)
            return;
        const int len = (std::uint8_t(buf[pos_ + 5]) << 8) | std::uint8_t(buf[pos_ + 6]);
        if (len < kMinReplyLength || len > maxLength_) {
            DecodedFrame f;
            f.error = len < kMinReplyLength ? FrameError::BadLength : FrameError::OversizedLength;
            f.detail = len < kMinReplyLength
                           ? QStringLiteral("length %1 is below the minimum of %2").arg(len).arg(kMinReplyLength)
                           : QStringLiteral("length %1 exceeds the limit of %2").arg(len).arg(maxLength_);
            out->append(f);
            ++pos_; // resynchronise just past this preamble's first byte
            continue;
        }
        if (size - pos_ < kHeaderSize + len)
            return;

        const char *body = buf + pos_ + kPreambleSize; // LEN_H onwards
        const std::uint8_t expected = xorChecksum(body, 2 + len - 1);
        const std::uint8_t actual = std::uint8_t(body[2 + len - 1]);
        if (expected != actual) {
            DecodedFrame f;
            f.error = FrameError::BadChecksum;
            f.detail = QStringLiteral("checksum %1 does not match the computed %2 (length %3)")
                           .arg(hexByte(actual), hexByte(expected))
                           .arg(len);
            out->append(f);
            ++pos_;
            continue;
        }
        DecodedFrame f;
        f.reply.sw1 = std::uint8_t(body[2]);
        f.reply.sw2 = std::uint8_t(body[3]);
        f.reply.sw3 = std::uint8_t(body[4]);
        f.reply.data = QByteArray(body + 5, len - 4);
        out->append(f);
        pos_ += kHeaderSize + len;
    }
}

void ReplyDecoder::compact()
{
    if (pos_ == 0)
        return;
    const qsizetype rest = buffer_.size() - pos_;
    char *buf = buffer_.data();
    std::memmove(buf, buf + pos_, size_t(rest));
    // Zero what was consumed before shrinking so no decoded record stays behind in the spare capacity.
    explicit_bzero(buf + rest, size_t(pos_));
    buffer_.truncate(rest);
    pos_ = 0;
}

} // namespace kiosk::drivers::idcard
