// Synchronous OCR with two engines, both in the run-time module libkiosk_ocr.so (ocr_module.h) that load() brings in
// on the calling thread: PP-OCRv4 (OpenCV DNN) reads text lines (names, addresses, dates); Tesseract reads pages and
// forms (PP-OCR's page reading exists, OcrEngineKind::Ppocr, but misses its budgets: see OcrEngine::recognise), codes
// and ID numbers (eng, whitelist 0-9X, accepted on the GB 11643 check; PP-OCR re-reads the crop only when that check
// fails). Models are loaded once and kept alive. For kioskctl, tests and OcrService's worker thread; never call it on
// the GUI thread (a page takes about a second).
#pragma once

#include <QImage>
#include <QList>
#include <QRect>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

namespace kiosk::app {

enum class OcrMode {
    Page,     // PSM 3, chi_sim: a whole page, with line and character boxes
    Form,     // PSM 4, chi_sim: a labelled form or certificate read row by row (label and value on one line).
              // PSM 3 was seen to drop a whole label column of a certificate; PSM 6 drops bordered tables.
    Line,     // PSM 7, chi_sim: one line of text (a field crop cut inside its table lines)
    IdNumber, // PSM 7, eng, whitelist 0-9X: an 18-character ID number crop
    Code,     // PSM 7, eng, whitelist 0-9A-Z and '-': certificate numbers, unified social credit codes
};

enum class OcrError {
    None,
    EngineUnavailable, // tessdata or a language model missing
    EmptyImage,
    Cancelled,
};

struct OcrSymbol {
    QString text;
    QRect box;            // in the image's pixels
    float confidence = 0; // 0..100 as Tesseract gives it
    // PP-OCR only: the next most likely characters at this one's most confident step, best first, with their
    // probabilities (0..1); what field correction may choose from.
    QStringList alternatives;
    QList<float> alternativeConfidences;
};

struct OcrLine {
    QString text;
    QRect box;
    double confidence = 0; // 0..1
    QList<OcrSymbol> symbols;
    int textHeight = 0; // PP-OCR: the height of the line's ink in its pixels (about a Han character's width); 0 unknown
};

enum class OcrEngineKind {
    Auto,  // PP-OCR for text lines (names, addresses, dates); Tesseract for pages, forms, codes and ID numbers (an ID
           // number goes to PP-OCR when Tesseract's reading fails the GB 11643 check)
    Ppocr, // PP-OCR for everything (benchmarks)
    Tesseract, // Tesseract for everything (benchmarks; what the kiosk read before PP-OCR)
};

struct OcrResult {
    OcrError error = OcrError::None;
    QString engine; // "ppocr", "tesseract", or "tesseract+ppocr" (an ID number PP-OCR re-read after a failed check)
    QString detail;
    QString text;          // lines joined with '\n'; in Line modes, one line
    double confidence = 0; // 0..1, mean over the recognised characters
    qint64 ms = 0;
    QList<OcrLine> lines; // Page and Form modes

    bool ok() const { return error == OcrError::None; }
};

struct OcrEngineConfig {
    OcrEngineKind engine = OcrEngineKind::Auto;
    // The folder holding the PP-OCR files in its ppocr/ subfolder; empty: $KIOSK_MODEL_DIR, /usr/share/kiosk/models,
    // then the development cache packaging/fetch-models.sh fills.
    QString modelDir;
    QString tessdataPath; // empty: Tesseract's compiled-in default (Debian: /usr/share/...)
    // Pages and lines. chi_sim reads the digits and Latin letters of Chinese documents itself; adding eng
    // ("chi_sim+eng") made an A4 page ~45 % slower (2.1 s against 1.45 s of CPU here, over the 1.5 s budget) for the
    // same field accuracy on the test documents. ID numbers and codes are read with eng and a whitelist in any case.
    QString languages = QStringLiteral("chi_sim");
    int defaultDpi = 200; // when the image does not say its resolution
    // Pages and forms are read at no more than this resolution (a 200 dpi scan is scaled down first; boxes come back in
    // the caller's pixels, so crops for re-reading fields still come from the full-resolution page). Tesseract's line
    // finding and thresholding scale with the pixel count, and its LSTM gets smaller line images: an A4 page at 150
    // instead of 200 dpi took 16 % fewer instructions (callgrind: 11.1 against 13.2 billion) with the same character
    // error rate on the test pages. A 10.5 pt Chinese character (五号) is still about 22 px high at 150 dpi.
    // 0: read at the image's own resolution.
    int maxPageDpi = 150;
    // Tesseract reads every line it is unsure of a second time inverted (white on black). Our pages are paper under a
    // document camera or in a scanner, dark on light after rectification; on a clean page no line is unsure (same
    // instruction count either way), but a poor photograph could have every line read twice. Kept as a switch for
    // materials printed white-on-dark.
    bool readInvertedLines = false;
};

QString toString(OcrError error);
QString toString(OcrMode mode); // page | form | line | id_number | code

class OcrEngine
{
public:
    explicit OcrEngine(const OcrEngineConfig &config = {});
    ~OcrEngine();
    OcrEngine(const OcrEngine &) = delete;
    OcrEngine &operator=(const OcrEngine &) = delete;

    // Loads the module and the engines' first models (~0.4 s). recognise() does it on first use; call it early (on
    // the thread that will read) to keep that off the first page.
    bool load(QString *error = nullptr);

    // `cancelled` is polled while an engine works (Tesseract between words, PP-OCR between lines): returning true
    // ends the call with Cancelled.
    OcrResult recognise(const QImage &image, OcrMode mode, const std::function<bool()> &cancelled = {});

    // Whether PP-OCR's dictionary has `character` (one character): one outside it can never be read by PP-OCR.
    // False before load().
    bool ppocrCanRead(const QString &character) const;

    static QString defaultModelDir();

private:
    struct Engines;
    Engines *engines(QString *error);

    OcrEngineConfig config_;
    std::unique_ptr<Engines> engines_;
};

} // namespace kiosk::app
