// Base of every screen: an id, a translated title and voice prompt, accessible names, and retranslation at runtime.
#pragma once

#include <QAbstractButton>
#include <QHash>
#include <QPointer>
#include <QString>
#include <QWidget>

#include "app/application/citizen_services.h"
#include "ui/theme/theme.h"

class QLabel;
class QPushButton;
class QVBoxLayout;

namespace kiosk::app {
class CatalogueService;
class IdentityService;
class KioskSession;
} // namespace kiosk::app

namespace kiosk::ui {

// What screens may use: app services only (never drivers or the queue), plus display settings.
struct ScreenContext {
    app::KioskSession *session = nullptr;
    app::CatalogueService *catalogue = nullptr; // null: the apply tile says the service is not available here
    app::IdentityService *identity = nullptr;   // null: identification says the reader is not available
    QString centreName;
    QString hotline = QStringLiteral("12345");
    QString staffHelp;
    QHash<QString, QString> devicePlaces; // device kind -> place on the kiosk front; empty: the usual layout
    app::CitizenServices services;        // what the application, progress, self-print and rating screens use
};

// The controls every screen and maintenance page is made of: body text (plain, wrapping) and a kiosk button (wraps
// its text, never takes focus: the touch screen has no keyboard focus to show).
QLabel *makeBodyLabel(QWidget *parent);
QPushButton *makeKioskButton(QWidget *parent, const char *objectName, const QString &role = {});

class Screen : public QWidget
{
    Q_OBJECT
public:
    Screen(const QString &id, const ScreenContext &ctx, QWidget *parent = nullptr);

    QString id() const { return id_; }
    virtual QString title() const = 0;                     // shown in the frame and read by screen readers
    virtual QString voicePrompt() const = 0;               // spoken on arrival when voice guidance is on
    virtual bool showsFrameChrome() const { return true; } // header/footer navigation visible
    // The button that moves the citizen on (下一步, 查询, 提交): the on-screen keyboard never hides it. Null: none.
    QAbstractButton *primaryAction() const { return primaryAction_; }
    // Called when the theme changes (care mode, orientation): screens with layouts that depend on it rebuild.
    virtual void applyMetrics(const ThemeMetrics &metrics, bool landscape);

signals:
    // Live guidance to read aloud (the frame passes it to the voice guide, which speaks when voice is on).
    void speak(const QString &text);

protected:
    virtual void retranslateUi() = 0;
    void changeEvent(QEvent *event) override;
    // Call at the end of a subclass constructor: fills every text for the current language.
    void finishSetup();

    QLabel *makeTitleLabel();
    QLabel *makeBodyLabel();
    QPushButton *makeButton(const char *objectName, const QString &role = {});
    QLabel *makeStatusLabel(const char *objectName); // a status line (role "status"), e.g. what a print did
    void setPrimaryAction(QAbstractButton *button) { primaryAction_ = button; }
    // A status line's text; the label is hidden while it has none (an empty label is noise to a screen reader).
    static void setLabelText(QLabel *label, const QString &text);

    const ScreenContext &context() const { return ctx_; }
    QString language() const; // the citizen's language now (zh_CN, zh_HK, en)

private:
    QString id_;
    ScreenContext ctx_;
    QPointer<QAbstractButton> primaryAction_;
};

} // namespace kiosk::ui
