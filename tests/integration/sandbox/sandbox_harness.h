// Shared by the platform-sandbox integration tests: the demo PKI in a temporary folder, the sandbox started as a
// separate process, a raw blocking HTTP/1.1 client over QSslSocket (with the kiosk's client certificate) or QTcpSocket
// (control endpoint), and sealed submissions made with offline_queue's Sealer.
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>
#include <QUuid>

#include <memory>
#include <optional>

#include <csignal>
#include <sys/types.h>

#include "offline_queue/curl_platform_client.h"
#include "offline_queue/envelope.h"

namespace kiosk::test {

inline QString sourceDir()
{
    const QString env = qEnvironmentVariable("KIOSK_SOURCE_DIR");
    return env.isEmpty() ? QStringLiteral(KIOSK_TEST_SOURCE_DIR) : env;
}

inline QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Runs packaging/make-demo-pki.sh into `dir`; empty on success, else the script's output.
inline QString makeDemoPki(const QString &dir, const QString &kioskId = QStringLiteral("GD-DEV-0001"))
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral("bash"),
            {QDir(sourceDir()).filePath(QStringLiteral("packaging/make-demo-pki.sh")), dir, kioskId});
    if (!p.waitForFinished(120000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
        return QStringLiteral("make-demo-pki.sh failed: ") + QString::fromLocal8Bit(p.readAll());
    return {};
}

// --- HTTP ---------------------------------------------------------------------------------------------------------

struct Response {
    int status = 0; // 0: no (complete) answer
    QList<std::pair<QByteArray, QByteArray>> headers;
    QByteArray body;
    QString error;        // why there is no complete answer
    qint64 rawBytes = 0;  // everything received, interim answers included
    qint64 elapsedMs = 0; // from sending the request to the end of the answer (or the failure)

    QByteArray header(const QByteArray &name) const
    {
        for (const auto &h : headers) {
            if (h.first.compare(name, Qt::CaseInsensitive) == 0)
                return h.second;
        }
        return {};
    }
    bool hasHeader(const QByteArray &name) const
    {
        for (const auto &h : headers) {
            if (h.first.compare(name, Qt::CaseInsensitive) == 0)
                return true;
        }
        return false;
    }
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QString describe() const
    {
        return QStringLiteral("status %1 error '%2' body %3").arg(status).arg(error, QString::fromUtf8(body.left(400)));
    }
};

using Header = std::pair<QByteArray, QByteArray>;

struct TlsOptions {
    QString certificate = QStringLiteral("kiosk"); // <name>.crt/.key from the PKI folder; empty: no certificate
    QSsl::SslProtocol protocol = QSsl::TlsV1_2OrLater;
};

// A blocking HTTP/1.1 client over one connection (reused across requests: keep-alive).
class RawClient
{
public:
    static std::unique_ptr<RawClient> tls(quint16 port, const QString &pkiDir, const TlsOptions &options = {})
    {
        auto c = std::unique_ptr<RawClient>(new RawClient);
        auto *ssl = new QSslSocket;
        QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
        conf.setCaCertificates(QSslCertificate::fromPath(QDir(pkiDir).filePath(QStringLiteral("ca.crt"))));
        conf.setProtocol(options.protocol);
        if (!options.certificate.isEmpty()) {
            conf.setLocalCertificate(
                QSslCertificate::fromPath(QDir(pkiDir).filePath(options.certificate + QStringLiteral(".crt")))
                    .value(0));
            conf.setPrivateKey(
                QSslKey(readFile(QDir(pkiDir).filePath(options.certificate + QStringLiteral(".key"))), QSsl::Ec));
        }
        ssl->setSslConfiguration(conf);
        ssl->setPeerVerifyName(QStringLiteral("localhost"));
        c->socket_.reset(ssl);
        c->port_ = port;
        c->tls_ = true;
        return c;
    }

    static std::unique_ptr<RawClient> plain(quint16 port)
    {
        auto c = std::unique_ptr<RawClient>(new RawClient);
        c->socket_ = std::make_unique<QTcpSocket>();
        c->port_ = port;
        return c;
    }

    QTcpSocket *socket() const { return socket_.get(); }
    QSslSocket *ssl() const { return qobject_cast<QSslSocket *>(socket_.get()); }

    // Connects (and completes the TLS handshake). False with `error` when refused.
    bool open(QString *error = nullptr, int timeoutMs = 5000)
    {
        if (socket_->state() == QAbstractSocket::ConnectedState)
            return true;
        buffer_.clear();
        if (tls_) {
            ssl()->connectToHostEncrypted(QStringLiteral("127.0.0.1"), port_);
            if (ssl()->waitForEncrypted(timeoutMs))
                return true;
        } else {
            socket_->connectToHost(QStringLiteral("127.0.0.1"), port_);
            if (socket_->waitForConnected(timeoutMs))
                return true;
        }
        if (error)
            *error = socket_->errorString();
        return false;
    }

    bool isOpen() const { return socket_->state() == QAbstractSocket::ConnectedState; }
    void close()
    {
        socket_->abort();
        buffer_.clear();
    }

    bool sendRaw(const QByteArray &bytes)
    {
        if (!open())
            return false;
        socket_->write(bytes);
        while (socket_->bytesToWrite() > 0) {
            if (!socket_->waitForBytesWritten(10000))
                return false;
        }
        return true;
    }

    static QByteArray head(const QByteArray &method, const QByteArray &target, const QByteArray &body,
                           const QList<std::pair<QByteArray, QByteArray>> &headers, bool withLength = true)
    {
        QByteArray r = method + ' ' + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
        for (const auto &h : headers)
            r += h.first + ": " + h.second + "\r\n";
        if (withLength && (!body.isEmpty() || method == "POST" || method == "PUT"))
            r += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
        return r + "\r\n";
    }

    Response request(const QByteArray &method, const QByteArray &target, const QByteArray &body = {},
                     const QList<std::pair<QByteArray, QByteArray>> &headers = {}, int timeoutMs = 15000)
    {
        QElapsedTimer t;
        t.start();
        Response r;
        if (!open(&r.error))
            return r;
        if (!sendRaw(head(method, target, body, headers) + body)) {
            r.error = QStringLiteral("send failed: ") + socket_->errorString();
            r = readResponse(timeoutMs, method == "HEAD"); // the server may have answered and closed
        } else {
            r = readResponse(timeoutMs, method == "HEAD");
        }
        r.elapsedMs = t.elapsed();
        return r;
    }

    // Reads one final answer (interim 1xx answers are skipped). `headRequest`: no body follows.
    Response readResponse(int timeoutMs = 15000, bool headRequest = false)
    {
        Response r;
        QElapsedTimer t;
        t.start();
        auto fill = [&]() -> bool {
            if (socket_->bytesAvailable() == 0) {
                const int left = int(timeoutMs - t.elapsed());
                if (left <= 0 || !socket_->waitForReadyRead(left))
                    return socket_->bytesAvailable() > 0;
            }
            const QByteArray chunk = socket_->readAll();
            r.rawBytes += chunk.size();
            buffer_ += chunk;
            return true;
        };
        for (;;) {
            qsizetype end;
            while ((end = buffer_.indexOf("\r\n\r\n")) < 0) {
                if (!fill()) {
                    r.error = QStringLiteral("no complete head (%1 bytes): %2")
                                  .arg(buffer_.size())
                                  .arg(socket_->errorString());
                    r.elapsedMs = t.elapsed();
                    return r;
                }
            }
            const QList<QByteArray> lines = buffer_.left(end).split('\n');
            buffer_.remove(0, end + 4);
            const QList<QByteArray> statusLine = lines.value(0).trimmed().split(' ');
            r.status = statusLine.value(1).toInt();
            r.headers.clear();
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const QByteArray line = lines[i].trimmed();
                const qsizetype colon = line.indexOf(':');
                r.headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
            }
            if (r.status >= 100 && r.status < 200)
                continue;
            break;
        }
        const qint64 length =
            headRequest || r.status == 204 || r.status == 304 ? 0 : r.header("Content-Length").toLongLong();
        while (buffer_.size() < length) {
            if (!fill()) {
                r.error = QStringLiteral("body cut at %1 of %2 bytes").arg(buffer_.size()).arg(length);
                r.body = buffer_;
                r.status = 0;
                r.elapsedMs = t.elapsed();
                return r;
            }
        }
        r.body = buffer_.left(length);
        buffer_.remove(0, length);
        r.elapsedMs = t.elapsed();
        return r;
    }

    // Waits until the server closes the connection; true if it did within the time.
    bool waitClosed(int timeoutMs = 5000)
    {
        QElapsedTimer t;
        t.start();
        while (socket_->state() != QAbstractSocket::UnconnectedState && t.elapsed() < timeoutMs) {
            if (socket_->waitForReadyRead(int(timeoutMs - t.elapsed())))
                buffer_ += socket_->readAll();
            else if (socket_->state() == QAbstractSocket::ConnectedState &&
                     socket_->error() == QAbstractSocket::SocketTimeoutError)
                return false;
        }
        return socket_->state() == QAbstractSocket::UnconnectedState;
    }
    QByteArray unread() const { return buffer_; }

private:
    RawClient() = default;
    std::unique_ptr<QTcpSocket> socket_;
    quint16 port_ = 0;
    bool tls_ = false;
    QByteArray buffer_;
};

