// Dates, working days, masking and the hand-written PDF of the sandbox platform.
#include "offline_queue/sandbox/sandbox_util.h"

#include "common/pdf_file.h"

#include <QList>

namespace kiosk::sandbox {

QString rfc3339Utc(const QDateTime &when)
{
    return when.toUTC().toString(QStringLiteral("yyyy-MM-dd'T'HH:mm:ss'Z'"));
}

QDate shanghaiDate(const QDateTime &when)
{
    return when.toUTC().addSecs(8 * 3600).date();
}

QDate addWorkingDays(const QDate &from, int days)
{
    QDate d = from;
    while (days > 0) {
        d = d.addDays(1);
        if (d.dayOfWeek() <= 5)
            --days;
    }
    return d;
}

QString maskName(const QString &name)
{
    const QList<uint> cps = name.toUcs4();
    if (cps.isEmpty())
        return {};
    QString out = QString::fromUcs4(reinterpret_cast<const char32_t *>(cps.constData()), 1);
    out += QString(qMax<qsizetype>(1, cps.size() - 1), QLatin1Char('*'));
    return out;
}

QString maskIdNumber(const QString &id)
{
    if (id.size() <= 8)
        return QString(id.size(), QLatin1Char('*'));
    return id.left(4) + QString(id.size() - 8, QLatin1Char('*')) + id.right(4);
}

namespace {

QByteArray pdfString(const QString &text)
{
    QByteArray out = "(";
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (u == '(' || u == ')' || u == '\\') {
            out += '\\';
            out += char(u);
        } else if (u >= 0x20 && u < 0x7f) {
            out += char(u);
        } else {
            out += '?';
        }
    }
    out += ')';
    return out;
}

} // namespace

const QStringList &personIdTypes()
{
    static const QStringList types{QStringLiteral("resident"), QStringLiteral("hkmt_permit"),
                                   QStringLiteral("foreign_permanent"), QStringLiteral("foreign_permanent_2023"),
                                   QStringLiteral("qr")};
    return types;
}

const QStringList &personVerifiedBy()
{
    static const QStringList ways{QStringLiteral("card"), QStringLiteral("qr"), QStringLiteral("face"),
                                  QStringLiteral("staff")};
    return ways;
}

QByteArray minimalPdf(const QList<QStringList> &pages, const QString &title)
{
    // Objects: 1 catalog, 2 pages, 3 font, 4 info, then per page: the page and its content stream.
    const int n = int(pages.size());
    QList<QByteArray> objects;
    QByteArray kids;
    for (int i = 0; i < n; ++i)
        kids += QByteArray::number(5 + 2 * i) + " 0 R ";
    objects << "<< /Type /Catalog /Pages 2 0 R >>";
    objects << "<< /Type /Pages /Kids [" + kids.trimmed() + "] /Count " + QByteArray::number(n) + " >>";
    objects << "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>";
    objects << "<< /Title " + pdfString(title) + " /Producer (platform-sandbox) >>";
    for (int i = 0; i < n; ++i) {
        QByteArray content = "BT\n/F1 16 Tf\n72 770 Td\n20 TL\n";
        for (const QString &line : pages[i])
            content += pdfString(line) + " Tj T*\n";
        content += "ET\n";
        objects << "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
                   "/Contents " +
                       QByteArray::number(6 + 2 * i) + " 0 R >>";
        objects << "<< /Length " + QByteArray::number(content.size()) + " >>\nstream\n" + content + "endstream";
    }

    return common::pdfFile(objects, " /Info 4 0 R");
}

} // namespace kiosk::sandbox
