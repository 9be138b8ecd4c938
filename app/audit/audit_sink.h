// AuditSink: how a service records an audit event without knowing the audit log's storage (app/audit/audit_log.h).
#pragma once

#include <QJsonObject>
#include <QString>

#include <functional>

namespace kiosk::app {

// Where other parts send their events (injected so they do not depend on the log's storage): one event of `kind`
// (a short snake_case name) with its non-personal detail.
using AuditSink = std::function<void(const QString &kind, const QJsonObject &detail)>;

} // namespace kiosk::app
