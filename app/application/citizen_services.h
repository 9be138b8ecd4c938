// The app services the citizen's screens use, handed to the UI by the composition root. A null pointer means the
// feature is not available on this kiosk (not configured or its device absent); screens then explain or hide it.
#pragma once

#include <QString>
#include <QStringList>

namespace kiosk::app {

class CaptureService;
class CodeInput;
class DocumentPrintService;
class FaceStep;
class MaintenanceService;
class PaymentService;
class PlatformService;
class ReceiptService;
class SubmissionService;
struct ServiceItem;

struct CitizenServices {
    SubmissionService *submissions = nullptr;
    PlatformService *platform = nullptr;
    ReceiptService *receipts = nullptr;
    CaptureService *capture = nullptr;
    CodeInput *codes = nullptr;
    DocumentPrintService *a4 = nullptr;
    PaymentService *payments = nullptr; // null: fees are not taken at this kiosk (no platform, or its database failed)
    MaintenanceService *maintenance = nullptr; // null: no maintenance menu (the entry gesture does nothing)
    FaceStep *face = nullptr; // consent gate + models; null or unavailable: identity is checked by staff instead
    QString receiptQueryUrl;  // template with {no}: the receipt's QR code for phones
    int ackWaitMs = 4000;     // after enqueue, wait this long for the platform's case number before printing
};

// The steps of an application after identification, in order: form, materials (materials first when the form is
// filled from them), commitment (only where the item allows 告知承诺), delivery, review.
QStringList applicationSteps(const ServiceItem &item);
// Where the application starts after identification (and the face step).
QString firstStep(const ServiceItem &item);
// The step after `step` ("review" is followed by nothing: submit).
QString stepAfter(const QString &step, const ServiceItem &item);

} // namespace kiosk::app
