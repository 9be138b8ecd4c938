#!/usr/bin/env bash
# Configures and builds the kiosk into ./build (or $KIOSK_BUILD_DIR). Warnings are errors when KIOSK_WERROR=ON (CI).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${KIOSK_BUILD_DIR:-$here/build}"
cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKIOSK_WERROR="${KIOSK_WERROR:-OFF}" >/dev/null
cmake --build "$build" -j"${KIOSK_JOBS:-2}"
