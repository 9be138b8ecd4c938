// The technicians' maintenance menu: sign-in by PIN or technician card (with the persistent lockout shown before
// anyone types) and the menu itself, in pages: devices with a self-test each and its result, the outbox (dead
// letters, export), catalogue and network, logs, configuration with volume, restart and leaving kiosk mode.
// Every action is checked against the role (app::may); nothing of a citizen is shown.
#pragma once

#include <QImage>
#include <QList>
#include <QMap>
#include <QPointer>
#include <QPushButton>
#include <QString>

#include "ui/screens/screen.h"

class QComboBox;
class QGridLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QStackedWidget;
class QTimer;
class QVBoxLayout;

namespace kiosk::app {
class MaintenanceService;
struct AuthResult;
} // namespace kiosk::app

namespace kiosk::ui {

class MaintenanceLoginScreen : public Screen
{
    Q_OBJECT
public:
    explicit MaintenanceLoginScreen(const ScreenContext &ctx, QWidget *parent = nullptr);
    QString title() const override;
    QString voicePrompt() const override;
    QString statusText() const;

protected:
    void retranslateUi() override;
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void signIn();
    void showResult(const app::AuthResult &result);
    void showLockState();
    app::MaintenanceService *service() const;

    QLabel *title_;
    QLabel *intro_;
    QLineEdit *pin_;
    QPushButton *signIn_;
    QLabel *status_;
    bool busy_ = false;
};

class MaintenanceMenuScreen : public Screen
{
    Q_OBJECT
public:
    explicit MaintenanceMenuScreen(const ScreenContext &ctx, QWidget *parent = nullptr);
    ~MaintenanceMenuScreen() override; // leaving the menu for good (e.g. the idle wipe) signs out
    QString title() const override;
    QString voicePrompt() const override;
    bool showsFrameChrome() const override { return false; } // sign out is the only way out

    enum Page { Devices, Queue, Catalogue, Network, Logs, Settings };
    void showPage(Page page);
    void refresh();

protected:
    void retranslateUi() override;
    void showEvent(QShowEvent *event) override;

private:
    app::MaintenanceService *service() const;
    QWidget *addPage(Page page, QVBoxLayout **layout);
    QPushButton *pageButton(QWidget *parent, const char *name, const QString &role = {});
    void refreshDevices();
    void refreshQueue();
    void refreshDeadLetters();
    void refreshCatalogue();
    void refreshLogs();
    void refreshSettings();
    void fillFolders(QComboBox *box);
    void runSelfTest(const QString &kind);
    // A second tap within a few seconds confirms a destructive action; the first one asks.
    bool confirmed(QPushButton *button, const QString &ask);
    void setStatus(const QString &text);

    QLabel *title_;
    QLabel *role_;
    QList<QPushButton *> tabs_;
    QStackedWidget *pages_;
    QLabel *status_;
    QPushButton *refresh_;
    QPushButton *signOut_;

    // Devices
    QLabel *devicesTitle_;
    QWidget *devicesBox_;
    QGridLayout *devicesGrid_;
    QMap<QString, QString> results_; // kind -> the last self-test result shown (technical, no personal data)
    QImage cameraFrame_;             // the camera check's frame: on screen only, dropped with the menu
    // Queue
    QLabel *queueTitle_;
    QLabel *queue_;
    QPushButton *syncNow_;
    QLabel *deadTitle_;
    QWidget *deadBox_;
    QGridLayout *deadGrid_;
    QLabel *exportTitle_;
    QComboBox *exportFolder_;
    QPushButton *exportQueue_;
    // Catalogue and network
    QLabel *catalogueTitle_;
    QLabel *catalogue_;
    QPushButton *refreshCatalogue_;
    QLabel *networkTitle_;
    QLabel *network_;
    QPushButton *checkNetwork_;
    // Logs
    QLabel *logsTitle_;
    QPlainTextEdit *logs_;
    QComboBox *logFolder_;
    QPushButton *exportLogs_;
    // Settings
    QLabel *configTitle_;
    QLabel *config_;
    QLabel *editTitle_;
    QComboBox *configKey_;
    QLineEdit *configValue_;
    QPushButton *saveConfig_;
    QLabel *volumeTitle_;
    QLabel *volume_;
    QPushButton *volumeDown_;
    QPushButton *volumeUp_;
    int volumePercent_ = -1;
    QPushButton *restart_;
    QPushButton *leaveKiosk_;
    QPointer<QPushButton> armed_; // the button waiting for its confirming tap
    QTimer *disarm_;
};

} // namespace kiosk::ui
