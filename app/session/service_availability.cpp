// Tracks required parts and announces when the kiosk goes out of or back into service.
#include "app/session/service_availability.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcAvailability, "kiosk.app.availability")

namespace kiosk::app {

void ServiceAvailability::setPartAvailable(const QString &part, bool available, const QString &reason)
{
    const bool wasIn = inService();
    const QString before = this->reason();
    if (available)
        missing_.remove(part);
    else
        missing_.insert(part, reason.isEmpty() ? part : reason);
    if (wasIn != inService() || before != this->reason()) {
        qCInfo(lcAvailability) << (inService() ? "in service" : "out of service:") << this->reason();
        emit changed(inService(), this->reason());
    }
}

QString ServiceAvailability::reason() const
{
    QStringList lines;
    for (auto it = missing_.cbegin(); it != missing_.cend(); ++it)
        lines << it.value();
    return lines.join('\n');
}

} // namespace kiosk::app
