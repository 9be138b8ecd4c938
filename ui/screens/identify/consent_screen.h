// The face step's separate consent (two equal choices; declining continues with identity checked by staff).
#pragma once

#include <memory>

#include "ui/screens/screen.h"

class QLabel;
class QPushButton;

namespace kiosk::ui {

class ConsentScreen : public Screen
{
    Q_OBJECT
public:
    explicit ConsentScreen(const ScreenContext &ctx, QWidget *parent = nullptr);
    QString title() const override;
    QString voicePrompt() const override;

protected:
    void retranslateUi() override;

private:
    QString itemName() const;
    void present();
    QLabel *title_;
    QLabel *text_;
    QLabel *note_;
    QPushButton *agree_;
    QPushButton *decline_;
};

} // namespace kiosk::ui
