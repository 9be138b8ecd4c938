// Status reporting shared by the device workers.
#include "drivers/device_worker.h"

namespace kiosk::drivers {

void DeviceWorker::setStatus(const DeviceStatus &s)
{
    if (s == status_)
        return;
    status_ = s;
    qCInfo(category_) << "status" << toString(s.state) << s.detail;
    emit statusChanged(s);
}

} // namespace kiosk::drivers
