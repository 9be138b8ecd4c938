// The OCR worker thread: requests cross as queued calls, results come back as queued signals, cancellation is a
// shared ticket set that the worker checks before each job and that Tesseract polls while it reads.
#include "app/materials/ocr_service.h"

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QMutex>
#include <QSet>
#include <QThread>

#include "common/worker_thread.h"

Q_LOGGING_CATEGORY(lcOcrService, "kiosk.app.materials.ocrservice")

namespace kiosk::app {

struct OcrCancelState {
    QMutex mutex;
    QSet<quint64> cancelled;
    quint64 cancelledUpTo = 0; // cancelAll(): every ticket issued so far

    bool isCancelled(quint64 ticket)
    {
        QMutexLocker lock(&mutex);
        return ticket <= cancelledUpTo || cancelled.contains(ticket);
    }
    void forget(quint64 ticket)
    {
        QMutexLocker lock(&mutex);
        cancelled.remove(ticket);
    }
};

class OcrWorker : public QObject
{
    Q_OBJECT
public:
    OcrWorker(const OcrEngineConfig &config, std::shared_ptr<OcrCancelState> state)
        : engine_(config), extractor_(&engine_), state_(std::move(state))
    {}

    void warmUp()
    {
        QString error;
        const bool ok = engine_.load(&error);
        emit ready(ok, error);
    }

    void recognise(quint64 ticket, const QImage &image, OcrMode mode)
    {
        const auto cancelled = [this, ticket] { return state_->isCancelled(ticket); };
        OcrResult r;
        if (cancelled()) {
            r.error = OcrError::Cancelled;
            r.detail = QStringLiteral("cancelled before it started");
        } else {
            r = engine_.recognise(image, mode, cancelled);
        }
        state_->forget(ticket);
        emit recognised(ticket, r);
    }

    void processPage(quint64 ticket, const QString &materialId, const QImage &capture, const PageJobOptions &options)
    {
        QElapsedTimer timer;
        timer.start();
        const auto cancelled = [this, ticket] { return state_->isCancelled(ticket); };
        ProcessedPage out;
        out.ticket = ticket;
        out.materialId = materialId;
        auto finish = [&] {
            if (cancelled() && out.error == OcrError::None) {
                out = ProcessedPage{ticket, materialId, OcrError::Cancelled, QStringLiteral("cancelled"), {}, {}, 0};
            }
            out.ms = timer.elapsed();
            state_->forget(ticket);
            emit pageProcessed(out);
        };
        if (cancelled()) {
            out.error = OcrError::Cancelled;
            out.detail = QStringLiteral("cancelled before it started");
            return finish();
        }
        RectifyOptions ro = options.rectify;
        if (options.sourceDpi > 0) {
            ro.sourceDpi = options.sourceDpi;
            ro.detectPage = false;
        }
        const RectifyResult rect = rectifyDocument(capture, ro);
        if (!rect.ok()) {
            out.error = OcrError::EmptyImage;
            out.detail = rect.detail;
            return finish();
        }
        const QualityReport quality = assessQuality(capture, rect, options.sourceDpi);
        out.page = encodeCompactPage(rect.page, options.encoding);
        out.page.quality = quality;
        if (cancelled())
            return finish();
        if (options.extractFields && out.page.quality.acceptable() &&
            FieldExtractor::supportedMaterials().contains(materialId)) {
            out.extraction = extractor_.extract(materialId, rect.page, cancelled);
            out.page.fields = out.extraction.fields;
        }
        finish();
    }

signals:
    void ready(bool ok, const QString &detail);
    void recognised(quint64 ticket, const kiosk::app::OcrResult &result);
    void pageProcessed(const kiosk::app::ProcessedPage &result);

private:
    OcrEngine engine_;
    FieldExtractor extractor_;
    std::shared_ptr<OcrCancelState> state_;
};

OcrService::OcrService(const OcrEngineConfig &config, QObject *parent)
    : QObject(parent), cancelState_(std::make_shared<OcrCancelState>())
{
    qRegisterMetaType<kiosk::app::OcrResult>();
    qRegisterMetaType<kiosk::app::ProcessedPage>();
    worker_ = new OcrWorker(config, cancelState_);
    connect(worker_, &OcrWorker::ready, this, &OcrService::ready, Qt::QueuedConnection);
    connect(worker_, &OcrWorker::recognised, this, &OcrService::recognised, Qt::QueuedConnection);
    connect(worker_, &OcrWorker::pageProcessed, this, &OcrService::pageProcessed, Qt::QueuedConnection);
    // Low priority: OCR must never starve the GUI thread on two cores.
    thread_ = std::make_unique<common::WorkerThread>(worker_, QStringLiteral("ocr"), QThread::LowPriority);
}

OcrService::~OcrService()
{
    cancelAll();
    // Tesseract polls the cancel flag between words and rectification takes well under a second. Never terminate a
    // thread: one still busy after 5 s is left to finish on its own (the worker is deleted when it does).
    if (!thread_->stop(5000))
        qCWarning(lcOcrService) << "OCR worker did not stop within 5 s; leaving it to finish";
}

void OcrService::warmUp()
{
    thread_->post([w = worker_] { w->warmUp(); });
}

quint64 OcrService::recognise(const QImage &image, OcrMode mode)
{
    const quint64 ticket = nextTicket_++;
    thread_->post([w = worker_, ticket, image, mode] { w->recognise(ticket, image, mode); });
    return ticket;
}

quint64 OcrService::processPage(const QString &materialId, const QImage &capture, const PageJobOptions &options)
{
    const quint64 ticket = nextTicket_++;
    thread_->post(
        [w = worker_, ticket, materialId, capture, options] { w->processPage(ticket, materialId, capture, options); });
    return ticket;
}

void OcrService::cancel(quint64 ticket)
{
    QMutexLocker lock(&cancelState_->mutex);
    cancelState_->cancelled.insert(ticket);
}

void OcrService::cancelAll()
{
    QMutexLocker lock(&cancelState_->mutex);
    cancelState_->cancelledUpTo = nextTicket_ - 1;
    cancelState_->cancelled.clear();
}

} // namespace kiosk::app

#include "ocr_service.moc"
