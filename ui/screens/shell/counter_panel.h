// "Please go to the counter": the calm, large part the out-of-service and not-available screens share (under their
// picture, title and words): the hotline as a big number with its caption, and a staff-help button that shows (and
// reads aloud) where the centre's staff are: kiosks have no call-staff service, so the citizen is told where to walk.
#pragma once

#include <QWidget>

class QLabel;
class QPushButton;

namespace kiosk::ui {

class IconView;

class CounterPanel : public QWidget
{
    Q_OBJECT
public:
    explicit CounterPanel(QWidget *parent);
    // Texts for the current language: the hotline number and where staff are (empty: the generic sentence).
    void retranslate(const QString &hotline, const QString &staffHelp);
    QString staffText() const;

signals:
    void speak(const QString &text); // the staff help, read aloud when the button is pressed

private:
    IconView *hotlineIcon_;
    QLabel *hotlineCaption_;
    QLabel *hotline_;
    QPushButton *staff_;
    QLabel *staffText_;
};

} // namespace kiosk::ui

namespace kiosk::ui {
// The big picture at the top of such a screen (resources/icons/<name>.svg), object name "counterPicture".
IconView *makeCounterPicture(const QString &name, QWidget *parent);
} // namespace kiosk::ui
