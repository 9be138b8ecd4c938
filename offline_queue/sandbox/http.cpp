// The sandbox's own HTTP/1.1 server connection: strict parsing of the head, Content-Length bodies, keep-alive and the
// transport-level faults, over any QTcpSocket (plain for the control endpoint, QSslSocket for the platform API).
#include "offline_queue/sandbox/http.h"

#include <QJsonDocument>
#include <QLocale>
#include <QLoggingCategory>
#include <QSslSocket>
#include <QTcpSocket>
#include <QUrl>

#include <sys/socket.h>

#include <algorithm>
#include <cstring>
#include <limits>

namespace kiosk::sandbox {

Q_LOGGING_CATEGORY(lcHttp, "kiosk.sandbox.http")

namespace {

constexpr int kThrottleTickMs = 50;

bool isTchar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return std::strchr("!#$%&'*+-.^_`|~", c) != nullptr && c != '\0';
}

bool isToken(const QByteArray &s)
{
    return !s.isEmpty() && std::all_of(s.begin(), s.end(), isTchar);
}

bool hasForbiddenControl(const QByteArray &value)
{
    return std::any_of(value.begin(), value.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return (u < 0x20 && u != '\t') || u == 0x7f;
    });
}

QByteArray trimOws(const QByteArray &s)
{
    qsizetype b = 0;
    qsizetype e = s.size();
    while (b < e && (s[b] == ' ' || s[b] == '\t'))
        ++b;
    while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t'))
        --e;
    return s.mid(b, e - b);
}

// Comma-separated tokens of a header, lower case (Connection, Expect).
QList<QByteArray> tokens(const QByteArray &value)
{
    QList<QByteArray> out;
    for (const QByteArray &part : value.split(',')) {
        const QByteArray t = trimOws(part).toLower();
        if (!t.isEmpty())
            out.append(t);
    }
    return out;
}

} // namespace

// --- request / response ----------------------------------------------------------------------------------------

QByteArray HttpRequest::header(const QByteArray &lowerName) const
{
    for (const auto &h : headers) {
        if (h.first == lowerName)
            return h.second;
    }
    return {};
}

bool HttpRequest::hasHeader(const QByteArray &lowerName) const
{
    return headerCount(lowerName) > 0;
}

int HttpRequest::headerCount(const QByteArray &lowerName) const
{
    return int(std::count_if(headers.begin(), headers.end(), [&](const auto &h) { return h.first == lowerName; }));
}

void HttpResponse::setHeader(const QByteArray &name, const QByteArray &value)
{
    for (auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0) {
            h.second = value;
            return;
        }
    }
    headers.append({name, value});
}

QByteArray HttpResponse::header(const QByteArray &name) const
{
    for (const auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return {};
}

HttpResponse HttpResponse::json(int status, const QJsonObject &object)
{
    HttpResponse r;
    r.status = status;
    r.setHeader("Content-Type", "application/json");
    r.body = QJsonDocument(object).toJson(QJsonDocument::Compact);
    return r;
}

HttpResponse HttpResponse::empty(int status)
{
    HttpResponse r;
    r.status = status;
    return r;
}

HttpResponse HttpResponse::problem(int status, const QString &type, const QString &detail, const QJsonObject &extra)
{
    QJsonObject o = extra;
    o.insert(QStringLiteral("type"), problemType(type));
    o.insert(QStringLiteral("title"), QString::fromLatin1(reasonPhrase(status)));
    o.insert(QStringLiteral("status"), status);
    o.insert(QStringLiteral("detail"), detail);
    HttpResponse r = json(status, o);
    r.setHeader("Content-Type", "application/problem+json");
    return r;
}

QString problemType(const QString &name)
{
    return QStringLiteral("https://platform-sandbox.invalid/problems/") + name;
}

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 411: return "Length Required";
    case 412: return "Precondition Failed";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 417: return "Expectation Failed";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    case 505: return "HTTP Version Not Supported";
    default: break;
    }
    if (status >= 200 && status < 300)
        return "Success";
    if (status >= 400 && status < 500)
        return "Client Error";
    if (status >= 500 && status < 600)
        return "Server Error";
    return "Unknown";
}

