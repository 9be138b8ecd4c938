#!/usr/bin/env bash
# Bounded fuzzing for CI: builds the libFuzzer targets of tests/fuzz with clang-14 in build-fuzz/ (only those
# targets), runs each for SECONDS seconds on a scratch copy of its committed corpus, prints one summary line per
# target and fails if any target found a crash, leak, timeout or out-of-memory input (its path is printed; add it to
# tests/fuzz/corpus/<target>/ together with the fix, so the replay test keeps it fixed).
# usage: packaging/run-fuzz.sh SECONDS
#   KIOSK_FUZZ_BUILD_DIR  build folder (default: build-fuzz in the repository)
#   KIOSK_JOBS            build jobs (default 2)
#   The targets run side by side, so the whole run takes about SECONDS plus the build.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

seconds="${1:-}"
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -eq 0 ]; then
  echo "usage: $0 SECONDS   (a positive number of seconds per fuzz target)" >&2
  exit 2
fi

targets=(frame_decoder card_record qr_payload)
build="${KIOSK_FUZZ_BUILD_DIR:-$here/build-fuzz}"
cxx="$(command -v clang++-14 || true)"
if [ -z "$cxx" ]; then
  echo "run-fuzz: clang++-14 not found; run packaging/install-deps.sh (clang-14, libclang-rt-14-dev)" >&2
  exit 1
fi

# The fuzz targets compile the parsers into themselves and link Qt Core only; the rest of the project is configured
# (one CMake project) but not built. Benchmarks and simulators are left out to keep configuring short.
mkdir -p "$build"
cmake -S "$here" -B "$build" -G Ninja -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DKIOSK_BUILD_TESTS=ON -DKIOSK_BUILD_FUZZERS=ON -DKIOSK_BUILD_BENCH=OFF -DKIOSK_BUILD_SIMULATORS=OFF -DKIOSK_HARDENING=OFF \
  -DKIOSK_WERROR="${KIOSK_WERROR:-OFF}" >"$build/configure.log" 2>&1 || {
  cat "$build/configure.log" >&2
  echo "run-fuzz: configuring $build with $cxx failed" >&2
  exit 1
}
cmake --build "$build" -j"${KIOSK_JOBS:-2}" --target "${targets[@]/#/fuzz_}"

# One scratch folder per target under the build folder, so crash inputs outlive the run for a look afterwards.
runs="$build/fuzz-runs"
pids=()
# Stopped from outside (CI timeout, Ctrl-C): take the fuzzers along.
trap 'kill "${pids[@]}" 2>/dev/null || true; exit 130' INT TERM
for t in "${targets[@]}"; do
  work="$runs/$t"
  rm -rf "$work"
  mkdir -p "$work/artifacts"
  cp -r "$here/tests/fuzz/corpus/$t" "$work/corpus"
  # -timeout: an input that takes 10 s is a hang worth reporting. Leak checking is on; it needs ptrace, which some
  # containers forbid: set ASAN_OPTIONS=detect_leaks=0 there.
  (
    cd "$work"
    exec "$build/tests/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=10 -print_final_stats=1 \
      -artifact_prefix="$work/artifacts/" corpus >"$work/fuzz.log" 2>&1
  ) &
  pids+=($!)
done

# libFuzzer's -print_final_stats lines: stat::<name>: <value>
final_stat() { sed -n "s/^stat::$2: *//p" "$1/fuzz.log" | tail -n1; }

failed=0
for i in "${!targets[@]}"; do
  t="${targets[$i]}"
  work="$runs/$t"
  rc=0
  wait "${pids[$i]}" || rc=$?
  runs_done="$(final_stat "$work" number_of_executed_units)"
  rate="$(final_stat "$work" average_exec_per_sec)"
  took="$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$work/fuzz.log")"
  seeds="$(find "$here/tests/fuzz/corpus/$t" -type f | wc -l)"
  corpus="$(find "$work/corpus" -type f | wc -l)"
  cov="$(grep -o 'cov: [0-9]*' "$work/fuzz.log" | tail -n1 | cut -d' ' -f2 || true)"
  mapfile -t found < <(find "$work/artifacts" -type f | sort)
  if [ "$rc" -eq 0 ] && [ ${#found[@]} -eq 0 ]; then
    status="ok"
  else
    status="FAILED (exit $rc)"
    failed=1
  fi
  echo "fuzz_$t: ${runs_done:-?} runs in ${took:-?} s, ${rate:-?} exec/s, cov ${cov:-?}, corpus ${seeds} -> ${corpus}: $status"
  if [ "$status" != "ok" ]; then
    for f in "${found[@]}"; do echo "  crash input: $f"; done
    [ ${#found[@]} -gt 0 ] || echo "  no crash input was written; see the log"
    echo "  log: $work/fuzz.log (last lines below)"
    { grep -v '^#\|^INFO\|^stat::' "$work/fuzz.log" || true; } | tail -n 25 | sed 's/^/    /'
  fi
done
exit "$failed"
