#!/usr/bin/env bash
# Configures and builds the kiosk into ./build (or $KIOSK_BUILD_DIR). Warnings are errors when KIOSK_WERROR=ON (CI).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${KIOSK_BUILD_DIR:-$here/build}"
# KIOSK_NO_DEBUG_INFO=ON (CI) drops -g: the same -O2 code, built and linked in much less time on 2 cores.
extra=()
if [ "${KIOSK_NO_DEBUG_INFO:-OFF}" = "ON" ]; then
  extra+=("-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O2 -DNDEBUG" "-DCMAKE_C_FLAGS_RELWITHDEBINFO=-O2 -DNDEBUG")
fi
# ccache (Debian's ccache, when installed) makes rebuilds of the same sources cheap, also across work trees: paths
# under the parent folder are hashed relative to it.
if command -v ccache >/dev/null 2>&1; then
  extra+=("-DCMAKE_CXX_COMPILER_LAUNCHER=ccache" "-DCMAKE_C_COMPILER_LAUNCHER=ccache")
  export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$(dirname "$here")}" CCACHE_NOHASHDIR=true
fi
cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKIOSK_WERROR="${KIOSK_WERROR:-OFF}" \
  "${extra[@]}" >/dev/null
cmake --build "$build" -j"${KIOSK_JOBS:-2}"
