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

namespace kiosk::app {

enum class MaterialStatus {
    Missing,   // required or optional, nothing captured yet
    Provided,  // at least one page captured
    Tolerated, // 容缺: the citizen promises to supply it later
    Shared,    // obtained by data sharing: never asked of the citizen
};
QString toString(MaterialStatus status); // missing | provided | tolerated | shared

struct MaterialPage {
    QByteArray image;  // JPEG or PNG bytes (the sealed blob's plaintext)
    QString mediaType; // image/jpeg | image/png
    int width = 0;
    int height = 0;
};

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

    void wipe();
};

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
    bool addPage(const QString &materialId, MaterialPage page);
    bool removePage(const QString &materialId, int index);
    // 容缺: only for materials the item marks tolerable; false otherwise.
    bool setTolerated(const QString &materialId, bool tolerated);
    // Required materials neither provided, tolerated nor shared.
    QStringList missingRequired() const;
    QStringList toleratedIds() const;

    // Agents: the authorisation letter's pages (captured like a material).
    QList<MaterialPage> &authorisation() { return authorisation_; }

    const std::optional<CommitmentSignature> &commitment() const { return commitment_; }
    void setCommitment(CommitmentSignature signature);
    void clearCommitment();

    const DeliveryChoice &delivery() const { return delivery_; }
    void setDelivery(DeliveryChoice delivery) { delivery_ = std::move(delivery); }

    QList<PrereviewNote> prereview() const;

    // A copy for sealing; `applicant` and `agent` are the payload's Person objects.
    ApplicationSnapshot snapshot(const QJsonObject &applicant, const QJsonValue &agent) const;

    void wipe();

private:
    ServiceItem item_;
    QMap<QString, QString> values_;
    QStringList fromCard_;
    QList<MaterialState> materials_;
    QList<MaterialPage> authorisation_;
    std::optional<CommitmentSignature> commitment_;
    DeliveryChoice delivery_;
};

// Overwrites the memory of a byte array / string before it is released.
void wipeBytes(QByteArray &bytes);
void wipeText(QString &text);

} // namespace kiosk::app
