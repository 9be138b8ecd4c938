// A large home-screen tile: a bold title and a smaller, wrapping hint, as one touch target.
#pragma once

#include <QPushButton>

class QLabel;

namespace kiosk::ui {

class TileButton : public QPushButton
{
    Q_OBJECT
public:
    explicit TileButton(QWidget *parent = nullptr);
    void setTexts(const QString &title, const QString &hint);
    QString title() const;
    QString hint() const;
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;

private:
    QLabel *title_;
    QLabel *hint_;
};

} // namespace kiosk::ui