QByteArray httpDate(const QDateTime &when)
{
    return QLocale::c().toString(when.toUTC(), QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'")).toLatin1();
}

QString toString(Outcome outcome)
{
    switch (outcome) {
    case Outcome::Answered: return QStringLiteral("answered");
    case Outcome::Reset: return QStringLiteral("reset");
    case Outcome::ResponseLost: return QStringLiteral("response_lost");
    case Outcome::ClientGone: return QStringLiteral("client_gone");
    case Outcome::ProtocolError: return QStringLiteral("protocol_error");
    }
    return QStringLiteral("unknown");
}

// --- connection ------------------------------------------------------------------------------------------------

HttpConnection::HttpConnection(QTcpSocket *socket, HttpHandler *handler, const HttpLimits &limits, quint64 id,
                               QObject *parent)
    : QObject(parent), socket_(socket), handler_(handler), limits_(limits), id_(id)
{
    socket_->setParent(this);
    idle_.setSingleShot(true);
    idle_.setInterval(limits_.idleTimeoutMs);
    throttle_.setInterval(kThrottleTickMs);
    latency_.setSingleShot(true);
    linger_.setSingleShot(true);
    lingerQuiet_.setSingleShot(true);
    connect(socket_, &QTcpSocket::readyRead, this, &HttpConnection::onReadyRead);
    connect(socket_, &QTcpSocket::disconnected, this, &HttpConnection::onDisconnected);
    connect(socket_, &QTcpSocket::bytesWritten, this, [this] { restartIdle(); });
    connect(&idle_, &QTimer::timeout, this, [this] {
        if (state_ == State::Head && !in_.trimmed().isEmpty())
            protocolError(408, QStringLiteral("the request head did not complete in time"));
        else if (state_ == State::Head || state_ == State::Body || state_ == State::Lingering)
            closeGracefully();
        else
            restartIdle(); // busy answering
    });
    connect(&throttle_, &QTimer::timeout, this, &HttpConnection::throttleTick);
    connect(&latency_, &QTimer::timeout, this, &HttpConnection::dispatch);
    connect(&linger_, &QTimer::timeout, this, &HttpConnection::closeGracefully);
    connect(&lingerQuiet_, &QTimer::timeout, this, &HttpConnection::closeGracefully);
    restartIdle();
    // Bytes may have arrived with (or before) the end of the TLS handshake.
    if (socket_->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &HttpConnection::onReadyRead, Qt::QueuedConnection);
}

HttpConnection::~HttpConnection()
{
    finish(answerStatus_, Outcome::ClientGone);
}

void HttpConnection::restartIdle()
{
    if (state_ != State::Closed)
        idle_.start();
}

void HttpConnection::onReadyRead()
{
    restartIdle();
    switch (state_) {
    case State::Head:
        in_ += socket_->readAll();
        process();
        break;
    case State::Body:
        if (plan_.bandwidth <= 0)
            in_ += socket_->readAll();
        pumpBody();
        break;
    case State::Waiting:
    case State::Writing:
        in_ += socket_->readAll(); // a pipelined request: parsed once the answer is out
        break;
    case State::Lingering: {
        lingerLeft_ -= socket_->readAll().size();
        if (lingerLeft_ <= 0)
            closeGracefully();
        else
            lingerQuiet_.start(limits_.lingerQuietMs);
        break;
    }
    case State::Closed: socket_->readAll(); break;
    }
}

void HttpConnection::onDisconnected()
{
    if (state_ == State::Waiting) {
        clientGone_ = true; // the request is still handled (a platform does not undo a commit); the answer is dropped
        return;
    }
    finish(answerStatus_, Outcome::ClientGone);
    state_ = State::Closed;
    throttle_.stop();
    idle_.stop();
    deleteLater();
}

void HttpConnection::process()
{
    while (state_ == State::Head) {
        // RFC 9112 section 2.2: empty lines before a request line are ignored.
        while (in_.startsWith("\r\n"))
            in_.remove(0, 2);
        if (in_.isEmpty())
            return;
        const qsizetype headEnd = in_.indexOf("\r\n\r\n");
        const qsizetype bareEnd = in_.indexOf("\n\n");
        if (bareEnd >= 0 && (headEnd < 0 || bareEnd < headEnd)) {
            protocolError(400, QStringLiteral("the request head uses bare LF line ends; HTTP wants CRLF"));
            return;
        }
        const qsizetype lineEnd = in_.indexOf("\r\n");
        if ((lineEnd < 0 && in_.size() > limits_.maxRequestLine) || lineEnd > limits_.maxRequestLine) {
            protocolError(414, QStringLiteral("the request line is longer than %1 bytes").arg(limits_.maxRequestLine));
            return;
        }
        if ((headEnd < 0 && in_.size() > limits_.maxHeaderBytes) || headEnd + 4 > limits_.maxHeaderBytes) {
            protocolError(431, QStringLiteral("the request head is larger than %1 bytes").arg(limits_.maxHeaderBytes));
            return;
        }
        if (headEnd < 0)
            return;
        if (!parseHead(headEnd))
            return;
        in_.remove(0, headEnd + 4);
        beginBody();
    }
}

bool HttpConnection::parseHead(qsizetype headEnd)
{
    request_ = HttpRequest();
    plan_ = RequestPlan{};
    answerStatus_ = 0;
    lingerAfterWrite_ = false;
    request_.connectionId = id_;
    request_.indexOnConnection = ++requests_;
    if (auto *ssl = qobject_cast<QSslSocket *>(socket_)) {
        request_.tls = true;
        request_.peerCertificate = ssl->peerCertificate();
        request_.peerCommonName = request_.peerCertificate.subjectInfo(QSslCertificate::CommonName).value(0);
    }

    const QList<QByteArray> lines = in_.left(headEnd).split('\n');
    // Every line ended in CRLF: after splitting on LF each (but the last) must end in CR, and no other CR may appear.
    QList<QByteArray> clean;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QByteArray line = lines[i];
        if (i + 1 < lines.size()) {
            if (!line.endsWith('\r')) {
                protocolError(400, QStringLiteral("a header line ends in a bare LF"));
                return false;
            }
            line.chop(1);
        }
        if (line.contains('\r')) {
            protocolError(400, QStringLiteral("a bare CR in the request head"));
            return false;
        }
        clean.append(line);
    }

    const QList<QByteArray> parts = clean.value(0).split(' ');
    if (parts.size() != 3 || !isToken(parts[0]) || parts[1].isEmpty()) {
        protocolError(400, QStringLiteral("the request line is not 'METHOD SP target SP HTTP/1.x'"));
        return false;
    }
    request_.method = parts[0];
    request_.target = parts[1];
    const QByteArray &version = parts[2];
    if (version == "HTTP/1.1") {
        request_.minorVersion = 1;
    } else if (version == "HTTP/1.0") {
        request_.minorVersion = 0;
    } else if (version.size() == 8 && version.startsWith("HTTP/") && version[6] == '.') {
        protocolError(505, QStringLiteral("only HTTP/1.1 (and 1.0) are spoken here"));
        return false;
    } else {
        protocolError(400, QStringLiteral("the request line does not end with an HTTP version"));
        return false;
    }

    for (qsizetype i = 1; i < clean.size(); ++i) {
        const QByteArray &line = clean[i];
        if (line.startsWith(' ') || line.startsWith('\t')) {
            protocolError(400, QStringLiteral("obsolete line folding in the header section"));
            return false;
        }
        const qsizetype colon = line.indexOf(':');
        const QByteArray name = line.left(colon);
        if (colon <= 0 || !isToken(name)) {
            protocolError(400, QStringLiteral("a header line is not 'name: value' (no space before the colon)"));
            return false;
        }
        const QByteArray value = trimOws(line.mid(colon + 1));
        if (hasForbiddenControl(value)) {
            protocolError(400, QStringLiteral("a control character in header '%1'").arg(QString::fromLatin1(name)));
            return false;
        }
        request_.headers.append({name.toLower(), value});
    }
    if (request_.headers.size() > limits_.maxHeaderCount) {
        protocolError(431, QStringLiteral("more than %1 header fields").arg(limits_.maxHeaderCount));
        return false;
    }

    if (!request_.target.startsWith('/')) {
        protocolError(400, QStringLiteral("only origin-form request targets ('/path?query') are accepted"));
        return false;
    }
    const qsizetype q = request_.target.indexOf('?');
    const QByteArray rawPath = q < 0 ? request_.target : request_.target.left(q);
    request_.path = QUrl::fromPercentEncoding(rawPath);
    if (q >= 0)
        request_.query = QUrlQuery(QString::fromUtf8(request_.target.mid(q + 1)));
    if (request_.path.contains(QChar(0))) {
        protocolError(400, QStringLiteral("a NUL in the path"));
        return false;
    }
    if (request_.minorVersion == 1 && request_.headerCount("host") != 1) {
        protocolError(400, QStringLiteral("HTTP/1.1 requires exactly one Host header"));
        return false;
    }

    const QList<QByteArray> connection = tokens(request_.header("connection"));
    keepAlive_ = request_.minorVersion == 1 ? !connection.contains("close") : connection.contains("keep-alive");
    requestOpen_ = true;
    return true;
}

