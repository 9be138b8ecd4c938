#include "app/audit/audit_anchor_service.h"

#include <QLoggingCategory>
#include <QMutexLocker>
#include <QThread>

namespace kiosk::app {

Q_LOGGING_CATEGORY(lcAnchorService, "kiosk.app.audit.anchor_service")

AuditAnchorService::AuditAnchorService(AuditLog &log, AuditAnchorer::ClientFactory factory, QObject *parent)
    : QObject(parent), log_(log), factory_(std::move(factory))
{
    qRegisterMetaType<kiosk::app::AnchorResult>();
}

AuditAnchorService::~AuditAnchorService()
{
    stop();
}

bool AuditAnchorService::start()
{
    if (thread_)
        return false;
    {
        QMutexLocker l(&clientMutex_);
        stopping_ = false;
    }
    thread_ = new QThread;
    thread_->setObjectName(QStringLiteral("audit-anchor"));
    worker_ = new QObject;
    worker_->moveToThread(thread_);
    // The anchorer's client is made on the service's thread, on first use; the service keeps a pointer to cancel it.
    AuditAnchorer::ClientFactory factory = [this]() -> std::unique_ptr<queue::PlatformClient> {
        QMutexLocker l(&clientMutex_);
        if (stopping_ || !factory_)
            return nullptr;
        std::unique_ptr<queue::PlatformClient> c = factory_();
        client_ = c.get();
        return c;
    };
    QObject::connect(thread_, &QThread::finished, worker_, [this] {
        // Last thing on the service's thread: the anchorer and its client end where they were used.
        QMutexLocker l(&clientMutex_);
        client_ = nullptr;
        delete anchorer_;
        anchorer_ = nullptr;
    });
    anchorer_ = new AuditAnchorer(log_, std::move(factory));
    thread_->start();
    return true;
}

bool AuditAnchorService::stop(int waitMs)
{
    if (!thread_)
        return true;
    {
        QMutexLocker l(&clientMutex_);
        stopping_ = true;
        if (client_)
            client_->cancel();
    }
    thread_->quit();
    const bool ended = thread_->wait(QDeadlineTimer(waitMs));
    if (!ended) {
        // A request that ignores cancel(): left to end on its own rather than terminated; the objects leak.
        qCWarning(lcAnchorService) << "audit anchor thread did not stop within" << waitMs << "ms";
        thread_ = nullptr;
        worker_ = nullptr;
        return false;
    }
    delete worker_;
    delete thread_;
    worker_ = nullptr;
    thread_ = nullptr;
    requested_ = 0;
    return true;
}

void AuditAnchorService::anchorSoon()
{
    if (!thread_)
        return;
    if (requested_.fetch_add(1) == 0)
        QMetaObject::invokeMethod(
            worker_, [this] { runPass(); }, Qt::QueuedConnection);
}

void AuditAnchorService::runPass()
{
    for (;;) {
        const int taken = requested_.load();
        {
            QMutexLocker l(&clientMutex_);
            if (stopping_)
                return;
        }
        const AnchorResult r = anchorer_->anchorIfChanged();
        ++passes_;
        if (r.outcome == AnchorOutcome::Conflict && !r.detail.isEmpty() && r.httpStatus == 409)
            emit alert(r.detail);
        if (r.outcome != AnchorOutcome::Unchanged && r.outcome != AnchorOutcome::Empty)
            emit anchorFinished(r);
        // Requests that came in during this pass make one more pass; none: done.
        if (requested_.fetch_sub(taken) == taken)
            return;
    }
}

} // namespace kiosk::app
