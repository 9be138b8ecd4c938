// The order of the application steps.
#include "app/application/citizen_services.h"

#include "app/catalogue/service_item.h"

namespace kiosk::app {

QStringList applicationSteps(const ServiceItem &item)
{
    QStringList steps{QStringLiteral("form"), QStringLiteral("materials")};
    if (item.commitmentAllowed && !item.commitmentText.isEmpty())
        steps << QStringLiteral("commitment");
    steps << QStringLiteral("delivery") << QStringLiteral("review");
    return steps;
}

QString stepAfter(const QString &step, const ServiceItem &item)
{
    const QStringList steps = applicationSteps(item);
    const int i = steps.indexOf(step);
    return i >= 0 && i + 1 < steps.size() ? steps.at(i + 1) : QString();
}

} // namespace kiosk::app
