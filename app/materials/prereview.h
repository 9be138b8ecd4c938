// Pre-review (预审) of an application's materials before submission: required materials present (or tolerated under
// 容缺受理 = accept with missing materials to follow, or shared by the platform), pages readable, OCR'd names and ID
// numbers against the identified citizen (the principal when an agent applies), dates not expired. The findings go
// into the payload's "prereview" member (platform-api.md) and tell the kiosk whether it may still submit.
#pragma once

#include <QDate>
#include <QHash>
#include <QJsonArray>
#include <QList>
#include <QString>

#include "app/identity/identity.h"
#include "app/materials/field_extractor.h"
#include "app/materials/material_page.h"
#include "app/materials/quality.h"

namespace kiosk::app {

struct ServiceItem;

struct ProvidedMaterial {
    QString materialId;
    MaterialStatus status = MaterialStatus::Missing;
    QList<QualityReport> pageQuality; // one per page, in order
};

struct PrereviewInput {
    const ServiceItem *item = nullptr;
    QHash<QString, ProvidedMaterial> materials; // by material id; a material not listed is Missing
    Identity applicant;                         // the person at the kiosk (the agent when agentApplies)
    bool agentApplies = false;
    Identity principal; // the person the application is for, when an agent applies
    QList<ExtractedField> ocrFields;
    // The item asks for a face check that did not happen (declined, withdrawn, unavailable) or failed: the staff
    // check the citizen's identity in person, and the reviewer is told so.
    bool identityCheckedByStaff = false;
    QDate today;                     // null: QDate::currentDate()
    double minMatchConfidence = 0.6; // OCR values below this are not trusted enough to contradict the card
};

enum class PrereviewSeverity {
    Warning,  // shown to the citizen and sent to the platform; submission still allowed
    Blocking, // must be fixed (retake, supply, correct) before submission
};

struct PrereviewFinding {
    QString code;    // stable: missing_required, name_mismatch, id_mismatch, expired, unreadable_page,
                     // identity_staff_check, ...
    QString message; // Chinese (zh_CN), for the platform's reviewer
    PrereviewSeverity severity = PrereviewSeverity::Warning;
    QString materialId; // empty when it concerns the application as a whole
    QString field;      // the OCR field concerned, if any
};

struct PrereviewResult {
    QList<PrereviewFinding> findings;
    bool submissionAllowed = true;

    bool has(const QString &code) const;
    // [{"code","message"}] as platform-api.md's payload "prereview" member.
    QJsonArray toJson() const;
};

PrereviewResult prereview(const PrereviewInput &input);

// The message for a finding code in zh_CN, zh_HK or en (others: zh_CN), with the material's name filled in.
QString prereviewMessage(const QString &code, const QString &language, const QString &materialName = {});

} // namespace kiosk::app
