// The audit anchor: the head goes to the platform once per change; 204 is remembered, 409 raises an alert.
#include "app/audit/audit_anchorer.h"

#include <QLoggingCategory>

namespace kiosk::app {

Q_LOGGING_CATEGORY(lcAnchor, "kiosk.app.audit.anchor")

QString toString(AnchorOutcome outcome)
{
    switch (outcome) {
    case AnchorOutcome::Anchored: return QStringLiteral("anchored");
    case AnchorOutcome::Unchanged: return QStringLiteral("unchanged");
    case AnchorOutcome::Empty: return QStringLiteral("empty");
    case AnchorOutcome::Conflict: return QStringLiteral("conflict");
    case AnchorOutcome::Failed: return QStringLiteral("failed");
    }
    return QStringLiteral("failed");
}

AuditAnchorer::AuditAnchorer(AuditLog &log, queue::PlatformClient &client) : log_(log), client_(&client) {}

AuditAnchorer::AuditAnchorer(AuditLog &log, ClientFactory factory) : log_(log), factory_(std::move(factory)) {}

AuditAnchorer::~AuditAnchorer() = default;

queue::PlatformClient *AuditAnchorer::client()
{
    if (!client_ && factory_) {
        owned_ = factory_();
        client_ = owned_.get();
    }
    return client_;
}

AnchorResult AuditAnchorer::anchorIfChanged()
{
    AnchorResult r;
    r.head = log_.head();
    if (r.head.seq == 0) {
        r.outcome = AnchorOutcome::Empty;
        return r;
    }
    if (const std::optional<AuditHead> done = log_.lastAnchored(); done && *done == r.head) {
        r.outcome = AnchorOutcome::Unchanged;
        return r;
    }
    if (refused_ && *refused_ == r.head) {
        r.outcome = AnchorOutcome::Conflict;
        r.detail = QStringLiteral("the platform refused this head before; waiting for the chain to grow");
        return r;
    }
    queue::PlatformClient *c = client();
    if (!c) {
        r.detail = QStringLiteral("no platform client");
        return r;
    }
    const queue::ApiResult a = c->postAuditAnchor(r.head.seq, r.head.hash);
    r.httpStatus = a.httpStatus;
    if (a.networkError == queue::NetworkError::None && a.httpStatus == 204) {
        // A first post and an identical repeat (our earlier post arrived, its answer did not) both end here.
        const queue::StoreError e = log_.recordAnchored(r.head);
        if (!e.isOk())
            qCWarning(lcAnchor) << "anchor acknowledged but not recorded:" << e.message;
        r.outcome = AnchorOutcome::Anchored;
        refused_.reset();
        qCInfo(lcAnchor) << "audit head anchored at seq" << r.head.seq;
        return r;
    }
    if (a.networkError == queue::NetworkError::None && a.httpStatus == 409) {
        r.outcome = AnchorOutcome::Conflict;
        r.detail = QStringLiteral("the platform refused audit anchor seq %1 (%2): the local audit chain may have been "
                                  "reset, replaced or rolled back")
                       .arg(r.head.seq)
                       .arg(a.problem.detail.isEmpty() ? a.describe() : a.problem.detail);
        refused_ = r.head;
        qCWarning(lcAnchor).noquote() << r.detail;
        if (onAlert)
            onAlert(r.detail);
        return r;
    }
    r.outcome = AnchorOutcome::Failed;
    r.detail = a.describe();
    qCInfo(lcAnchor).noquote() << "audit anchor not delivered, will try again:" << r.detail;
    return r;
}

} // namespace kiosk::app