// --- the sandbox process ------------------------------------------------------------------------------------------

class SandboxProcess
{
public:
    ~SandboxProcess() { stop(); }

    // Starts platform-sandbox with the PKI of `pkiDir` and a fresh data folder; empty on success.
    // `dataDir` empty: a temporary folder of this object (kept across restarts of the same object).
    QString start(const QString &pkiDir, const QStringList &extraArgs = {}, const QString &dataDir = {})
    {
        pkiDir_ = pkiDir;
        if (!data_.isValid())
            return QStringLiteral("no temporary folder");
        process_.setProgram(QStringLiteral(KIOSK_SANDBOX_BINARY));
        process_.setArguments(QStringList{QStringLiteral("--pki"), pkiDir, QStringLiteral("--data"),
                                          dataDir.isEmpty() ? data_.path() : dataDir, QStringLiteral("--listen"),
                                          QStringLiteral("127.0.0.1:0")} +
                              extraArgs);
        process_.setProcessChannelMode(QProcess::SeparateChannels);
        process_.start();
        if (!process_.waitForStarted(5000))
            return QStringLiteral("platform-sandbox did not start: ") + process_.errorString();
        QElapsedTimer t;
        t.start();
        while (!process_.canReadLine() && t.elapsed() < 20000) {
            if (process_.state() != QProcess::Running)
                break;
            process_.waitForReadyRead(200);
        }
        const QByteArray line = process_.readLine();
        if (line.isEmpty() && process_.state() != QProcess::Running)
            return QStringLiteral("platform-sandbox exited with %1: %2")
                .arg(process_.exitCode())
                .arg(QString::fromLocal8Bit(process_.readAllStandardError()));
        const QJsonObject ready = QJsonDocument::fromJson(line).object();
        if (!ready.value(QLatin1String("ready")).toBool())
            return QStringLiteral("no ready line: '%1'; stderr: %2")
                .arg(QString::fromUtf8(line), QString::fromLocal8Bit(process_.readAllStandardError()));
        readyLine_ = line.trimmed();
        url_ = ready.value(QLatin1String("url")).toString();
        control_ = ready.value(QLatin1String("control")).toString();
        port_ = quint16(QUrl(url_).port());
        controlPort_ = quint16(QUrl(control_).port());
        return {};
    }

