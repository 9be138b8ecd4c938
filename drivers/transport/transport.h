// The byte link under every serial-style device driver: open, write, bytes in, typed errors; and the factory seam
// through which a driver's owner hands it a link (a real port, an evdev device or a test fake).
#pragma once

#include <QByteArray>
#include <QMetaType>
#include <QObject>
#include <QString>

#include <functional>
#include <memory>

namespace kiosk::drivers {

enum class TransportErrorCode {
    None,
    OpenFailed,   // the path does not exist, is busy, or we may not open it
    Io,           // a read or write failed while the link was open
    Disconnected, // the device went away (USB unplug, pty closed, hang-up): the link is closed
    Timeout,      // the device did not answer in time (drivers report this; transports never block)
    NotOpen,      // write() on a closed link
};

QString toString(TransportErrorCode code); // stable machine name, e.g. "disconnected"

struct TransportError {
    TransportErrorCode code = TransportErrorCode::None;
    QString message; // what happened, for logs and technicians (paths and errno text, never payload bytes)

    bool isError() const { return code != TransportErrorCode::None; }
};

// A byte link. It lives on one thread (the device worker's) and never blocks: bytes arrive through
// bytesReceived(), failures through errorOccurred(). After an error that closes the link (Disconnected, and any
// error after which isOpen() is false) it also emits closed(); the owner makes a new link to reconnect.
class Transport : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    ~Transport() override = default;

    // Returns false (and emits errorOccurred with OpenFailed) when the link cannot be opened.
    virtual bool open() = 0;
    virtual void close() = 0;
    // Queues `bytes` for sending. Returns false (and emits errorOccurred) when the link is closed or failing.
    virtual bool write(const QByteArray &bytes) = 0;
    virtual bool isOpen() const = 0;
    // Where the link goes, for status details: "/dev/ttyUSB0", "/dev/input/event3", "fake".
    virtual QString name() const = 0;

signals:
    void bytesReceived(const QByteArray &bytes);
    void errorOccurred(const kiosk::drivers::TransportError &error);
    void closed();
};

// How a driver gets its link: its owner (the device manager, a test) passes a factory, and the driver calls it on
// its worker thread each time it (re)connects, so the link is created on the thread that uses it. Drivers never
// construct a QSerialPort or open a path themselves.
using TransportFactory = std::function<std::unique_ptr<Transport>()>;

} // namespace kiosk::drivers

Q_DECLARE_METATYPE(kiosk::drivers::TransportError)
