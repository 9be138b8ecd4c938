#!/usr/bin/python3
"""Renders the face demo clip's frames from one frontal camera frame: a face that drifts a little, then turns to its
left, to its right and nods, and back, in a loop; or (--photo) the same frame as a printed photo held up and tilted.

A head is not flat: the face gets a depth (a bump centred on the nose) and each pixel moves by its depth times
sin(angle), so the nose moves more than the eyes and the mouth, which is what the kiosk's challenge measures from
the detector's keypoints. A photo tilted as a whole (a perspective warp of the picture) keeps those ratios and must
fail. Reads raw RGB24 frames on stdin, writes raw RGB24 frames on stdout (ffmpeg on either side). numpy only.

Usage: render_head_moves.py WIDTH HEIGHT NOSE_X NOSE_Y FACE_WIDTH FRAMES [--photo]
"""
import sys

import numpy as np


def bilinear(img, sx, sy):
    h, w = img.shape[:2]
    sx = np.clip(sx, 0, w - 1.001)
    sy = np.clip(sy, 0, h - 1.001)
    x0, y0 = sx.astype(np.int32), sy.astype(np.int32)
    fx, fy = (sx - x0)[..., None], (sy - y0)[..., None]
    a, b = img[y0, x0], img[y0, x0 + 1]
    c, d = img[y0 + 1, x0], img[y0 + 1, x0 + 1]
    return (a * (1 - fx) * (1 - fy) + b * fx * (1 - fy) + c * (1 - fx) * fy + d * fx * fy).astype(np.uint8)


def head_moved(img, nose, face_w, degrees, nod, shift):
    h, w = img.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
    s, c = np.sin(np.radians(degrees)), np.cos(np.radians(degrees))
    dx, dy = xx - nose[0], yy - nose[1]
    r2 = dx * dx + dy * dy
    inside = np.exp(-r2 / (2 * (0.6 * face_w) ** 2))
    z = 0.5 * face_w * np.exp(-r2 / (2 * (0.35 * face_w) ** 2))
    sx, sy = xx.copy(), yy.copy()
    if nod:
        sy = nose[1] + (dy - z * s) / (1 - (1 - c) * inside)
    else:
        sx = nose[0] + (dx - z * s) / (1 - (1 - c) * inside)
    return bilinear(img, sx - shift[0], sy - shift[1])


def photo_tilted(img, amount, centre, half):
    """A flat picture turned about its vertical axis: one side nearer (larger), the other farther (smaller)."""
    h, w = img.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
    u = (xx - centre[0]) / half  # -1 .. 1 across the photo
    scale = 1 + amount * u       # perspective: nearer side magnified
    sx = centre[0] + (xx - centre[0]) / (1 + amount * 0.5 * u) 
    sy = centre[1] + (yy - centre[1]) / scale
    return bilinear(img, sx, sy)


def main(argv):
    if len(argv) not in (7, 8):
        print(__doc__, file=sys.stderr)
        return 2
    w, h = int(argv[1]), int(argv[2])
    nose = (float(argv[3]), float(argv[4]))
    face_w = float(argv[5])
    frames = int(argv[6])
    photo = len(argv) == 8 and argv[7] == "--photo"
    img = np.frombuffer(sys.stdin.buffer.read(w * h * 3), dtype=np.uint8).reshape(h, w, 3).astype(np.float64)
    # One loop of 1.6 s at 25 fps: still 0.4 s, then 0.4 s each: left and back, right and back, nod (chin up) and back.
    ramp = [0, 10, 20, 28, 30, 30, 28, 18, 8, 0]
    moves = [(None, 0)] * 10 + [(False, a) for a in ramp] + [(False, -a) for a in ramp] + [(True, -a) for a in ramp]
    out = sys.stdout.buffer
    for i in range(frames):
        t = i / 25.0
        shift = (3 * np.sin(2 * np.pi * t / 4), 2 * np.sin(2 * np.pi * t / 2))
        if photo:
            frame = photo_tilted(img, 0.25 * np.sin(2 * np.pi * t / 1.6), (w / 2 + shift[0], h / 2), w / 2)
        else:
            nod, angle = moves[i % len(moves)]
            frame = head_moved(img, nose, face_w, angle, bool(nod), shift) if nod is not None else bilinear(
                img, *np.meshgrid(np.arange(w) - shift[0], np.arange(h) - shift[1]))
        out.write(frame.tobytes())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
