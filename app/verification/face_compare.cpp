// Comparing two still faces.
#include "app/verification/face_compare.h"

#include <QElapsedTimer>

namespace kiosk::app {

QString toString(FaceComparison::Decision decision)
{
    switch (decision) {
    case FaceComparison::Decision::Match: return QStringLiteral("match");
    case FaceComparison::Decision::NoMatch: return QStringLiteral("no_match");
    case FaceComparison::Decision::NoFace: return QStringLiteral("no_face");
    }
    return QStringLiteral("no_face");
}

FaceComparison compareFaces(FaceEngine &engine, const QImage &a, const QImage &b, double matchThreshold)
{
    QElapsedTimer timer;
    timer.start();
    FaceAnalysisOptions options;
    FaceObservation oa = engine.analyze(a, options);
    FaceObservation ob = engine.analyze(b, options);
    FaceComparison r;
    r.faceInA = oa.faceFound && !oa.embedding.isEmpty();
    r.faceInB = ob.faceFound && !ob.embedding.isEmpty();
    if (r.faceInA && r.faceInB) {
        r.score = engine.similarity(oa.embedding, ob.embedding);
        r.decision = r.score >= matchThreshold ? FaceComparison::Decision::Match : FaceComparison::Decision::NoMatch;
    }
    oa.wipe();
    ob.wipe();
    r.ms = double(timer.nsecsElapsed()) / 1e6;
    return r;
}

} // namespace kiosk::app
