// An HTTPS/1.1 server in the test process (QSslServer with the demo PKI) that records what it received and answers
// with scripted bytes, for the platform client's unit tests. It runs on the test's thread; the blocking client call
// runs on a helper thread (callOffThread) while this thread's event loop serves.
#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QList>
#include <QMap>
#include <QProcess>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTemporaryDir>

#include <atomic>
#include <functional>
#include <thread>

namespace kiosk::test {

struct ReceivedRequest {
    QByteArray method;
    QByteArray target;                    // path and query
    QMap<QByteArray, QByteArray> headers; // lower-case names
    QByteArray body;
    QString peerCommonName; // CN of the client certificate, if one was presented
    int connection = 0;
};

struct Reply {
    enum class Action { Send, Close, Hang } action = Action::Send;
    QByteArray bytes;

    static Reply json(int status, const QByteArray &body, const QByteArray &extraHeaders = {},
                      const QByteArray &contentType = "application/json")
    {
        return raw("HTTP/1.1 " + QByteArray::number(status) + " X\r\nContent-Type: " + contentType +
                   "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n" + extraHeaders + "\r\n" + body);
    }
    static Reply raw(const QByteArray &bytes) { return {Action::Send, bytes}; }
    static Reply close() { return {Action::Close, {}}; }
    static Reply hang() { return {Action::Hang, {}}; }
};

class TlsTestServer
{
public:
    using Responder = std::function<Reply(const ReceivedRequest &)>;

    // `certName`: <name>.crt/.key in `pkiDir` presented by the server. `requireClientCert`: VerifyPeer against ca.crt.
    bool listen(const QString &pkiDir, const QString &certName = QStringLiteral("server"),
                bool requireClientCert = true, QSsl::SslProtocol protocol = QSsl::TlsV1_2OrLater)
    {
        QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
        conf.setLocalCertificate(QSslCertificate::fromPath(QDir(pkiDir).filePath(certName + ".crt")).value(0));
        QFile key(QDir(pkiDir).filePath(certName + ".key"));
        if (!key.open(QIODevice::ReadOnly))
            return false;
        conf.setPrivateKey(QSslKey(key.readAll(), QSsl::Ec));
        conf.setCaCertificates(QSslCertificate::fromPath(QDir(pkiDir).filePath("ca.crt")));
        conf.setPeerVerifyMode(requireClientCert ? QSslSocket::VerifyPeer : QSslSocket::VerifyNone);
        conf.setProtocol(protocol);
        server_.setSslConfiguration(conf);
        QObject::connect(&server_, &QSslServer::startedEncryptionHandshake, [this](QSslSocket *) { ++handshakes; });
        QObject::connect(&server_, &QSslServer::errorOccurred,
                         [this](QSslSocket *, QAbstractSocket::SocketError) { ++handshakeErrors; });
        QObject::connect(&server_, &QTcpServer::pendingConnectionAvailable, [this] { accept(); });
        return server_.listen(QHostAddress::LocalHost, 0);
    }

    quint16 port() const { return server_.serverPort(); }
    QString url() const { return QStringLiteral("https://localhost:%1").arg(port()); }

    Responder responder = [](const ReceivedRequest &) { return Reply::json(200, "{\"ok\":true}"); };
    QList<ReceivedRequest> requests;
    qint64 applicationBytes = 0; // decrypted bytes received: the HTTP requests as the server saw them
    int handshakes = 0;
    int handshakeErrors = 0;
    int connections = 0; // connections that completed the handshake

private:
    struct Conn {
        QSslSocket *socket = nullptr;
        QByteArray buffer;
        int id = 0;
    };

    void accept()
    {
        while (QTcpSocket *s = server_.nextPendingConnection()) {
            auto *ssl = qobject_cast<QSslSocket *>(s);
            ++connections;
            auto conn = std::make_shared<Conn>();
            conn->socket = ssl;
            conn->id = connections;
            QObject::connect(ssl, &QSslSocket::readyRead, ssl, [this, conn] { onData(conn); });
            QObject::connect(ssl, &QSslSocket::disconnected, ssl, &QObject::deleteLater);
            if (ssl->bytesAvailable() > 0)
                onData(conn);
        }
    }

