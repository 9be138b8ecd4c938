// Help: how to use the kiosk, and where staff and the hotline are.
#pragma once

#include "ui/screens/screen.h"

namespace kiosk::ui {

// Help: how to use the kiosk, the 12345 hotline and how to get staff help.
class HelpScreen : public Screen
{
    Q_OBJECT
public:
    explicit HelpScreen(const ScreenContext &ctx, QWidget *parent = nullptr);
    QString title() const override;
    QString voicePrompt() const override;

protected:
    void retranslateUi() override;

private:
    QLabel *title_;
    QLabel *steps_;
    QLabel *hotlineCaption_;
    QLabel *hotline_;
    QLabel *staff_;
};

} // namespace kiosk::ui
