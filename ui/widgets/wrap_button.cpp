// WrapButton: the style draws the button as usual, given the text already broken into lines for the width it has.
#include "ui/widgets/wrap_button.h"

#include <QRegularExpression>
#include <QStyleOptionButton>
#include <QStylePainter>
#include <QTextLayout>

#include <algorithm>

namespace kiosk::ui {

WrapButton::WrapButton(QWidget *parent) : QPushButton(parent)
{
    // QPushButton's (Minimum, Fixed) makes its one-line width a minimum and its height fixed: here the width may
    // shrink to minimumSizeHint() and the height follows heightForWidth().
    QSizePolicy p(QSizePolicy::Preferred, QSizePolicy::Minimum, QSizePolicy::PushButton);
    p.setHeightForWidth(true);
    setSizePolicy(p);
}

QSize WrapButton::chrome() const
{
    QStyleOptionButton opt;
    initStyleOption(&opt);
    return style()->sizeFromContents(QStyle::CT_PushButton, &opt, QSize(0, 0), this);
}

QString WrapButton::wrappedText(int textWidth) const
{
    const QString source = text();
    if (source.isEmpty() || textWidth <= 0 || fontMetrics().horizontalAdvance(source) <= textWidth)
        return source;
    QStringList lines;
    for (const QString &paragraph : source.split(QLatin1Char('\n'))) {
        QTextLayout layout(paragraph, font());
        QTextOption option;
        option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
        layout.setTextOption(option);
        layout.beginLayout();
        for (QTextLine line = layout.createLine(); line.isValid(); line = layout.createLine()) {
            line.setLineWidth(textWidth);
            lines << paragraph.mid(line.textStart(), line.textLength()).trimmed();
        }
        layout.endLayout();
    }
    return lines.join(QLatin1Char('\n'));
}

QSize WrapButton::minimumSizeHint() const
{
    int longestWord = 0;
    for (const QString &word : text().split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts))
        longestWord = std::max(longestWord, fontMetrics().horizontalAdvance(word));
    // A word longer than this still breaks (anywhere), so one long word cannot widen the screen either.
    longestWord = std::min(longestWord, fontMetrics().averageCharWidth() * 12);
    return QSize(chrome().width() + longestWord, QPushButton::minimumSizeHint().height());
}

int WrapButton::heightForWidth(int width) const
{
    const QSize around = chrome();
    const QString lines = wrappedText(width - around.width());
    const int textHeight = fontMetrics().lineSpacing() * (int(lines.count(QLatin1Char('\n'))) + 1);
    QStyleOptionButton opt;
    initStyleOption(&opt);
    const int h = style()->sizeFromContents(QStyle::CT_PushButton, &opt, QSize(0, textHeight), this).height();
    return std::max(h, QPushButton::sizeHint().height());
}

void WrapButton::paintEvent(QPaintEvent *)
{
    QStylePainter p(this);
    QStyleOptionButton opt;
    initStyleOption(&opt);
    opt.text = wrappedText(width() - chrome().width());
    p.drawControl(QStyle::CE_PushButton, opt);
}

} // namespace kiosk::ui
