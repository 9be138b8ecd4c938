// Settings of face verification ([face] group of the kiosk's INI file): model files, thresholds, limits; every value
// has a safe default (a default errs towards "not verified", which only sends the citizen to the staff path).
#pragma once

#include <QList>
#include <QString>

#include "app/config/kiosk_config.h"

class QSettings;

namespace kiosk::app {

struct FaceConfig {
    // Models (ONNX through OpenCV DNN), described by a manifest in modelDir (face_manifest.h): only files it names
    // are loaded. Relative file names are taken from modelDir.
    QString modelDir;                                          // empty: defaultModelDir()
    QString manifestFile = QStringLiteral("face-models.json"); // written by packaging/models/fetch-face.sh
    QString detectorModel;                                     // empty: the manifest's "detector"
    QString embeddingModel;                                    // empty: the manifest's "embedder"
    // Face checks with a manifest not cleared for production run only on a demo kiosk ([kiosk] demo=true).
    bool demo = false;
    QString haarCascade = QStringLiteral("/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml");
    bool haarGate = true; // while nobody is in front of the camera, a cheap Haar check gates the DNN steps

    // Decision. Scores are similarities by the manifest's metric (cosine: -1..1). The threshold is the manifest's
    // (calibrated with the model); matchThreshold, when set (>= 0), can only make it stricter.
    double matchThreshold = -1;
    double detectionThreshold = -1; // < 0: the manifest's score_threshold
    int votes = 3;                  // usable frames voted into one decision
    int maxAttempts = 3;            // then the alternative (staff) path
    int timeLimitS = 10;            // per attempt
    int challengeTimeS = 5;         // to perform a requested turn or nod

    // Guidance (live frames only).
    int minFacePx = 80;      // face box height below this: move_closer
    int minBrightness = 50;  // mean face luma (0-255) below this: too_dark
    double maxYaw = 0.5;     // |nose offset / eye distance| above this (about 45 degrees): look_at_camera
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