void HttpConnection::beginBody()
{
    if (request_.hasHeader("transfer-encoding")) {
        if (request_.hasHeader("content-length"))
            protocolError(400, QStringLiteral("both Transfer-Encoding and Content-Length: refused (RFC 9112 6.3)"));
        else
            protocolError(411, QStringLiteral("Transfer-Encoding (chunked) request bodies are not accepted here: send "
                                              "the body with a Content-Length"));
        return;
    }
    qint64 length = 0;
    bool haveLength = false;
    for (const auto &h : request_.headers) {
        if (h.first != "content-length")
            continue;
        for (const QByteArray &part : h.second.split(',')) {
            const QByteArray digits = trimOws(part);
            bool ok = !digits.isEmpty() && digits.size() <= 15 &&
                      std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
            const qint64 n = ok ? digits.toLongLong(&ok) : -1;
            if (!ok || (haveLength && n != length)) {
                protocolError(400, QStringLiteral("an invalid or ambiguous Content-Length"));
                return;
            }
            length = n;
            haveLength = true;
        }
    }

    plan_ = handler_->plan(request_);
    if (length > plan_.maxBody) {
        lingerLeft_ = length - in_.size();
        const bool expects = tokens(request_.header("expect")).contains("100-continue");
        if (expects)
            lingerLeft_ = 0; // the client waits for 100 Continue: it will not send the body after a final answer
        protocolError(413, QStringLiteral("the body (%1 bytes) is over the limit of %2 bytes for %3")
                               .arg(length)
                               .arg(plan_.maxBody)
                               .arg(request_.path));
        return;
    }
    if (request_.hasHeader("expect")) {
        const QList<QByteArray> expect = tokens(request_.header("expect"));
        if (expect != QList<QByteArray>{"100-continue"}) {
            protocolError(417, QStringLiteral("only 'Expect: 100-continue' is understood"));
            return;
        }
        if (request_.minorVersion == 1 && length > in_.size())
            socket_->write("HTTP/1.1 100 Continue\r\n\r\n");
    }
    bodyExpected_ = length;
    request_.body.reserve(length);
    state_ = State::Body;
    if (plan_.bandwidth > 0) {
        // Let TCP push back on the client: Qt buffers at most this much beyond what the throttle has read.
        socket_->setReadBufferSize(std::max<qint64>(4096, plan_.bandwidth / 4));
        bodyBudget_ = std::max<qint64>(1, plan_.bandwidth * kThrottleTickMs / 1000);
        throttle_.start();
    }
    pumpBody();
}

