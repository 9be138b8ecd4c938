// The citizen's draft application for one item in one visit: form values (prefilled from the card), the materials
// checklist with captured pages and 容缺 marks, the 告知承诺 signature, the delivery choice and pre-review notes.
// Personal data: it lives in memory in the visit scope only and is overwritten by wipe() (the visit's end).
#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

#include "app/catalogue/service_item.h"
#include "app/identity/identity.h"
#include "app/materials/material_page.h"
#include "app/materials/prereview.h"

namespace kiosk::app {

struct MaterialState {
    ItemMaterial spec;
    MaterialStatus status = MaterialStatus::Missing;
    QList<MaterialPage> pages;
};

struct CommitmentSignature {
    QString textVersion; // which 告知承诺 text was shown (the item code and version)
    QString textSha256;  // sha256 of the exact UTF-8 text shown
    QByteArray png;      // the signature drawn on the pad; sealed as a blob
};

struct DeliveryChoice {
    QString method; // pickup | mail | self_print | online
    QString address;
    QString phone;
    bool isEmpty() const { return method.isEmpty(); }
};

// Why a delivery choice cannot be accepted yet.
enum class DeliveryProblem {
    None,
    NoMethod,  // nothing chosen
    NoAddress, // mail without a detailed address
    BadPhone,  // the contact number is not a phone number (required for mail)
};
// The choice of `method` with what was typed, normalised as the form's fields are (the address only for mail).
DeliveryChoice deliveryFromInput(const QString &method, const QString &phone, const QString &address);
DeliveryProblem checkDelivery(const DeliveryChoice &choice);

struct PrereviewNote {
    QString code;    // stable, e.g. missing_required
    QString message; // for the platform's reviewer (Chinese)
};

// Everything a submission needs, copied out of the draft for sealing on the submission thread.
struct ApplicationSnapshot {
    QString itemCode;
    qint64 itemVersion = 0;
    QJsonObject applicant;               // Person
    QJsonValue agent = QJsonValue::Null; // Person or null
    QList<MaterialPage> authorisation;   // the letter of authorisation when an agent applies
    QMap<QString, QString> form;
    QList<MaterialState> materials;
    QJsonValue consent = QJsonValue::Null;
    std::optional<CommitmentSignature> commitment;
    DeliveryChoice delivery;
    QList<PrereviewNote> prereview;
    QString
        queryCode; // 查询码 (platform-api.md): made when the citizen confirms (newQueryCode()), sealed in the payload

    void wipe();
};

// A fresh query code: 8 decimal digits from the system's cryptographic random source.
QString newQueryCode();

class Draft
{
public:
    // Starts a draft for `item`: the checklist from the item, the form prefilled from `subject` (the person whose
    // card was read: the applicant, or the principal when an agent applies).
    void start(const ServiceItem &item, const Identity &subject);
    bool isStarted() const { return !item_.code.isEmpty(); }
    const ServiceItem &item() const { return item_; }

    QString value(const QString &key) const { return values_.value(key); }
    void setValue(const QString &key, const QString &value);
    const QMap<QString, QString> &values() const { return values_; }
    // Keys whose value came from the card (shown read-only: they are what the card says).
    bool isFromCard(const QString &key) const { return fromCard_.contains(key); }

    // The checklist shown to the citizen: every material except the shared ones.
    QList<MaterialState> checklist() const;
    const QList<MaterialState> &materials() const { return materials_; }
    const MaterialState *material(const QString &id) const;
    // The pages of a material; with `agentLetter`, "authorisation_letter" names the agent's letter (authorisation()).
    // Null for a material the item does not list (or a shared one).
    const QList<MaterialPage> *pages(const QString &materialId, bool agentLetter = false) const;
    bool addPage(const QString &materialId, MaterialPage page, bool agentLetter = false);
    // The page edits return false for an index out of range and change nothing; the page taken out is wiped.
    bool replacePage(const QString &materialId, int index, MaterialPage page, bool agentLetter = false); // retake
    bool removePage(const QString &materialId, int index, bool agentLetter = false);
    bool movePage(const QString &materialId, int from, int to, bool agentLetter = false);
    // Replaces the page with `pageId` (MaterialPage::id) wherever it is; false, with `page` wiped, when that version
    // is no longer in the draft (retaken, turned, deleted or the draft wiped meanwhile).
    bool replacePageById(quint64 pageId, MaterialPage page);
    const MaterialPage *pageById(quint64 pageId) const;
    // 容缺: only for materials the item marks tolerable; false otherwise.
    bool setTolerated(const QString &materialId, bool tolerated);
    // Required materials neither provided, tolerated nor shared.
    QStringList missingRequired() const;
    // What keeps the materials step from going on: missingRequired(), and the authorisation letter when an agent
    // applies. A draft not started is never complete.
    QStringList stillMissing(bool agentApplies) const;
    QStringList toleratedIds() const;

    // Agents: the authorisation letter's pages (captured like a material).
    QList<MaterialPage> &authorisation() { return authorisation_; }

    const std::optional<CommitmentSignature> &commitment() const { return commitment_; }
    void setCommitment(CommitmentSignature signature);
    // 告知承诺 signed: records which text was shown (the item's code and version, the sha256 of the exact text) with
    // the signature. False, recording nothing, without a started draft, a text or a signature.
    bool signCommitment(const QString &shownText, const QByteArray &signaturePng);
    void clearCommitment();

    const DeliveryChoice &delivery() const { return delivery_; }
    void setDelivery(DeliveryChoice delivery) { delivery_ = std::move(delivery); }
    // The delivery as the delivery step first shows it: the address and phone given before, or else the form's.
    DeliveryChoice deliveryWithDefaults() const;

    // Pre-review (app/materials' rules, plus the form's checks as warnings): materials present or 容缺, pages
    // readable, names and ID numbers read from the pages against `applicant` (the person at the kiosk) or, when an
    // agent applies, against `principal`; dates not expired. `today` null: the current date. With
    // `identityCheckedByStaff` (the item's face check did not happen or failed) the reviewer is told to check in
    // person.
    PrereviewResult review(const Identity &applicant, bool agentApplies = false, const Identity &principal = {},
                           const QDate &today = {}, bool identityCheckedByStaff = false) const;
    // The findings as the payload's notes (codes with the reviewer's Chinese message); without identities.
    QList<PrereviewNote> prereview() const;
    static QList<PrereviewNote> notesOf(const PrereviewResult &review);

    // A copy for sealing; `applicant` and `agent` are the payload's Person objects, `prereview` the notes recorded
    // for the platform's reviewer (the 2-argument form records prereview()).
    ApplicationSnapshot snapshot(const QJsonObject &applicant, const QJsonValue &agent) const;
    ApplicationSnapshot snapshot(const QJsonObject &applicant, const QJsonValue &agent,
                                 const QList<PrereviewNote> &prereview) const;

    void wipe();

private:
    QList<MaterialPage> *pageList(const QString &materialId, bool agentLetter);
    void pagesChanged(const QString &materialId, bool agentLetter);
    ServiceItem item_;
    QMap<QString, QString> values_;
    QStringList fromCard_;
    QList<MaterialState> materials_;
    QList<MaterialPage> authorisation_;
    std::optional<CommitmentSignature> commitment_;
    DeliveryChoice delivery_;
    quint64 lastPageId_ = 0;
};

} // namespace kiosk::app
