// Device-backed services for the citizen's screens.
#include "app/application/peripherals.h"

#include <QImage>
#include <QLoggingCategory>
#include <QThreadPool>
#include <QTimer>

#include <string.h>

#include "app/materials/ocr_service.h"
#include "app/materials/quality.h"
#include "app/receipts/a4_sheets.h"
#include "app/verification/face_engine.h" // wipeImage
#include "common/worker_thread.h"
#include "drivers/camera/frame_source.h"
#include "drivers/code_scanner/code_scanner.h"
#include "drivers/document_printer/document_printer.h"
#include "drivers/scanner/document_camera.h"
#include "drivers/scanner/sane_scanner.h"

Q_LOGGING_CATEGORY(lcCapture, "kiosk.app.capture")

namespace kiosk::app {

QString toString(CaptureProblem problem)
{
    switch (problem) {
    case CaptureProblem::None: return QStringLiteral("none");
    case CaptureProblem::NoDevice: return QStringLiteral("no_device");
    case CaptureProblem::Busy: return QStringLiteral("busy");
    case CaptureProblem::NoPaper: return QStringLiteral("no_paper");
    case CaptureProblem::Jammed: return QStringLiteral("jammed");
    case CaptureProblem::DeviceError: return QStringLiteral("device_error");
    case CaptureProblem::PoorQuality: return QStringLiteral("poor_quality");
    }
    return QStringLiteral("none");
}

MaterialPage encodePage(const QImage &image)
{
    if (image.isNull())
        return {};
    QImage grey = image.convertToFormat(QImage::Format_Grayscale8);
    const int longSide = qMax(grey.width(), grey.height());
    if (longSide > 2339)
        grey = grey.scaled(grey.size() * (2339.0 / longSide), Qt::KeepAspectRatio, Qt::SmoothTransformation);
    MaterialPage page = encodeCompactPage(grey, PageEncoding::Jpeg, 80);
    wipeImage(grey); // the uncompressed copy held the page too
    return page;
}

CaptureService::CaptureService(drivers::SaneScanner *scanner, drivers::DocumentCamera *camera, QObject *parent)
    : QObject(parent), scanner_(scanner), camera_(camera)
{
    qRegisterMetaType<CaptureProblem>();
    qRegisterMetaType<PageWatchState>();
    qRegisterMetaType<QList<MaterialPage>>();
    if (scanner_) {
        connect(scanner_, &drivers::SaneScanner::scanFinished, this, [this](const drivers::ScanResult &r) {
            if (!busy_ || r.ticket != ticket_)
                return;
            CaptureProblem p = CaptureProblem::None;
            if (feederScan_ && r.pages.isEmpty() && r.error == drivers::ScanError::NoDocuments &&
                scanner_->capabilities().flag(drivers::Capability::Flatbed, true)) {
                // Nothing in the feeder: the page may lie on the glass.
                feederScan_ = false;
                drivers::ScanSettings s = scanSettings();
                s.source = drivers::ScanSource::Flatbed;
                ticket_ = scanner_->scanAllPages(s);
                return;
            }
            if (!r.ok() && r.pages.isEmpty()) {
                switch (r.error) {
                case drivers::ScanError::NoDocuments: p = CaptureProblem::NoPaper; break;
                case drivers::ScanError::Jammed: p = CaptureProblem::Jammed; break;
                case drivers::ScanError::DeviceBusy: p = CaptureProblem::Busy; break;
                default: p = CaptureProblem::DeviceError; break;
                }
                qCWarning(lcCapture).noquote() << "scan failed:" << r.detail;
            }
            finish(r.pages, p);
        });
    }
    if (camera_) {
        connect(camera_, &drivers::DocumentCamera::captureFinished, this, [this](const drivers::CaptureResult &r) {
            if (!busy_ || r.ticket != ticket_)
                return;
            if (!r.ok())
                qCWarning(lcCapture).noquote() << "document camera failed:" << r.error;
            finish(r.ok() ? QList<QImage>{r.image} : QList<QImage>{}, r.ok()   ? CaptureProblem::None
                                                                      : r.busy ? CaptureProblem::Busy
                                                                               : CaptureProblem::DeviceError);
        });
    }
}

CaptureService::~CaptureService()
{
    if (turns_)
        turns_->waitForDone(); // a turn takes tens of milliseconds; its answer must not outlive this object
}

bool CaptureService::rotatePage(const MaterialPage &page)
{
    if (rotating_ || page.isNull() || page.id == 0)
        return false;
    if (!turns_) {
        turns_ = std::make_unique<QThreadPool>();
        turns_->setMaxThreadCount(1);
        turns_->setObjectName(QStringLiteral("page-turn"));
    }
    rotating_ = true;
    // The draft may drop the page meanwhile: this copy is then the last one, and is wiped like any other.
    auto source = std::make_shared<MaterialPage>(page);
    turns_->start([this, source, id = page.id] {
        MaterialPage turned = rotatedPage(*source, 1);
        wipePage(*source);
        turned.id = 0; // the draft gives the turned version its own id
        QMetaObject::invokeMethod(
            this,
            [this, id, turned]() mutable {
                rotating_ = false;
                emit pageRotated(id, turned);
                wipePage(turned);
            },
            Qt::QueuedConnection);
    });
    return true;
}

drivers::ScanSettings CaptureService::scanSettings()
{
    drivers::ScanSettings s;
    s.resolutionDpi = 200;
    s.mode = drivers::ScanColorMode::Gray;
    s.maxPages = 20;
    return s;
}

bool CaptureService::scannerAvailable() const
{
    return scanner_ && scanner_->status().usable();
}

bool CaptureService::cameraAvailable() const
{
    return camera_ && camera_->status().usable();
}

void CaptureService::setProcessor(OcrService *processor)
{
    if (processor_)
        disconnect(processor_, nullptr, this, nullptr);
    processor_ = processor;
    if (processor_)
        connect(processor_, &OcrService::pageProcessed, this, &CaptureService::processed);
}

void CaptureService::scan(const QString &materialId)
{
    if (busy_)
        return emit failed(CaptureProblem::Busy);
    if (!scanner_)
        return emit failed(CaptureProblem::NoDevice);
    busy_ = true;
    materialId_ = materialId;
    fromScanner_ = true;
    drivers::ScanSettings s = scanSettings();
    // A scanner with a feeder (ADF) takes every sheet in it at once: several pages into one material.
    feederScan_ = scanner_->capabilities().flag(drivers::Capability::Feeder);
    s.source = feederScan_ ? drivers::ScanSource::Adf : drivers::ScanSource::Flatbed;
    ticket_ = scanner_->scanAllPages(s);
}

void CaptureService::photograph(const QString &materialId)
{
    if (busy_)
        return emit failed(CaptureProblem::Busy);
    if (!camera_)
        return emit failed(CaptureProblem::NoDevice);
    busy_ = true;
    materialId_ = materialId;
    fromScanner_ = false;
    ticket_ = camera_->capture();
}

bool CaptureService::previewAvailable() const
{
    return preview_ && preview_->status().usable();
}

void CaptureService::setPreviewSource(drivers::FrameSource *source, const PageWatchSettings &settings)
{
    stopPreview();
    if (preview_)
        disconnect(preview_, nullptr, this, nullptr);
    preview_ = source;
    steadiness_ = PageSteadiness(settings);
    if (preview_)
        connect(preview_, &drivers::FrameSource::frameReady, this,
                [this](const QImage &frame, qint64) { onPreviewFrame(frame); });
}

void CaptureService::startPreview(const QString &materialId)
{
    if (busy_)
        return emit failed(CaptureProblem::Busy);
    if (!preview_)
        return emit failed(CaptureProblem::NoDevice);
    previewing_ = true;
    previewMaterial_ = materialId;
    steadiness_.reset();
    previewClock_.start();
    ++previewGeneration_;
    analysing_ = false;
    preview_->start();
}

void CaptureService::stopPreview()
{
    if (!previewing_)
        return;
    previewing_ = false;
    ++previewGeneration_; // analyses under way are dropped when they come back
    analysing_ = false;
    if (preview_)
        preview_->stop();
    wipeImage(latestFrame_);
    steadiness_.reset();
}

void CaptureService::captureNow()
{
    if (!previewing_)
        return photograph(previewMaterial_);
    if (busy_)
        return emit failed(CaptureProblem::Busy);
    if (latestFrame_.isNull())
        return emit failed(CaptureProblem::NoPaper);
    takePreviewFrame();
}

void CaptureService::onPreviewFrame(const QImage &frame)
{
    if (!previewing_ || busy_ || frame.isNull())
        return;
    wipeImage(latestFrame_);
    latestFrame_ = frame;
    if (analysing_)
        return; // one analysis at a time: the view shows the newest frame analysed, the others are dropped
    analysing_ = true;
    QPointer<CaptureService> self(this);
    const quint64 generation = previewGeneration_;
    QThreadPool::globalInstance()->start([self, frame, generation] {
        QImage small = frame;
        if (qMax(frame.width(), frame.height()) > 960)
            small = frame.scaled(QSize(960, 960), Qt::KeepAspectRatio, Qt::SmoothTransformation);
        else
            small = frame.copy(); // the screen's own copy, which it wipes
        const PageDetection page = detectPageCorners(small, 480);
        if (!self) {
            wipeImage(small);
            return;
        }
        QMetaObject::invokeMethod(
            self.data(),
            [self, small, page, generation]() mutable {
                if (!self || generation != self->previewGeneration_ || !self->previewing_) {
                    wipeImage(small);
                    return;
                }
                self->analysing_ = false;
                const PageWatchState state =
                    self->steadiness_.update(page, small.size(), self->previewClock_.elapsed());
                emit self->previewFrame(small, page.found ? page.corners : QPolygonF(), state,
                                        self->steadiness_.holdProgress());
                if (state == PageWatchState::Capture && !self->busy_)
                    self->takePreviewFrame();
            },
            Qt::QueuedConnection);
    });
}

void CaptureService::takePreviewFrame()
{
    QImage frame = latestFrame_;
    latestFrame_ = QImage();
    qCInfo(lcCapture) << "document camera: page taken from the live view" << frame.size();
    // The preview keeps running for the next page; frames are ignored while this one is processed (busy).
    processImages(previewMaterial_, {frame}, false);
}

void CaptureService::cancel()
{
    stopPreview();
    if (busy_ && scanner_)
        scanner_->cancel();
    if (processor_) {
        for (quint64 t : pending_)
            processor_->cancel(t);
    }
    pending_.clear();
    accepted_.clear();
    busy_ = false;
    ticket_ = 0;
}

void CaptureService::finish(const QList<QImage> &images, CaptureProblem problem)
{
    if (images.isEmpty()) {
        busy_ = false;
        emit failed(problem == CaptureProblem::None ? CaptureProblem::DeviceError : problem);
        return;
    }
    if (processor_) {
        // Rectify, check, encode and read each page on the OCR thread; deliver when all are back.
        accepted_.clear();
        advice_.clear();
        fields_.clear();
        PageJobOptions options;
        options.sourceDpi = fromScanner_ ? 200 : 0;
        for (const QImage &img : images)
            pending_.append(processor_->processPage(materialId_, img, options));
        return;
    }
    // JPEG encoding of a full page takes tens of milliseconds: off the GUI thread.
    QPointer<CaptureService> self(this);
    const quint64 ticket = ticket_;
    QThreadPool::globalInstance()->start([self, images, ticket] {
        QList<MaterialPage> pages;
        for (const QImage &img : images) {
            MaterialPage p = encodePage(img);
            if (!p.image.isEmpty())
                pages.append(p);
        }
        if (!self)
            return;
        QMetaObject::invokeMethod(self, [self, pages, ticket] {
            if (!self || ticket != self->ticket_)
                return;
            self->busy_ = false;
            if (pages.isEmpty())
                emit self->failed(CaptureProblem::DeviceError);
            else
                emit self->captured(pages);
        });
    });
}

void CaptureService::processImages(const QString &materialId, const QList<QImage> &images, bool fromScanner)
{
    busy_ = true;
    materialId_ = materialId;
    fromScanner_ = fromScanner;
    finish(images, images.isEmpty() ? CaptureProblem::NoPaper : CaptureProblem::None);
}

void CaptureService::processed(const ProcessedPage &result)
{
    if (!pending_.removeOne(result.ticket))
        return;
    if (result.ok()) {
        for (const QualityFinding &f : result.page.quality.findings)
            advice_.append(toString(f.issue));
        if (result.page.quality.acceptable() && !result.page.isNull()) {
            accepted_.append(result.page); // with its quality report and the fields read from it
            fields_.append(result.extraction.fields);
        }
    }
    if (pending_.isEmpty())
        deliver();
}

void CaptureService::deliver()
{
    busy_ = false;
    advice_.removeDuplicates();
    if (!advice_.isEmpty())
        emit qualityAdvice(advice_);
    if (accepted_.isEmpty()) {
        emit failed(CaptureProblem::PoorQuality);
        return;
    }
    if (!fields_.isEmpty())
        emit fieldsRead(materialId_, fields_);
    const QList<MaterialPage> pages = accepted_;
    accepted_.clear();
    fields_.clear();
    emit captured(pages);
}

CodeInput::CodeInput(drivers::codescanner::CodeScanner *scanner, QObject *parent) : QObject(parent), scanner_(scanner)
{
    if (scanner_) {
        connect(scanner_, &drivers::codescanner::CodeScanner::codeScanned, this, &CodeInput::acceptCode);
        connect(scanner_, &drivers::codescanner::CodeScanner::codeRejected, this, [this] {
            if (listener_)
                emit rejected();
        });
    }
}

bool CodeInput::available() const
{
    return scanner_ && scanner_->status().usable();
}

void CodeInput::listen(QObject *listener)
{
    listener_ = listener;
    payerListener_ = nullptr;
}

void CodeInput::listenForPayerCode(QObject *listener)
{
    listener_ = listener;
    payerListener_ = listener;
}

bool CodeInput::looksLikePayerCode(const QString &text)
{
    if (text.size() < 18 || text.size() > 20)
        return false;
    for (const QChar c : text) {
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return false;
    }
    return true;
}

void CodeInput::stop(QObject *listener)
{
    if (listener_ == listener)
        listener_ = nullptr;
}

void CodeInput::acceptCode(const QString &text)
{
    if (!listener_)
        return; // nobody asked for a code: a scan between visits goes nowhere
    const bool payment = payerListener_ && payerListener_ == listener_;
    if (looksLikePayerCode(text)) {
        if (!payment) {
            emit rejected(); // a wallet code outside the payment screen: refused, never passed on
            return;
        }
        QByteArray bytes = text.toLatin1();
        emit payerCode(bytes);
        explicit_bzero(bytes.data(), size_t(bytes.size()));
        return;
    }
    if (payment) {
        emit rejected(); // the payment screen takes payment codes only
        return;
    }
    emit code(text);
}

DocumentPrintService::DocumentPrintService(drivers::DocumentPrinter *printer, QObject *parent)
    : QObject(parent), printer_(printer)
{
    qRegisterMetaType<A4Problem>();
    if (printer_) {
        connect(printer_, &drivers::DocumentPrinter::jobFinished, this, [this](const drivers::PrintJobOutcome &o) {
            quint64 ticket = o.ticket;
            if (const auto it = renderedJobs_.constFind(o.ticket); it != renderedJobs_.constEnd()) {
                ticket = it.value();
                renderedJobs_.erase(it);
            }
            emit finished(ticket, o.result == drivers::PrintJobResult::Completed ? A4Problem::None : A4Problem::Failed);
        });
    }
}

// Renders A4 sheets on its own thread. It answers by a signal, so a service that has gone (its bounded stop gave up on
// a long render) is simply not called.
class A4RenderWorker : public QObject
{
    Q_OBJECT
signals:
    void rendered(quint64 ticket, const QByteArray &pdf, const QString &error, const QString &title);
};

DocumentPrintService::~DocumentPrintService()
{
    if (renderThread_ && !renderThread_->stop(3000))
        qCWarning(lcCapture) << "the A4 render thread did not stop in time; it finishes by itself";
}

bool DocumentPrintService::available() const
{
    return printer_ && printer_->status().usable();
}

quint64 DocumentPrintService::printPdf(const QByteArray &pdf, const QString &title)
{
    if (!printer_) {
        const quint64 t = localTicket_++;
        QTimer::singleShot(0, this, [this, t] { emit finished(t, A4Problem::NoPrinter); });
        return t;
    }
    return printer_->printPdf(pdf, title);
}

quint64 DocumentPrintService::printDocument(const QString &html, const QString &title)
{
    const quint64 t = localTicket_++;
    if (!printer_) {
        QTimer::singleShot(0, this, [this, t] { emit finished(t, A4Problem::NoPrinter); });
        return t;
    }
    if (!renderThread_) {
        auto *worker = new A4RenderWorker;
        connect(worker, &A4RenderWorker::rendered, this, &DocumentPrintService::rendered, Qt::QueuedConnection);
        renderWorker_ = worker;
        renderThread_ = std::make_unique<common::WorkerThread>(worker, QStringLiteral("a4-render"));
    }
    renderThread_->post([worker = static_cast<A4RenderWorker *>(renderWorker_), t, html, title] {
        const A4Pdf pdf = renderA4Html(html, title);
        emit worker->rendered(t, pdf.pdf, pdf.error, title);
    });
    return t;
}

void DocumentPrintService::rendered(quint64 ticket, const QByteArray &pdf, const QString &error, const QString &title)
{
    if (!error.isEmpty() || !printer_) {
        qCWarning(lcCapture).noquote() << "A4 sheet not printed:"
                                       << (error.isEmpty() ? QStringLiteral("no printer") : error);
        emit finished(ticket, error.isEmpty() ? A4Problem::NoPrinter : A4Problem::Failed);
        return;
    }
    renderedJobs_.insert(printer_->printPdf(pdf, title), ticket);
}

} // namespace kiosk::app

#include "peripherals.moc"
