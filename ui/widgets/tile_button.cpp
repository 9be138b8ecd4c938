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
    auto *lay = new QVBoxLayout(this);
    lay->setContentsMargins(16, 8, 16, 8);
    lay->setSpacing(8);
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
    lay->addStretch(1);
    lay->addWidget(icon_, 0, Qt::AlignHCenter);
    lay->addWidget(title_);
    lay->addWidget(hint_);
    lay->addStretch(1);
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
