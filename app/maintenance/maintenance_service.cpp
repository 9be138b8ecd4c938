// Maintenance facade: sign-in (staff card and PIN) off the GUI thread, role-checked access to the kiosk's
// diagnostics and maintenance providers, and an audit record for every action that changes something.
#include "app/maintenance/maintenance_service.h"

#include "app/maintenance/maintenance_auth.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QMetaObject>
#include <QPointer>
#include <QTimer>

#include <utility>

Q_LOGGING_CATEGORY(lcMaintService, "kiosk.app.maintenance")

namespace kiosk::app {

MaintenanceService::MaintenanceService(MaintenanceProviders providers, MaintenanceAuth *auth, QObject *parent,
                                       AuditSink audit)
    : QObject(parent), providers_(std::move(providers)), auth_(auth), audit_(std::move(audit))
{
    // One attempt at a time: MaintenanceAuth serialises anyway, and a queue of PBKDF2 runs helps nobody.
    pool_.setMaxThreadCount(1);
}

MaintenanceService::~MaintenanceService()
{
    stopListeningForCards();
    pool_.waitForDone();
}

template <typename T> Reply<T> MaintenanceService::guarded(QObject *context, Reply<T> done)
{
    QPointer<QObject> target(context);
    const bool hasContext = context != nullptr;
    return [target, hasContext, done = std::move(done)](T value) {
        if ((hasContext && !target) || !done)
            return;
        done(std::move(value));
    };
}

void MaintenanceService::audit(const QString &kind, const QJsonObject &detail)
{
    QJsonObject d = detail;
    if (role_)
        d.insert(QStringLiteral("role"), toString(*role_));
    if (audit_)
        audit_(kind, d);
}

void MaintenanceService::attempt(std::function<AuthResult(MaintenanceAuth *)> call, QObject *context,
                                 std::function<void(AuthResult)> done)
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
    pool_.start([self, target, auth, call = std::move(call), done = std::move(done)] {
        const AuthResult r = call(auth);
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

void MaintenanceService::attemptPin(const QString &pin, QObject *context, std::function<void(AuthResult)> done)
{
    // Two factors: the card presented on the reader while the sign-in screen listens, then its role's PIN. The card
    // id is used for this one attempt and dropped.
    QString card = std::exchange(pendingCard_, QString());
    if (pendingCardTimer_)
        pendingCardTimer_->stop();
    if (card.isEmpty()) {
        attempt([pin](MaintenanceAuth *auth) { return auth->attemptPin(pin); }, context, std::move(done));
        return;
    }
    attempt(
        [card, pin](MaintenanceAuth *auth) mutable {
            AuthResult r = auth->attemptCardAndPin(card, pin);
            card.fill(QLatin1Char('0'));
            return r;
        },
        context, std::move(done));
}

void MaintenanceService::listenForCards(QObject *context, std::function<void()> cardPresented)
{
    if (!providers_.watchCards || !auth_)
        return;
    if (!pendingCardTimer_) {
        pendingCardTimer_ = new QTimer(this);
        pendingCardTimer_->setSingleShot(true);
        connect(pendingCardTimer_, &QTimer::timeout, this, [this] { forgetPendingCard(); });
    }
    QPointer<MaintenanceService> self(this);
    QPointer<QObject> target(context);
    providers_.watchCards([self, target, cardPresented](const QString &cardId) {
        if (!self || !target || self->role_ || cardId.isEmpty())
            return;
        qCInfo(lcMaintService) << "staff card presented; waiting for the PIN";
        self->pendingCard_ = cardId;
        self->pendingCardTimer_->start(kPendingCardMs);
        if (cardPresented)
            cardPresented();
    });
}

void MaintenanceService::stopListeningForCards()
{
    forgetPendingCard();
    if (providers_.watchCards)
        providers_.watchCards({});
}

void MaintenanceService::forgetPendingCard()
{
    pendingCard_.fill(QLatin1Char('0'));
    pendingCard_.clear();
    if (pendingCardTimer_)
        pendingCardTimer_->stop();
}

void MaintenanceService::lockState(QObject *context, std::function<void(MaintenanceAuthStatus, int)> done)
{
    if (!auth_)
        return;
    QPointer<MaintenanceService> self(this);
    QPointer<QObject> target(context);
    MaintenanceAuth *auth = auth_;
    pool_.start([self, target, auth, done = std::move(done)] {
        const auto st = auth->status();
        const int maxFailures = auth->options().maxFailures;
        if (!self || !st.isOk())
            return;
        QMetaObject::invokeMethod(
            self.data(),
            [target, st = st.value, maxFailures, done] {
                if (target && done)
                    done(st, maxFailures);
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

QList<DeviceDescription> MaintenanceService::devices() const
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

bool MaintenanceService::runSelfTest(const QString &kind, QObject *context, Reply<SelfTestReport> done)
{
    if (!canRunSelfTest())
        return false;
    qCInfo(lcMaintService) << "self-test requested for" << kind;
    providers_.runSelfTest(kind, guarded(context, std::move(done)));
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

bool MaintenanceService::deadLetters(QObject *context, Reply<QList<DeadLetter>> done)
{
    if (!providers_.deadLetters || !may(MaintenanceAction::ViewDiagnostics))
        return false;
    providers_.deadLetters(guarded(context, std::move(done)));
    return true;
}

bool MaintenanceService::retryDeadLetter(const QString &id, QObject *context, Reply<QString> done)
{
    if (!providers_.retryDead || !may(MaintenanceAction::RetryDeadLetters))
        return false;
    audit(QStringLiteral("queue.retry_dead"), {{QStringLiteral("id"), id}});
    providers_.retryDead(id, guarded(context, std::move(done)));
    return true;
}

bool MaintenanceService::deleteDeadLetter(const QString &id, QObject *context, Reply<QString> done)
{
    if (!providers_.deleteDead || !may(MaintenanceAction::DeleteDeadLetters))
        return false;
    audit(QStringLiteral("queue.delete_dead"), {{QStringLiteral("id"), id}});
    providers_.deleteDead(id, guarded(context, std::move(done)));
    return true;
}

QStringList MaintenanceService::exportFolders() const
{
    if (!providers_.exportFolders || !may(MaintenanceAction::ExportQueue))
        return {};
    return providers_.exportFolders();
}

bool MaintenanceService::exportQueue(const QString &folder, QObject *context, Reply<std::pair<QString, QString>> done)
{
    if (!providers_.exportQueue || !may(MaintenanceAction::ExportQueue) || folder.isEmpty())
        return false;
    audit(QString::fromLatin1(audit_kind::kExport), {{QStringLiteral("folder"), folder}});
    providers_.exportQueue(folder, guarded(context, std::move(done)));
    return true;
}

CatalogueInfo MaintenanceService::catalogue() const
{
    if (!providers_.catalogue || !may(MaintenanceAction::ViewDiagnostics))
        return {};
    return providers_.catalogue();
}

bool MaintenanceService::refreshCatalogue(QObject *context, Reply<CatalogueInfo> done)
{
    if (!providers_.refreshCatalogue || !may(MaintenanceAction::RefreshCatalogue))
        return false;
    providers_.refreshCatalogue(guarded(context, std::move(done)));
    return true;
}

bool MaintenanceService::checkNetwork(QObject *context, Reply<NetworkCheck> done)
{
    if (!providers_.checkNetwork || !may(MaintenanceAction::ViewDiagnostics))
        return false;
    providers_.checkNetwork(guarded(context, std::move(done)));
    return true;
}

bool MaintenanceService::recentLogs(int lines, QObject *context, Reply<QStringList> done)
{
    if (!providers_.recentLogs || !may(MaintenanceAction::ViewLogs))
        return false;
    providers_.recentLogs(lines, guarded(context, std::move(done)));
    return true;
}

bool MaintenanceService::exportLogs(const QString &folder, QObject *context, Reply<std::pair<QString, QString>> done)
{
    if (!providers_.exportLogs || !may(MaintenanceAction::ExportLogs) || folder.isEmpty())
        return false;
    audit(QStringLiteral("logs.export"), {{QStringLiteral("folder"), folder}});
    providers_.exportLogs(folder, guarded(context, std::move(done)));
    return true;
}

QList<ConfigEntry> MaintenanceService::config() const
{
    if (!providers_.config || !may(MaintenanceAction::ViewDiagnostics))
        return {};
    QList<ConfigEntry> entries = providers_.config();
    if (!may(MaintenanceAction::EditConfig)) {
        for (ConfigEntry &e : entries)
            e.editable = false;
    }
    return entries;
}

QString MaintenanceService::setConfig(const QString &key, const QString &value)
{
    if (!providers_.setConfig || !may(MaintenanceAction::EditConfig))
        return QStringLiteral("not allowed");
    const QString error = providers_.setConfig(key, value);
    // Values of the safe subset are not personal data (centre name, hotline, voice names): recorded as set.
    audit(QString::fromLatin1(audit_kind::kConfigChange),
          {{QStringLiteral("key"), key}, {QStringLiteral("value"), value}, {QStringLiteral("ok"), error.isEmpty()}});
    return error;
}

bool MaintenanceService::volume(QObject *context, Reply<int> done)
{
    if (!providers_.volume || !may(MaintenanceAction::ChangeVolume))
        return false;
    providers_.volume(guarded(context, std::move(done)));
    return true;
}

bool MaintenanceService::setVolume(int percent, QObject *context, Reply<bool> done)
{
    if (!providers_.setVolume || !may(MaintenanceAction::ChangeVolume))
        return false;
    providers_.setVolume(qBound(0, percent, 100), guarded(context, std::move(done)));
    return true;
}

bool MaintenanceService::restartApp()
{
    if (!providers_.quit || !may(MaintenanceAction::RestartApp))
        return false;
    audit(QStringLiteral("maintenance.restart"), {});
    qCInfo(lcMaintService) << "restart requested from the maintenance menu";
    providers_.quit(kExitRestart);
    return true;
}

ReaderSamStatus MaintenanceService::readerSam() const
{
    if (!providers_.readerSam || !may(MaintenanceAction::ViewDiagnostics))
        return {};
    return providers_.readerSam();
}

QString MaintenanceService::acceptReaderSam()
{
    if (!canAcceptReaderSam())
        return QStringLiteral("not allowed");
    const QString error = providers_.acceptReaderSam(toString(*role_));
    if (error.isEmpty())
        audit(QStringLiteral("maintenance.reader_sam_accepted"),
              {{QStringLiteral("sam_id"), providers_.readerSam ? providers_.readerSam().recordedId : QString()}});
    return error;
}

bool MaintenanceService::leaveKioskMode()
{
    if (!providers_.quit || !may(MaintenanceAction::LeaveKioskMode))
        return false;
    audit(QStringLiteral("maintenance.leave_kiosk"), {});
    qCWarning(lcMaintService) << "leaving kiosk mode (supervisor)";
    providers_.quit(kExitLeaveKiosk);
    return true;
}

} // namespace kiosk::app
