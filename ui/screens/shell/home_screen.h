// Home screen: large tiles for the services (apply, progress, self-print, rate, help).
#pragma once

#include <QList>

#include "ui/screens/screen.h"

class QGridLayout;

namespace kiosk::ui {
class TileButton;
}

namespace kiosk::ui {

class HomeScreen : public Screen
{
    Q_OBJECT
public:
    explicit HomeScreen(const ScreenContext &ctx, QWidget *parent = nullptr);
    QString title() const override;
    QString voicePrompt() const override;
    void applyMetrics(const ThemeMetrics &metrics, bool landscape) override;

protected:
    void retranslateUi() override;

private:
    void relayout();

    QLabel *title_;
    QLabel *greeting_;
    QGridLayout *grid_;
    QList<TileButton *> tiles_;
    int iconPx_ = 72;
    int columns_ = 2;
    bool landscape_ = false;
};

} // namespace kiosk::ui
