// The labels inside ignore the mouse so the whole tile is one button.
#include "ui/widgets/tile_button.h"

#include <QLabel>
#include <QVBoxLayout>

#include "ui/widgets/kiosk_icon.h"

namespace kiosk::ui {

TileButton::TileButton(QWidget *parent) : QPushButton(parent)
{
    setProperty("role", QStringLiteral("tile"));
    setFocusPolicy(Qt::NoFocus);
    QSizePolicy policy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
    // The picture above the words, or beside them (setIconBeside: care mode's one tile per row has width to spare and
    // no height).
    lay_ = new QBoxLayout(QBoxLayout::TopToBottom, this);
    lay_->setContentsMargins(16, 8, 16, 8);
    lay_->setSpacing(8);
    auto *words = new QVBoxLayout;
    words->setSpacing(8);
    icon_ = new IconView({}, this);
    icon_->setObjectName(QStringLiteral("tileIcon"));
    icon_->hide();
    title_ = new QLabel(this);
    title_->setTextFormat(Qt::PlainText);
    title_->setObjectName(QStringLiteral("tileTitle"));
    hint_ = new QLabel(this);
    hint_->setTextFormat(Qt::PlainText);
    hint_->setProperty("role", QStringLiteral("tileHint"));
    for (QLabel *l : {title_, hint_}) {
        l->setAlignment(Qt::AlignCenter);
        l->setWordWrap(true);
        l->setAttribute(Qt::WA_TransparentForMouseEvents);
    }
    words->addWidget(title_);
    words->addWidget(hint_);
    lay_->addStretch(1);
    lay_->addWidget(icon_, 0, Qt::AlignCenter);
    lay_->addLayout(words);
    lay_->addStretch(1);
}

void TileButton::setIconBeside(bool beside)
{
    lay_->setDirection(beside ? QBoxLayout::LeftToRight : QBoxLayout::TopToBottom);
    lay_->setSpacing(beside ? 24 : 8);
}

void TileButton::setTexts(const QString &title, const QString &hint)
{
    title_->setText(title);
    hint_->setText(hint);
    setAccessibleName(title);
    setAccessibleDescription(hint);
}

void TileButton::setIcon(const QString &name, int px)
{
    icon_->setIconName(name);
    icon_->setIconPx(px);
    icon_->setVisible(!name.isEmpty() && hasKioskIcon(name));
}

QString TileButton::iconName() const
{
    return icon_->isVisibleTo(this) ? icon_->iconName() : QString();
}

QString TileButton::title() const
{
    return title_->text();
}

QString TileButton::hint() const
{
    return hint_->text();
}

QSize TileButton::sizeHint() const
{
    return layout()->sizeHint();
}

QSize TileButton::minimumSizeHint() const
{
    return layout()->minimumSize();
}

// The hint wraps: a narrow tile needs more height, and the grid must know it so no line is cut off.
int TileButton::heightForWidth(int width) const
{
    return layout()->totalHeightForWidth(width);
}

} // namespace kiosk::ui
