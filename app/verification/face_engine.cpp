// FaceEngine: the kiosk's side of the face pipeline. The OpenCV DNN work is done by libkiosk_face_cv.so
// (face_cv_module.cpp), loaded with the models on first use; this side owns the engine's inference thread, converts
// frames, and turns the module's measurements into a FaceObservation (the template type is ours).
#include "app/verification/face_engine.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QLibrary>
#include <QLoggingCategory>
#include <QMutex>
#include <QMutexLocker>

#include "app/verification/face_cv_module.h"
#include "common/module_path.h"

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
        auto *lib = new QLibrary(file);
        if (file.isEmpty() || !lib->load()) {
            problem =
                QStringLiteral("the face engine %1 could not be loaded: %2")
                    .arg(QLatin1String(kModuleName), file.isEmpty() ? QStringLiteral("not found") : lib->errorString());
        } else {
            fn = reinterpret_cast<facecv::LoadFunction>(lib->resolve(facecv::kLoadSymbol));
            if (!fn)
                problem = QStringLiteral("%1 lacks %2").arg(file, QLatin1String(facecv::kLoadSymbol));
        }
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
    double detectionThreshold = 0.65;
};

FaceEngine::FaceEngine(std::unique_ptr<Impl> impl) : d(std::move(impl)) {}

FaceEngine::~FaceEngine()
{
    // Queued work is dropped; a running analysis finishes first (its callers never own the engine from inside it).
    d->pool.clear();
    d->pool.waitForDone();
}

FaceEngine::LoadResult FaceEngine::load(const FaceConfig &config)
{
    LoadResult result;
    facecv::ModelFiles files;
    files.detector = config.modelPath(config.detectorModel);
    files.landmarks = config.modelPath(config.landmarkModel);
    files.embedder = config.modelPath(config.embeddingModel);
    files.liveness = config.modelPath(config.livenessModel);
    if (config.haarGate)
        files.haarCascade = config.haarCascade;
    files.detectionThreshold = config.detectionThreshold;
    // A missing model is told before the engine is loaded: the kiosk without models never loads OpenCV's DNN.
    for (const QString &file : {files.detector, files.landmarks, files.embedder, files.liveness}) {
        if (!QFileInfo(file).isFile()) {
            result.error = FaceEngineError::ModelMissing;
            result.detail = QStringLiteral("face model %1 is missing: run packaging/fetch-models.sh (or set [face] "
                                           "model_dir / KIOSK_MODEL_DIR)")
                                .arg(file);
            qCWarning(lcFaceEngine).noquote() << result.detail;
            return result;
        }
    }
    QString why;
    const facecv::LoadFunction loadPipeline = moduleLoader(&why);
    if (!loadPipeline) {
        result.error = FaceEngineError::ModelLoadFailed;
        result.detail = why;
        qCWarning(lcFaceEngine).noquote() << result.detail;
        return result;
    }
    facecv::LoadReply reply;
    loadPipeline(facecv::kAbiVersion, &files, &reply);
    if (!reply.pipeline) {
        result.error = reply.error == FaceEngineError::None ? FaceEngineError::ModelLoadFailed : reply.error;
        result.detail = reply.detail;
        qCWarning(lcFaceEngine).noquote() << result.detail;
        return result;
    }
    auto impl = std::make_unique<Impl>();
    impl->pool.setMaxThreadCount(1);
    impl->pool.setExpiryTimeout(-1);
    impl->pipeline = std::move(reply.pipeline);
    impl->detectionThreshold = config.detectionThreshold;
    result.engine.reset(new FaceEngine(std::move(impl)));
    // One blank pass so the first citizen's frame does not pay the networks' lazy initialisation.
    result.engine->scrub();
    qCInfo(lcFaceEngine).noquote() << "face models loaded from" << config.effectiveModelDir();
    return result;
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
    obs.yaw = a.yaw;
    obs.eyeOpenness = a.eyeOpenness;
    obs.liveness = a.liveness;
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
