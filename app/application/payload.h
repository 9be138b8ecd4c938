// The payload of platform-api.md ("Payload", inside the seal) from an application snapshot and the names (sha256)
// of its sealed pages. Pure, so every member and null is checked by unit tests against the contract.
#pragma once

#include <QHash>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include "app/application/draft.h"

namespace kiosk::app {

struct SealedNames {
    QHash<QString, QStringList> pagesByMaterial; // material id -> blob names in page order
    QStringList authorisation;                   // letter of authorisation pages (agents)
    QString signature;                           // the commitment signature image; empty when none
};

QJsonObject buildPayload(const ApplicationSnapshot &application, const SealedNames &names);

} // namespace kiosk::app
