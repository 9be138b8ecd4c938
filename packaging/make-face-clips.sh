#!/usr/bin/env bash
# Makes the face-verification demo material from the portraits Debian's opencv-doc ships (never committed; the output
# folder is git-ignored): face_same.mp4 — one face in front of the "camera" that turns to its left, to its right and
# nods in a loop (render_head_moves.py gives the face a depth, so it answers whichever liveness challenge the kiosk
# asks); face_photo.mp4 — the same face as a printed photo held up and tilted (it must fail the challenge);
# face_other.mp4 — another person; face_card.png — a 102x126 ID-photo-size still of the first face (for the card
# simulator).
# Idempotent: skips files already present (FORCE=1 remakes them). Usage: make-face-clips.sh [OUT_DIR]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${1:-$ROOT/.cache/demo}"
DATA="${KIOSK_TEST_PORTRAITS:-/usr/share/doc/opencv-doc/examples}/data"
SAME="$DATA/messi5.jpg"      # 548x342, face centred near (242,112), about 40 px
OTHER="$DATA/basketball1.png" # 640x480, face centred near (88,113), about 42 px

fail() { echo "make-face-clips: ERROR: $*" >&2; exit 1; }
command -v ffmpeg >/dev/null 2>&1 || fail "ffmpeg not found (packaging/install-deps.sh installs it)"
for f in "$SAME" "$OTHER"; do
  [ -s "$f" ] || fail "portrait $f missing: install opencv-doc (packaging/install-deps.sh)"
done
mkdir -p "$OUT"

# A 4:3 window about 3.3 face widths wide around the face, drifting a few pixels, scaled to a 640x480 camera frame.
clip() { # in out centre_x centre_y window_w
  local in="$1" out="$2" cx="$3" cy="$4" w="$5"
  local h=$(( w * 3 / 4 ))
  if [ -s "$out" ] && [ "${FORCE:-0}" != 1 ]; then echo "make-face-clips: $out present"; return; fi
  ffmpeg -nostdin -loglevel error -y -loop 1 -i "$in" -t 4 -r 25 \
    -vf "crop=${w}:${h}:${cx}-${w}/2+4*sin(2*PI*t/4):${cy}-${h}/2+3*sin(2*PI*t/2),scale=640:480,format=yuv420p" \
    -c:v libx264 -preset veryfast -crf 20 "$out.part.mp4" || fail "ffmpeg could not make $out"
  mv -f "$out.part.mp4" "$out"
  echo "make-face-clips: wrote $out"
}

clip "$OTHER" "$OUT/face_other.mp4" 88 117 136

# The first face's 640x480 frame (the window above, still), then rendered frame by frame: a head that moves, and a
# photo that is tilted. The nose sits about 0.1 face heights below the face centre; the face is about 190 px wide.
moving() { # out [--photo]
  local out="$1"; shift
  if [ -s "$out" ] && [ "${FORCE:-0}" != 1 ]; then echo "make-face-clips: $out present"; return; fi
  ffmpeg -nostdin -loglevel error -y -i "$SAME" -vf "crop=132:99:242-66:116-49,scale=640:480" -frames:v 1 \
    -f rawvideo -pix_fmt rgb24 - |
    /usr/bin/python3 "$ROOT/packaging/render_head_moves.py" 640 480 320 235 194 120 "$@" |
    ffmpeg -nostdin -loglevel error -y -f rawvideo -pix_fmt rgb24 -s 640x480 -r 25 -i - -pix_fmt yuv420p \
      -c:v libx264 -preset veryfast -crf 20 "$out.part.mp4" || fail "could not render $out"
  mv -f "$out.part.mp4" "$out"
  echo "make-face-clips: wrote $out"
}
moving "$OUT/face_same.mp4"
moving "$OUT/face_photo.mp4" --photo

card="$OUT/face_card.png"
if [ -s "$card" ] && [ "${FORCE:-0}" != 1 ]; then
  echo "make-face-clips: $card present"
else
  # The face takes about 55 % of the photo's width, as on a resident ID card.
  ffmpeg -nostdin -loglevel error -y -i "$SAME" -vf "crop=73:90:206:71,scale=102:126:flags=bicubic" -frames:v 1 \
    "$card.part.png" || fail "ffmpeg could not make $card"
  mv -f "$card.part.png" "$card"
  echo "make-face-clips: wrote $card"
fi
