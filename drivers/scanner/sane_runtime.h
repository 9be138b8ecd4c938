// sane_init / sane_exit once per process, however many scanners come and go: a counted reference held by each user.
#pragma once

#include <sane/sane.h>

#include <mutex>

namespace kiosk::drivers {

class SaneRuntimeRef
{
public:
    SaneRuntimeRef();  // the first live reference calls sane_init
    ~SaneRuntimeRef(); // the last one calls sane_exit (which also closes any handle still open)

    SaneRuntimeRef(const SaneRuntimeRef &) = delete;
    SaneRuntimeRef &operator=(const SaneRuntimeRef &) = delete;

    SANE_Status initStatus() const { return initStatus_; }
    bool ok() const { return initStatus_ == SANE_STATUS_GOOD; }
    SANE_Int version() const { return version_; }

    // The dll meta-backend's device list is not thread-safe: hold this around sane_get_devices, sane_open and
    // sane_close. Scanning calls on an open handle do not need it (one handle is only used by one thread).
    static std::mutex &deviceTableMutex();

    static int liveReferences(); // for diagnostics and tests

private:
    SANE_Status initStatus_ = SANE_STATUS_GOOD;
    SANE_Int version_ = 0;
};

} // namespace kiosk::drivers
