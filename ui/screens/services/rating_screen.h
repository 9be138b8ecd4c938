// 好差评: the rating after every service, queued durably like a submission.
#pragma once

#include <QList>
#include <QString>

#include "ui/screens/screen.h"

class QLabel;
class QLineEdit;
class QPushButton;

namespace kiosk::ui {

class RatingScreen : public Screen
{
    Q_OBJECT
public:
    explicit RatingScreen(const ScreenContext &ctx, QWidget *parent = nullptr);
    QString title() const override;
    QString voicePrompt() const override;
    bool showsFrameChrome() const override { return false; }

protected:
    void retranslateUi() override;

private:
    void setScore(int score);
    void submit();
    QLabel *title_;
    QLabel *question_;
    QList<QPushButton *> scores_;
    QLabel *reasonsLabel_;
    QWidget *reasonsBox_;
    QList<QPushButton *> reasons_;
    QLabel *commentLabel_;
    QLineEdit *comment_;
    QLabel *status_;
    QPushButton *submit_;
    QPushButton *skip_;
    int score_ = 0;
    bool done_ = false;
};

} // namespace kiosk::ui
