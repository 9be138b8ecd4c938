// The kiosk's application services composed from its configuration: devices, the sealed queue and its sync engine,
// the platform connection, the session, the catalogue, identity, peripherals, OCR, the audit chain, the face step,
// the fleet heartbeat with self-tests, the audit anchor and the maintenance menu, wired to one another. app/main.cpp
// puts the UI (voice, main window) on top of it; the end-to-end tests compose the same kiosk against the simulators
// and the platform sandbox, so they exercise the wiring that ships, not a copy of it.
#pragma once

#include <QObject>
#include <QString>
#include <QStringList>
#include <QThreadPool>

#include <memory>

class QSettings;

#include "app/application/citizen_services.h"
#include "app/audit/audit_log.h"
#include "app/config/kiosk_config.h"
#include "app/maintenance/maintenance_auth.h"
#include "app/session/clock.h"
#include "app/session/service_availability.h"
#include "drivers/device_manager.h"
#include "offline_queue/sync_engine.h"

namespace kiosk::app {

class AuditAnchorService;
class CatalogueRefresher;
class CatalogueService;
class ConsentGate;
class DeviceHealth;
class FaceStep;
class HeartbeatService;
class KioskAlerts;
class IdentityService;
class KioskSession;
class MaintenanceBackend;
class MetricsService;
class KioskStateFile;
class OcrService;
class PaymentService;
class SamBinding;

struct KioskServicesOptions {
    int platformProbeIntervalMs = 60'000;   // reachability probes of the interactive platform connection
    bool loadFaceModelsInBackground = true; // false: loaded before the constructor returns (tests)
};

class KioskServices
{
public:
    // Builds and starts everything `config` (read from `configPath`) describes. Problems with the configuration are
    // logged for technicians; a part that cannot work takes the kiosk out of service through `availability` with the
    // reason, or (optional parts) is left out.
    KioskServices(const QString &configPath, const KioskConfig &config, const KioskServicesOptions &options = {});
    ~KioskServices(); // stop() if not yet done
    KioskServices(const KioskServices &) = delete;
    KioskServices &operator=(const KioskServices &) = delete;

    // What the citizen's screens use (and the maintenance menu when its PIN store opened).
    CitizenServices citizenServices() const;
    // Appends a security-relevant event to the audit chain (no personal data in `detail`); a no-op without a chain.
    void audit(const QString &kind, const QJsonObject &detail);
    // The first screen is shown (with READY=1): the state file says so.
    void markReady();
    // Ends the worker threads in order: heartbeat, anchor, platform, sync, submissions. Idempotent.
    void stop();

    const KioskConfig config;
    const QString configPath;
    SteadyClock clock;
    ServiceAvailability availability;
    drivers::DeviceManager devices;
    queue::SyncSettings syncSettings;
    QString queueError;   // why the queue database is unusable; empty when it opened
    QStringList keyPaths; // the TLS/signing key and the audit key (clear files, or sealed beside them)

    std::unique_ptr<DeviceHealth> deviceHealth;
    std::unique_ptr<SamBinding> readerSam; // the card reader's SAM against its commissioning record
    std::unique_ptr<SubmissionService> submissions;
    std::unique_ptr<queue::SyncEngine> sync; // null without [platform] url: submissions stay queued
    std::unique_ptr<PlatformService> platform;
    std::unique_ptr<KioskSession> session;
    std::unique_ptr<CatalogueService> catalogue;
    std::unique_ptr<CatalogueRefresher> catalogueRefresher;
    std::unique_ptr<IdentityService> identity;
    std::unique_ptr<ReceiptService> receipts;
    std::unique_ptr<CaptureService> capture;
    std::unique_ptr<OcrService> ocr;
    std::unique_ptr<CodeInput> codes;
    std::unique_ptr<DocumentPrintService> a4;
    AuditOpenResult auditLog;
    std::unique_ptr<ConsentGate> consentGate;
    std::unique_ptr<FaceStep> faceStep;
    std::unique_ptr<KioskAlerts> alerts;         // reported in the heartbeat (<data_dir>/alerts.json)
    std::unique_ptr<HeartbeatService> heartbeat; // null without a platform
    std::unique_ptr<AuditAnchorService> auditAnchor;
    MaintenanceAuth::OpenResult maintenanceAuth;
    std::unique_ptr<MaintenanceBackend> maintenanceBackend;
    std::unique_ptr<MaintenanceService> maintenance;
    std::unique_ptr<PaymentService> payments;  // null without a platform
    std::unique_ptr<MetricsService> metrics;   // null without [metrics] textfile_dir
    std::unique_ptr<KioskStateFile> stateFile; // for kiosk-update; null without a runtime folder

private:
    void composeDevices(QStringList *problems);
    void composeQueueAndPlatform(QSettings &ini, const KioskServicesOptions &options, QStringList *problems);
    void composeCitizenParts();
    void composeAuditAndFace(QSettings &ini, const KioskServicesOptions &options, QStringList *problems);
    void composeFleet(QSettings &ini);
    void composeReaderSam();
    void composeMaintenance(QSettings &ini, QStringList *problems);
    void composePayments();
    void composeMetrics(QSettings &ini, QStringList *problems);
    void composeLocalState(QSettings &ini);

    bool stopped_ = false;
    QString effectiveConfigPath_; // while composing: kiosk.conf, or its merge with the drop-ins
    QString updateFailedVersion_; // from kiosk-update's failed-version; empty when none
    // Destroyed first (declared last): the loader waits for the face models, then the context drops what they posted.
    QObject context_; // receives results of background work (face models) on the owning thread
    QThreadPool loader_;
};

} // namespace kiosk::app
