#!/usr/bin/env bash
# README command 1: installs what is needed, builds and runs the kiosk demo: simulated devices (kiosk-devsim over
# real ptys), the local platform sandbox (HTTPS with mutual TLS), and the kiosk in a window.
# Without a display it runs under Xvfb by itself, saves a screenshot of the home screen and prints its path.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ -n "${KIOSK_DEMO_INSTALLED:-}" ]; then
  # Run by `kiosk-demo` (package kiosk-demo): the installed binaries; nothing to install or build.
  bin="${KIOSK_DEMO_BINDIR:-/usr/bin}"
  kiosk_bin="$bin/kiosk" devsim_bin="$bin/kiosk-devsim" sandbox_bin="$bin/platform-sandbox"
  simw_lib="$bin/../lib/kiosk-demo/libkiosk_simw_wlt.so"
  demo="${KIOSK_DEMO_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/kiosk-demo}"
else
  "$here/packaging/install-deps.sh"
  "$here/packaging/build.sh"
  build="${KIOSK_BUILD_DIR:-$here/build}"
  kiosk_bin="$build/kiosk" devsim_bin="$build/drivers/simulators/kiosk-devsim"
  sandbox_bin="$build/offline_queue/sandbox/platform-sandbox"
  simw_lib="$build/lib/libkiosk_simw_wlt.so"
  demo="${KIOSK_DEMO_DIR:-$build/demo}"
fi
mkdir -p "$demo"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

# Simulated ID-card reader, QR scanner and receipt printer. Control them while the demo runs, e.g.:
#   echo '{"cmd":"insert_card","card":"resident"}' | socat - UNIX-CONNECT:$demo/devsim/control.sock
mkdir -p "$demo/devsim"
# Face verification demo: the test card "resident" carries a photo of the face the camera clip shows (both made at
# set-up from opencv-doc portraits by make-face-clips.sh; "other" on the same card gives the mismatch path).
face_clip="$demo/face-camera.mp4"
devsim_args=(--dir "$demo/devsim")
if bash "$here/packaging/make-face-clips.sh" "$demo/face" > "$demo/face-clips.log" 2>&1; then
  cp "$demo/face/face_card.png" "$demo/devsim-face_card.png"
  sed 's|^      "id": "resident",$|      "id": "resident", "photo": "devsim-face_card.png",|' \
    "$here/resources/simulator/cards.json" > "$demo/devsim-cards.json"
  devsim_args+=(--cards "$demo/devsim-cards.json")
  face_clip="$demo/face/face_same.mp4"
fi
"$devsim_bin" "${devsim_args[@]}" > "$demo/devsim.out" 2> "$demo/devsim.err" &
pids+=($!)
for _ in $(seq 100); do grep -q '"ready":true' "$demo/devsim.out" 2>/dev/null && break; sleep 0.1; done

# The A4 printer is a real CUPS queue printing to PDF files (cups-pdf); needs root to run cupsd and add the queue.
a4_queue=""
if [ "$(id -u)" -eq 0 ] && [ -x /usr/sbin/cupsd ]; then
  if [ "$(lpstat -r 2>/dev/null)" != "scheduler is running" ]; then
    /usr/sbin/cupsd -f >/dev/null 2>&1 &
    pids+=($!)
    for _ in $(seq 50); do [ "$(lpstat -r 2>/dev/null)" = "scheduler is running" ] && break; sleep 0.1; done
  fi
  if lpadmin -p KIOSK_DEMO_A4 -E -v cups-pdf:/ -P /usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd 2>/dev/null; then
    a4_queue=KIOSK_DEMO_A4
  fi
fi

# Without the portraits the face camera plays a test pattern (the face step then ends on the staff path).
if [ "$face_clip" = "$demo/face-camera.mp4" ] && [ ! -f "$demo/face-camera.mp4" ] && command -v ffmpeg >/dev/null; then
  ffmpeg -loglevel error -f lavfi -i testsrc=size=640x480:rate=25 -t 4 -c:v libx264 -pix_fmt yuv420p \
    "$demo/face-camera.mp4" || true
fi

# The platform sandbox with a demo PKI (CA, server and kiosk certificates, submission key).
bash "$here/packaging/make-demo-pki.sh" "$demo/pki" GD-DEV-0001 > /dev/null
"$sandbox_bin" --pki "$demo/pki" --data "$demo/platform" \
  --listen 127.0.0.1:0 > "$demo/sandbox.out" 2> "$demo/sandbox.err" &
pids+=($!)
for _ in $(seq 100); do grep -q '"ready":true' "$demo/sandbox.out" 2>/dev/null && break; sleep 0.1; done
platform_url=$(sed -n 's/.*"url":"\([^"]*\)".*/\1/p' "$demo/sandbox.out" | head -1)

{
  # demo=true: the demo's devices play files (SANE's test backend, the face camera's clip).
  sed -e "s|^; data_dir=.*|data_dir=$demo/data|" -e "s|^id=.*|id=GD-DEV-0001|" -e "s|^; demo=.*|demo=true|" \
    "$here/packaging/kiosk.conf.sample" \
    | sed -e '/^\[platform\]/,$d'
  cat <<CONF
[devices]
simulator_dir=$demo/devsim
idcard_reader.simulated=true
idcard_reader.photo_decoder=$simw_lib
receipt_printer.simulated=true
code_scanner.simulated=true
document_scanner.port=test:0
document_printer.port=${a4_queue:-KIOSK_A4}
face_camera.file=$face_clip

[platform]
url=$platform_url
ca_file=$demo/pki/ca.crt
client_cert=$demo/pki/kiosk.crt
client_key=$demo/pki/kiosk.key
pins_file=$demo/pki/pins.txt

[face]
; the simulator stores card photos in 16 greys at 40x51: a little more tolerance than the manifest's threshold
; (a demo kiosk may lower it; different people score at most 0.89 with the default dlib models)
match_threshold=0.90
CONF
} > "$demo/kiosk.conf"
export SANE_CONFIG_DIR="$demo/sane"
mkdir -p "$SANE_CONFIG_DIR" && printf 'test\npnm\n' > "$SANE_CONFIG_DIR/dll.conf"

echo "kiosk demo: devices simulated in $demo/devsim (control.sock), platform sandbox at $platform_url"
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -z "${KIOSK_DEMO_HEADLESS:-}" ]; then
  "$kiosk_bin" --config "$demo/kiosk.conf" --windowed --size "${KIOSK_DEMO_SIZE:-1080x1920}"
  exit 0
fi

# No display: a virtual one, the kiosk at full panel size, a screenshot of its home screen.
n=99
while [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ]; do n=$((n + 1)); done
Xvfb ":$n" -screen 0 1080x1920x24 -nolisten tcp >/dev/null 2>&1 &
pids+=($!)
export DISPLAY=":$n"
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X$n" ] && break; sleep 0.1; done
"$kiosk_bin" --config "$demo/kiosk.conf" --start-at-home --print-ready > "$demo/kiosk.out" 2> "$demo/kiosk.err" &
pids+=($!)
for _ in $(seq 100); do grep -q '^ready' "$demo/kiosk.out" 2>/dev/null && break; sleep 0.1; done
sleep 1
shot="$demo/home-screen.png"
import -window root "$shot"
echo "kiosk demo running under Xvfb on $DISPLAY; home screen: $shot"
if [ -n "${KIOSK_DEMO_SECONDS:-}" ]; then
  sleep "$KIOSK_DEMO_SECONDS"
fi
