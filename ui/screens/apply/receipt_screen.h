// The receipt: the local number (the case number when the platform answers quickly), printing and reprinting.
#pragma once

#include "ui/screens/screen.h"

class QLabel;
class QPushButton;

namespace kiosk::ui {

class DeviceGuide;

class ReceiptScreen : public Screen
{
    Q_OBJECT
public:
    explicit ReceiptScreen(const ScreenContext &ctx, QWidget *parent = nullptr);
    QString title() const override;
    QString voicePrompt() const override;
    bool showsFrameChrome() const override { return false; } // the application is done: no "back" into it
    QString statusText() const;

protected:
    void retranslateUi() override;

private:
    void print();
    void offerPayment();
    void updateStatus();
    enum class PrintState { Waiting, Printing, Printed, Failed, NoPrinter };
    QLabel *title_;
    QLabel *number_;
    QLabel *details_;
    QLabel *status_;
    QPushButton *reprint_;
    QPushButton *rate_;
    QPushButton *finish_;
    DeviceGuide *slotGuide_;
    PrintState state_ = PrintState::Waiting;
    int problemCode_ = 0;
    quint64 job_ = 0;
    bool waitingForAck_ = false;
    bool offeredPayment_ = false;
};

} // namespace kiosk::ui
