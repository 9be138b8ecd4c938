// Live face verification with guidance, a withdraw button until the decision, and the staff path after any
// result but a match.
#pragma once

#include <memory>

#include "ui/screens/screen.h"

class QLabel;
class QProgressBar;
class QPushButton;

namespace kiosk::app {
class FaceVerification;
enum class FaceGuidance;
} // namespace kiosk::app

namespace kiosk::ui {

class FaceScreen : public Screen
{
    Q_OBJECT
public:
    explicit FaceScreen(const ScreenContext &ctx, QWidget *parent = nullptr);
    ~FaceScreen() override;
    QString title() const override;
    QString voicePrompt() const override;
    QString statusText() const;

protected:
    void retranslateUi() override;

private:
    void start();
    void finishWith(bool matched);
    void showGuidance(app::FaceGuidance g);
    QLabel *title_;
    QLabel *instructions_;
    QLabel *status_;
    QProgressBar *progress_;
    QPushButton *withdraw_;
    QPushButton *continue_;
    std::unique_ptr<app::FaceVerification> verification_;
    bool done_ = false;
    bool matched_ = false;
    QString challenge_; // the movement asked for, shown instead of "hold still" until the attempt ends
};

} // namespace kiosk::ui
