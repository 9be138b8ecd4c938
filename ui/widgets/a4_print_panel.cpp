// A4 print button with its status line.
#include "ui/widgets/a4_print_panel.h"

#include <QEvent>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include "app/application/peripherals.h"

namespace kiosk::ui {

A4PrintPanel::A4PrintPanel(app::DocumentPrintService *a4, const char *name, const QString &jobTitle, QWidget *parent)
    : QWidget(parent), a4_(a4), jobTitle_(jobTitle)
{
    auto *lay = new QVBoxLayout(this);
    lay->setContentsMargins(0, 0, 0, 0);
    lay->setSpacing(8);
    button_ = new QPushButton(this);
    button_->setObjectName(QString::fromLatin1(name));
    button_->setProperty("role", QStringLiteral("secondary"));
    button_->setFocusPolicy(Qt::NoFocus);
    status_ = new QLabel(this);
    status_->setObjectName(QString::fromLatin1(name) + QStringLiteral("Status"));
    status_->setProperty("role", QStringLiteral("status"));
    status_->setWordWrap(true);
    status_->setTextFormat(Qt::PlainText);
    status_->hide();
    lay->addWidget(button_);
    lay->addWidget(status_);
    connect(button_, &QPushButton::clicked, this, &A4PrintPanel::print);
    if (a4_) {
        connect(a4_, &app::DocumentPrintService::finished, this, [this](quint64 ticket, app::A4Problem p) {
            if (ticket != ticket_ || state_ != State::Printing)
                return;
            state_ = p == app::A4Problem::None        ? State::Printed
                     : p == app::A4Problem::NoPrinter ? State::NoPrinter
                                                      : State::Failed;
            updateStatus();
        });
    }
    setVisible(a4_ != nullptr);
}

void A4PrintPanel::setLabel(std::function<QString()> text)
{
    label_ = std::move(text);
    updateStatus();
}

QString A4PrintPanel::statusText() const
{
    return status_->text();
}

void A4PrintPanel::print()
{
    if (!a4_ || !html_ || state_ == State::Printing)
        return;
    state_ = State::Printing;
    ticket_ = a4_->printDocument(html_(), jobTitle_);
    updateStatus();
}

void A4PrintPanel::updateStatus()
{
    if (label_) {
        button_->setText(label_());
        button_->setAccessibleName(button_->text());
    }
    button_->setEnabled(state_ != State::Printing);
    status_->setVisible(state_ != State::Idle);
    switch (state_) {
    case State::Idle: status_->clear(); break;
    case State::Printing: status_->setText(tr("正在打印A4文件，请稍候……")); break;
    case State::Printed: status_->setText(tr("已打印，请从A4出纸口取走。")); break;
    case State::NoPrinter: status_->setText(tr("本机的A4打印机暂不可用，请到人工窗口索取。")); break;
    case State::Failed: status_->setText(tr("A4打印没有成功，可以再试一次，或请工作人员帮助。")); break;
    }
}

void A4PrintPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        updateStatus();
    QWidget::changeEvent(event);
}

} // namespace kiosk::ui
