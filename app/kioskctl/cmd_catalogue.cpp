// `kioskctl catalogue refresh` / `catalogue search TEXT`: the service catalogue with the kiosk's own code. refresh asks
// the platform for a newer catalogue (ETag / since, as the kiosk does) and stores it in the kiosk's cache
// (<data_dir>/catalogue.sqlite), which the kiosk reads at its next start; search looks in the catalogue the kiosk would
// show (the cache, else the configured or built-in sample) by Chinese, pinyin or English, as the search screen does.
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QRegularExpression>
#include <QSettings>

#include "app/catalogue/catalogue.h"
#include "app/catalogue/catalogue_cache.h"
#include "app/catalogue/catalogue_refresh.h"
#include "app/catalogue/catalogue_service.h"
#include "app/catalogue/pinyin.h"
#include "app/config/kiosk_config.h"
#include "app/kioskctl/command.h"
#include "app/platform/platform_service.h"
#include "offline_queue/storage/sanitize.h"
#include "offline_queue/sync_settings.h"

namespace kiosk::ctl {

namespace {

constexpr int kRefreshWaitMs = 60'000;

struct CatalogueContext {
    app::KioskConfig config;
    QString configPath;
    QString cachePath;
    QString bundledPath;
};

CatalogueContext loadContext(const Invocation &inv)
{
    CatalogueContext c;
    c.configPath = inv.configPath;
    if (c.configPath.isEmpty() && QFileInfo::exists(QStringLiteral("/etc/kiosk/kiosk.conf")))
        c.configPath = QStringLiteral("/etc/kiosk/kiosk.conf");
    c.config = app::KioskConfig::load(c.configPath);
    // The same places app/main.cpp uses.
    c.cachePath = QDir(c.config.effectiveDataDir()).filePath(QStringLiteral("catalogue.sqlite"));
    c.bundledPath =
        c.config.catalogueFile.isEmpty() ? QStringLiteral(":/catalogue/catalogue.json") : c.config.catalogueFile;
    return c;
}

int fail(const Invocation &inv, const QString &message, int code = 1)
{
    if (inv.json)
        printJson({{QStringLiteral("error"), message}});
    else
        err(QStringLiteral("kioskctl catalogue: ") + message);
    return code;
}

struct LoadedCatalogue {
    app::Catalogue catalogue;
    QString source; // "cache" | the bundled path
    QString error;
};

// The catalogue the kiosk would start with: the cache when it holds one, else the bundled file. Never creates the
// cache file (a technician's look must not leave a root-owned database behind for the kiosk user).
LoadedCatalogue loadCatalogue(const CatalogueContext &c)
{
    LoadedCatalogue out;
    QByteArray json;
    if (QFileInfo::exists(c.cachePath)) {
        QString why;
        std::unique_ptr<app::CatalogueCache> cache = app::CatalogueCache::open(c.cachePath, &why);
        if (!cache) {
            out.error = QStringLiteral("cache %1 unusable: %2").arg(c.cachePath, why);
            return out;
        }
        if (const std::optional<app::CachedCatalogue> cached = cache->load(); cached && !cached->json.isEmpty()) {
            json = cached->json;
            out.source = QStringLiteral("cache");
        }
    }
    if (json.isEmpty()) {
        QFile f(c.bundledPath);
        if (!f.open(QIODevice::ReadOnly)) {
            out.error = QStringLiteral("no cached catalogue and %1 unreadable: %2").arg(c.bundledPath, f.errorString());
            return out;
        }
        json = f.readAll();
        out.source = c.bundledPath;
    }
    if (!app::Catalogue::fromJson(json, &out.catalogue))
        out.error = QStringLiteral("the catalogue from %1 is not a catalogue").arg(out.source);
    return out;
}

// ---- catalogue search TEXT [--limit N]

int catalogueSearch(const Invocation &inv)
{
    QStringList words;
    int limit = 20;
    for (int i = 0; i < inv.args.size(); ++i) {
        if (inv.args[i] == QLatin1String("--limit")) {
            bool ok = false;
            limit = i + 1 < inv.args.size() ? inv.args[++i].toInt(&ok) : 0;
            if (!ok || limit <= 0 || limit > 1000)
                return fail(inv, QStringLiteral("--limit needs a number from 1 to 1000"), 2);
        } else {
            words << inv.args[i];
        }
    }
    const QString query = words.join(QLatin1Char(' ')).trimmed();
    if (query.isEmpty())
        return fail(inv, QStringLiteral("give the text to search for: catalogue search TEXT"), 2);

    const CatalogueContext c = loadContext(inv);
    LoadedCatalogue loaded = loadCatalogue(c);
    if (!loaded.error.isEmpty())
        return fail(inv, loaded.error);
    // Pinyin keys only when the query could be pinyin (Latin letters): making them costs more than the search.
    std::unique_ptr<app::PinyinTranscriber> pinyin;
    if (query.contains(QRegularExpression(QStringLiteral("[A-Za-z]"))))
        pinyin = std::make_unique<app::PinyinTranscriber>();
    loaded.catalogue.buildIndex(pinyin && pinyin->isValid() ? pinyin.get() : nullptr);
    const QList<app::SearchHit> hits = loaded.catalogue.search(query, limit);

    QJsonArray items;
    int found = 0;
    for (const app::SearchHit &hit : hits) {
        const app::ServiceItem *item = loaded.catalogue.item(hit.code);
        if (!item)
            continue;
        ++found;
        const QString department = loaded.catalogue.departmentName(item->department, QStringLiteral("zh_CN"));
        if (inv.json) {
            items.append(QJsonObject{{QStringLiteral("code"), item->code},
                                     {QStringLiteral("name"), item->name.in(QStringLiteral("zh_CN"))},
                                     {QStringLiteral("name_en"), item->name.in(QStringLiteral("en"))},
                                     {QStringLiteral("type"), item->type},
                                     {QStringLiteral("department"), department},
                                     {QStringLiteral("version"), item->version},
                                     {QStringLiteral("score"), hit.score}});
        } else {
            out(QStringLiteral("%1  %2  (%3; %4)")
                    .arg(item->code, item->name.in(QStringLiteral("zh_CN")), item->name.in(QStringLiteral("en")),
                         department.isEmpty() ? item->department : department));
        }
    }
    if (inv.json) {
        printJson({{QStringLiteral("query"), query},
                   {QStringLiteral("catalogue_version"), loaded.catalogue.version()},
                   {QStringLiteral("source"), loaded.source},
                   {QStringLiteral("items"), items}});
    } else {
        out(QStringLiteral("%1 items found (catalogue version %2, %3)")
                .arg(found)
                .arg(loaded.catalogue.version())
                .arg(loaded.source));
    }
    return 0;
}

// ---- catalogue refresh

int catalogueRefresh(const Invocation &inv)
{
    if (!inv.args.isEmpty())
        return fail(inv, QStringLiteral("unknown argument '%1'").arg(inv.args.first()), 2);
    const CatalogueContext c = loadContext(inv);
    QSettings ini(c.configPath.isEmpty() ? QStringLiteral("/dev/null") : c.configPath, QSettings::IniFormat);
    QStringList problems;
    const queue::SyncSettings sync =
        queue::loadSyncSettings(ini, c.config.effectiveDataDir(), c.config.kioskId, &problems);
    if (sync.baseUrl.isEmpty())
        return fail(inv, QStringLiteral("no platform configured ([platform] url)"));
    if (!QDir().mkpath(c.config.effectiveDataDir()))
        return fail(inv, QStringLiteral("data folder %1 cannot be created").arg(c.config.effectiveDataDir()));

    qint64 before = 0;
    if (QFileInfo::exists(c.cachePath)) {
        if (std::unique_ptr<app::CatalogueCache> cache = app::CatalogueCache::open(c.cachePath)) {
            if (const auto cached = cache->load())
                before = cached->version;
        }
    }

    // The kiosk's own refresher: cache or bundled first, then one request to the platform.
    app::PlatformService platform(sync.clientConfig());
    platform.start(kRefreshWaitMs * 10);
    app::CatalogueService service;
    app::CatalogueRefresher refresher(&service, &platform, c.cachePath, c.bundledPath);
    bool done = false;
    bool changed = false;
    QString error;
    QObject::connect(&refresher, &app::CatalogueRefresher::refreshed, &refresher, [&](qint64, bool didChange) {
        changed = didChange;
        done = true;
    });
    QObject::connect(&refresher, &app::CatalogueRefresher::refreshFailed, &refresher, [&](const QString &why) {
        error = why;
        done = true;
    });
    refresher.start();
    QElapsedTimer t;
    t.start();
    while (!done && t.elapsed() < kRefreshWaitMs)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 100);
    platform.stop();
    if (!done)
        return fail(inv, QStringLiteral("no answer from the platform within %1 s").arg(kRefreshWaitMs / 1000));
    if (!error.isEmpty())
        return fail(inv, QStringLiteral("refresh failed: %1").arg(queue::sanitizeErrorText(error)));

