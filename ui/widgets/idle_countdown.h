// The "are you still there?" overlay: a visible countdown before the visit is wiped, with "continue" and "end".
#pragma once

#include <QWidget>

class QLabel;
class QPushButton;

namespace kiosk::ui {

class IdleCountdown : public QWidget
{
    Q_OBJECT
public:
    explicit IdleCountdown(QWidget *parent);
    void showWithSeconds(int seconds);
    void setSeconds(int seconds);
    int seconds() const { return seconds_; }
    QString message() const;

signals:
    void continueRequested();
    void endRequested();

protected:
    void changeEvent(QEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void retranslateUi();
    void fitParent();

    QLabel *question_;
    QLabel *number_;
    QLabel *explain_;
    QPushButton *continue_;
    QPushButton *end_;
    int seconds_ = 0;
};

} // namespace kiosk::ui
