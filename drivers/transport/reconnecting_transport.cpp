// Opens links through the factory, drops them when they fail and retries on a timer, one report per outage.
#include "drivers/transport/reconnecting_transport.h"

#include <QLoggingCategory>

namespace kiosk::drivers {

Q_LOGGING_CATEGORY(lcReconnect, "kiosk.drivers.transport.reconnect")

ReconnectingTransport::ReconnectingTransport(TransportFactory factory, int retryIntervalMs, QObject *parent)
    : QObject(parent), factory_(std::move(factory))
{
    retry_->setInterval(retryIntervalMs > 0 ? retryIntervalMs : 2000);
    retry_->setSingleShot(true);
    connect(retry_, &QTimer::timeout, this, &ReconnectingTransport::attempt);
}

ReconnectingTransport::~ReconnectingTransport()
{
    running_ = false;
    if (transport_) {
        disconnect(transport_, nullptr, this, nullptr);
        transport_->close();
        delete transport_; // not inside one of its signals: the destructor is never called from them
        transport_ = nullptr;
    }
}

void ReconnectingTransport::start()
{
    running_ = true;
    if (!transport_)
        attempt();
}

void ReconnectingTransport::stop()
{
    running_ = false;
    retry_->stop();
    drop();
}

void ReconnectingTransport::reconnect()
{
    if (!running_)
        return;
    drop();
    retry_->stop();
    attempt();
}

bool ReconnectingTransport::isOpen() const
{
    return transport_ && transport_->isOpen();
}

bool ReconnectingTransport::write(const QByteArray &bytes)
{
    if (!isOpen())
        return false;
    return transport_->write(bytes);
}

void ReconnectingTransport::attempt()
{
    if (!running_ || transport_)
        return;
    std::unique_ptr<Transport> link = factory_ ? factory_() : nullptr;
    if (!link) {
        reportLost({TransportErrorCode::OpenFailed, QStringLiteral("no transport configured")});
        retry_->start();
        return;
    }
    name_ = link->name();
    // Open errors are collected here rather than through the signal: a failed open is one attempt, not an outage.
    TransportError openError;
    auto collect =
        connect(link.get(), &Transport::errorOccurred, this, [&openError](const TransportError &e) { openError = e; });
    const bool ok = link->open();
    disconnect(collect);
    if (!ok) {
        if (!openError.isError())
            openError = {TransportErrorCode::OpenFailed, QStringLiteral("cannot open %1").arg(name_)};
        link.reset();
        reportLost(openError);
        retry_->start();
        return;
    }
    transport_ = link.release();
    transport_->setParent(this);
    connect(transport_, &Transport::bytesReceived, this, &ReconnectingTransport::bytesReceived);
    connect(transport_, &Transport::errorOccurred, this, &ReconnectingTransport::onTransportError);
    connect(transport_, &Transport::closed, this, &ReconnectingTransport::onTransportClosed);
    if (outageReported_)
        qCInfo(lcReconnect) << name_ << "is back";
    outageReported_ = false;
    emit opened();
}

void ReconnectingTransport::onTransportError(const TransportError &error)
{
    if (!transport_)
        return;
    if (transport_->isOpen() && error.code != TransportErrorCode::Disconnected) {
        emit linkError(error);
        return;
    }
    drop();
    reportLost(error);
    if (running_)
        retry_->start();
}

void ReconnectingTransport::onTransportClosed()
{
    // A link that closes without an error first (e.g. EOF) is an outage too.
    if (!transport_)
        return;
    drop();
    reportLost({TransportErrorCode::Disconnected, QStringLiteral("%1 closed").arg(name_)});
    if (running_)
        retry_->start();
}

void ReconnectingTransport::drop()
{
    if (!transport_)
        return;
    Transport *link = transport_;
    transport_ = nullptr;
    disconnect(link, nullptr, this, nullptr);
    link->close();
    link->deleteLater(); // we may be inside one of its signals
}

void ReconnectingTransport::reportLost(const TransportError &error)
{
    if (outageReported_) {
        qCDebug(lcReconnect) << name_ << "still unavailable:" << error.message;
        return;
    }
    outageReported_ = true;
    qCWarning(lcReconnect) << name_ << "lost:" << toString(error.code) << error.message;
    emit lost(error);
}

} // namespace kiosk::drivers
