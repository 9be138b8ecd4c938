// Identification: place the ID card (or residence permit, or foreigner's permanent residence card) on the reader.
// Expired and unreadable cards get a plain explanation; the 粤省事 code is offered only when the platform is
// reachable.
#pragma once

#include <QDate>

#include "ui/screens/screen.h"

namespace kiosk::app {
struct ServiceItem;
}

namespace kiosk::ui {

class DeviceGuide;
class StepperBar;

class IdentifyScreen : public Screen
{
    Q_OBJECT
public:
    explicit IdentifyScreen(const ScreenContext &ctx, QWidget *parent = nullptr);
    ~IdentifyScreen() override;
    QString title() const override;
    QString voicePrompt() const override;
    void applyMetrics(const ThemeMetrics &metrics, bool landscape) override;
    QString statusText() const;

protected:
    void retranslateUi() override;
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    enum class State {
        Waiting,
        Identified,
        WaitingPrincipal, // 委托办理: the agent is known, now the principal's card
        PrincipalIdentified,
        SameAsAgent,
        Expired,
        NotYetValid,
        Invalid,
        ReadFailed,
        NoReader,
        QrChecking,
        QrRejected,
        QrOffline,
    };
    void setState(State s);
    void updateStatus();
    void startAgentMode();
    void useQrCode();
    void onQrCode(const QString &code);
    const app::ServiceItem *selected() const;
    bool qrPossible() const;

    State state_ = State::Waiting;
    QString maskedName_;
    QString maskedNumber_;
    QDate validTo_;
    QLabel *title_;
    QLabel *instructions_;
    QLabel *status_;
    QPushButton *next_;
    QPushButton *qr_;
    QLabel *qrNote_;
    QPushButton *agent_;
    QLabel *faceNote_;
    StepperBar *stepper_;
    DeviceGuide *cardGuide_; // where the card goes, animated while the reader waits
    DeviceGuide *qrGuide_;   // where the QR scanner is, while it waits for the phone
    QString principalName_;
    QString principalNumber_;
    bool qrListening_ = false;
};

} // namespace kiosk::ui