    // SIGTERM and wait; the exit code (-1: it did not exit normally).
    int stop(int timeoutMs = 10000)
    {
        if (process_.state() == QProcess::NotRunning)
            return process_.exitStatus() == QProcess::NormalExit ? process_.exitCode() : -1;
        process_.terminate();
        if (!process_.waitForFinished(timeoutMs)) {
            process_.kill();
            process_.waitForFinished(2000);
            return -1;
        }
        return process_.exitStatus() == QProcess::NormalExit ? process_.exitCode() : -1;
    }

    // SIGINT (Ctrl-C) and wait; the exit code (-1: it did not exit normally).
    int interrupt(int timeoutMs = 10000)
    {
        if (process_.state() != QProcess::Running)
            return -1;
        ::kill(pid_t(process_.processId()), SIGINT);
        if (!process_.waitForFinished(timeoutMs))
            return stop();
        return process_.exitStatus() == QProcess::NormalExit ? process_.exitCode() : -1;
    }

    QByteArray readyLine() const { return readyLine_; }
    quint16 port() const { return port_; }
    quint16 controlPort() const { return controlPort_; }
    QString pkiDir() const { return pkiDir_; }
    QString dataDir() const { return data_.path(); }
    QByteArray stderrText() { return process_.readAllStandardError(); }
    int exitCode() const { return process_.exitCode(); }

