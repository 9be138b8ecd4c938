// Composition of the application services (see the header). The order matters where noted: the submission thread
// opens (and if need be recovers) the queue file before the sync engine opens its second connection to it; the menu's
// auth and the heartbeat's self-tests need the parts built before them.
#include "app/composition/kiosk_services.h"

#include <QDir>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QSettings>
#include <QTimer>

#include "app/application/peripherals.h"
#include "app/application/submission_service.h"
#include "app/application/visit_state.h"
#include "app/audit/audit_anchor_service.h"
#include "app/audit/audit_anchorer.h"
#include "app/catalogue/catalogue_refresh.h"
#include "app/catalogue/catalogue_service.h"
#include "app/config/config_layers.h"
#include "app/consent/consent_gate.h"
#include "app/devices/device_config.h"
#include "app/devices/device_factories.h"
#include "app/devices/device_health.h"
#include "app/devices/sam_binding.h"
#include "app/fleet/heartbeat_service.h"
#include "app/fleet/kiosk_alerts.h"
#include "app/fleet/kiosk_state_file.h"
#include "app/fleet/metrics_service.h"
#include "app/fleet/selftest_runner.h"
#include "app/identity/identity_service.h"
#include "app/maintenance/maintenance_backend.h"
#include "app/maintenance/maintenance_service.h"
#include "app/materials/ocr_service.h"
#include "app/payments/payment_service.h"
#include "app/platform/platform_service.h"
#include "app/receipts/receipt.h"
#include "app/session/kiosk_session.h"
#include "app/verification/face_engine.h"
#include "app/verification/face_step.h"
#include "common/setting_value.h"
#include "common/startup_gate.h"
#include "drivers/camera/face_camera.h"
#include "drivers/code_scanner/code_scanner.h"
#include "drivers/document_printer/document_printer.h"
#include "drivers/idcard/idcard_reader.h"
#include "drivers/receipt_printer/receipt_printer.h"
#include "drivers/scanner/document_camera.h"
#include "drivers/scanner/sane_scanner.h"
#include "offline_queue/storage/key_store.h"

Q_LOGGING_CATEGORY(lcCompose, "kiosk.app.composition")

