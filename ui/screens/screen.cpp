// Shared behaviour of screens.
#include "ui/screens/screen.h"

#include <QEvent>
#include <QLabel>
#include <QPushButton>

#include "app/session/kiosk_session.h"
#include "ui/widgets/wrap_button.h"

namespace kiosk::ui {

Screen::Screen(const QString &id, const ScreenContext &ctx, QWidget *parent) : QWidget(parent), id_(id), ctx_(ctx)
{
    setObjectName(id);
}

void Screen::applyMetrics(const ThemeMetrics &metrics, bool landscape)
{
    Q_UNUSED(metrics);
    Q_UNUSED(landscape);
}

void Screen::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
        setAccessibleName(title());
    }
    QWidget::changeEvent(event);
}

void Screen::finishSetup()
{
    retranslateUi();
    setAccessibleName(title());
}

QLabel *Screen::makeTitleLabel()
{
    auto *l = new QLabel(this);
    l->setTextFormat(Qt::PlainText);
    l->setObjectName(QStringLiteral("screenTitle"));
    l->setWordWrap(true);
    return l;
}

QLabel *makeBodyLabel(QWidget *parent)
{
    auto *l = new QLabel(parent);
    l->setObjectName(QStringLiteral("screenBody"));
    l->setWordWrap(true);
    l->setTextFormat(Qt::PlainText);
    return l;
}

QPushButton *makeKioskButton(QWidget *parent, const char *objectName, const QString &role)
{
    auto *b = new WrapButton(parent);
    b->setObjectName(QString::fromLatin1(objectName));
    if (!role.isEmpty())
        b->setProperty("role", role);
    b->setFocusPolicy(Qt::NoFocus);
    return b;
}

QLabel *Screen::makeBodyLabel()
{
    return ui::makeBodyLabel(this);
}

QLabel *Screen::makeStatusLabel(const char *objectName)
{
    auto *l = new QLabel(this);
    l->setTextFormat(Qt::PlainText);
    l->setObjectName(QString::fromLatin1(objectName));
    l->setProperty("role", QStringLiteral("status"));
    l->setWordWrap(true);
    return l;
}

void Screen::setLabelText(QLabel *label, const QString &text)
{
    label->setText(text);
    label->setVisible(!text.isEmpty());
}

QString Screen::language() const
{
    return ctx_.session->language();
}

QPushButton *Screen::makeButton(const char *objectName, const QString &role)
{
    return makeKioskButton(this, objectName, role);
}

} // namespace kiosk::ui