    std::unique_ptr<RawClient> client(const TlsOptions &options = {}) const
    {
        return RawClient::tls(port_, pkiDir_, options);
    }

    // Makes the demo PKI in `pkiDir` and starts the sandbox with it; empty when both went well, else why not.
    QString startWithDemoPki(const QString &pkiDir)
    {
        const QString why = makeDemoPki(pkiDir);
        return why.isEmpty() ? start(pkiDir) : why;
    }

    // A kiosk's platform client configuration for this sandbox: the demo PKI's certificate, key, CA and pins.
    queue::PlatformClientConfig clientConfig(const QString &host = QStringLiteral("127.0.0.1")) const
    {
        queue::PlatformClientConfig c;
        c.baseUrl = QStringLiteral("https://%1:%2").arg(host).arg(port_);
        c.kioskId = QStringLiteral("GD-DEV-0001");
        c.clientCertFile = QDir(pkiDir_).filePath(QStringLiteral("kiosk.crt"));
        c.clientKeyFile = QDir(pkiDir_).filePath(QStringLiteral("kiosk.key"));
        c.caFile = QDir(pkiDir_).filePath(QStringLiteral("ca.crt"));
        c.pins = QString::fromLatin1(readFile(QDir(pkiDir_).filePath(QStringLiteral("pins.txt"))))
                     .split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        c.requestTimeoutMs = 10000;
        return c;
    }

    // The latest heartbeat stored for `kioskId`: {"kiosk_id", "received_at", "count", "heartbeat"}; empty if none.
    QJsonObject storedHeartbeat(const QString &kioskId = QStringLiteral("GD-DEV-0001")) const
    {
        const QJsonArray list = control("GET", "/control/state").json().value(QLatin1String("heartbeats")).toArray();
        for (const QJsonValue &v : list) {
            if (v.toObject().value(QLatin1String("kiosk_id")).toString() == kioskId)
                return v.toObject();
        }
        return {};
    }

    // One request on the control endpoint (a fresh connection each time).
    // The deviations from platform-api.md the sandbox's checker recorded since the last call (GET
    // /control/deviations), one line each; empty when the kiosk conformed. For the e2e tests' cleanup().
    QString newDeviations()
    {
        const QJsonArray all =
            control("GET", "/control/deviations").json().value(QStringLiteral("deviations")).toArray();
        QStringList lines;
        for (qsizetype i = deviationsSeen_; i < all.size(); ++i) {
            const QJsonObject d = all[i].toObject();
            lines << QStringLiteral("%1: %2: %3")
                         .arg(d.value(QStringLiteral("request")).toString(), d.value(QStringLiteral("rule")).toString(),
                              d.value(QStringLiteral("detail")).toString());
        }
        deviationsSeen_ = all.size();
        return lines.join(QLatin1Char('\n'));
    }

