// The materials checklist: capture by scanner or document camera (live view), page turns, retakes and 容缺.
#pragma once

#include <QList>

#include "ui/screens/apply/application_step.h"

class QLabel;
class QPushButton;
class QVBoxLayout;

namespace kiosk::app {
struct MaterialPage;
enum class CaptureProblem;
} // namespace kiosk::app

namespace kiosk::ui {

class StepperBar;

class DocumentCameraView;

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
    StepperBar *step_;
    QLabel *intro_;
    QLabel *status_;
    QWidget *list_;
    QVBoxLayout *listLayout_;
    QPushButton *next_;
    QString capturing_;
    QString advice_;       // quality advice of the last capture, in the citizen's language
    int retakeIndex_ = -1; // the page the capture under way replaces
    bool onePagePerRow_ = false;
    DocumentCameraView *camera_ = nullptr;
    qint64 lastSpokenMs_ = 0;
};

} // namespace kiosk::ui
