// The base of the serial kinds' workers (drivers/README.md): the two signals every worker sends its Device, queued
// (status, self-test result), and the status it last reported, so that each change is reported and logged once.
#pragma once

#include <QLoggingCategory>
#include <QObject>

#include "drivers/device.h"

namespace kiosk::drivers {

class DeviceWorker : public QObject
{
    Q_OBJECT
public:
    // `category`: the kind's logging category (the function Q_LOGGING_CATEGORY defines).
    explicit DeviceWorker(const QLoggingCategory &(*category)()) : category_(category) {}

signals:
    void statusChanged(const kiosk::drivers::DeviceStatus &status);
    void selfTestFinished(const kiosk::drivers::SelfTestResult &result);

protected:
    // Reports `s` (and logs it in the kind's category) when it differs from the last status reported.
    void setStatus(const DeviceStatus &s);

    DeviceStatus status_;

private:
    const QLoggingCategory &(*category_)();
};

} // namespace kiosk::drivers
