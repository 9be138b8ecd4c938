// A small, strict HTTP/1.1 server over a QTcpSocket or QSslSocket: Content-Length framing only, keep-alive,
// pipelining, HEAD, Expect: 100-continue, size limits, and the transport faults (latency, throttled bandwidth, reset
// mid-upload, response lost after the commit) that the sandbox injects.
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QSslCertificate>
#include <QString>
#include <QTimer>
#include <QUrlQuery>

#include <optional>
#include <utility>

class QTcpSocket;

namespace kiosk::sandbox {

inline constexpr qint64 kMiB = 1024 * 1024;

using HeaderList = QList<std::pair<QByteArray, QByteArray>>;

struct HttpRequest {
    QByteArray method;
    QByteArray target; // the raw request-target
    QString path;      // percent-decoded
    QUrlQuery query;
    int minorVersion = 1;
    HeaderList headers; // names in lower case, in arrival order
    QByteArray body;

    // The connection it came on.
    quint64 connectionId = 0;
    int indexOnConnection = 0; // 1 for the first request of a connection
    bool tls = false;
    QSslCertificate peerCertificate; // the verified client certificate (TLS only)
    QString peerCommonName;

    QByteArray header(const QByteArray &lowerName) const;
    bool hasHeader(const QByteArray &lowerName) const;
    int headerCount(const QByteArray &lowerName) const;
    bool isHead() const { return method == "HEAD"; }
};

struct HttpResponse {
    int status = 200;
    HeaderList headers;
    QByteArray body;
    bool closeConnection = false;

    void setHeader(const QByteArray &name, const QByteArray &value);
    QByteArray header(const QByteArray &name) const;

    static HttpResponse json(int status, const QJsonObject &object);
    static HttpResponse empty(int status);
    // application/problem+json {"type","title","status","detail"} plus `extra` members (e.g. "missing").
    static HttpResponse problem(int status, const QString &type, const QString &detail, const QJsonObject &extra = {});
};

QByteArray reasonPhrase(int status);
// IMF-fixdate (RFC 9110 section 5.6.7), as used by Date and Retry-After.
QByteArray httpDate(const QDateTime &when);
// The problem `type` URI for a short name: https://platform-sandbox.invalid/problems/<name>.
QString problemType(const QString &name);

// What happens to one request, decided from its head before the body is read.
struct RequestPlan {
    qint64 maxBody = kMiB;
    qint64 bandwidth = 0;            // bytes per second for reading the body and writing the answer; 0: unlimited
    qint64 resetAfterBodyBytes = -1; // close with a TCP reset once this many body bytes were read; -1: never
    int latencyMs = 0;               // waited after the body is read, before the request is handled
    bool loseResponse = false;       // handle (commit), then close without answering
    QString faultNote;               // for the request log: which faults applied

    // Not acted on by the connection: the handler's own part of the injected faults.
    int faultStatus = 0;        // answer this status instead of handling the request
    QByteArray retryAfter;      // with faultStatus: the Retry-After value, when not empty
    bool malformedJson = false; // handle, then replace the answer's body by broken JSON
    bool oversized = false;     // handle, then replace the answer's body by one over 1 MiB
};

// How a request ended, for the request log.
enum class Outcome { Answered, Reset, ResponseLost, ClientGone, ProtocolError };
QString toString(Outcome outcome);

class HttpHandler
{
public:
    virtual ~HttpHandler() = default;
    virtual RequestPlan plan(const HttpRequest &head) = 0;
    virtual HttpResponse handle(const HttpRequest &request, const RequestPlan &plan) = 0;
    // Called once per request that got as far as a parsed head.
    virtual void finished(const HttpRequest &request, const RequestPlan &plan, int status, Outcome outcome)
    {
        Q_UNUSED(request);
        Q_UNUSED(plan);
        Q_UNUSED(status);
        Q_UNUSED(outcome);
    }
};

struct HttpLimits {
    int maxRequestLine = 8192;
    int maxHeaderBytes = 32 * 1024; // the whole head, request line included
    int maxHeaderCount = 100;
    // No bytes either way for this long: a partial head gets 408, then the socket closes. Longer than libcurl's
    // default connection reuse age (118 s), so a kiosk never picks a kept-alive connection the sandbox is closing.
    int idleTimeoutMs = 125000;
    int lingerMs = 2000;     // reading and discarding after an error answer, before closing, at most this long
    int lingerQuietMs = 150; // ... and no longer than this once the client has stopped sending
};

// One client connection. Owns its socket; deletes itself when the connection is over.
class HttpConnection : public QObject
{
    Q_OBJECT
public:
    HttpConnection(QTcpSocket *socket, HttpHandler *handler, const HttpLimits &limits, quint64 id,
                   QObject *parent = nullptr);
    ~HttpConnection() override;

private:
    enum class State { Head, Body, Waiting, Writing, Lingering, Closed };

    void onReadyRead();
    void onDisconnected();
    void process();
    bool parseHead(qsizetype headEnd);
    void beginBody();
    void pumpBody();
    void throttleTick();
    void bodyComplete();
    void dispatch();
    void respond(HttpResponse response);
    void protocolError(int status, const QString &detail);
    void writeTick();
    void writeFinished();
    void closeGracefully();
    void resetConnection();
    void restartIdle();
    void finish(int status, Outcome outcome);

    QTcpSocket *socket_;
    HttpHandler *handler_;
    HttpLimits limits_;
    quint64 id_;
    int requests_ = 0;
    State state_ = State::Head;
    QByteArray in_;
    HttpRequest request_;
    RequestPlan plan_;
    bool requestOpen_ = false; // a parsed head whose finished() has not been reported yet
    qint64 bodyExpected_ = 0;
    qint64 bodyBudget_ = 0; // bytes that may still be read in this throttle tick
    qint64 lingerLeft_ = 0;
    bool keepAlive_ = true;
    bool clientGone_ = false;
    int answerStatus_ = 0;
    QByteArray out_;
    qsizetype outPos_ = 0;
    QTimer idle_;
    QTimer throttle_;
    QTimer latency_;
    QTimer linger_;
    QTimer lingerQuiet_;
    bool lingerAfterWrite_ = false;
};

} // namespace kiosk::sandbox
