// Renders pages to an in-memory PDF with QPdfWriter (see pdf_render.h).
#include "drivers/document_printer/pdf_render.h"

#include "common/pdf_file.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QLoggingCategory>
#include <QPainter>
#include <QPdfWriter>
#include <QRegularExpression>
#include <QTextDocument>

namespace kiosk::drivers {

Q_LOGGING_CATEGORY(lcPdfRender, "kiosk.drivers.document_printer.pdf")

namespace {

void configure(QPdfWriter &writer, const PdfPageSetup &setup)
{
    writer.setResolution(setup.resolutionDpi);
    writer.setPageLayout(QPageLayout(setup.pageSize, QPageLayout::Portrait, setup.marginsMm, QPageLayout::Millimeter));
    writer.setTitle(setup.title);
    writer.setCreator(setup.creator);
}

QString noGuiError()
{
    return QStringLiteral("drawing text needs a QGuiApplication (fonts); this process has none");
}

} // namespace

// A one-page A4 PDF with a frame and one line of Helvetica (common::pdfFile writes the xref table).
QByteArray plainSelfTestPdf(const QString &queue, const QDateTime &when)
{
    QByteArray text = QStringLiteral("Kiosk document printer self-test - queue %1 - %2")
                          .arg(queue, when.toString(Qt::ISODate))
                          .toLatin1();
    text.replace('\\', "\\\\").replace('(', "\\(").replace(')', "\\)");
    const QByteArray content = "0.5 w 42.5 42.5 510.2 756.9 re S\nBT /F1 14 Tf 56.7 770 Td (" + text + ") Tj ET\n";
    const QList<QByteArray> objects{
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] /Resources << /Font << /F1 4 0 R >> >> "
        "/Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        "<< /Length " + QByteArray::number(content.size()) + " >>\nstream\n" + content + "endstream",
    };
    return common::pdfFile(objects);
}

bool canRenderPdfText()
{
    return qobject_cast<QGuiApplication *>(QCoreApplication::instance()) != nullptr;
}

QString cjkFontFamily()
{
    if (!canRenderPdfText())
        return QString();
    const QStringList families = QFontDatabase::families();
    for (const char *name : {"Noto Sans CJK SC", "Noto Serif CJK SC", "Noto Sans CJK TC", "WenQuanYi Zen Hei"}) {
        if (families.contains(QLatin1String(name)))
            return QLatin1String(name);
    }
    return QString();
}

namespace {

// Runs `paint` on a QPdfWriter configured for `setup` and writing into the result's bytes; `paint` answers an error
// text (the bytes are then dropped) or nothing.
PdfRenderResult writePdf(const PdfPageSetup &setup, const std::function<QString(QPdfWriter &)> &paint)
{
    PdfRenderResult result;
    if (!canRenderPdfText()) {
        result.error = noGuiError();
        return result;
    }
    QBuffer buffer(&result.pdf);
    buffer.open(QIODevice::WriteOnly);
    {
        QPdfWriter writer(&buffer);
        configure(writer, setup);
        result.error = paint(writer);
    }
    if (!result.error.isEmpty())
        result.pdf.clear();
    return result;
}

} // namespace

PdfRenderResult renderPdfPages(const PdfPageSetup &setup, int pageCount, const PdfPagePainter &pagePainter)
{
    if (pageCount < 1) {
        PdfRenderResult result;
        result.error = QStringLiteral("a PDF needs at least one page");
        return result;
    }
    PdfRenderResult result = writePdf(setup, [&](QPdfWriter &writer) {
        QPainter painter;
        if (!painter.begin(&writer))
            return QStringLiteral("could not start painting the PDF");
        const QPageLayout layout = writer.pageLayout();
        PdfPageContext ctx;
        ctx.pageCount = pageCount;
        ctx.printable = QRectF(layout.paintRectPixels(setup.resolutionDpi));
        ctx.printable.moveTopLeft(QPointF(0, 0)); // QPdfWriter's painter origin is the top-left of the paint rect
        ctx.dotsPerMm = setup.resolutionDpi / 25.4;
        for (int i = 0; i < pageCount; ++i) {
            if (i > 0)
                writer.newPage();
            ctx.pageIndex = i;
            painter.save();
            pagePainter(painter, ctx);
            painter.restore();
        }
        painter.end();
        return QString();
    });
    if (!result.error.isEmpty())
        return result;
    result.pageCount = pageCount;
    qCDebug(lcPdfRender) << "rendered" << pageCount << "pages," << result.pdf.size() << "bytes";
    return result;
}

