#!/usr/bin/env bash
# The kiosk binary carries nothing of the simulators, the test seams or the platform side: no symbol of `nm -C KIOSK`
# matches a pattern of forbidden_kiosk_symbols.txt. To show the check itself can fail, it first runs on REFERENCE, a
# binary that must hold at least one forbidden name (kioskctl links the ESC/POS renderer).
# usage: test_kiosk_symbols.sh KIOSK REFERENCE LIST
set -euo pipefail
kiosk=$1
reference=$2
list=$3
fail() { echo "FAIL: $*" >&2; exit 1; }

# Prints "pattern | why" for every forbidden name found in the binary; exit status 1 when one was found.
scan() {
  local symbols found=0 pattern why
  symbols=$(nm -C "$1") || fail "nm $1"
  [ -n "$symbols" ] || fail "nm found no symbols in $1 (stripped?)"
  while IFS= read -r line; do
    [[ -z "$line" || "$line" == \#* ]] && continue
    pattern=${line%% | *}
    why=${line#* | }
    if hits=$(grep -m3 -E -- "$pattern" <<<"$symbols"); then
      echo "  $pattern ($why), e.g.:"
      sed 's/^/      /' <<<"$hits"
      found=1
    fi
  done < "$list"
  return $found
}

[ "$(grep -cvE '^(#|$)' "$list")" -ge 8 ] || fail "$list holds fewer entries than expected"
if scan "$reference" > /dev/null; then
  fail "the check finds nothing forbidden in $reference, which links the renderer: the check is broken"
fi
echo "self-check: $(basename "$reference") holds forbidden names, as it should"

if ! report=$(scan "$kiosk"); then
  echo "FAIL: $(basename "$kiosk") contains forbidden names:"
  echo "$report"
  exit 1
fi
echo "ok: $(basename "$kiosk") ($(stat -c %s "$kiosk") bytes) holds none of the $(grep -cvE '^(#|$)' "$list") forbidden names"
