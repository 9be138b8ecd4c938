// Catalogue versions, removals and the serialised answer of GET /v1/catalogue.
#include "offline_queue/sandbox/catalogue.h"

#include <QJsonDocument>
#include <QSet>

#include <cmath>

namespace kiosk::sandbox {

namespace {

std::optional<qint64> integer(const QJsonValue &v)
{
    if (!v.isDouble())
        return std::nullopt;
    const double d = v.toDouble();
    if (!std::isfinite(d) || std::trunc(d) != d || d < 0 || d > 9007199254740991.0)
        return std::nullopt;
    return qint64(d);
}

} // namespace

bool Catalogue::load(const QByteArray &json, QString *error)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject()) {
        if (error)
            *error = QStringLiteral("the catalogue is not a JSON object: %1").arg(pe.errorString());
        return false;
    }
    const QJsonObject o = doc.object();
    if (!integer(o.value(QLatin1String("version"))) || !o.value(QLatin1String("items")).isArray()) {
        if (error)
            *error = QStringLiteral("the catalogue needs an integer 'version' and an 'items' array");
        return false;
    }
    QSet<QString> codes;
    for (const QJsonValue v : o.value(QLatin1String("items")).toArray()) {
        const QString code = v.toObject().value(QLatin1String("code")).toString();
        if (code.isEmpty() || codes.contains(code)) {
            if (error)
                *error = QStringLiteral("every catalogue item needs a unique 'code' (%1)").arg(code);
            return false;
        }
        codes.insert(code);
    }
    loaded_ = o;
    reset();
    return true;
}

void Catalogue::reset()
{
    version_ = *integer(loaded_.value(QLatin1String("version")));
    extras_ = loaded_;
    extras_.remove(QLatin1String("version"));
    extras_.remove(QLatin1String("items"));
    extras_.remove(QLatin1String("removed"));
    order_.clear();
    items_.clear();
    everPublished_.clear();
    removedLog_.clear();
    for (const QJsonValue v : loaded_.value(QLatin1String("items")).toArray()) {
        const QJsonObject item = v.toObject();
        const QString code = item.value(QLatin1String("code")).toString();
        order_.append(code);
        items_.insert(code, item);
        everPublished_.insert(code, item);
    }
    rebuildCache();
}

void Catalogue::rebuildCache()
{
    QJsonObject o = extras_;
    QJsonArray items;
    for (const QString &code : order_)
        items.append(items_.value(code));
    o.insert(QStringLiteral("version"), version_);
    o.insert(QStringLiteral("items"), items);
    o.insert(QStringLiteral("removed"), QJsonArray());
    fullBody_ = QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QByteArray Catalogue::body(std::optional<qint64> since) const
{
    if (!since)
        return fullBody_;
    QStringList removed;
    for (const auto &[version, code] : removedLog_) {
        if (version > *since && !items_.contains(code) && !removed.contains(code))
            removed.append(code);
    }
    if (removed.isEmpty())
        return fullBody_;
    QJsonObject o = QJsonDocument::fromJson(fullBody_).object();
    o.insert(QStringLiteral("removed"), QJsonArray::fromStringList(removed));
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

std::optional<QJsonObject> Catalogue::item(const QString &code) const
{
    const auto it = everPublished_.constFind(code);
    if (it == everPublished_.constEnd())
        return std::nullopt;
    return items_.value(code, *it);
}

bool Catalogue::update(const QJsonArray &upserts, const QStringList &removals, QString *error)
{
    for (const QJsonValue v : upserts) {
        if (!v.isObject() || v.toObject().value(QLatin1String("code")).toString().isEmpty()) {
            if (error)
                *error = QStringLiteral("every upserted item needs a 'code'");
            return false;
        }
    }
    for (const QString &code : removals) {
        if (!items_.contains(code)) {
            if (error)
                *error = QStringLiteral("cannot remove '%1': not in the current catalogue").arg(code);
            return false;
        }
    }
    ++version_;
    for (const QJsonValue v : upserts) {
        QJsonObject item = v.toObject();
        const QString code = item.value(QLatin1String("code")).toString();
        if (!item.contains(QLatin1String("version"))) {
            const qint64 old = integer(everPublished_.value(code).value(QLatin1String("version"))).value_or(0);
            item.insert(QStringLiteral("version"), old + 1);
        }
        if (!items_.contains(code))
            order_.append(code);
        items_.insert(code, item);
        everPublished_.insert(code, item);
    }
    for (const QString &code : removals) {
        items_.remove(code);
        order_.removeAll(code);
        removedLog_.append({version_, code});
    }
    rebuildCache();
    return true;
}

} // namespace kiosk::sandbox
