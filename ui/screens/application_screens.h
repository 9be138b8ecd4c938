// The application steps after identification: the form (prefilled from the card), the materials checklist with raw
// capture and 容缺, the 告知承诺 with a signature, the delivery choice, the review and submission, and the receipt.
// Every screen reads and writes the visit's Draft (app/application), so going back and forth loses nothing, and the
// wipe at the end of the visit destroys it.
#pragma once

#include <QHash>
#include <QList>
#include <QPointer>

#include "ui/screens/screen.h"

class QGridLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QVBoxLayout;

namespace kiosk::app {
class Draft;
class VisitState;
struct ServiceItem;
struct ItemField;
struct MaterialPage;
enum class CaptureProblem;
struct SubmissionOutcome;
enum class ReceiptProblem;
} // namespace kiosk::app

namespace kiosk::ui {

class DocumentCameraView;
class PrereviewPanel;
class SignaturePad;

// Shared by the steps: the visit, its draft and the item; a step bar "2 / 5"; navigation to the next step.
class ApplicationStep : public Screen
{
    Q_OBJECT
public:
    ApplicationStep(const QString &id, const ScreenContext &ctx, QWidget *parent);

protected:
    app::VisitState *visit() const;
    app::Draft *draft() const;
    const app::ServiceItem *item() const;
    QString language() const;
    QString progressText() const; // "第 2 步，共 5 步"
    void goNext();
    // A screen reached without a started draft (e.g. after a restart of the step) explains and offers home.
    bool ready() const { return ready_; }

private:
    bool ready_ = false;
};

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
    QLabel *step_;
    QLabel *hint_;
    QLabel *summary_;
    QPushButton *next_;
    QList<Row> rows_;
    QHash<QString, QLineEdit *> edits_;
};

class MaterialsScreen : public ApplicationStep
{
    Q_OBJECT
public:
    explicit MaterialsScreen(const ScreenContext &ctx, QWidget *parent = nullptr);
    ~MaterialsScreen() override;
    QString title() const override;
    QString voicePrompt() const override;
    // For tests and the demo: pages as if captured for `materialId`.
    void addCapturedPages(const QString &materialId, const QList<app::MaterialPage> &pages);
    // For tests and the demo: images as if the scanner delivered them (rectified, checked and read like a scan).
    void captureImages(const QString &materialId, const QList<QImage> &images);
    // The document camera's live view while it is open (null otherwise).
    DocumentCameraView *cameraView() const { return camera_; }

    // Care mode's large targets: one page per row with its buttons side by side (PageStrip::Layout).
    void applyMetrics(const ThemeMetrics &metrics, bool landscape) override;

protected:
    void retranslateUi() override;

private:
    void rebuild();
    void capture(const QString &materialId, bool camera);
    void closeCamera();
    void rotatePage(const QString &materialId, int index);
    void retakePage(const QString &materialId, int index);
    void deletePage(const QString &materialId, int index);
    void onCaptured(const QList<app::MaterialPage> &pages);
    void onCaptureFailed(app::CaptureProblem problem);
    QStringList stillMissing() const;

    QLabel *title_;
    QLabel *step_;
    QLabel *intro_;
    QLabel *status_;
    QWidget *list_;
    QVBoxLayout *listLayout_;
    QPushButton *next_;
    QString capturing_;
    QString advice_;        // quality advice of the last capture, in the citizen's language
    int retakeIndex_ = -1;  // the page the capture under way replaces
    bool pageBusy_ = false; // a page is being turned (off the GUI thread)
    bool onePagePerRow_ = false;
    DocumentCameraView *camera_ = nullptr;
    qint64 lastSpokenMs_ = 0;
};

class CommitmentScreen : public ApplicationStep
{
    Q_OBJECT
public:
    explicit CommitmentScreen(const ScreenContext &ctx, QWidget *parent = nullptr);
    QString title() const override;
    QString voicePrompt() const override;
    SignaturePad *pad() const { return pad_; }

protected:
    void retranslateUi() override;

private:
    QString text() const;
    void updateState();
    QLabel *title_;
    QLabel *step_;
    QLabel *text_;
    QPushButton *agree_;
    SignaturePad *pad_;
    QLabel *padHint_;
    QPushButton *clear_;
    QPushButton *next_;
    QPushButton *decline_;
};

class DeliveryScreen : public ApplicationStep
{
    Q_OBJECT
public:
    explicit DeliveryScreen(const ScreenContext &ctx, QWidget *parent = nullptr);
    QString title() const override;
    QString voicePrompt() const override;

protected:
    void retranslateUi() override;

private:
    void choose(const QString &method);
    QLabel *title_;
    QLabel *step_;
    QHash<QString, QPushButton *> options_;
    QLabel *addressLabel_;
    QLineEdit *address_;
    QLabel *phoneLabel_;
    QLineEdit *phone_;
    QLabel *error_;
    QPushButton *next_;
};

class ReviewScreen : public ApplicationStep
{
    Q_OBJECT
public:
    explicit ReviewScreen(const ScreenContext &ctx, QWidget *parent = nullptr);
    QString title() const override;
    QString voicePrompt() const override;
    QString summaryText() const;

protected:
    void retranslateUi() override;
    // The screen stays while the visit lasts: coming back from an earlier step shows the draft as it is now.
    void showEvent(QShowEvent *event) override;

private:
    void submit();
    void onSubmitted(const app::SubmissionOutcome &outcome);
    QLabel *title_;
    QLabel *step_;
    QLabel *summary_;
    PrereviewPanel *prereview_;
    QLabel *status_;
    QPushButton *submit_;
    bool submitting_ = false;
};

class ReceiptScreen : public Screen
{
    Q_OBJECT
public:
    explicit ReceiptScreen(const ScreenContext &ctx, QWidget *parent = nullptr);
    QString title() const override;
    QString voicePrompt() const override;
    bool showsFrameChrome() const override { return false; } // the application is done: no "back" into it
    QString statusText() const;

protected:
    void retranslateUi() override;

private:
    void print();
    void updateStatus();
    enum class PrintState { Waiting, Printing, Printed, Failed, NoPrinter };
    QLabel *title_;
    QLabel *number_;
    QLabel *details_;
    QLabel *status_;
    QPushButton *reprint_;
    QPushButton *rate_;
    QPushButton *finish_;
    PrintState state_ = PrintState::Waiting;
    int problemCode_ = 0;
    quint64 job_ = 0;
    bool waitingForAck_ = false;
};

} // namespace kiosk::ui
