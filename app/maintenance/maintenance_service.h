// The maintenance menu's window on the kiosk: device statuses, queue figures, self-tests and "sync now" through
// providers the composition root hands in, and PIN sign-in (MaintenanceAuth) run off the GUI thread.
#pragma once

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>
#include <QThreadPool>

#include <functional>
#include <optional>

#include "app/fleet/heartbeat_service.h"
#include "app/maintenance/maintenance_auth.h"

namespace kiosk::app {

// What the menu may reach, each optional (null: the menu hides that part). None of them carries personal data.
struct MaintenanceProviders {
    std::function<QList<DeviceReport>()> devices;
    // Keys as `kioskctl queue status --json`: pending, in_flight, dead, oldest_age_s, last_sync, error.
    std::function<QJsonObject()> queueStatus;
    std::function<void(QString kind)> runSelfTest;
    std::function<void()> syncNow;
};

class MaintenanceService : public QObject
{
    Q_OBJECT
public:
    // `auth` may be null (no maintenance store): the menu is then unavailable. It must outlive this service.
    MaintenanceService(MaintenanceProviders providers, MaintenanceAuth *auth, QObject *parent = nullptr);
    ~MaintenanceService() override; // waits for a sign-in still running

    bool available() const { return auth_ != nullptr; }

    // Checks the PIN on a worker thread; `done` runs on the GUI thread, in `context`, unless `context` is gone.
    // A grant signs the role in.
    void attemptPin(const QString &pin, QObject *context, std::function<void(AuthResult)> done);
    std::optional<MaintenanceRole> role() const { return role_; }
    bool may(MaintenanceAction action) const { return role_ && app::may(*role_, action); }
    void signOut();

    // Read and act for the signed-in role only; empty / refused otherwise.
    QList<DeviceReport> devices() const;
    QJsonObject queueStatus() const;
    bool canSyncNow() const { return bool(providers_.syncNow) && may(MaintenanceAction::SyncNow); }
    bool canRunSelfTest() const { return bool(providers_.runSelfTest) && may(MaintenanceAction::RunSelfTest); }
    bool runSelfTest(const QString &kind);
    bool syncNow();

signals:
    void signedIn(kiosk::app::MaintenanceRole role);
    void signedOut();

private:
    MaintenanceProviders providers_;
    MaintenanceAuth *auth_;
    std::optional<MaintenanceRole> role_;
    QThreadPool pool_; // own pool so the destructor can wait for an attempt that still uses auth_
};

} // namespace kiosk::app
