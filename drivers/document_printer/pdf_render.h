// Renders QPainter-drawn pages or a QTextDocument to an A4 PDF in memory (QPdfWriter), ready for DocumentPrinter.
// In memory on purpose: sheets such as the one-time notification (一次性告知单) carry personal data, which must not
// be written to disk unsealed; DocumentPrinter streams the bytes straight to CUPS.
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QMarginsF>
#include <QPageSize>
#include <QRectF>
#include <QString>

#include <functional>

class QPainter;
class QTextDocument;

namespace kiosk::drivers {

struct PdfPageSetup {
    QPageSize pageSize{QPageSize::A4};
    QMarginsF marginsMm{15, 15, 15, 15};
    int resolutionDpi = 300;
    QString title; // PDF metadata; shown by viewers, so no personal data
    QString creator = QStringLiteral("Guangdong government service kiosk");
};

// What the page painter is told about the page it draws. Coordinates are device units of the PDF writer
// (resolutionDpi per inch); fonts set in points keep their printed size.
struct PdfPageContext {
    int pageIndex = 0;
    int pageCount = 0;
    QRectF printable; // inside the margins, in device units
    qreal dotsPerMm = 0;
};

struct PdfRenderResult {
    QByteArray pdf;
    int pageCount = 0;
    QString error; // empty on success

    bool ok() const { return error.isEmpty(); }
};

using PdfPagePainter = std::function<void(QPainter &painter, const PdfPageContext &page)>;

// True when text can be drawn: QFont needs a QGuiApplication (a QCoreApplication-only tool such as kioskctl gets a
// typed error from the functions below instead of a crash).
bool canRenderPdfText();

// The installed CJK font family to use for Chinese text ("Noto Sans CJK SC" with fonts-noto-cjk), or an empty string
// when none is installed. Needs canRenderPdfText().
QString cjkFontFamily();

// Draws `pageCount` pages by calling `painter` once per page, in order.
PdfRenderResult renderPdfPages(const PdfPageSetup &setup, int pageCount, const PdfPagePainter &painter);

// Lays `document` out on the pages of `setup` (QTextDocument::print) and returns the PDF.
PdfRenderResult renderPdfDocument(const QTextDocument &document, const PdfPageSetup &setup);

// The document printer's self-test page: Chinese and Latin text, a 10 mm ruler and a frame at the margins, so a
// technician sees font, scale and alignment at a glance. No personal data. Without a QGuiApplication it falls back
// to a small fixed PDF with Latin text only.
PdfRenderResult renderSelfTestPage(const QString &queue, const QDateTime &when);

// The fallback self-test page: one A4 page, a frame and one line of Latin text in the PDF base font Helvetica,
// written byte by byte (no fonts needed, so it works in any process).
QByteArray plainSelfTestPdf(const QString &queue, const QDateTime &when);

// Counts the pages of a PDF written by QPdfWriter (its page objects are never compressed). Not a general PDF parser.
int countPdfPages(const QByteArray &pdf);

} // namespace kiosk::drivers
