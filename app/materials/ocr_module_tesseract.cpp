// libkiosk_ocr.so, the Tesseract engine: model loading, page segmentation modes per use, whitelists, cancellation
// through Tesseract's progress monitor, and the clean-up of its Chinese output (no spaces between Han characters).
#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QPainter>

#include <leptonica/allheaders.h>
#include <omp.h>
#include <opencv2/imgproc.hpp>
#include <tesseract/baseapi.h>
#include <tesseract/ocrclass.h>
#include <tesseract/resultiterator.h>

#include <memory>

#include "app/materials/cv_bridge.h"
#include "app/materials/ocr_module.h"

namespace kiosk::app::ocrmodule {

Q_LOGGING_CATEGORY(lcOcr, "kiosk.app.materials.ocr")

namespace {

bool isHan(QChar c)
{
    const ushort u = c.unicode();
    return (u >= 0x4E00 && u <= 0x9FFF) || (u >= 0x3400 && u <= 0x4DBF) || (u >= 0x3000 && u <= 0x303F) ||
           (u >= 0xFF00 && u <= 0xFFEF);
}

// chi_sim output separates characters with spaces; Chinese has none. Spaces between Latin words stay.
QString tidy(const QString &raw)
{
    QString s = raw.trimmed();
    QString out;
    out.reserve(s.size());
    for (int i = 0; i < s.size(); ++i) {
        const QChar c = s.at(i);
        if (c == QLatin1Char(' ')) {
            int j = i;
            while (j < s.size() && s.at(j) == QLatin1Char(' '))
                ++j;
            const QChar before = out.isEmpty() ? QChar() : out.back();
            const QChar after = j < s.size() ? s.at(j) : QChar();
            if (!(isHan(before) || isHan(after)) && !before.isNull() && !after.isNull())
                out += QLatin1Char(' ');
            i = j - 1;
            continue;
        }
        out += c;
    }
    return out;
}

struct CancelContext {
    const std::function<bool()> *cancelled = nullptr;
    bool hit = false;
};

bool cancelCallback(void *context, int /*words*/)
{
    auto *c = static_cast<CancelContext *>(context);
    if (c->cancelled && *c->cancelled && (*c->cancelled)())
        c->hit = true;
    return c->hit;
}

QImage padded(const QImage &gray, int margin)
{
    QImage out(gray.width() + 2 * margin, gray.height() + 2 * margin, QImage::Format_Grayscale8);
    out.fill(255);
    QPainter p(&out);
    p.drawImage(margin, margin, gray);
    p.end();
    out.setDotsPerMeterX(gray.dotsPerMeterX());
    out.setDotsPerMeterY(gray.dotsPerMeterY());
    return out;
}

} // namespace

struct Api {
    tesseract::TessBaseAPI api;
    bool loaded = false;
};

class TesseractRecogniser : public Recogniser
{
public:
    explicit TesseractRecogniser(const OcrEngineConfig &config) : config_(config) {}
    ~TesseractRecogniser() override
    {
        for (Api *a : {text_.get(), latin_.get()})
            if (a && a->loaded)
                a->api.End();
    }

    bool load(QString *error) override { return apiFor(OcrMode::Page, error) && apiFor(OcrMode::IdNumber, error); }

    bool canRead(const QString &character) const override
    {
        Api *a = text_.get();
        if (!a || !a->loaded)
            return false;
        return a->api.IsValidCharacter(character.toUtf8().constData());
    }

    OcrResult recognise(const QImage &image, OcrMode mode, const std::function<bool()> &cancelled) override;

private:
    Api *apiFor(OcrMode mode, QString *error);

