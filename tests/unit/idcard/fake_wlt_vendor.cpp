// Stand-in for a vendor WLT decoder library (libwlt2bmp.so), built in several misbehaving variants for the tests.
// It does not decode anything: it paints a 102x126 BMP whose upper half has the colour given by the first three
// input bytes (B, G, R) and whose lower half is black, so the test can check channel order and row orientation.
#include <cstdint>
#include <cstring>

namespace {

void put32(unsigned char *p, std::uint32_t v)
{
    for (int i = 0; i < 4; ++i)
        p[i] = static_cast<unsigned char>(v >> (8 * i));
}

[[maybe_unused]] int writeBmp(const char *src, char *dst)
{
    constexpr int w = 102, h = 126, stride = (w * 3 + 3) & ~3, header = 54;
    auto *out = reinterpret_cast<unsigned char *>(dst);
    std::memset(out, 0, header + stride * h);
    out[0] = 'B';
    out[1] = 'M';
    put32(out + 2, header + stride * h);
    put32(out + 10, header);
    put32(out + 14, 40);
    put32(out + 18, w);
    put32(out + 22, h); // positive: bottom-up rows, as BMP files usually are
    out[26] = 1;
    out[28] = 24;
    for (int row = 0; row < h; ++row) {
        const bool upperHalf = row >= h / 2; // stored bottom-up: later rows are higher in the image
        unsigned char *line = out + header + row * stride;
        for (int x = 0; x < w && upperHalf; ++x)
            std::memcpy(line + 3 * x, src, 3);
    }
    return 1;
}

} // namespace

#if FAKE_WLT_MODE == 1 // well-behaved
extern "C" int unpack(char *src, char *dst, int bmpSave)
{
    return bmpSave == 1 ? writeBmp(src, dst) : -2;
}
#elif FAKE_WLT_MODE == 2 // reports failure
extern "C" int unpack(char *, char *, int)
{
    return -1;
}
#elif FAKE_WLT_MODE == 3 // claims success but writes no bitmap
extern "C" int unpack(char *, char *dst, int)
{
    std::memset(dst, 'X', 100);
    return 1;
}
#else                    // exports some other name only
extern "C" int wlt_decode_other(char *src, char *dst, int)
{
    return writeBmp(src, dst);
}
#endif
