// Standing and recently resolved alerts for the heartbeat, persisted across restarts.
#include "app/fleet/kiosk_alerts.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSaveFile>

#include "offline_queue/storage/canonical_json.h"

Q_LOGGING_CATEGORY(lcAlerts, "kiosk.app.alerts")

namespace kiosk::app {

namespace {

constexpr int kMaxAlerts = 32; // a bounded file whatever raises them

QJsonValue timeOrNull(const QDateTime &t)
{
    return t.isValid() ? QJsonValue(queue::formatCreatedAt(t)) : QJsonValue(QJsonValue::Null);
}

} // namespace

KioskAlerts::KioskAlerts(QString file, QObject *parent) : QObject(parent), file_(std::move(file))
{
    if (file_.isEmpty())
        return;
    QFile f(file_);
    if (!f.open(QIODevice::ReadOnly))
        return;
    const QJsonArray list = QJsonDocument::fromJson(f.read(256 * 1024)).array();
    for (const QJsonValue v : list) {
        const QJsonObject o = v.toObject();
        KioskAlert a;
        a.code = o.value(QStringLiteral("code")).toString().left(64);
        a.detail = o.value(QStringLiteral("detail")).toString().left(500);
        a.since = QDateTime::fromString(o.value(QStringLiteral("since")).toString(), Qt::ISODateWithMs);
        a.resolvedAt = QDateTime::fromString(o.value(QStringLiteral("resolved_at")).toString(), Qt::ISODateWithMs);
        if (!a.code.isEmpty() && a.since.isValid() && alerts_.size() < kMaxAlerts)
            alerts_.append(a);
    }
}

void KioskAlerts::raise(const QString &code, const QString &detail, const QDateTime &now)
{
    for (KioskAlert &a : alerts_) {
        if (a.code != code)
            continue;
        if (a.active() && a.detail == detail)
            return;
        if (!a.active())
            a.since = now;
        a.detail = detail.left(500);
        a.resolvedAt = QDateTime();
        save();
        emit changed();
        return;
    }
    if (alerts_.size() >= kMaxAlerts)
        alerts_.removeFirst();
    alerts_.append({code, detail.left(500), now, QDateTime()});
    qCWarning(lcAlerts).noquote() << "alert" << code << "raised:" << detail;
    save();
    emit changed();
}

void KioskAlerts::resolve(const QString &code, const QDateTime &now)
{
    for (KioskAlert &a : alerts_) {
        if (a.code == code && a.active()) {
            a.resolvedAt = now;
            qCInfo(lcAlerts).noquote() << "alert" << code << "resolved";
            save();
            emit changed();
        }
    }
}

bool KioskAlerts::isActive(const QString &code) const
{
    for (const KioskAlert &a : alerts_)
        if (a.code == code && a.active())
            return true;
    return false;
}

QJsonArray KioskAlerts::toJson() const
{
    QJsonArray out;
    for (const KioskAlert &a : alerts_)
        out.append(QJsonObject{{QStringLiteral("code"), a.code},
                               {QStringLiteral("detail"), a.detail},
                               {QStringLiteral("since"), timeOrNull(a.since)},
                               {QStringLiteral("resolved_at"), timeOrNull(a.resolvedAt)}});
    return out;
}

void KioskAlerts::delivered(const QJsonArray &sent)
{
    const qsizetype before = alerts_.size();
    alerts_.removeIf([&sent](const KioskAlert &a) {
        if (a.active())
            return false;
        for (const QJsonValue v : sent) {
            const QJsonObject o = v.toObject();
            if (o.value(QStringLiteral("code")).toString() == a.code &&
                o.value(QStringLiteral("resolved_at")).toString() == queue::formatCreatedAt(a.resolvedAt))
                return true;
        }
        return false;
    });
    if (alerts_.size() != before) {
        save();
        emit changed();
    }
}

void KioskAlerts::save() const
{
    if (file_.isEmpty())
        return;
    QSaveFile f(file_);
    if (!f.open(QIODevice::WriteOnly) || f.write(QJsonDocument(toJson()).toJson(QJsonDocument::Compact)) < 0 ||
        !f.commit())
        qCWarning(lcAlerts).noquote() << "alerts not saved to" << file_ << ":" << f.errorString();
}

} // namespace kiosk::app
