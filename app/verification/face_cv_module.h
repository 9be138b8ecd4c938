// The boundary between FaceEngine (kiosk_app) and its OpenCV DNN pipeline, which lives in a module of its own
// (libkiosk_face_cv.so, face_cv_module.cpp) loaded when the face models are first loaded: OpenCV's DNN stack
// (libopencv_dnn, objdetect, calib3d, features2d, flann, protobuf) then never weighs on the kiosk's start, and a
// kiosk without face verification never loads it. Only Qt and standard types cross it; the module calls nothing of
// kiosk_app (it is not linked against it), so this header and face_engine.h's plain structs are all it shares.
#pragma once

#include <QImage>
#include <QRectF>
#include <QString>

#include <functional>
#include <memory>
#include <vector>

#include "app/verification/face_engine.h"

namespace kiosk::app::facecv {

constexpr int kAbiVersion = 1;
constexpr char kLoadSymbol[] = "kiosk_face_cv_load";

struct ModelFiles {
    QString detector, landmarks, embedder, liveness;
    QString haarCascade; // empty: no Haar gate
    double detectionThreshold = 0.65;
};

// What one analysis measured (FaceObservation without the template type, which is kiosk_app's).
struct Analysis {
    bool faceFound = false;
    bool gatedOut = false;
    bool cancelled = false;
    double detectionScore = 0;
    QRectF box;
    double brightness = 0;
    double yaw = 0;
    double eyeOpenness = 0;
    double liveness = -1;
    std::vector<float> embedding; // empty when not computed; the caller moves it into a FaceTemplate
};

class Pipeline
{
public:
    virtual ~Pipeline() = default;
    // `rgb` is Format_RGB888; the pipeline reads it in place and zeroes every intermediate image it makes.
    virtual Analysis analyze(const QImage &rgb, const FaceAnalysisOptions &options,
                             const std::function<bool()> &cancelled) = 0;
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
