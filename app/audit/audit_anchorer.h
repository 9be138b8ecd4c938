// Posts the audit log's head to the platform (POST /v1/audit/anchor) when it changed since the last acknowledged
// anchor, so that a local rollback, truncation or replacement of the chain can be proven against the platform's copy.
//
// Called by the composition root after each sync pass, on a thread where blocking for the request timeout is fine
// (never the GUI thread). One object serves one thread at a time.
#pragma once

#include "app/audit/audit_log.h"
#include "offline_queue/platform_client.h"

#include <functional>
#include <memory>
#include <optional>

namespace kiosk::app {

enum class AnchorOutcome {
    Anchored,  // 204: the platform holds this head now (a first post or an identical repeat)
    Unchanged, // the head was already anchored: nothing sent
    Empty,     // nothing was ever appended: nothing sent
    Conflict,  // 409: the platform holds a later or different head; an alert was raised, the head is not reposted
    Failed,    // network, 5xx or another refusal: tried again on the next call
};

// anchored | unchanged | empty | conflict | failed
QString toString(AnchorOutcome outcome);

struct AnchorResult {
    AnchorOutcome outcome = AnchorOutcome::Failed;
    AuditHead head;
    int httpStatus = 0;
    QString detail; // English, for logs and the maintenance screen
};

class AuditAnchorer
{
public:
    using ClientFactory = std::function<std::unique_ptr<queue::PlatformClient>()>;

    // Uses `client` (owned by the caller, who keeps it alive and on the calling thread).
    AuditAnchorer(AuditLog &log, queue::PlatformClient &client);
    // Makes its own client on first use, on the calling thread (e.g. a CurlPlatformClient from SyncSettings).
    AuditAnchorer(AuditLog &log, ClientFactory factory);
    ~AuditAnchorer();

    AnchorResult anchorIfChanged();

    // A technician must look (409: the local chain was reset, replaced or rolled back). Called on the calling thread.
    std::function<void(const QString &message)> onAlert;

private:
    queue::PlatformClient *client();

    AuditLog &log_;
    queue::PlatformClient *client_ = nullptr;
    ClientFactory factory_;
    std::unique_ptr<queue::PlatformClient> owned_;
    std::optional<AuditHead> refused_; // the head the platform answered 409 to: not reposted
};

} // namespace kiosk::app
