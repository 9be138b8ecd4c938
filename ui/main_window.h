// The kiosk frame: header (centre, clock, language, care mode), the screen stack, footer (back, home, help),
// and the idle countdown. It follows KioskSession and never holds citizen data itself.
#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QMainWindow>
#include <QPointer>

#include <functional>
#include <memory>

#include "ui/screens/screen.h"
#include "ui/theme/theme.h"

class QButtonGroup;
class QLabel;
class QLineEdit;
class QPushButton;
class QScrollArea;
class QStackedWidget;
class QTimer;
class QTranslator;
class QVBoxLayout;

namespace kiosk::app {
class CatalogueService;
class IdentityService;
class ServiceAvailability;
} // namespace kiosk::app

namespace kiosk::ui {

class IdleCountdown;
class OnScreenKeyboard;
class VoiceGuide;

struct MainWindowOptions {
    QString centreName;
    QString hotline = QStringLiteral("12345");
    QString staffHelp;
    QHash<QString, QString> devicePlaces; // device kind -> place on the kiosk front (KioskConfig::devicePlaceMap)
    bool highContrast = false;            // standard-mode theme is high contrast
    bool voiceInStandardMode = false;
    app::CatalogueService *catalogue = nullptr;
    app::IdentityService *identity = nullptr;
    app::CitizenServices services;
};

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    using ScreenMaker = std::function<Screen *(const ScreenContext &, QWidget *)>;

    MainWindow(app::KioskSession *session, app::ServiceAvailability *availability, VoiceGuide *voice,
               const MainWindowOptions &options, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Later features register their screens here; unknown ids fall back to a "not available here" screen.
    void registerScreen(const QString &id, ScreenMaker maker);

    Screen *currentScreen() const;
    ThemeKind theme() const { return theme_; }
    IdleCountdown *countdown() const { return countdown_; }
    int liveScreenCount() const { return screens_.size(); }
    OnScreenKeyboard *keyboard(); // created on first use

signals:
    void screenShown(const QString &id); // after the screen is current and laid out

protected:
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void buildFrame();
    void showScreen(const QString &id);
    Screen *screenFor(const QString &id);
    void destroyScreens();
    void applyLanguage(const QString &language);
    void installTranslator(const QString &language);
    void applyCareMode(bool on);
    void applyThemeNow();
    void retranslateFrame();
    void updateClock();
    void showKeyboardFor(QLineEdit *edit);
    void revealAboveKeyboard(QWidget *focus);
    void refreshKeyboardAction();
    void hideKeyboard();
    bool landscape() const;
    void noteCentreTap();

    app::KioskSession *session_;
    app::ServiceAvailability *availability_;
    VoiceGuide *voice_;
    MainWindowOptions options_;
    ScreenContext ctx_;
    ThemeKind theme_ = ThemeKind::Standard;
    QString language_;

    QWidget *header_ = nullptr;
    QLabel *centre_ = nullptr;
    QLabel *clock_ = nullptr;
    QButtonGroup *languages_ = nullptr;
    QPushButton *care_ = nullptr;
    QStackedWidget *stack_ = nullptr;
    QWidget *footer_ = nullptr;
    QPushButton *back_ = nullptr;
    QPushButton *home_ = nullptr;
    QPushButton *help_ = nullptr;
    QPushButton *repeat_ = nullptr;
    IdleCountdown *countdown_ = nullptr;
    OnScreenKeyboard *keyboard_ = nullptr;
    // Above the keyboard while it is up and the screen's primary action is out of view: the same action, one tap away.
    QPushButton *keyboardAction_ = nullptr;
    QMetaObject::Connection keyboardEdits_; // the typed-in field's edits refresh keyboardAction_
    QVBoxLayout *rootLayout_ = nullptr;
    QTimer *clockTimer_ = nullptr;

    QElapsedTimer tapClock_; // the maintenance entry gesture: five taps on the centre name within 3 s
    QList<qint64> centreTaps_;

    QHash<QString, ScreenMaker> makers_;
    QHash<QString, QPointer<Screen>> screens_;
    QList<QScrollArea *> spareWraps_; // scroll areas of wiped screens, reused by the next visit's screens
    std::unique_ptr<QTranslator> translator_;
};

} // namespace kiosk::ui
