// Line framing and JSON parsing for the control channel; malformed input gets an error answer, never a crash.
#include "drivers/simulators/control_server.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocalServer>
#include <QLocalSocket>
#include <QLoggingCategory>

#include "drivers/simulators/device_simulator.h"

Q_LOGGING_CATEGORY(lcControl, "kiosk.devsim.control")

namespace kiosk::drivers::simulators {

namespace {

const char kDiscardingProperty[] = "devsimDiscarding";

QByteArray line(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
}

QJsonObject error(const QString &why)
{
    return QJsonObject{{QStringLiteral("ok"), false}, {QStringLiteral("error"), why}};
}

} // namespace

ControlServer::ControlServer(DeviceSimulator *simulator, QObject *parent)
    : QObject(parent), simulator_(simulator), server_(new QLocalServer(this))
{
    connect(server_, &QLocalServer::newConnection, this, &ControlServer::onNewConnection);
}

ControlServer::~ControlServer()
{
    close();
}

bool ControlServer::listen(const QString &path, QString *error)
{
    QLocalServer::removeServer(path);
    server_->setSocketOptions(QLocalServer::UserAccessOption);
    if (!server_->listen(path)) {
        *error = QStringLiteral("cannot listen on %1: %2").arg(path, server_->errorString());
        return false;
    }
    path_ = path;
    return true;
}

void ControlServer::close()
{
    if (server_->isListening()) {
        server_->close();
        QFile::remove(path_);
    }
}

void ControlServer::onNewConnection()
{
    while (QLocalSocket *socket = server_->nextPendingConnection()) {
        connect(socket, &QLocalSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
    }
}

void ControlServer::onReadyRead(QLocalSocket *socket)
{
    while (socket->bytesAvailable() > 0) {
        if (!socket->canReadLine()) {
            if (socket->bytesAvailable() <= kMaxLineBytes)
                return; // wait for the rest of the line
            // An endless line: answer once, then drop everything up to its newline.
            if (!socket->property(kDiscardingProperty).toBool()) {
                socket->write(line(error(QStringLiteral("request line longer than %1 bytes").arg(kMaxLineBytes))));
                socket->setProperty(kDiscardingProperty, true);
            }
            socket->read(socket->bytesAvailable());
            return;
        }
        const QByteArray request = socket->readLine(kMaxLineBytes + 2).trimmed();
        if (socket->property(kDiscardingProperty).toBool()) {
            socket->setProperty(kDiscardingProperty, false); // this was the tail of the over-long line
            continue;
        }
        if (request.isEmpty())
            continue;
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(request, &parseError);
        QJsonObject answer;
        if (doc.isNull())
            answer = error(
                QStringLiteral("malformed JSON: %1 at offset %2").arg(parseError.errorString()).arg(parseError.offset));
        else if (!doc.isObject())
            answer = error(QStringLiteral("a request must be a JSON object"));
        else
            answer = simulator_->handle(doc.object());
        socket->write(line(answer));
        socket->flush();
    }
}

} // namespace kiosk::drivers::simulators
