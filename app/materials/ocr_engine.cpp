// OcrEngine: loads libkiosk_ocr.so (once per process, never unloaded) and routes each mode to its engine.
#include "app/materials/ocr_engine.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QMutex>
#include <QMutexLocker>

#include "app/identity/gb11643.h"
#include "app/materials/field_extractor.h"
#include "app/materials/ocr_module.h"
#include "common/module_path.h"

Q_LOGGING_CATEGORY(lcOcrEngine, "kiosk.app.materials.ocr")

namespace kiosk::app {

namespace {

constexpr char kModuleName[] = "libkiosk_ocr.so";

ocrmodule::LoadFunction moduleLoader(QString *why)
{
    static QMutex mutex;
    static bool tried = false;
    static ocrmodule::LoadFunction fn = nullptr;
    static QString problem;
    QMutexLocker lock(&mutex);
    if (!tried) {
        tried = true;
#ifdef KIOSK_DEV_OCR_MODULE
        const QString buildTree = QStringLiteral(KIOSK_DEV_OCR_MODULE);
#else
        const QString buildTree;
#endif
        const QString file =
            common::findModule("KIOSK_OCR_MODULE", QStringLiteral("lib/kiosk"), QLatin1String(kModuleName), buildTree);
        fn = reinterpret_cast<ocrmodule::LoadFunction>(common::loadModuleSymbol(
            file, ocrmodule::kLoadSymbol, QStringLiteral("OCR engines"), QLatin1String(kModuleName), &problem));
    }
    if (!fn && why)
        *why = problem;
    return fn;
}

bool validIdNumber(const QString &text)
{
    const QString n = normaliseIdNumber(text);
    return !n.isEmpty() && checkIdNumber(n, {true, {}}).valid;
}

} // namespace

struct OcrEngine::Engines {
    std::unique_ptr<ocrmodule::Recogniser> tesseract, ppocr;
    bool tesseractLoaded = false, ppocrLoaded = false;
    QString tesseractError, ppocrError;
};

QString toString(OcrError error)
{
    switch (error) {
    case OcrError::None: return QStringLiteral("none");
    case OcrError::EngineUnavailable: return QStringLiteral("engine_unavailable");
    case OcrError::EmptyImage: return QStringLiteral("empty_image");
    case OcrError::Cancelled: return QStringLiteral("cancelled");
    }
    return QStringLiteral("unknown");
}

QString toString(OcrMode mode)
{
    switch (mode) {
    case OcrMode::Page: return QStringLiteral("page");
    case OcrMode::Form: return QStringLiteral("form");
    case OcrMode::Line: return QStringLiteral("line");
    case OcrMode::IdNumber: return QStringLiteral("id_number");
    case OcrMode::Code: return QStringLiteral("code");
    }
    return QStringLiteral("unknown");
}

OcrEngine::OcrEngine(const OcrEngineConfig &config) : config_(config) {}

OcrEngine::~OcrEngine() = default;

QString OcrEngine::defaultModelDir()
{
    const QString env = qEnvironmentVariable("KIOSK_MODEL_DIR");
    if (!env.isEmpty())
        return env;
    if (QFileInfo(QStringLiteral("/usr/share/kiosk/models/ppocr")).isDir())
        return QStringLiteral("/usr/share/kiosk/models");
#ifdef KIOSK_DEV_MODEL_DIR
    return QStringLiteral(KIOSK_DEV_MODEL_DIR);
#else
    return QStringLiteral("/usr/share/kiosk/models");
#endif
}

OcrEngine::Engines *OcrEngine::engines(QString *error)
{
    if (engines_)
        return engines_.get();
    const ocrmodule::LoadFunction fn = moduleLoader(error);
    if (!fn)
        return nullptr;
    ocrmodule::LoadRequest request;
    request.config = config_;
    request.ppocrDir = (config_.modelDir.isEmpty() ? defaultModelDir() : config_.modelDir) + QStringLiteral("/ppocr");
    ocrmodule::LoadReply reply;
    fn(ocrmodule::kAbiVersion, &request, &reply);
    if (!reply.tesseract || !reply.ppocr) {
        if (error)
            *error = reply.detail;
        return nullptr;
    }
    engines_ = std::make_unique<Engines>();
    engines_->tesseract = std::move(reply.tesseract);
    engines_->ppocr = std::move(reply.ppocr);
    return engines_.get();
}

bool OcrEngine::load(QString *error)
{
    Engines *e = engines(error);
    if (!e)
        return false;
    bool ok = true;
    QStringList problems;
    if (config_.engine != OcrEngineKind::Ppocr) {
        e->tesseractLoaded = e->tesseract->load(&e->tesseractError);
        if (!e->tesseractLoaded) {
            ok = false;
            problems << e->tesseractError;
        }
    }
    if (config_.engine != OcrEngineKind::Tesseract) {
        e->ppocrLoaded = e->ppocr->load(&e->ppocrError);
        if (!e->ppocrLoaded) {
            ok = false;
            problems << e->ppocrError;
        }
    }
    if (error)
        *error = problems.join(QStringLiteral("; "));
    return ok;
}

bool OcrEngine::ppocrCanRead(const QString &character) const
{
    return engines_ && engines_->ppocrLoaded && engines_->ppocr->canRead(character);
}

OcrResult OcrEngine::recognise(const QImage &image, OcrMode mode, const std::function<bool()> &cancelled)
{
    QElapsedTimer timer;
    timer.start();
    OcrResult r;
    Engines *e = engines(&r.detail);
    if (!e) {
        r.error = OcrError::EngineUnavailable;
        return r;
    }
    // Pages and forms stay with Tesseract in the kiosk's routing: PP-OCR's detector on its fixed 960x672 canvas
    // merges and drops the lines of an A4 page at 200 dpi (bench_ocr: character error 6.8 % against Tesseract's
    // 0.5 %, 4.3 s of CPU against 1.2 s). Fields re-read from their crops go to PP-OCR.
    const bool tesseractFirst =
        config_.engine == OcrEngineKind::Tesseract || (config_.engine == OcrEngineKind::Auto && mode != OcrMode::Line);
    const auto run = [&](bool ppocr, OcrMode m) {
        ocrmodule::Recogniser *engine = ppocr ? e->ppocr.get() : e->tesseract.get();
        OcrResult out;
        if (!e->ppocrLoaded && ppocr)
            e->ppocrLoaded = e->ppocr->load(&e->ppocrError);
        if (!e->tesseractLoaded && !ppocr)
            e->tesseractLoaded = e->tesseract->load(&e->tesseractError);
        if (!(ppocr ? e->ppocrLoaded : e->tesseractLoaded)) {
            out.error = OcrError::EngineUnavailable;
            out.detail = ppocr ? e->ppocrError : e->tesseractError;
        } else {
            out = engine->recognise(image, m, cancelled);
        }
        out.engine = ppocr ? QStringLiteral("ppocr") : QStringLiteral("tesseract");
        return out;
    };
    r = run(!tesseractFirst, mode);
    // ID numbers: Tesseract's digits are kept when they pass GB 11643; otherwise PP-OCR reads the same crop and its
    // reading is taken when it passes (never a reading that fails the check over one that does not).
    if (config_.engine == OcrEngineKind::Auto && mode == OcrMode::IdNumber && r.error != OcrError::Cancelled &&
        !validIdNumber(r.text)) {
        OcrResult second = run(true, OcrMode::Line);
        if (second.ok() && validIdNumber(second.text)) {
            second.engine = QStringLiteral("tesseract+ppocr");
            r = second;
        }
    }
    r.ms = timer.elapsed();
    qCDebug(lcOcrEngine) << "mode" << toString(mode) << "engine" << r.engine << "confidence" << r.confidence << "in"
                         << r.ms << "ms";
    return r;
}

} // namespace kiosk::app
