#!/usr/bin/env bash
# kiosk.service restarts for ever (StartLimitIntervalSec=0) and its ExecStartPre= `kiosk-session --backoff` makes each
# quick restart wait longer: no wait at the first start, then 5, 10, 20, 40, 80 s and 120 s from then on; a run of
# 10 minutes or more starts the count again; a missing, unreadable or garbled state file is a first start; the wait
# never fails the start. With a fake clock (KIOSK_BACKOFF_NOW) and `echo` for sleep.
# usage: test_restart_backoff.sh SOURCE_DIR
set -euo pipefail
session="$1/packaging/systemd/kiosk-session"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
state="$work/starts"

# One start at epoch $1: prints the wait (empty: none).
start_at() { KIOSK_BACKOFF_NOW="$1" KIOSK_BACKOFF_SLEEP=echo sh "$session" --backoff "$state" 2> /dev/null; }

# A kiosk that dies at once: a start every 10 s of run time (plus the wait).
waits=()
t=1000
for _ in 1 2 3 4 5 6 7 8 9; do
  w=$(start_at "$t")
  waits+=("${w:-0}")
  t=$((t + 10 + ${w:-0}))
done
[ "${waits[*]}" = "0 5 10 20 40 80 120 120 120" ] || fail "waits: ${waits[*]}"
echo "quick failures wait: ${waits[*]} s"

# Ten minutes of service since the last start: a healthy run, the next restart is immediate.
w=$(start_at $((t + 600)))
[ -z "$w" ] || fail "after a healthy run it waited $w s"
w=$(start_at $((t + 610)))
[ "$w" = 5 ] || fail "the count did not start again: $w"

# A garbled state file, or a clock that went back: as a first start.
echo "banana 12" > "$state"
w=$(start_at 5000)
[ -z "$w" ] || fail "garbled state: waited $w"
echo "3 99999999999" > "$state"
w=$(start_at 5000)
[ -z "$w" ] || fail "clock went back: waited $w"

# A state file it cannot write (read-only runtime folder): still starts, exit 0.
mkdir "$work/ro" && chmod 0500 "$work/ro"
if [ "$(id -u)" -ne 0 ]; then
  KIOSK_BACKOFF_NOW=1 KIOSK_BACKOFF_SLEEP=echo sh "$session" --backoff "$work/ro/starts" 2> /dev/null \
    || fail "an unwritable state file failed the start"
fi
KIOSK_BACKOFF_NOW=1 KIOSK_BACKOFF_SLEEP=echo sh "$session" --backoff "$work/no-such-dir/starts" 2> /dev/null \
  || fail "a state file in a missing folder failed the start"
# Without a state file argument: a usage error (the unit's line is checked by test_deb_package.sh).
if sh "$session" --backoff 2> /dev/null; then fail "--backoff without a file succeeded"; fi
echo "restart back-off: ok"
