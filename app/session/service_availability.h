// Which parts the kiosk cannot serve without (required devices, storage); any missing one takes it out of service.
#pragma once

#include <QMap>
#include <QObject>
#include <QString>

namespace kiosk::app {

class ServiceAvailability : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    // `part` is a stable name ("idcard_reader", "storage"); `reason` is for staff and never holds personal data.
    void setPartAvailable(const QString &part, bool available, const QString &reason = {});
    bool inService() const { return missing_.isEmpty(); }
    // Reasons of every missing part, one per line, in a stable order.
    QString reason() const;
    QStringList missingParts() const { return missing_.keys(); }

signals:
    void changed(bool inService, const QString &reason);

private:
    QMap<QString, QString> missing_;
};

} // namespace kiosk::app
