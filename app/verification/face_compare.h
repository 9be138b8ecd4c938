// One-shot comparison of two still images with the configured models (kioskctl `face compare`, tests, diagnostics):
// the most confident face of each, similarity of their embeddings by the manifest's metric, match / no_match /
// no_face.
#pragma once

#include <QImage>
#include <QString>

#include "app/verification/face_engine.h"

namespace kiosk::app {

struct FaceComparison {
    enum class Decision { Match, NoMatch, NoFace };
    Decision decision = Decision::NoFace;
    double score = 0; // similarity (FaceEngine::similarity); 0 with no_face
    double ms = 0;    // both analyses and the comparison
    bool faceInA = false;
    bool faceInB = false;
};
QString toString(FaceComparison::Decision decision); // "match" | "no_match" | "no_face"

// The images' handles are the caller's; the templates are wiped before returning. `matchThreshold`: usually
// engine.matchThreshold().
FaceComparison compareFaces(FaceEngine &engine, const QImage &a, const QImage &b, double matchThreshold);

} // namespace kiosk::app
