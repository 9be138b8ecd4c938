#!/usr/bin/env bash
# Starts and stops what the tests need on a machine without a desktop: Xvfb, a PulseAudio null sink, cupsd.
# usage: source packaging/test-services.sh; start_test_services; ...; stop_test_services
# Each service is optional: when it cannot start, the tests that need it say so and the rest run.

_kiosk_pids=()

_cups_running() {
  local out
  out=$(lpstat -r 2>/dev/null) || return 1
  [ "$out" = "scheduler is running" ]
}

start_test_services() {
  export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d /tmp/kiosk-runtime.XXXXXX)}"
  chmod 0700 "$XDG_RUNTIME_DIR"
  if [ -z "${DISPLAY:-}" ] && command -v Xvfb >/dev/null; then
    local n=99
    while [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ]; do n=$((n + 1)); done
    Xvfb ":$n" -screen 0 1080x1920x24 -nolisten tcp >/dev/null 2>&1 &
    _kiosk_pids+=($!)
    export DISPLAY=":$n"
    for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X$n" ] && break; sleep 0.1; done
    echo "test-services: Xvfb on $DISPLAY"
  fi
  if command -v pulseaudio >/dev/null && ! pactl info >/dev/null 2>&1; then
    pulseaudio -n --daemonize=no --exit-idle-time=-1 --system=false \
      --load="module-null-sink sink_name=null" --load=module-native-protocol-unix >/dev/null 2>&1 &
    _kiosk_pids+=($!)
    for _ in $(seq 50); do pactl info >/dev/null 2>&1 && break; sleep 0.1; done
    echo "test-services: PulseAudio null sink"
  fi
  # cupsd lives in /usr/sbin, which a non-login PATH may lack; `lpstat -r` exits 0 either way, so read its words.
  if [ "$(id -u)" -eq 0 ] && [ -x /usr/sbin/cupsd ] && ! _cups_running; then
    /usr/sbin/cupsd -f >/dev/null 2>&1 &
    _kiosk_pids+=($!)
    for _ in $(seq 50); do _cups_running && break; sleep 0.1; done
    if _cups_running; then echo "test-services: cupsd"; else echo "test-services: cupsd did not start"; fi
  fi
}

stop_test_services() {
  local pid
  for pid in "${_kiosk_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${_kiosk_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  _kiosk_pids=()
}
