// The boundary between OcrEngine (kiosk_app) and the two text recognisers, which live in a run-time module of their
// own (libkiosk_ocr.so: ocr_module_tesseract.cpp, ocr_module_ppocr.cpp) loaded on the OCR thread when the models are
// first loaded: Tesseract, Leptonica and OpenCV's DNN stack then never weigh on the kiosk's start. Only Qt, standard
// types and ocr_engine.h's plain structs cross it; the module is not linked against kiosk_app.
#pragma once

#include <QImage>
#include <QString>

#include <functional>
#include <memory>

#include "app/materials/ocr_engine.h"

namespace kiosk::app::ocrmodule {

constexpr int kAbiVersion = 1;
constexpr char kLoadSymbol[] = "kiosk_ocr_load";

// One engine behind OcrEngine: reads an image in a mode. Synchronous, one call at a time, never on the GUI thread.
// Confidences in the result are 0..1 for lines and results, 0..100 for symbols (as OcrSymbol says).
class Recogniser
{
public:
    virtual ~Recogniser() = default;
    virtual bool load(QString *error) = 0; // loads what recognise() needs first; later models load on first use
    virtual OcrResult recognise(const QImage &image, OcrMode mode, const std::function<bool()> &cancelled) = 0;
    // Whether the engine can ever produce `character` (one character, possibly a surrogate pair).
    virtual bool canRead(const QString &character) const = 0;
};

struct LoadRequest {
    OcrEngineConfig config;
    QString ppocrDir; // the folder with packaging/models/fetch-ocr.sh's ppocr/ files
};

struct LoadReply {
    std::unique_ptr<Recogniser> tesseract; // null when the module is of another version
    std::unique_ptr<Recogniser> ppocr;
    QString detail;
};

// The module's one entry point (extern "C", kLoadSymbol): fills `reply` unless `abiVersion` differs from its own.
using LoadFunction = void (*)(int abiVersion, const LoadRequest *request, LoadReply *reply);

// Fills `r` with EmptyImage when `image` is too small to hold text (both engines' first check).
inline bool tooSmallToRead(const QImage &image, OcrResult *r)
{
    if (!image.isNull() && image.width() >= 4 && image.height() >= 4)
        return false;
    r->error = OcrError::EmptyImage;
    r->detail = QStringLiteral("no image to read");
    return true;
}

// Made by the module's two source files.
std::unique_ptr<Recogniser> makeTesseract(const OcrEngineConfig &config);
std::unique_ptr<Recogniser> makePpocr(const QString &dir);

} // namespace kiosk::app::ocrmodule
