// A read-only Transport for keyboard-wedge (HID) code scanners: grabs the scanner's /dev/input/eventN so its
// keystrokes never reach the UI, and turns its key events back into the bytes it "typed".
#pragma once

#include <QByteArray>
#include <QSocketNotifier>

#include <cstdint>
#include <optional>

#include "drivers/transport/transport.h"

namespace kiosk::drivers {

// Turns evdev key events into ASCII as a US-layout keyboard would type them, which is what wedge scanners emulate
// (configure the scanner for the US layout). Enter gives '\r'. Pure: no I/O, so it is tested event by event.
// Non-ASCII payloads cannot travel through a US-layout wedge; use the scanner in USB CDC (serial) mode for those.
class EvdevKeyTranslator
{
public:
    // The character `code` (a KEY_* from linux/input-event-codes.h) types, or nothing for keys that type nothing.
    static std::optional<char> translate(std::uint16_t code, bool shift);

    // Feeds one input_event (type, code, value); returns the byte it types, if any. Only key presses (value 1)
    // type; shift keys are tracked; auto-repeat (value 2) is ignored because scanners never hold a key.
    std::optional<char> feed(std::uint16_t type, std::uint16_t code, std::int32_t value);
    void reset();

    // Presses of keys that type nothing (function keys, Alt, ...): a scanner configured for another layout shows
    // up here.
    int untranslatedPresses() const { return untranslated_; }

private:
    bool leftShift_ = false;
    bool rightShift_ = false;
    int untranslated_ = 0;
};

struct EvdevSettings {
    QString path;     // "/dev/input/by-id/usb-...-event-kbd" or "/dev/input/eventN"
    bool grab = true; // EVIOCGRAB: exclusive, so scanned codes never type into the kiosk's own widgets
};

class EvdevTransport : public Transport
{
    Q_OBJECT
public:
    explicit EvdevTransport(EvdevSettings settings, QObject *parent = nullptr);
    ~EvdevTransport() override;

    static TransportFactory factory(const EvdevSettings &settings);
    // Adopts an open descriptor that delivers struct input_event records (tests: the read end of a pipe);
    // open() then only starts watching it. The transport closes it.
    static std::unique_ptr<EvdevTransport> fromDescriptor(int fd, const QString &name, bool grab = false);

    bool open() override;
    void close() override;
    // Wedge scanners take no commands: always false, with an Io error.
    bool write(const QByteArray &bytes) override;
    bool isOpen() const override { return fd_ >= 0 && notifier_; }
    QString name() const override { return settings_.path; }

    const EvdevKeyTranslator &translator() const { return translator_; }

private:
    void onReadable();
    void fail(TransportErrorCode code, const QString &message);
    void closeDescriptor();

    EvdevSettings settings_;
    int fd_ = -1;
    bool grabbed_ = false;
    QSocketNotifier *notifier_ = nullptr; // child
    QByteArray pending_;                  // a partial input_event left by the last read
    EvdevKeyTranslator translator_;
};

} // namespace kiosk::drivers
