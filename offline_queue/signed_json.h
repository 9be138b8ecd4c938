// Signed JSON documents other than envelopes (the kiosk's self-test report): the envelope's signature scheme, ECDSA
// P-256 with SHA-256 over the RFC 8785 canonical bytes of the object without its "signature" member, with the
// algorithm named in "sig_alg" ("ecdsa-p256-sha256"). The kiosk signs with its TLS client key; the platform verifies
// with the kiosk's certificate.
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace kiosk::queue {

inline constexpr char kJsonSigAlg[] = "ecdsa-p256-sha256";

// `object` with "sig_alg" and "signature" (base64 DER) added; empty with `error` if the key is not an EC P-256
// private key or the object is outside the canonical JSON subset.
QJsonObject signJson(const QJsonObject &object, const QByteArray &privateKeyPem, QString *error = nullptr);

// True when "signature" verifies over the rest with the certificate's (or bare public key's) P-256 key; `why` says
// what is wrong otherwise.
bool verifySignedJson(const QJsonObject &signedObject, const QByteArray &certificateOrPublicKeyPem,
                      QString *why = nullptr);

} // namespace kiosk::queue
