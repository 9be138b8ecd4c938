// What one citizen has chosen so far in this visit (the item, later identity and the draft). It lives in the
// session's visit scope, so the wipe destroys it with everything else.
#pragma once

#include <QObject>
#include <QString>

#include <QJsonValue>

#include <optional>

#include "app/application/draft.h"
#include "app/identity/identity.h"
#include "app/identity/identity_holder.h"
#include "app/materials/field_extractor.h"
#include "app/receipts/receipt.h"

namespace kiosk::app {

class KioskSession;

class VisitState : public QObject, public IdentityHolder
{
    Q_OBJECT
public:
    // The current visit's state, made on first use. Null when no visit is running.
    static VisitState *of(KioskSession *session);

    ~VisitState() override;

    QString selectedItem() const { return selectedItem_; }
    void selectItem(const QString &code);

    const Identity &applicant() const override { return applicant_; }
    void setApplicant(Identity id) override;
    bool identified() const { return !applicant_.isEmpty(); }

    // 委托办理: the person at the kiosk (applicant()) acts for a principal whose card is read second.
    bool agentMode() const { return agentMode_; }
    void setAgentMode(bool on);
    const Identity &principal() const { return principal_; }
    void setPrincipal(Identity id) override;
    // Whom the application is for: the principal when an agent applies, else the card holder.
    const Identity &subject() const { return agentMode_ ? principal_ : applicant_; }

    // The 粤省事 identity token of this visit (from the QR check); empty when the card was used.
    QString identityToken() const { return identityToken_; }
    void setIdentityToken(const QString &token) override { identityToken_ = token; }

    Draft &draft() { return draft_; }
    const Draft &draft() const { return draft_; }
    // The draft's pre-review against the identified people (the principal's card when an agent applies), with the
    // staff identity check when the face step did not verify the citizen.
    PrereviewResult review(const QDate &today = {}) const
    {
        return draft_.review(applicant_, agentMode_, principal_, today, staffIdentityCheck_);
    }

    // The face step (items with face_required): the consent record for the payload (null when the step did not
    // happen), whether the face matched the card, and whether staff must check identity instead.
    QJsonValue consent() const { return consent_; }
    void setConsent(const QJsonValue &record) { consent_ = record; }
    bool faceVerified() const { return faceVerified_; }
    void setFaceVerified(bool on) { faceVerified_ = on; }
    bool staffIdentityCheck() const { return staffIdentityCheck_; }

    // Values read from the materials' pages (OCR): suggestions the form shows for the citizen to confirm.
    const QList<ExtractedField> &readFields() const { return readFields_; }
    void addReadFields(const QList<ExtractedField> &fields) { readFields_.append(fields); }
    void setStaffIdentityCheck(bool on) { staffIdentityCheck_ = on; }
    // The face step did not verify the citizen (declined, no camera, no match): staff check identity in person, and
    // the consent record, when there is one (`consentRecord` not null), travels with the application.
    void checkIdentityByStaff(const QJsonValue &consentRecord);

    // What the 好差评 of this visit is about: the submission made, or the case looked up.
    struct RatingTarget {
        QString caseNo;
        QString localNo;
        QString itemCode;
        QString queryCode; // the case's 查询码, which the evaluation carries
        bool isEmpty() const { return caseNo.isEmpty() && localNo.isEmpty(); }
    };
    RatingTarget ratingTarget() const;
    void setRatingTarget(const RatingTarget &t) { ratingTarget_ = t; }

    // The receipt of what was submitted in this visit (for reprinting); nothing personal in clear.
    const std::optional<ReceiptData> &receipt() const { return receipt_; }
    void setReceipt(ReceiptData data) { receipt_ = std::move(data); }
    // The application was sealed and queued: its receipt is kept for reprinting and the draft's plaintext wiped.
    void recordSubmission(ReceiptData receipt);

signals:
    void selectedItemChanged(const QString &code);
    void applicantChanged();
    void principalChanged();

private:
    explicit VisitState(QObject *scope);
    QString selectedItem_;
    Identity applicant_;
    Identity principal_;
    bool agentMode_ = false;
    QString identityToken_;
    Draft draft_;
    std::optional<ReceiptData> receipt_;
    RatingTarget ratingTarget_;
    QJsonValue consent_ = QJsonValue::Null;
    bool faceVerified_ = false;
    bool staffIdentityCheck_ = false;
    QList<ExtractedField> readFields_;
};

} // namespace kiosk::app
