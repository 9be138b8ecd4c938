// `kioskctl face compare A B`: similarity and decision of the faces in two images with the configured models.
#include <QFileInfo>
#include <QImageReader>

#include "app/kioskctl/command.h"
#include "app/verification/face_compare.h"
#include "app/verification/face_config.h"
#include "app/verification/face_engine.h"

namespace kiosk::ctl {

namespace {

int fail(const Invocation &inv, const QString &message)
{
    if (inv.json)
        printJson({{QStringLiteral("error"), message}});
    else
        err(QStringLiteral("face compare: %1").arg(message));
    return 2;
}

QImage readImage(const QString &path, QString *why)
{
    QImageReader reader(path);
    reader.setAutoTransform(true); // camera JPEGs carry their orientation in EXIF
    QImage img = reader.read();
    if (img.isNull())
        *why = QStringLiteral("cannot read %1: %2").arg(path, reader.errorString());
    return img;
}

int faceCompare(const Invocation &inv)
{
    static const QString usage =
        QStringLiteral("usage: kioskctl face compare A B [--models DIR] [--threshold T] [--demo]  (exit 0 match, 1 no "
                       "match or no face, 2 error; --demo: allow models not cleared for production, as [kiosk] "
                       "demo=true does)");
    app::FaceConfig cfg = app::FaceConfig::load(inv.configPath);
    QStringList files;
    double threshold = -1; // the manifest's
    for (int i = 0; i < inv.args.size(); ++i) {
        const QString &a = inv.args[i];
        if (a == QLatin1String("--demo")) {
            cfg.demo = true;
        } else if (a == QLatin1String("--models") && i + 1 < inv.args.size()) {
            cfg.modelDir = inv.args[++i];
        } else if (a == QLatin1String("--threshold") && i + 1 < inv.args.size()) {
            bool ok = false;
            threshold = inv.args[++i].toDouble(&ok);
            if (!ok || threshold < 0 || threshold > 1)
                return fail(inv, QStringLiteral("--threshold must be a number from 0 to 1"));
        } else if (a.startsWith(QLatin1String("--"))) {
            return fail(inv, usage);
        } else {
            files << a;
        }
    }
    if (files.size() != 2)
        return fail(inv, usage);

    QString why;
    const QImage a = readImage(files[0], &why);
    if (a.isNull())
        return fail(inv, why);
    const QImage b = readImage(files[1], &why);
    if (b.isNull())
        return fail(inv, why);
    const app::FaceEngine::LoadResult loaded = app::FaceEngine::load(cfg);
    if (!loaded.engine)
        return fail(inv, loaded.detail);

    // --threshold is a diagnostic's what-if: it may be looser than the manifest's, unlike [face] match_threshold.
    if (threshold < 0)
        threshold = loaded.engine->matchThreshold();
    const app::FaceComparison c = app::compareFaces(*loaded.engine, a, b, threshold);
    const QString decision = app::toString(c.decision);
    if (inv.json) {
        printJson({{QStringLiteral("score"), qRound(c.score * 10000) / 10000.0},
                   {QStringLiteral("decision"), decision},
                   {QStringLiteral("ms"), qRound(c.ms * 10) / 10.0}});
    } else {
        QString detail;
        if (c.decision == app::FaceComparison::Decision::NoFace)
            detail = QStringLiteral(" (no face in %1)")
                         .arg(!c.faceInA && !c.faceInB ? QStringLiteral("either image")
                                                       : QFileInfo(files[c.faceInA ? 1 : 0]).fileName());
        out(QStringLiteral("%1%2: score %3 (threshold %4), %5 ms")
                .arg(decision, detail)
                .arg(c.score, 0, 'f', 3)
                .arg(threshold, 0, 'f', 2)
                .arg(c.ms, 0, 'f', 1));
    }
    return c.decision == app::FaceComparison::Decision::Match ? 0 : 1;
}

const bool registered = registerCommand(
    {{QStringLiteral("face"), QStringLiteral("compare")},
     QStringLiteral("face compare A B [--models DIR] [--threshold T] [--demo]"),
     QStringLiteral("similarity and decision of the faces in two images (the manifest's models and threshold)"),
     faceCompare});

} // namespace

} // namespace kiosk::ctl
