// Catalogue refresh.
#include "app/catalogue/catalogue_refresh.h"

#include <QFile>
#include <QLoggingCategory>
#include <QTimer>

#include "app/catalogue/catalogue_cache.h"
#include "app/catalogue/catalogue_service.h"
#include "app/platform/platform_service.h"

Q_LOGGING_CATEGORY(lcCatalogueRefresh, "kiosk.app.catalogue.refresh")

namespace kiosk::app {

CatalogueRefresher::CatalogueRefresher(CatalogueService *service, PlatformService *platform, QString cachePath,
                                       QString bundledPath, QObject *parent)
    : QObject(parent)
    , service_(service)
    , platform_(platform)
    , cachePath_(std::move(cachePath))
    , bundledPath_(std::move(bundledPath))
{}

CatalogueRefresher::~CatalogueRefresher() = default;

void CatalogueRefresher::start(int intervalMs)
{
    QString why;
    cache_ = CatalogueCache::open(cachePath_, &why);
    if (!cache_)
        qCWarning(lcCatalogueRefresh).noquote() << "catalogue cache unusable, using the bundled one:" << why;
    std::optional<CachedCatalogue> cached = cache_ ? cache_->load() : std::nullopt;
    if (cached && !cached->json.isEmpty()) {
        version_ = cached->version;
        etag_ = cached->etag;
        document_ = cached->json;
        service_->loadJson(document_);
        qCInfo(lcCatalogueRefresh) << "catalogue version" << version_ << "from the cache";
    } else {
        QFile f(bundledPath_);
        if (f.open(QIODevice::ReadOnly))
            document_ = f.readAll();
        service_->loadFile(bundledPath_);
        // The bundled sample's version: a newer one from the platform replaces it; an equal one is not refetched.
        version_ = 0;
    }
    if (!platform_ || !platform_->isConfigured())
        return;
    timer_ = new QTimer(this);
    timer_->setInterval(intervalMs);
    connect(timer_, &QTimer::timeout, this, &CatalogueRefresher::refreshNow);
    timer_->start();
    refreshNow();
}

void CatalogueRefresher::refreshNow()
{
    if (!platform_ || busy_)
        return;
    busy_ = true;
    const std::optional<qint64> since = version_ > 0 ? std::optional<qint64>(version_) : std::nullopt;
    platform_->fetchCatalogue(since, etag_, this, [this, since](CallResult<CatalogueAnswer> r) {
        busy_ = false;
        if (!r.ok()) {
            qCInfo(lcCatalogueRefresh).noquote() << "catalogue refresh failed:" << r.detail;
            emit refreshFailed(r.detail);
            return;
        }
        if (r.value.notModified) {
            emit refreshed(version_, false);
            return;
        }
        QString why;
        const QByteArray merged = mergeCatalogue(document_, r.value.json, since.has_value(), &why);
        if (merged.isEmpty()) {
            qCWarning(lcCatalogueRefresh).noquote() << "catalogue answer unusable:" << why;
            emit refreshFailed(why);
            return;
        }
        const qint64 version = qint64(r.value.json.value(QStringLiteral("version")).toDouble());
        document_ = merged;
        version_ = version;
        etag_ = r.value.etag;
        if (cache_ && !cache_->save({version_, etag_, document_}, &why))
            qCWarning(lcCatalogueRefresh).noquote() << "catalogue not cached:" << why;
        service_->loadJson(document_);
        qCInfo(lcCatalogueRefresh) << "catalogue version" << version_ << "from the platform";
        emit refreshed(version_, true);
    });
}

} // namespace kiosk::app