void HttpConnection::pumpBody()
{
    if (state_ != State::Body)
        return;
    const bool throttled = plan_.bandwidth > 0;
    auto room = [&] {
        qint64 n = bodyExpected_ - request_.body.size();
        if (throttled)
            n = std::min(n, bodyBudget_);
        if (plan_.resetAfterBodyBytes >= 0)
            n = std::min(n, std::max<qint64>(0, plan_.resetAfterBodyBytes - request_.body.size()));
        return n;
    };
    auto take = [&](const QByteArray &chunk) {
        request_.body.append(chunk);
        if (throttled)
            bodyBudget_ -= chunk.size();
    };
    qint64 n = std::min<qint64>(room(), in_.size());
    if (n > 0) {
        take(in_.left(n));
        in_.remove(0, n);
    }
    if (throttled && in_.isEmpty()) {
        n = room();
        if (n > 0)
            take(socket_->read(n));
    }
    // Only a body of at least K bytes is cut (K = 0 also cuts requests without a body, right after their head).
    if (plan_.resetAfterBodyBytes >= 0 && bodyExpected_ >= plan_.resetAfterBodyBytes &&
        request_.body.size() >= plan_.resetAfterBodyBytes) {
        qCInfo(lcHttp) << "fault: resetting connection" << id_ << "after" << request_.body.size() << "body bytes";
        finish(0, Outcome::Reset);
        resetConnection();
        return;
    }
    if (request_.body.size() >= bodyExpected_)
        bodyComplete();
}

