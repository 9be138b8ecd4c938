// The fuzz targets' one assertion: an abort, which libFuzzer and the replay runner both report with the input.
#pragma once

#include <cstdlib>

namespace kiosk::fuzz {

inline void require(bool condition)
{
    if (!condition)
        std::abort();
}

} // namespace kiosk::fuzz
