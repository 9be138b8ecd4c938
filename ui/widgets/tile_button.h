// A large home-screen tile: a picture (optional, from the kiosk's icon set), a bold title and a smaller, wrapping
// hint, as one touch target.
#pragma once

#include <QPushButton>

class QBoxLayout;
class QLabel;

namespace kiosk::ui {
class IconView;
}

namespace kiosk::ui {

class TileButton : public QPushButton
{
    Q_OBJECT
public:
    explicit TileButton(QWidget *parent = nullptr);
    void setTexts(const QString &title, const QString &hint);
    // The picture above the title (resources/icons/<name>.svg), `px` square; empty name: none.
    void setIcon(const QString &name, int px);
    QString iconName() const;
    void setIconBeside(bool beside); // the picture left of the words instead of above them
    QString title() const;
    QString hint() const;
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;

private:
    QBoxLayout *lay_;
    IconView *icon_;
    QLabel *title_;
    QLabel *hint_;
};

} // namespace kiosk::ui
