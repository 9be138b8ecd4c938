// The one shape every device kind has: kind, identity, capabilities as data, status with detail and hint, self-test.
#pragma once

#include <QObject>
#include <QString>
#include <QStringList>
#include <QVariantMap>

#include "drivers/device_capabilities.h"

namespace kiosk::drivers {

enum class DeviceKind {
    IdCardReader,
    CodeScanner,
    ReceiptPrinter,
    DocumentPrinter,
    DocumentScanner,
    DocumentCamera,
    FaceCamera,
};

enum class DeviceState {
    Online,        // ready for use
    Offline,       // known but not answering (cable, power)
    Busy,          // in the middle of an operation
    NoDevice,      // nothing configured at that port or path
    HardwareError, // the device reports a fault
    UserError,     // something a person can fix: paper out, cover open
};

struct DeviceStatus {
    DeviceState state = DeviceState::NoDevice;
    QString detail;       // what is wrong, for staff and technicians (never personal data)
    QString recoveryHint; // what to do about it

    bool usable() const { return state == DeviceState::Online || state == DeviceState::Busy; }
    bool operator==(const DeviceStatus &o) const
    {
        return state == o.state && detail == o.detail && recoveryHint == o.recoveryHint;
    }
    bool operator!=(const DeviceStatus &o) const { return !(*this == o); }
};

struct SelfTestResult {
    bool passed = false;
    QString summary; // one line, no personal data
    QVariantMap details;
};

QString toString(DeviceKind kind);   // stable machine name, e.g. "idcard_reader"
QString toString(DeviceState state); // stable machine name, e.g. "user_error"
bool deviceKindFromString(const QString &name, DeviceKind *kind);

class Device : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    ~Device() override = default;

    virtual DeviceKind kind() const = 0;
    virtual QString model() const = 0; // e.g. "SAM_V reader" or "simulated"
    virtual QString port() const = 0;  // e.g. "/dev/ttyUSB0"
    virtual DeviceCapabilities capabilities() const = 0;
    virtual DeviceStatus status() const = 0;
    virtual void selfTest() = 0; // answers with selfTestFinished

signals:
    void statusChanged(const kiosk::drivers::DeviceStatus &status);
    void selfTestFinished(const kiosk::drivers::SelfTestResult &result);
};

} // namespace kiosk::drivers

Q_DECLARE_METATYPE(kiosk::drivers::DeviceStatus)
Q_DECLARE_METATYPE(kiosk::drivers::SelfTestResult)
