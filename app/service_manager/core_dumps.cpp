// No core dumps of the kiosk (see core_dumps.h).
#include "app/service_manager/core_dumps.h"

#include <sys/prctl.h>

namespace kiosk::app {

bool disableCoreDumps()
{
    return ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == 0;
}

} // namespace kiosk::app
