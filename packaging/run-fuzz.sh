#!/usr/bin/env bash
# Bounded fuzzing for CI: builds the libFuzzer targets of tests/fuzz with clang-14 in build-fuzz/ (only those
# targets), runs each for SECONDS seconds on a scratch copy of its committed corpus, prints one summary line per
# target and fails if any target found a crash, leak, timeout or out-of-memory input (its path is printed; add it to
# tests/fuzz/corpus/<target>/ together with the fix, so the replay test keeps it fixed).
# usage: packaging/run-fuzz.sh SECONDS
#   KIOSK_FUZZ_BUILD_DIR  build folder (default: build-fuzz in the repository)
#   KIOSK_JOBS            build jobs (default 2)
#   KIOSK_FUZZ_TARGETS    the targets to run, space-separated (default: all of them, the list below)
#   KIOSK_FUZZ_PARALLEL   how many targets run at a time (default: all side by side, so the whole run takes about
#                         SECONDS plus the build; the long profile on a shared machine: KIOSK_FUZZ_PARALLEL=2, i.e.
#                         SECONDS times half the number of targets)
# Each summary line gives the runs (execs), exec/s, libFuzzer's last coverage figures (cov: edges, ft: features) and
# the corpus size before and after.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

seconds="${1:-}"
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -eq 0 ]; then
  echo "usage: $0 SECONDS   (a positive number of seconds per fuzz target)" >&2
  exit 2
fi

all_targets=(frame_decoder card_record qr_payload escpos_status sane_image catalogue_answer case_answer heartbeat_answer
  field_extractor)
if [ -n "${KIOSK_FUZZ_TARGETS:-}" ]; then
  read -ra targets <<<"$KIOSK_FUZZ_TARGETS"
  for t in "${targets[@]}"; do
    if ! [[ " ${all_targets[*]} " == *" $t "* ]]; then
      echo "run-fuzz: unknown target '$t' (known: ${all_targets[*]})" >&2
      exit 2
    fi
  done
else
  targets=("${all_targets[@]}")
fi
parallel="${KIOSK_FUZZ_PARALLEL:-${#targets[@]}}"
if ! [[ "$parallel" =~ ^[0-9]+$ ]] || [ "$parallel" -eq 0 ]; then
  echo "run-fuzz: KIOSK_FUZZ_PARALLEL must be a positive number" >&2
  exit 2
fi
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

start_one() {
  local t="$1" work="$runs/$1"
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
}

# libFuzzer's -print_final_stats lines: stat::<name>: <value>
final_stat() { sed -n "s/^stat::$2: *//p" "$1/fuzz.log" | tail -n1; }
# The last figure libFuzzer printed for `cov:` or `ft:`.
last_figure() { grep -o "$2: [0-9]*" "$1/fuzz.log" | tail -n1 | cut -d' ' -f2 || true; }

failed=0
report_one() {
  local t="$1" pid="$2" work="$runs/$1" rc=0
  wait "$pid" || rc=$?
  local runs_done rate took seeds corpus cov ft status
  runs_done="$(final_stat "$work" number_of_executed_units)"
  rate="$(final_stat "$work" average_exec_per_sec)"
  took="$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$work/fuzz.log")"
  seeds="$(find "$here/tests/fuzz/corpus/$t" -type f | wc -l)"
  corpus="$(find "$work/corpus" -type f | wc -l)"
  cov="$(last_figure "$work" cov)"
  ft="$(last_figure "$work" ft)"
  mapfile -t found < <(find "$work/artifacts" -type f | sort)
  if [ "$rc" -eq 0 ] && [ ${#found[@]} -eq 0 ]; then
    status="ok"
  else
    status="FAILED (exit $rc)"
    failed=1
  fi
  echo "fuzz_$t: ${runs_done:-?} runs in ${took:-?} s, ${rate:-?} exec/s, cov ${cov:-?}, ft ${ft:-?}," \
    "corpus ${seeds} -> ${corpus}: $status"
  if [ "$status" != "ok" ]; then
    for f in "${found[@]}"; do echo "  crash input: $f"; done
    [ ${#found[@]} -gt 0 ] || echo "  no crash input was written; see the log"
    echo "  log: $work/fuzz.log (last lines below)"
    { grep -v '^#\|^INFO\|^stat::' "$work/fuzz.log" || true; } | tail -n 25 | sed 's/^/    /'
  fi
}

# In batches of `parallel`: each batch starts together and is reported when all of it has ended.
for ((from = 0; from < ${#targets[@]}; from += parallel)); do
  batch=("${targets[@]:from:parallel}")
  pids=()
  for t in "${batch[@]}"; do start_one "$t"; done
  for i in "${!batch[@]}"; do report_one "${batch[$i]}" "${pids[$i]}"; done
done
exit "$failed"
