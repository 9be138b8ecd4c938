// Alerts the platform must see in the heartbeat (a refused pin set, an audit anchor the platform refused...), kept
// in a small file so that an alert raised while the kiosk could not reach the platform is still reported, with when
// it began and ended, by the first heartbeat that goes through once the cause is fixed.
#pragma once

#include <QDateTime>
#include <QJsonArray>
#include <QList>
#include <QObject>
#include <QString>

namespace kiosk::app {

struct KioskAlert {
    QString code;         // stable: "platform_pins", "audit_anchor_conflict", ...
    QString detail;       // English, for operators; never personal data
    QDateTime since;      // first raised
    QDateTime resolvedAt; // invalid while the alert stands
    bool active() const { return !resolvedAt.isValid(); }
};

class KioskAlerts : public QObject
{
    Q_OBJECT
public:
    // `file` empty: kept in memory only. A file that cannot be read is treated as empty (and rewritten).
    explicit KioskAlerts(QString file = {}, QObject *parent = nullptr);

    // Raises (or refreshes the detail of) `code`; a resolved alert of that code stands again.
    void raise(const QString &code, const QString &detail, const QDateTime &now = QDateTime::currentDateTimeUtc());
    // Marks `code` resolved; it is reported once more (resolved) and then forgotten.
    void resolve(const QString &code, const QDateTime &now = QDateTime::currentDateTimeUtc());
    QList<KioskAlert> alerts() const { return alerts_; }
    bool isActive(const QString &code) const;

    // The heartbeat's "alerts" member: [{"code","detail","since","resolved_at"|null}].
    QJsonArray toJson() const;
    // The platform accepted a heartbeat carrying `sent`: resolved alerts in it are forgotten.
    void delivered(const QJsonArray &sent);

signals:
    void changed();

private:
    void save() const;

    QString file_;
    QList<KioskAlert> alerts_;
};

} // namespace kiosk::app
