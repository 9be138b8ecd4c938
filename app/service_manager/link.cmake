# sd_notify for the systemd readiness and watchdog protocol (libsystemd-dev; libsystemd0 is on every Debian system).
pkg_check_modules(LIBSYSTEMD REQUIRED IMPORTED_TARGET libsystemd)
target_link_libraries(kiosk_app PRIVATE PkgConfig::LIBSYSTEMD)
