// An item's guide (一次性告知) before the application starts, with an A4 copy to take away.
#pragma once

#include "ui/screens/screen.h"

namespace kiosk::app {
struct ServiceItem;
} // namespace kiosk::app

namespace kiosk::ui {

class A4PrintPanel;

class GuideScreen : public Screen
{
    Q_OBJECT
public:
    explicit GuideScreen(const ScreenContext &ctx, QWidget *parent = nullptr);
    QString title() const override;
    QString voicePrompt() const override;
    QString itemCode() const { return code_; }

protected:
    void retranslateUi() override;

private:
    const app::ServiceItem *item() const;

    QString code_;
    QLabel *title_;
    QLabel *summary_;
    QLabel *body_;
    QPushButton *start_;
    A4PrintPanel *printSheet_; // the one-time notification sheet on A4
};

} // namespace kiosk::ui
