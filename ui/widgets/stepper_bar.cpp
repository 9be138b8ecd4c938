// StepperBar: a grid of (circle, name) pairs; the line joining the circles of a row is painted behind them.
#include "ui/widgets/stepper_bar.h"

#include <QEvent>
#include <QGridLayout>
#include <QLabel>
#include <QPainter>
#include <QStyle>

namespace kiosk::ui {

StepperBar::StepperBar(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("stepper"));
    grid_ = new QGridLayout(this);
    grid_->setContentsMargins(0, 4, 0, 4);
    grid_->setHorizontalSpacing(8);
    grid_->setVerticalSpacing(6);
}

void StepperBar::setSteps(const QStringList &names, int current)
{
    if (names == names_ && current == current_)
        return;
    names_ = names;
    current_ = current;
    rebuild();
}

void StepperBar::setMaxColumns(int columns)
{
    if (columns == maxColumns_)
        return;
    maxColumns_ = columns;
    rebuild();
}

void StepperBar::rebuild()
{
    // The circles and names are made once per step count and then only given new texts and states: a language
    // switch or the next step never deletes widgets a screen reader may be looking at.
    const int n = int(names_.size());
    const int cols = maxColumns_ > 0 && maxColumns_ < n ? maxColumns_ : n;
    while (dots_.size() > n) {
        delete dots_.takeLast();
        delete labels_.takeLast();
    }
    while (dots_.size() < n) {
        auto *dot = new QLabel(this);
        dot->setObjectName(QStringLiteral("stepDot"));
        dot->setAlignment(Qt::AlignCenter);
        dot->setTextFormat(Qt::PlainText);
        auto *name = new QLabel(this);
        name->setObjectName(QStringLiteral("stepName"));
        name->setAlignment(Qt::AlignHCenter | Qt::AlignTop);
        name->setWordWrap(true);
        name->setTextFormat(Qt::PlainText);
        dots_ << dot;
        labels_ << name;
    }
    for (int i = 0; i < n; ++i) {
        const QString state = i < current_    ? QStringLiteral("done")
                              : i == current_ ? QStringLiteral("current")
                                              : QStringLiteral("left");
        QLabel *dot = dots_[i];
        QLabel *name = labels_[i];
        dot->setText(i < current_ ? QStringLiteral("\u2713") : QString::number(i + 1));
        name->setText(names_.at(i));
        for (QLabel *l : {dot, name}) {
            if (l->property("stepState").toString() != state) {
                l->setProperty("stepState", state);
                l->style()->unpolish(l); // the style sheet's [stepState=...] rules apply anew
                l->style()->polish(l);
            }
        }
        grid_->removeWidget(dot);
        grid_->removeWidget(name);
        const int row = (i / cols) * 2;
        grid_->addWidget(dot, row, i % cols, Qt::AlignHCenter);
        grid_->addWidget(name, row + 1, i % cols);
    }
    for (int c = 0; c < grid_->columnCount(); ++c)
        grid_->setColumnStretch(c, c < cols ? 1 : 0);
    retranslate();
    update();
}

void StepperBar::retranslate()
{
    for (int i = 0; i < labels_.size(); ++i) {
        const QString state = i < current_ ? tr("已完成") : i == current_ ? tr("当前步骤") : tr("未开始");
        dots_[i]->setAccessibleName(state + QStringLiteral("：") + names_.at(i)); // the label beside says the name
    }
    if (current_ >= 0 && current_ < names_.size())
        setAccessibleName(tr("第 %1 步，共 %2 步：%3").arg(current_ + 1).arg(names_.size()).arg(names_.at(current_)));
}

void StepperBar::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate(); // the names themselves are set again by the screen
    QWidget::changeEvent(event);
}

void StepperBar::paintEvent(QPaintEvent *)
{
    // The line through each row's circles, behind them: where the visit has come from and where it goes.
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    for (int i = 0; i + 1 < dots_.size(); ++i) {
        QLabel *a = dots_[i];
        QLabel *b = dots_[i + 1];
        if (a->y() != b->y())
            continue; // the next row
        QPen pen(palette().color(QPalette::WindowText), i < current_ ? 6 : 3);
        if (i >= current_)
            pen.setStyle(Qt::DashLine);
        p.setPen(pen);
        const int y = a->geometry().center().y();
        p.drawLine(a->geometry().right() + 6, y, b->geometry().left() - 6, y);
    }
}

} // namespace kiosk::ui
