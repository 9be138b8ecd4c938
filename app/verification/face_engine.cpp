// FaceEngine: the kiosk's side of the face pipeline. The OpenCV DNN work is done by libkiosk_face_cv.so
// (face_cv_module.cpp), loaded with the models on first use; this side owns the engine's inference thread, converts
// frames, and turns the module's measurements into a FaceObservation (the template type is ours).
#include "app/verification/face_engine.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QMutex>
#include <QMutexLocker>

#include "app/verification/face_cv_module.h"
#include "app/verification/face_decision.h"
#include "app/verification/face_manifest.h"
#include "common/module_path.h"

#include <algorithm>

namespace kiosk::app {

Q_LOGGING_CATEGORY(lcFaceEngine, "kiosk.app.verification.engine")

namespace {

constexpr char kModuleName[] = "libkiosk_face_cv.so";

// $KIOSK_FACE_MODULE, then lib/kiosk/ beside the program's bin/ (the installed package), then the build tree's lib/.
QString modulePath()
{
#ifdef KIOSK_DEV_FACE_MODULE
    const QString buildTree = QStringLiteral(KIOSK_DEV_FACE_MODULE);
#else
    const QString buildTree;
#endif
    return common::findModule("KIOSK_FACE_MODULE", QStringLiteral("lib/kiosk"), QLatin1String(kModuleName), buildTree);
}

// The module's entry point, loaded once per process (never unloaded: pipelines made by it may outlive a caller).
facecv::LoadFunction moduleLoader(QString *why)
{
    static QMutex mutex;
    static bool tried = false;
    static facecv::LoadFunction fn = nullptr;
    static QString problem;
    QMutexLocker lock(&mutex);
    if (!tried) {
        tried = true;
        const QString file = modulePath();
        fn = reinterpret_cast<facecv::LoadFunction>(common::loadModuleSymbol(
            file, facecv::kLoadSymbol, QStringLiteral("face engine"), QLatin1String(kModuleName), &problem));
    }
    if (!fn && why)
        *why = problem;
    return fn;
}

} // namespace

QString toString(FaceEngineError error)
{
    switch (error) {
    case FaceEngineError::None: return QStringLiteral("none");
    case FaceEngineError::ModelMissing: return QStringLiteral("model_missing");
    case FaceEngineError::ModelLoadFailed: return QStringLiteral("model_load_failed");
    case FaceEngineError::ManifestInvalid: return QStringLiteral("manifest_invalid");
    case FaceEngineError::ModelRefused: return QStringLiteral("model_refused");
    case FaceEngineError::NotCleared: return QStringLiteral("not_cleared");
    }
    return QStringLiteral("none");
}

void wipeImage(QImage &image)
{
    if (!image.isNull() && image.isDetached())
        secureZero(image.bits(), size_t(image.sizeInBytes()));
    image = QImage();
}

struct FaceEngine::Impl {
    QThreadPool pool;
    std::unique_ptr<facecv::Pipeline> pipeline;
    double detectionThreshold = 0.7;
    double matchThreshold = 1.0;
    bool cleared = false;
    QString summary;
};

FaceEngine::FaceEngine(std::unique_ptr<Impl> impl) : d(std::move(impl)) {}

FaceEngine::~FaceEngine()
{
    // Queued work is dropped; a running analysis finishes first (its callers never own the engine from inside it).
    d->pool.clear();
    d->pool.waitForDone();
}

namespace {

// The manifest's "input" object as the module's InputSpec; false when something the pipeline needs is missing.
bool inputSpec(const QJsonObject &model, facecv::InputSpec *spec, QString *why)
{
    const QJsonObject in = model.value(QStringLiteral("input")).toObject();
    spec->width = in.value(QStringLiteral("width")).toInt();
    spec->height = in.value(QStringLiteral("height")).toInt();
    const QString layout = in.value(QStringLiteral("layout")).toString();
    const QString channels = in.value(QStringLiteral("channels")).toString();
    spec->nchw = layout == QLatin1String("NCHW");
    spec->bgr = channels == QLatin1String("BGR");
    spec->scale = in.value(QStringLiteral("scale")).toDouble(1.0);
    const QJsonArray mean = in.value(QStringLiteral("mean")).toArray();
    for (int i = 0; i < 3 && i < mean.size(); ++i)
        spec->mean[size_t(i)] = mean.at(i).toDouble();
    for (const QJsonValue &p : in.value(QStringLiteral("align")).toArray())
        spec->align.emplace_back(p.toArray().at(0).toDouble(), p.toArray().at(1).toDouble());
    const QString file = model.value(QStringLiteral("file")).toString();
    if (spec->width < 16 || spec->height < 16 || spec->width > 2048 || spec->height > 2048)
        *why = QStringLiteral("%1: input width and height must be 16-2048").arg(file);
    else if (layout != QLatin1String("NCHW") && layout != QLatin1String("NHWC"))
        *why = QStringLiteral("%1: input layout must be NCHW or NHWC").arg(file);
    else if (channels != QLatin1String("RGB") && channels != QLatin1String("BGR"))
        *why = QStringLiteral("%1: input channels must be RGB or BGR").arg(file);
    else if (!(spec->scale > 0))
        *why = QStringLiteral("%1: input scale must be positive").arg(file);
    return why->isEmpty();
}

FaceEngine::LoadResult failure(FaceEngineError error, const QString &detail)
{
    FaceEngine::LoadResult r;
    r.error = error;
    r.detail = detail;
    qCWarning(lcFaceEngine).noquote() << detail;
    return r;
}

} // namespace

FaceEngine::LoadResult FaceEngine::load(const FaceConfig &config)
{
    // Everything is checked before the engine module is loaded: a kiosk without usable models never loads OpenCV's DNN.
    const QString manifestPath = config.modelPath(config.manifestFile);
    if (!QFileInfo(manifestPath).isFile())
        return failure(FaceEngineError::ModelMissing,
                       QStringLiteral("face model manifest %1 is missing: run packaging/fetch-models.sh, or install "
                                      "the province's cleared model (or set [face] model_dir / KIOSK_MODEL_DIR)")
                           .arg(manifestPath));
    QString why;
    const FaceManifest manifest = FaceManifest::read(manifestPath, &why);
    if (!manifest.isValid())
        return failure(FaceEngineError::ManifestInvalid, why);
    if (!manifest.clearedForProduction() && !config.demo)
        return failure(FaceEngineError::NotCleared,
                       QStringLiteral("the face models in %1 are not cleared for production (cleared_for_production: "
                                      "false%2): identity goes to staff; they run only on a demo kiosk ([kiosk] "
                                      "demo=true)")
                           .arg(config.effectiveModelDir(), manifest.clearance().isEmpty()
                                                                ? QString()
                                                                : QStringLiteral(": ") + manifest.clearance()));
    const FaceManifestModel *detector = manifest.find(QStringLiteral("detector"), config.detectorModel);
    const FaceManifestModel *embedder = manifest.find(QStringLiteral("embedder"), config.embeddingModel);
    const QString unknown =
        !detector ? (config.detectorModel.isEmpty() ? QStringLiteral("detector") : config.detectorModel)
                  : (config.embeddingModel.isEmpty() ? QStringLiteral("embedder") : config.embeddingModel);
    if (!detector || !embedder)
        return failure(
            FaceEngineError::ModelRefused,
            QStringLiteral("%1 is not described in %2 (with that role): refused").arg(unknown, manifestPath));
    facecv::ModelFiles files;
    files.detector = config.modelPath(detector->file);
    files.embedder = config.modelPath(embedder->file);
    for (const FaceManifestModel *m : {detector, embedder}) {
        const QString path = config.modelPath(m->file);
        if (!QFileInfo(path).isFile())
            return failure(FaceEngineError::ModelMissing,
                           QStringLiteral("face model %1 is missing: run packaging/fetch-models.sh (or set [face] "
                                          "model_dir / KIOSK_MODEL_DIR)")
                               .arg(path));
        if (!FaceManifest::verifyFile(path, m->sha256, &why))
            return failure(FaceEngineError::ModelRefused, why);
    }
    if (!inputSpec(detector->json, &files.detectorInput, &why) ||
        !inputSpec(embedder->json, &files.embedderInput, &why))
        return failure(FaceEngineError::ManifestInvalid, why);
    for (const QJsonValue &g : detector->json.value(QStringLiteral("anchors")).toArray())
        files.anchors.push_back({g.toObject().value(QStringLiteral("grid")).toInt(),
                                 g.toObject().value(QStringLiteral("per_cell")).toInt()});
    if (files.anchors.empty() ||
        std::any_of(files.anchors.begin(), files.anchors.end(), [](const facecv::AnchorGrid &a) {
            return a.grid < 1 || a.grid > 256 || a.perCell < 1 || a.perCell > 64;
        }))
        return failure(
            FaceEngineError::ManifestInvalid,
            QStringLiteral("%1: anchors must list grids (1-256) and anchors per cell (1-64)").arg(detector->file));
    if (files.embedderInput.align.size() < 2 || files.embedderInput.align.size() > 6)
        return failure(FaceEngineError::ManifestInvalid,
                       QStringLiteral("%1: input.align must give 2-6 reference points").arg(embedder->file));
    const QJsonObject decision = embedder->json.value(QStringLiteral("decision")).toObject();
    const QString metric = decision.value(QStringLiteral("metric")).toString();
    const double threshold = decision.value(QStringLiteral("match_threshold")).toDouble(-2);
    if ((metric != QLatin1String("cosine") && metric != QLatin1String("euclidean")) || threshold < -1 || threshold > 1)
        return failure(FaceEngineError::ManifestInvalid,
                       QStringLiteral("%1: decision needs a metric (cosine or euclidean) and a match_threshold (-1..1)")
                           .arg(embedder->file));
    files.euclidean = metric == QLatin1String("euclidean");
    files.embeddingDims =
        embedder->json.value(QStringLiteral("output")).toObject().value(QStringLiteral("dims")).toInt();
    const double detectorThreshold = detector->json.value(QStringLiteral("score_threshold")).toDouble(0.7);
    files.detectionThreshold =
        std::clamp(config.detectionThreshold > 0 ? config.detectionThreshold : detectorThreshold, 0.05, 0.99);
    if (config.haarGate)
        files.haarCascade = config.haarCascade;

    const facecv::LoadFunction loadPipeline = moduleLoader(&why);
    if (!loadPipeline)
        return failure(FaceEngineError::ModelLoadFailed, why);
    facecv::LoadReply reply;
    loadPipeline(facecv::kAbiVersion, &files, &reply);
    if (!reply.pipeline)
        return failure(reply.error == FaceEngineError::None ? FaceEngineError::ModelLoadFailed : reply.error,
                       reply.detail);
    auto impl = std::make_unique<Impl>();
    impl->pool.setMaxThreadCount(1);
    impl->pool.setExpiryTimeout(-1);
    impl->pipeline = std::move(reply.pipeline);
    impl->detectionThreshold = files.detectionThreshold;
    // [face] match_threshold may make the calibrated threshold stricter, never looser, except on a demo kiosk (the
    // card simulator's 16-grey photo loses detail a real card photo keeps).
    impl->matchThreshold =
        config.demo && config.matchThreshold >= 0 ? config.matchThreshold : std::max(threshold, config.matchThreshold);
    impl->cleared = manifest.clearedForProduction();
    impl->summary =
        QStringLiteral("%1 + %2%3")
            .arg(detector->file, embedder->file, impl->cleared ? QString() : QStringLiteral(" (demo only)"));
    LoadResult result;
    result.engine.reset(new FaceEngine(std::move(impl)));
    // One blank pass so the first citizen's frame does not pay the networks' lazy initialisation.
    result.engine->scrub();
    qCInfo(lcFaceEngine).noquote() << "face models loaded from" << config.effectiveModelDir() << ":"
                                   << result.engine->modelSummary();
    return result;
}

double FaceEngine::similarity(const FaceTemplate &a, const FaceTemplate &b) const
{
    if (a.isEmpty() || b.isEmpty() || a.size() != b.size())
        return 0;
    return d->pipeline->compare(a.data(), b.data(), a.size());
}

double FaceEngine::matchThreshold() const
{
    return d->matchThreshold;
}

FaceConfig FaceEngine::decisionConfig(FaceConfig config) const
{
    config.matchThreshold = d->matchThreshold;
    return config;
}

bool FaceEngine::cleared() const
{
    return d->cleared;
}

QString FaceEngine::modelSummary() const
{
    return d->summary;
}

QThreadPool *FaceEngine::threadPool() const
{
    return &d->pool;
}

bool FaceEngine::hasHaarCascade() const
{
    return d->pipeline->hasHaarCascade();
}

double FaceEngine::detectionThreshold() const
{
    return d->detectionThreshold;
}

FaceObservation FaceEngine::analyze(const QImage &frame, const FaceAnalysisOptions &options,
                                    const std::function<bool()> &cancelled)
{
    QElapsedTimer timer;
    timer.start();
    FaceObservation obs;
    obs.frameSize = frame.size();
    if (frame.isNull())
        return obs;
    // Work on an RGB888 view of the caller's pixels when possible; a converted copy is wiped afterwards.
    QImage converted;
    const QImage *rgb = &frame;
    if (frame.format() != QImage::Format_RGB888) {
        converted = frame.convertToFormat(QImage::Format_RGB888);
        rgb = &converted;
    }
    facecv::Analysis a = d->pipeline->analyze(*rgb, options, cancelled);
    wipeImage(converted);
    obs.faceFound = a.faceFound;
    obs.gatedOut = a.gatedOut;
    obs.cancelled = a.cancelled;
    obs.detectionScore = a.detectionScore;
    obs.box = a.box;
    obs.brightness = a.brightness;
    obs.keypoints = a.keypoints;
    if (a.faceFound) {
        const HeadPose pose = headPose(obs.keypoints);
        obs.yaw = pose.yaw;
        obs.pitch = pose.pitch;
    }
    if (!a.embedding.empty() && !a.cancelled && a.faceFound)
        obs.embedding = FaceTemplate(std::move(a.embedding)); // moved: no copy of the values is left behind
    if (!a.embedding.empty()) {
        secureZero(a.embedding.data(), a.embedding.size() * sizeof(float));
        a.embedding.clear();
    }
    obs.ms = double(timer.nsecsElapsed()) / 1e6;
    return obs;
}

void FaceEngine::scrub()
{
    d->pipeline->scrub();
}

} // namespace kiosk::app
