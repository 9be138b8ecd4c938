// A Transport over a serial port opened by path (a USB-serial adapter, a CDC device, or a pty link made by the
// device simulator or socat), 8N1 without flow control.
#pragma once

#include <QSerialPort>
#include <QTimer>

#include <sys/types.h>

#include "drivers/transport/transport.h"

namespace kiosk::drivers {

struct SerialSettings {
    QString path;             // "/dev/ttyUSB0", "/dev/serial/by-id/...", or a pty link such as "/run/kiosk/idcard"
    qint32 baudRate = 115200; // ignored by ptys
    // While open, check this often that `path` still leads to the device we opened. A hang-up is normally seen on
    // the next read; this also catches a link that vanished or now points at a new device (a replug we missed).
    // 0 turns the check off.
    int presenceCheckMs = 1000;
};

class SerialTransport : public Transport
{
    Q_OBJECT
public:
    explicit SerialTransport(SerialSettings settings, QObject *parent = nullptr);
    ~SerialTransport() override;

    // The factory a device owner hands to a driver for a serial device at `settings.path`.
    static TransportFactory factory(const SerialSettings &settings);

    bool open() override;
    void close() override;
    bool write(const QByteArray &bytes) override;
    bool isOpen() const override;
    QString name() const override { return settings_.path; }

private:
    void onReadyRead();
    void onPortError(QSerialPort::SerialPortError error);
    void checkPresence();
    void fail(TransportErrorCode code, const QString &message);

    SerialSettings settings_;
    QSerialPort *port_; // child
    QTimer *presence_;  // child
    dev_t device_ = 0;  // st_rdev of what we opened
    bool opening_ = false;
};

} // namespace kiosk::drivers
