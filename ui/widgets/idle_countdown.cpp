// Overlay covering its parent; stays sized to it.
#include "ui/widgets/idle_countdown.h"

#include <QEvent>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace kiosk::ui {

IdleCountdown::IdleCountdown(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("countdownShade"));
    setAttribute(Qt::WA_StyledBackground);
    auto *outer = new QVBoxLayout(this);
    auto *card = new QWidget(this);
    card->setObjectName(QStringLiteral("countdownCard"));
    card->setAttribute(Qt::WA_StyledBackground);
    card->setMaximumWidth(900);
    auto *lay = new QVBoxLayout(card);
    lay->setContentsMargins(48, 48, 48, 48);
    lay->setSpacing(28);
    question_ = new QLabel(card);
    question_->setTextFormat(Qt::PlainText);
    question_->setObjectName(QStringLiteral("screenTitle"));
    question_->setAlignment(Qt::AlignCenter);
    question_->setWordWrap(true);
    number_ = new QLabel(card);
    number_->setTextFormat(Qt::PlainText);
    number_->setObjectName(QStringLiteral("countdownNumber"));
    number_->setAlignment(Qt::AlignCenter);
    explain_ = new QLabel(card);
    explain_->setTextFormat(Qt::PlainText);
    explain_->setAlignment(Qt::AlignCenter);
    explain_->setWordWrap(true);
    continue_ = new QPushButton(card);
    continue_->setObjectName(QStringLiteral("continueButton"));
    continue_->setFocusPolicy(Qt::NoFocus);
    end_ = new QPushButton(card);
    end_->setObjectName(QStringLiteral("endButton"));
    end_->setProperty("role", QStringLiteral("secondary"));
    end_->setFocusPolicy(Qt::NoFocus);
    lay->addWidget(question_);
    lay->addWidget(number_);
    lay->addWidget(explain_);
    lay->addWidget(continue_);
    lay->addWidget(end_);
    outer->addStretch(1);
    outer->addWidget(card, 0, Qt::AlignHCenter);
    outer->addStretch(1);
    connect(continue_, &QPushButton::clicked, this, &IdleCountdown::continueRequested);
    connect(end_, &QPushButton::clicked, this, &IdleCountdown::endRequested);
    parent->installEventFilter(this);
    retranslateUi();
    hide();
}

void IdleCountdown::showWithSeconds(int seconds)
{
    setSeconds(seconds);
    fitParent();
    raise();
    show();
}

void IdleCountdown::setSeconds(int seconds)
{
    seconds_ = seconds;
    number_->setText(QString::number(seconds));
    explain_->setText(message());
}

QString IdleCountdown::message() const
{
    return tr("%n 秒后将自动退出，并清除您在本机填写的所有信息。", nullptr, seconds_);
}

void IdleCountdown::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

bool IdleCountdown::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == parent() && event->type() == QEvent::Resize)
        fitParent();
    return QWidget::eventFilter(watched, event);
}

void IdleCountdown::retranslateUi()
{
    question_->setText(tr("您还在吗？"));
    continue_->setText(tr("继续办理"));
    continue_->setAccessibleName(tr("继续办理"));
    end_->setText(tr("结束并退出"));
    end_->setAccessibleName(tr("结束并退出"));
    explain_->setText(message());
}

void IdleCountdown::fitParent()
{
    if (parentWidget())
        setGeometry(parentWidget()->rect());
}

} // namespace kiosk::ui
