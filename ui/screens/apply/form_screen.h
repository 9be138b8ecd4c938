// The application form, prefilled from the card and from what OCR read on the materials; the rules are app/'s.
#pragma once

#include <QHash>
#include <QList>

#include "ui/screens/apply/application_step.h"

class QLabel;
class QLineEdit;
class QPushButton;

namespace kiosk::ui {

class StepperBar;

class FormScreen : public ApplicationStep
{
    Q_OBJECT
public:
    explicit FormScreen(const ScreenContext &ctx, QWidget *parent = nullptr);
    QString title() const override;
    QString voicePrompt() const override;
    // For tests: the editor of a field.
    QLineEdit *editorFor(const QString &key) const { return edits_.value(key); }
    // Checks every field; shows the problems; true when all pass.
    bool validateAll();

protected:
    void retranslateUi() override;

private:
    struct Row {
        QString key;
        QLabel *label = nullptr;
        QLabel *error = nullptr;
        QLabel *hint = nullptr; // "read from your materials, please check"
        QList<QPushButton *> choices;
    };
    void showProblem(const QString &key, bool onlyFormat);
    QLabel *title_;
    StepperBar *step_;
    QLabel *hint_;
    QLabel *summary_;
    QPushButton *next_;
    QList<Row> rows_;
    QHash<QString, QLineEdit *> edits_;
};

} // namespace kiosk::ui
