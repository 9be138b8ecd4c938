// Out of service: a required device or part is missing; citizens are sent to the counter.
#pragma once

#include "ui/screens/screen.h"

namespace kiosk::ui {

class CounterPanel;
class IconView;

// Out of service: shown when a required part is unavailable; says so to citizens and gives staff the reason.
class OutOfServiceScreen : public Screen
{
    Q_OBJECT
public:
    explicit OutOfServiceScreen(const ScreenContext &ctx, QWidget *parent = nullptr);
    QString title() const override;
    QString voicePrompt() const override;
    bool showsFrameChrome() const override { return false; }
    void setReason(const QString &reasonForStaff);
    QString reason() const;
    void applyMetrics(const ThemeMetrics &metrics, bool landscape) override;

protected:
    void retranslateUi() override;

private:
    QLabel *title_;
    QLabel *body_;
    QLabel *staffCaption_;
    QLabel *reason_;
    IconView *picture_;
    CounterPanel *panel_;
};

} // namespace kiosk::ui
