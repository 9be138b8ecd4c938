// kiosk-devsim: serves the ID-card reader, QR scanner and receipt printer on ptys, driven over a control socket.
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSocketNotifier>

#include <csignal>
#include <cstdio>
#include <sys/socket.h>
#include <unistd.h>

#include "drivers/simulators/card_catalogue.h"
#include "drivers/simulators/control_server.h"
#include "drivers/simulators/device_simulator.h"

using namespace kiosk::drivers::simulators;

namespace {

int g_signalFds[2] = {-1, -1};

void onSignal(int)
{
    const char b = 1;
    [[maybe_unused]] const auto n = ::write(g_signalFds[0], &b, 1);
}

// The first stdout line is the machine-readable outcome of start-up; logs go to stderr.
void printLine(const QJsonObject &o)
{
    std::fputs(QJsonDocument(o).toJson(QJsonDocument::Compact).constData(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

int startupFailure(const QString &why, int code)
{
    std::fprintf(stderr, "kiosk-devsim: %s\n", qPrintable(why));
    printLine(QJsonObject{{QStringLiteral("ready"), false}, {QStringLiteral("error"), why}});
    return code;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("kiosk-devsim"));
    std::signal(SIGPIPE, SIG_IGN);

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Simulates the kiosk's ID-card reader (SAM_V), QR scanner (serial CDC) and receipt printer (ESC/POS) on "
        "ptys. Prints one JSON line when ready; control it through DIR/control.sock (one JSON object per line)."));
    parser.addHelpOption();
    const QCommandLineOption dirOption(QStringLiteral("dir"),
                                       QStringLiteral("Folder for the device links, the control "
                                                      "socket and receipts/."),
                                       QStringLiteral("DIR"));
    const QCommandLineOption cardsOption(QStringLiteral("cards"),
                                         QStringLiteral("Test-card catalogue (default: the built-in cards.json)."),
                                         QStringLiteral("FILE"));
    const QCommandLineOption paperOption(QStringLiteral("paper"),
                                         QStringLiteral("Initial paper state: ok, near_end, out."),
                                         QStringLiteral("STATE"), QStringLiteral("ok"));
    const QCommandLineOption fastOption(QStringLiteral("fast"),
                                        QStringLiteral("No reader processing time and no wire-time pacing (tests)."));
    const QCommandLineOption noRenderOption(QStringLiteral("no-render"),
                                            QStringLiteral("Keep receipt text and QR payloads but write no PNGs."));
    parser.addOptions({dirOption, cardsOption, paperOption, fastOption, noRenderOption});
    parser.process(app);

    if (!parser.isSet(dirOption))
        return startupFailure(QStringLiteral("--dir is required"), 2);
    DeviceSimulatorOptions options;
    options.dir = QDir(parser.value(dirOption)).absolutePath();
    options.fast = parser.isSet(fastOption);
    options.drawReceipts = !parser.isSet(noRenderOption);
    const QString paper = parser.value(paperOption);
    if (paper == QLatin1String("ok"))
        options.paper = kiosk::drivers::escpos::PrinterPaperState::Ok;
    else if (paper == QLatin1String("near_end"))
        options.paper = kiosk::drivers::escpos::PrinterPaperState::NearEnd;
    else if (paper == QLatin1String("out"))
        options.paper = kiosk::drivers::escpos::PrinterPaperState::Out;
    else
        return startupFailure(QStringLiteral("--paper must be ok, near_end or out"), 2);

    const QString cardsPath = parser.isSet(cardsOption) ? parser.value(cardsOption) : CardCatalogue::builtInPath();
    CardCatalogueResult cards = CardCatalogue::load(cardsPath);
    if (!cards.isOk())
        return startupFailure(QStringLiteral("cards: %1").arg(cards.error), 2);

    if (!QDir().mkpath(options.dir))
        return startupFailure(QStringLiteral("cannot create %1").arg(options.dir), 1);

    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, g_signalFds) != 0)
        return startupFailure(QStringLiteral("socketpair failed"), 1);
    QSocketNotifier signalNotifier(g_signalFds[1], QSocketNotifier::Read);
    QObject::connect(&signalNotifier, &QSocketNotifier::activated, &app, [] {
        char b;
        [[maybe_unused]] const auto n = ::read(g_signalFds[1], &b, 1);
        QCoreApplication::quit();
    });
    struct sigaction sa {
    };
    sa.sa_handler = onSignal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGTERM, &sa, nullptr);
    sigaction(SIGINT, &sa, nullptr);

    DeviceSimulator simulator(options, cards.catalogue);
    QString error;
    if (!simulator.start(&error))
        return startupFailure(error, 1);
    ControlServer control(&simulator);
    const QString controlPath = QDir(options.dir).filePath(QStringLiteral("control.sock"));
    if (!control.listen(controlPath, &error)) {
        simulator.shutdown();
        return startupFailure(error, 1);
    }
    // Quit after the answer to "quit" has been written.
    QObject::connect(&simulator, &DeviceSimulator::quitRequested, &app, &QCoreApplication::quit, Qt::QueuedConnection);

    printLine(QJsonObject{
        {QStringLiteral("ready"), true},
        {QStringLiteral("idcard"), simulator.linkPath(QStringLiteral("idcard"))},
        {QStringLiteral("qr"), simulator.linkPath(QStringLiteral("qr"))},
        {QStringLiteral("printer"), simulator.linkPath(QStringLiteral("printer"))},
        {QStringLiteral("control"), controlPath},
        {QStringLiteral("receipts"), QDir(options.dir).filePath(QStringLiteral("receipts"))},
        {QStringLiteral("pid"), qint64(QCoreApplication::applicationPid())},
    });

    const int rc = app.exec();
    control.close();
    simulator.shutdown();
    return rc;
}
