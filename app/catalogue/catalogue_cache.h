// The kiosk's copy of the provincial catalogue in SQLite (so it works offline and starts without the platform), and
// the merge of a platform answer into it: GET /v1/catalogue returns either the whole catalogue or, with ?since=V,
// the items of the newer version plus the codes `removed` since V (platform-api.md).
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <memory>
#include <optional>

namespace kiosk::queue {
class Store;
}

namespace kiosk::app {

struct CachedCatalogue {
    qint64 version = 0;
    QByteArray etag;
    QByteArray json; // the whole catalogue document: {"version","items":[...], "departments"?, "life_events"?}
};

// The merged catalogue document: a full answer (`delta` false) replaces `cached`; a delta answer replaces the items
// it carries by code, drops the `removed` codes and keeps the rest. Members other than items (departments, life
// events) come from the answer when it has them, else from the cached document. Empty on an unusable answer.
QByteArray mergeCatalogue(const QByteArray &cached, const QJsonObject &answer, bool delta, QString *error = nullptr);

class CatalogueCache
{
public:
    // Opens (creating) the cache file; null with `error` when it cannot be used (the kiosk then uses the bundled one).
    static std::unique_ptr<CatalogueCache> open(const QString &path, QString *error = nullptr);
    ~CatalogueCache();

    std::optional<CachedCatalogue> load();
    bool save(const CachedCatalogue &catalogue, QString *error = nullptr);

private:
    explicit CatalogueCache(std::unique_ptr<queue::Store> store);
    std::unique_ptr<queue::Store> store_;
};

} // namespace kiosk::app
