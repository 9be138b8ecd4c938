#!/usr/bin/env bash
# README command 2: installs what is needed, builds, starts the test services and runs the whole test suite.
# Pass ctest arguments to narrow it, e.g. `packaging/run-tests.sh -L unit`. Benchmarks: `packaging/run-tests.sh -L bench`.
# KIOSK_FUZZ_SECONDS=N (not 0): afterwards, fuzz each libFuzzer target for N seconds (packaging/run-fuzz.sh).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$here/packaging/install-deps.sh"
"$here/packaging/build.sh"
build="${KIOSK_BUILD_DIR:-$here/build}"
# shellcheck source=packaging/test-services.sh
source "$here/packaging/test-services.sh"
trap stop_test_services EXIT
start_test_services
cd "$build"
if [ $# -eq 0 ]; then
  set -- -LE bench  # benchmarks run on their own: packaging/run-tests.sh -L bench
fi
# KIOSK_TEST_JOBS (CI: 2) runs that many tests at once; no test times the wall clock tightly (benchmarks do that).
ctest --output-on-failure --timeout 600 -j"${KIOSK_TEST_JOBS:-1}" "$@"
# Bounded fuzzing of the protocol parsers (CI sets KIOSK_FUZZ_SECONDS): a crash found fails the run.
if [ -n "${KIOSK_FUZZ_SECONDS:-}" ] && [ "$KIOSK_FUZZ_SECONDS" != "0" ]; then
  "$here/packaging/run-fuzz.sh" "$KIOSK_FUZZ_SECONDS"
fi
