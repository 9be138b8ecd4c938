// Shared by the payment tests: a PlatformClient base whose calls other than payments answer "no connection", so a
// test's scripted platform writes only the four payment calls it scripts.
#pragma once

#include "offline_queue/platform_client.h"

namespace kiosk::test {

class PaymentsOnlyPlatform : public queue::PlatformClient
{
public:
    static queue::ApiResult unreachable()
    {
        queue::ApiResult r;
        r.networkError = queue::NetworkError::Connect;
        r.errorText = QStringLiteral("scripted: not a payment call");
        return r;
    }
    queue::ApiResult getSubmissionKey() override { return unreachable(); }
    queue::ApiResult headBlob(const QString &) override { return unreachable(); }
    queue::ApiResult putBlob(const QString &, const QByteArray &, const queue::ProgressFn &) override
    {
        return unreachable();
    }
    queue::ApiResult postSubmission(const QString &, const QByteArray &, const queue::ProgressFn &) override
    {
        return unreachable();
    }
    queue::ApiResult getCatalogue(std::optional<qint64>, const QByteArray &) override { return unreachable(); }
    queue::ApiResult getCase(const QString &, const QString &) override { return unreachable(); }
    queue::ApiResult getCaseByLocalNo(const QString &, const QString &) override { return unreachable(); }
    queue::ApiResult queryCases(const QString &) override { return unreachable(); }
    queue::ApiResult checkQrIdentity(const QString &) override { return unreachable(); }
    queue::ApiResult listDocuments(const QString &) override { return unreachable(); }
    queue::ApiResult fetchDocument(const QString &, const QString &) override { return unreachable(); }
    queue::ApiResult postEvaluation(const QString &, const QJsonObject &) override { return unreachable(); }
    queue::ApiResult postHeartbeat(const QJsonObject &) override { return unreachable(); }
    queue::ApiResult postAuditAnchor(qint64, const QString &) override { return unreachable(); }
    void cancel() override {}
};

} // namespace kiosk::test
