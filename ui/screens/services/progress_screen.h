// The progress query: by the receipt's QR code or number, or by the 粤省事 code.
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include "ui/screens/screen.h"

class QLabel;
class QLineEdit;
class QPushButton;
class QVBoxLayout;

namespace kiosk::app {
struct CaseInfo;
struct CaseReference;
} // namespace kiosk::app

namespace kiosk::ui {

class ProgressScreen : public Screen
{
    Q_OBJECT
public:
    explicit ProgressScreen(const ScreenContext &ctx, QWidget *parent = nullptr);
    ~ProgressScreen() override;
    QString title() const override;
    QString voicePrompt() const override;
    QString resultText() const;
    // A receipt number or scanned text, as if typed/scanned; the query code from the text (the receipt's QR code
    // carries it) or else from the code field.
    void lookUp(const QString &text);

protected:
    void retranslateUi() override;

private:
    void showCase(const app::CaseInfo &c, const QString &queryCode);
    QStringList caseLines(const app::CaseInfo &c) const; // number, item, status, promised date
    // A case of the 粤省事 list: the summary the list holds (its timeline needs the receipt's query code).
    void showSummary(const app::CaseInfo &c);
    void showLocalRecord(const app::CaseReference &ref, bool platformSaidNotFound);
    void showNotFound();
    void showUnreachable();
    void onCode(const QString &text);
    // By 粤省事 code: verified online, then the citizen's cases (POST /v1/cases/query), each one opens its timeline.
    void startQrQuery();
    void verifyQr(const QString &code);
    void showCases(const QList<app::CaseInfo> &cases);
    bool qrPossible() const;
    QLabel *title_;
    QLabel *intro_;
    QLineEdit *number_;
    QLineEdit *code_; // 查询码 from the receipt
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

} // namespace kiosk::ui
