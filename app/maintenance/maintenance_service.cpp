// Maintenance facade: sign-in off the GUI thread, role-checked access to the kiosk's diagnostics providers.
#include "app/maintenance/maintenance_service.h"

#include <QLoggingCategory>
#include <QMetaObject>
#include <QPointer>

Q_LOGGING_CATEGORY(lcMaintService, "kiosk.app.maintenance")

namespace kiosk::app {

MaintenanceService::MaintenanceService(MaintenanceProviders providers, MaintenanceAuth *auth, QObject *parent)
    : QObject(parent), providers_(std::move(providers)), auth_(auth)
{
    // One attempt at a time: MaintenanceAuth serialises anyway, and a queue of PBKDF2 runs helps nobody.
    pool_.setMaxThreadCount(1);
}

MaintenanceService::~MaintenanceService()
{
    pool_.waitForDone();
}

void MaintenanceService::attemptPin(const QString &pin, QObject *context, std::function<void(AuthResult)> done)
{
    if (!auth_) {
        AuthResult r;
        r.outcome = AuthResult::Outcome::NotProvisioned;
        r.message = QStringLiteral("no maintenance store");
        if (done)
            done(r);
        return;
    }
    QPointer<MaintenanceService> self(this);
    QPointer<QObject> target(context);
    MaintenanceAuth *auth = auth_;
    pool_.start([self, target, auth, pin, done = std::move(done)] {
        const AuthResult r = auth->attemptPin(pin);
        // Back on the GUI thread: the service (and the screen) may have gone meanwhile.
        if (!self)
            return;
        QMetaObject::invokeMethod(
            self.data(),
            [self, target, r, done] {
                if (!self)
                    return;
                if (r.granted() && r.role) {
                    self->role_ = r.role;
                    emit self->signedIn(*r.role);
                }
                if (target && done)
                    done(r);
            },
            Qt::QueuedConnection);
    });
}

void MaintenanceService::signOut()
{
    if (!role_)
        return;
    qCInfo(lcMaintService) << "maintenance sign-out of" << toString(*role_);
    role_.reset();
    emit signedOut();
}

QList<DeviceReport> MaintenanceService::devices() const
{
    if (!providers_.devices || !may(MaintenanceAction::ViewDiagnostics))
        return {};
    return providers_.devices();
}

QJsonObject MaintenanceService::queueStatus() const
{
    if (!providers_.queueStatus || !may(MaintenanceAction::ViewDiagnostics))
        return {};
    return providers_.queueStatus();
}

bool MaintenanceService::runSelfTest(const QString &kind)
{
    if (!canRunSelfTest())
        return false;
    qCInfo(lcMaintService) << "self-test requested for" << kind;
    providers_.runSelfTest(kind);
    return true;
}

bool MaintenanceService::syncNow()
{
    if (!canSyncNow())
        return false;
    qCInfo(lcMaintService) << "sync requested from the maintenance menu";
    providers_.syncNow();
    return true;
}

} // namespace kiosk::app
