// A4 layouts (HTML for QTextDocument) and their rendering to PDF.
#include "app/receipts/a4_sheets.h"

#include <QFont>
#include <QImage>
#include <QPainter>
#include <QTextDocument>
#include <QUrl>

#include <qrencode.h>

#include "app/catalogue/service_item.h"
#include "app/receipts/receipt.h"
#include "drivers/document_printer/pdf_render.h"

namespace kiosk::app {

namespace {

QString esc(const QString &s)
{
    return s.toHtmlEscaped();
}

const char *kStyle = "<style>"
                     "body { font-size: 10.5pt; }"
                     "h1 { font-size: 17pt; text-align: center; margin-bottom: 2pt; }"
                     "h2 { font-size: 12.5pt; margin-top: 10pt; margin-bottom: 3pt; }"
                     "p.sub { text-align: center; font-size: 10pt; margin-top: 0; }"
                     "td, th { padding: 3pt; font-size: 10pt; vertical-align: top; }"
                     "th { background-color: #e8e8e8; font-weight: bold; }"
                     "p.foot { font-size: 9pt; color: #333333; }"
                     "</style>";

QString facts(const QList<std::pair<QString, QString>> &rows)
{
    QString out = QStringLiteral("<table width=\"100%\" border=\"1\" cellspacing=\"0\" cellpadding=\"3\">");
    for (const auto &r : rows)
        out += QStringLiteral("<tr><th width=\"24%\" align=\"left\">%1</th><td>%2</td></tr>")
                   .arg(esc(r.first), esc(r.second));
    return out + QStringLiteral("</table>");
}

// `<img src="kiosk-qr:...">`: a QR code of the base64url text after the scheme, made with libqrencode when the
// document lays the image out (the HTML stays plain text: it is made on the GUI thread, the PDF on the printing
// thread). 8 px per module with the standard quiet zone of 4 modules; error correction M, as on the receipt.
class A4Document : public QTextDocument
{
protected:
    QVariant loadResource(int type, const QUrl &name) override
    {
        if (type != QTextDocument::ImageResource || name.scheme() != QLatin1String("kiosk-qr"))
            return QTextDocument::loadResource(type, name);
        const QByteArray data = QByteArray::fromBase64(name.path().toLatin1(), QByteArray::Base64UrlEncoding);
        QRcode *code = QRcode_encodeData(int(data.size()), reinterpret_cast<const unsigned char *>(data.constData()), 0,
                                         QR_ECLEVEL_M);
        if (!code)
            return {};
        constexpr int kModule = 8, kQuiet = 4;
        const int side = (code->width + 2 * kQuiet) * kModule;
        QImage image(side, side, QImage::Format_Grayscale8);
        image.fill(255);
        QPainter p(&image);
        for (int y = 0; y < code->width; ++y)
            for (int x = 0; x < code->width; ++x)
                if (code->data[y * code->width + x] & 1)
                    p.fillRect((x + kQuiet) * kModule, (y + kQuiet) * kModule, kModule, kModule, Qt::black);
        p.end();
        QRcode_free(code);
        return image;
    }
};

} // namespace

QString NotificationSheet::itemTypeName(const QString &type)
{
    if (type == QStringLiteral("行政许可"))
        return tr("行政许可");
    if (type == QStringLiteral("行政确认"))
        return tr("行政确认");
    if (type == QStringLiteral("行政给付"))
        return tr("行政给付");
    if (type == QStringLiteral("公共服务"))
        return tr("公共服务");
    if (type == QStringLiteral("其他"))
        return tr("其他");
    return type;
}

QString NotificationSheet::html(const ServiceItem &item, const QString &departmentName, const QString &language,
                                const QString &centreName, const QString &hotline, const QDateTime &printedAt)
{
    QString h = QStringLiteral("<html><head>") + QLatin1String(kStyle) + QStringLiteral("</head><body>");
    h += QStringLiteral("<h1>%1</h1>").arg(esc(tr("一次性告知单")));
    h += QStringLiteral("<p class=\"sub\">%1</p>").arg(esc(item.name.in(language)));

    QList<std::pair<QString, QString>> rows;
    rows.append({tr("事项名称"), item.name.in(language)});
    rows.append({tr("事项编码"), item.code});
    rows.append({tr("办理部门"), departmentName});
    if (!item.type.isEmpty())
        rows.append({tr("事项类型"), itemTypeName(item.type)});
    rows.append({tr("法定时限"), tr("%n 个工作日", nullptr, item.legalLimitDays)});
    rows.append({tr("承诺时限"),
                 item.promisedLimitDays == 0 ? tr("即办") : tr("%n 个工作日", nullptr, item.promisedLimitDays)});
    rows.append({tr("收费"), item.fee.isEmpty() ? tr("不收费") : item.fee});
    QStringList delivery;
    for (const QString &d : item.delivery)
        delivery << ReceiptText::deliveryName(d);
    rows.append({tr("结果领取方式"), delivery.join(tr("、"))});
    rows.append({tr("委托办理"),
                 item.agentAllowed ? tr("可委托他人代办（须提交授权委托书及双方身份证件）") : tr("须本人办理")});
    h += facts(rows);

    h += QStringLiteral("<h2>%1</h2>").arg(esc(tr("受理条件")));
    h += QStringLiteral("<p>%1</p>").arg(esc(item.conditions));

    h += QStringLiteral("<h2>%1</h2>").arg(esc(tr("需要准备的材料")));
    h += QStringLiteral("<table width=\"100%\" border=\"1\" cellspacing=\"0\" cellpadding=\"3\"><tr>"
                        "<th width=\"7%\">%1</th><th>%2</th><th width=\"28%\">%3</th><th width=\"20%\">%4</th></tr>")
             .arg(esc(tr("序号")), esc(tr("材料名称")), esc(tr("要求")), esc(tr("形式和份数")));
    int n = 0;
    for (const ItemMaterial &m : item.materials) {
        QString need;
        if (m.shared)
            need = tr("已通过数据共享获取，无需提交");
        else if (!m.required)
            need = tr("按需提供");
        else if (m.tolerable)
            need = tr("必须提交；可容缺受理，事后补交");
        else
            need = tr("必须提交");
        QString form;
        if (!m.shared) {
            const QString formName =
                m.form == QLatin1String("original")     ? QCoreApplication::translate("GuideScreen", "原件")
                : m.form == QLatin1String("copy")       ? QCoreApplication::translate("GuideScreen", "复印件")
                : m.form == QLatin1String("electronic") ? QCoreApplication::translate("GuideScreen", "电子件")
                                                        : m.form;
            form = tr("%1 %n 份", nullptr, m.copies).arg(formName);
        } else {
            form = QStringLiteral("—");
        }
        h += QStringLiteral("<tr><td align=\"center\">%1</td><td>%2</td><td>%3</td><td>%4</td></tr>")
                 .arg(++n)
                 .arg(esc(m.name.in(language)), esc(need), esc(form));
    }
    h += QStringLiteral("</table>");

    if (item.commitmentAllowed) {
        h += QStringLiteral("<h2>%1</h2>").arg(esc(tr("告知承诺")));
        h += QStringLiteral("<p>%1</p>")
                 .arg(esc(tr("本事项可实行告知承诺制：您签署承诺书后，部分证明材料可免于提交。")));
    }
    h += QStringLiteral("<h2>%1</h2>").arg(esc(tr("设定依据")));
    h += QStringLiteral("<p>%1</p>").arg(esc(item.basis));

    h += QStringLiteral("<h2>%1</h2>").arg(esc(tr("咨询方式")));
    h += QStringLiteral("<p>%1</p>").arg(esc(tr("政务服务便民热线：%1").arg(hotline)));
    if (!centreName.isEmpty())
        h += QStringLiteral("<p>%1</p>").arg(esc(tr("办理地点：%1（可在本中心自助终端或窗口办理）").arg(centreName)));
    h += QStringLiteral("<p class=\"foot\">%1</p>")
             .arg(esc(tr("本告知单一次性告知办理本事项所需的全部材料和要求；除上述材料外，不要求另行提交其他材料。"
                         "打印时间：%1")
                          .arg(printedAt.toString(QStringLiteral("yyyy-MM-dd HH:mm")))));
    h += QStringLiteral("</body></html>");
    return h;
}

// The words of the thermal receipt (same translation context), laid out for A4.
QString ReceiptText::a4Html(const ReceiptData &d)
{
    QString h = QStringLiteral("<html><head>") + QLatin1String(kStyle) + QStringLiteral("</head><body>");
    h += QStringLiteral("<h1>%1</h1>").arg(esc(tr("受理回执")));
    if (!d.centreName.isEmpty())
        h += QStringLiteral("<p class=\"sub\">%1</p>").arg(esc(d.centreName));
    QString body;
    QStringList lines{tr("事项：%1").arg(d.itemName), tr("事项编码：%1").arg(d.itemCode),
                      tr("受理编号：%1").arg(d.localNo)};
    if (!d.caseNo.isEmpty())
        lines << tr("办件编号：%1").arg(d.caseNo);
    if (!d.queryCode.isEmpty())
        lines << tr("查询码：%1（查询进度和评价时需要，请妥善保管）").arg(d.queryCode);
    lines << tr("申请时间：%1").arg(d.createdAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")));
    lines << tr("申请人：%1").arg(d.maskedName);
    if (!d.agentMaskedName.isEmpty())
        lines << tr("代办人：%1").arg(d.agentMaskedName);
    if (d.promisedDays > 0)
        lines << tr("承诺时限：%n 个工作日", nullptr, d.promisedDays);
    if (d.promisedDate.isValid())
        lines << tr("预计办结：%1 前").arg(d.promisedDate.toString(Qt::ISODate));
    lines << tr("结果送达：%1").arg(d.delivery);
    lines << receiptFeeLines(d); // paid, or what is due and how to pay later: the same lines as the thermal receipt
    for (const QString &l : std::as_const(lines))
        body += QStringLiteral("<p>%1</p>").arg(esc(l));
    if (!d.toleratedMaterials.isEmpty()) {
        body += QStringLiteral("<h2>%1</h2><ul>").arg(esc(tr("容缺受理，请在办结前补交：")));
        for (const QString &m : d.toleratedMaterials)
            body += QStringLiteral("<li>%1</li>").arg(esc(m));
        body += QStringLiteral("</ul>");
    }
    body += QStringLiteral("<p><b>%1</b></p>")
                .arg(esc(d.queued ? tr("状态：已受理，正在排队上报（联网后自动上报，无需再次办理）")
                                  : tr("状态：已上报省政务服务平台")));
    if (d.queryPayload.isEmpty()) {
        body += QStringLiteral("<p>%1</p>").arg(esc(tr("凭受理编号和查询码查询办理进度")));
    } else {
        // About 32 mm square on the page: big enough for a phone held at arm's length.
        const QString src = QStringLiteral("kiosk-qr:") +
                            QString::fromLatin1(d.queryPayload.toUtf8().toBase64(QByteArray::Base64UrlEncoding));
        body += QStringLiteral("<table cellspacing=\"0\" cellpadding=\"0\"><tr><td><img src=\"%1\" width=\"120\" "
                               "height=\"120\"></td><td style=\"vertical-align: middle; padding-left: 8pt\">%2</td>"
                               "</tr></table>")
                    .arg(src, esc(tr("扫码或凭受理编号和查询码查询办理进度")));
    }
    body += QStringLiteral("<p>%1</p>").arg(esc(tr("咨询投诉：%1").arg(d.hotline)));
    h += body + QStringLiteral("</body></html>");
    return h;
}

A4Pdf renderA4Html(const QString &html, const QString &title)
{
    A4Pdf out;
    if (!drivers::canRenderPdfText()) {
        out.error = QStringLiteral("no QGuiApplication: fonts are not available");
        return out;
    }
    A4Document doc;
    const QString family = drivers::cjkFontFamily();
    if (family.isEmpty()) {
        out.error = QStringLiteral("no CJK font installed (fonts-noto-cjk)");
        return out;
    }
    QFont font(family);
    font.setPointSizeF(10.5);
    doc.setDefaultFont(font);
    doc.setHtml(html);
    drivers::PdfPageSetup setup;
    setup.title = title;
    setup.marginsMm = QMarginsF(18, 15, 18, 15);
    const drivers::PdfRenderResult r = drivers::renderPdfDocument(doc, setup);
    out.pdf = r.pdf;
    out.pageCount = r.pageCount;
    out.error = r.error;
    return out;
}

} // namespace kiosk::app
