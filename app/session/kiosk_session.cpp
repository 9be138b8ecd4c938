// The visit state machine. Thin on purpose: services own the work, the session owns navigation, idle and wipe.
#include "app/session/kiosk_session.h"

#include <QLoggingCategory>
#include <QUuid>

#include "app/session/service_availability.h"

Q_LOGGING_CATEGORY(lcSession, "kiosk.app.session")

namespace kiosk::app {

KioskSession::KioskSession(const SessionSettings &settings, const Clock *clock, ServiceAvailability *availability,
                           QObject *parent)
    : QObject(parent)
    , settings_(settings)
    , clock_(clock)
    , availability_(availability)
    , language_(settings.defaultLanguage)
    , careMode_(settings.defaultCareMode)
    , scope_(std::make_unique<QObject>())
{
    stack_ << kAttract;
    ticker_.setInterval(250);
    connect(&ticker_, &QTimer::timeout, this, &KioskSession::tick);
    ticker_.start();
    if (availability_) {
        connect(availability_, &ServiceAvailability::changed, this, &KioskSession::onAvailabilityChanged);
        if (!availability_->inService())
            onAvailabilityChanged(false, availability_->reason());
    }
}

KioskSession::~KioskSession()
{
    // Run the wipe hooks so no citizen data outlives the session object itself.
    for (auto &hook : wipeHooks_)
        hook();
}

QString KioskSession::currentScreen() const
{
    return stack_.isEmpty() ? kAttract : stack_.last();
}

void KioskSession::addWipeHook(std::function<void()> hook)
{
    wipeHooks_.push_back(std::move(hook));
}

int KioskSession::idleTimeoutS() const
{
    return careMode_ ? settings_.careIdleTimeoutS : settings_.idleTimeoutS;
}

int KioskSession::countdownRemainingS() const
{
    if (!countdownActive_)
        return settings_.countdownS;
    const qint64 idleMs = clock_->monotonicMs() - lastActivityMs_;
    const qint64 leftMs = qint64(idleTimeoutS() + settings_.countdownS) * 1000 - idleMs;
    return int(qMax<qint64>(0, (leftMs + 999) / 1000));
}

void KioskSession::setStage(Stage s)
{
    if (stage_ == s)
        return;
    stage_ = s;
    emit stageChanged(s);
}

void KioskSession::begin()
{
    if (stage_ != Stage::Attract)
        return;
    visitId_ = QUuid::createUuid().toString(QUuid::WithoutBraces);
    lastActivityMs_ = clock_->monotonicMs();
    stack_ = {kHome};
    qCInfo(lcSession) << "visit started";
    setStage(Stage::Visit);
    emit screenChanged(kHome);
}

void KioskSession::navigate(const QString &screen)
{
    if (stage_ != Stage::Visit || screen.isEmpty())
        return;
    noteActivity();
    if (screen == kHome) {
        goHome();
        return;
    }
    if (currentScreen() == screen)
        return;
    stack_ << screen;
    emit screenChanged(screen);
}

void KioskSession::back()
{
    if (stage_ != Stage::Visit)
        return;
    noteActivity();
    if (stack_.size() <= 1)
        return;
    stack_.removeLast();
    emit screenChanged(currentScreen());
}

void KioskSession::goHome()
{
    if (stage_ != Stage::Visit)
        return;
    noteActivity();
    if (stack_ == QStringList{kHome})
        return;
    stack_ = {kHome};
    emit screenChanged(kHome);
}

void KioskSession::finish()
{
    wipe(WipeReason::Finished);
}

void KioskSession::cancel()
{
    wipe(WipeReason::Cancelled);
}

void KioskSession::setLanguage(const QString &language)
{
    noteActivity();
    if (language == language_)
        return;
    language_ = language;
    emit languageChanged(language_);
}

void KioskSession::setCareMode(bool on)
{
    noteActivity();
    if (on == careMode_)
        return;
    careMode_ = on;
    emit careModeChanged(on);
}

void KioskSession::noteActivity()
{
    lastActivityMs_ = clock_->monotonicMs();
    if (countdownActive_) {
        countdownActive_ = false;
        lastAnnouncedRemaining_ = -1;
        emit idleCountdownCancelled();
    }
}

void KioskSession::continueVisit()
{
    noteActivity();
}

void KioskSession::tick()
{
    if (stage_ != Stage::Visit)
        return;
    const qint64 idleMs = clock_->monotonicMs() - lastActivityMs_;
    const qint64 warnAtMs = qint64(idleTimeoutS()) * 1000;
    const qint64 wipeAtMs = warnAtMs + qint64(settings_.countdownS) * 1000;
    if (idleMs >= wipeAtMs) {
        qCInfo(lcSession) << "idle timeout: wiping visit";
        wipe(WipeReason::IdleTimeout);
        return;
    }
    if (idleMs >= warnAtMs) {
        if (!countdownActive_) {
            countdownActive_ = true;
            lastAnnouncedRemaining_ = countdownRemainingS();
            emit idleCountdownStarted(lastAnnouncedRemaining_);
        } else if (countdownRemainingS() != lastAnnouncedRemaining_) {
            lastAnnouncedRemaining_ = countdownRemainingS();
            emit idleCountdownTick(lastAnnouncedRemaining_);
        }
    }
}

void KioskSession::wipe(WipeReason reason)
{
    const bool hadVisit = stage_ == Stage::Visit;
    emit aboutToWipe(reason);
    for (auto &hook : wipeHooks_)
        hook();
    scope_ = std::make_unique<QObject>(); // destroys every per-visit object parented to the old scope
    visitId_.clear();
    if (countdownActive_) {
        countdownActive_ = false;
        emit idleCountdownCancelled();
    }
    lastAnnouncedRemaining_ = -1;
    const bool languageReset = language_ != settings_.defaultLanguage;
    const bool careReset = careMode_ != settings_.defaultCareMode;
    language_ = settings_.defaultLanguage;
    careMode_ = settings_.defaultCareMode;
    if (languageReset)
        emit languageChanged(language_);
    if (careReset)
        emit careModeChanged(careMode_);
    const bool outOfService = availability_ && !availability_->inService();
    stack_ = {outOfService ? kOutOfService : kAttract};
    if (hadVisit)
        qCInfo(lcSession) << "visit wiped:" << reason;
    emit wiped(reason);
    setStage(outOfService ? Stage::OutOfService : Stage::Attract);
    emit screenChanged(currentScreen());
}

void KioskSession::onAvailabilityChanged(bool inService, const QString &reason)
{
    Q_UNUSED(reason);
    if (!inService && stage_ == Stage::Attract) {
        wipe(WipeReason::OutOfService);
    } else if (!inService && stage_ == Stage::Visit) {
        // Never pull the screen from under a citizen: the visit goes on (screens that need the missing part say
        // so), and the kiosk goes out of service when it ends.
        qCInfo(lcSession) << "a required part is missing; out of service after this visit";
    } else if (inService && stage_ == Stage::OutOfService) {
        stack_ = {kAttract};
        setStage(Stage::Attract);
        emit screenChanged(kAttract);
    }
}

} // namespace kiosk::app
