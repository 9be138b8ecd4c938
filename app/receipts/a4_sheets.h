// A4 sheets printed through CUPS: the item guide as the one-time notification sheet (一次性告知单: item, department,
// conditions, materials with required / 容缺 / copies, time limits, fees, delivery, basis, hotline), and the optional
// A4 acceptance notice (受理回执) after a submission (ReceiptText::a4Html, in receipt.h). The layout is HTML for
// QTextDocument, written in the current UI language on the GUI thread (cheap); turning it into a PDF (fonts,
// QPdfWriter) is slow and runs on the document printing service's own thread (DocumentPrintService::printDocument).
#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QDateTime>
#include <QString>

namespace kiosk::app {

struct ServiceItem;

class NotificationSheet
{
    Q_DECLARE_TR_FUNCTIONS(NotificationSheet)
public:
    // The sheet of `item` in `language` (zh_CN, zh_HK, en; the UI's translator must be that language's).
    static QString html(const ServiceItem &item, const QString &departmentName, const QString &language,
                        const QString &centreName, const QString &hotline, const QDateTime &printedAt);
    // The catalogue's item type (行政许可, 公共服务...) in the UI language.
    static QString itemTypeName(const QString &type);
};

struct A4Pdf {
    QByteArray pdf;
    int pageCount = 0;
    QString error; // empty on success
    bool ok() const { return error.isEmpty(); }
};

// Lays `html` out on A4 with the installed CJK font and returns the PDF, in memory (sheets may carry a masked name:
// never written to disk). Any thread, while a QGuiApplication exists. `title` is PDF metadata: never personal.
A4Pdf renderA4Html(const QString &html, const QString &title);

} // namespace kiosk::app
