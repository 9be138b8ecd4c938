// A service not available on this kiosk yet.
#pragma once

#include "ui/screens/screen.h"

namespace kiosk::ui {

class CounterPanel;
class IconView;

// A service whose screens have not landed yet: says so plainly and points to the counter and the hotline.
class ComingSoonScreen : public Screen
{
    Q_OBJECT
public:
    ComingSoonScreen(const QString &serviceId, const ScreenContext &ctx, QWidget *parent = nullptr);
    QString title() const override;
    QString voicePrompt() const override;
    void applyMetrics(const ThemeMetrics &metrics, bool landscape) override;

protected:
    void retranslateUi() override;

private:
    QLabel *title_;
    QLabel *body_;
    QPushButton *home_;
    IconView *picture_;
    CounterPanel *panel_;
};

} // namespace kiosk::ui
