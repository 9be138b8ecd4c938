// The kiosk never leaves a core dump: a core of a frozen kiosk (the watchdog kills it with SIGABRT) would hold card
// text, photos and page images in clear on disk. kiosk.service also sets LimitCORE=0; this holds without the unit too.
#pragma once

namespace kiosk::app {

// prctl(PR_SET_DUMPABLE, 0): the kernel writes no core for this process (whatever RLIMIT_CORE or core_pattern say;
// a pipe to systemd-coredump gets nothing either) and other processes of the same user cannot ptrace it or read its
// memory. Call it first in main(), before anything personal is in memory. Returns false (with errno) on failure.
bool disableCoreDumps();

} // namespace kiosk::app
