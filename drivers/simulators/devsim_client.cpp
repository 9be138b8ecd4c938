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

DevSimClient::DevSimClient() : m_program(defaultProgram()) {}

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
    return m_process && m_process->state() != QProcess::NotRunning;
}

bool DevSimClient::start(const QString &dir, const QStringList &extraArgs, int timeoutMs)
{
    stop();
    m_error.clear();
    m_ready = {};
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_process->start(m_program, QStringList{QStringLiteral("--dir"), dir} + extraArgs);
    const QDeadlineTimer deadline(timeoutMs);
    if (!m_process->waitForStarted(int(deadline.remainingTime()))) {
        m_error = QStringLiteral("cannot start %1: %2").arg(m_program, m_process->errorString());
        m_process.reset();
        return false;
    }
    while (!m_process->canReadLine()) {
        if (deadline.hasExpired() || m_process->state() == QProcess::NotRunning) {
            m_error = m_process->state() == QProcess::NotRunning
                          ? QStringLiteral("kiosk-devsim exited before it was ready")
                          : QStringLiteral("kiosk-devsim was not ready within %1 ms").arg(timeoutMs);
            stop();
            return false;
        }
        m_process->waitForReadyRead(int(qMin<qint64>(100, deadline.remainingTime())));
    }
    const QJsonObject ready = QJsonDocument::fromJson(m_process->readLine()).object();
    if (!ready.value(QLatin1String("ready")).toBool()) {
        m_error =
            QStringLiteral("kiosk-devsim failed to start: %1").arg(ready.value(QLatin1String("error")).toString());
        stop();
        return false;
    }
    m_ready = ready;
    m_socket = std::make_unique<QLocalSocket>();
    m_socket->connectToServer(controlPath());
    if (!m_socket->waitForConnected(int(qMax<qint64>(1, deadline.remainingTime())))) {
        m_error = QStringLiteral("cannot connect to %1: %2").arg(controlPath(), m_socket->errorString());
        stop();
        return false;
    }
    return true;
}

QJsonObject DevSimClient::command(const QJsonObject &request, int timeoutMs)
{
    if (!m_socket || m_socket->state() != QLocalSocket::ConnectedState)
        return failure(QStringLiteral("not connected to kiosk-devsim"));
    // A private correlation id: an answer that arrives after a timeout must not be taken for the next one.
    const qint64 id = m_nextId++;
    QJsonObject tagged = request;
    tagged.insert(QStringLiteral("id"), QStringLiteral("client-%1").arg(id));
    m_socket->write(QJsonDocument(tagged).toJson(QJsonDocument::Compact) + '\n');
    const QDeadlineTimer deadline(timeoutMs);
    m_socket->waitForBytesWritten(int(qMax<qint64>(1, deadline.remainingTime())));
    for (;;) {
        while (m_socket->canReadLine()) {
            QJsonObject answer = QJsonDocument::fromJson(m_socket->readLine()).object();
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
        if (m_socket->state() != QLocalSocket::ConnectedState)
            return failure(QStringLiteral("kiosk-devsim closed the control connection"));
        m_socket->waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())));
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
    if (m_process && m_process->state() != QProcess::NotRunning) {
        if (m_socket && m_socket->state() == QLocalSocket::ConnectedState)
            command(QJsonObject{{QStringLiteral("cmd"), QStringLiteral("quit")}}, timeoutMs);
        if (!m_process->waitForFinished(timeoutMs)) {
            m_process->terminate();
            if (!m_process->waitForFinished(timeoutMs)) {
                m_process->kill();
                m_process->waitForFinished(timeoutMs);
            }
        }
    }
    if (m_socket)
        m_socket->abort();
    m_socket.reset();
    m_process.reset();
}

} // namespace kiosk::drivers::simulators
