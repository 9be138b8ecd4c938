// A button that prints an A4 sheet through the document printing service (CUPS), with a line saying how it went:
// the guide's one-time notification sheet and the optional A4 acceptance notice after a submission. The sheet's
// HTML comes from the screen when the button is pressed (current language); rendering and printing run off the GUI
// thread. Hidden when the kiosk has no A4 printer.
#pragma once

#include <QString>
#include <QWidget>

#include <functional>

class QLabel;
class QPushButton;

namespace kiosk::app {
class DocumentPrintService;
enum class A4Problem;
} // namespace kiosk::app

namespace kiosk::ui {

class A4PrintPanel : public QWidget
{
    Q_OBJECT
public:
    // `name` is the button's object name; its status line is `<name>Status`. `jobTitle` is what CUPS shows: never
    // personal data.
    A4PrintPanel(app::DocumentPrintService *a4, const char *name, const QString &jobTitle, QWidget *parent = nullptr);
    void setSheet(std::function<QString()> html) { html_ = std::move(html); }
    // The button's text, asked again whenever the language changes.
    void setLabel(std::function<QString()> text);
    QString statusText() const;

protected:
    void changeEvent(QEvent *event) override;

private:
    enum class State { Idle, Printing, Printed, Failed, NoPrinter };
    void print();
    void updateStatus();
    app::DocumentPrintService *a4_;
    QString jobTitle_;
    std::function<QString()> html_;
    std::function<QString()> label_;
    QPushButton *button_;
    QLabel *status_;
    State state_ = State::Idle;
    quint64 ticket_ = 0;
};

} // namespace kiosk::ui
