// The boundary between FaceEngine (kiosk_app) and its OpenCV DNN pipeline, which lives in a module of its own
// (libkiosk_face_cv.so, face_cv_module.cpp) loaded when the face models are first loaded: OpenCV's DNN stack
// (libopencv_dnn, objdetect, calib3d, features2d, flann, protobuf) then never weighs on the kiosk's start, and a
// kiosk without face verification never loads it. Only Qt and standard types cross it; the module calls nothing of
// kiosk_app (it is not linked against it), so this header and face_engine.h's plain structs are all it shares.
// Which files it loads and how it feeds them comes from the model manifest (face_manifest.h), already checked.
#pragma once

#include <QImage>
#include <QPointF>
#include <QRectF>
#include <QString>

#include <array>
#include <functional>
#include <memory>
#include <vector>

#include "app/verification/face_engine.h"

namespace kiosk::app::facecv {

constexpr int kAbiVersion = 3;
constexpr char kLoadSymbol[] = "kiosk_face_cv_load";

// How a network wants its input (the manifest's "input").
struct InputSpec {
    int width = 0, height = 0;
    bool nchw = true;                    // false: NHWC
    bool bgr = false;                    // channel order the network expects (frames are RGB)
    std::array<double, 3> mean{0, 0, 0}; // subtracted per channel (in the network's channel order), then * scale
    double scale = 1.0;
    std::vector<QPointF> align; // embedder: where the detector's eyes, nose, mouth land in the input, in pixels
};

struct AnchorGrid {
    int grid = 0;    // cells per side
    int perCell = 0; // anchors per cell
};

struct ModelFiles {
    QString detector; // BlazeFace-style: scores + boxes with 6 keypoints over anchor grids
    InputSpec detectorInput;
    std::vector<AnchorGrid> anchors;
    double detectionThreshold = 0.7;
    QString embedder;
    InputSpec embedderInput;
    int embeddingDims = 0;
    bool euclidean = false; // compare by 1 - euclidean distance; otherwise cosine similarity
    QString haarCascade;    // empty: no Haar gate
};

// BlazeFace's keypoints, in frame pixels (the subject's right eye is on the image's left).
enum Keypoint { RightEye = 0, LeftEye, NoseTip, Mouth, RightEar, LeftEar, KeypointCount };

// What one analysis measured (FaceObservation without the template type, which is kiosk_app's).
struct Analysis {
    bool faceFound = false;
    bool gatedOut = false;
    bool cancelled = false;
    double detectionScore = 0;
    QRectF box;
    double brightness = 0;
    std::array<QPointF, KeypointCount> keypoints{};
    std::vector<float> embedding; // empty when not computed; the caller moves it into a FaceTemplate
};

class Pipeline
{
public:
    virtual ~Pipeline() = default;
    // `rgb` is Format_RGB888; the pipeline reads it in place and zeroes every intermediate image it makes.
    virtual Analysis analyze(const QImage &rgb, const FaceAnalysisOptions &options,
                             const std::function<bool()> &cancelled) = 0;
    // Similarity of two embeddings by the manifest's metric (higher: more alike); 0 when either is empty.
    virtual double compare(const float *a, const float *b, int size) const = 0;
    virtual void scrub() = 0;
    virtual bool hasHaarCascade() const = 0;
};

struct LoadReply {
    std::unique_ptr<Pipeline> pipeline; // null on error
    FaceEngineError error = FaceEngineError::None;
    QString detail;
};

// The module's one entry point (extern "C", kLoadSymbol): fills `reply` unless `abiVersion` differs from its own.
using LoadFunction = void (*)(int abiVersion, const ModelFiles *files, LoadReply *reply);

} // namespace kiosk::app::facecv
