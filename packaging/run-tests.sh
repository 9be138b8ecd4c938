#!/usr/bin/env bash
# README command 2: installs what is needed, builds, starts the test services and runs the whole test suite.
# Pass ctest arguments to narrow it, e.g. `packaging/run-tests.sh -L unit`. Benchmarks: `packaging/run-tests.sh -L bench`
# (a full benchmark run also rewrites README.md's benchmark table from the figures it measured: bench-report.py).
# After every run, a skipped test fails it unless tests/skip-allowlist.txt names it with its reason (check-skips.py).
# KIOSK_BENCH_SMOKE=1 (CI): afterwards, run every benchmark once in smoke mode (few iterations; fails only when a
# budget is missed by more than 2x: an alarm against regressions, not a timing test; tests/bench/bench_support.h).
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
bench_run=0
prev=""
for a in "$@"; do
  if { [ "$prev" = "-L" ] || [ "$prev" = "--label-regex" ]; } && [ "$a" = "bench" ]; then bench_run=1; fi
  if [ "$a" = "-Lbench" ] || [ "$a" = "--label-regex=bench" ]; then bench_run=1; fi
  prev="$a"
done
junit="$build/Testing/run-tests-junit.xml"
smoke_junit="$build/Testing/bench-smoke-junit.xml"
# ctest with its results in JUnit form (for the skip check and the benchmark figures); the whole output of passed
# tests is kept there (CTest keeps 1 KB by default), so a QSKIP anywhere in a passing QtTest is seen.
run_ctest() {
  local out="$1"
  shift
  rm -f "$out"
  set +e
  ctest --output-on-failure --timeout 600 -j"${KIOSK_TEST_JOBS:-1}" --output-junit "$out" \
    --test-output-size-passed 8388608 --test-output-size-failed 8388608 "$@"
  local rc=$?
  set -e
  return "$rc"
}
status=0
# KIOSK_TEST_JOBS (CI: 2) runs that many tests at once; no test times the wall clock tightly (benchmarks do that).
run_ctest "$junit" "$@" || status=$?
if [ -f "$junit" ]; then
  python3 "$here/packaging/check-skips.py" "$junit" "$here/tests/skip-allowlist.txt" || status=1
else
  echo "run-tests: ctest wrote no $junit" >&2
  status=1
fi
if [ "$bench_run" = 1 ] && [ -f "$junit" ]; then
  if [ "${KIOSK_BENCH_SMOKE:-0}" = "1" ]; then
    python3 "$here/packaging/bench-report.py" "$junit" --smoke || status=1
  else
    python3 "$here/packaging/bench-report.py" "$junit" --readme "$here/README.md" || status=1
  fi
elif [ "${KIOSK_BENCH_SMOKE:-0}" = "1" ]; then
  # Every benchmark once, with few iterations, one at a time (they measure the machine).
  start=$(date +%s)
  run_ctest "$smoke_junit" -L bench -j1 || status=$?
  echo "run-tests: benchmark smoke run took $(($(date +%s) - start)) s"
  if [ -f "$smoke_junit" ]; then
    python3 "$here/packaging/check-skips.py" "$smoke_junit" "$here/tests/skip-allowlist.txt" || status=1
    python3 "$here/packaging/bench-report.py" "$smoke_junit" --smoke || status=1
  else
    status=1
  fi
fi
[ "$status" = 0 ] || exit "$status"
# Bounded fuzzing of the protocol parsers (CI sets KIOSK_FUZZ_SECONDS): a crash found fails the run.
if [ -n "${KIOSK_FUZZ_SECONDS:-}" ] && [ "$KIOSK_FUZZ_SECONDS" != "0" ]; then
  "$here/packaging/run-fuzz.sh" "$KIOSK_FUZZ_SECONDS"
fi
