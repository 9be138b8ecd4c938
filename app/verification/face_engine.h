// FaceEngine: the face pipeline on one image, through OpenCV DNN — BlazeFace-style detection with 6 keypoints,
// alignment from the keypoints, an embedding by whichever recogniser the model manifest describes (default: the dlib
// ResNet descriptor), comparison by the manifest's metric — plus an optional cheap Haar "face present" gate. Only
// files named in the manifest (face_manifest.h) with their sha256 are loaded, and a manifest not cleared for
// production only on a demo kiosk. Synchronous and thread-safe (one analysis at a time); callers run it off the GUI
// thread. Every intermediate image is zeroed before it is released; nothing is written anywhere.
#pragma once

#include <QImage>
#include <QPointF>
#include <QRectF>
#include <QString>
#include <QThreadPool>

#include <array>
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
    QRectF box;            // square face box in frame pixels
    double brightness = 0; // mean luma (0-255) inside the box
    double yaw = 0;        // (nose x - eye midpoint x) / eye distance: ~0 frontal; grows as the head turns to the
                           // subject's left (nose towards the image's right in an unmirrored camera frame)
    double pitch = 0;      // (nose y - eye midpoint y) / (mouth y - eye midpoint y): changes as the head nods
    std::array<QPointF, 6> keypoints{}; // right eye, left eye, nose tip, mouth, right ear, left ear (frame pixels)
    FaceTemplate embedding;             // empty when not computed
    double ms = 0;                      // wall time of this analysis

    // Zeroes the template (the only biometric part; the rest are coarse measurements).
    void wipe() { embedding.wipe(); }
};

struct FaceAnalysisOptions {
    bool embedding = true;
    bool haarGate = false; // skip the DNN steps when the Haar cascade finds no face
};

enum class FaceEngineError {
    None,
    ModelMissing,    // no manifest or a file it names is missing (run packaging/fetch-models.sh)
    ModelLoadFailed, // OpenCV could not load a file, or the engine module is missing
    ManifestInvalid, // the manifest cannot be read or lacks what the pipeline needs
    ModelRefused,    // a configured file the manifest does not describe, or a sha256 that differs
    NotCleared,      // the manifest is not cleared for production and this is not a demo kiosk
};
QString toString(FaceEngineError error);

class FaceEngine
{
public:
    struct LoadResult {
        std::shared_ptr<FaceEngine> engine; // null on error
        FaceEngineError error = FaceEngineError::None;
        QString detail; // which file, why; names the fetch script when a model is missing
    };

    // Reads the manifest, checks the files' sha256 and loads the detector and the embedder (about 0.3 s: call at
    // start-up or from a worker, not from a GUI slot).
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

    // Similarity of two templates by the manifest's metric (higher: more alike); 0 when either is empty.
    double similarity(const FaceTemplate &a, const FaceTemplate &b) const;
    // The match threshold for similarity(): the manifest's, raised (never lowered, except on a demo kiosk) by [face]
    // match_threshold.
    double matchThreshold() const;
    // `config` with matchThreshold set to matchThreshold(): what the decision policy works with.
    FaceConfig decisionConfig(FaceConfig config) const;
    bool cleared() const;         // the manifest says cleared_for_production
    QString modelSummary() const; // e.g. "blazeface_front_128.onnx + dlib_face_descriptor.onnx (demo only)"

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
