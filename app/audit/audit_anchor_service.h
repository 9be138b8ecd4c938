// Anchors the audit chain's head at the platform after each sync (platform-api.md POST /v1/audit/anchor), off the
// GUI thread: the composition root calls anchorSoon() when the sync engine reports a pass or an acknowledgement, and
// after each heartbeat (so technician sign-ins are anchored on an idle kiosk too). The AuditAnchorer posts only when
// the head changed since the last acknowledged anchor, so extra calls cost one small read of the head row.
//
// Threads: the service lives on the thread that creates it; the anchorer, its own PlatformClient (made by the factory
// on first use) and the blocking request run on the service's own QThread. Requests that arrive while one is running
// are coalesced into one more pass. The AuditLog serialises its calls with a mutex, so its GUI-thread appends and the
// anchorer's reads of the head never meet on the connection.
#pragma once

#include "app/audit/audit_anchorer.h"

#include <QMutex>
#include <QObject>

#include <atomic>
#include <memory>

namespace kiosk::common {
class WorkerThread;
}

namespace kiosk::app {

class AuditAnchorService : public QObject
{
    Q_OBJECT
public:
    AuditAnchorService(AuditLog &log, AuditAnchorer::ClientFactory factory, QObject *parent = nullptr);
    ~AuditAnchorService() override; // stop()

    bool start();
    // Cancels a request in flight and waits at most `waitMs` for the thread (never terminates it).
    bool stop(int waitMs = 10'000);

    // Passes run so far (each an anchorIfChanged() call on the service's thread).
    int passes() const { return passes_.load(); }

public slots:
    // One anchoring pass soon, on the service's thread; several calls while one runs make one more pass.
    void anchorSoon();

signals:
    // After every pass that did something or failed (not for Unchanged / Empty).
    void anchorFinished(const kiosk::app::AnchorResult &result);
    // 409: the platform holds a later or different head (the local chain was reset, replaced or rolled back).
    void alert(const QString &message);

private:
    void runPass();

    AuditLog &log_;
    AuditAnchorer::ClientFactory factory_;
    std::unique_ptr<common::WorkerThread> thread_;
    QObject *worker_ = nullptr;               // lives on thread_: the context of the queued passes
    AuditAnchorer *anchorer_ = nullptr;       // made, used and deleted on thread_
    QMutex clientMutex_;                      // guards client_ and stopping_ (stop() cancels from the owning thread)
    queue::PlatformClient *client_ = nullptr; // the anchorer's client once made (owned by the anchorer)
    bool stopping_ = false;
    std::atomic<int> requested_{0};
    std::atomic<int> passes_{0};
};

} // namespace kiosk::app

Q_DECLARE_METATYPE(kiosk::app::AnchorResult)
