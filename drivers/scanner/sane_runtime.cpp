// Counted sane_init/sane_exit (see sane_runtime.h).
#include "drivers/scanner/sane_runtime.h"

#include <QLoggingCategory>

namespace kiosk::drivers {

Q_LOGGING_CATEGORY(lcSaneRuntime, "kiosk.drivers.scanner.runtime")

namespace {
// Guards the count and the init/exit calls together, so an exit can never undo a concurrent init.
std::mutex &countMutex()
{
    static std::mutex m;
    return m;
}
int g_references = 0;
SANE_Status g_initStatus = SANE_STATUS_GOOD;
SANE_Int g_version = 0;
} // namespace

SaneRuntimeRef::SaneRuntimeRef()
{
    std::lock_guard<std::mutex> lock(countMutex());
    if (g_references++ == 0) {
        g_initStatus = sane_init(&g_version, nullptr);
        qCDebug(lcSaneRuntime) << "sane_init:" << sane_strstatus(g_initStatus) << "version"
                               << SANE_VERSION_MAJOR(g_version) << SANE_VERSION_MINOR(g_version)
                               << SANE_VERSION_BUILD(g_version);
    }
    initStatus_ = g_initStatus;
    version_ = g_version;
}

SaneRuntimeRef::~SaneRuntimeRef()
{
    std::lock_guard<std::mutex> lock(countMutex());
    if (--g_references == 0) {
        if (g_initStatus == SANE_STATUS_GOOD) {
            std::lock_guard<std::mutex> devices(deviceTableMutex());
            sane_exit();
        }
        qCDebug(lcSaneRuntime) << "sane_exit";
    }
}

std::mutex &SaneRuntimeRef::deviceTableMutex()
{
    static std::mutex m;
    return m;
}

int SaneRuntimeRef::liveReferences()
{
    std::lock_guard<std::mutex> lock(countMutex());
    return g_references;
}

} // namespace kiosk::drivers
