// `kiosk`: the composition root. Reads the config, builds services and the UI, runs full screen.
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QScreen>
#include <QTimer>

#include <cstdio>

#include "app/composition/kiosk_services.h"
#include "app/config/kiosk_config.h"
#include "app/logging/log_setup.h"
#include "app/service_manager/core_dumps.h"
#include "app/service_manager/systemd_notifier.h"
#include "app/service_manager/termination_signals.h"
#include "app/session/kiosk_session.h"
#include "common/startup_gate.h"
#include "ui/main_window.h"
#include "ui/voice/voice_guide.h"

Q_LOGGING_CATEGORY(lcMain, "kiosk.main")

int main(int argc, char *argv[])
{
    // Before anything personal can be in memory: a killed kiosk leaves no core (core_dumps.h).
    const bool noCoreDumps = kiosk::app::disableCoreDumps();
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
    if (!noCoreDumps)
        qCWarning(lcMain) << "prctl(PR_SET_DUMPABLE, 0) failed: a crash may leave a core dump";
    for (const auto &p : problems)
        qCWarning(lcMain).noquote() << "config:" << p.key << p.message;
    qCInfo(lcMain).noquote() << "kiosk" << KIOSK_VERSION << "starting; kiosk id" << config.kioskId;
    if (!config.overriddenKeys.isEmpty())
        qCInfo(lcMain).noquote() << "config: from" << config.overridePath
                                 << config.overriddenKeys.join(QLatin1Char(' '));

    // systemd (packaging/systemd/kiosk.service): READY, a watchdog fed by this (GUI) thread, the out-of-service
    // reason as STATUS, STOPPING; inert without NOTIFY_SOCKET. SIGTERM quits cleanly.
    kiosk::app::SystemdNotifier systemd;
    systemd.startWatchdog();
    kiosk::app::quitOnTerminationSignals();

    // Every application service, built from the configuration and wired together (app/composition).
    // What can wait (Qt Multimedia's backend, the face models, pinyin search) waits until the first screen is up.
    kiosk::common::StartupGate::hold();
    kiosk::app::KioskServices services(parser.value(configOpt), config);
    systemd.followAvailability(&services.availability);
    kiosk::app::KioskSession &session = *services.session;

    kiosk::ui::VoiceSettings voiceSettings;
    voiceSettings.mandarinVoice = config.mandarinVoice;
    voiceSettings.cantoneseVoice = config.cantoneseVoice;
    voiceSettings.englishVoice = config.englishVoice;
    voiceSettings.engine = config.voiceEngine;
    kiosk::ui::VoiceGuide voice(voiceSettings);
    // Bring the speech engine up in the background once the window is showing, so care mode speaks at once.
    QTimer::singleShot(1000, &voice, &kiosk::ui::VoiceGuide::warmUp);

    kiosk::ui::MainWindowOptions options;
    options.services = services.citizenServices();
    options.identity = services.identity.get();
    options.catalogue = services.catalogue.get();
    options.centreName = config.centreName;
    options.hotline = config.hotline;
    options.staffHelp = config.staffHelp;
    options.devicePlaces = config.devicePlaceMap();
    options.highContrast = config.highContrast;
    options.voiceInStandardMode = config.voiceInStandardMode;
    kiosk::ui::MainWindow window(&session, &services.availability, &voice, options);

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
    QObject::connect(&window, &kiosk::ui::MainWindow::screenShown, &app,
                     [] { QTimer::singleShot(0, &kiosk::common::StartupGate::open); });
    // READY=1 for systemd at the same moment: the first screen is shown and the event loop is idle again.
    QObject::connect(&window, &kiosk::ui::MainWindow::screenShown, &systemd,
                     [&systemd, &services, want = readyScreen](const QString &id) {
                         if (id != want)
                             return;
                         QTimer::singleShot(0, &systemd, &kiosk::app::SystemdNotifier::notifyReady);
                         services.markReady(); // the state file kiosk-update reads
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
    services.stop();
    qCInfo(lcMain) << "kiosk stopped";
    kiosk::app::shutdownLogging();
    return rc;
}
