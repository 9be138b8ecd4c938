#!/usr/bin/python3
"""Writes face-models.json, the manifest of the default face models that packaging/models/fetch-face.sh brings.

The kiosk reads it at load (app/verification/face_manifest): it loads only the files named here, after checking
their sha256; it takes each model's input spec and the decision threshold from here; and it runs face checks with a
manifest whose cleared_for_production is false only on a demo kiosk ([kiosk] demo=true). A province that installs a
cleared model writes its own manifest in the same format (README, "Face models").

Usage: write_face_manifest.py OUT.json BLAZEFACE_PACKAGE FACEAPI_PACKAGE FILE=SHA256...
"""
import json
import sys

# Chosen for false accepts first on the labelled pairs bench_face builds (tests/bench/bench_face.cpp prints the counts;
# app/verification/README.md has the figures): below it, "no match" sends the citizen to staff.
MATCH_THRESHOLD = 0.93
CALIBRATION = ("cosine of the 128-d descriptors; calibrated by bench_face on the opencv-doc portraits (4 faces: 2 real "
               "people, one drawn, one robot; each as an ID photo, a camera frame, and the frame rotated by 12 degrees "
               "either way, darkened, brightened, blurred, JPEG'd, posed and farther away): 271 same-person pairs, lowest "
               "0.946; 470 different-person pairs, highest 0.910. 0.93 is about halfway, nearer the highest "
               "different-person score's side by choice: 0 false accepts and 0 false rejects on those pairs. Two real "
               "people and no East-Asian faces: not a production calibration.")
EAST_ASIAN = ("dlib's ResNet descriptor was trained mostly on faces of European descent and is documented as poor at "
              "telling East-Asian faces apart (different people judged the same at dlib's usual 0.6 distance): a "
              "Guangdong kiosk must not rely on it for a match decision; it is a licence-clean stand-in until the "
              "province installs a cleared model.")


def main(argv):
    if len(argv) < 5:
        print(__doc__, file=sys.stderr)
        return 2
    out, blaze_pkg, faceapi_pkg = argv[1], argv[2], argv[3]
    sha = dict(arg.split("=", 1) for arg in argv[4:])
    blaze = {
        "upstream": "MediaPipe BlazeFace (Google); ONNX by PINTO0309 (PINTO_model_zoo), Barracuda form by keijiro",
        "source": "npm " + blaze_pkg,
        "weights_licence": "Apache-2.0",
        "licence_file": "LICENSE.blazeface.txt",
        "architecture": "blazeface",
        "keypoints": ["right_eye", "left_eye", "nose_tip", "mouth", "right_ear", "left_ear"],
        "score_threshold": 0.7,
    }
    files = []
    for name, upstream_file, size, anchors in (
            ("blazeface_front_128.onnx", "ONNX/face_detection_front_128x128_barracuda.onnx", 128,
             [[16, 2], [8, 6]]),
            ("blazeface_back_256.onnx", "ONNX/face_detection_back_256x256_barracuda.onnx", 256, [[16, 2], [8, 6]])):
        if name not in sha:
            continue
        entry = {"file": name, "role": "detector" if size == 128 else "detector_far", "sha256": sha[name],
                 "upstream_file": upstream_file}
        entry.update(blaze)
        entry["input"] = {"width": size, "height": size, "layout": "NHWC", "channels": "RGB",
                          "mean": [127.5, 127.5, 127.5], "scale": 1 / 127.5, "letterbox": True}
        entry["anchors"] = [{"grid": g, "per_cell": n} for g, n in anchors]
        files.append(entry)
    files.append({
        "file": "dlib_face_descriptor.onnx",
        "role": "embedder",
        "sha256": sha["dlib_face_descriptor.onnx"],
        "upstream": "dlib ResNet face descriptor (dlib_face_recognition_resnet_model_v1, Davis E. King)",
        "source": "npm " + faceapi_pkg + " model/face_recognition_model.bin + weights manifest, converted to ONNX by "
                  "packaging/models/convert_dlib_tfjs.py",
        "weights_licence": "public domain (dlib-models); face-api code MIT",
        "licence_file": "NOTICE.dlib-weights.txt",
        "architecture": "dlib_resnet",
        "input": {"width": 150, "height": 150, "layout": "NCHW", "channels": "RGB",
                  "mean": [122.782, 117.001, 104.298], "scale": 1 / 255.0,
                  # Where the right eye, left eye, nose tip and mouth of the detector land in the aligned input.
                  "align": [[53.0, 62.0], [97.0, 62.0], [75.0, 86.0], [75.0, 108.0]]},
        "output": {"dims": 128},
        "decision": {"metric": "cosine", "match_threshold": MATCH_THRESHOLD, "calibration": CALIBRATION},
        "known_limitations": EAST_ASIAN,
    })
    manifest = {
        "format": "kiosk-face-models/1",
        "cleared_for_production": False,
        "clearance": "not cleared: licence-clean demo and development models; a province installs a cleared model "
                     "with a manifest of its own (README, Face models)",
        "known_limitations": [EAST_ASIAN],
        "files": files,
    }
    with open(out, "w", encoding="utf-8") as f:
        json.dump(manifest, f, ensure_ascii=False, indent=2)
        f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
