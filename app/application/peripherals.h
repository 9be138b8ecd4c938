// What the citizen's screens need from the devices, as app services (ui/ never sees drivers/): raw capture of
// material pages from the scanner or the document camera, scanned codes (粤省事 code, receipt QR) while a screen
// listens, and A4 printing of PDFs (self-print, the one-time notification sheet). A device that is absent or out of
// order makes its service say "not available", and screens hide or explain the feature.
#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QImage>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QPointer>
#include <QString>

#include <memory>

#include "app/application/draft.h"
#include "app/materials/field_extractor.h"
#include "app/materials/page_watch.h"

class QThreadPool;

namespace kiosk::common {
class WorkerThread;
}

namespace kiosk::drivers {
class SaneScanner;
class DocumentCamera;
class DocumentPrinter;
class FrameSource;
struct ScanResult;
struct ScanSettings;
struct CaptureResult;
struct PrintJobOutcome;
namespace codescanner {
class CodeScanner;
}
} // namespace kiosk::drivers

namespace kiosk::app {

class OcrService;
struct ProcessedPage;

enum class CaptureProblem {
    None,
    NoDevice, // neither configured nor connected
    Busy,     // a capture is already under way
    NoPaper,  // the feeder is empty / nothing on the glass
    Jammed,
    DeviceError,
    PoorQuality, // every page failed a blocking quality check: retake (qualityAdvice says why)
};
QString toString(CaptureProblem problem);

// Encodes a captured page compactly for sealing: greyscale, at most 2339 px on the long side (A4 at 200 dpi), JPEG
// quality 80. Runs off the GUI thread inside CaptureService; public for tests.
MaterialPage encodePage(const QImage &image);

class CaptureService : public QObject
{
    Q_OBJECT
public:
    CaptureService(drivers::SaneScanner *scanner, drivers::DocumentCamera *camera, QObject *parent = nullptr);
    ~CaptureService() override;

    // With a processor, every captured page is rectified, checked for quality, encoded compactly and read (OCR
    // field extraction where the material has rules) before it is handed over; without one pages are kept raw.
    void setProcessor(OcrService *processor);

    bool scannerAvailable() const;
    bool cameraAvailable() const;
    bool busy() const { return busy_; }

    // Every sheet in the feeder (or the flatbed page) for `materialId`; `captured` or `failed` follows.
    void scan(const QString &materialId = {});
    void photograph(const QString &materialId = {});
    // Pages captured elsewhere (a device's answer, the demo, tests) go the same way as scanned ones.
    void processImages(const QString &materialId, const QList<QImage> &images, bool fromScanner);
    void cancel();

    // The document camera's live view, when it has one: frames are analysed off the GUI thread for the page (the
    // rectifier's page finding); a page found whole and held still is captured by itself, as is the next page placed
    // (captured/failed follow as for photograph()); captureNow() takes the current frame by hand.
    void setPreviewSource(drivers::FrameSource *source, const PageWatchSettings &settings = {});
    bool previewAvailable() const;
    bool previewing() const { return previewing_; }
    void startPreview(const QString &materialId);
    void captureNow();
    void stopPreview();

