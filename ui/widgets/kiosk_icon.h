// The kiosk's own icon set (resources/icons/*.svg, drawn for this project in one line style: 48 px grid, 3 px round
// stroke). Each icon is drawn in one colour, given when it is rendered, so icons follow the theme: the text colour of
// the widget they sit on (white on the accent tile, yellow on black in high contrast).
#pragma once

#include <QColor>
#include <QIcon>
#include <QPixmap>
#include <QString>
#include <QWidget>

class QAbstractButton;

namespace kiosk::ui {

// True if resources/icons holds `name`.svg.
bool hasKioskIcon(const QString &name);
// `name` drawn `px` device-independent pixels square in `color` (at device pixel ratio `dpr`); null if unknown.
QPixmap kioskIconPixmap(const QString &name, int px, const QColor &color, qreal dpr = 1.0);
// The same as a QIcon for a button: drawn in `color` at whatever size the button asks for.
QIcon kioskIcon(const QString &name, const QColor &color);

// Gives `button` the icon `name`, before its text, in the button's text colour and sized to its font; redrawn when
// the theme changes the button's palette or font (care mode, high contrast). Empty `name` removes it.
void setButtonIcon(QAbstractButton *button, const QString &name);

// A decorative picture of one icon in the widget's text colour (style sheet `color`), centred in the widget, scaled to
// the smaller side. Not announced by screen readers: the text beside it says the same.
class IconView : public QWidget
{
    Q_OBJECT
public:
    explicit IconView(const QString &name = {}, QWidget *parent = nullptr);
    void setIconName(const QString &name);
    QString iconName() const { return name_; }
    void setIconPx(int px); // the size it asks the layout for (square)
    QSize sizeHint() const override { return {px_, px_}; }
    QSize minimumSizeHint() const override { return {px_, px_}; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QString name_;
    int px_ = 64;
};

} // namespace kiosk::ui
