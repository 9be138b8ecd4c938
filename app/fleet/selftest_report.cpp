// Self-test reports: their JSON form and the ECDSA P-256 signature over its canonical bytes.
#include "app/fleet/selftest_report.h"

#include "offline_queue/crypto_util.h"
#include "offline_queue/envelope.h"
#include "offline_queue/sync_engine.h"

#include <QJsonArray>

#include <openssl/crypto.h>
#include <sqlite3.h>

namespace kiosk::app {

namespace {

const QString kSigAlg = QStringLiteral("ecdsa-p256-sha256");

} // namespace

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
    auto fail = [error](const QString &why) {
        if (error)
            *error = why;
        return QJsonObject();
    };
    const queue::crypto::PKey key = queue::crypto::loadPrivateKey(kioskPrivateKeyPem);
    if (!key || !queue::crypto::isP256(key.get()))
        return fail(QStringLiteral("the kiosk key is not an EC P-256 private key"));
    QJsonObject unsignedReport = report;
    unsignedReport.remove(QStringLiteral("signature"));
    unsignedReport.insert(QStringLiteral("sig_alg"), kSigAlg);
    QString why;
    const QByteArray canonical = queue::canonicalJson(unsignedReport, &why);
    if (canonical.isEmpty())
        return fail(QStringLiteral("the report cannot be made canonical: ") + why);
    QByteArray der;
    if (!queue::crypto::ecdsaSign(key.get(), canonical, &der))
        return fail(QStringLiteral("signing failed: ") + queue::crypto::takeOpenSslError());
    unsignedReport.insert(QStringLiteral("signature"), QString::fromLatin1(queue::toBase64(der)));
    return unsignedReport;
}

bool verifySelftestReport(const QJsonObject &signedReport, const QByteArray &certificateOrPublicKeyPem, QString *why)
{
    auto no = [why](const QString &reason) {
        if (why)
            *why = reason;
        return false;
    };
    if (signedReport.value(QLatin1String("sig_alg")).toString() != kSigAlg)
        return no(QStringLiteral("sig_alg is not %1").arg(kSigAlg));
    QByteArray der;
    if (!queue::fromBase64Strict(signedReport.value(QLatin1String("signature")).toString(), &der) || der.isEmpty())
        return no(QStringLiteral("signature is not base64"));
    const queue::crypto::PKey key = queue::crypto::loadPublicKey(certificateOrPublicKeyPem);
    if (!key || !queue::crypto::isP256(key.get()))
        return no(QStringLiteral("not an EC P-256 certificate or public key"));
    QJsonObject content = signedReport;
    content.remove(QStringLiteral("signature"));
    const QByteArray canonical = queue::canonicalJson(content);
    if (canonical.isEmpty())
        return no(QStringLiteral("the report is not canonical JSON material"));
    switch (queue::crypto::ecdsaVerify(key.get(), canonical, der)) {
    case queue::crypto::Verify::Valid: return true;
    case queue::crypto::Verify::Invalid: return no(QStringLiteral("the signature does not match"));
    case queue::crypto::Verify::Error: break;
    }
    return no(QStringLiteral("verification failed: ") + queue::crypto::takeOpenSslError());
}

} // namespace kiosk::app
