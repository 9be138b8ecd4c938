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

} // namespace kiosk::queue
