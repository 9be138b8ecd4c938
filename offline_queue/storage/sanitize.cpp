// Masking of personal data in error texts.
#include "offline_queue/storage/sanitize.h"

#include <QRegularExpression>

namespace kiosk::queue {

QString sanitizeErrorText(const QString &text)
{
    // ID card numbers (15/18 characters), phone numbers, bank cards: any long run of digits not part of a hex name.
    static const QRegularExpression digits(QStringLiteral("(?<![0-9A-Fa-f])[0-9]{10,}[Xx]?(?![0-9A-Fa-f])"));
    QString out = text;
    QRegularExpressionMatch m;
    qsizetype from = 0;
    while ((m = digits.match(out, from)).hasMatch()) {
        const QString run = m.captured(0);
        const QString masked = run.left(4) + QString(run.size() - 8, QLatin1Char('*')) + run.right(4);
        out.replace(m.capturedStart(0), m.capturedLength(0), masked);
        from = m.capturedStart(0) + masked.size();
    }
    out.replace(QLatin1Char('\n'), QLatin1Char(' '));
    if (out.size() > 500)
        out = out.left(497) + QStringLiteral("...");
    return out;
}

QString maskPersonalNumbers(const QString &text)
{
    // \d matches every Unicode decimal digit (full-width ０-９ too); separators are single, between digits.
    static const QRegularExpression run(
        QStringLiteral("(?<!\\d)\\d(?:[ \\-.\\x{3000}\\x{FF0D}]?\\d)*(?:[ \\-]?[XxＸｘ])?(?!\\d)"),
        QRegularExpression::UseUnicodePropertiesOption);
    QString out = text;
    QRegularExpressionMatchIterator it = run.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        const QString found = m.captured(0);
        int digits = 0;
        for (const QChar c : found)
            digits += c.isDigit() ? 1 : 0;
        if (digits < 7)
            continue;
        for (qsizetype i = 0; i < found.size(); ++i) {
            const QChar c = found.at(i);
            if (c.isDigit() || c == QLatin1Char('X') || c == QLatin1Char('x') || c == QChar(0xFF38) ||
                c == QChar(0xFF58))
                out[m.capturedStart(0) + i] = QLatin1Char('*');
        }
    }
    return out;
}

} // namespace kiosk::queue
