// QSerialPort by path, with unplug and hang-up mapped to Disconnected so drivers can reconnect.
#include "drivers/transport/serial_transport.h"

#include <QFile>
#include <QLoggingCategory>

#include <sys/stat.h>

namespace kiosk::drivers {

Q_LOGGING_CATEGORY(lcSerial, "kiosk.drivers.transport.serial")

SerialTransport::SerialTransport(SerialSettings settings, QObject *parent)
    : Transport(parent), settings_(std::move(settings)), port_(new QSerialPort(this)), presence_(new QTimer(this))
{
    connect(port_, &QSerialPort::readyRead, this, &SerialTransport::onReadyRead);
    connect(port_, &QSerialPort::errorOccurred, this, &SerialTransport::onPortError);
    connect(presence_, &QTimer::timeout, this, &SerialTransport::checkPresence);
}

SerialTransport::~SerialTransport()
{
    disconnect(port_, nullptr, this, nullptr);
    if (port_->isOpen())
        port_->close();
}

TransportFactory SerialTransport::factory(const SerialSettings &settings)
{
    return [settings]() -> std::unique_ptr<Transport> { return std::make_unique<SerialTransport>(settings); };
}

bool SerialTransport::open()
{
    if (port_->isOpen())
        return true;
    // A path starting with '/' is used as the device node as given: QSerialPortInfo does not list pty links.
    port_->setPortName(settings_.path);
    opening_ = true;
    const bool opened = port_->open(QIODevice::ReadWrite);
    opening_ = false;
    if (!opened) {
        const QString why = port_->errorString();
        port_->clearError();
        emit errorOccurred({TransportErrorCode::OpenFailed, QStringLiteral("cannot open %1: %2").arg(name(), why)});
        return false;
    }
    const bool configured = port_->setBaudRate(settings_.baudRate) && port_->setDataBits(QSerialPort::Data8) &&
                            port_->setParity(QSerialPort::NoParity) && port_->setStopBits(QSerialPort::OneStop) &&
                            port_->setFlowControl(QSerialPort::NoFlowControl);
    if (!configured) {
        const QString why = port_->errorString();
        port_->close();
        port_->clearError();
        emit errorOccurred(
            {TransportErrorCode::OpenFailed,
             QStringLiteral("cannot set %1 to %2 8N1: %3").arg(name()).arg(settings_.baudRate).arg(why)});
        return false;
    }
    // Bytes the device sent before we opened belong to no question we asked.
    port_->clear(QSerialPort::Input);
    struct stat st;
    device_ = ::fstat(port_->handle(), &st) == 0 ? st.st_rdev : 0;
    if (settings_.presenceCheckMs > 0 && device_ != 0)
        presence_->start(settings_.presenceCheckMs);
    qCDebug(lcSerial) << "opened" << name();
    return true;
}

void SerialTransport::close()
{
    presence_->stop();
    if (!port_->isOpen())
        return;
    port_->close();
    port_->clearError();
    emit closed();
}

bool SerialTransport::write(const QByteArray &bytes)
{
    if (!port_->isOpen()) {
        emit errorOccurred({TransportErrorCode::NotOpen, QStringLiteral("%1 is not open").arg(name())});
        return false;
    }
    // A failed write also raises QSerialPort::errorOccurred, which reports it (once) through onPortError.
    return port_->write(bytes) == bytes.size();
}

bool SerialTransport::isOpen() const
{
    return port_->isOpen();
}

void SerialTransport::onReadyRead()
{
    const QByteArray bytes = port_->readAll();
    if (!bytes.isEmpty())
        emit bytesReceived(bytes);
}

void SerialTransport::onPortError(QSerialPort::SerialPortError error)
{
    if (error == QSerialPort::NoError || opening_)
        return;
    const QString why = port_->errorString();
    switch (error) {
    case QSerialPort::ResourceError:
    case QSerialPort::ReadError:
    case QSerialPort::WriteError:
        // Unplugging a USB adapter gives EIO / ResourceError; a pty whose other end closed reads EOF, which Qt 6.4
        // reports as a ReadError and, unless the port is closed, reports again on every event-loop pass.
        fail(TransportErrorCode::Disconnected, QStringLiteral("%1 disconnected: %2").arg(name(), why));
        break;
    case QSerialPort::DeviceNotFoundError:
    case QSerialPort::PermissionError:
    case QSerialPort::OpenError: fail(TransportErrorCode::OpenFailed, QStringLiteral("%1: %2").arg(name(), why)); break;
    default:
        port_->clearError();
        emit errorOccurred({TransportErrorCode::Io, QStringLiteral("%1: %2").arg(name(), why)});
        break;
    }
}

void SerialTransport::checkPresence()
{
    if (!port_->isOpen())
        return;
    struct stat st;
    if (::stat(QFile::encodeName(settings_.path).constData(), &st) != 0)
        fail(TransportErrorCode::Disconnected, QStringLiteral("%1 is gone").arg(name()));
    else if (st.st_rdev != device_)
        fail(TransportErrorCode::Disconnected, QStringLiteral("%1 now leads to another device").arg(name()));
}

void SerialTransport::fail(TransportErrorCode code, const QString &message)
{
    presence_->stop();
    if (!port_->isOpen())
        return; // already reported; the port may repeat itself while closing
    qCWarning(lcSerial) << message;
    port_->close();
    port_->clearError();
    emit errorOccurred({code, message});
    emit closed();
}

} // namespace kiosk::drivers