    OcrEngineConfig config_;
    std::unique_ptr<Api> text_;
    std::unique_ptr<Api> latin_;
};

Api *TesseractRecogniser::apiFor(OcrMode mode, QString *error)
{
    const bool latin = mode == OcrMode::IdNumber || mode == OcrMode::Code;
    std::unique_ptr<Api> &slot = latin ? latin_ : text_;
    if (!slot)
        slot = std::make_unique<Api>();
    if (slot->loaded)
        return slot.get();
    const QByteArray path = config_.tessdataPath.toLocal8Bit();
    const QByteArray langs = latin ? QByteArrayLiteral("eng") : config_.languages.toLatin1();
    if (slot->api.Init(path.isEmpty() ? nullptr : path.constData(), langs.constData(), tesseract::OEM_LSTM_ONLY) != 0) {
        if (error)
            *error = QStringLiteral("cannot load Tesseract language data '%1'%2")
                         .arg(QString::fromLatin1(langs),
                              path.isEmpty() ? QString() : QStringLiteral(" from ") + config_.tessdataPath);
        return nullptr;
    }
    // Warnings about resolution and tiny images go to Tesseract's stderr otherwise, and Leptonica reports clipped
    // boxes of page-edge blobs as errors although nothing failed.
    slot->api.SetVariable("debug_file", "/dev/null");
    slot->api.SetVariable("tessedit_do_invert", config_.readInvertedLines ? "1" : "0");
    setMsgSeverity(L_SEVERITY_NONE);
    slot->loaded = true;
    qCInfo(lcOcr) << "loaded Tesseract" << tesseract::TessBaseAPI::Version() << "languages" << langs;
    return slot.get();
}

OcrResult TesseractRecogniser::recognise(const QImage &image, OcrMode mode, const std::function<bool()> &cancelled)
{
    QElapsedTimer timer;
    timer.start();
    OcrResult r;
    if (tooSmallToRead(image, &r))
        return r;
    Api *a = apiFor(mode, &r.detail);
    if (!a) {
        r.error = OcrError::EngineUnavailable;
        return r;
    }
    // Tesseract's LSTM runs OpenMP regions; on the 2-core kiosk more than one thread gave 12-30 s outliers
    // (platform-notes.md). OMP_THREAD_LIMIT=1 is read only at process start, so keep this thread's regions serial.
    omp_set_max_active_levels(0);
    omp_set_num_threads(1);

    QImage gray =
        image.format() == QImage::Format_Grayscale8 ? image : image.convertToFormat(QImage::Format_Grayscale8);
    int dpi = materials_detail::dpiOf(image, config_.defaultDpi);
    const bool line = mode != OcrMode::Page && mode != OcrMode::Form;
    if (line) // Tesseract reads a line best with some white around it
        gray = padded(gray, 12);
    // Pages above maxPageDpi are read scaled down (OcrEngineConfig::maxPageDpi); `scale` maps Tesseract's boxes back.
    double scale = 1.0;
    if (!line && config_.maxPageDpi > 0 && dpi > config_.maxPageDpi) {
        scale = double(config_.maxPageDpi) / dpi;
        cv::Mat small;
        cv::resize(materials_detail::toGrayMat(gray), small, cv::Size(), scale, scale, cv::INTER_AREA);
        gray = materials_detail::toGrayImage(small);
        scale = double(gray.width()) / image.width(); // the exact factor after rounding to whole pixels
        dpi = config_.maxPageDpi;
    }
    const auto toCaller = [scale](int x0, int y0, int x1, int y1, int margin) {
        if (scale == 1.0)
            return QRect(QPoint(x0 - margin, y0 - margin), QPoint(x1 - 1 - margin, y1 - 1 - margin));
        return QRect(QPoint(int(x0 / scale), int(y0 / scale)), QPoint(int(x1 / scale) - 1, int(y1 / scale) - 1));
    };

    tesseract::TessBaseAPI &api = a->api;
    api.SetPageSegMode(line                    ? tesseract::PSM_SINGLE_LINE
                       : mode == OcrMode::Form ? tesseract::PSM_SINGLE_COLUMN
                                               : tesseract::PSM_AUTO);
    api.SetVariable("tessedit_char_whitelist", mode == OcrMode::IdNumber ? "0123456789X"
                                               : mode == OcrMode::Code   ? "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ-"
                                                                         : "");
    api.SetImage(gray.constBits(), gray.width(), gray.height(), 1, int(gray.bytesPerLine()));
    api.SetSourceResolution(dpi);

    CancelContext context{&cancelled, false};
    tesseract::ETEXT_DESC monitor;
    monitor.cancel = cancelCallback;
    monitor.cancel_this = &context;
    const int status = api.Recognize(&monitor);
    if (context.hit || (cancelled && cancelled())) {
        api.Clear();
        r.error = OcrError::Cancelled;
        r.detail = QStringLiteral("cancelled");
        r.ms = timer.elapsed();
        return r;
    }
    if (status != 0) {
        api.Clear();
        r.error = OcrError::EmptyImage;
        r.detail = QStringLiteral("Tesseract found nothing to read");
        r.ms = timer.elapsed();
        return r;
    }

    const int margin = line ? 12 : 0;
    double confSum = 0;
    int confCount = 0;
    QStringList lines;
    std::unique_ptr<tesseract::ResultIterator> it(api.GetIterator());
    if (it) {
        OcrLine current;
        auto flush = [&] {
            current.text = tidy(current.text);
            if (!current.symbols.isEmpty() && !current.text.isEmpty()) { // table rules come back as empty lines
                double s = 0;
                for (const OcrSymbol &sym : current.symbols)
                    s += sym.confidence;
                current.confidence = s / current.symbols.size() / 100.0;
                lines << current.text;
                r.lines << current;
            }
            current = OcrLine();
        };
        do {
            if (it->Empty(tesseract::RIL_SYMBOL))
                continue;
            if (it->IsAtBeginningOf(tesseract::RIL_TEXTLINE)) {
                flush();
                int x0, y0, x1, y1;
                if (it->BoundingBox(tesseract::RIL_TEXTLINE, &x0, &y0, &x1, &y1))
                    current.box = toCaller(x0, y0, x1, y1, margin);
            } else if (it->IsAtBeginningOf(tesseract::RIL_WORD)) {
                current.text += QLatin1Char(' ');
            }
            std::unique_ptr<char[]> utf8(it->GetUTF8Text(tesseract::RIL_SYMBOL));
            OcrSymbol sym;
            sym.text = QString::fromUtf8(utf8 ? utf8.get() : "");
            int x0, y0, x1, y1;
            if (it->BoundingBox(tesseract::RIL_SYMBOL, &x0, &y0, &x1, &y1))
                sym.box = toCaller(x0, y0, x1, y1, margin);
            sym.confidence = it->Confidence(tesseract::RIL_SYMBOL);
            confSum += sym.confidence;
            ++confCount;
            current.text += sym.text;
            current.symbols << sym;
        } while (it->Next(tesseract::RIL_SYMBOL));
        flush();
    }
    api.Clear();
    r.text = lines.join(QLatin1Char('\n'));
    r.confidence = confCount ? confSum / confCount / 100.0 : 0.0;
    if (line)
        r.lines.clear();
    r.ms = timer.elapsed();
    qCDebug(lcOcr) << "mode" << int(mode) << "lines" << lines.size() << "confidence" << r.confidence << "in" << r.ms
                   << "ms";
    return r;
}

std::unique_ptr<Recogniser> makeTesseract(const OcrEngineConfig &config)
{
    return std::make_unique<TesseractRecogniser>(config);
}

} // namespace kiosk::app::ocrmodule
