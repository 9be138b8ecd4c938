// ECDSA P-256 signatures over canonical JSON for documents other than envelopes.
#include "offline_queue/signed_json.h"

#include "offline_queue/storage/crypto_util.h"
#include "offline_queue/envelope.h"

namespace kiosk::queue {

QJsonObject signJson(const QJsonObject &object, const QByteArray &privateKeyPem, QString *error)
{
    auto fail = [error](const QString &why) {
        if (error)
            *error = why;
        return QJsonObject();
    };
    const crypto::PKey key = crypto::loadPrivateKey(privateKeyPem);
    if (!key || !crypto::isP256(key.get()))
        return fail(QStringLiteral("the kiosk key is not an EC P-256 private key"));
    QJsonObject unsignedObject = object;
    unsignedObject.remove(QStringLiteral("signature"));
    unsignedObject.insert(QStringLiteral("sig_alg"), QLatin1String(kJsonSigAlg));
    QString why;
    const QByteArray canonical = canonicalJson(unsignedObject, &why);
    if (canonical.isEmpty())
        return fail(QStringLiteral("the document cannot be made canonical: ") + why);
    QByteArray der;
    if (!crypto::ecdsaSign(key.get(), canonical, &der))
        return fail(QStringLiteral("signing failed: ") + crypto::takeOpenSslError());
    unsignedObject.insert(QStringLiteral("signature"), QString::fromLatin1(toBase64(der)));
    return unsignedObject;
}

bool verifySignedJson(const QJsonObject &signedObject, const QByteArray &certificateOrPublicKeyPem, QString *why)
{
    auto no = [why](const QString &reason) {
        if (why)
            *why = reason;
        return false;
    };
    if (signedObject.value(QLatin1String("sig_alg")).toString() != QLatin1String(kJsonSigAlg))
        return no(QStringLiteral("sig_alg is not %1").arg(QLatin1String(kJsonSigAlg)));
    QByteArray der;
    if (!fromBase64Strict(signedObject.value(QLatin1String("signature")).toString(), &der) || der.isEmpty())
        return no(QStringLiteral("signature is not base64"));
    const crypto::PKey key = crypto::loadPublicKey(certificateOrPublicKeyPem);
    if (!key || !crypto::isP256(key.get()))
        return no(QStringLiteral("not an EC P-256 certificate or public key"));
    QJsonObject content = signedObject;
    content.remove(QStringLiteral("signature"));
    const QByteArray canonical = canonicalJson(content);
    if (canonical.isEmpty())
        return no(QStringLiteral("the document is not canonical JSON material"));
    switch (crypto::ecdsaVerify(key.get(), canonical, der)) {
    case crypto::Verify::Valid: return true;
    case crypto::Verify::Invalid: return no(QStringLiteral("the signature does not match"));
    case crypto::Verify::Error: break;
    }
    return no(QStringLiteral("verification failed: ") + crypto::takeOpenSslError());
}

} // namespace kiosk::queue
