// Shared behaviour of screens.
#include "ui/screens/screen.h"
#include "ui/widgets/wrap_button.h"

#include <QEvent>
#include <QLabel>
#include <QPushButton>

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
    l->setObjectName(QStringLiteral("screenTitle"));
    l->setWordWrap(true);
    return l;
}

QLabel *Screen::makeBodyLabel()
{
    auto *l = new QLabel(this);
    l->setObjectName(QStringLiteral("screenBody"));
    l->setWordWrap(true);
    l->setTextFormat(Qt::PlainText);
    return l;
}

QPushButton *Screen::makeButton(const char *objectName, const QString &role)
{
    auto *b = new WrapButton(this);
    b->setObjectName(QString::fromLatin1(objectName));
    if (!role.isEmpty())
        b->setProperty("role", role);
    b->setFocusPolicy(Qt::NoFocus);
    return b;
}

} // namespace kiosk::ui