    void onData(const std::shared_ptr<Conn> &c)
    {
        const QByteArray chunk = c->socket->readAll();
        applicationBytes += chunk.size();
        c->buffer += chunk;
        for (;;) {
            const qsizetype end = c->buffer.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            ReceivedRequest r;
            const QList<QByteArray> lines = c->buffer.left(end).split('\n');
            const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
            r.method = first.value(0);
            r.target = first.value(1);
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const QByteArray line = lines[i].trimmed();
                const qsizetype colon = line.indexOf(':');
                if (colon > 0)
                    r.headers.insert(line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed());
            }
            const qint64 length = r.headers.value("content-length").toLongLong();
            if (c->buffer.size() < end + 4 + length)
                return;
            r.body = c->buffer.mid(end + 4, length);
            c->buffer.remove(0, end + 4 + length);
            r.peerCommonName = c->socket->peerCertificate().subjectInfo(QSslCertificate::CommonName).value(0);
            r.connection = c->id;
            requests.append(r);
            const Reply reply = responder(r);
            if (reply.action == Reply::Action::Close) {
                c->socket->disconnectFromHost();
                return;
            }
            if (reply.action == Reply::Action::Hang)
                return;
            c->socket->write(reply.bytes);
        }
    }

    QSslServer server_;
};

// Runs `call` on a helper thread while this thread's event loop keeps serving; returns its result.
template <typename Result> Result callOffThread(const std::function<Result()> &call, int limitMs = 30000)
{
    Result result{};
    std::atomic<bool> done{false};
    std::thread t([&] {
        result = call();
        done.store(true);
    });
    QElapsedTimer clock;
    clock.start();
    while (!done.load() && clock.elapsed() < limitMs)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    t.join(); // the client's own timeouts end the call; the limit above only stops serving
    QCoreApplication::processEvents();
    return result;
}

inline QString runTool(const QString &program, const QStringList &args, const QString &dir = {})
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    if (!dir.isEmpty())
        p.setWorkingDirectory(dir);
    p.start(program, args);
    if (!p.waitForFinished(120000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
        return program + QStringLiteral(" failed: ") + QString::fromLocal8Bit(p.readAll());
    return {};
}

// The demo PKI (packaging/make-demo-pki.sh), made once per test executable in the build tree (the script is
// idempotent), plus a server certificate for the backup key so the backup pin can be shown to work.
inline QString demoPki(const QString &testName, QString *error)
{
    const QString source = qEnvironmentVariable("KIOSK_SOURCE_DIR");
    const QString binary = qEnvironmentVariable("KIOSK_BINARY_DIR");
    if (source.isEmpty() || binary.isEmpty()) {
        *error = QStringLiteral("KIOSK_SOURCE_DIR and KIOSK_BINARY_DIR must be set (ctest sets them)");
        return {};
    }
    const QString dir = QDir(binary).filePath(QStringLiteral("tests/pki-") + testName);
    *error = runTool(QStringLiteral("bash"), {QDir(source).filePath("packaging/make-demo-pki.sh"), dir});
    if (!error->isEmpty())
        return {};
    if (!QFile::exists(QDir(dir).filePath("server-backup.crt"))) {
        QFile ext(QDir(dir).filePath("backup.ext"));
        if (!ext.open(QIODevice::WriteOnly))
            return {};
        ext.write(
            "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n"
            "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
        ext.close();
        *error = runTool("openssl",
                         {"req", "-new", "-key", "server-backup.key", "-subj", "/O=Kiosk Demo/CN=localhost", "-out",
                          "server-backup.csr"},
                         dir);
        if (error->isEmpty())
            *error =
                runTool("openssl",
                        {"x509", "-req", "-in", "server-backup.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-set_serial",
                         "0x1234", "-days", "30", "-sha256", "-extfile", "backup.ext", "-out", "server-backup.crt.tmp"},
                        dir);
        if (error->isEmpty() &&
            !QFile::rename(QDir(dir).filePath("server-backup.crt.tmp"), QDir(dir).filePath("server-backup.crt")))
            *error = QStringLiteral("cannot rename the backup certificate");
        if (!error->isEmpty())
            return {};
    }
    return dir;
}

} // namespace kiosk::test
