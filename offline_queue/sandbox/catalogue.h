// The catalogue the sandbox platform serves: the sample file as version V, then changes made through the control
// endpoint (each one a new version), with the codes removed since any version and every item ever published (a
// queued submission for a removed or changed item is still accepted under its item_version).
#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace kiosk::sandbox {

class Catalogue
{
public:
    // {"version": integer, "items": [Item with "code"], ...}: other top-level members are served as they are.
    bool load(const QByteArray &json, QString *error);
    void reset(); // back to what load() read

    qint64 version() const { return version_; }
    int itemCount() const { return int(order_.size()); }
    // The answer of GET /v1/catalogue: every current item (a full list is right whether the client reads it as a
    // replacement or as changes), and the codes removed after `since` (none when `since` is absent).
    QByteArray body(std::optional<qint64> since) const;
    // A current or an earlier published item.
    std::optional<QJsonObject> item(const QString &code) const;

    // One new version: `upserts` replace or add items by code (an item without "version" gets its old version + 1),
    // `removals` drop codes. An error leaves everything unchanged.
    bool update(const QJsonArray &upserts, const QStringList &removals, QString *error);

private:
    void rebuildCache();

    QJsonObject loaded_;
    QJsonObject extras_; // top-level members other than version/items
    qint64 version_ = 0;
    QStringList order_;
    QHash<QString, QJsonObject> items_;
    QHash<QString, QJsonObject> everPublished_;
    QList<std::pair<qint64, QString>> removedLog_; // (version that removed it, code)
    QByteArray fullBody_;
};

} // namespace kiosk::sandbox
