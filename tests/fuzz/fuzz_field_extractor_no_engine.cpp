// The OCR engine's symbols for fuzz_field_extractor, which builds FieldExtractor with no engine (so that the target
// needs neither Tesseract nor OpenCV): FieldExtractor never calls the engine then, and this aborts if it ever does.
#include "app/materials/ocr_engine.h"

#include <cstdlib>

namespace kiosk::app {

OcrResult OcrEngine::recognise(const QImage &, OcrMode, const std::function<bool()> &)
{
    std::abort(); // a FieldExtractor without an engine must not reach for one
}

} // namespace kiosk::app
