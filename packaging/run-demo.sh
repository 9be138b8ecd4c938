#!/usr/bin/env bash
# README command 1: installs what is needed, builds and runs the kiosk demo in a window.
# Without a display it runs under Xvfb by itself, saves a screenshot of the home screen and prints its path.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$here/packaging/install-deps.sh"
"$here/packaging/build.sh"
build="${KIOSK_BUILD_DIR:-$here/build}"
demo="${KIOSK_DEMO_DIR:-$build/demo}"
mkdir -p "$demo"
sed -e "s|^; data_dir=.*|data_dir=$demo/data|" "$here/packaging/kiosk.conf.sample" > "$demo/kiosk.conf"

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -z "${KIOSK_DEMO_HEADLESS:-}" ]; then
  exec "$build/kiosk" --config "$demo/kiosk.conf" --windowed --size "${KIOSK_DEMO_SIZE:-1080x1920}"
fi

# No display: a virtual one, the kiosk at full panel size, a screenshot of its home screen.
n=99
while [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ]; do n=$((n + 1)); done
Xvfb ":$n" -screen 0 1080x1920x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $kiosk $xvfb 2>/dev/null || true' EXIT
export DISPLAY=":$n"
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X$n" ] && break; sleep 0.1; done
"$build/kiosk" --config "$demo/kiosk.conf" --start-at-home --print-ready > "$demo/kiosk.out" 2> "$demo/kiosk.err" &
kiosk=$!
for _ in $(seq 100); do grep -q '^ready' "$demo/kiosk.out" 2>/dev/null && break; sleep 0.1; done
sleep 1
shot="$demo/home-screen.png"
import -window root "$shot"
echo "kiosk demo running under Xvfb on $DISPLAY; home screen: $shot"
if [ -n "${KIOSK_DEMO_SECONDS:-}" ]; then
  sleep "$KIOSK_DEMO_SECONDS"
fi
