// `kiosk`: the composition root. Reads the config, builds services and the UI, runs full screen.
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QScreen>
#include <QSettings>
#include <QThreadPool>
#include <QTimer>

#include <cstdio>
#include <memory>

#include "app/application/citizen_services.h"
#include "app/application/peripherals.h"
#include "app/application/submission_service.h"
#include "app/audit/audit_anchor_service.h"
#include "app/audit/audit_log.h"
#include "app/catalogue/catalogue_refresh.h"
#include "app/catalogue/catalogue_service.h"
#include "app/config/kiosk_config.h"
#include "app/consent/consent_gate.h"
#include "app/devices/device_config.h"
#include "app/devices/device_factories.h"
#include "app/devices/device_health.h"
#include "app/fleet/heartbeat_service.h"
#include "app/fleet/selftest_runner.h"
#include "app/identity/identity_service.h"
#include "app/logging/log_setup.h"
#include "app/maintenance/maintenance_auth.h"
#include "app/maintenance/maintenance_backend.h"
#include "app/maintenance/maintenance_service.h"
#include "app/materials/ocr_service.h"
#include "app/platform/platform_service.h"
#include "app/receipts/receipt.h"
#include "app/service_manager/systemd_notifier.h"
#include "app/service_manager/termination_signals.h"
#include "app/session/kiosk_session.h"
#include "app/session/service_availability.h"
#include "app/verification/face_engine.h"
#include "app/verification/face_step.h"
#include "drivers/camera/face_camera.h"
#include "drivers/code_scanner/code_scanner.h"
#include "drivers/device_manager.h"
#include "drivers/document_printer/document_printer.h"
#include "drivers/idcard/idcard_reader.h"
#include "drivers/receipt_printer/receipt_printer.h"
#include "drivers/scanner/document_camera.h"
#include "drivers/scanner/sane_scanner.h"
#include "offline_queue/sync_engine.h"
#include "ui/main_window.h"
#include "ui/voice/voice_guide.h"