PdfRenderResult renderPdfDocument(const QTextDocument &document, const PdfPageSetup &setup)
{
    PdfRenderResult result = writePdf(setup, [&](QPdfWriter &writer) {
        document.print(&writer);
        return QString();
    });
    if (!result.error.isEmpty())
        return result;
    result.pageCount = countPdfPages(result.pdf);
    if (result.pageCount < 1) {
        result.error = QStringLiteral("the document produced no pages");
        result.pdf.clear();
    }
    return result;
}

PdfRenderResult renderSelfTestPage(const QString &queue, const QDateTime &when)
{
    if (!canRenderPdfText()) {
        PdfRenderResult result;
        result.pdf = plainSelfTestPdf(queue, when);
        result.pageCount = 1;
        return result;
    }
    PdfPageSetup setup;
    setup.title = QStringLiteral("Kiosk printer self-test");
    const QString family = cjkFontFamily();
    return renderPdfPages(setup, 1, [&](QPainter &p, const PdfPageContext &page) {
        const QRectF r = page.printable;
        const qreal mm = page.dotsPerMm;
        p.setPen(QPen(Qt::black, 0.3 * mm));
        p.drawRect(r);

        QFont title(family.isEmpty() ? QStringLiteral("Sans") : family);
        title.setPointSizeF(20);
        title.setBold(true);
        p.setFont(title);
        const QRectF titleBox(r.left() + 10 * mm, r.top() + 10 * mm, r.width() - 20 * mm, 15 * mm);
        p.drawText(titleBox, Qt::AlignLeft | Qt::AlignVCenter, QStringLiteral("打印机自检页  Printer self-test"));

        QFont body = title;
        body.setBold(false);
        body.setPointSizeF(12);
        p.setFont(body);
        const QStringList lines{
            QStringLiteral("广东省政务服务自助终端 · Guangdong government service kiosk"),
            QStringLiteral("打印队列 Queue: %1").arg(queue),
            QStringLiteral("时间 Time: %1").arg(when.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))),
            QStringLiteral("简体：一次性告知单  繁體：一次性告知單  数字 0123456789"),
            QStringLiteral("下方标尺每格 10 毫米 / The ruler below has 10 mm steps."),
        };
        qreal y = titleBox.bottom() + 8 * mm;
        for (const QString &line : lines) {
            p.drawText(QRectF(r.left() + 10 * mm, y, r.width() - 20 * mm, 8 * mm), Qt::AlignLeft | Qt::AlignVCenter,
                       line);
            y += 10 * mm;
        }

        // A 150 mm ruler: a technician checks it with a real ruler to see that nothing was scaled to fit.
        const qreal x0 = r.left() + 10 * mm;
        const qreal ry = y + 10 * mm;
        p.drawLine(QPointF(x0, ry), QPointF(x0 + 150 * mm, ry));
        for (int i = 0; i <= 150; i += 5) {
            const qreal len = (i % 10 == 0) ? 5 * mm : 2.5 * mm;
            p.drawLine(QPointF(x0 + i * mm, ry), QPointF(x0 + i * mm, ry - len));
            if (i % 50 == 0) {
                p.drawText(QRectF(x0 + i * mm - 10 * mm, ry + 1 * mm, 20 * mm, 6 * mm), Qt::AlignCenter,
                           QString::number(i / 10) + QStringLiteral(" cm"));
            }
        }

        // Grey steps show whether the printer renders halftones.
        const qreal gy = ry + 15 * mm;
        for (int i = 0; i < 8; ++i)
            p.fillRect(QRectF(x0 + i * 18 * mm, gy, 18 * mm, 12 * mm), QColor::fromHsv(0, 0, 255 - i * 36));
    });
}

int countPdfPages(const QByteArray &pdf)
{
    static const QRegularExpression pageObject(QStringLiteral("/Type\\s*/Page(?![A-Za-z])"));
    int pages = 0;
    for (auto it = pageObject.globalMatch(QString::fromLatin1(pdf)); it.hasNext(); it.next())
        ++pages;
    return pages;
}

} // namespace kiosk::drivers