    // What the kiosk will start with now: read back from the cache.
    const LoadedCatalogue now = loadCatalogue(c);
    if (!now.error.isEmpty())
        return fail(inv, now.error);
    if (inv.json) {
        printJson({{QStringLiteral("version"), now.catalogue.version()},
                   {QStringLiteral("previous_version"), before},
                   {QStringLiteral("changed"), changed},
                   {QStringLiteral("items"), now.catalogue.size()},
                   {QStringLiteral("cache"), c.cachePath}});
    } else {
        out(changed ? QStringLiteral("catalogue version %1 (was %2), %3 items, cached in %4; the kiosk uses it from "
                                     "its next start or refresh")
                          .arg(now.catalogue.version())
                          .arg(before)
                          .arg(now.catalogue.size())
                          .arg(c.cachePath)
                    : QStringLiteral("catalogue version %1 is current (%2 items)")
                          .arg(now.catalogue.version())
                          .arg(now.catalogue.size()));
    }
    return 0;
}

const bool registeredSearch = registerCommand(
    {{QStringLiteral("catalogue"), QStringLiteral("search")},
     QStringLiteral("catalogue search TEXT [--limit N] [--config FILE]"),
     QStringLiteral("find service items by Chinese, pinyin (jzz) or English in the catalogue the kiosk uses"),
     catalogueSearch});

const bool registeredRefresh =
    registerCommand({{QStringLiteral("catalogue"), QStringLiteral("refresh")},
                     QStringLiteral("catalogue refresh [--config FILE]"),
                     QStringLiteral("fetch a newer catalogue from the platform into the kiosk's cache"),
                     catalogueRefresh});

} // namespace

} // namespace kiosk::ctl
