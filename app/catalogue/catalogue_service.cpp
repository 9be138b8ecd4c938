// Parsing and indexing take tens of milliseconds (ICU set-up alone ~150 ms), so they run on the thread pool.
#include "app/catalogue/catalogue_service.h"

#include <QFile>
#include <QLoggingCategory>
#include <QPointer>
#include <QThreadPool>

#include "app/catalogue/pinyin.h"

Q_LOGGING_CATEGORY(lcCatalogue, "kiosk.app.catalogue")

namespace kiosk::app {

CatalogueService::CatalogueService(QObject *parent) : QObject(parent) {}

CatalogueService::~CatalogueService() = default;

void CatalogueService::loadFile(const QString &path)
{
    QPointer<CatalogueService> self(this);
    auto pinyin = pinyin_;
    QThreadPool::globalInstance()->start([self, path, pinyin]() mutable {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly)) {
            const QString reason = QStringLiteral("cannot read %1").arg(path);
            QMetaObject::invokeMethod(self, [self, reason] {
                if (self)
                    emit self->failed(reason);
            });
            return;
        }
        const QByteArray json = f.readAll();
        QMetaObject::invokeMethod(self, [self, json] {
            if (self)
                self->loadJson(json);
        });
    });
}

void CatalogueService::loadJson(const QByteArray &json)
{
    QPointer<CatalogueService> self(this);
    auto pinyin = pinyin_;
    const bool makePinyin = !pinyinDeferred_;
    QThreadPool::globalInstance()->start([self, json, pinyin, makePinyin]() mutable {
        auto next = std::make_shared<Catalogue>();
        QStringList problems;
        const bool ok = Catalogue::fromJson(json, next.get(), &problems);
        if (ok) {
            if (!pinyin && makePinyin)
                pinyin = std::make_shared<PinyinTranscriber>();
            next->buildIndex(pinyin.get());
        }
        QMetaObject::invokeMethod(self, [self, ok, next, problems, pinyin] {
            if (!self)
                return;
            if (pinyin)
                self->pinyin_ = pinyin;
            if (ok)
                self->adopt(next, problems, pinyin != nullptr);
            else
                emit self->failed(problems.join(QLatin1Char('\n')));
        });
    });
}

void CatalogueService::enablePinyin()
{
    if (!pinyinDeferred_)
        return;
    pinyinDeferred_ = false;
    QPointer<CatalogueService> self(this);
    QThreadPool::globalInstance()->start([self] {
        auto pinyin = std::make_shared<PinyinTranscriber>();
        QMetaObject::invokeMethod(self, [self, pinyin] {
            if (!self)
                return;
            self->pinyin_ = pinyin;
            self->reindexWithPinyin();
        });
    });
}

// The current catalogue again, with pinyin keys (a catalogue still loading is indexed with them when it arrives).
void CatalogueService::reindexWithPinyin()
{
    if (!catalogue_ || pinyinIndexed_ || !pinyin_)
        return;
    QPointer<CatalogueService> self(this);
    auto next = std::make_shared<Catalogue>(*catalogue_);
    auto pinyin = pinyin_;
    QThreadPool::globalInstance()->start([self, next, pinyin] {
        next->buildIndex(pinyin.get());
        QMetaObject::invokeMethod(self, [self, next] {
            if (self)
                self->adopt(next, {}, true);
        });
    });
}

void CatalogueService::adopt(std::shared_ptr<Catalogue> next, const QStringList &problems, bool withPinyin)
{
    for (const QString &p : problems)
        qCWarning(lcCatalogue) << "catalogue item skipped:" << p;
    if (catalogue_ && next->version() < catalogue_->version()) {
        qCWarning(lcCatalogue) << "ignoring older catalogue version" << next->version();
        return;
    }
    catalogue_ = std::move(next);
    pinyinIndexed_ = withPinyin;
    qCInfo(lcCatalogue) << "catalogue version" << catalogue_->version() << "with" << catalogue_->size() << "items"
                        << (withPinyin ? "" : "(pinyin search later)");
    emit ready(catalogue_->version(), catalogue_->size());
    if (!withPinyin && pinyin_ && !pinyinDeferred_)
        reindexWithPinyin(); // enablePinyin() came while this catalogue was loading without it
}

} // namespace kiosk::app