namespace kiosk::app {

using drivers::DeviceKind;

namespace {

template <typename T> T *deviceAs(drivers::DeviceManager &devices, DeviceKind kind)
{
    return qobject_cast<T *>(devices.device(kind));
}

// Every configured device's status, for the heartbeat and the maintenance menu (never personal data).
QList<DeviceReport> deviceReports(drivers::DeviceManager &devices)
{
    QList<DeviceReport> out;
    for (DeviceKind kind : devices.configuredKinds()) {
        const drivers::DeviceStatus st = devices.status(kind);
        out.append({drivers::toString(kind), drivers::toString(st.state), st.detail});
    }
    return out;
}

} // namespace

KioskServices::KioskServices(const QString &path, const KioskConfig &cfg, const KioskServicesOptions &options)
    : config(cfg), configPath(path)
{
    QStringList problems;
    if (!QDir().mkpath(config.effectiveDataDir()))
        availability.setPartAvailable(
            QStringLiteral("storage"), false,
            QStringLiteral("data folder %1 cannot be created").arg(config.effectiveDataDir()));
    // kiosk.conf with its drop-ins (kiosk.conf.d/*.conf), read once for every part's settings
    const LayeredConfig layered(configPath);
    effectiveConfigPath_ = layered.path();
    problems << layered.problems();
    QSettings ini(effectiveConfigPath_, QSettings::IniFormat);
    composeDevices(&problems);
    composeQueueAndPlatform(ini, options, &problems);
    composeCitizenParts();
    composeAuditAndFace(ini, options, &problems);
    composeReaderSam();
    composeFleet(ini);
    composeMaintenance(ini, &problems);
    composePayments();
    composeLocalState(ini);
    composeMetrics(ini, &problems);
    effectiveConfigPath_.clear(); // the merged copy goes with `layered`
    for (const QString &p : std::as_const(problems))
        qCWarning(lcCompose).noquote() << "config:" << p;
}

KioskServices::~KioskServices()
{
    stop();
}

// Devices: built from [devices] (real ports or kiosk-devsim's ptys); a required one missing takes the kiosk out of
// service with the reason for staff, and it comes back by itself when the device does.
void KioskServices::composeDevices(QStringList *problems)
{
    registerDeviceFactories(&devices);
    QList<ConfigProblem> deviceProblems;
    devices.build(loadDeviceSpecs(effectiveConfigPath_, &deviceProblems));
    for (const ConfigProblem &p : std::as_const(deviceProblems))
        problems->append(p.key + QLatin1Char(' ') + p.message);
    deviceHealth = std::make_unique<DeviceHealth>(&devices, &availability);
}

// The card reader's SAM against the id recorded at commissioning (sam_binding.h): checked at every open and reset of
// the reader; a different one takes the kiosk out of service with an alert until a supervisor accepts it.
void KioskServices::composeReaderSam()
{
    auto *reader = deviceAs<drivers::idcard::IdCardReader>(devices, DeviceKind::IdCardReader);
    if (!reader)
        return;
    readerSam = std::make_unique<SamBinding>(
        QDir(config.effectiveDataDir()).filePath(QStringLiteral("reader-sam.json")), &availability);
    SamBinding *sam = readerSam.get();
    QObject::connect(sam, &SamBinding::alertRaised, &context_,
                     [this](const QString &code, const QString &detail) { alerts->raise(code, detail); });
    QObject::connect(sam, &SamBinding::alertResolved, &context_, [this](const QString &code) {
        if (alerts->isActive(code))
            alerts->resolve(code);
    });
    QObject::connect(sam, &SamBinding::auditEvent, &context_,
                     [this](const QString &kind, const QString &recorded, const QString &seen, const QString &by) {
                         audit(kind, {{QStringLiteral("recorded_sam_id"), recorded},
                                      {QStringLiteral("seen_sam_id"), seen},
                                      {QStringLiteral("by"), by}});
                     });
    QObject::connect(reader, &drivers::idcard::IdCardReader::samIdentified, sam, &SamBinding::observe);
    if (!reader->samId().isEmpty()) // the reader answered before this was wired
        sam->observe(reader->samId());
}

// The sealed queue on its own thread, the sync engine (its own thread and connection: it sends whatever the outbox
// holds whenever the platform is reachable) and the interactive platform connection (key, QR identity, progress,
// documents). Without [platform] url submissions simply stay queued.
void KioskServices::composeQueueAndPlatform(QSettings &ini, const KioskServicesOptions &options, QStringList *problems)
{
    syncSettings = queue::loadSyncSettings(ini, config.effectiveDataDir(), config.kioskId, problems);
    alerts = std::make_unique<KioskAlerts>(QDir(config.effectiveDataDir()).filePath(QStringLiteral("alerts.json")));
    // The TPM that holds the sealed keys: [keys] tcti (libtss2 syntax), else tpm2-tools' default device.
    queue::keys::setTpmOptions({common::settingText(ini.value(QStringLiteral("keys/tcti"))), {}, 15000});
    // Pinning fails closed: with a platform URL and no valid pin the client refuses every call, and the kiosk says
    // so (out of service, the reason for staff and in the menu; the heartbeat reports it once it goes through).
    if (!syncSettings.baseUrl.isEmpty()) {
        const QString pinProblem = queue::CurlPlatformClient::pinProblemOf(syncSettings.clientConfig());
        if (!pinProblem.isEmpty()) {
            availability.setPartAvailable(QStringLiteral("platform"), false,
                                          QStringLiteral("platform connection refused: %1").arg(pinProblem));
            alerts->raise(QStringLiteral("platform_pins"), pinProblem);
        } else {
            alerts->resolve(QStringLiteral("platform_pins"));
        }
    }

    SubmissionSettings submissionSettings;
    submissionSettings.databasePath = syncSettings.databasePath;
    submissionSettings.kioskId = config.kioskId;
    submissionSettings.kioskKeyFile = syncSettings.clientKeyFile;
    submissionSettings.keyCacheFile = QDir(config.effectiveDataDir()).filePath(QStringLiteral("platform-key.json"));
    submissionSettings.diskFloorBytes = qint64(config.diskFloorMb) * 1024 * 1024;
    submissionSettings.maxQueueAgeDays = config.maxQueueAgeDays;
    submissions = std::make_unique<SubmissionService>(submissionSettings);
    // The queue opens on its own thread (integrity check included): the first screen does not wait for the disk.
    QObject::connect(submissions.get(), &SubmissionService::opened, &context_, [this](bool ok, const QString &why) {
        queueError = why;
        if (!ok)
            availability.setPartAvailable(QStringLiteral("queue"), false,
                                          QStringLiteral("queue database unusable: %1").arg(queueError));
        // The sync engine's connection comes second: the first has migrated (and if need be recovered) the file.
        if (sync && !sync->start())
            qCWarning(lcCompose) << "the sync engine did not start; submissions stay queued";
    });
    submissions->start();

    if (!syncSettings.baseUrl.isEmpty()) {
        sync = std::make_unique<queue::SyncEngine>(syncSettings);
        QObject::connect(submissions.get(), &SubmissionService::enqueued, sync.get(), &queue::SyncEngine::enqueued);
        QObject::connect(sync.get(), &queue::SyncEngine::acknowledged, submissions.get(),
                         &SubmissionService::noteAcknowledged);
    }
    platform = std::make_unique<PlatformService>(syncSettings.clientConfig());
    QObject::connect(platform.get(), &PlatformService::submissionKeyReceived, submissions.get(),
                     &SubmissionService::setPlatformKey);
    platform->start(options.platformProbeIntervalMs);
}

// The session, the catalogue (the cached copy, or the bundled sample on a first boot, at once; then newer versions
// from the platform now, every 6 hours and on the heartbeat's command), identity and the peripherals' services.
void KioskServices::composeCitizenParts()
{
    SessionSettings sessionSettings;
    sessionSettings.defaultLanguage = config.defaultLanguage;
    sessionSettings.defaultCareMode = config.defaultCareMode;
    sessionSettings.idleTimeoutS = config.idleTimeoutS;
    sessionSettings.careIdleTimeoutS = config.careIdleTimeoutS;
    sessionSettings.countdownS = config.countdownS;
    session = std::make_unique<KioskSession>(sessionSettings, &clock, &availability);

    catalogue = std::make_unique<CatalogueService>();
    if (!common::StartupGate::isOpen()) { // the kiosk's start: pinyin search once the first screen is up
        catalogue->deferPinyin();
        common::StartupGate::whenOpen(catalogue.get(), [c = catalogue.get()] { c->enablePinyin(); });
    }
    catalogueRefresher = std::make_unique<CatalogueRefresher>(
        catalogue.get(), platform.get(), QDir(config.effectiveDataDir()).filePath(QStringLiteral("catalogue.sqlite")),
        config.catalogueFile.isEmpty() ? QStringLiteral(":/catalogue/catalogue.json") : config.catalogueFile);
    catalogueRefresher->start();

    identity = std::make_unique<IdentityService>(
        session.get(), [](KioskSession *s) -> IdentityHolder * { return VisitState::of(s); },
        deviceAs<drivers::idcard::IdCardReader>(devices, DeviceKind::IdCardReader));
    receipts = std::make_unique<ReceiptService>(
        deviceAs<drivers::escpos::ReceiptPrinter>(devices, DeviceKind::ReceiptPrinter));
    auto *docCamera = deviceAs<drivers::DocumentCamera>(devices, DeviceKind::DocumentCamera);
    capture = std::make_unique<CaptureService>(deviceAs<drivers::SaneScanner>(devices, DeviceKind::DocumentScanner),
                                               docCamera);
    // Captured pages are rectified, quality-checked, compactly encoded and read (Tesseract on its own thread).
    ocr = std::make_unique<OcrService>();
    capture->setProcessor(ocr.get());
    if (docCamera)
        capture->setPreviewSource(docCamera->previewSource()); // live view with automatic capture
    QTimer::singleShot(3000, ocr.get(), &OcrService::warmUp);
    codes = std::make_unique<CodeInput>(deviceAs<drivers::codescanner::CodeScanner>(devices, DeviceKind::CodeScanner));
    // No A4 printer in the configuration ([devices] document_printer.enabled=false): no A4 sheet is offered at all
    // (a configured printer that is offline still offers them, and says it cannot print now).
    if (devices.configuredKinds().contains(DeviceKind::DocumentPrinter))
        a4 = std::make_unique<DocumentPrintService>(
            deviceAs<drivers::DocumentPrinter>(devices, DeviceKind::DocumentPrinter));
}

void KioskServices::audit(const QString &kind, const QJsonObject &detail)
{
    if (auditLog.isOk())
        auditLog.log->append(kind, detail);
}

// The audit chain (security-relevant events, never personal data in clear) and the face step: the consent gate alone
// holds the face camera's frames; the models load in the background.
namespace {

// A face model that is there but refused or unreadable (a tampered file, a broken manifest), as opposed to a kiosk
// with no cleared model, whose face checks go to staff by design.
bool isModelFault(FaceEngineError error)
{
    return error == FaceEngineError::ModelRefused || error == FaceEngineError::ManifestInvalid ||
           error == FaceEngineError::ModelLoadFailed;
}

} // namespace

void KioskServices::composeAuditAndFace(QSettings &ini, const KioskServicesOptions &options, QStringList *problems)
{
    const AuditOptions auditOptions = loadAuditOptions(ini, config.effectiveDataDir(), problems);
    // Keys at rest: sealed to the TPM at commissioning (`kioskctl keys seal`), else plain files, which the self-test
    // and the heartbeat report ("keys not hardware-protected") until a technician seals them.
    keyPaths = {syncSettings.clientKeyFile, auditOptions.keyPath};
    auditLog = AuditLog::open(auditOptions); // makes the audit key on first use
    if (const QString clear = queue::keys::protectionProblem(keyPaths); !clear.isEmpty())
        alerts->raise(QStringLiteral("keys_not_hardware_protected"), clear);
    else if (alerts->isActive(QStringLiteral("keys_not_hardware_protected")))
        alerts->resolve(QStringLiteral("keys_not_hardware_protected"));
    if (!auditLog.isOk())
        qCCritical(lcCompose).noquote() << "audit log unusable:" << auditLog.error.message;
    QObject::connect(submissions.get(), &SubmissionService::submitted, &context_, [this](const SubmissionOutcome &o) {
        if (o.ok())
            audit(QStringLiteral("submission.sealed"),
                  {{QStringLiteral("local_no"), o.localNo}, {QStringLiteral("pages"), o.pages}});
    });
    QObject::connect(submissions.get(), &SubmissionService::acknowledged, &context_,
                     [this](const QString &localNo, const QString &caseNo) {
                         audit(QStringLiteral("submission.synced"),
                               {{QStringLiteral("local_no"), localNo}, {QStringLiteral("case_no"), caseNo}});
                     });
    // What the platform refused for good (dead letters for a technician) is in the chain too: applications and 好差评.
    if (sync) {
        QObject::connect(sync.get(), &queue::SyncEngine::deadLettered, &context_,
                         [this](const QString &localNo, const QString &reason) {
                             audit(QStringLiteral("submission.dead"),
                                   {{QStringLiteral("local_no"), localNo}, {QStringLiteral("reason"), reason}});
                         });
        QObject::connect(sync.get(), &queue::SyncEngine::evaluationDeadLettered, &context_,
                         [this](const QString &id, const QString &reason) {
                             audit(QStringLiteral("evaluation.dead"),
                                   {{QStringLiteral("id"), id}, {QStringLiteral("reason"), reason}});
                         });
    }

    auto *faceCamera = deviceAs<drivers::FaceCamera>(devices, DeviceKind::FaceCamera);
    consentGate = std::make_unique<ConsentGate>(faceCamera ? faceCamera->frameSource() : nullptr);
    consentGate->setAuditSink([this](const ConsentAuditEvent &e) {
        audit(QStringLiteral("consent.") + e.type, {{QStringLiteral("purpose"), e.purpose},
                                                    {QStringLiteral("text_version"), e.textVersion},
                                                    {QStringLiteral("detail"), e.detail}});
    });
    QList<ConfigProblem> faceProblems;
    const FaceConfig faceConfig = FaceConfig::load(effectiveConfigPath_, &faceProblems);
    for (const ConfigProblem &p : std::as_const(faceProblems))
        problems->append(p.key + QLatin1Char(' ') + p.message);
    const QString photoDecoder = ini.value(QStringLiteral("devices/idcard_reader.photo_decoder")).toString();
    if (!options.loadFaceModelsInBackground) {
        faceStep = std::make_unique<FaceStep>(consentGate.get(), nullptr, faceConfig, photoDecoder);
        const FaceEngine::LoadResult loaded = FaceEngine::load(faceConfig);
        faceStep->setEngine(loaded.engine, loaded.detail, isModelFault(loaded.error));
    } else {
        faceStep = std::make_unique<FaceStep>(consentGate.get(), nullptr, faceConfig, photoDecoder);
        auto loadModels = [this, faceConfig] {
            loader_.start([this, faceConfig] {
                auto loaded = FaceEngine::load(faceConfig);
                if (!loaded.engine)
                    qCWarning(lcCompose).noquote()
                        << "face models not loaded; identity goes to staff:" << loaded.detail;
                QMetaObject::invokeMethod(
                    &context_, [this, engine = loaded.engine, why = loaded.detail, fault = isModelFault(loaded.error)] {
                        faceStep->setEngine(engine, why, fault);
                    });
            });
        };
        if (common::StartupGate::isOpen())
            loadModels();
        else
            common::StartupGate::whenOpen(&context_, loadModels); // once the first screen is up
    }
    QObject::connect(session.get(), &KioskSession::wiped, consentGate.get(), &ConsentGate::reset);
    // A self-print download still running when its visit ends is of no use to the next citizen.
    QObject::connect(session.get(), &KioskSession::wiped, platform.get(), &PlatformService::cancelDownloads);
}

// The fleet heartbeat (every 60 s: devices, queue figures, last sync; commands from the platform), self-tests on
// the platform's request, and the audit chain's head anchored at the platform after each sync and heartbeat.
// Services that talk to the platform from their own threads each make their own client from the same settings.
void KioskServices::composeFleet(QSettings &ini)
{
    if (!sync)
        return;
    const auto clientFactory = [clientConfig = syncSettings.clientConfig()] {
        return std::make_unique<queue::CurlPlatformClient>(clientConfig);
    };
    HeartbeatProviders providers;
    providers.devices = [this] { return deviceReports(devices); };
    providers.queue = [this] {
        const queue::SyncStatus st = sync->status();
        return QueueFigures{st.pending + st.inFlight, st.dead, qMax<qint64>(0, st.oldestAgeS)};
    };
    providers.lastSync = [this] { return sync->status().lastSync; };
    providers.alerts = [this] { return alerts->toJson(); };
    providers.alertsDelivered = [this](const QJsonArray &sent) { alerts->delivered(sent); };
    heartbeat = std::make_unique<HeartbeatService>(
        loadHeartbeatSettings(ini, config.kioskId, QStringLiteral(KIOSK_VERSION)), providers, clientFactory);
    QObject::connect(heartbeat.get(), &HeartbeatService::syncNowRequested, sync.get(),
                     [this](const QString &) { sync->syncNow(); });
    QObject::connect(heartbeat.get(), &HeartbeatService::refreshCatalogueRequested, catalogueRefresher.get(),
                     [this](const QString &) { catalogueRefresher->refreshNow(); });
    // send_selftest: every device's self-test (deferred while a citizen is served), signed with the kiosk key,
    // carried by the next heartbeat.
    auto *selftest = new SelftestRunner(
        &devices, {config.kioskId, QStringLiteral(KIOSK_VERSION), syncSettings.clientKeyFile}, heartbeat.get());
    selftest->setCanRunNow([this] { return session->visitId().isEmpty(); });
    selftest->setExtraChecks([this] {
        const bool open = submissions->isOpen();
        const QString clearKeys = queue::keys::protectionProblem(keyPaths);
        return QList<SelftestCheck>{
            {QStringLiteral("queue_database"), open, open ? QStringLiteral("open") : queueError},
            {QStringLiteral("key_protection"), clearKeys.isEmpty(),
             clearKeys.isEmpty() ? QStringLiteral("keys sealed to the TPM") : clearKeys},
            // Without a cleared model identity goes to staff by design (passed, with the reason); a refused or
            // unreadable model is a fault to repair.
            {QStringLiteral("face_models"), !faceStep->modelFault(),
             faceStep->engine()                        ? faceStep->engine()->modelSummary()
             : faceStep->unavailableReason().isEmpty() ? QStringLiteral("face models still loading")
                                                       : faceStep->unavailableReason()}};
    });
    QObject::connect(heartbeat.get(), &HeartbeatService::selftestRequested, selftest, &SelftestRunner::run);
    QObject::connect(selftest, &SelftestRunner::reportReady, heartbeat.get(), &HeartbeatService::attachSelftest);
    heartbeat->start();

    if (auditLog.isOk()) {
        auditAnchor = std::make_unique<AuditAnchorService>(*auditLog.log, clientFactory);
        QObject::connect(sync.get(), &queue::SyncEngine::acknowledged, auditAnchor.get(),
                         &AuditAnchorService::anchorSoon);
        QObject::connect(heartbeat.get(), &HeartbeatService::heartbeatFinished, auditAnchor.get(),
                         &AuditAnchorService::anchorSoon);
        // A 409 (the platform holds a later or different head: the local chain was cut, replaced or rolled back) is an
        // alert the platform sees in the heartbeat, not only a log line; it stands until an anchor is accepted again.
        QObject::connect(auditAnchor.get(), &AuditAnchorService::alert, &context_, [this](const QString &message) {
            qCCritical(lcCompose).noquote() << "audit anchor refused by the platform:" << message;
            alerts->raise(QStringLiteral("audit_anchor_conflict"), message);
            heartbeat->beatNow();
        });
        QObject::connect(auditAnchor.get(), &AuditAnchorService::anchorFinished, &context_,
                         [this](const AnchorResult &r) {
                             if (r.outcome == AnchorOutcome::Anchored)
                                 alerts->resolve(QStringLiteral("audit_anchor_conflict"));
                         });
        auditAnchor->start();
        auditAnchor->anchorSoon();
    }
}

// The technicians' maintenance menu: PIN sign-in with a persistent lockout, device statuses and self-tests, the
// outbox, catalogue, network, logs and settings pages. No personal data passes through it.
void KioskServices::composeMaintenance(QSettings &ini, QStringList *problems)
{
    MaintenanceAuthOptions authOptions = loadMaintenanceOptions(ini, config.effectiveDataDir(), problems);
    authOptions.audit = [this](const QString &kind, const QJsonObject &detail) { audit(kind, detail); };
    maintenanceAuth = MaintenanceAuth::open(authOptions);
    if (!maintenanceAuth.isOk())
        qCWarning(lcCompose).noquote() << "maintenance menu unavailable:" << maintenanceAuth.error.message;
    MaintenanceBackendDeps deps;
    deps.devices = &devices;
    deps.receipts = receipts.get();
    deps.codes = codes.get();
    deps.sync = sync.get();
    deps.queueDatabasePath = syncSettings.databasePath;
    deps.kioskId = config.kioskId;
    deps.catalogue = catalogue.get();
    deps.refresher = catalogueRefresher.get();
    deps.platform = platform.get();
    deps.logDir = config.effectiveLogDir();
    deps.configPath = config.sourcePath;
    deps.localConfigPath = config.overridePath;                         // the menu's edits; /etc/kiosk stays root's
    deps.leaveKioskMarker = qEnvironmentVariable("KIOSK_LEAVE_MARKER"); // set by kiosk-session
    deps.centreName = config.centreName;
    deps.hotline = config.hotline;
    deps.exportDir = ini.value(QStringLiteral("maintenance/export_dir")).toString();
    deps.readerSam = readerSam.get();
    maintenanceBackend = std::make_unique<MaintenanceBackend>(deps);
    maintenance = std::make_unique<MaintenanceService>(
        maintenanceBackend->providers(), maintenanceAuth.auth.get(), nullptr,
        [this](const QString &kind, const QJsonObject &detail) { audit(kind, detail); });
}

// Fees paid at the kiosk (platform-api.md "Payments"): orders in payments.sqlite, resolved on their own thread with
// their own platform client; what an earlier run left open is resolved at once. Each order that ends is written to
// the audit chain with its id, case and amount (never anything of the payer).
void KioskServices::composePayments()
{
    if (!sync)
        return;
    PaymentSettings settings;
    settings.databasePath = QDir(config.effectiveDataDir()).filePath(QStringLiteral("payments.sqlite"));
    payments = std::make_unique<PaymentService>(settings, [clientConfig = syncSettings.clientConfig()] {
        return std::make_unique<queue::CurlPlatformClient>(clientConfig);
    });
    QObject::connect(payments.get(), &PaymentService::orderEnded, &context_, [this](const PaymentOrder &o) {
        audit(QStringLiteral("payment.") + toString(o.state), {{QStringLiteral("order_id"), o.id},
                                                               {QStringLiteral("case_no"), o.caseNo},
                                                               {QStringLiteral("amount_fen"), o.amountFen},
                                                               {QStringLiteral("invoice_no"), o.invoiceNo}});
    });
    if (!payments->start())
        payments.reset();
}

// Telemetry for Prometheus ([metrics] textfile_dir, node-exporter's textfile collector): every 30 s and soon after a
// change of a device, the availability, the queue or a visit. Only counts, times, versions and fixed names: the
// figures below never carry a citizen's data, a case number or the platform's free text.
void KioskServices::composeMetrics(QSettings &ini, QStringList *problems)
{
    MetricsSettings settings = loadMetricsSettings(ini, problems);
    if (settings.textfileDir.isEmpty())
        return;
    settings.dataDir = config.effectiveDataDir();
    auto gather = [this](MetricsSnapshot &s) {
        s.kioskId = config.kioskId;
        s.region = config.region;
        s.appVersion = QStringLiteral(KIOSK_VERSION);
        if (heartbeat) {
            static const QRegularExpression plain(QStringLiteral("^[A-Za-z0-9._:+-]{1,64}$"));
            const QString v = heartbeat->stats().configVersion; // the platform's: untrusted
            s.configVersion = v.isEmpty() || plain.match(v).hasMatch() ? v : QStringLiteral("invalid");
        }
        for (DeviceKind kind : devices.configuredKinds()) {
            const drivers::DeviceStatus st = devices.status(kind);
            s.devices.append({drivers::toString(kind), drivers::toString(st.state)});
            if (kind == DeviceKind::ReceiptPrinter)
                s.paper.append({drivers::toString(kind), paperStateOf(st.detail)});
        }
        if (sync) {
            const queue::SyncStatus st = sync->status();
            s.queuePending = st.pending;
            s.queueInFlight = st.inFlight;
            s.queueDead = st.dead;
            s.queueOldestAgeS = st.oldestAgeS;
            s.lastSyncS = st.lastSync.isValid() ? st.lastSync.toSecsSinceEpoch() : 0;
            s.syncFailures = st.failures;
        }
        s.outOfService = !availability.inService();
        s.outOfServiceParts = availability.missingParts();
        // Sealed to the TPM (`kioskctl keys seal`), with no clear copy left: the same rule as the self-test's check.
        s.keysHardwareProtected = queue::keys::protectionProblem(keyPaths).isEmpty();
    };
    metrics = std::make_unique<MetricsService>(settings, gather);
    MetricsService *m = metrics.get();
    m->setUpdateFailedVersion(updateFailedVersion_);
    QObject::connect(&devices, &drivers::DeviceManager::deviceStatusChanged, m, &MetricsService::changed);
    QObject::connect(&availability, &ServiceAvailability::changed, m, &MetricsService::changed);
    QObject::connect(submissions.get(), &SubmissionService::enqueued, m, &MetricsService::noteSealed);
    if (sync) {
        QObject::connect(sync.get(), &queue::SyncEngine::acknowledged, m, &MetricsService::noteAcknowledged);
        QObject::connect(sync.get(), &queue::SyncEngine::deadLettered, m, &MetricsService::changed);
    }
    if (payments) {
        QObject::connect(payments.get(), &PaymentService::orderUpdated, m, [m](const PaymentOrder &o) {
            m->notePaymentOrder(o.id, toString(o.state), isFinal(o.state));
        });
        QObject::connect(payments.get(), &PaymentService::orderEnded, m,
                         [m](const PaymentOrder &o) { m->notePaymentEnded(toString(o.state)); });
    }
    QObject::connect(session.get(), &KioskSession::stageChanged, m, [m](KioskSession::Stage stage) {
        if (stage == KioskSession::Stage::Visit)
            m->noteVisitStarted();
        else
            m->changed();
    });
    QObject::connect(session.get(), &KioskSession::wiped, m, [m](KioskSession::WipeReason reason) {
        if (reason == KioskSession::WipeReason::Finished)
            m->noteVisitCompleted();
        else if (reason == KioskSession::WipeReason::IdleTimeout)
            m->noteIdleWipe();
    });
    QObject::connect(ocr.get(), &OcrService::pageProcessed, m,
                     [m](const ProcessedPage &page) { m->observeOcrSeconds(double(page.ms) / 1000.0); });
    QObject::connect(faceStep.get(), &FaceStep::decided, m,
                     [m](const FaceDecision &d) { m->observeFaceSeconds(double(d.elapsedMs) / 1000.0); });
    if (!m->start())
        metrics.reset();
}

// kiosk-update's side: the version it rolled back from (reported), the local state file (visit in progress, ready,
// the self-test at start) and the self-test run once the first screen is shown (devices are open by then); its checks
// also go to the metrics.
void KioskServices::composeLocalState(QSettings &ini)
{
    // A version kiosk-update rolled back from is a standing alert in the heartbeat (and a metric) until an update
    // succeeds.
    updateFailedVersion_ = readUpdateFailedVersion(ini);
    if (!updateFailedVersion_.isEmpty())
        alerts->raise(QStringLiteral("update_failed"),
                      QStringLiteral("kiosk-update rolled back from version %1").arg(updateFailedVersion_));
    else
        alerts->resolve(QStringLiteral("update_failed"));
    const QString path = kioskStateFilePath(ini);
    if (path.isEmpty())
        return;
    stateFile = std::make_unique<KioskStateFile>(path, QStringLiteral(KIOSK_VERSION));
    QString why;
    if (!stateFile->write(&why))
        qCWarning(lcCompose).noquote() << "state file" << path << "cannot be written:" << why;
    QObject::connect(session.get(), &KioskSession::stageChanged, &context_,
                     [this](KioskSession::Stage stage) { stateFile->setVisit(stage == KioskSession::Stage::Visit); });
    auto *runner = new SelftestRunner(
        &devices, {config.kioskId, QStringLiteral(KIOSK_VERSION), syncSettings.clientKeyFile}, &context_);
    runner->setCanRunNow([this] { return session->visitId().isEmpty(); });
    runner->setExtraChecks([this] {
        const bool open = submissions->isOpen();
        return QList<SelftestCheck>{
            {QStringLiteral("queue_database"), open, open ? QStringLiteral("open") : queueError}};
    });
    QObject::connect(runner, &SelftestRunner::checked, &context_, [this](const QList<SelftestCheck> &checks) {
        QMap<QString, bool> passed;
        bool all = true;
        for (const SelftestCheck &c : checks) {
            passed.insert(c.name, c.passed);
            all = all && c.passed;
        }
        stateFile->setSelftest(all ? QStringLiteral("passed") : QStringLiteral("failed"));
        if (metrics)
            metrics->noteSelftest(passed);
    });
    common::StartupGate::whenOpen(runner, [runner] { runner->run(); });
}

void KioskServices::markReady()
{
    if (stateFile)
        stateFile->setReady(true);
}

CitizenServices KioskServices::citizenServices() const
{
    CitizenServices s;
    s.maintenance = maintenanceAuth.isOk() ? maintenance.get() : nullptr;
    s.face = faceStep.get();
    s.submissions = submissions->isRunning() ? submissions.get() : nullptr;
    s.platform = platform->isConfigured() ? platform.get() : nullptr;
    s.receipts = receipts.get();
    s.capture = capture.get();
    s.codes = codes.get();
    s.a4 = a4.get();
    s.payments = payments.get();
    s.receiptQueryUrl = config.receiptQueryUrl;
    s.ackWaitMs = sync ? config.receiptAckWaitMs : 0;
    return s;
}

void KioskServices::stop()
{
    if (stopped_)
        return;
    stopped_ = true;
    loader_.waitForDone(5000); // the model loader refers to the face step
    if (metrics)
        metrics->stop();
    if (consentGate)
        consentGate->reset();
    if (heartbeat)
        heartbeat->stop();
    if (auditAnchor)
        auditAnchor->stop();
    if (payments)
        payments->stop();
    platform->stop();
    if (sync)
        sync->stop();
    submissions->stop();
}

} // namespace kiosk::app