    Response control(const QByteArray &method, const QByteArray &path, const QJsonObject &body = {}) const
    {
        auto c = RawClient::plain(controlPort_);
        const QByteArray bytes = method == "POST" ? QJsonDocument(body).toJson(QJsonDocument::Compact) : QByteArray();
        return c->request(method, path, bytes, {{"Content-Type", "application/json"}});
    }
    Response setFaults(const QJsonArray &faults) const
    {
        return control("POST", "/control/faults", QJsonObject{{QStringLiteral("faults"), faults}});
    }

private:
    QProcess process_;
    QTemporaryDir data_;
    QString pkiDir_;
    QByteArray readyLine_;
    QString url_;
    QString control_;
    quint16 port_ = 0;
    quint16 controlPort_ = 0;
    qsizetype deviationsSeen_ = 0;
};

// --- sealed submissions -------------------------------------------------------------------------------------------

// `idNumber` starting with "token:" makes a 粤省事-code applicant (id_type and verified_by "qr") whose id_number is
// the identity token after the prefix, as the kiosk sends it.
inline QJsonObject samplePayload(const QStringList &pageShas,
                                 const QString &idNumber = QStringLiteral("440106199001011235"),
                                 const QString &name = QStringLiteral("张三"))
{
    const bool qr = idNumber.startsWith(QLatin1String("token:"));
    QJsonArray pages;
    for (const QString &s : pageShas)
        pages.append(s);
    return QJsonObject{
        {QStringLiteral("applicant"),
         QJsonObject{{QStringLiteral("id_type"), qr ? QStringLiteral("qr") : QStringLiteral("resident")},
                     {QStringLiteral("id_number"), qr ? idNumber.mid(6) : idNumber},
                     {QStringLiteral("name"), name},
                     {QStringLiteral("sex"), QStringLiteral("1")},
                     {QStringLiteral("birth_date"), QStringLiteral("1990-01-01")},
                     {QStringLiteral("verified_by"), qr ? QStringLiteral("qr") : QStringLiteral("card")}}},
        {QStringLiteral("agent"), QJsonValue::Null},
        {QStringLiteral("principal_authorisation"), QJsonValue::Null},
        {QStringLiteral("form"), QJsonObject{{QStringLiteral("applicant_name"), name},
                                             {QStringLiteral("phone"), QStringLiteral("13800138000")},
                                             {QStringLiteral("card_bank"), QStringLiteral("icbc")}}},
        {QStringLiteral("materials"), QJsonArray{QJsonObject{{QStringLiteral("material_id"), QStringLiteral("photo")},
                                                             {QStringLiteral("status"), QStringLiteral("provided")},
                                                             {QStringLiteral("pages"), pages}}}},
        {QStringLiteral("consent"), QJsonValue::Null},
        {QStringLiteral("commitment"), QJsonValue::Null},
        {QStringLiteral("delivery"), QJsonObject{{QStringLiteral("method"), QStringLiteral("pickup")},
                                                 {QStringLiteral("address"), QJsonValue::Null},
                                                 {QStringLiteral("phone"), QStringLiteral("13800138000")}}},
        {QStringLiteral("prereview"), QJsonArray{}},
        {QStringLiteral("channel"), QStringLiteral("kiosk")},
        {QStringLiteral("query_code"),
         QStringLiteral("%1").arg(QRandomGenerator::global()->bounded(100'000'000u), 8, 10, QLatin1Char('0'))}};
}

struct SealedSubmission {
    queue::SealedEnvelope envelope;
    QList<queue::SealedBlob> blobs;
    QJsonObject payload;
    QList<QByteArray> pagePlaintexts;
};