void HttpConnection::throttleTick()
{
    const qint64 perTick = std::max<qint64>(1, plan_.bandwidth * kThrottleTickMs / 1000);
    if (state_ == State::Body) {
        bodyBudget_ = std::min(bodyBudget_ + perTick, 2 * perTick);
        pumpBody();
    } else if (state_ == State::Writing) {
        writeTick();
    } else {
        throttle_.stop();
    }
}

void HttpConnection::bodyComplete()
{
    if (plan_.bandwidth > 0) {
        throttle_.stop();
        socket_->setReadBufferSize(0);
        in_ += socket_->readAll(); // anything pipelined behind the body
    }
    state_ = State::Waiting;
    if (plan_.latencyMs > 0)
        latency_.start(plan_.latencyMs);
    else
        dispatch();
}

void HttpConnection::dispatch()
{
    HttpResponse response = handler_->handle(request_, plan_);
    if (clientGone_) {
        finish(response.status, Outcome::ClientGone);
        state_ = State::Closed;
        deleteLater();
        return;
    }
    if (plan_.loseResponse) {
        qCInfo(lcHttp) << "fault: closing connection" << id_ << "without the" << response.status << "answer";
        finish(response.status, Outcome::ResponseLost);
        closeGracefully();
        return;
    }
    respond(std::move(response));
}

void HttpConnection::respond(HttpResponse response)
{
    keepAlive_ = keepAlive_ && !response.closeConnection;
    answerStatus_ = response.status;
    const bool noBody = request_.isHead() || response.status == 204 || response.status == 304 ||
                        (response.status >= 100 && response.status < 200);

    QByteArray head;
    head.reserve(256);
    head += "HTTP/1.1 " + QByteArray::number(response.status) + ' ' + reasonPhrase(response.status) + "\r\n";
    head += "Date: " + httpDate(QDateTime::currentDateTimeUtc()) + "\r\n";
    head += "Server: platform-sandbox\r\n";
    for (const auto &h : response.headers)
        head += h.first + ": " + h.second + "\r\n";
    if (response.status != 204 && response.status != 304 && response.status >= 200)
        head += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n";
    if (!keepAlive_)
        head += "Connection: close\r\n";
    else if (request_.minorVersion == 0)
        head += "Connection: keep-alive\r\n";
    head += "\r\n";

    out_ = noBody ? head : head + response.body;
    outPos_ = 0;
    state_ = State::Writing;
    if (plan_.bandwidth > 0) {
        throttle_.start();
        writeTick();
        return;
    }
    socket_->write(out_);
    out_.clear();
    writeFinished();
}