    // Turns a draft's page (Draft::pages(), carrying its id) a quarter turn clockwise on this service's own thread
    // (decoding and re-encoding a full page takes tens of milliseconds); `pageRotated` follows with the page's id.
    // One turn at a time: false while one is under way.
    bool rotatePage(const MaterialPage &page);
    bool rotating() const { return rotating_; }

signals:
    void captured(const QList<kiosk::app::MaterialPage> &pages);
    // The turned page (null when it could not be turned) for Draft::replacePageById(pageId, ...), which refuses a
    // page that changed meanwhile. The service wipes its own copy after the signal.
    void pageRotated(quint64 pageId, const kiosk::app::MaterialPage &turned);
    void failed(kiosk::app::CaptureProblem problem);
    // Why pages were refused or what to mind: quality issue codes (toString(QualityIssue), e.g. "blurry").
    void qualityAdvice(const QStringList &issues);
    // Values read from the pages (suggestions for the form: the citizen confirms them).
    void fieldsRead(const QString &materialId, const QList<kiosk::app::ExtractedField> &fields);
    // A downscaled live frame for the screen (at most 960 px on its long side; the receiver wipes it when done), the
    // page's corners in its pixels (empty without a page), the watch state and the hold progress 0..1.
    void previewFrame(const QImage &frame, const QPolygonF &page, kiosk::app::PageWatchState state, double progress);

private:
    void finish(const QList<QImage> &images, CaptureProblem problem);
    void processed(const ProcessedPage &page);
    void deliver();
    void onPreviewFrame(const QImage &frame);
    static drivers::ScanSettings scanSettings();
    void takePreviewFrame();
    QPointer<drivers::SaneScanner> scanner_;
    QPointer<drivers::DocumentCamera> camera_;
    bool busy_ = false;
    quint64 ticket_ = 0;
    QString materialId_;
    bool fromScanner_ = false;
    bool feederScan_ = false;
    QPointer<OcrService> processor_;
    QList<quint64> pending_; // processor tickets of the capture under way
    QList<MaterialPage> accepted_;
    QStringList advice_;
    QList<ExtractedField> fields_;
    // Live view.
    QPointer<drivers::FrameSource> preview_;
    PageSteadiness steadiness_;
    QElapsedTimer previewClock_;
    bool previewing_ = false;
    bool analysing_ = false;
    quint64 previewGeneration_ = 0;
    QString previewMaterial_;
    QImage latestFrame_;
    // Page turns.
    std::unique_ptr<QThreadPool> turns_;
    bool rotating_ = false;
};

// Codes from the QR/barcode scanner, delivered only while someone listens (a screen that asks for a code).
class CodeInput : public QObject
{
    Q_OBJECT
public:
    explicit CodeInput(drivers::codescanner::CodeScanner *scanner, QObject *parent = nullptr);
    bool available() const;
    void listen(QObject *listener); // codes go to `listener` until it stops or is destroyed
    // The payment screen: a payer's wallet code (付款码, 18-20 digits) goes to `listener` through payerCode() and
    // nowhere else; every other code it is shown is rejected. Outside it a payer code is rejected: it is a bearer
    // credential and never reaches an identity, progress or self-print check (nor their logs).
    void listenForPayerCode(QObject *listener);
    void stop(QObject *listener);
    // 18 to 20 ASCII digits: what a wallet's payment code looks like.
    static bool looksLikePayerCode(const QString &text);

public slots:
    // From the scanner, or typed in (tests, the demo).
    void acceptCode(const QString &code);

signals:
    void code(const QString &text);
    // Only to the payment listener. The receiver moves the bytes out and wipes them after their one use.
    void payerCode(QByteArray &code);
    void rejected(); // something was scanned that is not a usable code

private:
    QPointer<drivers::codescanner::CodeScanner> scanner_;
    QPointer<QObject> listener_;
    QPointer<QObject> payerListener_;
};

enum class A4Problem { None, NoPrinter, Failed };

class DocumentPrintService : public QObject
{
    Q_OBJECT
public:
    explicit DocumentPrintService(drivers::DocumentPrinter *printer, QObject *parent = nullptr);
    ~DocumentPrintService() override;
    bool available() const;
    // `title` is a CUPS job title: never personal data. `finished` follows with the returned ticket.
    quint64 printPdf(const QByteArray &pdf, const QString &title);
    // An A4 sheet laid out as HTML (app/receipts/a4_sheets.h): rendered to PDF on this service's own thread (fonts
    // and QPdfWriter take longer than a frame), then printed like printPdf. `finished` follows with the ticket.
    quint64 printDocument(const QString &html, const QString &title);

signals:
    void finished(quint64 ticket, kiosk::app::A4Problem problem);

private:
    void rendered(quint64 ticket, const QByteArray &pdf, const QString &error, const QString &title);
    QPointer<drivers::DocumentPrinter> printer_;
    quint64 localTicket_ = 1ull << 62;
    std::unique_ptr<common::WorkerThread> renderThread_;
    QObject *renderWorker_ = nullptr;      // lives on renderThread_
    QHash<quint64, quint64> renderedJobs_; // printer ticket -> the ticket printDocument returned
};

} // namespace kiosk::app

Q_DECLARE_METATYPE(kiosk::app::CaptureProblem)
Q_DECLARE_METATYPE(kiosk::app::PageWatchState)
Q_DECLARE_METATYPE(kiosk::app::A4Problem)
