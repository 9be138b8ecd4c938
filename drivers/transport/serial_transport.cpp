// QSerialPort by path, with unplug and hang-up mapped to Disconnected so drivers can reconnect.
#include "drivers/transport/serial_transport.h"

#include <QFile>
#include <QLoggingCategory>

#include <sys/stat.h>

namespace kiosk::drivers {

Q_LOGGING_CATEGORY(lcSerial, "kiosk.drivers.transport.serial")

SerialTransport::SerialTransport(SerialSettings settings, QObject *parent)
    : Transport(parent), m_settings(std::move(settings)), m_port(new QSerialPort(this)), m_presence(new QTimer(this))
{
    connect(m_port, &QSerialPort::readyRead, this, &SerialTransport::onReadyRead);
    connect(m_port, &QSerialPort::errorOccurred, this, &SerialTransport::onPortError);
    connect(m_presence, &QTimer::timeout, this, &SerialTransport::checkPresence);
}

SerialTransport::~SerialTransport()
{
    disconnect(m_port, nullptr, this, nullptr);
    if (m_port->isOpen())
        m_port->close();
}

TransportFactory SerialTransport::factory(const SerialSettings &settings)
{
    return [settings]() -> std::unique_ptr<Transport> { return std::make_unique<SerialTransport>(settings); };
}

bool SerialTransport::open()
{
    if (m_port->isOpen())
        return true;
    // A path starting with '/' is used as the device node as given: QSerialPortInfo does not list pty links.
    m_port->setPortName(m_settings.path);
    m_opening = true;
    const bool opened = m_port->open(QIODevice::ReadWrite);
    m_opening = false;
    if (!opened) {
        const QString why = m_port->errorString();
        m_port->clearError();
        emit errorOccurred({TransportErrorCode::OpenFailed, QStringLiteral("cannot open %1: %2").arg(name(), why)});
        return false;
    }
    const bool configured = m_port->setBaudRate(m_settings.baudRate) && m_port->setDataBits(QSerialPort::Data8) &&
                            m_port->setParity(QSerialPort::NoParity) && m_port->setStopBits(QSerialPort::OneStop) &&
                            m_port->setFlowControl(QSerialPort::NoFlowControl);
    if (!configured) {
        const QString why = m_port->errorString();
        m_port->close();
        m_port->clearError();
        emit errorOccurred(
            {TransportErrorCode::OpenFailed,
             QStringLiteral("cannot set %1 to %2 8N1: %3").arg(name()).arg(m_settings.baudRate).arg(why)});
        return false;
    }
    // Bytes the device sent before we opened belong to no question we asked.
    m_port->clear(QSerialPort::Input);
    struct stat st;
    m_device = ::fstat(m_port->handle(), &st) == 0 ? st.st_rdev : 0;
    if (m_settings.presenceCheckMs > 0 && m_device != 0)
        m_presence->start(m_settings.presenceCheckMs);
    qCDebug(lcSerial) << "opened" << name();
    return true;
}

void SerialTransport::close()
{
    m_presence->stop();
    if (!m_port->isOpen())
        return;
    m_port->close();
    m_port->clearError();
    emit closed();
}

bool SerialTransport::write(const QByteArray &bytes)
{
    if (!m_port->isOpen()) {
        emit errorOccurred({TransportErrorCode::NotOpen, QStringLiteral("%1 is not open").arg(name())});
        return false;
    }
    // A failed write also raises QSerialPort::errorOccurred, which reports it (once) through onPortError.
    return m_port->write(bytes) == bytes.size();
}

bool SerialTransport::isOpen() const
{
    return m_port->isOpen();
}

void SerialTransport::onReadyRead()
{
    const QByteArray bytes = m_port->readAll();
    if (!bytes.isEmpty())
        emit bytesReceived(bytes);
}

void SerialTransport::onPortError(QSerialPort::SerialPortError error)
{
    if (error == QSerialPort::NoError || m_opening)
        return;
    const QString why = m_port->errorString();
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
        m_port->clearError();
        emit errorOccurred({TransportErrorCode::Io, QStringLiteral("%1: %2").arg(name(), why)});
        break;
    }
}

void SerialTransport::checkPresence()
{
    if (!m_port->isOpen())
        return;
    struct stat st;
    if (::stat(QFile::encodeName(m_settings.path).constData(), &st) != 0)
        fail(TransportErrorCode::Disconnected, QStringLiteral("%1 is gone").arg(name()));
    else if (st.st_rdev != m_device)
        fail(TransportErrorCode::Disconnected, QStringLiteral("%1 now leads to another device").arg(name()));
}

void SerialTransport::fail(TransportErrorCode code, const QString &message)
{
    m_presence->stop();
    if (!m_port->isOpen())
        return; // already reported; the port may repeat itself while closing
    qCWarning(lcSerial) << message;
    m_port->close();
    m_port->clearError();
    emit errorOccurred({code, message});
    emit closed();
}

} // namespace kiosk::drivers
