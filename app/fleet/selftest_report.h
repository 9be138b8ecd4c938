// The device self-test report the platform asks for (heartbeat command send_selftest): what passed, what failed, and
// the versions of the software that ran it, signed with the kiosk's key (ECDSA P-256 over the canonical JSON, as the
// envelopes are) so the platform can tell it came from this kiosk. No personal data: details are masked as error
// texts are.
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace kiosk::app {

struct SelftestCheck {
    QString name; // e.g. "idcard", "receipt_printer", "queue_database"
    bool passed = false;
    QString detail; // English; why it failed, or what was checked
};

struct SelftestReport {
    QString kioskId;
    QDateTime at;
    QString appVersion;
    QList<SelftestCheck> checks;
    QJsonObject versions; // default: defaultVersions()

    // {"kind":"selftest","v":1,"kiosk_id","at","app_version","versions":{...},"passed":[name],
    //  "failed":[{"name","detail"}],"checks":[{"name","passed","detail"}]}
    QJsonObject toJson() const;
    bool allPassed() const;

    // {"app","qt","openssl","sqlite"} of this build and the libraries it runs with.
    static QJsonObject defaultVersions();
};

// Adds "sig_alg" ("ecdsa-p256-sha256") and "signature" (base64 of the DER ECDSA signature over the canonical JSON of
// the report with sig_alg and without signature). Empty with `error` if the key is not an EC P-256 private key.
QJsonObject signSelftestReport(const QJsonObject &report, const QByteArray &kioskPrivateKeyPem,
                               QString *error = nullptr);

// Checks a signed report with the kiosk's certificate or public key (PEM). `why` says what is wrong when false.
bool verifySelftestReport(const QJsonObject &signedReport, const QByteArray &certificateOrPublicKeyPem,
                          QString *why = nullptr);

} // namespace kiosk::app
