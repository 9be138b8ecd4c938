// libFuzzer target: the SAM_V reply decoder must never crash, and must find the same frames however the bytes are
// chunked (whole, byte by byte, in input-chosen pieces); every frame it accepts must re-encode to the same bytes.
#include <cstdint>
#include <cstdlib>

#include "drivers/idcard/card_record.h"
#include "drivers/idcard/frame_codec.h"

using namespace kiosk::drivers::idcard;

namespace {

void require(bool condition)
{
    if (!condition)
        std::abort(); // libFuzzer and the replay runner both report an abort as a failure with the input
}

struct Run {
    QList<DecodedFrame> frames;
    qint64 garbage = 0;
};

Run decodeWith(const QByteArray &bytes, const QByteArray &chunkSizes)
{
    Run run;
    ReplyDecoder d;
    qsizetype pos = 0;
    int i = 0;
    while (pos < bytes.size()) {
        const int n = chunkSizes.isEmpty() ? int(bytes.size()) : 1 + uchar(chunkSizes[i++ % chunkSizes.size()]);
        run.frames += d.feed(bytes.mid(pos, n));
        require(d.pendingBytes() <= kHeaderSize + kMaxReplyLength);
        pos += n;
    }
    run.frames += d.flush();
    require(d.pendingBytes() == 0);
    run.garbage = d.garbageBytes();
    return run;
}

bool sameFrames(const Run &a, const Run &b)
{
    if (a.frames.size() != b.frames.size() || a.garbage != b.garbage)
        return false;
    for (int i = 0; i < a.frames.size(); ++i) {
        const DecodedFrame &x = a.frames[i];
        const DecodedFrame &y = b.frames[i];
        if (x.error != y.error || x.reply.sw1 != y.reply.sw1 || x.reply.sw2 != y.reply.sw2 ||
            x.reply.sw3 != y.reply.sw3 || x.reply.data != y.reply.data)
            return false;
    }
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    // The first 8 bytes choose chunk sizes for the third pass; all bytes are the stream itself.
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const QByteArray chunkSizes = bytes.left(8);

    const Run whole = decodeWith(bytes, {});
    const Run byByte = decodeWith(bytes, QByteArray(1, '\0'));
    const Run chunked = decodeWith(bytes, chunkSizes);
    require(sameFrames(whole, byByte));
    require(sameFrames(whole, chunked));
    require(whole.garbage <= qint64(size));

    for (const DecodedFrame &f : whole.frames) {
        require(f.isOk() == f.detail.isEmpty());
        if (!f.isOk())
            continue;
        const QByteArray again = encodeReply(f.reply.sw3, f.reply.data, f.reply.sw1, f.reply.sw2);
        require(bytes.contains(again));
        (void)describeStatus(f.reply.sw3);
        (void)parseReadPayload(f.reply.data);
    }
    return 0;
}
