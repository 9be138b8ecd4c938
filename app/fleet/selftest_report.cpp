// Self-test reports: their JSON form and the ECDSA P-256 signature over its canonical bytes.
#include "app/fleet/selftest_report.h"

#include "offline_queue/signed_json.h"
#include "offline_queue/storage/canonical_json.h"
#include "offline_queue/storage/sanitize.h"

#include <QJsonArray>

#include <openssl/crypto.h>
#include <sqlite3.h>

namespace kiosk::app {

QJsonObject SelftestReport::defaultVersions()
{
    return QJsonObject{{QStringLiteral("app"), QStringLiteral(KIOSK_VERSION)},
                       {QStringLiteral("qt"), QString::fromLatin1(qVersion())},
                       {QStringLiteral("openssl"), QString::fromLatin1(OpenSSL_version(OPENSSL_VERSION))},
                       {QStringLiteral("sqlite"), QString::fromLatin1(sqlite3_libversion())}};
}

bool SelftestReport::allPassed() const
{
    for (const SelftestCheck &c : checks) {
        if (!c.passed)
            return false;
    }
    return true;
}

QJsonObject SelftestReport::toJson() const
{
    QJsonArray passed;
    QJsonArray failed;
    QJsonArray all;
    for (const SelftestCheck &c : checks) {
        const QString detail = queue::sanitizeErrorText(c.detail);
        if (c.passed)
            passed.append(c.name);
        else
            failed.append(QJsonObject{{QStringLiteral("name"), c.name}, {QStringLiteral("detail"), detail}});
        all.append(QJsonObject{{QStringLiteral("name"), c.name},
                               {QStringLiteral("passed"), c.passed},
                               {QStringLiteral("detail"), detail}});
    }
    return QJsonObject{
        {QStringLiteral("kind"), QStringLiteral("selftest")},
        {QStringLiteral("v"), 1},
        {QStringLiteral("kiosk_id"), kioskId},
        {QStringLiteral("at"), queue::formatCreatedAt(at.isValid() ? at : QDateTime::currentDateTimeUtc())},
        {QStringLiteral("app_version"), appVersion},
        {QStringLiteral("versions"), versions.isEmpty() ? defaultVersions() : versions},
        {QStringLiteral("passed"), passed},
        {QStringLiteral("failed"), failed},
        {QStringLiteral("checks"), all}};
}

QJsonObject signSelftestReport(const QJsonObject &report, const QByteArray &kioskPrivateKeyPem, QString *error)
{
    return queue::signJson(report, kioskPrivateKeyPem, error);
}

bool verifySelftestReport(const QJsonObject &signedReport, const QByteArray &certificateOrPublicKeyPem, QString *why)
{
    return queue::verifySignedJson(signedReport, certificateOrPublicKeyPem, why);
}

} // namespace kiosk::app
