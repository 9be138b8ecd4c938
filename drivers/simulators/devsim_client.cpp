// Starts kiosk-devsim as a child process and talks to its control socket with bounded, blocking waits.
#include "drivers/simulators/devsim_client.h"

#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QLocalSocket>
#include <QProcess>
#include <QThread>

namespace kiosk::drivers::simulators {

namespace {

QJsonObject failure(const QString &why)
{
    return QJsonObject{{QStringLiteral("ok"), false}, {QStringLiteral("error"), why}};
}

} // namespace

DevSimClient::DevSimClient() : program_(defaultProgram()) {}

DevSimClient::~DevSimClient()
{
    stop();
}

QString DevSimClient::defaultProgram()
{
    const QString env = qEnvironmentVariable("KIOSK_DEVSIM");
    if (!env.isEmpty())
        return env;
#ifdef KIOSK_DEVSIM_BUILT_PATH
    return QStringLiteral(KIOSK_DEVSIM_BUILT_PATH);
#else
    return QStringLiteral("kiosk-devsim");
#endif
}

bool DevSimClient::isRunning() const
{
    return process_ && process_->state() != QProcess::NotRunning;
}

bool DevSimClient::start(const QString &dir, const QStringList &extraArgs, int timeoutMs)
{
    stop();
    error_.clear();
    ready_ = {};
    process_ = std::make_unique<QProcess>();
    process_->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    process_->start(program_, QStringList{QStringLiteral("--dir"), dir} + extraArgs);
    const QDeadlineTimer deadline(timeoutMs);
    if (!process_->waitForStarted(int(deadline.remainingTime()))) {
        error_ = QStringLiteral("cannot start %1: %2").arg(program_, process_->errorString());
        process_.reset();
        return false;
    }
    while (!process_->canReadLine()) {
        if (deadline.hasExpired() || process_->state() == QProcess::NotRunning) {
            error_ = process_->state() == QProcess::NotRunning
                         ? QStringLiteral("kiosk-devsim exited before it was ready")
                         : QStringLiteral("kiosk-devsim was not ready within %1 ms").arg(timeoutMs);
            stop();
            return false;
        }
        process_->waitForReadyRead(int(qMin<qint64>(100, deadline.remainingTime())));
    }
    const QJsonObject ready = QJsonDocument::fromJson(process_->readLine()).object();
    if (!ready.value(QLatin1String("ready")).toBool()) {
        error_ = QStringLiteral("kiosk-devsim failed to start: %1").arg(ready.value(QLatin1String("error")).toString());
        stop();
        return false;
    }
    ready_ = ready;
    socket_ = std::make_unique<QLocalSocket>();
    socket_->connectToServer(controlPath());
    if (!socket_->waitForConnected(int(qMax<qint64>(1, deadline.remainingTime())))) {
        error_ = QStringLiteral("cannot connect to %1: %2").arg(controlPath(), socket_->errorString());
        stop();
        return false;
    }
    return true;
}

QJsonObject DevSimClient::command(const QJsonObject &request, int timeoutMs)
{
    if (!socket_ || socket_->state() != QLocalSocket::ConnectedState)
        return failure(QStringLiteral("not connected to kiosk-devsim"));
    // A private correlation id: an answer that arrives after a timeout must not be taken for the next one.
    const qint64 id = nextId_++;
    QJsonObject tagged = request;
    tagged.insert(QStringLiteral("id"), QStringLiteral("client-%1").arg(id));
    socket_->write(QJsonDocument(tagged).toJson(QJsonDocument::Compact) + '\n');
    const QDeadlineTimer deadline(timeoutMs);
    socket_->waitForBytesWritten(int(qMax<qint64>(1, deadline.remainingTime())));
    for (;;) {
        while (socket_->canReadLine()) {
            QJsonObject answer = QJsonDocument::fromJson(socket_->readLine()).object();
            if (answer.value(QLatin1String("id")) != tagged.value(QLatin1String("id")))
                continue; // a late answer to an earlier, timed-out request
            if (request.contains(QLatin1String("id")))
                answer.insert(QStringLiteral("id"), request.value(QLatin1String("id")));
            else
                answer.remove(QStringLiteral("id"));
            return answer;
        }
        if (deadline.hasExpired())
            return failure(QStringLiteral("no answer from kiosk-devsim within %1 ms").arg(timeoutMs));
        if (socket_->state() != QLocalSocket::ConnectedState)
            return failure(QStringLiteral("kiosk-devsim closed the control connection"));
        socket_->waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())));
    }
}

QJsonObject DevSimClient::waitFor(const QJsonObject &request, const std::function<bool(const QJsonObject &)> &until,
                                  int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    for (;;) {
        const QJsonObject answer = command(request, int(qMax<qint64>(1, deadline.remainingTime())));
        if (until(answer) || deadline.hasExpired())
            return answer;
        QThread::msleep(10);
    }
}

void DevSimClient::stop(int timeoutMs)
{
    if (process_ && process_->state() != QProcess::NotRunning) {
        if (socket_ && socket_->state() == QLocalSocket::ConnectedState)
            command(QJsonObject{{QStringLiteral("cmd"), QStringLiteral("quit")}}, timeoutMs);
        if (!process_->waitForFinished(timeoutMs)) {
            process_->terminate();
            if (!process_->waitForFinished(timeoutMs)) {
                process_->kill();
                process_->waitForFinished(timeoutMs);
            }
        }
    }
    if (socket_)
        socket_->abort();
    socket_.reset();
    process_.reset();
}

} // namespace kiosk::drivers::simulators
