// The services around an application: rating (好差评) after every service, the progress query (by the receipt's
// QR code or number, or by the 粤省事 code), and self-print of the citizen's documents on A4.
#pragma once

#include <QList>
#include <QString>

#include "ui/screens/screen.h"

class QLabel;
class QLineEdit;
class QPushButton;
class QVBoxLayout;

namespace kiosk::app {
struct CaseInfo;
struct DocumentInfo;
} // namespace kiosk::app

namespace kiosk::ui {

class RatingScreen : public Screen
{
    Q_OBJECT
public:
    explicit RatingScreen(const ScreenContext &ctx, QWidget *parent = nullptr);
    QString title() const override;
    QString voicePrompt() const override;
    bool showsFrameChrome() const override { return false; }

protected:
    void retranslateUi() override;

private:
    void setScore(int score);
    void submit();
    QLabel *title_;
    QLabel *question_;
    QList<QPushButton *> scores_;
    QLabel *reasonsLabel_;
    QWidget *reasonsBox_;
    QList<QPushButton *> reasons_;
    QLabel *commentLabel_;
    QLineEdit *comment_;
    QLabel *status_;
    QPushButton *submit_;
    QPushButton *skip_;
    int score_ = 0;
    bool done_ = false;
};

class ProgressScreen : public Screen
{
    Q_OBJECT
public:
    explicit ProgressScreen(const ScreenContext &ctx, QWidget *parent = nullptr);
    ~ProgressScreen() override;
    QString title() const override;
    QString voicePrompt() const override;
    QString resultText() const;
    // A receipt number or scanned text, as if typed/scanned.
    void lookUp(const QString &text);

protected:
    void retranslateUi() override;

private:
    void showCase(const app::CaseInfo &c);
    void onCode(const QString &text);
    // By 粤省事 code: verified online, then the citizen's cases (POST /v1/cases/query), each one opens its timeline.
    void startQrQuery();
    void verifyQr(const QString &code);
    void showCases(const QList<app::CaseInfo> &cases);
    bool qrPossible() const;
    QLabel *title_;
    QLabel *intro_;
    QLineEdit *number_;
    QPushButton *search_;
    QPushButton *byQr_;
    QLabel *qrNote_;
    QWidget *cases_;
    QVBoxLayout *casesLayout_;
    QLabel *result_;
    bool busy_ = false;
    bool qrMode_ = false; // the next scanned code is a 粤省事 code, not a receipt
    QString token_;       // the identity token of this visit's 粤省事 check; never shown or logged
};

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
