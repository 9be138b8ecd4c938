#include "app/audit/audit_anchor_service.h"

#include <QLoggingCategory>
#include <QMutexLocker>
#include <QThread>

#include "common/worker_thread.h"

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
    worker_ = new QObject;
    // The anchorer's client is made on the service's thread, on first use; the service keeps a pointer to cancel it.
    AuditAnchorer::ClientFactory factory = [this]() -> std::unique_ptr<queue::PlatformClient> {
        QMutexLocker l(&clientMutex_);
        if (stopping_ || !factory_)
            return nullptr;
        std::unique_ptr<queue::PlatformClient> c = factory_();
        client_ = c.get();
        return c;
    };
    anchorer_ = new AuditAnchorer(log_, std::move(factory));
    thread_ = std::make_unique<common::WorkerThread>(worker_, QStringLiteral("audit-anchor"));
    QObject::connect(thread_->thread(), &QThread::finished, worker_, [this] {
        // Last thing on the service's thread: the anchorer and its client end where they were used.
        QMutexLocker l(&clientMutex_);
        client_ = nullptr;
        delete anchorer_;
        anchorer_ = nullptr;
    });
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
    const bool ended = thread_->stop(waitMs);
    thread_.reset();
    worker_ = nullptr;
    if (!ended) {
        // A request that ignores cancel(): left to end on its own rather than terminated.
        qCWarning(lcAnchorService) << "audit anchor thread did not stop within" << waitMs << "ms";
        return false;
    }
    requested_ = 0;
    return true;
}

void AuditAnchorService::anchorSoon()
{
    if (!thread_)
        return;
    if (requested_.fetch_add(1) == 0)
        thread_->post([this] { runPass(); });
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
