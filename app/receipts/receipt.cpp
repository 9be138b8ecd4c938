// Receipt layout and printing.
#include "app/receipts/receipt.h"

#include <QLoggingCategory>
#include <QTimer>
#include <QUrl>
#include <QUrlQuery>

#include "drivers/receipt_printer/escpos_encoder.h"
#include "drivers/receipt_printer/receipt_printer.h"

Q_LOGGING_CATEGORY(lcReceipt, "kiosk.app.receipt")

namespace kiosk::app {

using drivers::escpos::Align;
using drivers::escpos::EscPosEncoder;

QDate addWorkingDays(const QDate &from, int days)
{
    QDate d = from;
    int left = days;
    while (left > 0) {
        d = d.addDays(1);
        if (d.dayOfWeek() <= 5)
            --left;
    }
    return d;
}

QString receiptQueryPayload(const QString &urlTemplate, const QString &localNo, const QString &queryCode)
{
    if (urlTemplate.isEmpty() || !urlTemplate.contains(QLatin1String("{no}")))
        return queryCode.isEmpty() ? localNo : localNo + QLatin1Char('/') + queryCode;
    QString out = urlTemplate;
    out.replace(QLatin1String("{no}"), localNo);
    if (queryCode.isEmpty())
        return out.remove(QLatin1String("{code}"));
    if (out.contains(QLatin1String("{code}")))
        return out.replace(QLatin1String("{code}"), queryCode);
    QUrl url(out);
    QUrlQuery q(url);
    q.addQueryItem(QStringLiteral("code"), queryCode);
    url.setQuery(q);
    return url.toString(QUrl::FullyEncoded);
}

QString ReceiptText::deliveryName(const QString &method)
{
    if (method == QLatin1String("pickup"))
        return tr("窗口领取");
    if (method == QLatin1String("mail"))
        return tr("邮寄送达");
    if (method == QLatin1String("self_print"))
        return tr("自助终端打印");
    if (method == QLatin1String("online"))
        return tr("网上送达（电子证照）");
    return method;
}

QByteArray ReceiptText::escPos(const ReceiptData &d, QString *error)
{
    EscPosEncoder e;
    e.initialize().chineseMode(true);
    e.align(Align::Centre).bold(true).characterSize(2, 2).line(tr("受理回执")).characterSize(1, 1).bold(false);
    if (!d.centreName.isEmpty())
        e.line(EscPosEncoder::stripUnprintable(d.centreName));
    e.align(Align::Left).horizontalRule();
    e.line(tr("事项：%1").arg(EscPosEncoder::stripUnprintable(d.itemName)));
    e.line(tr("事项编码：%1").arg(d.itemCode));
    e.bold(true).line(tr("受理编号：%1").arg(d.localNo)).bold(false);
    if (!d.caseNo.isEmpty())
        e.line(tr("办件编号：%1").arg(d.caseNo));
    if (!d.queryCode.isEmpty())
        e.bold(true).line(tr("查询码：%1（查询进度和评价时需要，请妥善保管）").arg(d.queryCode)).bold(false);
    e.line(tr("申请时间：%1").arg(d.createdAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"))));
    e.line(tr("申请人：%1").arg(d.maskedName));
    if (!d.agentMaskedName.isEmpty())
        e.line(tr("代办人：%1").arg(d.agentMaskedName));
    if (d.promisedDays > 0)
        e.line(tr("承诺时限：%n 个工作日", nullptr, d.promisedDays));
    if (d.promisedDate.isValid())
        e.line(tr("预计办结：%1 前").arg(d.promisedDate.toString(Qt::ISODate)));
    e.line(tr("结果送达：%1").arg(d.delivery));
    if (!d.toleratedMaterials.isEmpty()) {
        e.horizontalRule();
        e.bold(true).line(tr("容缺受理，请在办结前补交：")).bold(false);
        for (const QString &m : d.toleratedMaterials)
            e.line(QStringLiteral("· ") + EscPosEncoder::stripUnprintable(m));
    }
    const QStringList feeLines = receiptFeeLines(d);
    if (!feeLines.isEmpty()) {
        e.horizontalRule();
        for (const QString &line : feeLines)
            e.line(line);
    }
    e.horizontalRule();
    if (d.queued)
        e.line(tr("状态：已受理，正在排队上报（联网后自动上报，无需再次办理）"));
    else
        e.line(tr("状态：已上报省政务服务平台"));
    if (!d.queryPayload.isEmpty()) {
        e.align(Align::Centre).qrCode(d.queryPayload.toUtf8(), 6);
        e.line(tr("扫码或凭受理编号和查询码查询办理进度"));
    }
    e.align(Align::Left).line(tr("咨询投诉：%1").arg(d.hotline));
    e.feedLines(3).cut();
    if (!e.ok()) {
        if (error)
            *error = e.error()->message;
        return {};
    }
    return e.bytes();
}

QStringList receiptFeeLines(const ReceiptData &d)
{
    auto yuan = [](qint64 fen) {
        return QStringLiteral("%1.%2").arg(fen / 100).arg(int(fen % 100), 2, 10, QLatin1Char('0'));
    };
    if (d.paidFen > 0)
        return {
            ReceiptText::tr("已缴费：%1 元").arg(yuan(d.paidFen)),
            ReceiptText::tr("缴费时间：%1").arg(d.paidAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"))),
            ReceiptText::tr("财政电子票据号：%1")
                .arg(d.invoiceNo.isEmpty() ? ReceiptText::tr("稍后可查") : d.invoiceNo)};
    if (d.feeDueFen <= 0)
        return {};
    if (d.queued || d.caseNo.isEmpty())
        return {ReceiptText::tr("应缴费用：%1 元").arg(yuan(d.feeDueFen)),
                ReceiptText::tr("受理后缴费：可通过粤省事或到窗口缴费，凭受理编号 %1 和查询码").arg(d.localNo)};
    return {ReceiptText::tr("待缴费用：%1 元").arg(yuan(d.feeDueFen)),
            ReceiptText::tr("稍后缴费：可通过粤省事或到窗口缴费，凭办件编号 %1 和查询码").arg(d.caseNo)};
}

QString toString(ReceiptProblem problem)
{
    switch (problem) {
    case ReceiptProblem::None: return QStringLiteral("none");
    case ReceiptProblem::NoPrinter: return QStringLiteral("no_printer");
    case ReceiptProblem::PaperOut: return QStringLiteral("paper_out");
    case ReceiptProblem::CoverOpen: return QStringLiteral("cover_open");
    case ReceiptProblem::PrinterFault: return QStringLiteral("printer_fault");
    }
    return QStringLiteral("none");
}

ReceiptService::ReceiptService(drivers::escpos::ReceiptPrinter *printer, QObject *parent)
    : QObject(parent), printer_(printer)
{
    qRegisterMetaType<ReceiptProblem>();
    if (printer_) {
        connect(printer_, &drivers::escpos::ReceiptPrinter::jobFinished, this,
                [this](quint64 id, drivers::escpos::PrintResult r) {
                    using drivers::escpos::PrintResult;
                    ReceiptProblem p = ReceiptProblem::PrinterFault;
                    switch (r) {
                    case PrintResult::Printed: p = ReceiptProblem::None; break;
                    case PrintResult::PaperOut: p = ReceiptProblem::PaperOut; break;
                    case PrintResult::CoverOpen: p = ReceiptProblem::CoverOpen; break;
                    case PrintResult::Disconnected: p = ReceiptProblem::NoPrinter; break;
                    default: break;
                    }
                    qCInfo(lcReceipt) << "receipt job" << id << drivers::escpos::toString(r);
                    emit printed(id, p);
                });
    }
}

bool ReceiptService::available() const
{
    return printer_ && printer_->status().usable();
}

quint64 ReceiptService::print(const ReceiptData &data)
{
    QString why;
    const QByteArray bytes = ReceiptText::escPos(data, &why);
    if (!printer_ || bytes.isEmpty()) {
        if (!why.isEmpty())
            qCWarning(lcReceipt).noquote() << "receipt layout failed:" << why;
        const quint64 id = localIds_++;
        const ReceiptProblem p = printer_ ? ReceiptProblem::PrinterFault : ReceiptProblem::NoPrinter;
        QTimer::singleShot(0, this, [this, id, p] { emit printed(id, p); });
        return id;
    }
    return printer_->print(bytes);
}

} // namespace kiosk::app
