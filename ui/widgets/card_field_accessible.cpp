// A read-only accessible interface for the card's fields.
#include "ui/widgets/card_field_accessible.h"

#include <QAccessible>
#include <QAccessibleWidget>
#include <QLineEdit>

namespace kiosk::ui {

namespace {

class CardFieldAccessible : public QAccessibleWidget
{
public:
    explicit CardFieldAccessible(QLineEdit *edit) : QAccessibleWidget(edit, QAccessible::EditableText) {}

    QAccessible::State state() const override
    {
        QAccessible::State s = QAccessibleWidget::state();
        s.readOnly = true;
        s.editable = false;
        s.focusable = false;
        return s;
    }

    QString text(QAccessible::Text t) const override
    {
        auto *edit = static_cast<QLineEdit *>(widget());
        if (t == QAccessible::Value)
            return edit->text();
        if (t == QAccessible::Name && edit->accessibleName().isEmpty())
            return edit->placeholderText();
        return QAccessibleWidget::text(t);
    }
};

QAccessibleInterface *cardFieldFactory(const QString &className, QObject *object)
{
    if (className != QLatin1String("QLineEdit") || !object || !object->property("fromCard").toBool())
        return nullptr;
    auto *edit = qobject_cast<QLineEdit *>(object);
    return edit ? new CardFieldAccessible(edit) : nullptr;
}

} // namespace

void installCardFieldAccessibility()
{
    static const bool installed = [] {
        QAccessible::installFactory(cardFieldFactory);
        return true;
    }();
    Q_UNUSED(installed);
}

void markCardField(QLineEdit *edit)
{
    installCardFieldAccessibility();
    edit->setReadOnly(true);
    edit->setProperty("fromCard", true);
    // Qt may have made (and cached) the ordinary line-edit interface already, e.g. when the widget was created.
    QAccessibleInterface *iface = QAccessible::queryAccessibleInterface(edit);
    if (iface && !dynamic_cast<CardFieldAccessible *>(iface)) {
        QAccessible::deleteAccessibleInterface(QAccessible::uniqueId(iface));
        QAccessible::queryAccessibleInterface(edit); // the card field's, from the factory
    }
}

} // namespace kiosk::ui
