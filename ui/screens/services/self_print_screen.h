// Self-print of the citizen's documents on A4 after the 粤省事 code.
#pragma once

#include <QList>
#include <QString>

#include "ui/screens/screen.h"

class QLabel;
class QVBoxLayout;

namespace kiosk::app {
struct DocumentInfo;
} // namespace kiosk::app

namespace kiosk::ui {

class SelfPrintScreen : public Screen
{
    Q_OBJECT
public:
    explicit SelfPrintScreen(const ScreenContext &ctx, QWidget *parent = nullptr);
    ~SelfPrintScreen() override;
    QString title() const override;
    QString voicePrompt() const override;
    QString statusText() const;

protected:
    void retranslateUi() override;

private:
    void verify(const QString &code);
    void showDocuments(const QList<app::DocumentInfo> &docs);
    void print(const QString &id);
    QLabel *title_;
    QLabel *intro_;
    QLabel *status_;
    QWidget *list_;
    QVBoxLayout *listLayout_;
    QString token_;
    quint64 ticket_ = 0;
};

} // namespace kiosk::ui