void HttpConnection::writeTick()
{
    const qint64 perTick = std::max<qint64>(1, plan_.bandwidth * kThrottleTickMs / 1000);
    if (socket_->bytesToWrite() >= perTick)
        return; // the socket has not caught up yet; keep the rate rather than piling up
    const qint64 n = std::min<qint64>(perTick, out_.size() - outPos_);
    socket_->write(out_.constData() + outPos_, n);
    outPos_ += n;
    if (outPos_ >= out_.size()) {
        throttle_.stop();
        out_.clear();
        outPos_ = 0;
        writeFinished();
    }
}

void HttpConnection::writeFinished()
{
    finish(answerStatus_, lingerAfterWrite_ ? Outcome::ProtocolError : Outcome::Answered);
    if (!keepAlive_) {
        if (lingerAfterWrite_ && lingerLeft_ > 0) {
            // Closing with unread bytes makes the kernel send a reset, which can destroy the answer before the
            // client reads it; so read and discard for a while first.
            state_ = State::Lingering;
            linger_.start(limits_.lingerMs);
            onReadyRead();
        } else {
            closeGracefully();
        }
        return;
    }
    state_ = State::Head;
    request_ = HttpRequest();
    plan_ = RequestPlan{};
    in_ += socket_->readAll();
    process();
}

void HttpConnection::protocolError(int status, const QString &detail)
{
    qCInfo(lcHttp) << "connection" << id_ << "answered" << status << detail;
    QString type = QStringLiteral("bad-request");
    switch (status) {
    case 408: type = QStringLiteral("request-timeout"); break;
    case 411: type = QStringLiteral("length-required"); break;
    case 413: type = QStringLiteral("payload-too-large"); break;
    case 414: type = QStringLiteral("uri-too-long"); break;
    case 417: type = QStringLiteral("expectation-failed"); break;
    case 431: type = QStringLiteral("header-too-large"); break;
    case 505: type = QStringLiteral("http-version"); break;
    default: break;
    }
    if (status != 413)
        lingerLeft_ = std::numeric_limits<qint64>::max(); // unknown framing: discard until the client stops
    lingerAfterWrite_ = true;
    keepAlive_ = false;
    in_.clear();
    HttpResponse r = HttpResponse::problem(status, type, detail);
    r.closeConnection = true;
    const RequestPlan plan = plan_;
    plan_ = RequestPlan{}; // an error answer is never throttled or dropped
    plan_.faultNote = plan.faultNote;
    respond(std::move(r));
}

void HttpConnection::closeGracefully()
{
    if (state_ == State::Closed && socket_->state() == QAbstractSocket::UnconnectedState)
        return;
    state_ = State::Closed;
    throttle_.stop();
    latency_.stop();
    linger_.stop();
    lingerQuiet_.stop();
    idle_.stop();
    socket_->disconnectFromHost();
    if (socket_->state() == QAbstractSocket::UnconnectedState)
        deleteLater();
}

void HttpConnection::resetConnection()
{
    state_ = State::Closed;
    throttle_.stop();
    idle_.stop();
    const qintptr fd = socket_->socketDescriptor();
    if (fd >= 0) {
        // SO_LINGER with a zero timeout: close() sends RST instead of FIN, as a dropped link or a crashed proxy would.
        struct linger lin {
            1, 0
        };
        ::setsockopt(int(fd), SOL_SOCKET, SO_LINGER, &lin, sizeof lin);
    }
    socket_->abort();
    deleteLater();
}

void HttpConnection::finish(int status, Outcome outcome)
{
    if (!requestOpen_)
        return;
    requestOpen_ = false;
    handler_->finished(request_, plan_, status, outcome);
}

} // namespace kiosk::sandbox
