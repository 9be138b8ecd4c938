// FaceEngine: the face pipeline on one image, through OpenCV DNN — detection (320x240 UltraFace-style), 68 landmarks,
// alignment to 112x112, 512-d embedding, passive liveness (128x128, 3 classes) — plus an optional cheap Haar "face
// present" gate. Synchronous and thread-safe (one analysis at a time); callers run it off the GUI thread. Every
// intermediate image is zeroed before it is released; nothing is written anywhere.
#pragma once

#include <QImage>
#include <QRectF>
#include <QString>
#include <QThreadPool>

#include <functional>
#include <memory>

#include "app/verification/face_config.h"
#include "app/verification/face_types.h"

namespace kiosk::app {

struct FaceObservation {
    bool faceFound = false;
    bool gatedOut = false; // the Haar gate saw no face: the DNN steps were skipped
    bool cancelled = false;
    QSize frameSize;
    double detectionScore = 0;
    QRectF box;             // square face box in frame pixels
    double brightness = 0;  // mean luma (0-255) inside the box
    double yaw = 0;         // (nose x - eye midpoint x) / eye distance: ~0 frontal, grows as the head turns
    double eyeOpenness = 0; // mean eye aspect ratio (about 0.25-0.35 open, < 0.15 closed)
    double liveness = -1;   // probability of a live face; -1 when not computed
    FaceTemplate embedding; // empty when not computed
    double ms = 0;          // wall time of this analysis

    // Zeroes the template (the only biometric part; the rest are coarse measurements).
    void wipe() { embedding.wipe(); }
};

struct FaceAnalysisOptions {
    bool embedding = true;
    bool liveness = true;
    bool haarGate = false; // skip the DNN steps when the Haar cascade finds no face
};

enum class FaceEngineError { None, ModelMissing, ModelLoadFailed };
QString toString(FaceEngineError error);

class FaceEngine
{
public:
    struct LoadResult {
        std::shared_ptr<FaceEngine> engine; // null on error
        FaceEngineError error = FaceEngineError::None;
        QString detail; // which file, why; names the fetch script when a model is missing
    };

    // Reads the four models (about 0.2 s: call at start-up or from a worker, not from a GUI slot).
    static LoadResult load(const FaceConfig &config);
    ~FaceEngine();
    FaceEngine(const FaceEngine &) = delete;
    FaceEngine &operator=(const FaceEngine &) = delete;

    // Analyses the most confident face in `frame` (any QImage format). `cancelled` is polled between the steps.
    FaceObservation analyze(const QImage &frame, const FaceAnalysisOptions &options = {},
                            const std::function<bool()> &cancelled = {});

    // Overwrites the networks' internal activations (which hold traces of the last face) with a blank image's.
    void scrub();

    // The engine's own inference thread (one thread that never expires): every asynchronous analysis and scrub of
    // this engine runs there, one after the other. OpenCV's TBB-backed parallel loops misbehaved when successive
    // inferences came from different, expiring pool threads.
    QThreadPool *threadPool() const;

    bool hasHaarCascade() const;
    double detectionThreshold() const;

private:
    struct Impl;
    explicit FaceEngine(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> d;
};

// Zeroes an image's pixels if this handle is the only one holding them (a shared image would only be detached and
// copied), then releases it.
void wipeImage(QImage &image);

} // namespace kiosk::app
