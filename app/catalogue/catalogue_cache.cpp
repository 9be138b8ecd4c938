// Catalogue cache and merge.
#include "app/catalogue/catalogue_cache.h"

#include <QDateTime>

#include "offline_queue/storage/store.h"

namespace kiosk::app {

namespace {

const char kSchemaV1[] = R"sql(
CREATE TABLE catalogue (
    id          INTEGER PRIMARY KEY CHECK (id = 1),  -- one row: the current catalogue
    version     INTEGER NOT NULL,
    etag        BLOB,
    fetched_at  TEXT NOT NULL,
    json        BLOB NOT NULL
);
)sql";

} // namespace

CatalogueCache::CatalogueCache(std::unique_ptr<queue::Store> store) : store_(std::move(store)) {}

CatalogueCache::~CatalogueCache() = default;

std::unique_ptr<CatalogueCache> CatalogueCache::open(const QString &path, QString *error)
{
    queue::StoreOpenResult r =
        queue::Store::open(path, {{1, QStringLiteral("catalogue cache"), QByteArray(kSchemaV1)}});
    if (!r.isOk()) {
        if (error)
            *error = r.error.message;
        return nullptr;
    }
    return std::unique_ptr<CatalogueCache>(new CatalogueCache(std::move(r.store)));
}

std::optional<CachedCatalogue> CatalogueCache::load()
{
    queue::Statement s = store_->prepare("SELECT version, etag, json FROM catalogue WHERE id = 1");
    if (s.step() != queue::Statement::Step::Row)
        return std::nullopt;
    return CachedCatalogue{s.int64(0), s.blob(1), s.blob(2)};
}

bool CatalogueCache::save(const CachedCatalogue &c, QString *error)
{
    queue::Statement s =
        store_->prepare("INSERT INTO catalogue (id, version, etag, fetched_at, json) VALUES (1, ?1, ?2, ?3, ?4) "
                        "ON CONFLICT (id) DO UPDATE SET version = excluded.version, etag = excluded.etag, "
                        "fetched_at = excluded.fetched_at, json = excluded.json");
    s.bindInt(1, c.version).bindBlob(2, c.etag).bindText(3, QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
    s.bindBlob(4, c.json);
    const queue::StoreError e = s.run();
    if (!e.isOk() && error)
        *error = e.message;
    return e.isOk();
}

} // namespace kiosk::app
