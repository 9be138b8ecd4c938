// Keeps the kiosk's catalogue current: at start-up the cached copy (or, on a first boot, the bundled sample) is
// loaded at once, then the platform is asked for anything newer (ETag / since), now and every few hours or on the
// heartbeat's refresh_catalogue command. A newer catalogue is merged, cached and swapped in; offline nothing changes.
#pragma once

#include <QObject>
#include <QString>

#include <memory>

class QTimer;

namespace kiosk::app {

class CatalogueCache;
class CatalogueService;
class PlatformService;

class CatalogueRefresher : public QObject
{
    Q_OBJECT
public:
    CatalogueRefresher(CatalogueService *service, PlatformService *platform, QString cachePath, QString bundledPath,
                       QObject *parent = nullptr);
    ~CatalogueRefresher() override;

    // Loads the cache or the bundled catalogue, asks the platform at once and then every `intervalMs`.
    void start(int intervalMs = 6 * 3600 * 1000);

public slots:
    void refreshNow();

signals:
    // After each answer: the version in use and whether it changed.
    void refreshed(qint64 version, bool changed);
    void refreshFailed(const QString &why);

private:
    CatalogueService *service_;
    PlatformService *platform_;
    QString cachePath_;
    QString bundledPath_;
    std::unique_ptr<CatalogueCache> cache_;
    QTimer *timer_ = nullptr;
    qint64 version_ = 0;
    QByteArray etag_;
    QByteArray document_;
    bool busy_ = false;
};

} // namespace kiosk::app