Q_LOGGING_CATEGORY(lcMain, "kiosk.main")

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("kiosk"));
    QApplication::setApplicationVersion(QStringLiteral(KIOSK_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Guangdong self-service government kiosk"));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption configOpt(QStringLiteral("config"), QStringLiteral("INI configuration file."),
                                 QStringLiteral("FILE"));
    QCommandLineOption windowedOpt(QStringLiteral("windowed"), QStringLiteral("Run in a window (development)."));
    QCommandLineOption sizeOpt(QStringLiteral("size"),
                               QStringLiteral("Window size WxH with --windowed (default 1080x1920)."),
                               QStringLiteral("WxH"), QStringLiteral("1080x1920"));
    QCommandLineOption startOpt(QStringLiteral("start-at-home"),
                                QStringLiteral("Begin a visit at once (demo, benchmarks)."));
    QCommandLineOption readyOpt(
        QStringLiteral("print-ready"),
        QStringLiteral("Print 'ready <screen>' on stdout once a screen is shown and interactive."));
    QCommandLineOption quitOpt(QStringLiteral("quit-when-ready"), QStringLiteral("Exit once ready (benchmarks)."));
    parser.addOptions({configOpt, windowedOpt, sizeOpt, startOpt, readyOpt, quitOpt});
    parser.process(app);

    QList<kiosk::app::ConfigProblem> problems;
    const kiosk::app::KioskConfig config = kiosk::app::KioskConfig::load(parser.value(configOpt), &problems);
    kiosk::app::LogSettings logSettings;
    logSettings.dir = config.effectiveLogDir();
    logSettings.maxFileKb = config.logMaxFileKb;
    logSettings.maxFiles = config.logMaxFiles;
    logSettings.filterRules = config.logRules;
    kiosk::app::installLogging(logSettings);
    for (const auto &p : problems)
        qCWarning(lcMain).noquote() << "config:" << p.key << p.message;
    qCInfo(lcMain).noquote() << "kiosk" << KIOSK_VERSION << "starting; kiosk id" << config.kioskId;
    if (!config.overriddenKeys.isEmpty())
        qCInfo(lcMain).noquote() << "config: from" << config.overridePath
                                 << config.overriddenKeys.join(QLatin1Char(' '));

    kiosk::app::SteadyClock clock;
    kiosk::app::ServiceAvailability availability;
    // systemd (packaging/systemd/kiosk.service): READY, a watchdog fed by this (GUI) thread, the out-of-service
    // reason as STATUS, STOPPING; inert without NOTIFY_SOCKET. SIGTERM quits cleanly.
    kiosk::app::SystemdNotifier systemd;
    systemd.followAvailability(&availability);
    systemd.startWatchdog();
    kiosk::app::quitOnTerminationSignals();
    if (!QDir().mkpath(config.effectiveDataDir()))
        availability.setPartAvailable(
            QStringLiteral("storage"), false,
            QStringLiteral("data folder %1 cannot be created").arg(config.effectiveDataDir()));

    // Devices: built from [devices] (real ports or kiosk-devsim's ptys); a required one missing takes the kiosk out
    // of service with the reason for staff, and it comes back by itself when the device does.
    kiosk::drivers::DeviceManager devices;
    kiosk::app::registerDeviceFactories(&devices);
    QList<kiosk::app::ConfigProblem> deviceProblems;
    devices.build(kiosk::app::loadDeviceSpecs(parser.value(configOpt), &deviceProblems));
    for (const auto &p : deviceProblems)
        qCWarning(lcMain).noquote() << "config:" << p.key << p.message;
    kiosk::app::DeviceHealth deviceHealth(&devices, &availability);

    // The sync engine: its own thread and database connection; it sends whatever the outbox holds whenever the
    // platform is reachable. Not configured ([platform] url empty): submissions simply stay queued.
    QSettings ini(parser.value(configOpt), QSettings::IniFormat);
    QStringList syncProblems;
    const kiosk::queue::SyncSettings syncSettings =
        kiosk::queue::loadSyncSettings(ini, config.effectiveDataDir(), config.kioskId, &syncProblems);
    for (const QString &p : syncProblems)
        qCWarning(lcMain).noquote() << "config:" << p;
    // Submissions: sealed and enqueued on their own thread, which opens (and if need be recovers) the queue file
    // before the sync engine opens its second connection to it.
    kiosk::app::SubmissionSettings submissionSettings;
    submissionSettings.databasePath = syncSettings.databasePath;
    submissionSettings.kioskId = config.kioskId;
    submissionSettings.kioskKeyFile = syncSettings.clientKeyFile;
    submissionSettings.keyCacheFile = QDir(config.effectiveDataDir()).filePath(QStringLiteral("platform-key.json"));
    submissionSettings.diskFloorBytes = qint64(config.diskFloorMb) * 1024 * 1024;
    submissionSettings.maxQueueAgeDays = config.maxQueueAgeDays;
    kiosk::app::SubmissionService submissions(submissionSettings);
    QString queueError;
    if (!submissions.start(&queueError))
        availability.setPartAvailable(QStringLiteral("queue"), false,
                                      QStringLiteral("queue database unusable: %1").arg(queueError));

    std::unique_ptr<kiosk::queue::SyncEngine> sync;
    if (!syncSettings.baseUrl.isEmpty()) {
        sync = std::make_unique<kiosk::queue::SyncEngine>(syncSettings);
        QObject::connect(&submissions, &kiosk::app::SubmissionService::enqueued, sync.get(),
                         &kiosk::queue::SyncEngine::enqueued);
        QObject::connect(sync.get(), &kiosk::queue::SyncEngine::acknowledged, &submissions,
                         &kiosk::app::SubmissionService::noteAcknowledged);
        if (!sync->start())
            qCWarning(lcMain) << "the sync engine did not start; submissions stay queued";
    }
    // Interactive platform calls (key, QR identity, progress, documents) on a connection of their own.
    kiosk::app::PlatformService platform(syncSettings.clientConfig());
    QObject::connect(&platform, &kiosk::app::PlatformService::submissionKeyReceived, &submissions,
                     &kiosk::app::SubmissionService::setPlatformKey);
    platform.start();

    kiosk::app::SessionSettings sessionSettings;
    sessionSettings.defaultLanguage = config.defaultLanguage;
    sessionSettings.defaultCareMode = config.defaultCareMode;
    sessionSettings.idleTimeoutS = config.idleTimeoutS;
    sessionSettings.careIdleTimeoutS = config.careIdleTimeoutS;
    sessionSettings.countdownS = config.countdownS;
    kiosk::app::KioskSession session(sessionSettings, &clock, &availability);

    kiosk::ui::VoiceSettings voiceSettings;
    voiceSettings.mandarinVoice = config.mandarinVoice;
    voiceSettings.cantoneseVoice = config.cantoneseVoice;
    voiceSettings.englishVoice = config.englishVoice;
    voiceSettings.engine = config.voiceEngine;
    kiosk::ui::VoiceGuide voice(voiceSettings);
    // Bring the speech engine up in the background once the window is showing, so care mode speaks at once.
    QTimer::singleShot(1000, &voice, &kiosk::ui::VoiceGuide::warmUp);

    // The catalogue: the cached copy (or the bundled sample on a first boot) at once, then newer versions from the
    // platform (ETag / since) now, every 6 hours and on the heartbeat's refresh_catalogue command.
    kiosk::app::CatalogueService catalogue;
    kiosk::app::CatalogueRefresher catalogueRefresher(
        &catalogue, &platform, QDir(config.effectiveDataDir()).filePath(QStringLiteral("catalogue.sqlite")),
        config.catalogueFile.isEmpty() ? QStringLiteral(":/catalogue/catalogue.json") : config.catalogueFile);
    catalogueRefresher.start();

    kiosk::app::IdentityService identity(&session, qobject_cast<kiosk::drivers::idcard::IdCardReader *>(
                                                       devices.device(kiosk::drivers::DeviceKind::IdCardReader)));

    using kiosk::drivers::DeviceKind;
    kiosk::app::ReceiptService receipts(
        qobject_cast<kiosk::drivers::escpos::ReceiptPrinter *>(devices.device(DeviceKind::ReceiptPrinter)));
    kiosk::app::CaptureService capture(
        qobject_cast<kiosk::drivers::SaneScanner *>(devices.device(DeviceKind::DocumentScanner)),
        qobject_cast<kiosk::drivers::DocumentCamera *>(devices.device(DeviceKind::DocumentCamera)));
    // Captured pages are rectified, quality-checked, compactly encoded and read (Tesseract on its own thread).
    kiosk::app::OcrService ocr;
    capture.setProcessor(&ocr);
    if (auto *docCamera = qobject_cast<kiosk::drivers::DocumentCamera *>(devices.device(DeviceKind::DocumentCamera)))
        capture.setPreviewSource(docCamera->previewSource()); // live view with automatic capture
    QTimer::singleShot(3000, &ocr, &kiosk::app::OcrService::warmUp);
    kiosk::app::CodeInput codes(
        qobject_cast<kiosk::drivers::codescanner::CodeScanner *>(devices.device(DeviceKind::CodeScanner)));
    kiosk::app::DocumentPrintService a4(
        qobject_cast<kiosk::drivers::DocumentPrinter *>(devices.device(DeviceKind::DocumentPrinter)));

    // The audit chain: security-relevant events, never personal data in clear (app/audit).
    QStringList auditProblems;
    kiosk::app::AuditOpenResult audit =
        kiosk::app::AuditLog::open(kiosk::app::loadAuditOptions(ini, config.effectiveDataDir(), &auditProblems));
    for (const QString &p : auditProblems)
        qCWarning(lcMain).noquote() << "config:" << p;
    if (!audit.isOk())
        qCCritical(lcMain).noquote() << "audit log unusable:" << audit.error.message;
    auto auditEvent = [&audit](const QString &kind, const QJsonObject &detail) {
        if (audit.isOk())
            audit.log->append(kind, detail);
    };
    QObject::connect(&submissions, &kiosk::app::SubmissionService::submitted, &app,
                     [&](const kiosk::app::SubmissionOutcome &o) {
                         if (o.ok())
                             auditEvent(QStringLiteral("submission.sealed"),
                                        {{QStringLiteral("local_no"), o.localNo}, {QStringLiteral("pages"), o.pages}});
                     });
    QObject::connect(&submissions, &kiosk::app::SubmissionService::acknowledged, &app,
                     [&](const QString &localNo, const QString &caseNo) {
                         auditEvent(QStringLiteral("submission.synced"),
                                    {{QStringLiteral("local_no"), localNo}, {QStringLiteral("case_no"), caseNo}});
                     });

    // The face step: the consent gate alone holds the face camera's frames; the models load in the background.
    auto *faceCamera = qobject_cast<kiosk::drivers::FaceCamera *>(devices.device(DeviceKind::FaceCamera));
    kiosk::app::ConsentGate consentGate(faceCamera ? faceCamera->frameSource() : nullptr);
    consentGate.setAuditSink([&](const kiosk::app::ConsentAuditEvent &e) {
        auditEvent(QStringLiteral("consent.") + e.type, {{QStringLiteral("purpose"), e.purpose},
                                                         {QStringLiteral("text_version"), e.textVersion},
                                                         {QStringLiteral("detail"), e.detail}});
    });
    const kiosk::app::FaceConfig faceConfig = kiosk::app::FaceConfig::load(parser.value(configOpt));
    kiosk::app::FaceStep faceStep(&consentGate, nullptr, faceConfig,
                                  ini.value(QStringLiteral("devices/idcard_reader.photo_decoder")).toString());
    QThreadPool::globalInstance()->start([&faceStep, faceConfig, &app] {
        auto loaded = kiosk::app::FaceEngine::load(faceConfig);
        if (!loaded.engine)
            qCWarning(lcMain).noquote() << "face models not loaded; identity goes to staff:" << loaded.detail;
        QMetaObject::invokeMethod(&app, [&faceStep, engine = loaded.engine] { faceStep.setEngine(engine); });
    });
    QObject::connect(&session, &kiosk::app::KioskSession::wiped, &consentGate, &kiosk::app::ConsentGate::reset);

    // Every configured device's status, for the heartbeat and the maintenance menu (never personal data).
    const auto deviceReports = [&devices] {
        QList<kiosk::app::DeviceReport> out;
        for (DeviceKind kind : devices.configuredKinds()) {
            const kiosk::drivers::DeviceStatus st = devices.status(kind);
            out.append({kiosk::drivers::toString(kind), kiosk::drivers::toString(st.state), st.detail});
        }
        return out;
    };

    // The fleet heartbeat (every 60 s): devices, queue figures, last sync; commands from the platform.
    // Services that talk to the platform from their own threads each make their own client from the same settings.
    const auto platformClientFactory = [clientConfig = syncSettings.clientConfig()] {
        return std::make_unique<kiosk::queue::CurlPlatformClient>(clientConfig);
    };
    std::unique_ptr<kiosk::app::HeartbeatService> heartbeat;
    if (!syncSettings.baseUrl.isEmpty()) {
        kiosk::app::HeartbeatProviders providers;
        providers.devices = deviceReports;
        providers.queue = [&sync] {
            const kiosk::queue::SyncStatus st = sync->status();
            return kiosk::app::QueueFigures{st.pending + st.inFlight, st.dead, qMax<qint64>(0, st.oldestAgeS)};
        };
        providers.lastSync = [&sync] { return sync->status().lastSync; };
        heartbeat = std::make_unique<kiosk::app::HeartbeatService>(
            kiosk::app::loadHeartbeatSettings(ini, config.kioskId, QStringLiteral(KIOSK_VERSION)), providers,
            platformClientFactory);
        QObject::connect(heartbeat.get(), &kiosk::app::HeartbeatService::syncNowRequested, sync.get(),
                         [&sync](const QString &) { sync->syncNow(); });
        QObject::connect(heartbeat.get(), &kiosk::app::HeartbeatService::refreshCatalogueRequested, &catalogueRefresher,
                         [&catalogueRefresher](const QString &) { catalogueRefresher.refreshNow(); });
        // send_selftest: every device's self-test (deferred while a citizen is served), signed with the kiosk key,
        // carried by the next heartbeat.
        auto *selftest = new kiosk::app::SelftestRunner(
            &devices, {config.kioskId, QStringLiteral(KIOSK_VERSION), syncSettings.clientKeyFile}, heartbeat.get());
        selftest->setCanRunNow([&session] { return session.visitId().isEmpty(); });
        selftest->setExtraChecks([&submissions, queueError] {
            return QList<kiosk::app::SelftestCheck>{{QStringLiteral("queue_database"), submissions.isRunning(),
                                                     submissions.isRunning() ? QStringLiteral("open") : queueError}};
        });
        QObject::connect(heartbeat.get(), &kiosk::app::HeartbeatService::selftestRequested, selftest,
                         &kiosk::app::SelftestRunner::run);
        QObject::connect(selftest, &kiosk::app::SelftestRunner::reportReady, heartbeat.get(),
                         &kiosk::app::HeartbeatService::attachSelftest);
        heartbeat->start();
    }

    // The audit chain's head is anchored at the platform after each sync and each heartbeat (off the GUI thread;
    // posted only when the head changed), so a local rollback or replacement of the chain shows at the platform.
    std::unique_ptr<kiosk::app::AuditAnchorService> auditAnchor;
    if (sync && audit.isOk()) {
        auditAnchor = std::make_unique<kiosk::app::AuditAnchorService>(*audit.log, platformClientFactory);
        QObject::connect(sync.get(), &kiosk::queue::SyncEngine::acknowledged, auditAnchor.get(),
                         &kiosk::app::AuditAnchorService::anchorSoon);
        if (heartbeat)
            QObject::connect(heartbeat.get(), &kiosk::app::HeartbeatService::heartbeatFinished, auditAnchor.get(),
                             &kiosk::app::AuditAnchorService::anchorSoon);
        QObject::connect(auditAnchor.get(), &kiosk::app::AuditAnchorService::alert, &app, [](const QString &message) {
            qCCritical(lcMain).noquote() << "audit anchor refused by the platform:" << message;
        });
        auditAnchor->start();
        auditAnchor->anchorSoon();
    }

    // The technicians' maintenance menu (five taps on the centre name): PIN sign-in with a persistent lockout,
    // device statuses and self-tests, the outbox figures and "sync now". No personal data passes through it.
    QStringList maintenanceProblems;
    kiosk::app::MaintenanceAuthOptions maintenanceOptions =
        kiosk::app::loadMaintenanceOptions(ini, config.effectiveDataDir(), &maintenanceProblems);
    for (const QString &p : maintenanceProblems)
        qCWarning(lcMain).noquote() << "config:" << p;
    maintenanceOptions.audit = auditEvent;
    kiosk::app::MaintenanceAuth::OpenResult maintenanceAuth = kiosk::app::MaintenanceAuth::open(maintenanceOptions);
    if (!maintenanceAuth.isOk())
        qCWarning(lcMain).noquote() << "maintenance menu unavailable:" << maintenanceAuth.error.message;
    kiosk::app::MaintenanceBackendDeps maintenanceDeps;
    maintenanceDeps.devices = &devices;
    maintenanceDeps.deviceReports = deviceReports;
    maintenanceDeps.receipts = &receipts;
    maintenanceDeps.codes = &codes;
    maintenanceDeps.sync = sync.get();
    maintenanceDeps.queueDatabasePath = syncSettings.databasePath;
    maintenanceDeps.kioskId = config.kioskId;
    maintenanceDeps.catalogue = &catalogue;
    maintenanceDeps.refresher = &catalogueRefresher;
    maintenanceDeps.platform = &platform;
    maintenanceDeps.logDir = config.effectiveLogDir();
    maintenanceDeps.configPath = config.sourcePath;
    maintenanceDeps.localConfigPath = config.overridePath; // the menu's edits; /etc/kiosk stays root's
    maintenanceDeps.leaveKioskMarker = qEnvironmentVariable("KIOSK_LEAVE_MARKER"); // set by kiosk-session
    maintenanceDeps.centreName = config.centreName;
    maintenanceDeps.hotline = config.hotline;
    maintenanceDeps.exportDir = ini.value(QStringLiteral("maintenance/export_dir")).toString();
    kiosk::app::MaintenanceBackend maintenanceBackend(maintenanceDeps);
    // Declared before the window: the menu screen signs out when the window destroys it.
    kiosk::app::MaintenanceService maintenance(maintenanceBackend.providers(), maintenanceAuth.auth.get(), nullptr,
                                               auditEvent);

    kiosk::ui::MainWindowOptions options;
    options.services.maintenance = maintenanceAuth.isOk() ? &maintenance : nullptr;
    options.services.face = &faceStep;
    options.services.submissions = submissions.isRunning() ? &submissions : nullptr;
    options.services.platform = platform.isConfigured() ? &platform : nullptr;
    options.services.receipts = &receipts;
    options.services.capture = &capture;
    options.services.codes = &codes;
    options.services.a4 = &a4;
    options.services.receiptQueryUrl = config.receiptQueryUrl;
    options.services.ackWaitMs = sync ? config.receiptAckWaitMs : 0;
    options.identity = &identity;
    options.catalogue = &catalogue;
    options.centreName = config.centreName;
    options.hotline = config.hotline;
    options.staffHelp = config.staffHelp;
    options.highContrast = config.highContrast;
    options.voiceInStandardMode = config.voiceInStandardMode;
    kiosk::ui::MainWindow window(&session, &availability, &voice, options);

    const QString readyScreen = parser.isSet(startOpt) ? kiosk::app::KioskSession::kHome : session.currentScreen();
    if (parser.isSet(readyOpt) || parser.isSet(quitOpt)) {
        QObject::connect(&window, &kiosk::ui::MainWindow::screenShown, &app,
                         [&, want = readyScreen](const QString &id) {
                             if (id != want)
                                 return;
                             // Interactive = the event loop has painted the screen and is idle again.
                             QTimer::singleShot(0, &app, [&, id] {
                                 std::printf("ready %s\n", qPrintable(id));
                                 std::fflush(stdout);
                                 if (parser.isSet(quitOpt))
                                     app.quit();
                             });
                         });
    }
    // READY=1 for systemd at the same moment: the first screen is shown and the event loop is idle again.
    QObject::connect(&window, &kiosk::ui::MainWindow::screenShown, &systemd,
                     [&systemd, want = readyScreen](const QString &id) {
                         if (id == want)
                             QTimer::singleShot(0, &systemd, &kiosk::app::SystemdNotifier::notifyReady);
                     });

    if (parser.isSet(windowedOpt)) {
        const QStringList wh = parser.value(sizeOpt).split(QLatin1Char('x'));
        const int w = wh.value(0).toInt();
        const int h = wh.value(1).toInt();
        window.resize(w > 0 ? w : 1080, h > 0 ? h : 1920);
        window.show();
    } else {
        // Fill the panel ourselves too: a kiosk compositor (cage) honours full screen, a bare X server has no
        // window manager to do it.
        window.setWindowFlag(Qt::FramelessWindowHint);
        if (QScreen *screen = QGuiApplication::primaryScreen())
            window.setGeometry(screen->geometry());
        window.showFullScreen();
    }
    if (parser.isSet(startOpt))
        QTimer::singleShot(0, &session, &kiosk::app::KioskSession::begin);
    else
        QTimer::singleShot(0, &window, [&] { emit window.screenShown(session.currentScreen()); });

    const int rc = app.exec();
    systemd.notifyStopping();
    QThreadPool::globalInstance()->waitForDone(5000); // the model loader refers to objects of this scope
    if (heartbeat)
        heartbeat->stop();
    platform.stop();
    if (sync)
        sync->stop();
    submissions.stop();
    qCInfo(lcMain) << "kiosk stopped";
    kiosk::app::shutdownLogging();
    return rc;
}
