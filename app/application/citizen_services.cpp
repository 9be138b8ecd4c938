// The order of the application steps.
#include "app/application/citizen_services.h"

#include "app/catalogue/service_item.h"

namespace kiosk::app {

QStringList applicationSteps(const ServiceItem &item)
{
    // Items whose form is filled from materials (sources "ocr:<material>:<field>") take the materials first, so the
    // form can show what was read for the citizen to confirm.
    bool readsMaterials = false;
    for (const ItemField &f : item.form)
        readsMaterials = readsMaterials || f.source.startsWith(QLatin1String("ocr:"));
    QStringList steps = readsMaterials ? QStringList{QStringLiteral("materials"), QStringLiteral("form")}
                                       : QStringList{QStringLiteral("form"), QStringLiteral("materials")};
    if (item.commitmentAllowed && !item.commitmentText.isEmpty())
        steps << QStringLiteral("commitment");
    steps << QStringLiteral("delivery") << QStringLiteral("review");
    return steps;
}

QString firstStep(const ServiceItem &item)
{
    return applicationSteps(item).constFirst();
}

QString stepAfter(const QString &step, const ServiceItem &item)
{
    const QStringList steps = applicationSteps(item);
    const int i = steps.indexOf(step);
    return i >= 0 && i + 1 < steps.size() ? steps.at(i + 1) : QString();
}

} // namespace kiosk::app
