// KioskSession: the state machine of one citizen's visit (attract -> home -> service screens -> finish),
// with idle handling on the monotonic clock and the wipe that leaves nothing of a citizen behind.
#pragma once

#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <functional>
#include <memory>
#include <vector>

#include "app/session/clock.h"

namespace kiosk::app {

class ServiceAvailability;

struct SessionSettings {
    QString defaultLanguage = QStringLiteral("zh_CN");
    bool defaultCareMode = false;
    int idleTimeoutS = 60;
    int careIdleTimeoutS = 120;
    int countdownS = 30;
};

class KioskSession : public QObject
{
    Q_OBJECT
public:
    enum class Stage { Attract, Visit, OutOfService };
    Q_ENUM(Stage)

    enum class WipeReason { Finished, Cancelled, IdleTimeout, OutOfService };
    Q_ENUM(WipeReason)

    // Screen ids are stable names the UI maps to screen classes.
    static inline const QString kAttract = QStringLiteral("attract");
    static inline const QString kHome = QStringLiteral("home");
    static inline const QString kOutOfService = QStringLiteral("out_of_service");

    KioskSession(const SessionSettings &settings, const Clock *clock, ServiceAvailability *availability,
                 QObject *parent = nullptr);
    ~KioskSession() override;

    Stage stage() const { return stage_; }
    QString currentScreen() const;
    QStringList history() const { return stack_; }
    QString language() const { return language_; }
    bool careMode() const { return careMode_; }
    QString visitId() const { return visitId_; } // random per visit, for consent and audit records; empty at attract

    // Everything that holds a citizen's data during a visit is parented to this scope (or registers a wipe hook);
    // the wipe destroys the scope and makes a fresh one.
    QObject *visitScope() const { return scope_.get(); }
    void addWipeHook(std::function<void()> hook);

    int idleTimeoutS() const;
    int countdownS() const { return settings_.countdownS; }
    bool countdownActive() const { return countdownActive_; }
    int countdownRemainingS() const;

public slots:
    void begin();                         // attract -> home: a new visit
    void navigate(const QString &screen); // push a screen
    void back();                          // pop; at home does nothing
    void goHome();                        // clear the stack down to home
    void finish();                        // the citizen is done: wipe and return to attract
    void cancel();                        // the citizen gave up: same wipe
    void setLanguage(const QString &language);
    void setCareMode(bool on);
    void noteActivity();  // any touch, key or card: resets the idle timer
    void continueVisit(); // "continue" on the countdown
    void tick();          // evaluates the idle timer; driven by a timer or a test

signals:
    void stageChanged(kiosk::app::KioskSession::Stage stage);
    void screenChanged(const QString &screen);
    void languageChanged(const QString &language);
    void careModeChanged(bool on);
    void idleCountdownStarted(int secondsLeft);
    void idleCountdownTick(int secondsLeft);
    void idleCountdownCancelled();
    void aboutToWipe(kiosk::app::KioskSession::WipeReason reason);
    void wiped(kiosk::app::KioskSession::WipeReason reason);

private:
    void wipe(WipeReason reason);
    void setStage(Stage s);
    void onAvailabilityChanged(bool inService, const QString &reason);

    SessionSettings settings_;
    const Clock *clock_;
    QPointer<ServiceAvailability> availability_;
    Stage stage_ = Stage::Attract;
    QStringList stack_;
    QString language_;
    bool careMode_ = false;
    QString visitId_;
    qint64 lastActivityMs_ = 0;
    bool countdownActive_ = false;
    int lastAnnouncedRemaining_ = -1;
    std::unique_ptr<QObject> scope_;
    std::vector<std::function<void()>> wipeHooks_;
    QTimer ticker_;
};

} // namespace kiosk::app
