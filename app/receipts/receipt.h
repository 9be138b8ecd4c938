// The citizen's receipt (受理回执) on the 80 mm thermal printer: centre, item, local number (and case number once
// the platform has it), time, promised time limit, the masked name, what is still owed under 容缺, the delivery
// choice, a QR code to query progress and the hotline. Layout is pure (ESC/POS bytes from data, no I/O); printing
// goes through the receipt printer device and reports a typed result, so a failed print can be shown and repeated.
#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QDate>
#include <QDateTime>
#include <QMetaType>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

namespace kiosk::drivers::escpos {
class ReceiptPrinter;
enum class PrintResult;
} // namespace kiosk::drivers::escpos

namespace kiosk::app {

// Holds no personal data in clear: the name is masked, numbers are the kiosk's and the platform's. The query code is
// the citizen's proof for looking the case up (platform-api.md): printed, kept in memory for the visit only.
struct ReceiptData {
    QString centreName;
    QString itemName;
    QString itemCode;
    QString localNo;
    QString caseNo;    // empty while queued
    QString queryCode; // 查询码: 8 digits, printed and in the QR code
    QDateTime createdAt;
    int promisedDays = 0;
    QDate promisedDate; // an estimate in working days (the platform's date once known)
    QString maskedName;
    QString agentMaskedName; // when an agent applied
    QStringList toleratedMaterials;
    QString delivery;     // already in the citizen's language
    QString queryPayload; // the QR code's content
    QString hotline;
    bool queued = true; // not yet acknowledged by the platform
    // Fees the item takes (platform-api.md Item `fees`, in fen); 0: nothing to pay.
    qint64 feeDueFen = 0;
    bool feePayableAtKiosk = false;
    qint64 paidFen = 0; // paid at this kiosk: the amount, the time and the e-invoice (财政电子票据) number
    QDateTime paidAt;
    QString invoiceNo;
};

// The fee lines of a receipt in the current UI language: paid (amount, time, e-invoice number), due after acceptance
// (queued: with the local number), or due now (pay later through 粤省事 or at a counter with the case number).
QStringList receiptFeeLines(const ReceiptData &data);

// The day `days` working days (Monday to Friday) after `from`. Public holidays are the platform's business: the
// receipt calls this an estimate.
QDate addWorkingDays(const QDate &from, int days);

// The QR code's content: the configured template with {no} replaced by the local number and {code} by the query code
// (a template without {code} gets a `code` query item), or without a template "<number>/<code>".
QString receiptQueryPayload(const QString &urlTemplate, const QString &localNo, const QString &queryCode);

class ReceiptText
{
    Q_DECLARE_TR_FUNCTIONS(ReceiptText)
public:
    // ESC/POS bytes of the receipt in the current UI language; empty with `error` when the data cannot be printed.
    static QByteArray escPos(const ReceiptData &data, QString *error = nullptr);
    // The same receipt as the optional A4 acceptance notice: HTML for renderA4Html (app/receipts/a4_sheets.h).
    static QString a4Html(const ReceiptData &data);
    // The delivery method as the citizen reads it.
    static QString deliveryName(const QString &method);
};

enum class ReceiptProblem {
    None,
    NoPrinter, // not configured or not connected
    PaperOut,
    CoverOpen,
    PrinterFault, // error, offline, unknown outcome
};
QString toString(ReceiptProblem problem);

class ReceiptService : public QObject
{
    Q_OBJECT
public:
    explicit ReceiptService(drivers::escpos::ReceiptPrinter *printer, QObject *parent = nullptr);

    bool available() const;
    // Prints; `printed` follows with the same id. 0 when nothing could be sent (then `printed` follows too).
    quint64 print(const ReceiptData &data);

signals:
    void printed(quint64 jobId, kiosk::app::ReceiptProblem problem);

private:
    QPointer<drivers::escpos::ReceiptPrinter> printer_;
    quint64 localIds_ = 1ull << 62; // ids for jobs that never reached the printer
};

} // namespace kiosk::app

Q_DECLARE_METATYPE(kiosk::app::ReceiptProblem)
