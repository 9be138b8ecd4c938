// SIGTERM and SIGINT end the event loop cleanly (systemd stops a service with SIGTERM): the queue, sync and logs shut
// down as on any quit, instead of the process dying mid-write.
#pragma once

namespace kiosk::app {

// Installs the handlers (once per process); the handler only writes a byte to a socket pair that the event loop of
// the calling (GUI) thread reads, then it calls QCoreApplication::quit().
void quitOnTerminationSignals();

} // namespace kiosk::app
