// `platform-sandbox`: the reference implementation of platform-api.md for the demo and the tests. Serves the API over
// mutual TLS with the demo PKI, a control endpoint on 127.0.0.1, prints one JSON "ready" line, exits on SIGTERM/SIGINT.
#include "offline_queue/sandbox/http.h"
#include "offline_queue/sandbox/sandbox.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QLoggingCategory>
#include <QSocketNotifier>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QTcpServer>

#include <csignal>
#include <cstdio>
#include <sys/socket.h>
#include <unistd.h>

using namespace kiosk::sandbox;

namespace {

Q_LOGGING_CATEGORY(lcMain, "kiosk.sandbox.main")

int signalPipe[2] = {-1, -1};

void onSignal(int)
{
    const char c = 1;
    [[maybe_unused]] const ssize_t n = ::write(signalPipe[1], &c, 1);
}

int fail(const QString &message, int code = 1)
{
    std::fprintf(stderr, "platform-sandbox: %s\n", qPrintable(message));
    return code;
}

bool parseListen(const QString &text, QHostAddress *host, quint16 *port)
{
    const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
    if (colon <= 0)
        return false;
    bool ok = false;
    const uint p = text.mid(colon + 1).toUInt(&ok);
    QString h = text.left(colon);
    if (h.startsWith(QLatin1Char('[')) && h.endsWith(QLatin1Char(']')))
        h = h.mid(1, h.size() - 2);
    if (h == QLatin1String("localhost"))
        h = QStringLiteral("127.0.0.1");
    if (!ok || p > 65535 || !host->setAddress(h))
        return false;
    *port = quint16(p);
    return true;
}

QString urlHost(const QHostAddress &a)
{
    return a.protocol() == QAbstractSocket::IPv6Protocol ? QLatin1Char('[') + a.toString() + QLatin1Char(']')
                                                         : a.toString();
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("platform-sandbox"));
    QCoreApplication::setApplicationVersion(QStringLiteral("1"));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Reference implementation of the kiosk <-> provincial platform API (platform-api.md) for the "
                       "demo and the tests. Not a real platform: it keeps decrypted submissions in its data folder."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption pkiOpt(QStringLiteral("pki"),
                                    QStringLiteral("Folder made by packaging/make-demo-pki.sh (required)."),
                                    QStringLiteral("DIR"));
    const QCommandLineOption dataOpt(QStringLiteral("data"),
                                     QStringLiteral("Folder for the sandbox database and blobs (required)."),
                                     QStringLiteral("DIR"));
    const QCommandLineOption listenOpt(QStringLiteral("listen"),
                                       QStringLiteral("HTTPS address; port 0 picks a free port. Default "
                                                      "127.0.0.1:8443."),
                                       QStringLiteral("HOST:PORT"), QStringLiteral("127.0.0.1:8443"));
    const QCommandLineOption controlOpt(QStringLiteral("control-port"),
                                        QStringLiteral("Plain-HTTP control port on 127.0.0.1; 0 (default) picks a "
                                                       "free port."),
                                        QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption catalogueOpt(QStringLiteral("catalogue"),
                                          QStringLiteral("Catalogue JSON to serve (default: the built-in copy of "
                                                         "resources/catalogue/catalogue.json)."),
                                          QStringLiteral("FILE"));
    const QCommandLineOption identitiesOpt(QStringLiteral("identities"),
                                           QStringLiteral("JSON file of known QR codes (default: built-in demo "
                                                          "codes YSS-DEMO-0001..0006, YSS-DEMO-EXPIRED)."),
                                           QStringLiteral("FILE"));
    const QCommandLineOption advanceOpt(QStringLiteral("advance-seconds"),
                                        QStringLiteral("Seconds between timeline steps of a case (received -> "
                                                       "accepted -> in_review -> approved); 0: never. Default 30."),
                                        QStringLiteral("N"), QStringLiteral("30"));
    const QCommandLineOption ttlOpt(QStringLiteral("token-ttl-seconds"),
                                    QStringLiteral("Lifetime of an identity token. Default 300."), QStringLiteral("N"),
                                    QStringLiteral("300"));
    const QCommandLineOption faultOpt(QStringLiteral("fault"),
                                      QStringLiteral("A fault rule, repeatable: ENDPOINT[:key=value,...], e.g. "
                                                     "submissions:status=503,retry_after=5,count=2 (see "
                                                     "offline_queue/sandbox/README.md)."),
                                      QStringLiteral("SPEC"));
    const QCommandLineOption extraKeyOpt(QStringLiteral("extra-key"),
                                         QStringLiteral("A retired submission key that still opens envelopes, "
                                                        "repeatable."),
                                         QStringLiteral("KEY_ID=PEMFILE"));
    parser.addOptions({pkiOpt, dataOpt, listenOpt, controlOpt, catalogueOpt, identitiesOpt, advanceOpt, ttlOpt,
                       faultOpt, extraKeyOpt});
    parser.process(app);

    if (!parser.isSet(pkiOpt) || !parser.isSet(dataOpt))
        return fail(QStringLiteral("--pki DIR and --data DIR are required (see --help)"), 64);

    SandboxOptions options;
    options.pkiDir = parser.value(pkiOpt);
    options.dataDir = parser.value(dataOpt);
    options.cataloguePath = parser.value(catalogueOpt);
    options.identitiesPath = parser.value(identitiesOpt);
    bool ok = false;
    options.advanceSeconds = parser.value(advanceOpt).toInt(&ok);
    if (!ok || options.advanceSeconds < 0)
        return fail(QStringLiteral("--advance-seconds must be a non-negative integer"), 64);
    options.tokenTtlSeconds = parser.value(ttlOpt).toInt(&ok);
    if (!ok || options.tokenTtlSeconds <= 0)
        return fail(QStringLiteral("--token-ttl-seconds must be a positive integer"), 64);
    for (const QString &spec : parser.values(faultOpt)) {
        QString why;
        const std::optional<FaultRule> rule = FaultRule::fromSpec(spec, &why);
        if (!rule)
            return fail(why, 64);
        options.faults.append(*rule);
    }
    for (const QString &spec : parser.values(extraKeyOpt)) {
        const qsizetype eq = spec.indexOf(QLatin1Char('='));
        if (eq <= 0)
            return fail(QStringLiteral("--extra-key wants KEY_ID=PEMFILE"), 64);
        options.extraKeys.append({spec.left(eq), spec.mid(eq + 1)});
    }
    QHostAddress host;
    quint16 port = 0;
    if (!parseListen(parser.value(listenOpt), &host, &port))
        return fail(QStringLiteral("--listen wants HOST:PORT with an IP address (or localhost)"), 64);
    const uint controlPort = parser.value(controlOpt).toUInt(&ok);
    if (!ok || controlPort > 65535)
        return fail(QStringLiteral("--control-port must be 0..65535"), 64);

    // TLS: the server certificate of the demo PKI; client certificates must chain to the demo CA (and to nothing
    // else: the system trust store is not consulted), so a kiosk without one is refused in the handshake.
    const QDir pki(options.pkiDir);
    const QList<QSslCertificate> serverChain = QSslCertificate::fromPath(pki.filePath(QStringLiteral("server.crt")));
    const QList<QSslCertificate> ca = QSslCertificate::fromPath(pki.filePath(QStringLiteral("ca.crt")));
    QFile keyFile(pki.filePath(QStringLiteral("server.key")));
    if (serverChain.isEmpty() || ca.isEmpty() || !keyFile.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("%1 must hold server.crt, server.key and ca.crt (packaging/make-demo-pki.sh)")
                        .arg(options.pkiDir));
    const QByteArray keyPem = keyFile.readAll();
    QSslKey serverKey(keyPem, QSsl::Ec);
    if (serverKey.isNull())
        serverKey = QSslKey(keyPem, QSsl::Rsa);
    if (serverKey.isNull())
        return fail(QStringLiteral("server.key is not an EC or RSA private key"));

    QString error;
    std::unique_ptr<Sandbox> sandbox = Sandbox::create(options, &error);
    if (!sandbox)
        return fail(error);

    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setProtocol(QSsl::TlsV1_2OrLater);
    tls.setLocalCertificateChain(serverChain);
    tls.setPrivateKey(serverKey);
    tls.setCaCertificates(ca);
    tls.setPeerVerifyMode(QSslSocket::VerifyPeer);

    PlatformApi api(*sandbox);
    HttpLimits limits;
    quint64 nextConnection = 0;

    QSslServer server;
    server.setSslConfiguration(tls);
    server.setHandshakeTimeout(10000);
    QObject::connect(&server, &QTcpServer::pendingConnectionAvailable, &server, [&] {
        while (server.hasPendingConnections()) {
            QTcpSocket *socket = server.nextPendingConnection();
            new HttpConnection(socket, &api, limits, ++nextConnection, &server);
        }
    });
    QObject::connect(&server, &QSslServer::errorOccurred, &server,
                     [](QSslSocket *socket, QAbstractSocket::SocketError) {
                         qCInfo(lcMain).noquote() << "TLS handshake refused:" << socket->errorString();
                     });
    if (!server.listen(host, port))
        return fail(QStringLiteral("cannot listen on %1: %2").arg(parser.value(listenOpt), server.errorString()));
    const QString url = QStringLiteral("https://%1:%2").arg(urlHost(host)).arg(server.serverPort());

    ControlApi control(*sandbox, url);
    QTcpServer controlServer;
    QObject::connect(&controlServer, &QTcpServer::newConnection, &controlServer, [&] {
        while (controlServer.hasPendingConnections()) {
            QTcpSocket *socket = controlServer.nextPendingConnection();
            new HttpConnection(socket, &control, limits, ++nextConnection, &controlServer);
        }
    });
    if (!controlServer.listen(QHostAddress::LocalHost, quint16(controlPort)))
        return fail(
            QStringLiteral("cannot listen on 127.0.0.1:%1: %2").arg(controlPort).arg(controlServer.errorString()));
    const QString controlUrl = QStringLiteral("http://127.0.0.1:%1").arg(controlServer.serverPort());
    control.setControlUrl(controlUrl);

    // SIGTERM/SIGINT through a self-pipe: the handler only writes a byte; the event loop quits cleanly.
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, signalPipe) != 0)
        return fail(QStringLiteral("socketpair failed"));
    QSocketNotifier notifier(signalPipe[0], QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, &app, [&] {
        char c = 0;
        [[maybe_unused]] const ssize_t n = ::read(signalPipe[0], &c, 1);
        qCInfo(lcMain) << "signal received: shutting down";
        QCoreApplication::quit();
    });
    struct sigaction sa {
    };
    sa.sa_handler = onSignal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    ::sigaction(SIGTERM, &sa, nullptr);
    ::sigaction(SIGINT, &sa, nullptr);
    std::signal(SIGPIPE, SIG_IGN);

    // Written by hand to keep the documented member order (QJsonDocument sorts members).
    std::fprintf(stdout, "{\"ready\":true,\"url\":\"%s\",\"control\":\"%s\"}\n", qPrintable(url),
                 qPrintable(controlUrl));
    std::fflush(stdout);

    const int rc = QCoreApplication::exec();
    server.close();
    controlServer.close();
    // Connections are children of the servers; delete them while the handlers and the database still exist.
    qDeleteAll(server.findChildren<HttpConnection *>(Qt::FindDirectChildrenOnly));
    qDeleteAll(controlServer.findChildren<HttpConnection *>(Qt::FindDirectChildrenOnly));
    ::close(signalPipe[0]);
    ::close(signalPipe[1]);
    return rc;
}