class SubmissionFactory
{
public:
    // `keyId` empty: the key_id of the PKI; another value seals to the same key under that (unknown) key_id.
    SubmissionFactory(const QString &pkiDir, const QString &keyId = {}, const QByteArray &publicPem = {},
                      const QString &kioskKeyName = QStringLiteral("kiosk"))
        : pkiDir_(pkiDir)
        , sealer_(
              queue::PlatformKey{
                  keyId.isEmpty()
                      ? QString::fromUtf8(readFile(QDir(pkiDir).filePath(QStringLiteral("submission.key_id"))))
                            .trimmed()
                      : keyId,
                  publicPem.isEmpty() ? readFile(QDir(pkiDir).filePath(QStringLiteral("submission.pub"))) : publicPem},
              readFile(QDir(pkiDir).filePath(kioskKeyName + QStringLiteral(".key"))))
    {}

    bool isValid() const { return sealer_.isValid(); }
    QString nextId; // the id (Idempotency-Key) of the next make(); empty: a fresh UUID
    QString error() const { return sealer_.error().message; }

    // A submission with `pages` sealed material pages. `kioskId` goes into the envelope and local_no.
    SealedSubmission make(int pages = 1, const QString &kioskId = QStringLiteral("GD-DEV-0001"),
                          const QString &itemCode = QStringLiteral("GD-RS-001"),
                          const QString &idNumber = QStringLiteral("440106199001011235"),
                          const QString &name = QStringLiteral("张三"))
    {
        SealedSubmission s;
        QStringList shas;
        QList<queue::BlobRef> refs;
        for (int p = 0; p < pages; ++p) {
            QByteArray image = "\x89PNG\r\n\x1a\n fake page " + QByteArray::number(++counter_) + ' ' +
                               QUuid::createUuid().toByteArray();
            image += QByteArray(2000 + p * 100, char('a' + p % 26));
            const auto blob = sealer_.sealBlob(image);
            if (!blob.isOk())
                return s;
            s.blobs.append(blob.value);
            s.pagePlaintexts.append(image);
            shas.append(blob.value.sha256);
            refs.append(blob.value.ref(QStringLiteral("photo"), p + 1));
        }
        s.payload = samplePayload(shas, idNumber, name);
        queue::EnvelopeMeta meta;
        meta.id = nextId;
        nextId.clear();
        meta.kioskId = kioskId;
        meta.localNo =
            QStringLiteral("%1-%2-%3")
                .arg(kioskId, QDateTime::currentDateTimeUtc().addSecs(8 * 3600).toString(QStringLiteral("yyyyMMdd")))
                .arg(++localSeq_, 6, 10, QLatin1Char('0'));
        meta.createdAt = QDateTime::currentDateTimeUtc();
        meta.itemCode = itemCode;
        meta.itemVersion = 1;
        const auto env = sealer_.sealEnvelope(meta, s.payload, refs);
        if (env.isOk())
            s.envelope = env.value;
        return s;
    }

private:
    QString pkiDir_;
    queue::Sealer sealer_;
    int counter_ = 0;
    int localSeq_ = 0;
};

inline QList<std::pair<QByteArray, QByteArray>> kioskHeaders(const QByteArray &kioskId = "GD-DEV-0001")
{
    return {{"X-Kiosk-Id", kioskId}, {"X-Request-Id", QUuid::createUuid().toByteArray(QUuid::WithoutBraces)}};
}

inline QList<std::pair<QByteArray, QByteArray>> submissionHeaders(const QString &id,
                                                                  const QByteArray &kioskId = "GD-DEV-0001")
{
    auto h = kioskHeaders(kioskId);
    h.append(Header("Idempotency-Key", id.toUtf8()));
    h.append(Header("Content-Type", "application/json"));
    return h;
}

} // namespace kiosk::test
