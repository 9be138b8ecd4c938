// OCR and page processing off the GUI thread: one worker QThread owning one OcrEngine (its Tesseract models loaded
// once), fed by tickets, cancellable per ticket or all at once (also in the middle of a recognition), answering with
// queued signals. The application's entry to app/materials for the capture screens.
#pragma once

#include <QImage>
#include <QObject>
#include <QString>

#include <memory>

#include "app/materials/field_extractor.h"
#include "app/materials/material_page.h"
#include "app/materials/ocr_engine.h"
#include "app/materials/quality.h"
#include "app/materials/rectifier.h"

namespace kiosk::common {
class WorkerThread;
}

namespace kiosk::app {

class OcrWorker;
struct OcrCancelState;

struct PageJobOptions {
    RectifyOptions rectify;
    int sourceDpi = 0; // a scan's resolution; 0 for document-camera photos
    PageEncoding encoding = PageEncoding::Jpeg;
    bool extractFields = true; // run OCR + field extraction when the material has rules (and the page is usable)
};

struct ProcessedPage {
    quint64 ticket = 0;
    QString materialId;
    OcrError error = OcrError::None; // Cancelled, or EmptyImage for a capture with nothing in it
    QString detail;
    MaterialPage page;           // the compact encoded page with its quality report and the fields read
    ExtractionResult extraction; // empty when not asked for, not supported or the page is unusable
    qint64 ms = 0;

    bool ok() const { return error == OcrError::None; }
};

class OcrService : public QObject
{
    Q_OBJECT
public:
    explicit OcrService(const OcrEngineConfig &config = {}, QObject *parent = nullptr);
    // Cancels everything, then waits a bounded time for the worker (never terminates the thread).
    ~OcrService() override;

    // Loads the models on the worker now, so that the first page does not pay for it. Answers with ready().
    void warmUp();
    // Answers with recognised(ticket, result).
    quint64 recognise(const QImage &image, OcrMode mode);
    // Rectifies, checks quality, encodes and (optionally) extracts fields. Answers with pageProcessed(result).
    quint64 processPage(const QString &materialId, const QImage &capture, const PageJobOptions &options = {});

    // A cancelled request still answers, with OcrError::Cancelled, so callers can always clear their state.
    void cancel(quint64 ticket);
    void cancelAll();

signals:
    void ready(bool ok, const QString &detail);
    void recognised(quint64 ticket, const kiosk::app::OcrResult &result);
    void pageProcessed(const kiosk::app::ProcessedPage &result);

private:
    std::shared_ptr<OcrCancelState> cancelState_;
    quint64 nextTicket_ = 1;
    OcrWorker *worker_ = nullptr; // lives on thread_
    std::unique_ptr<common::WorkerThread> thread_;
};

} // namespace kiosk::app

Q_DECLARE_METATYPE(kiosk::app::OcrResult)
Q_DECLARE_METATYPE(kiosk::app::ProcessedPage)
