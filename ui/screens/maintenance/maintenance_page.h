// The base of the maintenance menu's pages (devices, queue, catalogue, network, logs, settings): the service, the
// controls, the status line they report to (the menu shows and speaks it) and the second tap that confirms a
// destructive action. A page shows nothing until a technician has signed in, and nothing of a citizen ever.
#pragma once

#include <QPointer>
#include <QString>
#include <QWidget>

#include "ui/screens/screen.h"

class QComboBox;
class QGridLayout;
class QLabel;
class QPushButton;
class QTimer;
class QVBoxLayout;

namespace kiosk::app {
class MaintenanceService;
}

namespace kiosk::ui {

class MaintenancePage : public QWidget
{
    Q_OBJECT
public:
    // `index` names the page for tests and style sheets ("maintenancePage<index>").
    MaintenancePage(int index, const ScreenContext &ctx, QWidget *parent = nullptr);

    // Reads again what the page shows (for the role signed in, or nothing).
    virtual void refresh() = 0;
    // Every text in the current language (the menu calls it on a language change and after a confirmation).
    virtual void retranslateUi() = 0;
    // The menu is entered again: results of an earlier sign-in are forgotten.
    virtual void reset() {}
    // A destructive action waits for its confirming tap (the menu then leaves the texts as they are).
    bool armed() const { return armed_ != nullptr; }

signals:
    void statusChanged(const QString &text);

protected:
    app::MaintenanceService *service() const;
    bool signedIn() const;
    QVBoxLayout *pageLayout() const { return layout_; }
    void setStatus(const QString &text) { emit statusChanged(text); }
    // A second tap within a few seconds confirms; the first one asks (`ask` on the button).
    bool confirmed(QPushButton *button, const QString &ask);
    // The export folders (USB sticks) for a picker, keeping the one chosen.
    void fillFolders(QComboBox *box);

    QLabel *makeBodyLabel() { return ui::makeBodyLabel(this); }
    QPushButton *makeButton(const char *objectName, const QString &role = {})
    {
        return makeKioskButton(this, objectName, role);
    }
    QLabel *makeStatusLabel(const char *objectName);
    static QLabel *makePlainLabel(QWidget *parent, const QString &objectName, const QString &text = {});
    static void clearGrid(QGridLayout *grid);

private:
    ScreenContext ctx_;
    QVBoxLayout *layout_;
    QPointer<QPushButton> armed_;
    QTimer *disarm_;
};

} // namespace kiosk::ui
