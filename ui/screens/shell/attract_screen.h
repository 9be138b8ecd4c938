// Attract screen: what the kiosk offers, shown while nobody is using it; a touch anywhere starts a visit.
#pragma once

#include "ui/screens/screen.h"

class QLabel;

namespace kiosk::ui {

class AttractScreen : public Screen
{
    Q_OBJECT
public:
    explicit AttractScreen(const ScreenContext &ctx, QWidget *parent = nullptr);
    QString title() const override;
    QString voicePrompt() const override;
    bool showsFrameChrome() const override { return false; }

protected:
    void retranslateUi() override;
    void mousePressEvent(QMouseEvent *event) override;

private:
    QLabel *title_;
    QLabel *subtitle_;
    QLabel *services_;
    QPushButton *start_;
};

} // namespace kiosk::ui
