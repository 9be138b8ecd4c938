// Settings of face verification ([face] group of the kiosk's INI file): model files, thresholds, limits; every value
// has a safe default (a default errs towards "not verified", which only sends the citizen to the staff path).
#pragma once

#include <QList>
#include <QString>

#include "app/config/kiosk_config.h"

class QSettings;

namespace kiosk::app {

struct FaceConfig {
    // Models (ONNX through OpenCV DNN). Relative file names are taken from modelDir.
    QString modelDir;                                           // empty: defaultModelDir()
    QString detectorModel = QStringLiteral("fr_detect.onnx");   // 320x240, UltraFace-style boxes + scores
    QString landmarkModel = QStringLiteral("fr_landmark.onnx"); // 64x64 grey -> 68 points
    QString embeddingModel = QStringLiteral("fr_feature.onnx"); // 112x112 aligned -> 512-d
    QString livenessModel = QStringLiteral("fr_liveness.onnx"); // 128x128 -> 3 classes, class 0 = live
    QString haarCascade = QStringLiteral("/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml");
    bool haarGate = true; // while nobody is in front of the camera, a cheap Haar check gates the DNN steps

    // Decision. Scores are cosine similarities of the embeddings (-1..1).
    double matchThreshold = 0.45;
    double detectionThreshold = 0.65;
    double livenessThreshold = 0.70; // mean live probability at or above: live
    double livenessReject = 0.20;    // below: a presentation attack; between: ask for an active challenge
    int votes = 5;                   // usable frames voted into one decision
    int maxAttempts = 3;             // then the alternative (staff) path
    int timeLimitS = 10;             // per attempt
    int challengeTimeS = 5;          // to perform a requested turn or blink

    // Guidance (live frames only).
    int minFacePx = 80;      // face box height below this: move_closer
    int minBrightness = 50;  // mean face luma (0-255) below this: too_dark
    double maxYaw = 0.35;    // |nose offset / eye distance| above this: look_at_camera
    double maxMotion = 0.15; // face centre moved more than this fraction of its size between frames: hold_still

    QString sourcePath; // the file it was read from, empty for defaults

    // Reads the [face] group of `path` (INI). Missing keys keep their defaults; invalid values keep their defaults
    // and add a problem.
    static FaceConfig load(const QString &path, QList<ConfigProblem> *problems = nullptr);
    static FaceConfig read(QSettings &settings, QList<ConfigProblem> *problems = nullptr);

    // KIOSK_MODEL_DIR when set, else /usr/share/kiosk/models when it exists, else the development cache that
    // packaging/fetch-models.sh fills (<source>/.cache/models).
    static QString defaultModelDir();
    QString effectiveModelDir() const;
    QString modelPath(const QString &file) const; // file resolved against effectiveModelDir()
};

} // namespace kiosk::app
