// A push button whose text wraps onto more lines when the button is narrower than its text, as a label would: long
// labels (English in care mode, a long commitment sentence) then never push a screen wider than the panel or get cut
// off. It stays a QPushButton (text(), accessible name, style sheet states, checkable); only its size hints and the
// text it hands the style to draw change. Every screen's button comes from Screen::makeButton, which makes these.
#pragma once

#include <QPushButton>

namespace kiosk::ui {

class WrapButton : public QPushButton
{
    Q_OBJECT
public:
    explicit WrapButton(QWidget *parent = nullptr);

    // sizeHint() is QPushButton's: the text on one line.
    QSize minimumSizeHint() const override; // as narrow as the longest word allows
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;

    // The text broken into lines (joined by '\n') that fit `textWidth` pixels in this button's font.
    QString wrappedText(int textWidth) const;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QSize chrome() const; // the button's size around its text: padding, border, style margins
};

} // namespace kiosk::ui
