// Opens links through the factory, drops them when they fail and retries on a timer, one report per outage.
#include "drivers/transport/reconnecting_transport.h"

#include <QLoggingCategory>

namespace kiosk::drivers {

Q_LOGGING_CATEGORY(lcReconnect, "kiosk.drivers.transport.reconnect")

ReconnectingTransport::ReconnectingTransport(TransportFactory factory, int retryIntervalMs, QObject *parent)
    : QObject(parent), m_factory(std::move(factory))
{
    m_retry->setInterval(retryIntervalMs > 0 ? retryIntervalMs : 2000);
    m_retry->setSingleShot(true);
    connect(m_retry, &QTimer::timeout, this, &ReconnectingTransport::attempt);
}

ReconnectingTransport::~ReconnectingTransport()
{
    m_running = false;
    if (m_transport) {
        disconnect(m_transport, nullptr, this, nullptr);
        m_transport->close();
        delete m_transport; // not inside one of its signals: the destructor is never called from them
        m_transport = nullptr;
    }
}

void ReconnectingTransport::start()
{
    m_running = true;
    if (!m_transport)
        attempt();
}

void ReconnectingTransport::stop()
{
    m_running = false;
    m_retry->stop();
    drop();
}

void ReconnectingTransport::reconnect()
{
    if (!m_running)
        return;
    drop();
    m_retry->stop();
    attempt();
}

bool ReconnectingTransport::isOpen() const
{
    return m_transport && m_transport->isOpen();
}

bool ReconnectingTransport::write(const QByteArray &bytes)
{
    if (!isOpen())
        return false;
    return m_transport->write(bytes);
}

void ReconnectingTransport::attempt()
{
    if (!m_running || m_transport)
        return;
    std::unique_ptr<Transport> link = m_factory ? m_factory() : nullptr;
    if (!link) {
        reportLost({TransportErrorCode::OpenFailed, QStringLiteral("no transport configured")});
        m_retry->start();
        return;
    }
    m_name = link->name();
    // Open errors are collected here rather than through the signal: a failed open is one attempt, not an outage.
    TransportError openError;
    auto collect =
        connect(link.get(), &Transport::errorOccurred, this, [&openError](const TransportError &e) { openError = e; });
    const bool ok = link->open();
    disconnect(collect);
    if (!ok) {
        if (!openError.isError())
            openError = {TransportErrorCode::OpenFailed, QStringLiteral("cannot open %1").arg(m_name)};
        link.reset();
        reportLost(openError);
        m_retry->start();
        return;
    }
    m_transport = link.release();
    m_transport->setParent(this);
    connect(m_transport, &Transport::bytesReceived, this, &ReconnectingTransport::bytesReceived);
    connect(m_transport, &Transport::errorOccurred, this, &ReconnectingTransport::onTransportError);
    connect(m_transport, &Transport::closed, this, &ReconnectingTransport::onTransportClosed);
    if (m_outageReported)
        qCInfo(lcReconnect) << m_name << "is back";
    m_outageReported = false;
    emit opened();
}

void ReconnectingTransport::onTransportError(const TransportError &error)
{
    if (!m_transport)
        return;
    if (m_transport->isOpen() && error.code != TransportErrorCode::Disconnected) {
        emit linkError(error);
        return;
    }
    drop();
    reportLost(error);
    if (m_running)
        m_retry->start();
}

void ReconnectingTransport::onTransportClosed()
{
    // A link that closes without an error first (e.g. EOF) is an outage too.
    if (!m_transport)
        return;
    drop();
    reportLost({TransportErrorCode::Disconnected, QStringLiteral("%1 closed").arg(m_name)});
    if (m_running)
        m_retry->start();
}

void ReconnectingTransport::drop()
{
    if (!m_transport)
        return;
    Transport *link = m_transport;
    m_transport = nullptr;
    disconnect(link, nullptr, this, nullptr);
    link->close();
    link->deleteLater(); // we may be inside one of its signals
}

void ReconnectingTransport::reportLost(const TransportError &error)
{
    if (m_outageReported) {
        qCDebug(lcReconnect) << m_name << "still unavailable:" << error.message;
        return;
    }
    m_outageReported = true;
    qCWarning(lcReconnect) << m_name << "lost:" << toString(error.code) << error.message;
    emit lost(error);
}

} // namespace kiosk::drivers
